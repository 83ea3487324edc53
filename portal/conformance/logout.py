"""«Выйти», judged: the cookies held before it, replayed in a fresh browser, open no cabinet."""

from playwright.sync_api import Page, expect

from ..contract import Cabinet, Login
from .locate import LOAD_MS, control, labelled, shows
from .walk import Walk, WalkStopped


def check(walk: Walk, page: Page, new_context) -> None:
    leave = control(page, Cabinet.LOG_OUT)
    if not shows(leave, LOAD_MS):
        raise WalkStopped(f"no «{Cabinet.LOG_OUT}» in the cabinet")
    cabinet_address = page.url
    kept = page.context.cookies()
    leave.first.click()
    try:
        expect(control(page, Cabinet.LOG_OUT)).to_have_count(0, timeout=LOAD_MS)
    except AssertionError:
        raise WalkStopped(f"after «{Cabinet.LOG_OUT}» the cabinet is still on screen") from None
    replay = new_context()
    walk.traffic.watch(replay)
    replay.add_cookies(kept)
    again = replay.new_page()
    response = again.goto(cabinet_address, timeout=LOAD_MS)
    shows(labelled(again, Login.PASSWORD).or_(control(again, Cabinet.LOG_OUT)), LOAD_MS)
    walk.checks.on_page(again, f"После «{Cabinet.LOG_OUT}»: прежняя cookie")
    served = shows(control(again, Cabinet.LOG_OUT).or_(control(again, Cabinet.PAYMENTS)), 1)
    status = response.status if response else "no response"
    walk.checks.judge(
        "logout.ends-session",
        not served,
        f"{cabinet_address} with the cookies from before «{Cabinet.LOG_OUT}»: HTTP {status}, "
        + ("the cabinet is served" if served else f"no cabinet (now at {again.url})"),
    )
