"""The daily log: one day's pain, symptoms, places, run, exercises and note.

Keys do the quick things (a digit sets the pain, a letter toggles a symptom, shift and
a letter a place), so "nothing to report" is ``l`` ``0`` ``ctrl+s`` from home. The
fields that need typing (distance, time, note) are inputs: ``tab`` or ``r``/``e`` go to
them, ``escape`` comes back to the keys. The form's rules live in
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
from textual.widgets import Footer, Header, Input, OptionList, Static

from nervecheck.engine.store.entry_rules import NOTE_MAX
from nervecheck.engine.store.schema import Entry, Settings
from nervecheck.engine.routines.plan import done_text, routine
from nervecheck.engine.store.storage import StoreError
from nervecheck.engine.vocab import SYMPTOMS, label
from nervecheck.tui.widgets.dialogs import ConfirmScreen, DatePrompt
from nervecheck.tui.widgets.lines import Lines
from nervecheck.tui.widgets.leg_map import LOCATION_KEYS, LegMap
from nervecheck.tui.widgets.log_draft import LogDraft, strip_controls

SYMPTOM_KEYS: dict[str, str] = {
    "burning": "b", "tingling": "i", "numbness": "n",
    "shooting_pain": "s", "cramping": "c", "weakness": "w",
}
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
    # arrives, before it routes the next one, so the keys behind an ``r`` or ``e`` in one
    # burst (fast typing, SSH lag) reach the field it focused instead of running as
    # commands. While an input has focus the app leaves printable keys to it, so typing
    # "r" or "5" in a field still types. ``ctrl+s`` is not: it queues behind the
    # characters typed before it, so the save holds them.
    BINDINGS = [
        Binding("ctrl+s", "save", "Save"),
        Binding("escape", "back", "Back", priority=True),
        Binding("left_square_bracket", "move(-1)", "Day before", priority=True),
        Binding("right_square_bracket", "move(1)", "Day after", priority=True),
        Binding("g", "go_to_day", "Go to day", priority=True),
        Binding("u", "units", "km/mi", priority=True),
        *_pain_bindings(),
        Binding("minus", "pain(None)", "No pain score", show=False, priority=True),
        *_toggle_bindings(),
        Binding("a", "pain_after", "Pain after exercise", show=False, priority=True),
        Binding("r", "edit('distance')", "Run distance", show=False, priority=True),
        Binding("e", "edit('note')", "Note", show=False, priority=True),
        Binding("x", "remove_exercise", "Remove exercise", show=False, priority=True),
    ]

    def __init__(self, day: dt.date | None = None) -> None:
        super().__init__()
        self._start_day = day
        self.draft: LogDraft | None = None
        self._status_shown: str | None = None
        self._day_refused: str | None = None  # why [ or ] did not move, shown by the date

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
                yield Static(id="run-error", classes="error")
            with Horizontal(id="exercise-row", classes="field-row"):
                yield Static("Exercises", classes="field-name")
                yield OptionList(id="exercises")
                yield Static("none yet (the routine player adds them)", id="no-exercises", classes="unit")
            with Horizontal(id="note-row", classes="field-row"):
                yield Static("Note", classes="field-name")
                yield Input(id="note", placeholder="e to write a note", max_length=NOTE_MAX)
                yield Static(id="note-error", classes="error")
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
        self._day_refused = None
        with self.prevent(Input.Changed):
            self.query_one("#distance", Input).value = self.draft.distance_text
            self.query_one("#duration", Input).value = self.draft.duration_text
            self.query_one("#note", Input).value = self.draft.note_text
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

    def _draw_status(self) -> None:
        if self.draft.dirty:
            state = Content.styled("Unsaved changes (ctrl+s saves)", "bold")
        elif self.draft.original is None:
            state = Content.styled("Not logged yet (0 ctrl+s: no pain)", "dim")
        else:
            state = Content.styled("Saved", "dim")
        if state.plain == self._status_shown:
            return  # unchanged: resending it would cost a line of output per key
        self._status_shown = state.plain
        hints = Content.styled("   r run  e note  x remove exercise", "dim")
        self.query_one("#log-status", Static).update(Content.assemble(state, hints))

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
        self.set_focus(self.query_one(f"#{widget_id}", Input))

    def action_remove_exercise(self) -> None:
        if not self.draft.exercises:
            self.notify("No exercises on this day.", timeout=3)
            return
        highlighted = self.query_one("#exercises", OptionList).highlighted
        index = highlighted if highlighted is not None else len(self.draft.exercises) - 1
        removed = self.draft.exercises.pop(index)
        self.notify(f"Removed {label(removed.exercise)} (ctrl+s to save).", timeout=3)
        self._draw_exercises()

    def action_units(self) -> None:
        units = "mi" if self.draft.units == "km" else "km"
        try:
            self.app.store.save_settings(Settings(units=units))
        except StoreError as error:
            self.app.report_store_error(error)
            return
        self.draft.set_units(units)
        with self.prevent(Input.Changed):
            self.query_one("#distance", Input).value = self.draft.distance_text
        self.notify(f"Distances in {'miles' if units == 'mi' else 'kilometres'}.", timeout=3)
        self.query_one("#distance-units", Static).update(units)
        self._draw_status()

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        self._take(event.input)
        self._draw_status()

    def _take(self, field: Input) -> None:
        """Copy what ``field`` holds into the draft."""
        if field.id == "note":
            self._check_note(field)
        setattr(self.draft, f"{field.id}_text", field.value)

    def _check_note(self, note: Input) -> None:
        cleaned = strip_controls(note.value)
        if cleaned != note.value:
            with self.prevent(Input.Changed):
                note.value = cleaned
            self.query_one("#note-error", Static).update("control characters removed")

    @on(Input.Submitted)
    def _next_field(self, event: Input.Submitted) -> None:
        if event.input.id == "distance":
            self.query_one("#duration", Input).focus()
        else:
            self.set_focus(None)

    # -- saving and leaving ------------------------------------------------------------

    def action_save(self) -> None:
        for field in self.query(Input):  # typed just before ctrl+s: its Changed may not be in yet
            self._take(field)
        errors = self.draft.errors()
        self.query_one("#run-error", Static).update(Content(errors.get("distance") or errors.get("duration") or ""))
        if "note" in errors:
            self.query_one("#note-error", Static).update(Content(errors["note"]))
        if errors:
            self.notify("Not saved: fix the field marked in red.", severity="warning", timeout=4)
            return
        try:
            entry = self.app.store.modify_entry(self.draft.day, self.draft.apply)
        except StoreError as error:
            self.app.report_store_error(error)
            return
        except ValidationError as error:
            self.notify(str(error.errors()[0]["msg"]), title="Not saved", severity="error")
            return
        self.load(entry.date)
        self.notify(f"Saved {entry.date:%-d %b}.", timeout=3)
        self._offer_check(entry)

    def _offer_check(self, entry: Entry) -> None:
        if not entry.symptoms or entry.date != self.today:
            return
        words = ", ".join(label(s) for s in entry.symptoms)
        question = f"You logged nerve symptoms ({words}). Do the symptom check now, with your log filled in?"
        self.app.push_screen(ConfirmScreen(question, yes="check now", no="not now"), self._open_check)

    def _open_check(self, answer: bool | None) -> None:
        if not answer:
            return
        try:
            self.app.open_section("check", prefill_from_log=True)
        except (ImportError, AttributeError, TypeError):  # the check screen may not be built yet
            self.notify("The symptom check is not available in this version.", severity="warning")

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
        if isinstance(self.focused, Input):
            self.set_focus(None)  # escape first returns from typing to the keys
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
