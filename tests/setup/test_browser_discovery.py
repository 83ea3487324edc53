"""Which Chromium the project drives: Playwright's own first, else the system's, its headless shell when headless."""

import pytest

from demstack import browser

SYSTEM = {"chromium": "/usr/bin/chromium", "chromium-headless-shell": "/usr/bin/chromium-headless-shell"}


@pytest.fixture
def system_has(monkeypatch):
    """Pretend the system has exactly the named binaries on its PATH (and no CHROMIUM_PATH)."""
    monkeypatch.delenv("CHROMIUM_PATH", raising=False)

    def install(*names: str) -> None:
        monkeypatch.setattr(browser.shutil, "which", lambda name: SYSTEM.get(name) if name in names else None)

    return install


def test_a_headless_run_takes_the_headless_shell_when_the_system_has_it(system_has):
    system_has("chromium", "chromium-headless-shell")
    choice = browser.find_chromium(bundled_path="")
    assert (choice.source, choice.executable_path) == ("system", "/usr/bin/chromium-headless-shell")
    assert "--no-sandbox" in choice.args


def test_a_headed_run_takes_the_full_browser(system_has):
    system_has("chromium", "chromium-headless-shell")
    assert browser.find_chromium(bundled_path="", headless=False).executable_path == "/usr/bin/chromium"


def test_without_the_headless_shell_the_full_browser_serves_headless_runs_too(system_has):
    system_has("chromium")
    assert browser.find_chromium(bundled_path="").executable_path == "/usr/bin/chromium"


def test_playwrights_own_browser_wins_over_the_systems(system_has, tmp_path):
    system_has("chromium", "chromium-headless-shell")
    bundled = tmp_path / "chrome"
    bundled.write_text("")
    choice = browser.find_chromium(bundled_path=str(bundled))
    assert (choice.source, choice.executable_path) == ("playwright", None)


def test_chromium_path_wins_over_everything(system_has, monkeypatch, tmp_path):
    system_has("chromium", "chromium-headless-shell")
    monkeypatch.setenv("CHROMIUM_PATH", "/opt/chrome/chrome")
    choice = browser.find_chromium(bundled_path=str(tmp_path))
    assert (choice.source, choice.executable_path) == ("CHROMIUM_PATH", "/opt/chrome/chrome")


def test_no_chromium_at_all_is_none(system_has):
    system_has()
    assert browser.find_chromium(bundled_path="") is None
