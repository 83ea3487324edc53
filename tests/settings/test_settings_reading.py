"""Settings are read once, where a mock starts: its variables and the flags given, nothing in create_app.

Each `python -m mock_*` and `python -m demstack serve` documents every flag and variable in --help.
"""

import pytest

import mock_cabinet
import mock_chronopay
import mock_mailbox
from demstack import serve
from mock_cabinet import __main__ as cabinet_main
from mock_cabinet import config as cabinet_config
from mock_cabinet.db import open_database
from mock_chronopay import __main__ as gateway_main
from mock_chronopay import config as gateway_config
from mock_mailbox import __main__ as mailbox_main
from mock_mailbox import config as mailbox_config
from mockkit.settings import settings_given

COMMANDS = {
    "python -m mock_cabinet": (cabinet_main.build_parser, cabinet_config),
    "python -m mock_chronopay": (gateway_main.build_parser, gateway_config),
    "python -m mock_mailbox": (mailbox_main.build_parser, mailbox_config),
    "python -m demstack serve": (serve.build_parser, serve),
}


@pytest.mark.parametrize("command", COMMANDS)
def test_help_names_every_flag_and_every_variable_with_its_default(command):
    build_parser, config = COMMANDS[command]
    parser = build_parser()
    shown = parser.format_help()
    assert shown.startswith(f"usage: {command}")
    for action in parser._actions:
        for flag in action.option_strings:
            assert flag in shown
        if action.dest in config.DEFAULTS:  # a setting's flag names its variable
            assert f"${config.ENV_PREFIX}{action.dest};" in action.help
    for name, default in config.DEFAULTS.items():
        line = next(line for line in shown.splitlines() if line.strip().startswith(config.ENV_PREFIX + name + " "))
        for part in default if isinstance(default, tuple) else [default]:
            assert str(part) in line


def test_variables_are_typed_by_their_defaults_and_a_flag_given_wins():
    environ = {
        "CHRONOPAY_RETRY_BASE_SECONDS": "0.5",
        "CHRONOPAY_PORT": "9443",
        "CHRONOPAY_TLS": "no",
        "CHRONOPAY_MERCHANT_URLS": "http://a.test/, http://b.test/",
        "CHRONOPAY_SMTP": "",  # empty: not set
        "CABINET_RETRY_BASE_SECONDS": "9",  # another mock's prefix
    }
    flags = gateway_main.build_parser().parse_args(["--port", "9444"])
    assert settings_given(gateway_config.DEFAULTS, gateway_config.ENV_PREFIX, flags, environ) == {
        "RETRY_BASE_SECONDS": 0.5,
        "PORT": 9444,
        "TLS": False,
        "MERCHANT_URLS": ("http://a.test/", "http://b.test/"),
    }
    flags = gateway_main.build_parser().parse_args(["--tls", "--merchant-url", "http://c.test/"])
    given = settings_given(gateway_config.DEFAULTS, gateway_config.ENV_PREFIX, flags, environ)
    assert (given["TLS"], given["MERCHANT_URLS"]) == (True, ["http://c.test/"])


def test_nothing_set_gives_nothing():
    flags = cabinet_main.build_parser().parse_args([])
    assert settings_given(cabinet_config.DEFAULTS, cabinet_config.ENV_PREFIX, flags, {}) == {}


@pytest.mark.parametrize(
    ("create_app", "variable", "setting"),
    [
        (mock_cabinet.create_app, "CABINET_ISP_NAME", "ISP_NAME"),
        (mock_chronopay.create_app, "CHRONOPAY_MERCHANT_NAME", "MERCHANT_NAME"),
        (mock_mailbox.create_app, "MAILBOX_SMTP_ADDRESS", "SMTP_ADDRESS"),
    ],
)
def test_create_app_reads_no_environment(monkeypatch, tmp_path, create_app, variable, setting):
    monkeypatch.setenv(variable, "set in the environment")
    config = {"DATABASE": str(tmp_path / "app.sqlite3"), "MAILDIR": str(tmp_path / "mail")}
    app = create_app(config)
    assert app.config[setting] != "set in the environment"
    assert create_app({**config, setting: "given"}).config[setting] == "given"


def test_the_cabinet_command_reads_its_variables(tmp_path, capsys):
    database = tmp_path / "elsewhere.sqlite3"
    environ = {"CABINET_DATABASE": str(database)}
    cabinet_main.main(["seed-demo", "--count", "1"], environ)
    assert "demo data seeded: 1 new subscribers (dem001)" in capsys.readouterr().out
    db = open_database(database)
    try:
        assert [row["login"] for row in db.execute("SELECT login FROM subscribers")] == ["dem001"]
    finally:
        db.close()
