"""Where NerveCheck keeps its files: the one module that knows the paths.

The database is ``--db PATH``, else ``$NERVECHECK_DB``, else ``nervecheck.json`` in
the user's data directory (XDG on Linux). Backups and damaged-file copies sit beside
the database, so a ``--db`` elsewhere keeps its own.
"""

from __future__ import annotations

import os
from pathlib import Path

ENV_DB = "NERVECHECK_DB"
DB_NAME = "nervecheck.json"


def data_dir() -> Path:
    """The user's data directory for NerveCheck (created lazily by the store)."""
    from platformdirs import user_data_dir

    return Path(user_data_dir("nervecheck", appauthor=False))


def database_path(cli_value: str | None = None) -> Path:
    """The database file: the ``--db`` flag, then the environment, then the default."""
    if cli_value is not None:
        if not cli_value:
            raise ValueError("--db: the path is empty")
        return Path(cli_value).expanduser()
    chosen = os.environ.get(ENV_DB)
    if chosen is None:
        return data_dir() / DB_NAME
    if not chosen:
        raise ValueError(f"{ENV_DB} is set but empty: give it a path, or unset it for the default database")
    return Path(chosen).expanduser()


def backup_dir(db: Path) -> Path:
    """The folder of rolling backups for database ``db``."""
    return db.with_name(f"{db.stem}-backups")


def lock_path(db: Path) -> Path:
    return db.with_name(f"{db.name}.lock")


def temp_prefix(db: Path) -> str:
    """Temp files are ``.<name>.tmp-*`` beside the target, so a crash leaves them findable."""
    return f".{db.name}.tmp-"


def corrupt_copy_path(db: Path, stamp: str) -> Path:
    return db.with_name(f"{db.name}.corrupt-{stamp}")


def replaced_copy_path(db: Path, stamp: str) -> Path:
    """Where ``db restore`` keeps a healthy database it replaced (``--force``)."""
    return db.with_name(f"{db.name}.replaced-{stamp}")
