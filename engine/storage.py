"""Crash-safe file storage for TinyDB: atomic replace, a lock, a checked cache.

TinyDB's own ``JSONStorage`` writes in place, so a kill mid-write leaves a broken
file. :class:`AtomicJSONStorage` writes a temp file beside the database (owner-only),
fsyncs it, ``os.replace``\\ s it over the old one and fsyncs the folder: a reader sees
the old file or the new one, never a mix.

Reads are served from memory after one parse. The cache is checked against the
file's inode, size and times on every read, so a write by another process (which
always makes a new inode) is noticed on the next read; before every change, under
:func:`file_lock`, the file's bytes themselves are compared, so a change is always
applied to the latest version on disk and never clobbers another process's write.

A file that cannot be parsed raises :class:`DamagedStoreError` naming the line and
column; it is never treated as empty and never overwritten.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import gc
import json
import os
import re
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from tinydb.storages import Storage

from engine import locations
from engine.digests import digest as _digest

FILE_MODE = 0o600
DIR_MODE = 0o700


class StoreError(Exception):
    """Base of the store's errors; ``str()`` is one plain line for the user."""


class DamagedStoreError(StoreError):
    """The database file exists but is not a readable NerveCheck database."""

    def __init__(self, path: Path, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem
        self.kept_copy: Path | None = None


class StoreWriteError(StoreError):
    """A write failed (disk full, read-only, permissions); the file is unchanged."""


def ensure_folder(folder: Path) -> None:
    """Create ``folder`` and any missing parents owner-only (0700), whatever the umask.

    Folders that already exist keep their mode: they are the user's.
    """
    missing = []
    while not folder.is_dir():
        missing.append(folder)
        if folder.parent == folder:
            break
        folder = folder.parent
    for new in reversed(missing):
        try:
            new.mkdir(mode=DIR_MODE)
        except FileExistsError:
            continue  # made by another process meanwhile
        os.chmod(new, DIR_MODE)


def fsync_folder(folder: Path) -> None:
    """Make a rename in ``folder`` durable (where the file system supports it)."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    except OSError as error:
        # Some file systems cannot fsync a folder; the rename itself still happened.
        if error.errno not in (errno.EINVAL, errno.ENOTSUP):
            raise
    finally:
        os.close(fd)


def atomic_write_bytes(path: Path, payload: bytes) -> None:
    """Durably replace ``path`` with ``payload``: all of the old file or all of the new.

    Raises ``OSError`` with the file unchanged and no temp file left behind.
    """
    global _writes_made
    _writes_made += 1  # counted before, so a failed write is never taken as no write
    temp = path.with_name(f"{locations.temp_prefix(path)}{os.getpid()}-{os.urandom(4).hex()}")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    try:
        try:
            os.fchmod(fd, FILE_MODE)
            view = memoryview(payload)
            while view:
                view = view[os.write(fd, view):]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    fsync_folder(path.parent)


def stray_temp_patterns(db: Path) -> list[tuple[Path, str]]:
    """Where a killed writer can leave temp files: the database, its copies, its backups."""
    name = glob_escape(db.name)
    return [
        (db.parent, f"{glob_escape(locations.temp_prefix(db))}*"),
        (db.parent, f".{name}.corrupt-*.tmp-*"),
        (db.parent, f".{name}.replaced-*.tmp-*"),
        (locations.backup_dir(db), f".{glob_escape(db.stem)}-*.json.tmp-*"),
    ]


def remove_stray_temps(db: Path) -> int:
    """Delete temp files a killed writer left behind; call under the lock."""
    removed = 0
    for folder, pattern in stray_temp_patterns(db):
        for stray in folder.glob(pattern):
            with contextlib.suppress(OSError):
                stray.unlink()
                removed += 1
    return removed


def glob_escape(text: str) -> str:
    return re.sub(r"([*?\[])", r"[\1]", text)


class _HeldLock:
    """This process's hold on one lock file: a thread mutex, the fd, how deep, and a
    number that is new each time the lock is taken (see :func:`lock_hold`)."""

    def __init__(self) -> None:
        self.mutex = threading.RLock()
        self.fd: int | None = None
        self.depth = 0
        self.hold = 0
        self.owner: int | None = None


_held_locks: dict[str, _HeldLock] = {}
_held_guard = threading.Lock()
_holds_taken = 0
#: Database writes made by this process (any file): see :func:`lock_hold`.
_writes_made = 0


def lock_hold(db: Path) -> tuple[int, int] | None:
    """While this thread holds ``db``'s lock: which hold it is, and how many writes this
    process had made. Two equal answers mean no other process could change the file in
    between (they all take the lock to write) and neither did this one; ``None`` when
    the lock is not held here (or could not be taken for real)."""
    held = _held_locks.get(os.path.realpath(locations.lock_path(db)))
    if held is None or held.depth == 0 or held.fd is None or held.owner != threading.get_ident():
        return None
    return held.hold, _writes_made


@contextlib.contextmanager
def file_lock(db: Path) -> Iterator[None]:
    """An exclusive lock shared by every NerveCheck process using database ``db``.

    Re-entrant within a process (``flock`` on a second descriptor of the same file
    would wait for ourselves), and exclusive between threads.
    """
    key = os.path.realpath(locations.lock_path(db))
    with _held_guard:
        held = _held_locks.setdefault(key, _HeldLock())
    global _holds_taken
    with held.mutex:
        if held.depth == 0:
            held.fd = _take_lock(key)
            with _held_guard:
                _holds_taken += 1
                held.hold, held.owner = _holds_taken, threading.get_ident()
        held.depth += 1
        try:
            yield
        finally:
            held.depth -= 1
            if held.depth == 0:
                held.owner = None
                if held.fd is not None:
                    os.close(held.fd)  # closing releases the lock
                    held.fd = None


def _take_lock(lock_file: str) -> int | None:
    try:
        fd = os.open(lock_file, os.O_RDWR | os.O_CREAT, FILE_MODE)
    except OSError as error:
        if error.errno not in (errno.EACCES, errno.EPERM, errno.EROFS):
            raise
        try:
            fd = os.open(lock_file, os.O_RDONLY)
        except OSError:
            # A folder we cannot write to: we cannot change the database either, and
            # reading needs no lock (writes replace the file atomically).
            return None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
    except BaseException:
        os.close(fd)
        raise
    return fd


def describe_os_error(error: OSError) -> str:
    """Plain words for the write failures a user can meet."""
    reasons = {
        errno.ENOSPC: "the disk is full",
        errno.EDQUOT: "the disk quota is used up",
        errno.EACCES: "permission denied",
        errno.EPERM: "permission denied",
        errno.EROFS: "the file system is read-only",
    }
    return reasons.get(error.errno or 0, error.strerror or str(error))


# -- decoding ---------------------------------------------------------------------


def _position(text: str, index: int) -> str:
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    return f"line {line}, column {column}"


class _Duplicate(ValueError):
    pass


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)  # at C speed: this hook runs for every object in the file
    if len(result) != len(pairs):
        seen: set[str] = set()
        raise _Duplicate(next(key for key, _value in pairs if key in seen or seen.add(key)))
    return result


def _no_constants(name: str) -> Any:
    raise ValueError(name)


def _loads_without_gc(text: str | bytes, strict: bool = True) -> Any:
    """Parse with the cycle collector paused: parsing only builds acyclic containers,
    and tens of thousands of them would otherwise trigger several full collections.

    ``strict`` refuses repeated keys and NaN/Infinity (the hook costs about a sixth
    of the parse, so bytes already known good are parsed without it)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        if strict:
            return json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=_no_constants)
        return json.loads(text)
    finally:
        if enabled:
            gc.enable()


def decode(raw: bytes, path: Path) -> dict[str, Any]:
    """Parse the database bytes strictly, or raise :class:`DamagedStoreError`."""
    return parse(as_text(raw, path), path)


def as_text(raw: bytes, path: Path) -> str:
    """The database bytes as text, or :class:`DamagedStoreError` (empty, not UTF-8)."""
    if not raw or raw.isspace():  # (strip() would copy the whole file)
        raise DamagedStoreError(path, "the file is empty (expected a NerveCheck database)")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        lines = raw[: error.start].count(b"\n") + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        raise DamagedStoreError(path, f"line {lines}, column {column}: not UTF-8 text") from None


def parse(text: str, path: Path) -> dict[str, Any]:
    """Parse the database text strictly, or raise :class:`DamagedStoreError`."""
    try:
        data = _loads_without_gc(text)
    except json.JSONDecodeError as error:
        raise DamagedStoreError(path, f"line {error.lineno}, column {error.colno}: {error.msg}") from None
    except _Duplicate as error:
        key = str(error)
        hits = [m.start() for m in re.finditer(re.escape(json.dumps(key)) + r"\s*:", text)]
        where = _position(text, hits[1]) + ": " if len(hits) > 1 else ""
        raise DamagedStoreError(path, f"{where}duplicate key {key!r}") from None
    except ValueError as error:
        hit = re.search(r"(?<![\w\"])-?(NaN|Infinity)(?![\w\"])", text)
        where = _position(text, hit.start()) + ": " if hit else ""
        raise DamagedStoreError(path, f"{where}{error} is not a valid JSON number") from None
    except RecursionError:
        raise DamagedStoreError(path, "the JSON is nested too deeply to be a NerveCheck database") from None
    check_shape(data, path)
    return data


_DOC_ID = re.compile(r"[1-9][0-9]*")


def check_shape(data: Any, path: Path) -> None:
    """The top level is ``{table: {doc_id: {...}}}`` with a ``_meta`` table."""
    if not isinstance(data, dict):
        kind = "null" if data is None else type(data).__name__
        raise DamagedStoreError(path, f"the top level is {kind}, expected an object of tables")
    if "_meta" not in data:
        raise DamagedStoreError(path, "no _meta table: this is not a NerveCheck database")
    for table, docs in data.items():
        if not isinstance(docs, dict):
            raise DamagedStoreError(path, f"table {table!r} is a {type(docs).__name__}, expected an object")
        for doc_id, doc in docs.items():
            if not _DOC_ID.fullmatch(doc_id):
                raise DamagedStoreError(path, f"table {table!r}: document id {doc_id!r} is not a number")
            if not isinstance(doc, dict):
                raise DamagedStoreError(
                    path, f"table {table!r}, document {doc_id}: a {type(doc).__name__}, expected an object"
                )


def encode(data: dict[str, Any]) -> bytes:
    # Compact but one document per line would cost more; the file is for machines,
    # `log export` is the readable form.
    # Parsed JSON and the models' dumps hold no cycles, so the encoder's cycle check
    # (a sixth of the time) is skipped; a cycle would end in RecursionError.
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False,
                      check_circular=False).encode("utf-8")


def _stamp(stat: os.stat_result) -> tuple[int, int, int, int]:
    return (stat.st_ino, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns)


def share_strings(data: dict[str, Any]) -> None:
    """Make equal text values in the documents one object (in place).

    The parser makes a new string for every value: at ten years, 32,000 of them for
    4,200 distinct texts (a routine's id in every exercise done, "no" in every saved
    check). Sharing them saves about a megabyte for 6 ms, worth it in the app, which
    keeps the data for a whole session, not in a one-shot command.
    """
    same: dict[str, str] = {}
    share = same.setdefault
    for table in data.values():
        for doc in table.values():
            for key, value in doc.items():
                kind = type(value)
                if kind is str:
                    doc[key] = share(value, value)
                elif kind is list:
                    for index, item in enumerate(value):
                        if type(item) is dict:  # an exercise done, a step of a check
                            for inner, text in item.items():
                                if type(text) is str:
                                    item[inner] = share(text, text)
                        elif type(item) is str:
                            value[index] = share(item, item)


class AtomicJSONStorage(Storage):
    """A TinyDB storage with atomic writes and a parse cache checked against the file.

    :attr:`version` changes whenever the cached contents do, so a caller can key its
    own derived caches on it. :attr:`known_good` is a test the store sets: given the
    digest of the bytes just read, whether those exact bytes already passed every
    check (see :mod:`engine.verified`); such bytes are parsed without the strict
    hooks and :attr:`trusted` says so.
    """

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.version = 0
        self.known_good: Callable[[bytes], bool] | None = None
        #: Share equal strings between documents after each parse (:func:`share_strings`).
        self.share_strings = False
        self._forget()

    def _forget(self) -> None:
        self._data: dict[str, Any] | None = None
        self._digest: bytes | None = None  # of the bytes parsed; cheaper to keep than the bytes
        self._stamp: tuple[int, int, int, int] | None = None
        self._hold: tuple[int, int] | None = None  # lock_hold() when the cache was read or written
        self.trusted = False
        self.version += 1

    @property
    def digest(self) -> bytes | None:
        """The digest of the bytes the cache holds (``None`` when nothing is cached)."""
        return self._digest

    def read(self) -> dict[str, Any] | None:
        """The whole database, parsed once and re-parsed only when the file changed.

        The cheap check is the file's inode, size and times; :meth:`reload` (used
        under the lock before every change) compares the bytes themselves.
        """
        try:
            stat = os.stat(self.path)
        except FileNotFoundError:
            self._forget()
            return None
        if self._data is not None and _stamp(stat) == self._stamp:
            return self._data
        return self.reload()

    def reload(self) -> dict[str, Any] | None:
        """Read the file now; keep the parsed cache only if the bytes are identical.

        An inode number can be reused with the same size within one clock tick, so
        the stat check alone could serve another process's older version. Nothing is
        read when the lock has been held since the cache was filled (:func:`lock_hold`).
        """
        hold = lock_hold(self.path)
        if self._data is not None and hold is not None and hold == self._hold:
            return self._data
        try:
            with open(self.path, "rb") as handle:
                stamp = _stamp(os.fstat(handle.fileno()))
                raw = handle.read()
        except FileNotFoundError:
            self._forget()
            return None
        digest = _digest(raw)
        if self._data is not None and digest == self._digest:
            self._stamp, self._hold = stamp, hold
            return self._data
        self._forget()
        trusted = self.known_good is not None and self.known_good(digest)
        text = raw.decode("utf-8") if trusted else as_text(raw, self.path)
        del raw  # a megabyte at ten years: not kept alive beside the text and the objects (peak RSS)
        data = _loads_without_gc(text, strict=False) if trusted else parse(text, self.path)
        del text
        if self.share_strings:
            share_strings(data)
        self._data, self._digest, self._stamp, self.trusted = data, digest, stamp, trusted
        self._hold = hold
        return data

    def forget(self) -> None:
        """Drop the cache: TinyDB mutates the dict it read in place, so after a
        change that did not reach the disk the cache no longer matches the file."""
        self._forget()

    def write(self, data: dict[str, Any]) -> None:
        """Replace the file atomically; on failure the file is unchanged and the
        cache is dropped."""
        try:
            payload = encode(data)
            atomic_write_bytes(self.path, payload)
            stamp = _stamp(os.stat(self.path))
        except OSError as error:
            self._forget()
            raise StoreWriteError(f"could not save to {self.path}: {describe_os_error(error)}") from None
        except (ValueError, RecursionError) as error:  # a value JSON or UTF-8 cannot hold; models refuse it first
            self._forget()
            raise StoreWriteError(f"could not save to {self.path}: {error}") from None
        except BaseException:
            self._forget()
            raise
        self._data, self._digest, self._stamp = data, _digest(payload), stamp
        self._hold = lock_hold(self.path)
        self.trusted = False  # until the store vouches for what it wrote
        self.version += 1

    def close(self) -> None:
        self._forget()
