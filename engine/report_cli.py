"""``nervecheck report [--days N] [--format md|html] [--output FILE]``.

Prints the clinician report (see :mod:`engine.report`) for the last N days, today
included, or writes it to FILE. Bad input exits with status 2 and one line.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from engine import report
from engine.errors import UsageError
from engine.log_cli import open_for_cli

if TYPE_CHECKING:
    from engine.clock import Clock

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


def write_output(path: str, text: str) -> None:
    """Write the report, owner-readable only (it holds health data)."""
    target = Path(path)
    try:
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
    except OSError as error:
        raise UsageError(f"--output: cannot write {path}: {error.strerror or error}") from None


def run(args: argparse.Namespace, out: TextIO, clock: Clock) -> int:
    days = parse_days(args.days)
    store = open_for_cli(args.db, clock, read_only=True)
    text = report.render(store, clock.today(), days, args.format)
    if args.output:
        write_output(args.output, text)
        out.write(f"report for {days} days written to {args.output}\n")
    else:
        out.write(text)
    return 0
