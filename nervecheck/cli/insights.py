"""``nervecheck insights [--days N] [--format text|json]``: load and symptom insights.

Reads the database (never creates it: a missing file is one line and exit 2) and prints
the load summary and one line per insight (:mod:`nervecheck.engine.log.insights`), or
their JSON (``docs/insights.md``). ``--days`` is the window the comparisons look at
(default 90); the load figures always need their own logging (e.g. 34 days for the ratio).
Text is in the runner's units (km or mi, as the log screen sets them); JSON is in km.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, TextIO

from nervecheck.cli.log import open_for_cli
from nervecheck.cli.report import parse_days

if TYPE_CHECKING:
    from nervecheck.engine.clock import Clock


def run(args: argparse.Namespace, out: TextIO, clock: Clock) -> int:
    import json

    from nervecheck.engine.log import insights as found_insights
    from nervecheck.engine.log.load import from_store

    days = parse_days(args.days)
    store = open_for_cli(args.db, clock, read_only=True)
    today = clock.today()
    # Every entry and imported run up to today: "logged" starts at the first one; a day's
    # imported runs count over its typed run, as everywhere (engine/log/load.py).
    log = from_store(store, today, since=found_insights.needed_from(today, days))
    found = found_insights.insights(log, today, days, store.settings().units)
    if args.format == "json":
        out.write(json.dumps(found_insights.to_json(found), indent=2) + "\n")
    else:
        out.write("\n".join(found_insights.text_lines(found)) + "\n")
    return 0
