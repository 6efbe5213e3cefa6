"""The repository: NerveCheck's log entries, saved checks and settings over TinyDB.

Every change runs inside :meth:`Store._change`: take the file lock, re-read the file
if another process replaced it, apply the change through TinyDB, write atomically.
Entries use the day's ordinal as their document id, so "one entry per date" is the
store's shape rather than a query, and two processes can never mint the same id.

Validated models are cached per file version, so reads cost nothing until the file
changes on disk.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from tinydb import TinyDB
from tinydb.table import Document

from engine import backups
from engine.clock import Clock, SystemClock
from engine.content_files import first_problem
from engine.models import CheckRecord, Entry, Settings
from engine.storage import (
    AtomicJSONStorage,
    DamagedStoreError,
    StoreError,
    ensure_folder,
    file_lock,
    remove_stray_temps,
)

SCHEMA_VERSION = 1
ENTRIES, CHECKS, SETTINGS, META = "entries", "checks", "settings", "_meta"

#: Migration hook: ``MIGRATIONS[n]`` turns a version-``n`` database into ``n + 1``.
MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {}


class _Snapshot:
    """Validated models of one version of the file."""

    def __init__(self, entries: list[Entry], checks: list[CheckRecord], settings: Settings) -> None:
        self.entries = entries
        self.days = [entry.date for entry in entries]
        self.checks = checks
        self.settings = settings


def _problem(kind: str, key: str, error: ValidationError) -> str:
    return f"{kind} {key}, {first_problem(error)}".replace(" , ", ", ")


def validate_tables(data: dict[str, Any], path: Path) -> _Snapshot:
    """Check every document; the first bad one raises naming the entry and field."""
    entries = []
    for doc_id, doc in data.get(ENTRIES, {}).items():
        try:
            entry = Entry.model_validate(doc)
        except ValidationError as error:
            raise DamagedStoreError(path, _problem("entry", str(doc.get("date", f"#{doc_id}")), error)) from None
        if entry.date.toordinal() != int(doc_id):
            raise DamagedStoreError(path, f"entry {entry.date}: stored under the wrong id {doc_id}")
        entries.append(entry)
    checks = []
    for doc_id, doc in data.get(CHECKS, {}).items():
        try:
            checks.append(CheckRecord.model_validate(doc))
        except ValidationError as error:
            raise DamagedStoreError(path, _problem("saved check", f"#{doc_id}", error)) from None
    settings_doc = data.get(SETTINGS, {}).get("1", {})
    try:
        settings = Settings.model_validate(settings_doc)
    except ValidationError as error:
        raise DamagedStoreError(path, _problem("settings", "", error)) from None
    entries.sort(key=lambda entry: entry.date)
    checks.sort(key=lambda check: check.time)
    return _Snapshot(entries, checks, settings)


def schema_version(data: dict[str, Any], path: Path) -> int:
    version = data.get(META, {}).get("1", {}).get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise DamagedStoreError(path, "_meta has no schema_version")
    if version > SCHEMA_VERSION:
        raise DamagedStoreError(path, f"schema version {version} is newer than this NerveCheck ({SCHEMA_VERSION})")
    return version


class Store:
    """NerveCheck's repository. Open with :meth:`open`; safe across processes."""

    def __init__(self, path: Path, clock: Clock | None = None, storage=AtomicJSONStorage) -> None:
        self.path = Path(path)
        self.clock = clock or SystemClock()
        self._db = TinyDB(self.path, storage=storage)
        self._storage = self._db.storage
        self._snapshot: _Snapshot | None = None
        self._snapshot_stamp: object = None

    @classmethod
    def open(cls, path: Path, clock: Clock | None = None) -> Store:
        """Open (creating if missing) and validate the database at ``path``.

        A damaged file raises :class:`DamagedStoreError` after a timestamped
        ``.corrupt`` copy is kept; the file itself is left exactly as it was.
        """
        store = cls(path, clock)
        ensure_folder(store.path.parent)
        with file_lock(store.path):
            remove_stray_temps(store.path)
            store._prepare()
        return store

    def _prepare(self) -> None:
        if not self.path.exists():
            self._storage.write({META: {"1": {"schema_version": SCHEMA_VERSION}}, ENTRIES: {}, CHECKS: {}})
            return
        try:
            data = self._storage.read()
            if schema_version(data, self.path) < SCHEMA_VERSION:
                self._migrate(data)
            self._current()
        except DamagedStoreError as error:
            error.kept_copy = backups.keep_corrupt_copy(self.path, self.clock.now())
            raise

    def _migrate(self, data: dict[str, Any]) -> None:
        backups.take_daily_backup(self.path, self.clock.today(), force=True)
        version = schema_version(data, self.path)
        while version < SCHEMA_VERSION:
            data = MIGRATIONS[version](data)
            version += 1
        data[META] = {"1": {"schema_version": SCHEMA_VERSION}}
        self._storage.write(data)

    # -- reading --------------------------------------------------------------

    def _current(self) -> _Snapshot:
        """The validated contents of the file as it is now (cheap when unchanged)."""
        data = self._storage.read()
        if data is None:
            raise DamagedStoreError(self.path, "the database file has disappeared")
        stamp = self._storage.stamp
        if self._snapshot is None or stamp != self._snapshot_stamp:
            try:
                self._snapshot = validate_tables(data, self.path)
            except DamagedStoreError as error:
                error.kept_copy = backups.keep_corrupt_copy(self.path, self.clock.now())
                raise
            self._snapshot_stamp = stamp
        return self._snapshot

    def entries(self, start: dt.date | None = None, end: dt.date | None = None) -> list[Entry]:
        """Entries sorted by date, optionally limited to ``start``..``end`` inclusive."""
        snap = self._current()
        low = bisect.bisect_left(snap.days, start) if start else 0
        high = bisect.bisect_right(snap.days, end) if end else len(snap.days)
        return snap.entries[low:high]

    def entry(self, day: dt.date) -> Entry | None:
        found = self.entries(day, day)
        return found[0] if found else None

    def checks(self) -> list[CheckRecord]:
        """Saved checks, oldest first."""
        return list(self._current().checks)

    def latest_check(self) -> CheckRecord | None:
        checks = self._current().checks
        return checks[-1] if checks else None

    def settings(self) -> Settings:
        return self._current().settings

    # -- writing --------------------------------------------------------------

    @contextmanager
    def _change(self) -> Iterator[None]:
        """Lock, re-validate against the file on disk, back up once a day, then write."""
        with file_lock(self.path):
            self._current()
            backups.take_daily_backup(self.path, self.clock.today())
            yield
            self._snapshot = None  # rebuilt lazily from the bytes just written

    def save_entry(self, entry: Entry) -> Entry:
        """Create or replace the entry for ``entry.date``."""
        return self.modify_entry(entry.date, lambda _old: entry)

    def modify_entry(self, day: dt.date, change: Callable[[Entry | None], Entry]) -> Entry:
        """Apply ``change`` to the day's entry as it is on disk now, under the lock."""
        with self._change():
            stamped = change(self.entry(day)).model_copy(update={"updated_at": self.clock.now()})
            stamped = Entry.model_validate(stamped.model_dump())
            if stamped.date != day:
                raise ValueError("an entry cannot change its date")
            self._db.table(ENTRIES).upsert(Document(stamped.to_json(), doc_id=day.toordinal()))
        return stamped

    def delete_entry(self, day: dt.date) -> bool:
        with self._change():
            if self.entry(day) is None:
                return False
            self._db.table(ENTRIES).remove(doc_ids=[day.toordinal()])
        return True

    def merge_entries(self, incoming: Iterable[Entry]) -> tuple[int, int]:
        """Import: add new days, replace existing ones; one lock, one write."""
        added = updated = 0
        with self._change():
            table = self._db.table(ENTRIES)
            docs = []
            for entry in incoming:
                if self.entry(entry.date) is None:
                    added += 1
                else:
                    updated += 1
                docs.append(Document(entry.to_json(), doc_id=entry.date.toordinal()))
            if docs:
                self._upsert_many(table, docs)
        return added, updated

    @staticmethod
    def _upsert_many(table, docs: list[Document]) -> None:
        def apply(rows: dict[int, Any]) -> None:
            for doc in docs:
                rows[doc.doc_id] = dict(doc)

        table._update_table(apply)  # one write for the whole import

    def add_check(self, record: CheckRecord) -> CheckRecord:
        with self._change():
            table = self._db.table(CHECKS)
            next_id = max((int(key) for key in (self._storage.read() or {}).get(CHECKS, {})), default=0) + 1
            table.insert(Document(record.model_dump(mode="json"), doc_id=next_id))
        return record

    def save_settings(self, settings: Settings) -> Settings:
        with self._change():
            self._db.table(SETTINGS).upsert(Document(settings.model_dump(mode="json"), doc_id=1))
        return settings

    # -- backups --------------------------------------------------------------

    def close(self) -> None:
        self._db.close()


def open_store(path: Path, clock: Clock | None = None) -> Store:
    """Open the store, raising :class:`StoreError` subclasses with plain messages."""
    try:
        return Store.open(path, clock)
    except OSError as error:
        raise StoreError(f"cannot open {path}: {error.strerror or error}") from None


__all__ = ["Store", "open_store", "StoreError", "DamagedStoreError", "SCHEMA_VERSION"]
