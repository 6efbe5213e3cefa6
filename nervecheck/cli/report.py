"""``nervecheck report [--days N] [--format md|html] [--output FILE [--force]]``.

Prints the clinician report (see :mod:`nervecheck.engine.log.report`) for the last N days, today
included, or writes it to FILE. Bad input exits with status 2 and one line.

FILE is created new (owner-only, never through a symbolic link); an existing file is
replaced only with ``--force``, and never when it is the database, its lock, a backup
or a kept copy, whatever name or link leads to it.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from nervecheck.engine.log import report
from nervecheck.cli.errors import UsageError
from nervecheck.cli.log import open_for_cli

if TYPE_CHECKING:
    from nervecheck.engine.clock import Clock

MAX_DAYS = 36_600  # a hundred years: beyond that the dates themselves run out


def parse_days(value: str) -> int:
    """A positive whole number of days, written in plain digits."""
    text = value.strip()
    if not text.isascii() or not text.isdigit():
        raise UsageError(f"--days: {value!r} is not a positive whole number of days")
    days = int(text)
    if not 1 <= days <= MAX_DAYS:
        raise UsageError(f"--days: {days} is outside 1..{MAX_DAYS}")
    return days


def _nervecheck_file(target: Path, db: Path) -> bool:
    """Whether ``target`` is, or leads to, a file NerveCheck keeps for ``db``."""
    from nervecheck.engine.store.locations import backup_dir

    real, db_real = Path(os.path.realpath(target)), Path(os.path.realpath(db))
    if real.parent == db_real.parent and (real.name == db_real.name or real.name.startswith(f"{db_real.name}.")
                                          or real.name.startswith(f".{db_real.name}.")):
        return True  # the database, its lock, kept copies, temp files
    if real.parent == Path(os.path.realpath(backup_dir(db))):
        return True
    try:
        mine = os.stat(target)
    except OSError:
        return False
    for path in (db_real, db_real.with_name(f"{db_real.name}.lock")):
        try:
            theirs = os.stat(path)
        except OSError:
            continue
        if (mine.st_dev, mine.st_ino) == (theirs.st_dev, theirs.st_ino):
            return True  # a hard link
    return False


def write_output(path: str, text: str, db: Path | None = None, force: bool = False) -> None:
    """Write the report, owner-readable only (it holds health data), into a new file;
    an existing one only with ``force``, and never one of the database's files."""
    target = Path(path)
    if db is not None and _nervecheck_file(target, db):
        raise UsageError(f"--output: {path} is one of NerveCheck's own files for {db}; choose another name")
    flags = os.O_WRONLY | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC
    try:
        try:
            fd = os.open(target, flags | os.O_EXCL, 0o600)
        except FileExistsError:
            if not force:
                raise UsageError(f"--output: {path} already exists; add --force to replace it") from None
            if os.path.islink(target):
                raise UsageError(f"--output: {path} is a symbolic link; give the real file") from None
            fd = os.open(target, flags | os.O_NONBLOCK, 0o600)
            import stat

            if not stat.S_ISREG(os.fstat(fd).st_mode):
                os.close(fd)
                raise UsageError(f"--output: {path} is not a regular file") from None
            os.ftruncate(fd, 0)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
    except OSError as error:
        raise UsageError(f"--output: cannot write {path}: {error.strerror or error}") from None


def run(args: argparse.Namespace, out: TextIO, clock: Clock) -> int:
    from nervecheck.engine.store.locations import database_path

    days = parse_days(args.days)
    if getattr(args, "force", False) and not args.output:
        raise UsageError("--force: only with --output")
    store = open_for_cli(args.db, clock, read_only=True)
    text = report.render(store, clock.today(), days, args.format)
    if args.output:
        write_output(args.output, text, database_path(args.db), getattr(args, "force", False))
        out.write(f"report for {days} days written to {args.output}\n")
    else:
        out.write(text)
    return 0
