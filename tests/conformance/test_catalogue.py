"""The catalogue of checks is the one list: unique ids, each judged by a page's module, the README's table."""

from pathlib import Path

import pytest

from portal.conformance import catalogue
from portal.conformance.checks import Checks
from portal.credentials import Redactor

ROOT = Path(__file__).resolve().parents[2]
JUDGES = ROOT / "portal" / "conformance"


def test_every_check_is_declared_once():
    ids = [spec.id for spec in catalogue.SPECS]
    assert len(ids) == len(set(ids))
    assert all(spec.page for spec in catalogue.SPECS)


def test_every_declared_check_is_judged_by_the_code_of_its_page():
    code = "\n".join(path.read_text(encoding="utf-8") for path in JUDGES.glob("*.py") if path.name != "catalogue.py")
    for family in {spec.family for spec in catalogue.SPECS}:
        name = family.removesuffix("[…]")
        # `"login.address"`; a family by its prefix, `f"gateway.field[{label}]"` or passed on as `"cabinet.menu"`
        spelled = (f'"{name}"', f'"{name}[') if family.endswith("[…]") else (f'"{name}"',)
        assert any(spelling in code for spelling in spelled), f"{family} is declared, but nothing judges it"


def test_a_check_that_is_not_declared_cannot_be_recorded():
    checks = Checks(test="t", redact=Redactor(), screenshots=False)
    with pytest.raises(KeyError, match="not in the catalogue"):
        checks.record("gateway.no-such-check", "PASS", "anything")


def test_a_warn_only_check_never_fails_a_portal():
    checks = Checks(test="t", redact=Redactor(), screenshots=False)
    checks.judge("cabinet.menu.extras", False, "also: «Акции»")
    assert checks.recorded("cabinet.menu.extras").verdict == "WARN"
    checks.judge("cabinet.menu.order", False, "Платежи → Общие")
    assert checks.recorded("cabinet.menu.order").verdict == "FAIL"


def test_the_readme_table_is_the_catalogue():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme.split("<!-- checks: begin -->\n", 1)[1].split("\n<!-- checks: end -->", 1)[0]
    assert table == catalogue.markdown_table(), "paste `python -m portal checks` into README.md"
