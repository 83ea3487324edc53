"""Settings from environment variables: one prefix per mock, values converted by their default's type."""

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
