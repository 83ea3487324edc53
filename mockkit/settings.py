"""A mock's settings, read once where it starts: its PREFIX_NAME variables and the flags given.

Each mock's config.py holds its defaults; `create_app(config)` lays a config over them and reads
no environment, so what a test passes is all there is. The `python -m mock_*` commands and
`make serve` call `settings_given` once, and pass on only what was set.
"""

import argparse
import functools
import os


def from_environment(defaults: dict, prefix: str, environ=os.environ) -> dict:
    """The settings of `defaults` given as PREFIX_NAME variables, typed like their defaults.

    Integers stay integers, tuples are comma-separated lists, booleans accept 1/0, true/false, yes/no.
    """
    found = {}
    for name, default in defaults.items():
        raw = environ.get(prefix + name)
        if raw is None or raw == "":
            continue
        if isinstance(default, bool):
            found[name] = raw.strip().lower() in {"1", "true", "yes", "on"}
        elif isinstance(default, int):
            found[name] = int(raw)
        elif isinstance(default, float):
            found[name] = float(raw)
        elif isinstance(default, tuple):
            found[name] = tuple(part.strip() for part in raw.split(",") if part.strip())
        else:
            found[name] = raw
    return found


def settings_given(defaults: dict, prefix: str, flags: argparse.Namespace | dict, environ=os.environ) -> dict:
    """What was set, and only that: the PREFIX_NAME variables, then the flags given (None: not given).

    Flags are read by their `dest`, which `add_setting` makes the setting's own name.
    """
    given = vars(flags) if isinstance(flags, argparse.Namespace) else dict(flags)
    chosen = {name: value for name, value in given.items() if name in defaults and value is not None}
    return {**from_environment(defaults, prefix, environ), **chosen}


def settings_parser(prog: str, description: str, defaults: dict, prefix: str):
    """A parser whose --help ends with every variable of `defaults`, and `setting(flag, name, help, ...)`
    to add a flag for one of them (see add_setting)."""
    parser = argparse.ArgumentParser(
        prog=prog,
        description=description,
        epilog=environment_help(defaults, prefix),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    return parser, functools.partial(add_setting, parser, defaults=defaults, prefix=prefix)


def add_setting(parser, flag: str, name: str, defaults: dict, prefix: str, help: str, **options) -> None:
    """A flag for setting `name`: None unless given, its help naming its variable and its default."""
    described = f"{help} (${prefix}{name}; default: {_shown(defaults[name])})"
    parser.add_argument(flag, dest=name, default=None, help=described.replace("%", "%%"), **options)


def environment_help(defaults: dict, prefix: str) -> str:
    """An epilog for --help: every variable of the mock and its default; a flag given wins over it."""
    width = max(len(prefix + name) for name in defaults)
    lines = [f"  {prefix + name:<{width}}  {_shown(default)}" for name, default in defaults.items()]
    return "environment variables (a flag given wins):\n" + "\n".join(lines)


def _shown(default) -> str:
    if isinstance(default, tuple):
        return ",".join(default) or "(none)"
    if default == "":
        return "(empty)"
    return str(default)
