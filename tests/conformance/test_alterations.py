"""Proof that the conformance checks find deviations: live-mode runs against altered mocks.

Each test starts a Stack of its own, alters it (a template, its configuration, a WSGI middleware
around the cabinet: never a switch in the product), runs `pytest tests/e2e/test_conformance.py
--target live` against it in a subprocess and reads the verdicts from its conformance.json: the
alteration must be reported by the check that is about it. The unaltered mocks pass every check,
and no artifact of that run (the reports, the JUnit XML, the logs, the Playwright traces) holds
the subscriber's password.
"""

import zipfile
from urllib.parse import quote, quote_plus

import pytest

from .alterations import (
    LogoutInTheBrowserOnly,
    RewriteGatewayRedirect,
    altered_stack,
    fresh_password,
    override_template,
    priced,
    run_live,
    without_sign,
    wrap_cabinet,
)

pytestmark = pytest.mark.slow

WALK = "way_from_the_cabinet"  # -k: the walk from the cabinet to the gateway's page
LOGIN_PAGE = "login_page"
LOGOUT = "logging_out"


def assert_only_fails(run, expected: set[str]) -> None:
    """The run failed, and by exactly these checks."""
    assert run.returncode == 1, run.describe()
    assert run.with_verdict("FAIL") == expected, run.describe()


# The unaltered mocks, with every artifact a run can leave -----------------------------------------


@pytest.fixture(scope="module")
def unaltered(tmp_path_factory):
    folder = tmp_path_factory.mktemp("unaltered")
    password = fresh_password()
    with altered_stack(folder / "stack") as stack:
        run = run_live(
            stack,
            folder / "run",
            password=password,
            extra_args=(
                "--tracing=on",
                "--screenshot=on",
                f"--output={folder / 'run' / 'artifacts'}",
                f"--junitxml={folder / 'run' / 'junit.xml'}",
                "-o",
                "junit_logging=all",
                f"--html={folder / 'run' / 'report.html'}",
                "--self-contained-html",
                "--log-level=DEBUG",
                "-o",
                "log_cli=true",
                "--log-cli-level=DEBUG",
                "-rA",
                "-v",
            ),
        )
    return run, password


# Both tests read one run: under --dist loadgroup (make test) they share a worker, so it runs once.
@pytest.mark.xdist_group("conformance-unaltered")
def test_the_unaltered_mocks_pass_every_check(unaltered):
    run, _ = unaltered
    assert run.returncode == 0, run.describe()
    assert run.report["summary"]["FAIL"] == 0 and run.report["summary"]["WARN"] == 0, run.describe()
    assert len(run.verdicts) >= 60, "the login page, the walk to the gateway and the logout were all judged"
    assert "payment.returned" not in run.verdicts, "a live run never pays without --allow-payment"


@pytest.mark.xdist_group("conformance-unaltered")
def test_no_artifact_of_a_live_run_holds_the_password(unaltered):
    run, password = unaltered
    needles = {spelling.encode() for spelling in (password, quote(password, safe=""), quote_plus(password))}
    artifacts = [path for path in run.folder.rglob("*") if path.is_file()]
    kinds = {path.suffix for path in artifacts}
    assert {".html", ".json", ".xml", ".txt", ".zip"} <= kinds, sorted(kinds)
    assert any(path.name == "trace.zip" for path in artifacts), "the run must have left Playwright traces"
    searched = 0
    for path in artifacts:
        blobs = [path.read_bytes()]
        if path.suffix == ".zip":
            with zipfile.ZipFile(path) as archive:
                blobs += [archive.read(member) for member in archive.namelist()]
        for blob in blobs:
            searched += 1
            for needle in needles:
                assert needle not in blob, f"the password (spelled {needle!r}) is in {path}"
    assert searched > len(artifacts), "the traces' members were searched too"
    # The run did type the password (and the report's screenshots were taken with it typed).
    assert run.verdicts["cabinet.login"] == "PASS"


@pytest.mark.xdist_group("conformance-unaltered")
def test_the_login_is_kept_out_of_the_reports_logs_and_output(unaltered):
    """The login too stays out of what the run writes about itself (Playwright's traces and own
    screenshots record the pages as they are, and the cabinet's pages show the login)."""
    run, _ = unaltered
    login = run.login.encode()
    written = ["conformance.html", "conformance.json", "junit.xml", "report.html", "output.txt"]
    for name in written:
        assert login not in (run.folder / name).read_bytes(), f"the login is in {name}"
    assert "***" in run.actual("cabinet.login"), "the report says who logged in without naming them"


# One alteration each: the right check names it ----------------------------------------------------


def test_a_renamed_button_is_named(tmp_path):
    with altered_stack(tmp_path / "stack") as stack:
        override_template(stack.cabinet_app, "payments_chronopay.html", "Новый платеж", "Создать платеж")
        run = run_live(stack, tmp_path / "run", select=WALK)
    assert_only_fails(run, {"chronopay.button[Новый платеж]"})
    assert run.verdicts["gateway.amount"] == "PASS", "the walk went on (Enter in «Сумма») and checked the rest"


def test_a_missing_tab_is_named(tmp_path):
    with altered_stack(tmp_path / "stack") as stack:
        override_template(
            stack.cabinet_app,
            "_payments.html",
            "{% for label, endpoint in tabs %}",
            "{% for label, endpoint in tabs if label != 'Платежный документ' %}",
        )
        run = run_live(stack, tmp_path / "run", select=WALK)
    assert_only_fails(run, {"payments.tab[Платежный документ]"})


def test_an_extra_menu_item_is_a_warning_not_a_failure(tmp_path):
    with altered_stack(tmp_path / "stack") as stack:
        override_template(
            stack.cabinet_app,
            "_cabinet.html",
            "      <li>\n        <form",
            '      <li><a href="/cabinet/">Бонусы</a></li>\n      <li>\n        <form',
        )
        run = run_live(stack, tmp_path / "run", select=WALK)
    assert run.returncode == 0, run.describe()
    assert run.with_verdict("WARN") == {"cabinet.menu.extras"}, run.describe()
    assert "«Бонусы»" in run.actual("cabinet.menu.extras")
    assert run.verdicts["cabinet.menu.order"] == "PASS"


def test_a_menu_item_moved_out_of_the_menu_is_named(tmp_path):
    """«Сообщения» still on the page, but in the top bar instead of the menu."""
    with altered_stack(tmp_path / "stack") as stack:
        app = stack.cabinet_app
        override_template(
            app,
            "_cabinet.html",
            "{% for label, endpoint in menu %}",
            "{% for label, endpoint in menu if label != 'Сообщения' %}",
        )
        override_template(
            app,
            "_cabinet.html",
            '<span class="whoami">',
            '<a href="{{ url_for(\'cabinet.messages\') }}">Сообщения</a> <span class="whoami">',
        )
        run = run_live(stack, tmp_path / "run", select=WALK)
    assert_only_fails(run, {"cabinet.menu[Сообщения]"})
    assert run.actual("cabinet.menu[Сообщения]") == "present, but not with the others"


def test_a_menu_on_the_left_is_named(tmp_path):
    with altered_stack(tmp_path / "stack") as stack:
        override_template(
            stack.cabinet_app, "_cabinet.html", '<nav class="menu"', '<nav style="order: -1" class="menu"'
        )
        run = run_live(stack, tmp_path / "run", select=WALK)
    assert_only_fails(run, {"cabinet.menu.right"})


def test_a_different_amount_on_the_gateway_is_named(tmp_path):
    """The instruction's own pictures: 1000 confirmed in the cabinet, 5.00 asked by the gateway."""
    with altered_stack(tmp_path / "stack") as stack:
        wrap_cabinet(
            stack, lambda app: RewriteGatewayRedirect(app, stack.gateway_url, priced("5.00", stack.shared_secret))
        )
        run = run_live(stack, tmp_path / "run", select=WALK)
    assert_only_fails(run, {"redirect.price", "gateway.amount"})
    assert "Сумма: 5.00 РУБ" in run.actual("gateway.amount")


# The kinds of merchant of PROTOCOL.md 3a: the cabinet configured as each, as a real portal would be.
MERCHANT_KINDS = {
    "3-part-POST": ({"CHRONOPAY_SIGN": "3-part", "CHRONOPAY_METHOD": "POST"}, {"redirect.sign"}),
    "php-float-GET": ({"CHRONOPAY_PRICE_FORMAT": "php-float"}, set()),
    "5-part-POST": ({"CHRONOPAY_ORDER_TIMELIMIT": 30, "CHRONOPAY_METHOD": "POST"}, set()),
}


@pytest.mark.parametrize("kind", MERCHANT_KINDS)
def test_each_kind_of_merchant_conforms_with_the_warnings_its_variant_earns(tmp_path, kind):
    """A correct portal on any of the real integrations conforms: a 3-part sign is a WARN, never a FAIL."""
    settings, warned = MERCHANT_KINDS[kind]
    with altered_stack(tmp_path / "stack", cabinet_settings=settings) as stack:
        run = run_live(stack, tmp_path / "run", select=WALK)
    assert run.returncode == 0, run.describe()
    assert run.with_verdict("WARN") == warned, run.describe()
    formula = {"3-part-POST": "3-part", "php-float-GET": "4-part", "5-part-POST": "5-part"}[kind]
    assert run.actual("redirect.sign").startswith(formula + " md5(product_id-product_price"), run.describe()
    if warned:
        assert run.actual("redirect.sign").endswith("order id not covered by the sign")
    assert run.actual("redirect.https").endswith("(POST)" if "POST" in kind else "(GET)")


def test_an_integer_price_portal_passes_with_its_price_form_named(tmp_path):
    with altered_stack(tmp_path / "stack", cabinet_settings={"CHRONOPAY_PRICE_FORMAT": "php-float"}) as stack:
        run = run_live(stack, tmp_path / "run", select=WALK)
    assert run.returncode == 0, run.describe()
    assert run.actual("redirect.price") == "product_price=1000 (integer), confirmed 1000.00"
    assert run.verdicts["gateway.amount"] == "PASS"


def test_an_integer_price_that_is_not_the_confirmed_amount_is_named(tmp_path):
    with altered_stack(tmp_path / "stack", cabinet_settings={"CHRONOPAY_PRICE_FORMAT": "php-float"}) as stack:
        five = priced("5", stack.shared_secret)
        wrap_cabinet(stack, lambda app: RewriteGatewayRedirect(app, stack.gateway_url, five))
        run = run_live(stack, tmp_path / "run", select=WALK)
    assert_only_fails(run, {"redirect.price", "gateway.amount"})
    assert run.actual("redirect.price") == "product_price=5 (integer), confirmed 1000.00"


def test_a_redirect_over_plain_http_is_named(tmp_path):
    with altered_stack(tmp_path / "stack", tls=False) as stack:
        assert stack.gateway_url.startswith("http://")
        run = run_live(stack, tmp_path / "run", select=WALK)
    assert_only_fails(run, {"redirect.https", "redirect.certificate"})


def test_a_gateway_certificate_nobody_trusts_is_named(tmp_path):
    """The mocks' own certificate, without --ca-file: a live run ignores no certificate error."""
    with altered_stack(tmp_path / "stack") as stack:
        run = run_live(stack, tmp_path / "run", select=WALK, trust_ca=False)
    assert run.returncode == 1, run.describe()
    assert run.verdicts["redirect.certificate"] == "FAIL", run.describe()
    assert "ERR_CERT" in run.actual("redirect.certificate")
    assert run.verdicts["redirect.https"] == "PASS"


def test_a_missing_sign_is_named(tmp_path):
    with altered_stack(tmp_path / "stack") as stack:
        wrap_cabinet(stack, lambda app: RewriteGatewayRedirect(app, stack.gateway_url, without_sign))
        run = run_live(stack, tmp_path / "run", select=WALK)
    assert run.returncode == 1, run.describe()
    assert run.verdicts["redirect.sign"] == "FAIL", run.describe()
    assert run.actual("redirect.sign") == "no sign in the request"
    assert run.verdicts["redirect.fields"] == "PASS", "only the sign is missing"


def test_a_session_cookie_without_httponly_is_named(tmp_path):
    with altered_stack(tmp_path / "stack") as stack:
        stack.cabinet_app.config["SESSION_COOKIE_HTTPONLY"] = False
        run = run_live(stack, tmp_path / "run", select=WALK)
    assert_only_fails(run, {"cabinet.cookie.httponly"})


def test_a_session_cookie_without_samesite_is_named(tmp_path):
    """Chromium reports such a cookie as SameSite=Lax: the check reads what the cabinet sent."""
    with altered_stack(tmp_path / "stack") as stack:
        stack.cabinet_app.config["SESSION_COOKIE_SAMESITE"] = None
        run = run_live(stack, tmp_path / "run", select=WALK)
    assert_only_fails(run, {"cabinet.cookie.samesite"})
    assert "no SameSite attribute" in run.actual("cabinet.cookie.samesite")


def test_a_payment_form_without_csrf_protection_is_named(tmp_path):
    with altered_stack(tmp_path / "stack", cabinet_overrides={"WTF_CSRF_ENABLED": False}) as stack:
        run = run_live(stack, tmp_path / "run", select=WALK)
    assert_only_fails(run, {"chronopay.csrf"})
    assert "HTTP 303" in run.actual("chronopay.csrf")


def test_a_logout_that_leaves_the_session_alive_is_named(tmp_path):
    with altered_stack(tmp_path / "stack") as stack:
        wrap_cabinet(stack, lambda app: LogoutInTheBrowserOnly(app, stack.cabinet_app.config["SESSION_COOKIE_NAME"]))
        run = run_live(stack, tmp_path / "run", select=LOGOUT)
    assert_only_fails(run, {"logout.ends-session"})
    assert "the cabinet is served" in run.actual("logout.ends-session")


def test_a_renamed_login_button_is_named(tmp_path):
    with altered_stack(tmp_path / "stack") as stack:
        override_template(stack.cabinet_app, "login.html", "Войти в личный кабинет</button>", "Войти</button>")
        run = run_live(stack, tmp_path / "run", select=LOGIN_PAGE)
    assert_only_fails(run, {"login.button[Войти в личный кабинет]"})
