"""Other copies of the database, read for ``nervecheck db merge``.

The other file is read as the store reads its own: never through a symbolic link,
never a special file or one over the size cap, every document checked, damage named
in one line. It is never written. Merging what was read is :mod:`.sync`'s rule.
"""

from __future__ import annotations

import os
import stat as _stat
from pathlib import Path
from typing import Any

from nervecheck.engine.store.repository import (
    DELETED,
    MIGRATIONS,
    SCHEMA_VERSION,
    _canonical,
    schema_version,
    table_problems,
)
from nervecheck.engine.store.storage import StoreError, decode, describe_os_error, read_database_bytes
from nervecheck.engine.store.sync import State


class CopyError(ValueError):
    """The other copy cannot be merged; ``str()`` is one line naming the file."""


def conflict_copies(folder: Path, db: Path) -> list[Path]:
    """Syncthing's conflict copies of ``db`` in ``folder``
    (``nervecheck.sync-conflict-20261121-093000-ABCDEFG.json``), oldest name first."""
    stem, suffix = db.stem, db.suffix
    return sorted(path for path in folder.glob(f"{stem}.sync-conflict-*{suffix}")
                  if path.name != db.name)


def copies_from(names: list[str], db: Path) -> list[Path]:
    """The files the arguments name: a file, or a folder's conflict copies of ``db``."""
    found: list[Path] = []
    for name in names:
        path = Path(name).expanduser()
        try:
            info = os.lstat(path)
        except OSError:
            raise CopyError(f"{name}: no such file or folder") from None
        if _stat.S_ISDIR(info.st_mode):
            copies = conflict_copies(path, db)
            if not copies:
                raise CopyError(f"{name}: a folder with no conflict copies of {db.name} "
                                f"({db.stem}.sync-conflict-*{db.suffix}); name the copy to merge")
            found += copies
        else:
            found.append(path)
    return list(dict.fromkeys(found))


def read_copy(path: Path, db: Path) -> dict[str, Any]:
    """The other database's tables, checked as the store checks its own file.

    Refuses (:class:`CopyError`, one line) a symbolic link, a special file, a file over
    the size cap, the database itself, a damaged or unknown-version file.
    """
    try:
        info = os.lstat(path)
    except OSError as error:
        raise CopyError(f"{path}: cannot be read ({describe_os_error(error)})") from None
    if _stat.S_ISLNK(info.st_mode):
        raise CopyError(f"{path} is a symbolic link, which NerveCheck does not follow; name the real file")
    if not _stat.S_ISREG(info.st_mode):
        raise CopyError(f"{path} is not a regular file")
    try:
        mine = os.stat(db)
        if (mine.st_dev, mine.st_ino) == (info.st_dev, info.st_ino):
            raise CopyError(f"{path} is this database itself; name the other machine's copy")
    except FileNotFoundError:
        pass
    try:
        raw, _info = read_database_bytes(path)
        data = decode(raw, path)
        version = schema_version(data, path)
    except StoreError as error:
        raise CopyError(str(error)) from None
    except OSError as error:
        raise CopyError(f"{path}: cannot be read ({describe_os_error(error)})") from None
    while version < SCHEMA_VERSION:  # migrated in memory only: the file is never written
        data = MIGRATIONS[version](data)
        version += 1
    index, found = table_problems(data)
    if found:
        more = f" (and {len(found) - 1} more problem(s))" if len(found) > 1 else ""
        raise CopyError(f"{path}: damaged, not merged: {found[0]}{more}")
    return {"index": index, "data": data}


def state_of_copy(copy: dict[str, Any]) -> State:
    """The merge state of a copy :func:`read_copy` returned."""
    index = copy["index"]
    entries = {day: _canonical(doc) for day, doc in index.entry_docs.items()}
    deleted = {int(key): dict(doc) for key, doc in copy["data"].get(DELETED, {}).items()}
    return State.of(entries, deleted, list(index.check_docs))


def read_state(path: Path, db: Path) -> State:
    """The merge state of the other copy at ``path`` (:func:`read_copy`, then :func:`state_of_copy`)."""
    return state_of_copy(read_copy(path, db))
