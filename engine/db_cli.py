"""``nervecheck db check|backups|restore``: look after the database file."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TextIO

from pydantic import ValidationError

from engine import backups
from engine.errors import UsageError
from engine.content_files import field_path
from engine.locations import database_path
from engine.models import CheckRecord, Entry
from engine.storage import DamagedStoreError, StoreError, decode
from engine.store import CHECKS, ENTRIES, schema_version


def problems(path: Path) -> list[str]:
    """Every problem in the database file (not just the first), as plain lines."""
    try:
        data = decode(path.read_bytes(), path)
        schema_version(data, path)
    except DamagedStoreError as error:
        return [str(error)]
    found = []
    for table, model, kind in ((ENTRIES, Entry, "entry"), (CHECKS, CheckRecord, "saved check")):
        for doc_id, doc in data.get(table, {}).items():
            try:
                model.model_validate(doc)
            except ValidationError as error:
                key = doc.get("date", f"#{doc_id}") if table == ENTRIES else f"#{doc_id}"
                for item in error.errors():
                    message = item["msg"].removeprefix("Value error, ")
                    found.append(f"{path}: {kind} {key}, field {field_path(item['loc'])}: {message}")
    return found


def check(path: Path, out: TextIO) -> int:
    if not path.exists():
        raise UsageError(f"{path}: no such database")
    found = problems(path)
    for line in found:
        out.write(line + "\n")
    if found:
        out.write(f"{len(found)} problem(s) in {path}\n")
        return 1
    out.write(f"{path}: OK\n")
    return 0


def list_(path: Path, out: TextIO) -> int:
    found = backups.list_backups(path)
    for backup in found:
        out.write(f"{backup}\n")
    if not found:
        out.write("no backups yet (one is taken before the first change of each day)\n")
    return 0


def restore(path: Path, backup: str | None, out: TextIO) -> int:
    from engine.clock import SystemClock

    chosen = Path(backup) if backup else None
    if chosen is not None and (not chosen.is_file() or problems(chosen)):
        raise UsageError(f"--backup: {chosen} is not a valid NerveCheck database")
    restored = backups.restore(path, SystemClock().now(), chosen)
    out.write(f"restored {path} from {restored}\n")
    return 0


def run(args: argparse.Namespace, out: TextIO) -> int:
    path = database_path(args.db)
    try:
        if args.verb == "check":
            return check(path, out)
        if args.verb == "backups":
            return list_(path, out)
        return restore(path, args.backup, out)
    except OSError as error:
        raise StoreError(f"{path}: {error.strerror or error}") from None
