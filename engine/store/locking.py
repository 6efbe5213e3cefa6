"""The lock, the re-read and one write per change, as a TinyDB middleware.

TinyDB reads and writes a whole database through its storage, and a middleware sits
on that path (``TinyDB(path, storage=LockingMiddleware(AtomicJSONStorage))``). So
every read and write TinyDB makes, and every one the store makes through
``db.storage``, passes :class:`LockingMiddleware`, which is the one place that decides:

* **The lock.** :meth:`LockingMiddleware.locked` holds the storage's own lock
  (``AtomicJSONStorage.locked``: :func:`~nervecheck.engine.store.storage.file_lock`,
  shared by every process), or, for a storage without one (TinyDB's ``MemoryStorage``
  in tests), a lock of this process. Every write is made under it: a write that
  arrives with no lock held (TinyDB used directly) takes it itself, and is refused
  with :class:`~nervecheck.engine.store.storage.StoreWriteError` if the file changed
  since it was read, so another process's change is never written over.
* **The re-read.** The first read after the lock is taken asks the storage to
  ``reload`` (compare the file's bytes, not just its stat), so a change is always
  made to the version another process wrote last, never to a cached older one.
* **One write per change.** Inside :meth:`LockingMiddleware.transaction` TinyDB's
  writes are kept in memory and the storage is written once, when the outermost
  transaction ends; an exception writes nothing. TinyDB replaces whole tables in the
  dict it reads, so a transaction hands it a copy of the top level: the storage's
  cache stays the committed version until the write succeeds.
* **Reads never wait.** A read outside the lock goes straight to the storage
  (``AtomicJSONStorage`` serves it from its checked cache, or the file as last
  replaced).

The lock is re-entrant within a thread; other threads wait for it, as other
processes do.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from typing import Any

from tinydb.middlewares import Middleware

from nervecheck.engine.store.storage import AtomicJSONStorage, StoreWriteError


class LockingMiddleware(Middleware):
    """Lock, re-read and write once, around any TinyDB storage (see the module)."""

    def __init__(self, storage_cls: Any = AtomicJSONStorage) -> None:
        super().__init__(storage_cls)
        self._mutex = threading.RLock()  # this process's part of the lock
        self._owner: int | None = None  # the thread holding the lock
        self._depth = 0
        self._reread = False  # the next read under the lock asks the storage to reload
        self._batch = 0  # transactions open, nested
        self._pending: dict[str, Any] | None = None  # what the open transaction will write
        self._changes = 0

    @property
    def version(self) -> int:
        """Changes whenever what :meth:`read` returns may have changed."""
        return self._changes + getattr(self.storage, "version", 0)

    @property
    def digest(self) -> bytes | None:
        """The digest of the bytes the storage last read or wrote (``None``: not a file)."""
        return getattr(self.storage, "digest", None)

    @property
    def trusted(self) -> bool:
        """Whether the storage's bytes are known to have passed every check."""
        return getattr(self.storage, "trusted", False)

    def _held_here(self) -> bool:
        return self._owner == threading.get_ident()

    @contextlib.contextmanager
    def locked(self) -> Iterator[None]:
        """Hold the lock; the first read inside re-reads the storage."""
        storage_lock = getattr(self.storage, "locked", None)
        with (storage_lock() if storage_lock is not None else contextlib.nullcontext()), self._mutex:
            if self._depth == 0:
                self._owner, self._reread = threading.get_ident(), True
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
                if self._depth == 0:
                    self._owner, self._reread = None, False

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """Under the lock, keep every write in memory and write the storage once at
        the end of the outermost transaction; on an exception, write nothing."""
        with self.locked():
            self._batch += 1
            try:
                yield
            except BaseException:
                if self._batch == 1 and self._pending is not None:
                    self._discard()
                raise
            else:
                if self._batch == 1 and self._pending is not None:
                    data, self._pending = self._pending, None
                    self.storage.write(data)
            finally:
                self._batch -= 1

    def _discard(self) -> None:
        """Drop a transaction's writes. TinyDB may also have changed documents of the
        storage's cache in place (``update``), so the storage forgets its cache."""
        self._pending = None
        self._changes += 1
        forget = getattr(self.storage, "forget", None)
        if forget is not None:
            forget()

    def read(self) -> dict[str, Any] | None:
        if not self._held_here():
            return self.storage.read()  # a reader never waits for a writer
        if self._pending is not None:
            return self._pending
        if self._reread:
            self._reread = False
            reload = getattr(self.storage, "reload", None)
            data = reload() if reload is not None else self.storage.read()
        else:
            data = self.storage.read()
        if self._batch and data is not None:
            data = dict(data)  # TinyDB replaces tables in what it reads: not in the cache
        return data

    def write(self, data: dict[str, Any]) -> None:
        if self._held_here():
            self._changes += 1
            if self._batch:
                self._pending = data
            else:
                self.storage.write(data)
            return
        # TinyDB read without the lock: write only onto the version it read.
        read_from = self.digest
        with self.locked():
            self.read()  # the re-read (unchanged bytes keep the cache, and its digest)
            if self.digest != read_from:
                raise StoreWriteError(f"not saved: {getattr(self.storage, 'path', 'the database')} was changed by "
                                      "another nervecheck meanwhile; nothing was written, try again")
            self.write(data)

    def close(self) -> None:
        self._pending = None
        self.storage.close()
