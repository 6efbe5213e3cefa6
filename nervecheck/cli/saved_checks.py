"""``nervecheck check list|mistake ID|unmark ID``: the saved checks, and correcting a slip.

Each saved check has a stable id (8 hex digits, the same on every machine; see
:func:`nervecheck.engine.store.sync.check_id`). A check marked "entered by mistake"
stays in the database (``unmark`` brings it back) but is left out of the report and
of the latest check that opens or closes routines. Marking one that found a warning
sign says so: if the sign is real, the advice it gave still stands.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, TextIO

from nervecheck.cli.errors import UsageError
from nervecheck.cli.log import open_for_cli
from nervecheck.engine.vocab import label

if TYPE_CHECKING:
    from nervecheck.engine.clock import Clock
    from nervecheck.engine.store.schema import CheckRecord

#: Dispositions that come from a warning sign, which marking must not pass over quietly.
WARNING_DISPOSITIONS = ("emergency", "urgent_today")


def describe(key: str, check: CheckRecord, clock: Clock) -> str:
    when = clock.local(check.time).strftime("%Y-%m-%d %H:%M")
    nerve = f", {label(check.nerve)}" if check.nerve else ""
    mark = "  (entered by mistake)" if check.mistake else ""
    return f"{key}  {when}  {label(check.disposition)}{nerve}{mark}"


def run(args: argparse.Namespace, out: TextIO, clock: Clock) -> int:
    if args.verb is None:
        raise UsageError("check: give --answers FILE, or one of list, mistake ID, unmark ID")
    if args.answers is not None:
        raise UsageError(f"check {args.verb}: --answers is for a new check, not with {args.verb}")
    if args.verb == "list":
        if args.id is not None:
            raise UsageError(f"check list: takes no id (got {args.id!r})")
        store = open_for_cli(args.db, clock, read_only=True)
        checks = store.checks_with_ids()
        for key, check in reversed(checks):
            out.write(describe(key, check, clock) + "\n")
        if not checks:
            out.write("no saved checks\n")
        return 0
    if args.id is None:
        raise UsageError(f"check {args.verb}: give the check's ID (`nervecheck check list` shows them)")
    store = open_for_cli(args.db, clock)
    key, _check = store.find_check(args.id)
    check = store.mark_check(key, mistake=args.verb == "mistake")
    done = "marked as entered by mistake" if check.mistake else "no longer marked as a mistake"
    out.write(f"{done}: {describe(key, check, clock)}\n")
    if check.mistake and check.disposition in WARNING_DISPOSITIONS:
        out.write(f"this check found a warning sign ({label(check.disposition)}): if you do have that sign, "
                  "its advice stands; do a new check (`nervecheck check unmark "
                  f"{key}` undoes this)\n")
    return 0
