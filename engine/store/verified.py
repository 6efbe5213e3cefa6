"""A note of the database bytes that last passed every check, so they are not checked twice.

Checking all ten years of documents costs more than a CLI command may take in all,
yet most starts read exactly the bytes the previous command wrote and checked. So
when every document of a version of the file passed the fast checks of
:mod:`nervecheck.engine.store.records`, the store writes the digest of those bytes into the lock file
beside the database (``nervecheck.json.lock``, owner-only, there anyway). A later
start whose bytes have that digest skips the per-document checks and the strict
parser hooks; any other bytes, a changed byte anywhere, are checked in full.

The note also names the rules it was made under: a digest of the code and content
that decide what is valid (the fast checks, the store's table checks, the routines'
exercise ids). A NerveCheck whose rules differ ignores the note and checks again.
The note is only ever a claim about bytes that were checked, so a stale, torn or
missing note can cost a check, never skip one that is needed. The lock file is opened
as the lock opens it (:func:`nervecheck.engine.store.storage.open_lock_file`): a symbolic link or a
special file in its place is neither followed nor written, and no note is kept.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path

from nervecheck.engine.store import locations
from nervecheck.engine.content_files import content_path
from nervecheck.engine.digests import digest

_FORMAT = b"nervecheck-verified-1"
_NOTE_SIZE = 200  # more than a note takes; a longer file is not a note


@functools.cache
def rules() -> bytes:
    """A digest of everything that decides whether a document is valid.

    Computed, not listed: every module of the store package (the documents' one
    definition, the fast checks derived from it, the storage), the contract's ids in
    :mod:`nervecheck.engine.vocab`, and the routines file whose exercise ids an entry
    may name. A module added to the store is covered without anyone remembering to.
    """
    store = Path(__file__).resolve().parent
    engine = store.parent
    parts = [*sorted(store.glob("*.py")), engine / "vocab.py", content_path("routines.json")]
    hashed = []
    for part in parts:
        try:
            hashed.append(part.name.encode() + b"\0" + part.read_bytes())
        except OSError:
            hashed.append(b"(missing)")
    return digest(b"\0".join(hashed))


def _line(digest: bytes) -> bytes:
    return b"%s %s %s\n" % (_FORMAT, rules().hex().encode(), digest.hex().encode())


def read(db: Path) -> bytes | None:
    """The digest the note vouches for, or ``None`` (no note, or one made under other rules)."""
    from nervecheck.engine.store.storage import StoreError, open_lock_file

    try:
        fd = open_lock_file(locations.lock_path(db), os.O_RDONLY)
    except (OSError, StoreError):
        return None
    try:
        raw = os.read(fd, _NOTE_SIZE + 1)
    except OSError:
        return None
    finally:
        os.close(fd)
    parts = raw.split()
    if len(parts) != 3 or parts[0] != _FORMAT or not raw.endswith(b"\n") or parts[1] != rules().hex().encode():
        return None
    try:
        return bytes.fromhex(parts[2].decode("ascii"))
    except ValueError:
        return None


def vouches_for(db: Path, digest: bytes) -> bool:
    return read(db) == digest


def write(db: Path, digest: bytes) -> None:
    """Note that the bytes with ``digest`` passed every check; best effort (a note that
    cannot be written only means the next start checks again)."""
    from nervecheck.engine.store.storage import StoreError, open_lock_file

    line = _line(digest)
    try:
        fd = open_lock_file(locations.lock_path(db), os.O_WRONLY | os.O_CREAT)
    except (OSError, StoreError):
        return
    try:
        os.pwrite(fd, line, 0)
        os.ftruncate(fd, len(line))
    except OSError:
        pass
    finally:
        os.close(fd)

