"""`make docs` end to end: every edition written, a second run unchanged, a label change caught.

One build of the desktop edition into a temporary docs folder, then a second identical one, then
one with a heading of the cabinet's ChronoPay tab renamed by the test: the change report must name
exactly the step that shows that heading.
"""

import io
import shutil
from pathlib import Path

import pytest
from jinja2 import ChoiceLoader, DictLoader
from PIL import Image

from docsgen.build import Paths, build
from docsgen.capture import EDITIONS, step_ids
from portal.masking import MASK_COLOR

pytestmark = pytest.mark.slow
DESKTOP = tuple(edition for edition in EDITIONS if edition.name == "desktop")


@pytest.fixture(scope="module")
def docs_runs(tmp_path_factory):
    """Three builds: first, identical second, third with an altered template; their reviews and files."""
    root = tmp_path_factory.mktemp("docs-build")
    paths = Paths(docs=root / "docs", reports=root / "reports")
    shutil.copytree(Path("docs/source"), paths.sources)
    quiet = lambda _line: None  # noqa: E731 - a progress sink
    first = build(paths, quiet, editions=DESKTOP)
    files_after_first = {p.relative_to(paths.docs): p.read_bytes() for p in paths.docs.rglob("*") if p.is_file()}
    second = build(paths, quiet, editions=DESKTOP)
    files_after_second = {p.relative_to(paths.docs): p.read_bytes() for p in paths.docs.rglob("*") if p.is_file()}
    third = build(paths, quiet, editions=DESKTOP, prepare_stack=rename_chronopay_heading)
    return paths, first, second, third, files_after_first, files_after_second


def rename_chronopay_heading(stack):
    """A test-only alteration: the cabinet's ChronoPay tab shows another heading."""
    app = stack.cabinet_app
    original = app.jinja_env.loader.get_source(app.jinja_env, "payments_chronopay.html")[0]
    altered = original.replace("Оплата банковской картой через ChronoPay", "Оплата картой VISA или MasterCard")
    assert altered != original
    app.jinja_env.loader = ChoiceLoader([DictLoader({"payments_chronopay.html": altered}), app.jinja_env.loader])
    app.jinja_env.cache.clear()


def test_the_first_run_writes_every_edition_and_an_image_per_step(docs_runs):
    paths, first, *_ = docs_runs
    assert (
        first.summary(step_ids())
        == f"{len(step_ids())} steps: 0 unchanged, {len(step_ids())} added (" + ", ".join(step_ids()) + ")"
    )
    for language in ("ru", "en"):
        for suffix in ("md", "html", "pdf"):
            assert paths.output(language, "desktop", suffix).stat().st_size > 1000
        for step_id in step_ids():
            assert (paths.images / language / "desktop" / f"{step_id}.png").exists()
    markdown = paths.output("ru", "desktop", "md").read_text(encoding="utf-8")
    assert "![Шаг 5: " in markdown and "(images/ru/desktop/05-confirm.png)" in markdown
    html = paths.output("en", "desktop", "html").read_text(encoding="utf-8")
    assert 'src="data:image/png;base64,' in html and "images/" not in html
    assert paths.output("ru", "desktop", "pdf").read_bytes().startswith(b"%PDF")


def test_a_second_run_reports_every_step_unchanged_and_rewrites_nothing(docs_runs):
    _paths, _first, second, _third, files_after_first, files_after_second = docs_runs
    assert second.summary(step_ids()) == f"{len(step_ids())} steps: {len(step_ids())} unchanged"
    assert files_after_second == files_after_first


def test_a_changed_label_in_a_mock_template_shows_up_as_exactly_the_affected_step(docs_runs):
    paths, *_rest = docs_runs
    third = docs_runs[3]
    assert third.steps_with("changed") == ["04-amount"]
    assert third.summary(step_ids()).endswith("1 changed (04-amount)")
    report = (paths.reports / "docs-changes.html").read_text(encoding="utf-8")
    assert "ru/desktop/04-amount.png — changed" in report and "changed pixels" in report


def solid_regions(png: bytes, colour: str, min_width: int, min_height: int) -> int:
    """How many rows of the picture hold a run of `colour` at least `min_width` wide, per block."""
    image = Image.open(io.BytesIO(png)).convert("RGB")
    target = tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))
    width, height = image.size
    pixels = image.load()
    rows = []
    for y in range(height):
        run = best = 0
        for x in range(width):
            run = run + 1 if pixels[x, y] == target else 0
            best = max(best, run)
        rows.append(best >= min_width)
    blocks, streak = 0, 0
    for row in [*rows, False]:
        if row:
            streak += 1
        else:
            blocks += streak >= min_height
            streak = 0
    return blocks


def test_the_password_card_number_and_cvv_are_painted_over(docs_runs):
    paths, *_ = docs_runs
    login = (paths.images / "ru" / "desktop" / "02-login.png").read_bytes()
    card = (paths.images / "ru" / "desktop" / "07-card.png").read_bytes()
    assert solid_regions(login, MASK_COLOR, 300, 25) == 1  # the password field
    # The card number and the CVV sit on separate rows of the form.
    assert solid_regions(card, MASK_COLOR, 100, 25) == 2
