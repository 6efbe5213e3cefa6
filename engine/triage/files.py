"""The content files of the symptom check, and the stamp that vouches for them.

``content/proven.json`` (written by ``nervecheck content check --stamp`` after every
check passed) holds the digest of the exact bytes of ``triage.json`` and
``sources.json``, and the digest of the code that judged them (:func:`judge`):
every module of this package and the contract's ids. Content or code changed since
is not trusted: it is checked in full again. No format number is kept by hand.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from nervecheck.engine import digests
from nervecheck.engine.content_files import content_path

TRIAGE_FILE = "triage.json"
SOURCES_FILE = "sources.json"
#: The stamp: digests of the content files that passed ``nervecheck content check``.
STAMP_FILE = "proven.json"
PROVEN_FILES = (TRIAGE_FILE, SOURCES_FILE)
#: In a leaf's advice, the place where the nerve's own paragraphs go.
NERVE_MARK = "@nerve"
#: In a leaf's advice, the place where the deciding warning sign's own paragraphs go.
FLAG_MARK = "@flag"
#: In a leaf's title, the place where the short names of the ticked warning signs go.
TICKED_MARK = "{ticked}"
#: In ``no_flags_why``, the place where the warning signs answered no are listed.
SIGNS_MARK = "{signs}"


@functools.cache
def judge() -> str:
    """The digest of the code that decides whether content passes ``content check``:
    every module of the triage package (models, tree, contract rules, proof) and
    :mod:`nervecheck.engine.vocab`. Computed from the files, so it cannot be forgotten."""
    triage = Path(__file__).resolve().parent
    parts = [*sorted(triage.glob("*.py")), triage.parent / "vocab.py"]
    return digest(b"\0".join(part.name.encode() + b"\0" + part.read_bytes() for part in parts))

def content_file(name: str, source_dir: Path | None = None) -> Path:
    """The content file ``name`` in ``source_dir``, or the packaged one."""
    return source_dir / name if source_dir is not None else content_path(name)


def where(name: str, source_dir: Path | None) -> str:
    """How messages name a content file: its path, or ``content/NAME`` when packaged."""
    return str(source_dir / name) if source_dir is not None else f"content/{name}"


def digest(data: bytes) -> str:
    """The digest a stamp records for a file's bytes (BLAKE2b, 256 bits, hex)."""
    return digests.digest(data, 32).hex()


def stamp_for(files: Mapping[str, bytes]) -> dict[str, Any]:
    """The stamp that vouches for exactly these file contents (``proven.json``)."""
    return {
        "about": "Written by `nervecheck content check --stamp` after every check passed. "
                 "nervecheck check trusts files with exactly these digests without validating them again.",
        "judged_by": judge(),
        **{name: digest(files[name]) for name in PROVEN_FILES},
    }


def stamp_matches(stamp: Any, files: Mapping[str, bytes]) -> bool:
    """Whether ``stamp`` (the JSON of ``proven.json``) vouches for exactly these files."""
    return (
        isinstance(stamp, dict) and stamp.get("judged_by") == judge()
        and all(stamp.get(name) == digest(files[name]) for name in PROVEN_FILES)
    )


def read_proven(source_dir: Path | None = None) -> dict[str, bytes]:
    """The bytes of the files a stamp covers (``OSError`` when one cannot be read)."""
    return {name: content_file(name, source_dir).read_bytes() for name in PROVEN_FILES}


def read_stamp(source_dir: Path | None = None) -> Any:
    """What ``proven.json`` holds, or ``None`` when it is missing or not JSON."""
    try:
        return json.loads(content_file(STAMP_FILE, source_dir).read_bytes())
    except (OSError, ValueError, RecursionError):
        return None


def proven_files(source_dir: Path | None = None) -> dict[str, bytes] | None:
    """The bytes of ``triage.json`` and ``sources.json`` when the stamp vouches for
    exactly these bytes; ``None`` when it does not (or is missing or unreadable)."""
    stamp = read_stamp(source_dir)
    if not isinstance(stamp, dict):
        return None
    try:
        files = read_proven(source_dir)
    except OSError:
        return None
    return files if stamp_matches(stamp, files) else None
