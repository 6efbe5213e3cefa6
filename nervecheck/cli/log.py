"""``nervecheck log add|show|export|import``: the daily log from the shell."""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from nervecheck.cli.errors import UsageError, is_terminal
from nervecheck.cli.log_flags import (
    CLEARABLE, CLEARED, check_flag_conflicts, exercises_with_flags, known_ids, list_with_flags,
)
from nervecheck.engine.dates import parse_day
from nervecheck.engine.store import entry_rules, records
from nervecheck.engine.store.entry_rules import TypedValueError
from nervecheck.engine.store.records import EntryView
from nervecheck.engine.store.storage import DamagedStoreError, StoreError, describe_os_error
from nervecheck.engine.store.repository import Store, open_store, writing_store
from nervecheck.engine.textsafe import visible
from nervecheck.engine.vocab import LOCATIONS, PAIN_AFTER, SYMPTOMS, label

if TYPE_CHECKING:
    from nervecheck.engine.clock import Clock

# ``log add``, ``show`` and ``export`` work on the store's checked documents and never
# import pydantic (it would cost more than the whole start-up budget of a command);
# the models are asked only to word a refusal, and by ``log import``.
Doc = dict[str, Any]


def open_for_cli(db: str | None, clock: Clock, read_only: bool = False) -> Store:
    """Open the database, turning damage into one actionable line.

    ``read_only`` (show, export, report) creates nothing and never waits for a writer.
    """
    from nervecheck.engine.store.locations import database_path

    with _damage_in_one_line():
        return open_store(database_path(db), clock, read_only=read_only)


@contextlib.contextmanager
def _damage_in_one_line() -> Iterator[None]:
    try:
        yield
    except DamagedStoreError as error:
        kept = f"; a copy is kept at {error.kept_copy}" if error.kept_copy else ""
        raise StoreError(
            f"the database {error.path} is damaged ({error.problem}); it was left untouched{kept}; "
            "run `nervecheck db restore` to restore the newest good backup"
        ) from None


def day_arg(name: str, value: str | None, today: dt.date) -> dt.date | None:
    """A typed day: ``YYYY-MM-DD``, ``today``, ``yesterday`` or ``-N`` (CLI.md)."""
    if value is None:
        return None
    try:
        return parse_day(value, today)
    except ValueError as error:
        raise UsageError(f"{name}: {error}") from None


def changes_from_args(args: argparse.Namespace, existing: Doc | None, notices: list[str] | None = None) -> Doc:
    """The fields ``log add`` was given, checked by the entry rules the log form uses;
    fields not given are left alone. What the runner should know (a list replaced, an
    id to remove that was not there) is added to ``notices``."""
    notices = [] if notices is None else notices
    day = existing["date"] if existing else (args.date or "the day")
    changes: dict[str, Any] = {field: CLEARED[field] for field in
                               (CLEARABLE[word] for word in getattr(args, "clear", None) or ())}
    try:
        if args.pain is not None:
            changes["pain"] = entry_rules.typed_pain(args.pain)
        for field, allowed in (("symptoms", SYMPTOMS), ("locations", LOCATIONS)):
            new = list_with_flags(args, field, allowed, list(existing.get(field, ())) if existing else [], day, notices)
            if new is not None:
                changes[field] = new
        exercises = exercises_with_flags(args, list(existing.get("exercises", ())) if existing else [], day, notices)
        if exercises is not None:
            changes["exercises"] = exercises
        if args.pain_after is not None:
            changes["pain_after_exercise"] = known_ids("--pain-after", [args.pain_after], PAIN_AFTER)[0]
        if args.note is not None:
            changes["note"] = entry_rules.typed_note(args.note)
        if args.run_km is not None or args.run_mi is not None or args.run_min is not None:
            changes["run"] = _run(args, existing)
    except TypedValueError as error:
        raise UsageError(f"{_typed_flag(error.field_name, args)}: {error}") from None
    return changes


def _typed_flag(field_name: str, args: argparse.Namespace) -> str:
    """The flag the user typed for a field of the entry rules."""
    if field_name == "distance":
        return "--run-mi" if args.run_mi is not None else "--run-km"
    return {"pain": "--pain", "note": "--note", "duration": "--run-min"}[field_name]


def _run(args: argparse.Namespace, existing: Doc | None) -> Doc | None:
    """The day's run with the given flags changed: a blank distance (``--run-km ''``)
    is no run, as a blank distance in the form is; a part not given is kept."""
    old = existing.get("run") if existing else None
    if args.run_km is not None or args.run_mi is not None:
        units = "mi" if args.run_mi is not None else "km"
        km = entry_rules.typed_distance(args.run_mi if units == "mi" else args.run_km, units)
    else:
        km = old["distance_km"] if old else None
    if args.run_min is not None:
        minutes = entry_rules.typed_minutes(args.run_min)
    else:
        minutes = old.get("duration_min") if old and km is not None else None
    return entry_rules.typed_run(km, minutes)


#: The ``log add`` flag behind each field, so a refusal names what the user typed.
_FLAGS = {"pain": "--pain", "symptoms": "--symptom", "locations": "--location", "run": "--run-km or --run-mi",
          "pain_after_exercise": "--pain-after", "note": "--note", "date": "--date", "exercises": "--add-exercise"}


def apply_changes(day: dt.date, existing: Doc | None, changes: Doc) -> Doc:
    """The day's entry with ``changes`` made, checked: the fast check, else the model,
    whose refusal is worded with the flag the user typed."""
    doc = {**(existing or records.blank_entry(day)), **changes}
    doc.pop("updated_at", None)
    if records.entry_ok(doc):
        return doc
    from pydantic import ValidationError

    from nervecheck.engine.content_files import first_problem
    from nervecheck.engine.store.schema import Entry

    try:
        return Entry.model_validate(doc).to_json()
    except ValidationError as error:
        item = error.errors()[0]
        field = item["loc"][0] if item["loc"] else None
        if field in changes and field in _FLAGS:
            flag = _FLAGS[field]
            if field == "run" and len(item["loc"]) > 1 and item["loc"][1] == "duration_min":
                flag = "--run-min"
            raise UsageError(f"{flag}: {_plain(item['msg'])}") from None
        raise UsageError(f"the stored entry for {day}: {first_problem(error)}") from None


def _plain(message: str) -> str:
    """A pydantic message in the words the rest of the CLI uses."""
    message = message.removeprefix("Value error, ")
    for theirs, ours in (("Input should be greater than or equal to", "must be at least"),
                         ("Input should be greater than", "must be more than"),
                         ("Input should be less than or equal to", "must be at most"),
                         ("String should have at most", "at most")):
        message = message.replace(theirs, ours)
    return message


def add(args: argparse.Namespace, out: TextIO, err: TextIO, clock: Clock) -> int:
    from nervecheck.engine.store.locations import database_path

    check_flag_conflicts(args)
    today = clock.today()
    day = day_arg("--date", args.date, today) or today
    if day > today:
        raise UsageError(f"--date: {day} is in the future")
    edited = _edit_note(args, day, clock) if getattr(args, "edit", False) else None
    notices: list[str] = []

    def change(current: Doc | None) -> Doc:
        notices.clear()
        changes = changes_from_args(args, current, notices)
        if edited is not None:
            changes["note"] = edited.note_for(current)
        return apply_changes(day, current, changes)

    try:
        # One hold of the lock from reading to writing: the file is read once, and no
        # other session can change the day in between.
        with _damage_in_one_line(), writing_store(database_path(args.db), clock) as store:
            doc = store.modify_entry_doc(day, change)
    except (UsageError, StoreError, ValueError, OSError) as error:
        if edited is None:
            raise
        # Not saved (a lock held too long, a damaged file...): the note written is kept.
        raise UsageError(_error_text(error) + edited.failed()) from None
    except BaseException:  # ctrl+C while waiting for the lock: say where the note is
        said = edited.failed() if edited is not None else ""
        if said:
            err.write(f"nervecheck: --edit: not saved{visible(said)}\n")
        raise
    if edited is not None:
        edited.done()
    for line in notices:
        err.write(f"nervecheck: {visible(line)}\n")
    entry = EntryView(doc)
    out.write(f"saved {entry.date}: {summary(entry)}\n")
    return 0


class _EditedNote:
    """A note written in the editor, and the file that holds it until it is saved."""

    def __init__(self, day: dt.date, before: str, note: str, file: Any) -> None:
        self.day, self.before, self.note, self.file = day, before, note, file

    def note_for(self, current: Doc | None) -> str:
        """The note to save; refuses when another session changed the day's note while
        the editor was open (saving would lose that change), keeping the text."""
        stored = current["note"] if current else ""
        if stored != self.before and stored != self.note:
            raise UsageError(f"--edit: the note for {self.day} was changed elsewhere while you edited it; "
                             f"nothing was saved; {self.file.keep(self.note)}")
        return entry_rules.typed_note(self.note)

    def failed(self) -> str:
        """Not saved: the file is kept when it holds something new (the words that say
        where are returned), else removed."""
        said = ""
        if not self.file.kept and self.note != self.before:
            try:
                said = f"; {self.file.keep(self.note)}"
            except OSError:
                pass
        self.file.remove()
        return said

    def done(self) -> None:
        self.file.remove()


def _error_text(error: BaseException) -> str:
    """An error in the words ``main`` would print for it."""
    if isinstance(error, OSError) and not isinstance(error, StoreError):
        where = f"{error.filename}: " if error.filename else ""
        return where + describe_os_error(error)
    return str(error)


def _edit_note(args: argparse.Namespace, day: dt.date, clock: Clock) -> _EditedNote:
    """Check the other flags on the day as stored, then let the runner write the note."""
    from nervecheck.cli.note_editor import edit_note
    from nervecheck.engine.store.locations import database_path

    current = None
    if database_path(args.db).exists():
        current = open_for_cli(args.db, clock, read_only=True).entry_doc(day)
    apply_changes(day, current, changes_from_args(args, current))  # a typo is said before any writing
    before = current["note"] if current else ""
    note, file = edit_note(day.isoformat(), before)
    return _EditedNote(day, before, note, file)


def summary(entry: EntryView, day_run: Any = None) -> str:
    """The entry in a line; ``day_run`` (a :class:`~nervecheck.engine.log.runs.DayRun`) says
    what counts as the day's run when it has imported activities."""
    parts = [f"pain {entry.pain if entry.pain is not None else '-'}"]
    parts += [label(s) for s in entry.symptoms]
    parts += [f"at {label(loc)}" for loc in entry.locations]
    if day_run is not None and day_run.describe():
        parts.append(day_run.describe())
    elif entry.run:
        parts.append(f"run {entry.run.distance_km:g} km")
    return ", ".join(parts)


def day_range(args: argparse.Namespace, today: dt.date) -> tuple[dt.date | None, dt.date | None]:
    """``--from`` and ``--to``, checked, and in order."""
    start, end = day_arg("--from", args.start, today), day_arg("--to", args.end, today)
    if start is not None and end is not None and start > end:
        raise UsageError(f"--from is after --to ({start} is after {end})")
    return start, end


def show(args: argparse.Namespace, out: TextIO, clock: Clock) -> int:
    """``log show``: every field of each day (:mod:`nervecheck.cli.log_show`)."""
    from nervecheck.cli.log_show import day_lines
    from nervecheck.engine.log import runs
    from nervecheck.engine.store.records import check_time

    start, end = day_range(args, clock.today())
    store = open_for_cli(args.db, clock, read_only=True)
    units = store.units()
    docs = {doc["date"]: doc for doc in store.entry_docs(start, end)}
    imported = runs.by_day(store.activity_docs(start, end).values())  # issue 16
    checks: dict[str, list[tuple[str, Doc]]] = {}
    for key, doc in store.check_docs_with_ids():
        day = clock.local(check_time(doc)).date()
        if (start is None or day >= start) and (end is None or day <= end):
            checks.setdefault(day.isoformat(), []).append((key, doc))
    days = sorted({*docs, *imported, *checks})
    if not days:
        out.write("no entries\n")
    for day in days:
        out.write("\n".join(day_lines(day, docs.get(day), imported.get(day, []), checks.get(day, []), clock,
                                      units)) + "\n")
    return 0


def export(args: argparse.Namespace, out: TextIO, clock: Clock) -> int:
    from nervecheck.engine.log import exchange as entry_io

    start, end = day_range(args, clock.today())
    store = open_for_cli(args.db, clock, read_only=True)
    docs = entry_io.with_activities(store.entry_docs(start, end), store.activity_docs(start, end).values(),
                                    store.shoe_docs().values())  # the shoes' settings: JSON carries them
    text = entry_io.export_json(docs) if args.format == "json" else entry_io.export_csv(docs)
    if is_terminal(out):
        text = visible(text, keep_newlines=True)  # CSV cannot escape a note's control characters
    out.write(text)
    return 0


def import_(args: argparse.Namespace, out: TextIO, err: TextIO, clock: Clock) -> int:
    from nervecheck.engine.log import exchange as entry_io

    text = read_import_text(args.file)
    try:
        result = entry_io.parse_import(text, args.file, today=clock.today())
    except entry_io.ImportFileError as error:
        raise UsageError(f"{args.file}: {error}") from None
    store = open_for_cli(args.db, clock)
    counts = store.import_entries((entry.to_json(), result.named[entry.date]) for entry in result.entries)
    runs_line = ""
    if result.activities or result.shoes:  # issue 16: the days' activities, added once, and the shoes
        from nervecheck.engine.log import runs

        done = runs.merge_runs(store, result.activities, result.shoes)
        runs_line = f", activities added {done.added}, activities already stored {done.duplicates}"
    for line in result.rejected:
        err.write(f"nervecheck: {visible(args.file)}: rejected {visible(line)}\n")
    out.write(", ".join(f"{outcome} {n}" for outcome, n in counts.items())
              + f", rejected {len(result.rejected)}{runs_line}\n")
    return 2 if result.rejected else 0


def read_import_text(name: str) -> str:
    """The import file as text, exactly: no newline translation (a note may hold a
    carriage return), a leading byte-order mark dropped (spreadsheets write one)."""
    try:
        if name == "-":
            stdin = getattr(sys.stdin, "buffer", None)
            return stdin.read().decode("utf-8-sig") if stdin else sys.stdin.read().removeprefix("\ufeff")
        return Path(name).read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise UsageError(f"{name}: not UTF-8 text (byte {error.start + 1})") from None
    except OSError as error:
        raise UsageError(f"{name}: cannot be read ({describe_os_error(error)})") from None


def remove(args: argparse.Namespace, out: TextIO, clock: Clock) -> int:
    """``log rm DATE``: delete the day's entry, leaving a tombstone (issue 15)."""
    day = day_arg("DATE", args.date, clock.today())
    store = open_for_cli(args.db, clock)
    doc = store.delete_day(day)
    if doc is None:
        raise UsageError(f"log rm: no entry for {day}")
    out.write(f"deleted {day}: {summary(EntryView(doc))}\n")
    return 0


def run(args: argparse.Namespace, out: TextIO, err: TextIO, clock: Clock) -> int:
    if args.verb == "rm":
        return remove(args, out, clock)
    if args.verb == "add":
        return add(args, out, err, clock)
    if args.verb == "show":
        return show(args, out, clock)
    if args.verb == "export":
        return export(args, out, clock)
    return import_(args, out, err, clock)
