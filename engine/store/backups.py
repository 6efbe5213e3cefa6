"""Rolling backups and kept copies of damaged files.

Before the first change of each day the store copies the database, as it is, into
``<name>-backups/<name>-YYYY-MM-DD.json`` (owner-only) and keeps the newest
:data:`KEEP`. A damaged database is never touched: it is copied to a timestamped
``.corrupt-*`` file beside it, and the user can restore the newest backup that
still validates. A restore over a healthy database needs ``force`` (it is usually
a mistake that would swap a full log for an old, near-empty one); the healthy file
it replaces is kept as ``.replaced-*``.

The backup folder must be a real folder this user owns: a symbolic link there (or a
file, or someone else's folder) is never written through or pruned. A save then
fails with a message, rather than going ahead without its daily backup: the store has
no way to warn, and a backup silently not taken is found out only on the day it is
needed.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import stat
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from nervecheck.engine.store import locations
from nervecheck.engine.store.storage import (
    StoreError,
    StoreWriteError,
    atomic_write_bytes,
    describe_os_error,
    file_lock,
    glob_escape,
    read_database_bytes,
)

if TYPE_CHECKING:
    pass

KEEP = 7
DATED = re.compile(r".*-([0-9]{4}-[0-9]{2}-[0-9]{2})\.json")


def take_daily_backup(db: Path, today: dt.date, force: bool = False) -> Path | None:
    """Copy ``db`` into today's backup unless one exists; prune to the newest KEEP.

    Called under the lock with ``db`` just validated, so every backup is a good
    database. A failure raises :class:`StoreWriteError` before anything changed.
    """
    folder = locations.backup_dir(db)
    try:
        present = backup_folder(db) is not None
    except StoreError as error:
        raise StoreWriteError(f"not saved: could not back up {db} to {folder} first: {error}; "
                              "nothing was changed") from None
    target = folder / f"{db.stem}-{today.isoformat()}.json"
    if (present and os.path.lexists(target) and not force) or not db.exists():
        return None
    try:
        if not present:
            os.mkdir(folder, 0o700)  # its parent is the database's folder, there already
            os.chmod(folder, 0o700)
        atomic_write_bytes(target, read_database_bytes(db)[0])
        for old in list_backups(db)[KEEP:]:
            old.unlink(missing_ok=True)
    except OSError as error:
        raise StoreWriteError(
            f"not saved: could not back up {db} to {folder} first ({describe_os_error(error)}); nothing was changed"
        ) from None
    return target


def backup_folder(db: Path) -> Path | None:
    """``db``'s backup folder, ``None`` when there is none yet; :class:`StoreError` when
    the path is a symbolic link, not a folder, or not this user's."""
    folder = locations.backup_dir(db)
    try:
        info = os.lstat(folder)
    except FileNotFoundError:
        return None
    if stat.S_ISLNK(info.st_mode):
        problem = "is a symbolic link, which NerveCheck never follows"
    elif not stat.S_ISDIR(info.st_mode):
        problem = "is not a folder"
    elif info.st_uid != os.geteuid():
        problem = "belongs to another user"
    else:
        return folder
    raise StoreError(f"the backup folder {folder} {problem}; move it away so NerveCheck can make its own")


def list_backups(db: Path) -> list[Path]:
    """Backups of ``db``, newest first (:class:`StoreError`: see :func:`backup_folder`)."""
    folder = backup_folder(db)
    if folder is None:
        return []
    return sorted(folder.glob(f"{glob_escape(db.stem)}-[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9].json"), reverse=True)


def keep_corrupt_copy(db: Path, now: dt.datetime) -> Path | None:
    """Keep the damaged file as ``<name>.corrupt-<time>``; one copy per distinct content.

    Raises ``OSError`` if the copy cannot be written (the database is still untouched).
    """
    return _keep_copy(db, now, "corrupt", locations.corrupt_copy_path)


def keep_replaced_copy(db: Path, now: dt.datetime) -> Path | None:
    """Keep a healthy file a forced restore replaces, as ``<name>.replaced-<time>``."""
    return _keep_copy(db, now, "replaced", locations.replaced_copy_path)


def _keep_copy(db: Path, now: dt.datetime, kind: str, path_for: Callable[[Path, str], Path]) -> Path | None:
    with file_lock(db):
        if not db.exists():
            return None
        raw = read_database_bytes(db)[0]
        existing = sorted(db.parent.glob(f"{glob_escape(db.name)}.{kind}-*"))
        for copy in existing:
            if copy.stat().st_size == len(raw) and copy.read_bytes() == raw:
                return copy
        stamp = now.strftime("%Y%m%dT%H%M%S")
        target = path_for(db, stamp)
        suffix = 1
        while target.exists():  # a different file in the same second: never replace a copy
            target = path_for(db, f"{stamp}-{suffix}")
            suffix += 1
        atomic_write_bytes(target, raw)
        return target


def keep_corrupt_copy_quietly(db: Path, now: dt.datetime) -> Path | None:
    """:func:`keep_corrupt_copy`, or ``None`` if even that cannot be written, or the
    lock is held (a reader never waits for a writer: the copy is kept next time)."""
    with contextlib.suppress(OSError, StoreError), file_lock(db, wait=0):
        return keep_corrupt_copy(db, now)
    return None


__all__ = [
    "take_daily_backup", "backup_folder", "list_backups", "keep_corrupt_copy", "keep_corrupt_copy_quietly",
    "keep_replaced_copy",
]
