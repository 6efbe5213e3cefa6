"""Rolling backups and kept copies of damaged files.

Before the first change of each day the store copies the database, as it is, into
``<name>-backups/<name>-YYYY-MM-DD.json`` (owner-only) and keeps the newest
:data:`KEEP`. A damaged database is never touched: it is copied to a timestamped
``.corrupt-*`` file beside it, and the user can restore the newest backup that
still validates.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from engine import locations
from engine.storage import FILE_MODE, StoreError, atomic_write_bytes, ensure_folder, file_lock

KEEP = 7


def _copy_owner_only(source: Path, target: Path) -> Path:
    ensure_folder(target.parent)
    atomic_write_bytes(target, source.read_bytes())
    return target


def take_daily_backup(db: Path, today: dt.date, force: bool = False) -> Path | None:
    """Copy ``db`` into today's backup unless one exists; prune to the newest KEEP."""
    folder = locations.backup_dir(db)
    target = folder / f"{db.stem}-{today.isoformat()}.json"
    if (target.exists() and not force) or not db.exists():
        return None
    _copy_owner_only(db, target)
    for old in list_backups(db)[KEEP:]:
        old.unlink(missing_ok=True)
    return target


def list_backups(db: Path) -> list[Path]:
    """Backups of ``db``, newest first."""
    folder = locations.backup_dir(db)
    if not folder.is_dir():
        return []
    return sorted(folder.glob(f"{db.stem}-????-??-??.json"), reverse=True)


def keep_corrupt_copy(db: Path, now: dt.datetime) -> Path | None:
    """Keep the damaged file as ``<name>.corrupt-<time>``; one copy per distinct content."""
    if not db.exists():
        return None
    raw = db.read_bytes()
    for existing in db.parent.glob(f"{db.name}.corrupt-*"):
        if existing.stat().st_size == len(raw) and existing.read_bytes() == raw:
            return existing
    target = locations.corrupt_copy_path(db, now.strftime("%Y%m%dT%H%M%S"))
    atomic_write_bytes(target, raw)
    return target


def newest_valid_backup(db: Path) -> tuple[Path | None, list[str]]:
    """The newest backup that validates, and why each newer one was passed over."""
    from engine.store import validate_tables, schema_version
    from engine.storage import DamagedStoreError, decode

    skipped = []
    for candidate in list_backups(db):
        try:
            data = decode(candidate.read_bytes(), candidate)
            schema_version(data, candidate)
            validate_tables(data, candidate)
        except (DamagedStoreError, OSError) as error:
            skipped.append(str(error))
            continue
        return candidate, skipped
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
    with file_lock(db):
        keep_corrupt_copy(db, now)
        atomic_write_bytes(db, backup.read_bytes())
        os.chmod(db, FILE_MODE)
    return backup


__all__ = ["take_daily_backup", "list_backups", "keep_corrupt_copy", "newest_valid_backup", "restore"]
