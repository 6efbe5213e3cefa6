"""Restoring a backup: the newest that validates, never destroying the file it replaces."""

from __future__ import annotations

import contextlib
import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from nervecheck.engine.store.backups import DATED, keep_corrupt_copy, keep_replaced_copy, list_backups
from nervecheck.engine.store.repository import file_problems
from nervecheck.engine.store.storage import (
    StoreError,
    StoreWriteError,
    atomic_write_bytes,
    decode,
    describe_os_error,
    file_lock,
    read_database_bytes,
)

if TYPE_CHECKING:
    from nervecheck.engine.clock import Clock


class HealthyDatabaseError(StoreError):
    """A restore would replace a database that is not damaged, and was not forced."""


def newest_valid_backup(db: Path) -> tuple[Path | None, list[str]]:
    """The newest backup that validates, and why each newer one was passed over."""
    skipped = []
    for candidate in list_backups(db):
        found = file_problems(candidate)
        if not found:
            return candidate, skipped
        skipped.append(found[0])
    return None, skipped


class BackupInfo(NamedTuple):
    """What a restore would bring back: the file, the day it holds, its entry count."""

    path: Path
    day: dt.date | None
    entries: int | None

    def describe(self) -> str:
        day = self.day.isoformat() if self.day else "unknown date"
        count = "unknown entries" if self.entries is None else f"{self.entries} entr{'y' if self.entries == 1 else 'ies'}"
        return f"{self.path} ({day}, {count})"


def count_entries(path: Path) -> int | None:
    """How many log entries the database file at ``path`` holds (``None``: unreadable)."""
    try:
        entries = decode(read_database_bytes(path)[0], path).get("entries", {})
    except (OSError, StoreError):
        return None
    return len(entries) if isinstance(entries, dict) else None


def backup_info(backup: Path, clock: Clock) -> BackupInfo:
    """The day a backup holds (from its name, else the local day, on ``clock``, it was
    last written) and its entry count."""
    from nervecheck.engine.clock import moment_of_timestamp

    dated = DATED.fullmatch(backup.name)
    day = None
    if dated:
        with contextlib.suppress(ValueError):
            day = dt.date.fromisoformat(dated[1])
    if day is None:
        with contextlib.suppress(OSError):
            day = clock.local(moment_of_timestamp(backup.stat().st_mtime)).date()
    return BackupInfo(backup, day, count_entries(backup))


class Restored(NamedTuple):
    """A finished restore: what came back, and where the replaced file was kept."""

    backup: BackupInfo
    kept: Path | None
    replaced_healthy: bool


def restore(db: Path, clock: Clock, backup: Path | None = None, force: bool = False) -> Restored:
    """Replace ``db`` with ``backup`` (default: the newest valid one), byte for byte.

    A healthy ``db`` is replaced only with ``force`` (else :class:`HealthyDatabaseError`
    naming the backup, its day and entry count) and kept as ``.replaced-*``; a damaged
    one is kept as ``.corrupt-*``. So a restore never destroys anything.
    """
    if backup is None:
        backup, skipped = newest_valid_backup(db)
        if backup is None:
            detail = f" ({len(skipped)} damaged)" if skipped else ""
            raise StoreError(f"no valid backup of {db} to restore{detail}")
    info = backup_info(backup, clock)
    try:
        with file_lock(db):
            healthy = db.exists() and not file_problems(db)
            if healthy and not force:
                count = count_entries(db)
                raise HealthyDatabaseError(
                    f"{db} is healthy ({count} entr{'y' if count == 1 else 'ies'}), so it was not replaced by "
                    f"{info.describe()}; add --force to restore that backup anyway (the current file would be kept)"
                )
            now = clock.now()
            kept = keep_replaced_copy(db, now) if healthy else keep_corrupt_copy(db, now)
            atomic_write_bytes(db, read_database_bytes(backup)[0])
    except OSError as error:
        raise StoreWriteError(f"could not restore {db} from {backup}: {describe_os_error(error)}") from None
    return Restored(info, kept, healthy)
