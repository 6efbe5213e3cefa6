"""``nervecheck db check|backups|restore|merge``: look after the database file."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from nervecheck.engine.store import backups
from nervecheck.engine.store import restore as restoring
from nervecheck.cli.errors import UsageError
from nervecheck.engine.store.locations import database_path
from nervecheck.engine.store.storage import StoreError, check_database_path, describe_os_error
from nervecheck.engine.store.repository import file_problems

if TYPE_CHECKING:
    from nervecheck.engine.clock import Clock


def problems(path: Path) -> list[str]:
    """Every problem in the database file (not just the first), as plain lines."""
    return file_problems(path)


def check(path: Path, out: TextIO) -> int:
    check_database_path(path, must_exist=True)
    found = problems(path)
    for line in found:
        out.write(line + "\n")
    if found:
        out.write(f"{len(found)} problem(s) in {path}\n")
        return 1
    out.write(f"{path}: OK\n")
    return 0


def list_(path: Path, out: TextIO) -> int:
    check_database_path(path, must_exist=True)
    found = backups.list_backups(path)
    for backup in found:
        out.write(f"{backup}\n")
    if not found:
        out.write("no backups yet (one is taken before the first change of each day)\n")
    return 0


def restore(path: Path, backup: str | None, out: TextIO, clock: Clock, force: bool = False) -> int:
    """Restore a backup; a healthy database is replaced only with ``--force``."""
    check_database_path(path)  # a link or a special file is never replaced
    chosen = Path(backup) if backup else None
    if chosen is not None and (not chosen.is_file() or problems(chosen)):
        raise UsageError(f"--backup: {chosen} is not a valid NerveCheck database")
    try:
        done = restoring.restore(path, clock, chosen, force=force)
    except restoring.HealthyDatabaseError as error:
        raise UsageError(f"db restore: {error}") from None
    if done.kept is not None:
        kind = "healthy" if done.replaced_healthy else "damaged"
        kept = f"the replaced ({kind}) file is kept as {done.kept}"
    else:
        kept = "there was no database file to keep"
    out.write(f"restored {path} from {done.backup.describe()}; {kept}\n")
    return 0


def merge(path: Path, others: list[str], out: TextIO, clock: Clock) -> int:
    """``db merge OTHER...``: other copies merged in by the one rule (engine/store/sync.py);
    every copy is read and checked before anything is written; none is ever written."""
    from nervecheck.cli.log import open_for_cli
    from nervecheck.engine.store import copies, sync

    from nervecheck.engine.store.activities import ACTIVITIES, SHOES

    try:
        read = [copies.read_copy(other, path) for other in copies.copies_from(others, path)]
    except copies.CopyError as error:
        raise UsageError(f"db merge: {error}") from None
    found = [copies.state_of_copy(copy) for copy in read]
    store = open_for_cli(str(path), clock)
    total: dict[str, int] = {}
    for copy in found:
        for name, n in store.merge_copy(copy).items():
            total[name] = total.get(name, 0) + n
    added = None
    for copy in read:  # issue 16: the copies' imported activities and shoes, by the import's rule
        acts, shoes = copy["data"].get(ACTIVITIES) or {}, copy["data"].get(SHOES) or {}
        if acts or shoes:
            from nervecheck.engine.log import runs

            done = runs.merge_runs(store, acts.values(), shoes.values())
            added = (added or 0) + done.added
    source = f" (from {len(found)} copies)" if len(found) > 1 else ""
    runs_line = f", activities added {added}" if added is not None else ""
    out.write(sync.summary(total) + runs_line + source + "\n")
    return 0


def run(args: argparse.Namespace, out: TextIO, clock: Clock) -> int:
    path = database_path(args.db)
    if args.verb == "merge":
        return merge(path, args.other, out, clock)
    try:
        if args.verb == "check":
            return check(path, out)
        if args.verb == "backups":
            return list_(path, out)
        return restore(path, args.backup, out, clock, force=getattr(args, "force", False))
    except OSError as error:
        raise StoreError(f"{path}: {describe_os_error(error)}") from None
