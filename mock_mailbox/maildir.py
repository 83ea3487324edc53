"""The folder both sides share: a standard Maildir, plus the trace headers our delivery adds."""

import mailbox
from pathlib import Path

# Written on delivery on top of the message, as MTAs do: the envelope is the only place a BCC
# recipient appears. A sender may put its own copy in the message; the topmost one is ours.
ENVELOPE_TO = "X-Envelope-To"
RETURN_PATH = "Return-Path"


def open_maildir(path: Path) -> mailbox.Maildir:
    """The Maildir at `path`, its cur/new/tmp made if missing.

    mailbox.Maildir(create=True) makes them only when the folder itself is new, so an empty folder
    made beforehand (by a person, or by a test's tmp_path) would fail at the first read.
    """
    for sub in ("tmp", "new", "cur"):
        (Path(path) / sub).mkdir(mode=0o700, parents=True, exist_ok=True)
    return mailbox.Maildir(path, create=False)
