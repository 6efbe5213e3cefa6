"""Rolling backups and kept copies of damaged files.

Before the first change of each day the store copies the database, as it is, into
``<name>-backups/<name>-YYYY-MM-DD.json`` (owner-only) and keeps the newest
:data:`KEEP`. A damaged database is never touched: it is copied to a timestamped
``.corrupt-*`` file beside it, and the user can restore the newest backup that
still validates.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from pathlib import Path

from engine import locations
from engine.storage import (
    StoreError,
    StoreWriteError,
    atomic_write_bytes,
    describe_os_error,
    ensure_folder,
    file_lock,
    glob_escape,
)

KEEP = 7


def take_daily_backup(db: Path, today: dt.date, force: bool = False) -> Path | None:
    """Copy ``db`` into today's backup unless one exists; prune to the newest KEEP.

    Called under the lock with ``db`` just validated, so every backup is a good
    database. A failure raises :class:`StoreWriteError` before anything changed.
    """
    folder = locations.backup_dir(db)
    target = folder / f"{db.stem}-{today.isoformat()}.json"
    if (target.exists() and not force) or not db.exists():
        return None
    try:
        ensure_folder(folder)
        atomic_write_bytes(target, db.read_bytes())
        for old in list_backups(db)[KEEP:]:
            old.unlink(missing_ok=True)
    except OSError as error:
        raise StoreWriteError(f"could not back up {db} to {folder}: {describe_os_error(error)}") from None
    return target


def list_backups(db: Path) -> list[Path]:
    """Backups of ``db``, newest first."""
    folder = locations.backup_dir(db)
    if not folder.is_dir():
        return []
    return sorted(folder.glob(f"{glob_escape(db.stem)}-[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9].json"), reverse=True)


def keep_corrupt_copy(db: Path, now: dt.datetime) -> Path | None:
    """Keep the damaged file as ``<name>.corrupt-<time>``; one copy per distinct content.

    Raises ``OSError`` if the copy cannot be written (the database is still untouched).
    """
    with file_lock(db):
        if not db.exists():
            return None
        raw = db.read_bytes()
        existing = sorted(db.parent.glob(f"{glob_escape(db.name)}.corrupt-*"))
        for copy in existing:
            if copy.stat().st_size == len(raw) and copy.read_bytes() == raw:
                return copy
        stamp = now.strftime("%Y%m%dT%H%M%S")
        target = locations.corrupt_copy_path(db, stamp)
        suffix = 1
        while target.exists():  # a different damage in the same second: never replace a copy
            target = locations.corrupt_copy_path(db, f"{stamp}-{suffix}")
            suffix += 1
        atomic_write_bytes(target, raw)
        return target


def keep_corrupt_copy_quietly(db: Path, now: dt.datetime) -> Path | None:
    """:func:`keep_corrupt_copy`, or ``None`` if even that cannot be written."""
    with contextlib.suppress(OSError):
        return keep_corrupt_copy(db, now)
    return None


def newest_valid_backup(db: Path) -> tuple[Path | None, list[str]]:
    """The newest backup that validates, and why each newer one was passed over."""
    from engine.store import file_problems

    skipped = []
    for candidate in list_backups(db):
        found = file_problems(candidate)
        if not found:
            return candidate, skipped
        skipped.append(found[0])
    return None, skipped


def restore(db: Path, now: dt.datetime, backup: Path | None = None) -> Path:
    """Replace ``db`` with ``backup`` (default: the newest valid one), byte for byte.

    The file being replaced is kept as a ``.corrupt-*`` copy first, so a restore
    never destroys anything.
    """
    if backup is None:
        backup, skipped = newest_valid_backup(db)
        if backup is None:
            detail = f" ({len(skipped)} damaged)" if skipped else ""
            raise StoreError(f"no valid backup of {db} to restore{detail}")
    try:
        with file_lock(db):
            keep_corrupt_copy(db, now)
            atomic_write_bytes(db, backup.read_bytes())
    except OSError as error:
        raise StoreWriteError(f"could not restore {db} from {backup}: {describe_os_error(error)}") from None
    return backup


__all__ = [
    "take_daily_backup", "list_backups", "keep_corrupt_copy", "keep_corrupt_copy_quietly",
    "newest_valid_backup", "restore",
]
