"""`python -m portal check`: the same conformance walk for developers who do not use pytest.

It is aimed at the mocks as at a live portal: the unaltered mocks conform (exit 0, every check
PASS, the payment judged with the test card); an altered one does not (exit 1, the right check
FAILs); a run that cannot start says why (exit 2) and writes no report.
"""

import pytest

from .alterations import altered_stack, override_template, run_check

pytestmark = pytest.mark.slow

TEST_CARD = "4111 1111 1111 1111"  # PROTOCOL.md section 4: approved


def test_the_unaltered_mocks_conform_with_a_test_card_payment(tmp_path):
    with altered_stack(tmp_path / "stack") as stack:
        run = run_check(stack, tmp_path / "run", extra_args=("--allow-payment", f"--test-card={TEST_CARD}"))
    assert run.returncode == 0, run.describe()
    assert run.report["summary"]["FAIL"] == 0 and run.report["summary"]["WARN"] == 0, run.describe()
    for check_id in ("login.address", "redirect.sign", "gateway.button[Оплатить]", "logout.ends-session"):
        assert run.verdicts[check_id] == "PASS", run.describe()
    assert run.verdicts["payment.credited"] == "PASS", run.describe()
    assert "**71 checks: 71 PASS, 0 WARN, 0 FAIL**" in run.output
    assert (run.folder / "conformance.html").exists()


def test_a_3_part_post_merchant_conforms_with_one_warning_and_credits_the_test_card_payment(tmp_path):
    """1C-Bitrix or Leyka without order uniqueness: the order only in cs3, the callback booked by it."""
    merchant = {"CHRONOPAY_SIGN": "3-part", "CHRONOPAY_METHOD": "POST", "CHRONOPAY_PRICE_FORMAT": "php-float"}
    with altered_stack(tmp_path / "stack", cabinet_settings=merchant) as stack:
        run = run_check(stack, tmp_path / "run", extra_args=("--allow-payment", f"--test-card={TEST_CARD}"))
    assert run.returncode == 0, run.describe()
    assert run.with_verdict("WARN") == {"redirect.sign"}, run.describe()
    assert run.verdicts["payment.credited"] == "PASS", run.describe()
    assert "**71 checks: 70 PASS, 1 WARN, 0 FAIL**" in run.output


def test_a_renamed_pay_button_fails_the_check_and_its_exit_status(tmp_path):
    with altered_stack(tmp_path / "stack") as stack:
        override_template(stack.cabinet_app, "payments_confirm.html", "Заплатить", "Оплатить заказ")
        run = run_check(stack, tmp_path / "run")
    assert run.returncode == 1, run.describe()
    assert run.verdicts["confirm.button[Заплатить]"] == "FAIL", run.describe()
    assert "payment.returned" not in run.verdicts, "without --allow-payment nothing is paid"
    assert "skipped: a test card payment" in run.output


def test_without_credentials_it_says_what_is_missing_and_writes_nothing(tmp_path):
    with altered_stack(tmp_path / "stack") as stack:
        run = run_check(stack, tmp_path / "run", login=" ", password=" ")
    assert run.returncode == 2, run.describe()
    assert "E2E_LOGIN and E2E_PASSWORD" in run.output
    assert not (run.folder / "conformance.json").exists()
