"""The daily log: one day's pain, symptoms, places, run, exercises and note.

Keys do the quick things (a digit sets the pain, a letter toggles a symptom, shift and
a letter a place), so "nothing to report" is ``l`` ``0`` ``ctrl+s`` from home. The
fields that need typing (distance, time, note) are inputs: ``tab`` or ``d``/``e`` go to
them, ``escape`` comes back to the keys. The note has several lines (``enter`` makes a
new one; ``tab`` or ``escape`` leave it) and a count against its limit. Runs imported
from a watch are shown read-only beside the typed run, saying which counts for the
day (issue 16). The form's rules live in
:mod:`nervecheck.tui.widgets.log_draft`; this screen draws them and talks to the store.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from pydantic import ValidationError
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, OptionList, Static, TextArea

from nervecheck.engine.log import runs
from nervecheck.engine.store.entry_rules import NOTE_MAX
from nervecheck.engine.store.schema import Entry
from nervecheck.engine.routines.plan import done_text, routine
from nervecheck.engine.store import StoreError
from nervecheck.engine.vocab import SYMPTOMS, label
from nervecheck.tui.widgets.dialogs import CheckOffer, ConfirmScreen, DatePrompt
from nervecheck.tui.widgets.lines import Lines
from nervecheck.tui.widgets.leg_map import LOCATION_KEYS, LegMap
from nervecheck.tui.widgets.imported_runs import ImportedRuns, typed_shoe_text
from nervecheck.tui.widgets.log_draft import LogDraft, strip_controls
from nervecheck.tui.widgets.note_editor import NoteEditor

SYMPTOM_KEYS: dict[str, str] = {
    "burning": "b", "tingling": "i", "numbness": "m",
    "shooting_pain": "s", "cramping": "k", "weakness": "w",
}
# Issue 18: a key that opens a section from home (c l r h) or answers a question (y n)
# never changes the entry here, so a habit typed on the wrong screen cannot tick a
# symptom: c, r and h open their sections from the log as from home (asking first if
# anything is unsaved), numbness is m, cramping k, and the run distance d.
SECTION_KEYS = {"c": "check", "r": "routines", "h": "history"}
PAIN_KEYS = {**{str(n): n for n in range(10)}, "t": 10}
CHOSEN = "bold reverse $accent"


def _pain_bindings() -> list[Binding]:
    return [Binding(key, f"pain({value})", f"Pain {value}", show=False, priority=True)
            for key, value in PAIN_KEYS.items()]


def _toggle_bindings() -> list[Binding]:
    symptoms = [Binding(key, f"toggle('symptoms', '{s}')", f"Symptom: {label(s)}", show=False, priority=True)
                for s, key in SYMPTOM_KEYS.items()]
    places = [Binding(key, f"toggle('locations', '{loc}')", f"Place: {label(loc)}", show=False, priority=True)
              for loc, key in LOCATION_KEYS.items()]
    return symptoms + places


class LogScreen(Screen[None]):
    """Log today, or any past day (``[`` and ``]`` move a day, ``g`` jumps)."""

    SUB_TITLE = "Daily log"
    CSS_PATH = "../log.tcss"
    AUTO_FOCUS = ""  # start on the keys, not in an input
    # The one-key bindings are priority bindings: the app runs them as each key
    # arrives, before it routes the next one, so the keys behind a ``d`` or ``e`` in one
    # burst (fast typing, SSH lag) reach the field it focused instead of running as
    # commands. While an input has focus the app leaves printable keys to it, so typing
    # "d" or "5" in a field still types. ``ctrl+s`` is not: it queues behind the
    # characters typed before it, so the save holds them.
    BINDINGS = [
        Binding("ctrl+s", "save", "Save"),
        Binding("escape", "back", "Back", priority=True),
        Binding("left_square_bracket", "move(-1)", "Day before", priority=True),
        Binding("right_square_bracket", "move(1)", "Day after", priority=True),
        Binding("g", "go_to_day", "Go to day", priority=True),
        Binding("u", "units", "km/mi", priority=True),
        *_pain_bindings(),
        # Not a priority binding: Textual cannot tell that the key "minus" types "-", so a
        # priority one would take the "-" typed in the note or a field.
        Binding("minus", "pain(None)", "No pain score", show=False),
        *_toggle_bindings(),
        Binding("a", "pain_after", "Pain after exercise", show=False, priority=True),
        Binding("d", "edit('distance')", "Run distance", show=False, priority=True),
        Binding("e", "edit('note')", "Note", show=False, priority=True),
        Binding("x", "remove_exercise", "Remove exercise", show=False, priority=True),
        # Issue 15: delete the day's entry (asks first), and undo that while this screen is open.
        Binding("D", "delete_day", "Delete day", show=False, priority=True),
        Binding("ctrl+z", "undo_delete", "Undo delete", show=False),
        *(Binding(key, f"app.open('{name}')", f"Open {name}", show=False) for key, name in SECTION_KEYS.items()),
        # The form scrolls when it is taller than the screen; a focused field or the
        # exercise list keeps these keys for itself.
        Binding("pageup", "scroll_form('page_up')", "Scroll up", show=False),
        Binding("pagedown", "scroll_form('page_down')", "Scroll down", show=False),
        Binding("home", "scroll_form('scroll_home')", "Top of the form", show=False),
        Binding("end", "scroll_form('scroll_end')", "End of the form", show=False),
    ]

    def __init__(self, day: dt.date | None = None) -> None:
        super().__init__()
        self._start_day = day
        self.draft: LogDraft | None = None
        self._status_shown: str | None = None
        self._day_refused: str | None = None  # why [ or ] did not move, shown by the date
        self._deleted: dict | None = None  # the last entry deleted here, for ctrl+z
        self._day_run: runs.DayRun | None = None  # the day's run as it counts (load sets it)
        self._default_shoe: str | None = None  # the shoe of a typed run of the day (load sets it)
        self._note_refused = False  # the note's message beside it is a save refused for length

    def compose(self) -> ComposeResult:
        yield Header(icon="")
        with VerticalScroll(id="log-form", can_focus=False):
            yield Static(id="log-day")
            yield Static(id="log-pain")
            with Horizontal(id="log-middle"):
                with Vertical(id="log-left"):
                    yield Lines(len(SYMPTOMS) + 1, id="log-symptoms")
                    yield Static(id="log-after")
                yield LegMap(id="log-map")
            with Horizontal(id="run-row", classes="field-row"):
                yield Static("Run", classes="field-name")
                yield Input(id="distance", placeholder="dist", max_length=8)
                yield Static(id="distance-units", classes="unit")
                yield Input(id="duration", placeholder="mins", max_length=6)
                yield Static("min", classes="unit")
                yield Static(id="run-shoe", classes="unit")
                yield Static(id="run-error", classes="error")
            with Horizontal(id="imported-row", classes="field-row"):
                yield Static("Imported", classes="field-name")
                yield ImportedRuns(id="run-imported")
            with Horizontal(id="exercise-row", classes="field-row"):
                yield Static("Exercises", classes="field-name")
                yield OptionList(id="exercises")
                yield Static("none yet (the routine player adds them)", id="no-exercises", classes="unit")
            with Horizontal(id="note-row", classes="field-row"):
                yield Static("Note", classes="field-name")
                with Vertical(id="note-box"):
                    # No max length: a note over the limit is said, never cut (issue 18).
                    yield NoteEditor(id="note")
                    with Horizontal(id="note-info"):
                        yield Static(id="note-count")
                        yield Static(id="note-error", classes="error")
        # Outside the scrolled form, so "Unsaved changes" stays on screen at 80x24
        # however many exercises the day holds (issue 18).
        yield Static(id="log-status")
        yield Footer()

    def on_mount(self) -> None:
        self.load(self._start_day or self.app.clock.today())

    # -- loading and drawing -----------------------------------------------------------

    @property
    def today(self) -> dt.date:
        return self.app.clock.today()

    def load(self, day: dt.date) -> None:
        """Show ``day`` as it is in the store now."""
        self.draft = LogDraft.load(day, self.app.store.entry(day), self.app.store.settings().units)
        self._day_run = runs.day_runs(self.app.store, day)
        self._default_shoe = runs.default_shoe_on(self.app.store.shoe_docs(), day)
        self._day_refused = None
        note = self.query_one("#note", NoteEditor)
        with self.prevent(Input.Changed, TextArea.Changed):
            self.query_one("#distance", Input).value = self.draft.distance_text
            self.query_one("#duration", Input).value = self.draft.duration_text
            note.load_text(self.draft.note_text)
        if note.has_focus:
            note.to_end()  # saved while writing: carry on where the runner was
        else:
            note.show_start()  # the start of a saved note, not its end (issue 18)
        self.query_one("#run-error", Static).update("")
        note_error = "control characters shown as symbols" if self.draft.note_was_cleaned else ""
        self.query_one("#note-error", Static).update(note_error)
        self.redraw()

    def redraw(self) -> None:
        """Draw every part of the form (after loading a day)."""
        self.query_one("#log-day", Static).update(self._day_line())
        self.query_one("#distance-units", Static).update(self.draft.units)
        self._draw_pain()
        self._draw_choices()
        self._draw_exercises()
        self._draw_imported()
        self._draw_note_count()

    # A key press redraws only its own part and the status line: a digit must not
    # rebuild the exercise list or the map.

    def _draw_pain(self) -> None:
        self.query_one("#log-pain", Static).update(self._pain_line())
        self._draw_status()

    def _draw_choices(self) -> None:
        self._draw_symptoms()
        self._draw_after()
        self._draw_map()

    def _draw_symptoms(self) -> None:
        self.query_one("#log-symptoms", Lines).set_lines(self._symptom_lines())
        self._draw_status()

    def _draw_after(self) -> None:
        after = label(self.draft.pain_after) if self.draft.pain_after else "not answered"
        self.query_one("#log-after", Static).update(
            Content.assemble(("Pain after exercise", "bold"), (" (a)", "dim"), "\n  ", after))
        self._draw_status()

    def _draw_map(self) -> None:
        self.query_one("#log-map", LegMap).show(tuple(self.draft.locations))
        self._draw_status()

    def _day_line(self) -> Content:
        day = self.draft.day
        when = "today" if day == self.today else f"{(self.today - day).days} days ago"
        if day == self.today - dt.timedelta(days=1):
            when = "yesterday"
        hint = (f"   {self._day_refused}", "bold $error") if self._day_refused else (
            "   [ ] day before/after  g go to day", "dim")
        return Content.assemble((f"{day:%A %-d %B %Y}", "bold"), f"  {when}", hint)

    def _pain_line(self) -> Content:
        parts: list[tuple[str, str] | str] = [("Pain", "bold"), "      "]
        for value in range(11):
            parts += [(f" {value} ", CHOSEN if value == self.draft.pain else ""), " "]
        parts.append(("  0-9, t=10, - none", "dim"))
        return Content.assemble(*parts)

    def _symptom_lines(self) -> list[Content]:
        lines = [Content.assemble(("Symptoms", "bold"))]
        for symptom in SYMPTOMS:
            chosen = symptom in self.draft.symptoms
            lines.append(Content.assemble(("[x] " if chosen else "[ ] ", "bold" if chosen else ""),
                                          (SYMPTOM_KEYS[symptom], "bold"), " ",
                                          (label(symptom), CHOSEN if chosen else "")))
        return lines

    def _draw_exercises(self) -> None:
        exercises = self.query_one("#exercises", OptionList)
        highlighted = exercises.highlighted
        exercises.clear_options()
        exercises.add_options([self._exercise_text(item) for item in self.draft.exercises])
        if self.draft.exercises:
            exercises.highlighted = min(highlighted or 0, len(self.draft.exercises) - 1)
        exercises.display = bool(self.draft.exercises)
        self.query_one("#no-exercises", Static).display = not self.draft.exercises
        self._draw_status()

    @staticmethod
    def _exercise_text(item) -> Content:
        done = routine(item.routine)
        exercise = done.exercise(item.exercise)
        return Content(f"{exercise.name}: {done_text(item, exercise)}  ({done.short_title})")

    # -- imported runs (issue 16) and the note's count (issue 18) --------------------

    def _draw_imported(self) -> None:
        """The day's imported activities, read-only, and which run counts for the day;
        beside a typed run that counts, its shoe."""
        shown = self.query_one("#run-imported", ImportedRuns).show(
            self._day_run, self.draft.distance_text, self.draft.units, self.app.clock)
        self.query_one("#imported-row").display = shown
        shoe = typed_shoe_text(self._day_run, self.draft.distance_text, self._default_shoe)
        widget = self.query_one("#run-shoe", Static)
        widget.update(shoe)
        widget.display = bool(shoe)  # hidden, not empty: its margin would move the run's error

    def _draw_note_count(self) -> None:
        length = self.draft.note_length
        over = length - NOTE_MAX
        if over > 0:
            count = Content.styled(f"{length}/{NOTE_MAX}: {over} too many, shorten it to save (nothing is cut)",
                                   "bold $error")
        else:
            count = Content.styled(f"{length}/{NOTE_MAX}", "dim")
            if self._note_refused:  # shortened enough: the refusal no longer holds
                self._note_refused = False
                self.query_one("#note-error", Static).update("")
        self.query_one("#note-count", Static).update(count)

    def _draw_status(self) -> None:
        if self.draft.dirty:
            state = Content.styled("Unsaved changes (ctrl+s saves)", "bold")
        elif self.draft.original is None and self._deleted_here():
            state = Content.styled("Deleted (ctrl+z puts it back)", "bold $warning")
        elif self.draft.original is None:
            state = Content.styled("Not logged yet (0 ctrl+s: no pain)", "dim")
        else:
            state = Content.styled("Saved (D deletes the day)", "dim")
        if isinstance(self.focused, NoteEditor):
            hints = Content.styled("   enter new line  tab/escape leave the note", "dim")
        else:
            hints = Content.styled("   d run  e note  x remove exercise", "dim")
        line = Content.assemble(state, hints)
        if line.plain == self._status_shown:
            return  # unchanged: resending it would cost a line of output per key
        self._status_shown = line.plain
        self.query_one("#log-status", Static).update(line)

    # -- keys --------------------------------------------------------------------------

    def action_pain(self, value: int | None) -> None:
        self.draft.pain = value
        self._draw_pain()

    def action_toggle(self, kind: str, value: str) -> None:
        self.draft.toggle(kind, value)
        if kind == "symptoms":
            self._draw_symptoms()
        else:
            self._draw_map()

    def action_pain_after(self) -> None:
        self.draft.cycle_pain_after()
        self._draw_after()

    def action_edit(self, widget_id: str) -> None:
        # At once, not ``Input.focus()`` (which waits its turn behind the queued keys):
        # the next key of the same burst must already find the field focused.
        field = self.query_one(f"#{widget_id}")
        self.set_focus(field)
        if isinstance(field, NoteEditor):
            field.to_end()  # write on after what is there

    def action_scroll_form(self, how: str) -> None:
        getattr(self.query_one("#log-form", VerticalScroll), f"action_{how}")()

    def action_remove_exercise(self) -> None:
        """``x`` removes the exercise under the list's cursor. With several exercises and
        the list not focused there is no cursor the runner chose: focus the list and
        ask which, rather than remove the first one unseen (issue 18)."""
        if not self.draft.exercises:
            self.notify("No exercises on this day.", timeout=3)
            return
        exercises = self.query_one("#exercises", OptionList)
        if len(self.draft.exercises) > 1 and self.focused is not exercises:
            self.set_focus(exercises)
            exercises.scroll_visible()
            self.notify("Which exercise? up and down pick it, x removes it, escape keeps them all.", timeout=5)
            return
        index = exercises.highlighted if exercises.highlighted is not None else 0
        removed = self.draft.exercises.pop(index)
        self.notify(f"Removed {label(removed.exercise)} (ctrl+s to save).", timeout=3)
        self._draw_exercises()

    def action_units(self) -> None:
        units = "mi" if self.draft.units == "km" else "km"
        try:
            self.app.store.change_settings(units=units)  # the theme and the rest stay
        except StoreError as error:
            self.app.report_store_error(error)
            return
        self.draft.set_units(units)
        with self.prevent(Input.Changed):
            self.query_one("#distance", Input).value = self.draft.distance_text
        self.notify(f"Distances in {'miles' if units == 'mi' else 'kilometres'}.", timeout=3)
        self.query_one("#distance-units", Static).update(units)
        self._draw_imported()
        self._draw_status()

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        self._take(event.input)
        if event.input.id == "distance":
            self._draw_imported()
        self._draw_status()

    @on(TextArea.Changed, "#note")
    def _note_typed(self, event: TextArea.Changed) -> None:
        self._take(event.text_area)
        self._draw_note_count()
        self._draw_status()

    def _take(self, field: Input | NoteEditor) -> None:
        """Copy what ``field`` holds into the draft."""
        if isinstance(field, NoteEditor):
            self._check_note(field)
            self.draft.note_text = field.text
        else:
            setattr(self.draft, f"{field.id}_text", field.value)

    def _check_note(self, note: NoteEditor) -> None:
        cleaned = strip_controls(note.text)
        if cleaned != note.text:
            before = note.document.get_text_range((0, 0), note.cursor_location)
            with self.prevent(TextArea.Changed):
                note.replace_keeping_cursor(cleaned, strip_controls(before))
            self.query_one("#note-error", Static).update("control characters removed")

    def on_descendant_focus(self) -> None:
        self._draw_status()  # the hints say how to leave the note while in it

    def on_descendant_blur(self, event) -> None:
        if isinstance(event.widget, NoteEditor):
            event.widget.show_start()  # left the note: its start in view again
        self._draw_status()

    @on(Input.Submitted)
    def _next_field(self, event: Input.Submitted) -> None:
        if event.input.id == "distance":
            self.query_one("#duration", Input).focus()
        else:
            self.set_focus(None)

    # -- saving and leaving ------------------------------------------------------------

    def action_save(self) -> None:
        for field in [*self.query(Input), self.query_one("#note", NoteEditor)]:
            self._take(field)  # typed just before ctrl+s: its Changed may not be in yet
        errors = self.draft.errors()
        self.query_one("#run-error", Static).update(Content(errors.get("distance") or errors.get("duration") or ""))
        if "note" in errors:
            self.query_one("#note-error", Static).update(Content(errors["note"]))
            self._note_refused = True
        if errors:
            self.notify("Not saved: fix the field marked in red.", severity="warning", timeout=4)
            return
        try:
            entry = self._save_changes()
        except StoreError as error:
            self.app.report_store_error(error)
            return
        except ValidationError as error:
            self.notify(str(error.errors()[0]["msg"]), title="Not saved", severity="error")
            return
        self.load(entry.date)
        self.notify(f"Saved {entry.date:%-d %b}.", timeout=3)
        self._offer_check(entry)

    def _save_changes(self) -> Entry:
        """The form's changed fields merged into the day as it is on disk now, by the
        rule of :mod:`nervecheck.engine.store.merge` (the store applies it under its lock):
        a field another session saved meanwhile and this form left alone is kept; a
        field both changed takes this save, the newer."""
        changes = self.draft.changes()
        fields = Entry.model_validate({"date": self.draft.day, **changes}).to_json()
        doc = self.app.store.save_entry_fields(self.draft.day, {name: fields[name] for name in changes})
        return Entry.model_validate(doc)

    # -- deleting the day (issue 15) -------------------------------------------------

    def _deleted_here(self) -> bool:
        return self._deleted is not None and self._deleted["date"] == self.draft.day.isoformat()

    def action_delete_day(self) -> None:
        if self.draft.original is None:
            self.notify("Nothing saved on this day to delete.", timeout=3)
            return
        unsaved = " and drop the unsaved changes" if self.draft.dirty else ""
        question = (f"Delete the entry for {self.draft.day:%A %-d %B}{unsaved}? "
                    "ctrl+z puts it back while the log is open; the day's backup keeps it after.")
        self.app.push_screen(ConfirmScreen(question, yes="delete", no="keep it"), self._delete_answered)

    def _delete_answered(self, answer: bool | None) -> None:
        if not answer:
            return
        day = self.draft.day
        try:
            deleted = self.app.store.delete_day(day)
        except StoreError as error:
            self.app.report_store_error(error)
            return
        if deleted is not None:
            self._deleted = deleted
        self.load(day)
        self.notify(f"Deleted {day:%-d %b}. ctrl+z puts it back.", timeout=4)

    def action_undo_delete(self) -> None:
        if self._deleted is None:
            self.notify("Nothing to undo.", timeout=3)
            return
        day = dt.date.fromisoformat(self._deleted["date"])
        if day != self.draft.day and self.draft.dirty:
            self.notify(f"Save or drop the changes to {self.draft.day:%-d %b} first.", timeout=4)
            return
        try:
            restored = self.app.store.restore_entry(self._deleted)
        except StoreError as error:
            self.app.report_store_error(error)
            return
        self._deleted = None
        self.load(day)
        if restored is None:
            self.notify(f"{day:%-d %b} was logged again since: nothing undone.", severity="warning", timeout=4)
        else:
            self.notify(f"Put back {day:%-d %b}.", timeout=3)

    def _offer_check(self, entry: Entry) -> None:
        if not entry.symptoms or entry.date != self.today:
            return
        words = ", ".join(label(s) for s in entry.symptoms)
        question = f"You logged nerve symptoms ({words}). Do the symptom check now, with your log filled in?"
        self.app.push_screen(CheckOffer(question), self._open_check)

    def _open_check(self, answer: bool | None) -> None:
        if answer:
            self.app.open_section("check", prefill_from_log=True)

    def _when_clean(self, then: Callable[[], None], question: str) -> None:
        """Run ``then`` now, or after the runner agrees to drop unsaved changes."""
        self._ask_to_drop(question, lambda leave: then() if leave else None)

    def _ask_to_drop(self, question: str, answer: Callable[[bool], None]) -> None:
        """``answer(True)`` at once when nothing is unsaved, else the runner's answer."""
        if self.draft is None or not self.draft.dirty:
            answer(True)
            return
        self.app.push_screen(ConfirmScreen(question, yes="leave without saving", no="stay"),
                             lambda leave: answer(bool(leave)))

    def confirm_leave(self, answer: Callable[[bool], None]) -> None:
        """The app is closing this screen (quit, home, another section): ask first."""
        self._ask_to_drop(f"Unsaved changes to {self.draft.day:%-d %b}. Leave without saving?", answer)

    def reopens(self, day: dt.date | None = None) -> bool:
        """Whether this screen already is the log of ``day`` (today if not given)."""
        return self.draft is not None and self.draft.day == (day or self.today)

    def action_back(self) -> None:
        if isinstance(self.focused, (Input, OptionList, TextArea)):
            self.set_focus(None)  # escape first returns from a field or the list to the keys
            return
        self._when_clean(self.app.pop_screen, "You have unsaved changes. Leave without saving?")

    def action_move(self, days: int) -> None:
        if days < 0 and self.draft.day <= dt.date.min:
            self._refuse_move("There is no earlier day in the calendar.")
            return
        day = self.draft.day + dt.timedelta(days=days)
        if day > self.today:
            self._refuse_move("That day has not come yet.")
            return
        self._when_clean(lambda: self.load(day), f"Unsaved changes to {self.draft.day:%-d %b}. Move anyway?")

    def _refuse_move(self, reason: str) -> None:
        self._day_refused = reason
        self.query_one("#log-day", Static).update(self._day_line())

    def action_go_to_day(self) -> None:
        def chosen(day: dt.date | None) -> None:
            if day is not None and day != self.draft.day:
                self._when_clean(lambda: self.load(day), f"Unsaved changes to {self.draft.day:%-d %b}. Move anyway?")

        self.app.push_screen(DatePrompt(self.draft.day, self.today), chosen)
