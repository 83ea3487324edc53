"""Does the portal match the documented instruction? Every page of the flow, as named checks.

The same tests judge the embedded mocks (the default; they must pass every check) and a live
portal (`--target live --cabinet-url …`, README "Checking a real portal"): each runs one part of
portal.conformance.parts, the very parts `python -m portal check` runs. Each check is a row of
reports/conformance.html and .json; any FAIL fails its test and the run. A live run never presses
«Оплатить» unless --allow-payment and --test-card say so.
"""

import pytest

from portal.conformance import parts

pytestmark = [pytest.mark.live_safe, pytest.mark.xdist_group("conformance")]


def verdict(checks) -> None:
    checks.finish()
    if checks.failures():
        pytest.fail(checks.summary_of_failures(), pytrace=False)


def test_the_login_page_matches_the_instruction(browsing, target, checks, traffic):
    parts.judge_login_page(browsing, target, checks, traffic)
    verdict(checks)


def test_the_way_from_the_cabinet_to_the_gateway_matches_the_instruction(browsing, target, checks, traffic):
    parts.judge_way_to_gateway(browsing, target, checks, traffic)
    verdict(checks)


def test_logging_out_ends_the_session(browsing, target, checks, traffic):
    parts.judge_logout(browsing, target, checks, traffic)
    verdict(checks)


def test_a_test_card_payment_is_credited(browsing, target, checks, traffic):
    if not target.allow_payment:
        pytest.skip("a live run presses «Оплатить» only with --allow-payment and --test-card")
    parts.judge_payment(browsing, target, checks, traffic)
    verdict(checks)
