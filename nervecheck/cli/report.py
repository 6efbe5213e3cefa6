"""``nervecheck report [--days N] [--format md|html] [--output FILE [--force]]``.

Prints the clinician report (see :mod:`nervecheck.engine.log.report`) for the last N days, today
included, or writes it to FILE. Bad input exits with status 2 and one line.

FILE is created new (owner-only, never through a symbolic link); an existing file is
replaced only with ``--force``, and never when it is the database, its lock, a backup
or a kept copy, whatever name or link leads to it.
"""

from __future__ import annotations

import argparse
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


def write_output(path: str, text: str, db: Path | None = None, force: bool = False) -> None:
    """Write the report by :func:`nervecheck.engine.log.report_files.write_file`: a new
    owner-only file; an existing one only with ``force``; never one of the database's."""
    from nervecheck.engine.log.report_files import ReportExistsError, ReportFileError, write_file

    try:
        write_file(Path(path), text, db, force)
    except ReportExistsError:
        raise UsageError(f"--output: {path} already exists; add --force to replace it") from None
    except ReportFileError as error:
        raise UsageError(f"--output: {error}") from None


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
