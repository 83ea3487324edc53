"""Fixtures of the security tests: a cabinet and a gateway on fresh databases, with known secrets."""

from contextlib import closing

import pytest

import mock_cabinet
from mock_cabinet.db import open_database as open_cabinet_database
from mock_chronopay.db import open_database as open_gateway_database
from tests.support.apps import gateway_apps, serving
from tests.support.templates import share_compiled_templates

from .attack import (
    cabinet_config,
    gateway_config,
    seed_cabinet,
)


@pytest.fixture(scope="session")
def cabinet_template(tmp_path_factory):
    """Alice and Bob (the light hash of tests.support.subscribers) and prepaid cards, written once per session."""
    path = tmp_path_factory.mktemp("cabinet-template") / "cabinet.sqlite3"
    seed_cabinet(path)
    return path


@pytest.fixture
def cabinet_db_path(tmp_path, cabinet_template):
    path = tmp_path / "cabinet" / "cabinet.sqlite3"
    path.parent.mkdir()
    path.write_bytes(cabinet_template.read_bytes())
    return path


@pytest.fixture
def make_cabinet(cabinet_db_path):
    """The cabinet app on this test's database; keyword arguments override its settings."""

    def make(**settings):
        return share_compiled_templates(mock_cabinet.create_app(cabinet_config(cabinet_db_path, **settings)))

    return make


@pytest.fixture
def cabinet(make_cabinet):
    return make_cabinet()


@pytest.fixture
def cabinet_db(cabinet_db_path):
    with closing(open_cabinet_database(cabinet_db_path)) as db:
        yield db


@pytest.fixture
def gateway_db_path(tmp_path):
    return tmp_path / "gateway" / "chronopay.sqlite3"


@pytest.fixture
def make_gateway(gateway_db_path):
    """The gateway app on this test's database; keyword arguments override its settings."""
    with gateway_apps(lambda **settings: gateway_config(gateway_db_path, **settings)) as make:
        yield make


@pytest.fixture
def gateway(make_gateway):
    return make_gateway()


@pytest.fixture
def gateway_db(gateway_db_path, gateway):
    with closing(open_gateway_database(gateway_db_path)) as db:
        yield db


@pytest.fixture
def serve():
    """serve(app, threads=16) -> the app on a free loopback port (a real threaded server) until the test ends."""
    with serving("security-test") as start:
        yield start
