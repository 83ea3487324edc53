"""Secrets nobody configured: one random value per name, kept in the data folder.

Both mocks read the same `shared-secret` file when they share a data folder, so
`python -m mock_cabinet` and `python -m mock_chronopay` started side by side agree without a
config file, and nothing secret is ever written into the repository.
"""

import os
import secrets
from pathlib import Path

SECRET_FILE_NAME = "shared-secret"  # noqa: S105 - a file name, not a secret  # nosec B105


def secret_in(data_dir: Path, name: str) -> str:
    """The value kept in `data_dir/name`, created (readable by the owner only) on first use."""
    path = Path(data_dir) / name
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text(encoding="ascii").strip()
    value = secrets.token_hex(24)
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(value + "\n")
    return value


def shared_secret_for(data_dir: Path) -> str:
    return secret_in(data_dir, SECRET_FILE_NAME)
