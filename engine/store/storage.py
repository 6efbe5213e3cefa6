"""Crash-safe file storage for TinyDB: atomic replace, a lock, a checked cache.

TinyDB's own ``JSONStorage`` writes in place, so a kill mid-write leaves a broken
file. :class:`AtomicJSONStorage` writes a temp file beside the database (owner-only),
fsyncs it, ``os.replace``\\ s it over the old one and fsyncs the folder: a reader sees
the old file or the new one, never a mix.

Reads are served from memory after one parse. The cache is checked against the
file's inode, size and times on every read, so a write by another process (which
always makes a new inode) is noticed on the next read; before every change, under
:func:`file_lock`, the file's bytes themselves are compared (:meth:`~AtomicJSONStorage.reload`),
so a change is always applied to the latest version on disk and never clobbers another
process's write.

A file that cannot be parsed raises :class:`DamagedStoreError` naming the line and
column; it is never treated as empty and never overwritten. A database path that is a
symbolic link, not a regular file (a FIFO, a device) or bigger than
:data:`MAX_DATABASE_BYTES` is refused with a :class:`StoreError` before it is read.

:class:`AtomicJSONStorage` is a TinyDB ``Storage``; the store reaches it through
:class:`~nervecheck.engine.store.locking.LockingMiddleware`, which holds the lock for
every change and re-reads first. The storage's own :meth:`~AtomicJSONStorage.write`
takes the lock too when nobody holds it, so no write is ever made without it.

The lock (:func:`file_lock`) is ``flock`` on ``<name>.lock``, opened without following
a symbolic link, and on the database's folder: deleting or replacing the lock file,
even while a writer holds it, cannot let a second writer in. A writer waits at most
:func:`lock_wait` seconds, says once (:data:`wait_notice`) whom it waits for, then
gives up with :class:`LockTimeoutError`; readers never take the lock.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import gc
import json
import os
import re
import stat as _stat
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from tinydb.storages import Storage

from nervecheck.engine.store import layout, locations
from nervecheck.engine.digests import digest as _digest

FILE_MODE = 0o600
DIR_MODE = 0o700
#: The largest database file NerveCheck reads: ten years of daily use is about 5 MiB.
MAX_DATABASE_BYTES = 256 * 1024 * 1024
#: Seconds a writer waits for the lock before it gives up (default 10).
LOCK_WAIT_ENV = "NERVECHECK_LOCK_WAIT"
DEFAULT_LOCK_WAIT = 10.0
#: Told once, in one line, what a waiting writer waits for; the CLI points it at
#: standard error, the app silences it (its errors show on screen instead).
wait_notice: Callable[[str], None] | None = None
#: A writer says it is waiting only after this many seconds (half the wait if shorter):
#: another session's ordinary save takes milliseconds and is not worth a line.
NOTICE_AFTER = 1.0


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


class LockTimeoutError(StoreWriteError):
    """Another process held the database lock for longer than :func:`lock_wait`."""


_KINDS = {_stat.S_IFDIR: "folder", _stat.S_IFIFO: "FIFO", _stat.S_IFCHR: "device", _stat.S_IFBLK: "device",
          _stat.S_IFSOCK: "socket"}


def _kind(mode: int) -> str:
    return _KINDS.get(_stat.S_IFMT(mode), "special file")


def _too_big(path: Path, size: int) -> StoreError:
    return StoreError(f"{path} is too big to be a NerveCheck database ({size / 2**20:.0f} MiB, the limit is "
                      f"{MAX_DATABASE_BYTES // 2**20} MiB); it was not read")


def check_database_path(path: Path, must_exist: bool = False) -> bool:
    """Whether the database file exists; a :class:`StoreError` for a path NerveCheck
    must not read or write: a symbolic link (it would be replaced by a plain file, or
    its target written), anything not a regular file, a file over the size cap, and
    (``must_exist``: a read-only command) no file at all."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        if must_exist:
            raise StoreError(f"no database at {path}") from None
        return False
    if _stat.S_ISLNK(info.st_mode):
        raise StoreError(f"{path} is a symbolic link, which NerveCheck never writes through; "
                         f"point --db at the real file ({os.path.realpath(path)})")
    if not _stat.S_ISREG(info.st_mode):
        raise StoreError(f"{path} is not a regular file (it is a {_kind(info.st_mode)}); "
                         "point --db at a NerveCheck database file")
    if info.st_size > MAX_DATABASE_BYTES:
        raise _too_big(path, info.st_size)
    return True


def read_database_bytes(path: Path) -> tuple[bytes, os.stat_result]:
    """The bytes of the database file and its stat, read without following a symbolic
    link, blocking on a FIFO or reading past :data:`MAX_DATABASE_BYTES`.

    ``FileNotFoundError`` when it is gone; :class:`StoreError` for what
    :func:`check_database_path` refuses.
    """
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as error:
        if error.errno == errno.ELOOP:
            check_database_path(path)  # names the link
        raise
    with open(fd, "rb", closefd=True) as handle:
        info = os.fstat(fd)
        if not _stat.S_ISREG(info.st_mode):
            raise StoreError(f"{path} is not a regular file (it is a {_kind(info.st_mode)}); "
                             "point --db at a NerveCheck database file")
        if info.st_size > MAX_DATABASE_BYTES:
            raise _too_big(path, info.st_size)
        # read(n) sets aside n bytes first: ask for the size the file has (one more
        # to see it grew), not for the 256 MiB limit on every open.
        raw = handle.read(info.st_size + 1)
        if len(raw) > info.st_size:  # it grew while being read: the rest, up to the limit
            raw += handle.read(MAX_DATABASE_BYTES + 1 - len(raw))
    if len(raw) > MAX_DATABASE_BYTES:
        raise _too_big(path, len(raw))
    return raw, info


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
    backups_folder = locations.backup_dir(db)
    for folder, pattern in stray_temp_patterns(db):
        if folder == backups_folder and not own_folder(folder):
            continue  # a link or a stranger's folder: nothing of ours to clean there
        for stray in folder.glob(pattern):
            with contextlib.suppress(OSError):
                stray.unlink()
                removed += 1
    return removed


def own_folder(folder: Path) -> bool:
    """Whether ``folder`` is a real folder (not a symbolic link) that this user owns."""
    try:
        info = os.lstat(folder)
    except OSError:
        return False
    return _stat.S_ISDIR(info.st_mode) and info.st_uid == os.geteuid()


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


def _lock_key(db: Path) -> str:
    """The lock file's path with its folder resolved, not the file itself: a symbolic
    link there must be refused, not followed."""
    lock = locations.lock_path(db)
    return os.path.join(os.path.realpath(lock.parent), lock.name)


def lock_hold(db: Path) -> tuple[int, int] | None:
    """While this thread holds ``db``'s lock: which hold it is, and how many writes this
    process had made. Two equal answers mean no other process could change the file in
    between (they all take the lock to write) and neither did this one; ``None`` when
    the lock is not held here (or could not be taken for real)."""
    held = _held_locks.get(_lock_key(db))
    if held is None or held.depth == 0 or held.fd is None or held.owner != threading.get_ident():
        return None
    return held.hold, _writes_made


@contextlib.contextmanager
def file_lock(db: Path, wait: float | None = None) -> Iterator[None]:
    """An exclusive lock shared by every NerveCheck process using database ``db``.

    Re-entrant within a process (``flock`` on a second descriptor of the same file
    would wait for ourselves), and exclusive between threads. Waits at most ``wait``
    seconds (default :func:`lock_wait`), then raises :class:`LockTimeoutError`.
    """
    key = _lock_key(db)
    with _held_guard:
        held = _held_locks.setdefault(key, _HeldLock())
    global _holds_taken
    with held.mutex:
        if held.depth == 0:
            held.fd = _take_lock(key, db, lock_wait() if wait is None else wait)
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
                    _release(key, held.fd)
                    held.fd = None


def lock_wait() -> float:
    """How long a writer waits for the lock: ``$NERVECHECK_LOCK_WAIT`` seconds, else 10."""
    try:
        seconds = float(os.environ.get(LOCK_WAIT_ENV, DEFAULT_LOCK_WAIT))
    except ValueError:
        return DEFAULT_LOCK_WAIT
    return seconds if seconds >= 0 else DEFAULT_LOCK_WAIT


def open_lock_file(lock_file: str | Path, flags: int) -> int:
    """Open the lock file without following a symbolic link or blocking on a FIFO;
    :class:`StoreError` (its target untouched) when it is not a regular file."""
    try:
        fd = os.open(lock_file, flags | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC, FILE_MODE)
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise StoreError(f"the lock file {lock_file} is a symbolic link, which NerveCheck never follows; "
                             "remove it (it holds nothing but the lock)") from None
        raise
    if not _stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise StoreError(f"the lock file {lock_file} is not a regular file; remove it (it holds nothing but the lock)")
    return fd


def _open_for_lock(lock_file: str) -> int | None:
    try:
        return open_lock_file(lock_file, os.O_RDWR | os.O_CREAT)
    except OSError as error:
        if error.errno not in (errno.EACCES, errno.EPERM, errno.EROFS):
            raise
    try:
        return open_lock_file(lock_file, os.O_RDONLY)
    except OSError:
        # A folder we cannot write to: we cannot change the database either, and
        # reading needs no lock (writes replace the file atomically).
        return None


def _take_lock(lock_file: str, db: Path, wait: float) -> int | None:
    """Lock the lock file, then the folder; the lock file's fd (``None``: read-only)."""
    deadline: list = []  # set when the first wait starts (see _flock)
    while True:
        fd = _open_for_lock(lock_file)
        if fd is None:
            return None
        try:
            _flock(fd, db, wait, deadline)
            if _still_there(fd, lock_file):
                break
        except BaseException:
            os.close(fd)
            raise
        os.close(fd)  # deleted or replaced while we waited for it: lock the one there now
    try:
        _lock_folder(os.path.dirname(lock_file), db, wait, deadline)
    except BaseException:
        os.close(fd)
        raise
    return fd


def _still_there(fd: int, lock_file: str) -> bool:
    try:
        now = os.lstat(lock_file)
    except FileNotFoundError:
        return False
    mine = os.fstat(fd)
    return (mine.st_ino, mine.st_dev) == (now.st_ino, now.st_dev)


_folder_locks: dict[str, list[int]] = {}  # folder -> [fd, holds] in this process


def _lock_folder(folder: str, db: Path, wait: float, deadline: list) -> None:
    """``flock`` the database's folder too: the lock file can be deleted while held (a
    second writer would lock a new one), the folder cannot while the database is in it.
    Counted per process: two databases in one folder share its lock."""
    with _held_guard:
        held = _folder_locks.get(folder)
        if held is not None:
            held[1] += 1
            return
    try:
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    except OSError:
        fd = -1  # a folder we cannot open: the lock file alone
    if fd >= 0:
        try:
            _flock(fd, db, wait, deadline)
        except BaseException:
            os.close(fd)
            raise
    with _held_guard:
        held = _folder_locks.get(folder)
        if held is None:
            _folder_locks[folder] = [fd, 1]
            return
        held[1] += 1  # another thread of ours locked it meanwhile (we waited on it)
    if fd >= 0:
        os.close(fd)


def _release(lock_file: str, fd: int) -> None:
    folder = os.path.dirname(lock_file)
    with _held_guard:
        held = _folder_locks.get(folder)
        if held is not None:
            held[1] -= 1
            if held[1] == 0:
                del _folder_locks[folder]
                if held[0] >= 0:
                    os.close(held[0])
    os.close(fd)  # closing releases the lock


def _flock(fd: int, db: Path, wait: float, deadline: list) -> None:
    """``flock`` within the deadline, saying once whom we wait for."""
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return
    except BlockingIOError:
        pass
    import time

    if not deadline:  # [give up at, say so at, said]: shared by every flock of one take
        start = time.monotonic()
        deadline += [start + wait, start + min(NOTICE_AFTER, wait / 2), False]
    pause = 0.005
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            pass
        now = time.monotonic()
        if now >= deadline[0]:
            raise LockTimeoutError(
                f"not saved: gave up after {wait:g} s waiting for another nervecheck{_holder(fd)} that holds the "
                f"lock on {db}; if it is stopped (ctrl+Z), resume it (fg) or end it, then try again") from None
        if now >= deadline[1] and not deadline[2]:
            deadline[2] = True
            if wait_notice is not None:
                wait_notice(f"waiting for another nervecheck{_holder(fd)} that holds the lock on {db} "
                            f"(giving up after {wait:g} s)…")
        time.sleep(min(pause, deadline[0] - now))
        pause = min(pause * 2, 0.05)


def _holder(fd: int) -> str:
    """`` (pid N)`` for the process holding ``flock`` on ``fd``'s file, from /proc/locks
    (Linux); empty where that cannot be told."""
    info = os.fstat(fd)
    where = f"{os.major(info.st_dev):02x}:{os.minor(info.st_dev):02x}:{info.st_ino}"
    try:
        with open("/proc/locks", encoding="ascii", errors="replace") as locks:
            for line in locks:
                fields = line.split()
                if len(fields) > 5 and fields[1] == "FLOCK" and fields[5] == where and fields[4] != str(os.getpid()):
                    return f" (pid {fields[4]})"
    except OSError:
        pass
    return ""


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
    """The database as the file holds it: one document per line (:mod:`~nervecheck.engine.store.layout`)."""
    return layout.encode(data)


def _strict_document(line: bytes) -> Any:
    """One document's JSON parsed as strictly as the whole file (see :func:`parse`)."""
    return json.loads(line.decode("utf-8"), object_pairs_hook=_no_duplicates, parse_constant=_no_constants)


def split_checked(raw: bytes, path: Path) -> dict[str, Any] | None:
    """Bytes in the line layout parsed strictly, document by document; ``None`` when
    they are not in the layout or a line does not parse (:func:`parse` then reads them
    whole and names what is wrong)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        data = layout.split(raw, strict=_strict_document)
    except layout.NotInLayout:
        return None
    finally:
        if enabled:
            gc.enable()
    if "_meta" not in data:
        raise DamagedStoreError(path, "no _meta table: this is not a NerveCheck database")
    return data


def _stamp(stat: os.stat_result) -> tuple[int, int, int, int]:
    return (stat.st_ino, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns)


class AtomicJSONStorage(Storage):
    """A TinyDB storage with atomic writes and a parse cache checked against the file.

    :attr:`version` changes whenever the cached contents do, so a caller can key its
    own derived caches on it. :attr:`known_good` is a test the store sets: given the
    digest of the bytes just read, whether those exact bytes already passed every
    check (see :mod:`nervecheck.engine.store.verified`); such bytes are parsed without the strict
    hooks and :attr:`trusted` says so.
    """

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.version = 0
        self.known_good: Callable[[bytes], bool] | None = None
        self._forget()

    def _forget(self) -> None:
        self._data: dict[str, Any] | None = None
        self._digest: bytes | None = None  # of the bytes parsed; cheaper to keep than the bytes
        self._stamp: tuple[int, int, int, int] | None = None
        self._hold: tuple[int, int] | None = None  # lock_hold() when the cache was read or written
        self.trusted = False
        #: The bytes are in the line layout, every line proven to parse on its own (a
        #: file NerveCheck wrote, or one just checked line by line): only such bytes
        #: may be noted as good, since known-good bytes are parsed line by line, lazily.
        self.in_layout = False
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
            stat = os.lstat(self.path)  # a link is never the cached file: reload refuses it
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
            raw, info = read_database_bytes(self.path)
            stamp = _stamp(info)
        except FileNotFoundError:
            self._forget()
            return None
        digest = _digest(raw)
        if self._data is not None and digest == self._digest:
            self._stamp, self._hold = stamp, hold
            return self._data
        self._forget()
        trusted = self.known_good is not None and self.known_good(digest)
        data, in_layout = self._parse(raw, trusted)
        self._data, self._digest, self._stamp, self.trusted = data, digest, stamp, trusted
        self._hold, self.in_layout = hold, in_layout
        return data

    def _parse(self, raw: bytes, trusted: bool) -> tuple[dict[str, Any], bool]:
        """The bytes parsed, and whether they are in the line layout. Known-good bytes
        in the layout are split into lines parsed when asked for; others are checked
        line by line, or parsed whole when not in the layout (an older NerveCheck's
        file, a hand-edited one)."""
        if trusted:
            try:
                return layout.split(raw), True
            except layout.NotInLayout:
                return _loads_without_gc(raw.decode("utf-8"), strict=False), False
        as_text(raw, self.path)  # empty or not UTF-8: named before anything else (the text is not kept)
        data = split_checked(raw, self.path)
        if data is not None:
            return data, True
        return parse(as_text(raw, self.path), self.path), False

    def forget(self) -> None:
        """Drop the cache: TinyDB mutates the dict it read in place, so after a
        change that did not reach the disk the cache no longer matches the file."""
        self._forget()

    def locked(self, wait: float | None = None) -> contextlib.AbstractContextManager[None]:
        """The lock every process writing this file takes (:func:`file_lock`); the
        TinyDB middleware (:mod:`nervecheck.engine.store.locking`) holds it."""
        return file_lock(self.path, wait)

    def write(self, data: dict[str, Any]) -> None:
        """Replace the file atomically, under the lock (taken here if the caller has
        not); on failure the file is unchanged and the cache is dropped."""
        with file_lock(self.path):  # re-entrant: free when the middleware holds it
            self._write(data)

    def _write(self, data: dict[str, Any]) -> None:
        check_database_path(self.path)  # never replace a link or a special file
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
        self._hold, self.in_layout = lock_hold(self.path), True
        self.trusted = False  # until the store vouches for what it wrote
        self.version += 1

    def close(self) -> None:
        self._forget()


@contextlib.contextmanager
def wait_notices_to(say: Callable[[str], None] | None) -> Iterator[None]:
    """Send the one-line "waiting for the lock" notice to ``say`` while inside (``None``
    silences it: the app shows a store error on screen instead of writing over it)."""
    global wait_notice
    told, wait_notice = wait_notice, say
    try:
        yield
    finally:
        wait_notice = told
