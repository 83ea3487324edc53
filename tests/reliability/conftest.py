"""Fixtures of the reliability tests: the cabinet as its own process, on a database of their own."""

import pytest

from demstack.processes import cabinet_process
from tests.support.known import SHARED_SECRET


@pytest.fixture
def cabinet_dir(tmp_path):
    return tmp_path / "cabinet"


@pytest.fixture
def start_cabinet(cabinet_dir):
    """start_cabinet(port=0, env=None) -> a started `python -m mock_cabinet`; stopped after the test."""
    started = []

    def start(port: int = 0, env: dict | None = None):
        cabinet = cabinet_process(cabinet_dir, port=port, shared_secret=SHARED_SECRET, env=env)
        started.append(cabinet)
        cabinet.start()
        return cabinet

    yield start
    for cabinet in started:
        cabinet.stop()
