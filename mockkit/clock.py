"""Time as the mocks see it: aware UTC, frozen for reproducible screenshots when asked."""

from collections.abc import Callable
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

Clock = Callable[[], datetime]
# The ISP is in Moscow: pages and e-mails show its local time.
LOCAL_ZONE = ZoneInfo("Europe/Moscow")


def make_clock(frozen_time: str | None) -> Clock:
    """The current aware UTC time; always the same instant when `frozen_time` (ISO 8601) is set."""
    if not frozen_time:
        return lambda: datetime.now(UTC)
    fixed = datetime.fromisoformat(frozen_time)
    if fixed.tzinfo is None:
        fixed = fixed.replace(tzinfo=UTC)
    fixed = fixed.astimezone(UTC)
    return lambda: fixed


def stamp(moment: datetime) -> str:
    """The form kept in databases: ISO 8601 UTC, seconds precision, sortable as text."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_stamp(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)


def local_text(text_or_moment: str | datetime, with_seconds: bool = False) -> str:
    """«25.11.2026 20:35» in Moscow time, as Russian pages write dates."""
    moment = parse_stamp(text_or_moment) if isinstance(text_or_moment, str) else text_or_moment
    return moment.astimezone(LOCAL_ZONE).strftime("%d.%m.%Y %H:%M:%S" if with_seconds else "%d.%m.%Y %H:%M")
