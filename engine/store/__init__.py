"""The store: what a stored document is, and the database file that holds them.

* :mod:`.fields`: the one definition of each stored document (its fields and limits);
* :mod:`.schema`: the pydantic models of the documents, built from that definition;
* :mod:`.records`: the fast checks and views of the same documents, for a quick start;
* :mod:`.entry_rules`: what may be typed for an entry (``log add`` and the log form);
* :mod:`.activities`: imported activities and shoes (issue 16): their two tables, one
  shoe a name, and helpers (the documents themselves are defined in :mod:`.fields`);
* :mod:`.merge`: how two versions of a day's entry merge, field by field;
* :mod:`.storage`: the TinyDB storage (atomic replace, the file lock, checked cache);
* :mod:`.locking`: the TinyDB middleware that takes the lock, re-reads, writes once;
* :mod:`.repository`: :class:`Store`, the one way the rest of NerveCheck reads and writes;
* :mod:`.sync`, :mod:`.copies`: ``db merge`` (merging states; reading another copy);
* :mod:`.backups`, :mod:`.restore`, :mod:`.verified`, :mod:`.locations`: daily copies and
  restoring them, the checked-bytes note, where the files live.

It imports only the kernel modules of :mod:`nervecheck.engine`. Other rooms and the UI
use the names below (this module's public face), never :mod:`.storage` directly.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from nervecheck.engine.store.locations import backup_dir, database_path
    from nervecheck.engine.store.repository import Store, file_problems, open_store, writing_store
    from nervecheck.engine.store.storage import (
        DamagedStoreError,
        LockTimeoutError,
        StoreError,
        StoreWriteError,
        check_database_path,
        describe_os_error,
        wait_notices_to,
    )
    from nervecheck.engine.store.restore import newest_valid_backup
    from nervecheck.engine.store.restore import restore as restore_backup

_HOME = {
    "Store": "repository", "open_store": "repository", "writing_store": "repository", "file_problems": "repository",
    "StoreError": "storage", "DamagedStoreError": "storage", "StoreWriteError": "storage",
    "LockTimeoutError": "storage", "describe_os_error": "storage", "check_database_path": "storage", "wait_notices_to": "storage",
    "database_path": "locations", "backup_dir": "locations",
    "newest_valid_backup": "restore", "restore_backup": "restore:restore",
}
__all__ = [
    "DamagedStoreError", "LockTimeoutError", "Store", "StoreError", "StoreWriteError", "backup_dir",
    "check_database_path", "database_path", "describe_os_error", "file_problems", "newest_valid_backup",
    "open_store", "restore_backup", "wait_notices_to", "writing_store",
]


def __getattr__(name: str) -> Any:
    """Load a public name's module on first use: reading a schema must not load TinyDB."""
    if name not in _HOME:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib import import_module

    module, _, attribute = _HOME[name].partition(":")
    return getattr(import_module(f"{__name__}.{module}"), attribute or name)
