"""`make docs`: the mocks with a frozen clock, the flow walked in every edition, the instruction written.

Nothing is written until every step of every edition has been captured and verified and every
template has been checked, so a failed build leaves docs/ as it was.
"""

import tempfile
import time
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import sync_playwright

from demstack.browser import find_chromium, trust_args
from demstack.stack import Stack, StackOptions
from mock_cabinet.demo import demo_subscribers
from mock_chronopay.tls import ensure_certificate
from portal.flow import Payer, Urls

from . import render, review, template
from .annotate import annotate
from .capture import EDITIONS, Edition, Shot, capture, step_ids

LANGUAGES = ("ru", "en")
# The moment every docs run lives in: dates on pages and in the receipt never change.
FROZEN_TIME = "2026-11-25T12:00:00+03:00"
PDF_STAMP = "20261125120000+03'00'"


@dataclass(frozen=True)
class Paths:
    docs: Path
    reports: Path

    @property
    def sources(self) -> Path:
        return self.docs / "source"

    @property
    def images(self) -> Path:
        return self.docs / "images"

    def source(self, language: str) -> Path:
        return self.sources / f"instruction.{language}.md"

    def output(self, language: str, edition: str, suffix: str) -> Path:
        middle = "" if edition == "desktop" else f".{edition}"
        return self.docs / f"instruction.{language}{middle}.{suffix}"


class DocsError(Exception):
    """The build cannot finish; the message says why (a template problem, a missing label…)."""


def docs_payer() -> Payer:
    dem001 = demo_subscribers(count=1)[0]
    return Payer(
        login=dem001.login,
        password=dem001.password,
        account_id=1001,  # dem001's account in a freshly seeded cabinet
        email="dem001@example.com",
        amount="1000",
        card_number="4111 1111 1111 1111",
        card_expiry="12/30",
        card_holder="IVAN PETROV",
        card_cvv="123",
    )


def check_quotes(templates: dict[str, template.Template], shots: dict[str, list[Shot]]) -> None:
    """Every «label» a step's text quotes must be on that step's page, character for character."""
    problems = []
    for source in templates.values():
        for section in source.sections:
            for edition, edition_shots in shots.items():
                page_text = next(s.page_text for s in edition_shots if s.step_id == section.step_id)
                for label in section.quoted_labels():
                    if label not in page_text:
                        problems.append(
                            f"{source.path}, step {section.step_id}: «{label}» is not on the page ({edition} edition)"
                        )
    if problems:
        raise DocsError("the instruction quotes labels the pages do not show:\n  " + "\n  ".join(problems))


def build(paths: Paths, progress=print, editions: tuple[Edition, ...] = EDITIONS, prepare_stack=None) -> review.Review:
    """Build every edition into `paths.docs`; `prepare_stack(stack)`, if given, runs on each fresh stack
    before its walk (the tests use it to alter a mock and see the change report name the steps)."""
    started = time.perf_counter()
    ids = step_ids()
    templates = {language: template.load(paths.source(language), language, ids) for language in LANGUAGES}
    progress(f"Templates: {', '.join(str(t.path) for t in templates.values())} ({len(ids)} steps each)")
    choice = find_chromium()
    if choice is None:
        raise DocsError("no Chromium found: run `make setup`")
    with ExitStack() as cleanup:
        work = Path(cleanup.enter_context(tempfile.TemporaryDirectory(prefix="dem-docs-")))
        certificate = ensure_certificate(work / "gateway-tls")
        playwright = cleanup.enter_context(sync_playwright())
        args = [
            *choice.args,
            *trust_args([certificate.spki_sha256]),
            "--font-render-hinting=none",
            "--hide-scrollbars",
        ]
        browser = playwright.chromium.launch(executable_path=choice.executable_path, args=args)
        cleanup.callback(browser.close)
        # Each edition pays on its own fresh mocks, so every edition tells the same story to the
        # kopeck. They start together, while the browser starts.
        stacks = _start_stacks(work, certificate, cleanup, editions)
        shots: dict[str, list[Shot]] = {}
        for edition in editions:
            stack = stacks[edition.name].result()
            if prepare_stack is not None:
                prepare_stack(stack)
            urls = Urls(
                site=stack.site_url, login=stack.login_url, gateway=stack.gateway_url, mailbox=stack.mailbox_url
            )
            progress(
                f"Walking the flow: {edition.name} edition ({edition.width}×{edition.height}), "
                f"clock frozen at {FROZEN_TIME}"
            )
            shots[edition.name] = capture(browser, edition, urls, docs_payer(), {}, progress)
        check_quotes(templates, shots)
        drawn, illustrations = _illustrate_all(templates, shots, editions)
        current = review.existing_images(paths.images)
        changes = review.Review()
        for name in sorted(set(current) | set(drawn)):
            changes.changes.append(review.compare(name, Path(name).stem, current.get(name), drawn.get(name)))
        # A picture that differs from the one in docs/ only by anti-aliasing noise keeps the old
        # bytes, so an unchanged step never shows up as a changed file.
        unchanged = {c.name for c in changes.changes if c.status == "unchanged"}
        images = {name: current[name] if name in unchanged else png for name, png in drawn.items()}
        outputs = _render_documents(browser, paths, templates, illustrations, images, editions)
    _write(paths, outputs, images, current)
    summary = changes.summary(ids)
    report_path = paths.reports / "docs-changes.html"
    report_path.parent.mkdir(parents=True, exist_ok=True)
    report_path.write_text(review.report_html(changes, summary), encoding="utf-8")
    progress(f"Written: {len(outputs)} documents, {len(images)} images in {paths.docs}/; changes: {report_path}")
    progress(summary)
    progress(f"Total time: {time.perf_counter() - started:.1f} s")
    return changes


def _start_stacks(work: Path, certificate, cleanup: ExitStack, editions) -> dict[str, Future]:
    pool = cleanup.enter_context(ThreadPoolExecutor(max_workers=len(editions)))
    started = {}
    for edition in editions:
        options = StackOptions(
            data_dir=work / edition.name,
            tls_dir=certificate.cert_file.parent,
            frozen_time=FROZEN_TIME,
            demo_count=1,
            retry_base_seconds=0.1,
        )
        stack = Stack(options)
        cleanup.callback(stack.stop)
        started[edition.name] = pool.submit(stack.start)
    return started


def _illustrate_all(templates, shots, editions):
    """The annotated images of every (language, edition), and the Markdown's picture entries."""
    images: dict[str, bytes] = {}
    illustrations: dict[tuple[str, str], list[render.Illustration]] = {}
    for language, source in templates.items():
        for edition in editions:
            edition_images, entries = _illustrate(language, edition, source, shots[edition.name])
            images.update(edition_images)
            illustrations[(language, edition.name)] = entries
    return images, illustrations


def _render_documents(browser, paths: Paths, templates, illustrations, images, editions) -> dict[Path, bytes]:
    """Markdown, self-contained HTML and PDF of every (language, edition), in memory."""
    outputs: dict[Path, bytes] = {}
    pdf_context = browser.new_context()
    try:
        for language, source in templates.items():
            for edition in editions:
                entries = illustrations[(language, edition.name)]
                text = render.markdown(source, entries, edition.name)
                inlined = {entry.path: images[entry.path.removeprefix("images/")] for entry in entries}
                page = render.html(text, inlined, language, render.title_of(source))
                outputs[paths.output(language, edition.name, "md")] = text.encode("utf-8")
                outputs[paths.output(language, edition.name, "html")] = page.encode("utf-8")
                outputs[paths.output(language, edition.name, "pdf")] = render.pdf(pdf_context, page, PDF_STAMP)
    finally:
        pdf_context.close()
    return outputs


def _illustrate(language: str, edition: Edition, source: template.Template, edition_shots: list[Shot]):
    by_step = {shot.step_id: shot for shot in edition_shots}
    images, illustrations = {}, []
    # PNG encoding releases the GIL: the images of an edition are drawn side by side.
    with ThreadPoolExecutor(max_workers=2) as pool:
        drawn = {}
        for section in source.sections:
            shot = by_step[section.step_id]
            name = f"{language}/{edition.name}/{shot.step_id}.png"
            drawn[name] = pool.submit(
                annotate, shot.png, shot.target, shot.number, callout=section.callout, crop=section.crop
            )
            illustrations.append(render.Illustration(shot.step_id, shot.number, shot.title, f"images/{name}"))
        images = {name: future.result() for name, future in drawn.items()}
    return images, illustrations


def _write(paths: Paths, outputs: dict[Path, bytes], images: dict[str, bytes], current: dict[str, bytes]) -> None:
    for name in set(current) - set(images):
        (paths.images / name).unlink()
    for name, data in images.items():
        _write_if_changed(paths.images / name, data)
    for path, data in outputs.items():
        _write_if_changed(path, data)


def _write_if_changed(path: Path, data: bytes) -> None:
    if path.exists() and path.read_bytes() == data:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
