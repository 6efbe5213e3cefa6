"""The members of a folder or a zip, read in memory and never extracted to disk.

A zip member is refused, and named, when its name is absolute (``/etc/x``, ``C:\\x``)
or climbs out (``../evil``), when it is a symbolic link, encrypted, or packed in a way
Python cannot read; the other members are still read. A folder's symbolic links are not
followed. Sizes are checked as bytes arrive (:mod:`.limits`), not as headers claim.
"""

from __future__ import annotations

import dataclasses
import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

from nervecheck.engine.textsafe import visible
from nervecheck.engine.watch.limits import (
    MAX_FILE_BYTES,
    MAX_INNER_ZIP_BYTES,
    MAX_MEMBERS,
    Budget,
    Refused,
    read_capped,
    reason,
)


@dataclasses.dataclass(frozen=True, slots=True)
class Entry:
    """One file of an import: its name inside the import and how to read it."""

    name: str  # "/"-separated, e.g. "activities/123.fit.gz" or "inner.zip/1_ACTIVITY.fit"
    read: Callable[[int], bytes]  # read(cap) -> the bytes; Refused past cap or when damaged
    depth: int  # 0 for a file or folder member, 1 inside a zip, 2 inside a zip in a zip


def shown(name: str) -> str:
    """A member name made safe to print (no escape sequences from a hostile zip)."""
    return visible(name)


def member_name_problem(name: str) -> str | None:
    """Why a zip member's name is refused, or ``None`` when it is a plain relative name."""
    if "\x00" in name:
        return "its name holds a NUL byte; refused"
    plain = name.replace("\\", "/")
    if plain.startswith("/") or (len(plain) > 1 and plain[1] == ":" and plain[0].isalpha()):
        return "its name is absolute (it would be written outside the export); refused"
    if ".." in plain.split("/"):
        return "its name climbs out of the export with '..' (path traversal); refused"
    return None


def zip_entries(opened: Any, prefix: str, depth: int, budget: Budget) -> tuple[list[Entry], list[tuple[str, str]]]:
    """The readable members of an open :class:`zipfile.ZipFile` and ``(name, problem)``
    for those refused. ``prefix`` is the zip's own name inside the import ("" at the top)."""
    import zipfile

    entries: list[Entry] = []
    problems: list[tuple[str, str]] = []
    infos = opened.infolist()
    if len(infos) > MAX_MEMBERS:
        raise Refused(f"the zip lists {len(infos)} members, more than {MAX_MEMBERS}; refused")
    for info in infos:
        name = prefix + info.filename
        if info.is_dir():
            continue
        why = member_name_problem(info.filename)
        if why is None and stat.S_ISLNK(info.external_attr >> 16):
            why = "it is a symbolic link; refused"
        if why is None and info.flag_bits & 0x1:
            why = "it is encrypted; not read"
        if why is not None:
            problems.append((name, why))
            continue

        def read(cap: int, info: zipfile.ZipInfo = info, name: str = name) -> bytes:
            try:
                with opened.open(info) as stream:
                    return read_capped(stream, cap, shown(name), budget, info.compress_size)
            except Refused:
                raise
            except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError) as error:
                raise Refused(f"damaged zip member ({reason(error)})") from None
            except (NotImplementedError, RuntimeError) as error:  # an unknown packing, or a password
                raise Refused(f"packed in a way that cannot be read ({reason(error)})") from None

        entries.append(Entry(name, read, depth))
    return entries, problems


def open_zip(data_or_path: bytes | Path) -> Any:
    """A :class:`zipfile.ZipFile` of bytes or a file; :class:`Refused` if it is not a zip."""
    import io
    import zipfile

    try:
        return zipfile.ZipFile(io.BytesIO(data_or_path) if isinstance(data_or_path, bytes) else data_or_path)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as error:
        raise Refused(f"damaged zip file ({reason(error)})") from None
    except NotImplementedError as error:
        raise Refused(f"a zip that cannot be read ({reason(error)})") from None


def folder_entries(root: Path, budget: Budget) -> tuple[list[Entry], list[tuple[str, str]]]:
    """The files under ``root`` (sorted), symbolic links refused, never followed."""
    entries: list[Entry] = []
    problems: list[tuple[str, str]] = []
    for folder, dirs, files in os.walk(root, followlinks=False):
        dirs.sort()
        here = Path(folder)
        for linked in [d for d in dirs if (here / d).is_symlink()]:
            problems.append(((here / linked).relative_to(root).as_posix(), "a symbolic link; not followed"))
            dirs.remove(linked)
        for file in sorted(files):
            path = here / file
            name = path.relative_to(root).as_posix()
            if path.is_symlink():
                problems.append((name, "a symbolic link; not followed"))
                continue
            entries.append(Entry(name, lambda cap, path=path: read_file(path, cap, budget), 0))
    return entries, problems


def read_file(path: Path, cap: int = MAX_FILE_BYTES, budget: Budget | None = None) -> bytes:
    """A file's bytes, refused past ``cap``; an OS error is a :class:`Refused` line."""
    try:
        with open(path, "rb") as stream:
            return read_capped(stream, cap, shown(path.name), budget)
    except OSError as error:
        raise Refused(f"cannot be read ({error.strerror or reason(error)})") from None


__all__ = ["MAX_FILE_BYTES", "MAX_INNER_ZIP_BYTES", "Entry", "folder_entries", "member_name_problem",
           "open_zip", "read_file", "shown", "zip_entries"]
