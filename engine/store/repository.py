"""The repository: NerveCheck's log entries, saved checks and settings over TinyDB.

Every change runs inside :meth:`Store._change`: under the lock, re-read the file if
another process replaced it, apply the change through TinyDB's public table API, write
once, atomically. The lock, the re-read and the single write are TinyDB's own extension
point, a middleware (:class:`~nervecheck.engine.store.locking.LockingMiddleware`) around
the storage, so the store works on any TinyDB storage: the file
(:class:`~nervecheck.engine.store.storage.AtomicJSONStorage`), or ``MemoryStorage`` in
tests, which touches no file (no backups, no checked-bytes note, a lock of this process).
Entries use the day's ordinal as their document id, so "one entry per date" is the
store's shape rather than a query, and two processes can never mint the same id.

Every document is checked when the file is read (a fast plain-Python check first,
the pydantic models for anything it does not wave through; see :mod:`nervecheck.engine.store.records`),
unless these exact bytes passed the checks before (:mod:`nervecheck.engine.store.verified`). Models
are then built on demand per day and cached per file version, so reads cost nothing
until the file changes on disk; the CLI works on the checked documents themselves
and never builds a model on its fast paths.
"""

from __future__ import annotations

import bisect
import contextlib
import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from tinydb import TinyDB
from tinydb.table import Document, Table

from nervecheck.engine.store import activities, backups, records, verified
from nervecheck.engine.clock import Clock, SystemClock
from nervecheck.engine.store.layout import UNKNOWN, LazyTable, copy_table
from nervecheck.engine.store.locking import LockingMiddleware
from nervecheck.engine.store.storage import (
    AtomicJSONStorage,
    DamagedStoreError,
    StoreError,
    check_database_path,
    decode,
    describe_os_error,
    ensure_folder,
    read_database_bytes,
    remove_stray_temps,
)

if TYPE_CHECKING:
    from nervecheck.engine.store.schema import CheckRecord, Entry, Settings

SCHEMA_VERSION = 1
ENTRIES, CHECKS, SETTINGS, META = "entries", "checks", "settings", "_meta"
#: Issue 15: one tombstone per deleted day (see :mod:`nervecheck.engine.store.merge`), under the
#: day's ordinal like its entry. A NerveCheck from before ignores the table (and keeps it).
DELETED = "deleted_entries"

#: Migration hook: ``MIGRATIONS[n]`` turns a version-``n`` database into ``n + 1``.
MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {}

_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)


class _ByOrdinal(Mapping[int, dict[str, Any]]):
    """A table of entries (stored under their day's ordinal) by ``int`` ordinal, over
    the table as read: a document the file holds is parsed only when asked for."""

    __slots__ = ("_table",)

    def __init__(self, table: Mapping[str, Any]) -> None:
        self._table = table

    def __getitem__(self, ordinal: int) -> dict[str, Any]:
        return self._table[str(ordinal)]

    def __contains__(self, ordinal: object) -> bool:
        return str(ordinal) in self._table

    def __iter__(self) -> Iterator[int]:
        return map(int, self._table.keys())

    def __len__(self) -> int:
        return len(self._table)


class _Index:
    """The checked documents of one version of the file, and models made from them.

    Models are built on demand (a year of history builds a year of models, not ten),
    and so are the documents of known-good bytes (:mod:`~nervecheck.engine.store.layout`),
    which keeps start-up fast and memory small on a Pi.
    """

    def __init__(self, entries: Mapping[int, dict[str, Any]],
                 checks: list[tuple[dt.datetime, dict[str, Any]]] | Callable[[], list[tuple[dt.datetime, dict[str, Any]]]],
                 settings: dict[str, Any]) -> None:
        self.entry_docs = entries
        self.days = sorted(entries)
        self._check_source = checks
        self._check_docs: list[dict[str, Any]] | None = None
        self.settings_doc = settings
        #: Every document passed the fast checks (so these bytes may be noted as good).
        self.all_fast = True
        self._entries: dict[int, Entry] = {}
        self._checks: list[CheckRecord] | None = None
        self._settings: Settings | None = None
        self._check_table: Mapping[str, Any] | None = None  # the checks as read lazily (unchecked)
        self._check_order: list[str] | None = None  # their ids by time, marked ones left out
        self._activity_days: dict[str, str] | None = None

    @property
    def check_docs(self) -> list[dict[str, Any]]:
        """The saved checks' documents, oldest first (read when first asked for)."""
        if self._check_docs is None:
            source = self._check_source
            checks = source() if callable(source) else source
            checks.sort(key=lambda pair: pair[0])
            self._check_docs = [doc for _time, doc in checks]
            self._check_source = []
        return self._check_docs

    def entry(self, ordinal: int) -> Entry:
        model = self._entries.get(ordinal)
        if model is None:
            from nervecheck.engine.store.schema import Entry

            model = self._entries[ordinal] = Entry.model_validate(self.entry_docs[ordinal])
        return model

    def checks(self) -> list[CheckRecord]:
        if self._checks is None:
            from nervecheck.engine.store.schema import CheckRecord

            self._checks = [CheckRecord.model_validate(doc) for doc in self.check_docs]
        return self._checks

    def settings(self) -> Settings:
        if self._settings is None:
            from nervecheck.engine.store.schema import Settings

            self._settings = Settings.model_validate(self.settings_doc)
        return self._settings

    def latest_check_doc(self) -> dict[str, Any] | None:
        """The newest saved check not marked "entered by mistake" (issue 15). Of a file
        read lazily, each check is parsed to be put in order but only the newest is
        kept: the home screen needs one check, not five hundred."""
        table = self._check_table
        if self._check_docs is None and isinstance(table, LazyTable):
            if self._check_order is None:
                order = [(_check_order_time(table, key, time), key, _marked(table, key))
                         for key, time in table.texts_of("time").items()]
                order.sort(key=lambda row: row[0])
                self._check_order = [key for _time, key, mistake in order if not mistake]
            return table[self._check_order[-1]] if self._check_order else None
        docs = [doc for doc in self.check_docs if doc.get("mistake") is not True]
        return docs[-1] if docs else None

    def activity_days(self, table: Mapping[str, Any]) -> dict[str, str] | None:
        """Each activity's local day by id, for choosing a span without keeping every
        activity parsed (``None`` when the table is not read lazily)."""
        if not isinstance(table, LazyTable):
            return None
        if self._activity_days is None:
            self._activity_days = {key: day or table.peek(key)["day"] for key, day in table.texts_of("day").items()}
        return self._activity_days

    @classmethod
    def unchecked(cls, data: dict[str, Any]) -> _Index:
        """The documents as they are (known good, or for a first frame drawn before the
        checks run), each parsed only when asked for."""
        table = data.get(CHECKS, {})
        index = cls(_ByOrdinal(data.get(ENTRIES, {})), lambda: [(_sort_time(doc), doc) for doc in table.values()],
                    data.get(SETTINGS, {}).get("1", {}))
        index._check_table = table
        return index

    def span(self, start: dt.date | None, end: dt.date | None) -> list[int]:
        """The ordinals of the days with an entry from ``start`` to ``end`` inclusive."""
        low = bisect.bisect_left(self.days, start.toordinal()) if start else 0
        high = bisect.bisect_right(self.days, end.toordinal()) if end else len(self.days)
        return self.days[low:high]


def _check_order_time(table: LazyTable, key: str, text: str | None) -> dt.datetime:
    """A check's time for putting checks in order, from its line's ``text`` when it
    could be read there (:meth:`LazyTable.texts_of`), else from the parsed check."""
    if text is not None:
        try:
            return records.check_time({"time": text})
        except ValueError:
            pass
    return _sort_time(table.peek(key))


def _marked(table: LazyTable, key: str) -> bool:
    """Whether a check is marked "entered by mistake" (issue 15); most never are, and
    a line without the field is not parsed to say so."""
    return not table.only_as(key, "mistake", b"false") and table.peek(key).get("mistake") is True


def _canonical(doc: dict[str, Any]) -> dict[str, Any]:
    """A checked entry document in the model's form: what the fast check accepted is
    rewritten without pydantic, anything else asks the model."""
    if records.entry_ok(doc):
        return records.canonical_entry(doc)
    from nervecheck.engine.store.schema import Entry

    return Entry.model_validate(doc).to_json()


def _sort_time(doc: Any) -> dt.datetime:
    try:
        return records.check_time(doc)
    except (KeyError, TypeError, ValueError):
        return _EPOCH  # unchecked and malformed: the checks that follow will say so


def _problem(kind: str, key: str, field: str, message: str) -> str:
    return f"{kind} {key}, field {field}: {message}".replace(" , ", ", ")


def _model_problems(model_name: str, kind: str, key: str, doc: Any) -> tuple[Any, list[str]]:
    """Ask the pydantic model: the model, or one line per problem it names."""
    from pydantic import ValidationError

    from nervecheck.engine.store import schema as models
    from nervecheck.engine.content_files import field_path

    try:
        return getattr(models, model_name).model_validate(doc), []
    except ValidationError as error:
        return None, [_problem(kind, key, field_path(item["loc"]), item["msg"].removeprefix("Value error, "))
                      for item in error.errors()]


def _entry_key(doc_id: str, doc: Any) -> str:
    date = doc.get("date") if isinstance(doc, dict) else None
    return date if isinstance(date, str) and len(date) <= 40 else f"#{doc_id}"


def _entry_docs(data: dict[str, Any], found: list[str], slow: list[str]) -> dict[int, dict[str, Any]]:
    entries = {}
    for doc_id, doc in data.get(ENTRIES, {}).items():
        if not records.entry_ok(doc):
            slow.append(doc_id)
            from nervecheck.engine.textsafe import visible

            model, problems = _model_problems("Entry", "entry", visible(_entry_key(doc_id, doc)), doc)
            if problems:
                found += problems
                continue
            doc = model.to_json()
        day = dt.date.fromisoformat(doc["date"])
        if day.toordinal() != int(doc_id):
            found.append(f"entry {day}: stored under the wrong id {doc_id}")
            continue
        entries[int(doc_id)] = doc
    return entries


def _check_docs(data: dict[str, Any], found: list[str], slow: list[str]) -> list[tuple[dt.datetime, dict[str, Any]]]:
    checks = []
    for doc_id, doc in data.get(CHECKS, {}).items():
        if records.check_ok(doc):
            checks.append((records.check_time(doc), doc))
            continue
        slow.append(doc_id)
        model, problems = _model_problems("CheckRecord", "saved check", f"#{doc_id}", doc)
        found += problems
        if model is not None:
            time = model.time if model.time.tzinfo else model.time.replace(tzinfo=dt.timezone.utc)
            checks.append((time, model.model_dump(mode="json")))
    return checks


def table_problems(data: dict[str, Any]) -> tuple[_Index, list[str]]:
    """Check every document; the usable ones and one line per problem found."""
    found: list[str] = []
    slow: list[str] = []  # documents only the models could judge
    entries = _entry_docs(data, found, slow)
    checks = _check_docs(data, found, slow)
    found += _tombstone_problems(data)  # issue 15
    found += activities.table_problems(data)  # issue 16: imported activities and shoes
    settings = data.get(SETTINGS, {}).get("1", {})
    if not records.settings_ok(settings):
        slow.append("settings")
        model, problems = _model_problems("Settings", "settings", "", settings)
        found += problems
        settings = model.model_dump(mode="json") if model is not None else {}
    index = _Index(entries, checks, settings)
    index.all_fast = not slow
    return index, found


def _tombstone_problems(data: dict[str, Any]) -> list[str]:
    """One line per tombstone not as NerveCheck writes it, or under the wrong id."""
    from nervecheck.engine.store.merge import tombstone_ok

    found = []
    for doc_id, doc in data.get(DELETED, {}).items():
        if not tombstone_ok(doc):
            found.append(f"deleted entry #{doc_id}: not a date and the time it was deleted")
        elif dt.date.fromisoformat(doc["date"]).toordinal() != int(doc_id):
            found.append(f"deleted entry {doc['date']}: stored under the wrong id {doc_id}")
    return found


def validate_tables(data: dict[str, Any], path: Path) -> _Index:
    """Check every document; the first bad one raises naming the entry and field."""
    index, found = table_problems(data)
    if found:
        more = f" (and {len(found) - 1} more problem(s): run `nervecheck db check`)" if len(found) > 1 else ""
        raise DamagedStoreError(path, found[0] + more)
    return index


def schema_version(data: dict[str, Any], path: Path) -> int:
    """The file's schema version: this NerveCheck's, or one it has a migration from.

    Anything else (0, -1, a version no NerveCheck ever wrote) is damage, so it is
    refused before any backup or migration could touch a good copy.
    """
    version = data.get(META, {}).get("1", {}).get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise DamagedStoreError(path, "_meta has no schema_version")
    if version > SCHEMA_VERSION:
        raise DamagedStoreError(path, f"schema version {version} is newer than this NerveCheck ({SCHEMA_VERSION})")
    if version != SCHEMA_VERSION and version not in MIGRATIONS:
        raise DamagedStoreError(path, f"schema version {version} is not one NerveCheck has ever written "
                                      f"(this one reads version {SCHEMA_VERSION})")
    return version


def file_problems(path: Path) -> list[str]:
    """Every problem of the database file at ``path`` (not just the first), one line each."""
    try:
        data = decode(read_database_bytes(path)[0], path)
        schema_version(data, path)
    except DamagedStoreError as error:
        return [str(error)]
    except OSError as error:
        return [f"{path}: cannot be read ({describe_os_error(error)})"]
    return [f"{path}: {line}" for line in table_problems(data)[1]]


class _NeedsLock(StoreError):
    """A read-only open met a file only a writer may prepare (an older schema)."""


class Store:
    """NerveCheck's repository. Open with :meth:`open`; safe across processes.

    ``storage`` is a TinyDB storage class: :class:`AtomicJSONStorage` (and its
    subclasses) is built on ``path``; any other (``tinydb.storages.MemoryStorage``) is
    built with no arguments, and ``path`` only names the database in messages.
    """

    def __init__(self, path: Path, clock: Clock | None = None, storage=AtomicJSONStorage) -> None:
        self.path = Path(path)
        self.clock = clock or SystemClock()
        on_file = isinstance(storage, type) and issubclass(storage, AtomicJSONStorage)
        self._db = TinyDB(*([self.path] if on_file else []), storage=LockingMiddleware(storage))
        self._storage: LockingMiddleware = self._db.storage  # type: ignore[assignment]
        #: The database file's storage, ``None`` for one that keeps no file.
        self._file: AtomicJSONStorage | None = self._storage.storage if on_file else None
        if self._file is not None:
            self._file.known_good = lambda digest: verified.vouches_for(self.path, digest)
        self._snapshot: _Index | None = None
        self._snapshot_version = -1
        self._unchecked = False

    @classmethod
    def open(cls, path: Path, clock: Clock | None = None, check_later: bool = False,
             long_lived: bool = False, read_only: bool = False, storage=AtomicJSONStorage) -> Store:
        """Open (creating if missing) and validate the database at ``path``.

        ``read_only`` (the reading commands) creates nothing ("no database at PATH")
        and takes no lock: a reader never waits for a writer, and reads the last
        file a writer committed (writes replace it atomically). A file a migration
        would change is refused rather than changed by a read.

        A damaged file raises :class:`DamagedStoreError` after a timestamped
        ``.corrupt`` copy is kept; the file itself is left exactly as it was.

        ``check_later`` (the TUI) parses the file strictly but leaves the
        per-document checks to :meth:`verify`, which the app calls right after its
        first frame; until then only the light views can be read, and any model
        read or change runs the checks first.
        """
        store = cls(path, clock, storage)
        exists = store._exists(must_exist=read_only)
        store._unchecked = check_later
        if read_only:
            store._prepare(read_only=True)
            return store
        if exists and long_lived:
            # The app's start reads without waiting for a writer; a migration or a
            # missing file still needs the lock (below).
            with contextlib.suppress(_NeedsLock):
                store._prepare(read_only=True)
                return store
        with store._opened_for_writing():
            pass
        return store

    def _exists(self, must_exist: bool = False) -> bool:
        """Whether the database exists; for a file, :func:`check_database_path`'s refusals."""
        if self._file is not None:
            return check_database_path(self.path, must_exist)
        if must_exist and self._storage.read() is None:
            raise StoreError(f"no database at {self.path}")
        return False  # nothing to gain from a read without the lock

    @contextmanager
    def _opened_for_writing(self) -> Iterator[None]:
        """Make the folder, then hold the lock: clean up after a killed writer, create
        or upgrade the database, check it."""
        if self._file is not None:
            ensure_folder(self.path.parent)
        with self.writing():
            if self._file is not None:
                remove_stray_temps(self.path)
            self._prepare()
            yield

    @contextmanager
    def writing(self) -> Iterator[None]:
        """Hold the database's lock across several reads and changes: no other process
        can change the file between a read and the change made from it, and the file
        is re-read only once (each change inside still saves at its own end). A change
        outside takes the lock itself; readers never wait for it."""
        with self._storage.locked():
            yield

    def _prepare(self, read_only: bool = False) -> None:
        with self._keeping_damaged_copy():
            data = self._storage.read()
            if data is None:
                if read_only:
                    raise StoreError(f"no database at {self.path}")
                self._storage.write({META: {"1": {"schema_version": SCHEMA_VERSION}}, ENTRIES: {}, CHECKS: {}})
                self._vouch(True)  # an empty database passes every check
                return
            if schema_version(data, self.path) < SCHEMA_VERSION:
                if read_only:
                    raise _NeedsLock(f"{self.path} needs upgrading: run a command that saves, or open the app")
                self._migrate(data)
        self._current()
        if not read_only and not self._unchecked and self._file is not None and not self._file.in_layout:
            self._rewrite_in_layout()  # (an unchecked store, the app's, is rewritten by its first change)

    def _rewrite_in_layout(self) -> None:
        """Write a file read whole (an older NerveCheck's single line, a hand-edited
        one) back one document per line, unchanged in content, so the next start reads
        it lazily (:mod:`~nervecheck.engine.store.layout`). Taken with the day's backup."""
        with self._change():
            self._write_tables({})

    @contextmanager
    def _keeping_damaged_copy(self) -> Iterator[None]:
        """On damage, keep a timestamped copy of the file as it is (never touch it)."""
        try:
            yield
        except DamagedStoreError as error:
            if error.kept_copy is None and self._file is not None:
                error.kept_copy = backups.keep_corrupt_copy_quietly(self.path, self.clock.now())
            raise

    def _migrate(self, data: dict[str, Any]) -> None:
        if self._file is not None:
            backups.take_daily_backup(self.path, self.clock.today(), force=True)
        version = schema_version(data, self.path)
        while version < SCHEMA_VERSION:
            data = MIGRATIONS[version](data)
            version += 1
        data[META] = {"1": {"schema_version": SCHEMA_VERSION}}
        self._storage.write(data)

    def verify(self) -> None:
        """Run the checks that ``check_later`` put off; raises :class:`DamagedStoreError`."""
        if not self._unchecked:
            return
        self._unchecked = False
        self._snapshot = None
        self._current()

    # -- reading --------------------------------------------------------------

    def _current(self) -> _Index:
        """The validated contents of the file as it is now (cheap when unchanged).

        Under the lock, the first read compares the file's bytes rather than trusting
        its stat (the middleware's re-read).
        """
        with self._keeping_damaged_copy():
            data = self._storage.read()
            if data is None:
                raise DamagedStoreError(self.path, "the database file has disappeared")
            version = self._storage.version
            if self._snapshot is None or version != self._snapshot_version:
                schema_version(data, self.path)
                if self._storage.trusted:
                    self._unchecked = False  # these bytes passed every check before
                    self._snapshot = _Index.unchecked(data)
                elif self._unchecked:
                    self._snapshot = _Index.unchecked(data)
                else:
                    self._snapshot = validate_tables(data, self.path)
                    self._vouch(self._snapshot.all_fast)
                self._snapshot_version = version
        return self._snapshot

    def _vouch(self, all_fast: bool) -> None:
        """Note the cached bytes as good, when every document passed the fast checks
        (the note's rules cover those checks; the models' own judgement is not noted)."""
        digest = self._storage.digest
        if all_fast and digest is not None and self._file is not None and self._file.in_layout:
            verified.write(self.path, digest)
            self._file.trusted = True

    def _checked(self) -> _Index:
        self.verify()
        return self._current()

    def entries(self, start: dt.date | None = None, end: dt.date | None = None) -> list[Entry]:
        """Entries sorted by date, optionally limited to ``start``..``end`` inclusive."""
        index = self._checked()
        return [index.entry(ordinal) for ordinal in index.span(start, end)]

    def entry(self, day: dt.date) -> Entry | None:
        index = self._checked()
        return index.entry(day.toordinal()) if day.toordinal() in index.entry_docs else None

    def entry_doc(self, day: dt.date) -> dict[str, Any] | None:
        """The day's checked entry as a document in the model's form (a copy), or ``None``."""
        doc = self._checked().entry_docs.get(day.toordinal())
        return None if doc is None else _canonical(doc)

    def entry_docs(self, start: dt.date | None = None, end: dt.date | None = None) -> list[dict[str, Any]]:
        """Checked entries as documents in the model's form, sorted by date (no pydantic)."""
        index = self._checked()
        return [_canonical(index.entry_docs[ordinal]) for ordinal in index.span(start, end)]

    def entry_views(self, start: dt.date | None = None, end: dt.date | None = None) -> list[records.EntryView]:
        """Light read-only entries, for screens that must draw before pydantic loads."""
        index = self._current()
        try:
            return [records.EntryView(index.entry_docs[ordinal]) for ordinal in index.span(start, end)]
        except (KeyError, TypeError, ValueError, AttributeError):
            self.verify()  # unchecked and malformed: raises, naming the entry and field
            raise

    def checks(self) -> list[CheckRecord]:
        """Saved checks, oldest first."""
        return list(self._checked().checks())

    def checks_between(self, start: dt.date, end: dt.date) -> list[CheckRecord]:
        """Saved checks whose day is from ``start`` to ``end``, oldest first: only those
        are built as models (a four-week report needs a handful, not five hundred)."""
        from nervecheck.engine.store.schema import CheckRecord

        return [CheckRecord.model_validate(doc) for doc in self._checked().check_docs
                if start <= records.check_time(doc).date() <= end]

    def latest_check(self) -> CheckRecord | None:
        """The newest saved check not marked "entered by mistake" (issue 15)."""
        checks = [check for check in self._checked().checks() if not check.mistake]
        return checks[-1] if checks else None

    def latest_check_view(self) -> records.CheckView | None:
        """The newest saved check not marked "entered by mistake", as a light view."""
        doc = self._current().latest_check_doc()  # issue 15
        if doc is not None and not records.check_ok(doc):
            # Not as NerveCheck writes it (say an unknown disposition), and maybe not yet
            # checked: let the models judge it before a screen trusts its fields.
            self.verify()  # damaged: raises, naming the check and the field
            doc = self._current().latest_check_doc()
        try:
            return records.CheckView(doc) if doc is not None else None
        except (KeyError, TypeError, ValueError, AttributeError):
            self.verify()
            raise

    def settings(self) -> Settings:
        return self._checked().settings()

    def units(self) -> str:
        """The distance units to show (``km`` or ``mi``), without loading the models."""
        units = self._current().settings_doc.get("units", "km")
        return units if units in ("km", "mi") else "km"

    def setting(self, name: str) -> Any:
        """One setting's stored value (its default when not stored, or not as NerveCheck
        writes it), without loading the models: the app reads its theme before the
        first frame (issue 18)."""
        from nervecheck.engine.store.fields import SETTINGS as SETTINGS_DOC

        default = SETTINGS_DOC[name].default
        value = self._current().settings_doc.get(name, default)
        return value if records.settings_ok({name: value}) else default

    # -- writing --------------------------------------------------------------

    @contextmanager
    def _change(self) -> Iterator[None]:
        """Lock, re-read the file as it is now, back up once a day, then write once.

        Re-reading under the lock is what keeps two processes from losing each
        other's writes: the change is applied to the latest version on disk. The
        TinyDB operations inside are one transaction: one write at the end, none if
        anything raises (the cache stays the file's).
        """
        with self._storage.locked():
            try:
                self.verify()
                good = self._current().all_fast
                if self._file is not None:
                    backups.take_daily_backup(self.path, self.clock.today())
                self._written_fast = True
                with self._storage.transaction():
                    yield
                self._vouch(good and self._written_fast)
            finally:
                self._snapshot = None  # rebuilt lazily from the file

    def save_entry(self, entry: Entry) -> Entry:
        """Create or replace the entry for ``entry.date``."""
        return self.modify_entry(entry.date, lambda _old: entry)

    def modify_entry(self, day: dt.date, change: Callable[[Entry | None], Entry]) -> Entry:
        """Apply ``change`` to the day's entry as it is on disk now, under the lock."""
        from nervecheck.engine.store.schema import Entry

        def on_doc(doc: dict[str, Any] | None) -> dict[str, Any]:
            return change(None if doc is None else Entry.model_validate(doc)).to_json()

        return Entry.model_validate(self.modify_entry_doc(day, on_doc))

    def modify_entry_doc(self, day: dt.date, change: Callable[[dict[str, Any] | None], dict[str, Any]]) -> dict[str, Any]:
        """Apply ``change`` to the day's entry document as it is on disk now, under the lock.

        ``change`` gets a copy in the model's form (``None`` for a new day) and returns
        the new document; it is stamped with the time and checked (the fast check, else
        the model, whose ``ValidationError`` is raised) before it is written.
        """
        with self._change():
            doc = dict(change(self.entry_doc(day)))
            doc["updated_at"] = records.stamp_text(self.clock.now())
            if doc.get("date") != day.isoformat():
                raise ValueError("an entry cannot change its date")
            doc = _canonical(doc)
            self._put(ENTRIES, [Document(doc, doc_id=day.toordinal())])
            self._drop_tombstones([day.toordinal()])  # issue 15: logged again, no longer deleted
        return doc

    def delete_entry(self, day: dt.date) -> bool:
        """Delete the day's entry, leaving a tombstone (see :meth:`delete_day`)."""
        return self.delete_day(day) is not None

    def merge_entries(self, incoming: Iterable[Entry]) -> tuple[int, int]:
        """Add new days and wholly replace existing ones; one lock, one write.

        For filling a store (the demo, benchmarks, tests); ``log import`` merges field
        by field with :meth:`import_entries`.
        """
        added = updated = 0
        with self._change():
            docs = []
            for entry in incoming:
                if self.entry(entry.date) is None:
                    added += 1
                else:
                    updated += 1
                docs.append(Document(entry.to_json(), doc_id=entry.date.toordinal()))
            if docs:
                self._put(ENTRIES, docs)
        return added, updated

    def import_entries(self, incoming: Iterable[tuple[dict[str, Any], Iterable[str]]]) -> dict[str, int]:
        """Merge entry documents, each with the fields it names, by the rule of
        :mod:`nervecheck.engine.store.merge`; the count of each outcome. One lock, and one write
        only when a day changes (re-importing an export writes nothing)."""
        from nervecheck.engine.store import merge as entry_merge

        counts = dict.fromkeys(entry_merge.OUTCOMES, 0)
        with self.writing():
            self.verify()
            self._current()  # judged against the file as it is now (the re-read), not as last seen
            docs = []
            deleted = self.tombstone_docs()
            for doc, named in incoming:
                day = records.parse_day(doc["date"])
                tomb = deleted.get(day.toordinal())
                if tomb is not None and not entry_merge.entry_outlives(doc, tomb):
                    # Issue 15: deleted after this copy was saved; the deletion stands.
                    counts[entry_merge.KEPT_DELETED] = counts.get(entry_merge.KEPT_DELETED, 0) + 1
                    continue
                outcome, merged = entry_merge.merge_entry(self.entry_doc(day), _canonical(doc), named)
                counts[outcome] += 1
                if merged is not None:
                    docs.append(Document(_canonical(merged), doc_id=day.toordinal()))
            if docs:
                with self._change():  # the lock is re-entrant: nothing changed in between
                    self._put(ENTRIES, docs)
                    self._drop_tombstones([doc.doc_id for doc in docs])
        return counts

    def _put(self, table_name: str, docs: list[Document]) -> None:
        """Create or wholly replace documents by id, inside :meth:`_change` (one write).

        Written through the middleware as whole documents (:meth:`_write_tables`):
        TinyDB's table operations read every document of the table first, and the
        file keeps the documents nobody asked for unparsed (:mod:`~nervecheck.engine.store.layout`),
        so saving one entry parses and encodes one entry, not ten years of them. A
        replaced document is a new object: what was read from the old one (say an
        :class:`records.EntryView`) stays as it was.
        """
        self._write_tables({table_name: {doc.doc_id: dict(doc) for doc in docs}})

    def add_check(self, record: CheckRecord) -> CheckRecord:
        with self._change():
            next_id = max(map(int, (self._storage.read() or {}).get(CHECKS, {}).keys()), default=0) + 1
            self._put(CHECKS, [Document(_check_doc(record), doc_id=next_id)])
        return record

    def save_settings(self, settings: Settings) -> Settings:
        with self._change():
            self._put(SETTINGS, [Document(settings.model_dump(mode="json"), doc_id=1)])
        return settings

    def change_settings(self, **values: Any) -> Settings:
        """Set the named settings on top of the settings as they are on disk now, under
        the lock, so saving the theme never undoes the units another window just chose."""
        from nervecheck.engine.store.schema import Settings

        with self._change():
            settings = Settings.model_validate({**self._current().settings_doc, **values})
            self._put(SETTINGS, [Document(settings.model_dump(mode="json"), doc_id=1)])
        return settings

    def _table(self, name: str) -> Table:
        """A TinyDB table with no query cache: another process may change the file
        between two searches, and only the storage is checked for that."""
        return self._db.table(name, cache_size=0)

    def close(self) -> None:
        self._db.close()

    # -- corrections and merging (issue 15) -----------------------------------------
    #
    # Added here, apart from the methods above: a deleted day leaves a tombstone in
    # ``DELETED``; saved checks are addressed by :func:`nervecheck.engine.store.sync.check_id`.

    def tombstone_docs(self) -> dict[int, dict[str, Any]]:
        """The deleted days' tombstones (checked when the file was read), by ordinal."""
        self._checked()
        return {int(key): dict(doc) for key, doc in (self._storage.read() or {}).get(DELETED, {}).items()}

    def _after(self, doc: dict[str, Any] | None, key: str = "updated_at") -> dt.datetime:
        """Now, or a microsecond after ``doc``'s stamp if that is not yet past (a copy
        from a machine whose clock runs ahead): a correction made now must be newer
        than what it corrects, or a merge would undo it."""
        now = self.clock.now()
        text = doc.get(key) if doc else None
        if text is None:
            return now
        moment = records.check_time({"time": text})
        return max(now, moment + dt.timedelta(microseconds=1))

    def _write_tables(self, changes: dict[str, dict[int, dict[str, Any] | None]]) -> None:
        """One atomic write of whole documents by id (``None`` removes one); in :meth:`_change`."""
        from nervecheck.engine.store.merge import tombstone_ok

        fast = {**_FAST_CHECKS, DELETED: tombstone_ok}
        data = dict(self._storage.read() or {})
        for table, docs in changes.items():
            rows = copy_table(data.get(table))  # the documents nobody changed stay as read
            for doc_id, doc in docs.items():
                if doc is None:
                    rows.pop(str(doc_id), None)
                else:
                    rows[str(doc_id)] = doc
                    self._written_fast = self._written_fast and fast[table](doc)
            data[table] = rows
        self._storage.write(data)

    def _drop_tombstones(self, ordinals: list[int]) -> None:
        """Forget the deletion of days just logged again (in :meth:`_change`)."""
        held = (self._storage.read() or {}).get(DELETED, {})
        gone = [ordinal for ordinal in ordinals if str(ordinal) in held]
        if gone:
            self._write_tables({DELETED: dict.fromkeys(gone)})

    def delete_day(self, day: dt.date) -> dict[str, Any] | None:
        """Delete the day's entry, leaving a tombstone so a merge of an older copy does
        not bring it back; the deleted document (for an undo), or ``None`` if there was
        none. The day's backup, taken before the first change, still holds it."""
        from nervecheck.engine.store.merge import tombstone

        with self._change():
            doc = self.entry_doc(day)
            if doc is None:
                return None
            self._write_tables({ENTRIES: {day.toordinal(): None},
                                DELETED: {day.toordinal(): tombstone(day, self._after(doc))}})
        return doc

    def restore_entry(self, doc: dict[str, Any]) -> dict[str, Any] | None:
        """Undo a deletion: the entry back as it was, stamped now (so it also outlives
        the tombstone in copies that merged it). ``None``, and nothing changed, when
        the day has been logged again since."""
        day = records.parse_day(doc["date"])
        with self._change():
            if self.entry_doc(day) is not None:
                return None
            tomb = (self._storage.read() or {}).get(DELETED, {}).get(str(day.toordinal()))
            restored = _canonical({**doc, "updated_at": records.stamp_text(self._after(tomb))})
            self._write_tables({ENTRIES: {day.toordinal(): restored}, DELETED: {day.toordinal(): None}})
        return restored

    def save_entry_fields(self, day: dt.date, fields: dict[str, Any]) -> dict[str, Any]:
        """The app's save: ``fields`` (in the model's JSON form) merged into the day as
        it is on disk now by :mod:`nervecheck.engine.store.merge`'s rule, as an edit
        made now; fields not given keep what another session saved. The saved
        document; a bad value raises the model's ``ValidationError``."""
        from nervecheck.engine.store import merge as entry_merge

        with self._change():
            stored = self.entry_doc(day)
            tomb = (self._storage.read() or {}).get(DELETED, {}).get(str(day.toordinal()))
            moment = self._after(stored or tomb)
            incoming = _canonical({**(stored or records.blank_entry(day)), **fields, "date": day.isoformat(),
                                   "updated_at": records.stamp_text(moment)})
            outcome, merged = entry_merge.merge_entry(stored, incoming, fields)
            if outcome == entry_merge.UNCHANGED and stored is not None:
                return stored
            merged = _canonical(merged)
            self._write_tables({ENTRIES: {day.toordinal(): merged}, DELETED: {day.toordinal(): None}})
        return merged

    def checks_with_ids(self) -> list[tuple[str, CheckRecord]]:
        """Saved checks, oldest first, each with its stable id."""
        from nervecheck.engine.store.sync import check_id

        index = self._checked()
        return list(zip((check_id(doc) for doc in index.check_docs), index.checks()))

    def check_docs_with_ids(self) -> list[tuple[str, dict[str, Any]]]:
        """:meth:`checks_with_ids` as checked documents (copies), without the models:
        for ``log show``, which must not load pydantic (issue 18)."""
        from nervecheck.engine.store.sync import check_id

        return [(check_id(doc), dict(doc)) for doc in self._checked().check_docs]

    def find_check(self, wanted: str) -> tuple[str, CheckRecord]:
        """The check whose id is ``wanted`` or starts with it (4 or more characters);
        ``ValueError`` with one line when none or more than one matches."""
        text = wanted.strip().lower()
        if len(text) < 4:
            raise ValueError(f"check id {wanted!r}: give at least 4 characters of the id `check list` shows")
        found = [(key, record) for key, record in self.checks_with_ids() if key.startswith(text)]
        if not found:
            raise ValueError(f"no saved check has the id {wanted!r}; `nervecheck check list` shows them")
        if len({key for key, _record in found}) > 1:
            raise ValueError(f"check id {wanted!r} matches {len(found)} checks; give more of it")
        return found[0]

    def mark_check(self, wanted: str, mistake: bool = True) -> CheckRecord:
        """Mark the check (see :meth:`find_check`) as entered by mistake, or clear the
        mark; the check as now stored. Marking is stamped, so copies merge by the newer."""
        from nervecheck.engine.store.schema import CheckRecord
        from nervecheck.engine.store.sync import check_id

        with self._change():
            key, _record = self.find_check(wanted)
            rows = (self._storage.read() or {}).get(CHECKS, {})
            changes: dict[int, dict[str, Any]] = {}
            for doc_id, doc in rows.items():
                if check_id(doc) == key:
                    changes[int(doc_id)] = {**doc, "mistake": mistake,
                                            "marked_at": records.stamp_text(self._after(doc, "marked_at"))}
            self._write_tables({CHECKS: changes})
        return CheckRecord.model_validate(next(iter(changes.values())))

    def merge_copy(self, theirs: Any) -> dict[str, int]:
        """Merge another copy of the database (a :class:`nervecheck.engine.store.sync.State`,
        as :func:`nervecheck.engine.store.copies.read_state` reads one) into this one by the
        one rule; one lock, and one write only if anything changed."""
        from nervecheck.engine.store import sync

        with self.writing():
            self.verify()
            index = self._current()  # the file as it is now (the re-read under the lock)
            mine = sync.State.of({day: _canonical(doc) for day, doc in index.entry_docs.items()},
                                 self.tombstone_docs(), list(index.check_docs))
            merged, counts = sync.merge_states(mine, theirs)
            changes = _state_changes(mine, merged, (self._storage.read() or {}).get(CHECKS, {}))
            if any(changes.values()):
                with self._change():  # re-entrant: nothing changed in between
                    self._write_tables(changes)
        return counts

    # -- runs from the watch, and shoes (issue 16) -----------------------------------
    #
    # Added here, apart from the methods above: the ``activities`` and ``shoes`` tables of
    # :mod:`nervecheck.engine.store.activities`. The entries are never written by these.

    def activity_docs(self, start: dt.date | None = None, end: dt.date | None = None,
                      checked: bool = True) -> dict[int, dict[str, Any]]:
        """The stored activities (checked when the file was read) by id, sorted by
        start, optionally only those whose local ``day`` is from ``start`` to ``end``.
        ``checked=False`` (the home screen's first frame) does not run the checks the
        app put off: the caller must call :meth:`verify` if a document surprises it."""
        self._checked() if checked else self._current()
        rows = (self._storage.read() or {}).get(activities.ACTIVITIES, {})
        docs = {int(key): dict(doc) for key, doc in rows.items()
                if (start is None or doc["day"] >= start.isoformat()) and (end is None or doc["day"] <= end.isoformat())}
        return dict(sorted(docs.items(), key=lambda pair: (pair[1]["start"], pair[0])))

    def activity_views(self, start: dt.date | None = None, end: dt.date | None = None,
                       checked: bool = True, ordered: bool = True) -> list[Mapping[str, Any]]:
        """The activities of :meth:`activity_docs`, in the same order (``ordered``;
        else in the file's, for a sum), as read-only views of the documents held in
        memory: nothing is copied, so the home screen and the insights read two
        thousand activities without doubling them (peak memory at start). For
        readers; a caller that changes a document uses :meth:`activity_docs` or
        :meth:`change_runs`."""
        index = self._checked() if checked else self._current()
        rows = (self._storage.read() or {}).get(activities.ACTIVITIES, {})
        low, high = start and start.isoformat(), end and end.isoformat()
        days = index.activity_days(rows) if low or high else None
        if days is not None:  # a span of a file read lazily: only its activities are parsed
            rows = {key: rows[key] for key, day in days.items() if (low is None or day >= low) and (high is None or day <= high)}
        if not ordered:
            return [MappingProxyType(doc) for doc in rows.values()
                    if (low is None or doc["day"] >= low) and (high is None or doc["day"] <= high)]
        chosen = [(doc["start"], int(key), doc) for key, doc in rows.items()
                  if (low is None or doc["day"] >= low) and (high is None or doc["day"] <= high)]
        chosen.sort(key=lambda row: row[:2])
        return [MappingProxyType(doc) for _start, _key, doc in chosen]

    def activity_fields(self, fields: tuple[str, ...], checked: bool = True) -> list[dict[str, Any]]:
        """Only ``fields`` of every stored activity, in the file's order: for a sum over
        all of them (shoe distances) that need not keep two thousand activities parsed
        (each is parsed for this and let go, when the file is read lazily)."""
        self._checked() if checked else self._current()
        rows = (self._storage.read() or {}).get(activities.ACTIVITIES, {})
        if not isinstance(rows, LazyTable):
            return [{name: doc.get(name) for name in fields} for doc in rows.values()]
        columns = [rows.scalars_of(name) for name in fields]  # from the lines, mostly
        found = []
        for key in rows:
            row = {name: column[key] for name, column in zip(fields, columns)}
            if any(value is UNKNOWN for value in row.values()):
                doc = rows.peek(key)
                row = {name: doc.get(name) for name in fields}
            found.append(row)
        return found

    def shoe_docs(self, checked: bool = True) -> dict[int, dict[str, Any]]:
        """The shoes (checked when the file was read) by id, in the order added
        (``checked``: as for :meth:`activity_docs`)."""
        self._checked() if checked else self._current()
        rows = (self._storage.read() or {}).get(activities.SHOES, {})
        return dict(sorted((int(key), dict(doc)) for key, doc in rows.items()))

    def change_runs(self, change: Callable[[dict[int, dict[str, Any]], dict[int, dict[str, Any]]],
                                           tuple[dict[int, dict[str, Any] | None], dict[int, dict[str, Any] | None], Any]]) -> Any:
        """Change activities and shoes in one locked write: ``change`` gets the stored
        activities and shoes by id as they are on disk now and returns the documents to
        write by id (``None`` removes one; a new id is one not yet used) for each
        table, and a result, which is returned. Every document is checked first; a bad
        one raises ``ValueError`` naming it and nothing is written. Nothing to change
        writes nothing; an interrupt before the write leaves the file as it was."""
        with self._change():
            acts, shoes, result = change(self.activity_docs(), self.shoe_docs())
            for table, docs, check, canonical in (
                    (activities.ACTIVITIES, acts, activities.activity_problem, activities.canonical_activity),
                    (activities.SHOES, shoes, activities.shoe_problem, activities.canonical_shoe)):
                for doc_id, doc in docs.items():
                    problem = None if doc is None else check(doc)
                    if problem:
                        raise ValueError(f"{table[:-1]} #{doc_id}: {problem}")
                    docs[doc_id] = None if doc is None else canonical(doc)  # as the model writes it
            changes = {table: docs for table, docs in ((activities.ACTIVITIES, acts), (activities.SHOES, shoes)) if docs}
            if changes:
                self._write_tables(changes)
        return result


def _state_changes(mine: Any, merged: Any, check_rows: dict[str, Any]) -> dict[str, dict[int, Any]]:
    """The documents to write (``None``: remove) to turn ``mine`` into ``merged``."""
    from nervecheck.engine.store.sync import check_id

    entries = {day: doc for day, doc in merged.entries.items() if mine.entries.get(day) != doc}
    entries.update({day: None for day in mine.entries if day not in merged.entries})
    deleted = {day: doc for day, doc in merged.deleted.items() if mine.deleted.get(day) != doc}
    deleted.update({day: None for day in mine.deleted if day not in merged.deleted})
    checks: dict[int, Any] = {}
    ids = {check_id(doc): int(doc_id) for doc_id, doc in check_rows.items()}
    next_id = max((int(key) for key in check_rows), default=0) + 1
    for key, doc in merged.checks.items():
        if key not in mine.checks:
            checks[next_id] = doc
            next_id += 1
        elif mine.checks[key] != doc:
            checks[ids[key]] = doc
    return {ENTRIES: entries, DELETED: deleted, CHECKS: checks}


def _check_doc(record: CheckRecord) -> dict[str, Any]:
    """A check as stored: a check never marked carries no mark fields (issue 15), so
    its document, and so its id, is what it always was."""
    doc = record.model_dump(mode="json")
    if not doc.get("mistake") and doc.get("marked_at") is None:
        doc.pop("mistake", None)
        doc.pop("marked_at", None)
    return doc


_FAST_CHECKS: dict[str, Callable[[Any], bool]] = {
    ENTRIES: records.entry_ok, CHECKS: records.check_ok, SETTINGS: records.settings_ok,
    activities.ACTIVITIES: activities.activity_ok, activities.SHOES: activities.shoe_ok,  # issue 16
}


def open_store(path: Path, clock: Clock | None = None, check_later: bool = False, long_lived: bool = False,
               read_only: bool = False) -> Store:
    """Open the store, raising :class:`StoreError` subclasses with plain messages.

    ``long_lived`` (the app) reads at start without waiting for a writer;
    ``read_only`` (see :meth:`Store.open`) creates nothing and never waits.
    """
    try:
        return Store.open(path, clock, check_later, long_lived, read_only)
    except OSError as error:
        raise StoreError(f"cannot open {path}: {error.strerror or error}") from None


@contextmanager
def writing_store(path: Path, clock: Clock | None = None) -> Iterator[Store]:
    """:func:`open_store` for a command that changes what it reads (``log add``): the
    store is opened with its lock taken (:meth:`Store.writing`) and held until the
    block ends, so the file is read once and no other session can change it between
    the read and the write."""
    with contextlib.ExitStack() as held:
        try:
            store = Store(path, clock)
            store._exists()  # a link or a device: refused before a lock file is made beside it
            held.enter_context(store._opened_for_writing())
        except OSError as error:
            raise StoreError(f"cannot open {path}: {error.strerror or error}") from None
        yield store


__all__ = ["Store", "open_store", "writing_store", "StoreError", "DamagedStoreError", "SCHEMA_VERSION"]
