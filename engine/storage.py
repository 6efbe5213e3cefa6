"""Crash-safe file storage for TinyDB: atomic replace, a lock, a checked cache.

TinyDB's own ``JSONStorage`` writes in place, so a kill mid-write leaves a broken
file. :class:`AtomicJSONStorage` writes a temp file beside the database (owner-only),
fsyncs it, ``os.replace``\\ s it over the old one and fsyncs the folder: a reader sees
the old file or the new one, never a mix.

Reads are served from memory after one parse. The cache is keyed by the file's inode,
size and change time, so a write by another process (which always makes a new inode)
is noticed on the next read. Several processes coordinate through :func:`file_lock`
around every read-modify-write.

A file that cannot be parsed raises :class:`DamagedStoreError` naming the line and
column; it is never treated as empty and never overwritten.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import os
import re
import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from tinydb.storages import Storage

from engine import locations

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
    """Create ``folder`` owner-only (0700) if it is missing."""
    if folder.is_dir():
        return
    folder.mkdir(parents=True, mode=DIR_MODE, exist_ok=True)
    os.chmod(folder, DIR_MODE)


def fsync_folder(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def atomic_write_bytes(path: Path, payload: bytes) -> os.stat_result:
    """Durably replace ``path`` with ``payload``; returns the new file's stat."""
    temp = path.with_name(f"{locations.temp_prefix(path)}{os.getpid()}-{secrets.token_hex(4)}")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    try:
        try:
            os.fchmod(fd, FILE_MODE)
            view = memoryview(payload)
            while view:
                view = view[os.write(fd, view):]
            os.fsync(fd)
            stat = os.fstat(fd)
        finally:
            os.close(fd)
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    fsync_folder(path.parent)
    return stat


def remove_stray_temps(path: Path) -> int:
    """Delete temp files a killed writer left beside ``path``; call under the lock."""
    prefix = locations.temp_prefix(path)
    removed = 0
    for stray in path.parent.glob(f"{glob_escape(prefix)}*"):
        with contextlib.suppress(OSError):
            stray.unlink()
            removed += 1
    return removed


def glob_escape(text: str) -> str:
    return re.sub(r"([*?\[])", r"[\1]", text)


@contextlib.contextmanager
def file_lock(db: Path) -> Iterator[None]:
    """An exclusive lock shared by every NerveCheck process using database ``db``."""
    fd = os.open(locations.lock_path(db), os.O_RDWR | os.O_CREAT, FILE_MODE)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


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
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _Duplicate(key)
        result[key] = value
    return result


def _no_constants(name: str) -> Any:
    raise ValueError(name)


def decode(raw: bytes, path: Path) -> dict[str, Any]:
    """Parse the database bytes strictly, or raise :class:`DamagedStoreError`."""
    if not raw.strip():
        raise DamagedStoreError(path, "the file is empty (expected a NerveCheck database)")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        lines = raw[: error.start].count(b"\n") + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        raise DamagedStoreError(path, f"line {lines}, column {column}: not UTF-8 text") from None
    try:
        data = json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=_no_constants)
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
            if not doc_id.isdigit():
                raise DamagedStoreError(path, f"table {table!r}: document id {doc_id!r} is not a number")
            if not isinstance(doc, dict):
                raise DamagedStoreError(
                    path, f"table {table!r}, document {doc_id}: a {type(doc).__name__}, expected an object"
                )


def encode(data: dict[str, Any]) -> bytes:
    # Compact but one document per line would cost more; the file is for machines,
    # `log export` is the readable form.
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode("utf-8")


def _stamp(stat: os.stat_result) -> tuple[int, int, int, int]:
    return (stat.st_ino, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns)


class AtomicJSONStorage(Storage):
    """A TinyDB storage with atomic writes and a parse cache checked against the file."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._data: dict[str, Any] | None = None
        self.stamp: tuple[int, int, int, int] | None = None

    def read(self) -> dict[str, Any] | None:
        """The whole database, parsed once and re-parsed only when the file changed."""
        try:
            stat = os.stat(self.path)
        except FileNotFoundError:
            self._data, self.stamp = None, None
            return None
        if self._data is not None and _stamp(stat) == self.stamp:
            return self._data
        with open(self.path, "rb") as handle:
            stamp = _stamp(os.fstat(handle.fileno()))
            raw = handle.read()
        self._data = None
        data = decode(raw, self.path)
        self._data, self.stamp = data, stamp
        return data

    def write(self, data: dict[str, Any]) -> None:
        """Replace the file atomically; on failure the file and cache stay as they were."""
        try:
            payload = encode(data)
            stat = atomic_write_bytes(self.path, payload)
        except OSError as error:
            self._data, self.stamp = None, None  # TinyDB mutated our cached dict in place
            raise StoreWriteError(f"could not save to {self.path}: {describe_os_error(error)}") from None
        self._data = data
        self.stamp = _stamp(os.stat(self.path)) if stat is not None else None

    def close(self) -> None:
        self._data, self.stamp = None, None
