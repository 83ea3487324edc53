"""`pip install .` into a fresh virtual environment, away from the checkout: the product starts.

The packages are the installed copies (no `tests/`, no editable link to the checkout), so an
import of the test suite or a path into the repository would show up here as a failure.
"""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
INSTALL_SECONDS = 600
# What a source distribution would not carry: pip builds in the tree it is given, so it gets a copy.
NOT_SOURCES = (".git", ".venv", "build", "reports", "var", "node_modules", "__pycache__", "*.egg-info", ".*_cache")


def run(*command, cwd: Path, timeout: float = 120) -> str:
    finished = subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=timeout, check=False)
    assert finished.returncode == 0, f"{' '.join(map(str, command))} failed:\n{finished.stdout}\n{finished.stderr}"
    return finished.stdout


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> tuple[Path, Path]:
    """A fresh venv with the project installed from the checkout (not editable); its python and a folder outside."""
    folder = tmp_path_factory.mktemp("installed")
    venv = folder / "venv"
    run(sys.executable, "-m", "venv", str(venv), cwd=folder)
    python = venv / "bin" / "python"
    sources = folder / "sources"
    shutil.copytree(ROOT, sources, ignore=shutil.ignore_patterns(*NOT_SOURCES))
    run(str(python), "-m", "pip", "install", "--quiet", str(sources), cwd=folder, timeout=INSTALL_SECONDS)
    elsewhere = folder / "elsewhere"
    elsewhere.mkdir()
    return python, elsewhere


def test_the_installed_packages_are_the_copies_in_the_environment(installed):
    python, elsewhere = installed
    where = run(str(python), "-c", "import docsgen, portal; print(docsgen.__file__, portal.__file__)", cwd=elsewhere)
    for path in where.split():
        assert Path(path).is_relative_to(python.parent.parent), path
    missing = subprocess.run([str(python), "-c", "import tests"], cwd=elsewhere, capture_output=True, check=False)
    assert missing.returncode != 0, "the test suite must not be installed"


def test_the_docs_generator_starts(installed):
    python, elsewhere = installed
    assert "--docs" in run(str(python), "-m", "docsgen", "--help", cwd=elsewhere)


def test_the_check_command_starts_and_lists_its_checks(installed):
    python, elsewhere = installed
    helped = run(str(python), "-m", "portal", "check", "--help", cwd=elsewhere)
    for option in ("--cabinet-url", "--gateway-host", "--ca-file", "--allow-payment", "--test-card"):
        assert option in helped
    assert "| `redirect.sign` |" in run(str(python), "-m", "portal", "checks", cwd=elsewhere)


def test_the_pytest_plugin_comes_with_the_installation(installed):
    python, elsewhere = installed
    helped = run(str(python), "-m", "pytest", "--help", cwd=elsewhere)
    for option in ("--target=", "--cabinet-url=", "--conformance-report="):
        assert option in helped
