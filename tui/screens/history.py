"""History: a chart of 30, 90 or 365 days, past checks, and every day in a table.

The numbers come from :func:`nervecheck.engine.log.history.history` (one slice of the store's cache);
this screen only lays them out, so switching ranges on ten years of entries is quick.
The chart (pain per day above distance per week, one dated axis) is
:class:`~nervecheck.tui.widgets.chart.HistoryChart`. The table lists the logged days and
the days with only imported activities; a run's shoe shows where one is known.
Notes and shoe names are shown exactly as typed, control characters as visible symbols.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from nervecheck.engine.log.history import RANGES, History, history
from nervecheck.engine.store.schema import CheckRecord, Entry
from nervecheck.engine.units import km_to
from nervecheck.engine.log.patterns import notice_lines
from nervecheck.engine.store import StoreError
from nervecheck.engine.vocab import label
from nervecheck.tui.widgets.dialogs import ConfirmScreen
from nervecheck.tui.widgets.entry_table import EntryTable
from nervecheck.tui.widgets.chart import HistoryChart
from nervecheck.tui.widgets.text import user_text

COLUMNS = (("Date", 10), ("Pain", 4), ("Symptoms", 13), ("Where", 13), ("Run", 5), ("After", 5), ("Note", 0))
# With imported runs or shoes in the range: room for "12.4 imp" and the shoe, still 80 columns.
RUN_COLUMNS = (("Date", 10), ("Pain", 4), ("Symptoms", 11), ("Where", 9), ("Run", 8), ("After", 5),
               ("Shoe", 9), ("Note", 0))
WIDE_FROM = 100  # screen columns from which the shoe gets WIDE_SHOE
WIDE_SHOE = 20
AFTER_SHORT = {"none": "none", "under_2h": "<2h", "over_2h": ">2h"}


class HistoryScreen(Screen[None]):
    """Pain, distance and symptom trends; past checks; the entries, newest first."""

    SUB_TITLE = "History"
    CSS_PATH = "../history.tcss"
    AUTO_FOCUS = "#entries"
    BINDINGS = [
        *(Binding(str(n), f"range({days})", f"{days} days") for n, days in enumerate(RANGES, start=1)),
        Binding("escape", "app.pop_screen", "Back"),
        Binding("l", "open_day", "Log this day", show=False),
        # Issue 15: mark the highlighted past check "entered by mistake" (asks first), or
        # clear the mark; ctrl+z undoes the last change while this screen is open.
        Binding("m", "mark_check", "Mark check as mistake", show=False),
        Binding("ctrl+z", "undo_mark", "Undo mark", show=False),
        Binding("ctrl+o", "app.import_runs", "Import runs", show=False),  # issue 16: open a watch file or export
    ]

    def __init__(self, days: int = RANGES[0]) -> None:
        super().__init__()
        self.days = days
        self.records: list[CheckRecord] = []
        self._entries: list[Entry] = []
        self._rows: list[tuple[dt.date, Entry | None]] = []  # newest first: entries and import-only days
        self._found: History | None = None
        self._shown = False
        self._last_mark: tuple[str, bool] | None = None  # (check id, mark it had before)

    def _load(self, days: int) -> tuple[History, str]:
        self.days = days
        found = history(self.app.store, self.app.clock.today(), days)
        self.records, self._entries, self._found = found.checks, found.entries, found
        by_day: dict[dt.date, Entry | None] = {entry.date: entry for entry in found.entries}
        by_day.update((day, None) for day in found.activity_days)
        self._rows = sorted(by_day.items(), key=lambda row: row[0], reverse=True)
        return found, self.app.store.settings().units

    def compose(self) -> ComposeResult:
        # Built with its data, so the first frame is the finished screen (no re-layout).
        found, units = self._load(self.days)
        notices = self._notices(found)
        yield Header(icon="")
        with Vertical(id="history"):
            yield Static(self._range_line(found), id="range-line")
            yield HistoryChart(found.chart, id="chart")
            yield Static(notices, id="history-patterns", classes="" if notices else "-empty")
            with Horizontal(id="checks-row"):
                yield Static("Checks", classes="spark-name")
                yield OptionList(*self._check_options(), id="checks", classes="" if self.records else "-empty")
                yield Static("none in this range", id="no-checks", classes="spark-note" if not self.records else "-empty")
            yield EntryTable(self._columns(found, units), len(self._rows), self._row_maker(units), id="entries")
            yield Static(self._detail(0), id="entry-detail")
        yield Footer()

    def reopens(self, **options: object) -> bool:
        """Opened again with no options: this screen, as it was, is the one asked for."""
        return not options

    def on_screen_resume(self) -> None:
        if self._shown:
            self.show_range(self.days)  # back from the log: an entry may have changed
        self._shown = True

    def action_range(self, days: int) -> None:
        self.show_range(days)

    def show_range(self, days: int) -> None:
        """Recompute and redraw for the last ``days`` days."""
        found, units = self._load(days)
        self.query_one("#range-line", Static).update(self._range_line(found))
        self.query_one("#chart", HistoryChart).show(found.chart)
        notices = self._notices(found)
        self.query_one("#history-patterns", Static).update(notices)
        self.query_one("#history-patterns").set_class(not notices, "-empty")
        options = self.query_one("#checks", OptionList)
        options.clear_options()
        options.add_options(self._check_options())
        self._highlight_newest(options)
        options.set_class(not self.records, "-empty")
        self.query_one("#no-checks").set_class(bool(self.records), "-empty")
        table = self.query_one("#entries", EntryTable)
        table.columns = self._columns(found, units)
        table.set_rows(len(self._rows), self._row_maker(units))
        self._show_detail(table.cursor)

    # -- what each part shows ----------------------------------------------------------

    @staticmethod
    def _range_line(found: History) -> Content:
        ranges = Content(" ").join(
            Content.styled(f" {n} {d}d ", "bold reverse $accent" if d == found.days else "dim")
            for n, d in enumerate(RANGES, start=1))
        summary = f"  {found.logged_days} logged, {found.symptom_days} with symptoms"
        return Content.assemble((f"Last {found.days} days ", "bold"), ranges, summary)

    @staticmethod
    def _notices(found: History) -> Content:
        return Content("\n").join(Content(f"! {line}") for line in notice_lines(found.patterns))

    def _check_options(self) -> list[Option]:
        return [Option(self._check_text(check)) for check in self.records]

    def _check_text(self, check: CheckRecord) -> Content:
        when = self.app.clock.local(check.time).strftime("%a %-d %b %Y %H:%M")
        nerve = f", {label(check.nerve)}" if check.nerve else ""
        if check.mistake:
            return Content.assemble((f"{when}  {label(check.disposition)}{nerve}", "dim strike"),
                                    ("  mistake (m unmarks)", "$warning"))
        return Content.assemble(when, "  ", (label(check.disposition), "bold"), nerve)

    def _columns(self, found: History, units: str) -> tuple[tuple[str, int], ...]:
        """The table's columns: with a shoe column when the range has imported runs or shoes."""
        wide = found.shoes or any(run.imported for run in found.day_runs.values())
        room = self.app.size.width >= WIDE_FROM
        return tuple((units if name == "Run" else name, WIDE_SHOE if name == "Shoe" and room else width)
                     for name, width in (RUN_COLUMNS if wide else COLUMNS))

    def on_resize(self) -> None:
        if self._found is None or not self.is_mounted:
            return
        columns = self._columns(self._found, self._found.chart.units if self._found.chart else "km")
        table = self.query_one("#entries", EntryTable)
        if columns != table.columns:  # only when the screen crossed WIDE_FROM: no extra paint otherwise
            table.columns = columns
            table.refresh()

    def _row_maker(self, units: str) -> Callable[[int], list[Content]]:
        rows, found = self._rows, self._found
        wide = len(self._columns(found, units)) == len(RUN_COLUMNS)
        return lambda index: self._cells(*rows[index], found, units, wide)

    def _show_detail(self, index: int) -> None:
        self.query_one("#entry-detail", Static).update(self._detail(index))

    def _detail(self, index: int) -> Content:
        """The highlighted day in full: symptoms, places and the note, as typed."""
        if not 0 <= index < len(self._rows):
            return Content("No entries in this range: press l on the home screen to log a day.")
        day, entry = self._rows[index]
        run = self._run_words(day)
        if entry is None:
            return Content.assemble((f"{day:%a %-d %b}: ", "bold"), "not logged", run)
        words = ", ".join(label(s) for s in entry.symptoms) or "no nerve symptoms"
        places = f" at {', '.join(label(p) for p in entry.locations)}" if entry.locations else ""
        note = Content.assemble("  note: ", user_text(entry.note)) if entry.note else Content("")
        return Content.assemble((f"{day:%a %-d %b}: ", "bold"), words, places, run, note)

    def _run_words(self, day: dt.date) -> Content:
        """``; run 10.2 km imported, typed 10.0 km kept, shoe Pegasus``, or nothing."""
        found = self._found
        if found is None:
            return Content("")
        run, shoe = found.day_runs.get(day), found.shoes.get(day)
        units = found.chart.units if found.chart else "km"
        if run is None or run.counted is None:  # a typed run only: the table has it; its shoe if known
            return Content.assemble("; shoe ", user_text(shoe)) if shoe else Content("")
        words = f"; run {km_to(run.km or 0.0, units):.1f} {units}"
        if run.counted == "imported":
            count = len(run.imported)
            words += f" imported ({count} runs)" if count > 1 else " imported"
            if run.typed:
                words += f", typed {km_to(run.typed['distance_km'], units):.1f} {units} kept"
        return Content.assemble(words, *((", shoe ", user_text(shoe)) if shoe else ()))

    @staticmethod
    def _cells(day: dt.date, entry: Entry | None, found: History | None, units: str, wide: bool) -> list[Content]:
        run = found.day_runs.get(day) if found else None
        distance = ""
        if run is not None and run.counted is not None:
            distance = f"{km_to(run.km or 0.0, units):.1f}" + (" imp" if run.counted == "imported" else "")
        elif entry is not None and entry.run is not None:
            distance = f"{km_to(entry.run.distance_km, units):.1f}"
        if entry is None:
            cells = [Content(day.isoformat()), Content(""), Content("not logged"), Content(""), Content(distance),
                     Content("")]
        else:
            cells = [
                Content(day.isoformat()),
                Content("-" if entry.pain is None else str(entry.pain)),
                Content(", ".join(label(s) for s in entry.symptoms)),
                Content(", ".join(label(loc) for loc in entry.locations)),
                Content(distance),
                Content(AFTER_SHORT.get(entry.pain_after_exercise or "", "")),
            ]
        if wide:
            shoe = found.shoes.get(day) if found else None
            cells.append(user_text(shoe) if shoe else Content(""))
        cells.append(user_text(entry.note) if entry is not None else Content(""))
        return cells

    # -- opening a day or a check ------------------------------------------------------

    @staticmethod
    def _highlight_newest(options: OptionList) -> None:
        """A refilled list starts with nothing highlighted, and then tab, enter would
        open nothing: the newest check (the first) is made ready to reopen."""
        if options.option_count and options.highlighted is None:
            options.highlighted = 0

    @on(EntryTable.RowHighlighted, "#entries")
    def _row_highlighted(self, event: EntryTable.RowHighlighted) -> None:
        self._show_detail(event.index)

    @on(EntryTable.RowChosen, "#entries")
    def _row_chosen(self, event: EntryTable.RowChosen) -> None:
        self._open_day(event.index)

    def action_open_day(self) -> None:
        self._open_day(self.query_one("#entries", EntryTable).cursor)

    def _open_day(self, index: int) -> None:
        if 0 <= index < len(self._rows):
            self.app.open_section("log", day=self._rows[index][0])

    @on(OptionList.OptionSelected, "#checks")
    def _check_chosen(self, event: OptionList.OptionSelected) -> None:
        self.app.open_section("check", review=self.records[event.option_index])


    # -- correcting a check (issue 15) -------------------------------------------------

    def _highlighted_check(self) -> CheckRecord | None:
        options = self.query_one("#checks", OptionList)
        index = options.highlighted
        return self.records[index] if index is not None and 0 <= index < len(self.records) else None

    def action_mark_check(self) -> None:
        check = self._highlighted_check()
        if check is None:
            self.notify("No check in this range to mark.", timeout=3)
            return
        # The id is worked out here, not for every check at each drawing: each is a
        # digest of the whole check (20 ms for 500 checks before the first frame).
        key = next(key for key, record in self.app.store.checks_with_ids() if record == check)
        if check.mistake:
            self._set_mark(key, False, "No longer marked as a mistake.")
            return
        when = self.app.clock.local(check.time).strftime("%a %-d %b %H:%M")
        warning = ""
        if check.disposition in ("emergency", "urgent_today"):
            warning = " It found a warning sign: if you do have that sign, its advice stands; do a new check."
        question = (f"Mark the check of {when} ({label(check.disposition)}) as entered by mistake? "
                    f"It is left out of the report and no longer opens or closes routines.{warning}")
        self.app.push_screen(ConfirmScreen(question, yes="mark as mistake", no="keep it"),
                             lambda yes: self._set_mark(key, True, "Marked as entered by mistake. ctrl+z undoes.")
                             if yes else None)

    def _set_mark(self, key: str, mistake: bool, said: str, undoing: bool = False) -> None:
        try:
            self.app.store.mark_check(key, mistake)
        except StoreError as error:
            self.app.report_store_error(error)
            return
        self._last_mark = None if undoing else (key, not mistake)
        highlighted = self.query_one("#checks", OptionList).highlighted
        self.show_range(self.days)
        options = self.query_one("#checks", OptionList)
        if highlighted is not None and highlighted < options.option_count:
            options.highlighted = highlighted
        self.notify(said, timeout=4)

    def action_undo_mark(self) -> None:
        if self._last_mark is None:
            self.notify("Nothing to undo.", timeout=3)
            return
        key, before = self._last_mark
        self._set_mark(key, before, "Undone.", undoing=True)
