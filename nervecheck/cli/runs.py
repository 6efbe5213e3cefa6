"""``nervecheck runs import PATH...`` and ``nervecheck shoes``: runs from the watch (issue 16).

The watch room (and its file readers) is imported only by ``runs import``; ``shoes``
reads the stored documents.
"""

from __future__ import annotations

import argparse
import math
from typing import TYPE_CHECKING, TextIO

from nervecheck.cli.errors import UsageError, is_terminal
from nervecheck.engine.textsafe import visible

if TYPE_CHECKING:
    from nervecheck.engine.clock import Clock

RUNS_HELP = ("read activity files (FIT, GPX, TCX, each also .gz), folders and zips (a Strava or Garmin "
             "export) into the database: a run already stored is not added again, and the shoes the "
             "activities name are added. Everything is stored in one write at the end, so an "
             "interrupt (Ctrl+C) before it leaves the database as it was. Pain, symptoms, notes and "
             "typed runs are never changed; a day's imported runs count as its run.")
SHOES_HELP = ("shoes and their distance, default shoe, alert distance and retire day (the distance is the "
              "imported runs naming the shoe, and typed runs credited to the default shoe). "
              "shoes add NAME [--default | --no-default] [--alert-km N] adds a shoe or changes one: "
              "--default credits typed runs to it, --alert-km flags it on the home screen once it has run N km "
              "(600 unless set); shoes retire NAME [--date D] retires it (it keeps its distance), "
              "--undo puts it back in use.")


def add_parsers(commands: argparse._SubParsersAction, parser_class: type, only: str | None) -> None:
    if only in (None, "runs"):
        runs = commands.add_parser("runs", help="runs from your watch: runs import PATH...", description=RUNS_HELP)
        verbs = runs.add_subparsers(dest="verb", required=True, parser_class=parser_class)
        imp = verbs.add_parser("import", help="import activity files, folders or exports", description=RUNS_HELP)
        imp.add_argument("paths", nargs="+", metavar="PATH", help="a FIT, GPX or TCX file, a folder, or a zip export")
    if only in (None, "shoes"):
        shoes = commands.add_parser("shoes", help="shoes and their distance; shoes add|retire", description=SHOES_HELP)
        verbs = shoes.add_subparsers(dest="verb", parser_class=parser_class)
        add = verbs.add_parser("add", help="add a shoe, or change one (--default, --no-default, --alert-km)")
        add.add_argument("name", metavar="NAME", help="the shoe's name, shown exactly as typed")
        default = add.add_mutually_exclusive_group()
        default.add_argument("--default", action="store_true",
                             help="typed runs (log add, the log screen) are credited to it (and to no other shoe)")
        default.add_argument("--no-default", action="store_true",
                             help="it stops being the default: typed runs are then credited to no shoe")
        add.add_argument("--alert-km", metavar="N", help="flag the shoe on home once it has run N km (default 600)")
        retire = verbs.add_parser("retire", help="retire a shoe (it keeps its distance); --undo puts it back")
        retire.add_argument("name", metavar="NAME", help="the shoe's name")
        when = retire.add_mutually_exclusive_group()
        when.add_argument("--date", metavar="D", help="the day it was retired, YYYY-MM-DD (default today)")
        when.add_argument("--undo", action="store_true", help="put a retired shoe back in use")


# -- runs import -------------------------------------------------------------------------


class _Progress:
    """``reading export.zip: 12/40 files`` on one line of a terminal; nothing otherwise."""

    def __init__(self, err: TextIO) -> None:
        self.err = err
        self.on = is_terminal(err)
        self.name = ""
        self.shown = ""
        self.width = 0

    def __call__(self, done: int, total: int) -> None:
        if not self.on:
            return
        line = f"reading {self.name}: {done}/{total} files"
        if line != self.shown:
            self.shown = line
            self.err.write("\r" + line.ljust(self.width))
            self.width = len(line)
            self.err.flush()

    def end(self) -> None:
        if self.on and self.width:
            self.err.write("\r" + " " * self.width + "\r")
            self.err.flush()


def import_runs(args: argparse.Namespace, out: TextIO, err: TextIO, clock: Clock) -> int:
    from nervecheck.cli.log import open_for_cli
    from nervecheck.engine.log import runs
    from nervecheck.engine.watch import dedupe, read_path

    store = open_for_cli(args.db, clock)  # a damaged database is said before minutes of reading
    progress = _Progress(err)
    found, problems = [], []
    try:
        for path in args.paths:
            progress.name = visible(path)
            scan = read_path(path, progress)
            found += scan.activities
            problems += scan.problems
    finally:
        progress.end()
    docs = [runs.activity_doc(activity, clock) for activity in dedupe(found)]
    counts = runs.import_activities(store, docs)
    problems = runs.problems_left(problems, counts)  # a missing file's row already stored is no fault
    for problem in problems:
        err.write(f"nervecheck: {visible(str(problem))}\n")
    for name in counts.shoes_added:
        err.write(f"nervecheck: new shoe {visible(name)} (from the activities; `nervecheck shoes` lists it)\n")
    out.write(f"activities added {counts.added}, duplicates skipped {counts.duplicates}, "
              f"files not readable {len(problems)}, other sports {counts.other_sports}\n")
    return 2 if problems else 0


# -- shoes -------------------------------------------------------------------------------


def _alert(text: str | None) -> float:
    from nervecheck.engine.store.activities import ALERT_MAX_KM
    from nervecheck.engine.store.records import parse_number_text

    try:
        value = parse_number_text(text or "")
    except ValueError as error:
        raise UsageError(f"--alert-km: {error}") from None
    if not 0 < value <= ALERT_MAX_KM or not math.isfinite(value):
        raise UsageError(f"--alert-km: must be more than 0 and at most {ALERT_MAX_KM:g}")
    return value


def _name(name: str) -> str:
    from nervecheck.engine.store.activities import name_problem

    problem = name_problem(name)
    if problem:
        raise UsageError(f"NAME: {problem}")
    return name


def list_shoes(args: argparse.Namespace, out: TextIO, clock: Clock) -> int:
    from nervecheck.cli.log import open_for_cli
    from nervecheck.engine.log import runs

    store = open_for_cli(args.db, clock, read_only=True)
    lines = runs.stored_shoe_lines(store, store.shoe_docs())
    if not lines:
        out.write("no shoes (runs import adds the shoes your activities name; shoes add NAME adds one)\n")
    for line in lines:
        shoe = line.doc
        parts = [f"{visible(shoe['name'])}  {line.km:.1f} km"]
        if line.typed_km:
            parts.append(f"({line.imported_km:.1f} imported, {line.typed_km:.1f} typed)")
        if shoe["default"]:
            parts.append("default")
        if shoe["retired"]:
            parts.append(f"retired {shoe['retired']}")
        if line.past_alert:
            parts.append(f"! past its alert of {shoe['alert_km']:g} km")
        else:
            parts.append(f"alert at {shoe['alert_km']:g} km")
        out.write("  ".join(parts) + "\n")
    return 0


def add_shoe(args: argparse.Namespace, out: TextIO, clock: Clock) -> int:
    from nervecheck.cli.log import open_for_cli
    from nervecheck.engine.log import runs
    from nervecheck.engine.store.activities import DEFAULT_ALERT_KM, new_shoe

    name = _name(args.name)
    alert = _alert(args.alert_km) if args.alert_km is not None else None
    store = open_for_cli(args.db, clock)
    today = clock.today()

    def change(_acts: dict, shoes: dict) -> tuple[dict, dict, str]:
        key = runs.find_shoe(shoes, name)
        changes = {}
        if key is None:
            key = max(shoes, default=0) + 1
            changes[key] = new_shoe(name, today, alert if alert is not None else DEFAULT_ALERT_KM, args.default)
            said = "added"
        else:
            changes[key] = {**shoes[key], **({"alert_km": alert} if alert is not None else {})}
            if args.no_default:
                changes[key]["default"] = False
            if args.default:
                if shoes[key]["retired"]:
                    raise UsageError(f"NAME: {visible(shoes[key]['name'])} is retired; a retired shoe cannot be the default")
                changes[key]["default"] = True
            said = "updated" if changes[key] != shoes[key] else "unchanged"
        if args.default:
            for other, shoe in shoes.items():
                if other != key and shoe["default"]:
                    changes[other] = {**shoe, "default": False}
        return {}, {k: v for k, v in changes.items() if shoes.get(k) != v}, f"{said} {visible(changes[key]['name'])}"

    out.write(store.change_runs(change) + "\n")
    return 0


def retire_shoe(args: argparse.Namespace, out: TextIO, clock: Clock) -> int:
    from nervecheck.cli.log import day_arg, open_for_cli
    from nervecheck.engine.log import runs

    day = day_arg("--date", args.date, clock.today()) or clock.today()
    if day > clock.today():
        raise UsageError(f"--date: {day} is in the future")
    store = open_for_cli(args.db, clock)

    def change(_acts: dict, shoes: dict) -> tuple[dict, dict, str]:
        key = runs.find_shoe(shoes, args.name)
        if key is None:
            raise UsageError(f"NAME: no shoe named {visible(args.name)!r}; `nervecheck shoes` lists them")
        shoe = shoes[key]
        if args.undo:
            if not shoe["retired"]:
                return {}, {}, f"{visible(shoe['name'])} is not retired"
            return {}, {key: {**shoe, "retired": None}}, f"{visible(shoe['name'])} is back in use"
        if day.isoformat() < shoe["added"]:
            raise UsageError(f"--date: {day} is before the shoe was added ({shoe['added']})")
        return {}, {key: {**shoe, "retired": day.isoformat(), "default": False}}, \
            f"retired {visible(shoe['name'])} on {day}"

    out.write(store.change_runs(change) + "\n")
    return 0


def run(args: argparse.Namespace, out: TextIO, err: TextIO, clock: Clock) -> int:
    if args.command == "runs":
        return import_runs(args, out, err, clock)
    if args.verb == "add":
        return add_shoe(args, out, clock)
    if args.verb == "retire":
        return retire_shoe(args, out, clock)
    return list_shoes(args, out, clock)
