"""The routine player: one exercise at a time, a countdown, and the day's log.

The session itself (phases, holds, rests, what counts as done) is
:class:`nervecheck.engine.routines.session.RoutineSession`; this screen turns keys into its methods, ticks
it from a Textual timer and draws it. All time comes from ``app.clock``, so tests move a
``FixedClock`` and call :meth:`PlayerScreen.tick_session`. A finished or stopped session
is merged into today's log entry, then :class:`SessionSummaryScreen` says what was kept
and what was passed over.

Sound: the session reports every change of stage (hold, release, rest, ready, done) and
this screen rings the terminal bell for it, so a runner lying on the floor can follow
without looking; ``b`` switches to a louder pattern (three rings, :data:`LOUD_GAP` apart),
which is saved in the settings, so the next session (and the next start) has it too.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Header, ProgressBar, Static

from nervecheck.engine.store.schema import ExerciseDone
from nervecheck.engine.routines.plan import (
    Exercise, done_text, duration_text, gate, load_routines, merge_into_entry, progress_label, routine,
)
from nervecheck.engine.routines.session import Outcome, RoutineSession
from nervecheck.engine.store import StoreError
from nervecheck.tui.widgets.countdown import Countdown, clock_text
from nervecheck.tui.widgets.dialogs import ConfirmScreen
from nervecheck.tui.widgets.warning_signs import warning_signs_text

TICK_SECONDS = 0.25
#: Seconds between the rings of the loud pattern.
LOUD_GAP = 0.3
LOUD_RINGS = 3
WARNING_SIGNS_HINT = "w: the warning signs that mean stop and get help now"
STOP_QUESTION = "Stop this session? The sets you finished will be saved in today's log."


class PlayerScreen(Screen[None]):
    """Guides one session of a routine; escape asks before ending it."""

    CSS_PATH = "../routines.tcss"
    # The footer has room for the keys that matter mid-exercise; p is in the help screen,
    # b (the loud bell) on the line under when to stop.
    BINDINGS = [
        Binding("space", "start_pause", "Start/pause"),
        Binding("enter", "set_done", "Set done"),
        Binding("x", "stop_it_hurts", "Stop: it hurts"),
        Binding("n", "next", "Next"),
        Binding("s", "skip", "Skip"),
        Binding("p", "previous", "Previous", show=False),
        Binding("w", "warning_signs", "Warning signs", show=False),
        Binding("b", "loud_bell", "Loud bell", show=False),
        Binding("escape", "leave", "Leave"),
    ]

    def __init__(self, *, routine_id: str) -> None:
        super().__init__()
        self.routine = routine(routine_id)
        self.sub_title = self.routine.title
        self.session: RoutineSession | None = None  # made on mount, from the app's clock
        self.hurt = False
        self._timer: Timer | None = None
        self._shown_exercise: int | None = None

    def compose(self) -> ComposeResult:
        yield Header(icon="")
        with Vertical(id="player"):
            with Horizontal(id="player-position"):
                yield Static(id="player-position-text", markup=False)
                yield ProgressBar(total=1.0, show_eta=False, id="routine-bar")
            yield Static(id="exercise-name")
            yield Countdown(id="countdown")
            # Long steps scroll (up/down); when to stop stays in view below them.
            with VerticalScroll(id="instructions"):
                yield Static(id="exercise-steps")
                yield Static(id="exercise-cues")
            yield Static(id="exercise-stop")
        yield Footer(show_command_palette=False)

    def on_mount(self) -> None:
        # The routines screen checks too; this guards any other way in.
        door = gate(self.app.store.latest_check(), self.app.clock.now())[self.routine.id]
        if not door.open:
            self.notify(door.reason, title="Locked", severity="warning")
            self.dismiss()
            return
        self.session = RoutineSession(self.routine, self.app.clock)
        self._timer = self.set_interval(TICK_SECONDS, self.tick_session)
        self._redraw()

    # --- the clock and the keys ----------------------------------------------------

    def tick_session(self) -> None:
        """Let the session pass any countdown that ran out, then ring and redraw."""
        if self.session is not None:
            self.session.tick()
            self._after_change()

    def action_loud_bell(self) -> None:
        """B: the loud pattern on or off, saved; it rings once now so the runner hears which."""
        self.app.loud_bell = not self.app.loud_bell
        self.ring()
        state = "on: three rings at each change" if self.app.loud_bell else "off: one ring at each change"
        # Saved for the next start too; if the write fails it still holds while the app runs.
        kept = "" if self.app.save_setting(loud_bell=self.app.loud_bell) else " (for this session only)"
        self.notify(f"Loud bell {state}{kept}.", timeout=3)
        if self.session is not None:
            self._show_exercise(self.session.exercise)

    def ring(self) -> None:
        """The bell once, or the loud pattern; the later rings are the app's timers, so
        the one for the end of a session still rings over the summary."""
        self.app.bell()
        if self.app.loud_bell:
            for n in range(1, LOUD_RINGS):
                self.app.set_timer(n * LOUD_GAP, self.app.bell)

    def action_start_pause(self) -> None:
        self._do(RoutineSession.start_pause)

    def action_set_done(self) -> None:
        self._do(RoutineSession.set_done)

    def action_next(self) -> None:
        self._do(RoutineSession.next)

    def action_previous(self) -> None:
        self._do(RoutineSession.previous)

    def action_skip(self) -> None:
        self._do(RoutineSession.skip)

    def action_stop_it_hurts(self) -> None:
        """End now, log the sets done, and offer a symptom check."""
        if self.session is not None and not self.session.finished:
            self.hurt = True
            self.session.stop_it_hurts()
            self._after_change()

    def action_warning_signs(self) -> None:
        """The routine's stop rules and notes; a running countdown waits while they are read."""
        from nervecheck.tui.screens.warning_signs import WarningSignsScreen

        paused_here = self._hold_still()
        self.app.push_screen(WarningSignsScreen(routine_id=self.routine.id),
                             lambda _: self._left(False, paused_here))

    def action_leave(self) -> None:
        session = self.session
        if session is None or (session.phase == "ready" and not session.done_exercises()):
            self.dismiss()  # nothing done, nothing to log
            return
        paused_here = self._hold_still()
        question = ConfirmScreen(STOP_QUESTION, yes="stop and log", no="keep going")
        self.app.push_screen(question, lambda stop: self._left(stop, paused_here))

    def confirm_leave(self, answer: Callable[[bool], None]) -> None:
        """The app is closing this screen (quit, home, another section): offer to stop
        and log the sets done, which would otherwise be lost."""
        session = self.session
        if session is None or not session.done_exercises():
            answer(True)  # nothing done yet: nothing to lose
            return
        paused_here = self._hold_still()
        question = ConfirmScreen(STOP_QUESTION, yes="stop and log", no="keep going")
        self.app.push_screen(question, lambda stop: self._leave_answered(bool(stop), paused_here, answer))

    def _leave_answered(self, stop: bool, paused_here: bool, answer: Callable[[bool], None]) -> None:
        # No summary on this way out: the screen is about to close, so a toast says it.
        session = self.session
        if stop and session is not None and self._log(session.done_exercises()) is None:
            self._end_quietly()
            self.notify("The sets you finished are in today's log.", timeout=4)
            answer(True)
            return
        self._left(False, paused_here)  # kept going, or the write failed: carry on here
        answer(False)

    def _end_quietly(self) -> None:
        """The session is logged and over; escape closes what is left of the screen."""
        self.session = None
        if self._timer is not None:
            self._timer.stop()
        self.query_one("#player-position-text", Static).update("Stopped and logged. Escape goes back.")

    def _hold_still(self) -> bool:
        """Pause a running countdown while the runner answers; ``True`` if it was running."""
        session = self.session
        running = session is not None and session.remaining_seconds() is not None and not session.paused
        if running:
            session.start_pause()  # don't let a hold run out while the runner decides
        return running

    def _left(self, stop: bool | None, paused_here: bool) -> None:
        if self.session is None:
            return
        if stop:
            self.session.stop_it_hurts()  # ends the session keeping what was done
        elif paused_here:
            self.session.start_pause()
        self._after_change()

    def _do(self, step: Callable[[RoutineSession], object]) -> None:
        if self.session is not None:
            step(self.session)
            self._after_change()

    def _after_change(self) -> None:
        if self.session is None:
            return
        if self.session.take_changes():  # however many a late tick passed: one ring
            self.ring()
        if self.session.finished:
            self._finish()
        else:
            self._redraw()

    # --- the end: log, then the summary -----------------------------------------------

    def _finish(self) -> None:
        session, self.session = self.session, None  # no key or tick reaches it again
        if self._timer is not None:
            self._timer.stop()
        assert session is not None
        done = session.done_exercises()
        error = self._log(done)
        skipped = [ex.name for ex in session.skipped_exercises()]
        self.app.switch_screen(SessionSummaryScreen(
            routine_id=self.routine.id, done=done, skipped=skipped,
            stopped=session.stopped_early, hurt=self.hurt, error=error, outcome=session.outcome,
        ))

    def _log(self, done: list[ExerciseDone]) -> StoreError | None:
        if not done:
            return None
        today = self.app.clock.today()
        try:
            self.app.store.modify_entry(today, lambda entry: merge_into_entry(entry, today, done))
        except StoreError as error:
            self.app.report_store_error(error)
            return error
        return None

    # --- drawing -------------------------------------------------------------------------

    def _redraw(self) -> None:
        session = self.session
        assert session is not None
        progress = session.progress()
        position = f"{progress.label} · set {progress.set_number} of {progress.set_count}"
        self.query_one("#player-position-text", Static).update(position)
        self.query_one(ProgressBar).update(progress=progress.fraction)
        if self._shown_exercise != session.exercise_index:
            self._shown_exercise = session.exercise_index
            self._show_exercise(session.exercise)
        self.query_one(Countdown).show(*countdown_state(session))

    def _show_exercise(self, exercise: Exercise) -> None:
        rest = f", rest {exercise.rest_seconds} s" if exercise.rest_seconds else ""
        self.query_one("#exercise-name", Static).update(
            Content.assemble((exercise.name, "bold"), "   ", (exercise.dose + rest, "dim"))
        )
        steps = [Content(f"{n}. {step}") for n, step in enumerate(exercise.steps, start=1)]
        steps += [Content.assemble(("Easier: ", "bold"), way) for way in exercise.easier]
        self.query_one("#exercise-steps", Static).update(Content("\n").join(steps))
        cues = self.query_one("#exercise-cues", Static)
        cues.update(Content("\n").join(Content(f"· {cue}") for cue in exercise.cues))
        cues.display = bool(exercise.cues)
        bell = f"b: loud bell {'on' if self.app.loud_bell else 'off'}"
        stop = Content.assemble(("Stop if ", "bold"), "; or ".join(exercise.stop_if), ".\n",
                                (f"{WARNING_SIGNS_HINT} · {bell}", "dim"))
        self.query_one("#exercise-stop", Static).update(stop)
        self.query_one("#instructions", VerticalScroll).scroll_home(animate=False)


def countdown_state(session: RoutineSession) -> tuple[str, str, str, str, str]:
    """What the countdown panel shows: phase word, digits, note, key hint, style class."""
    exercise, left = session.exercise, session.remaining_seconds()
    if session.paused:
        return "PAUSED", clock_text(left), "space resumes", "", "-paused"
    if session.phase == "hold":
        hold = f"hold {session.reps_in_set + 1} of {exercise.reps}"
        return "HOLD", clock_text(left), hold, "enter ends the set early", "-hold"
    if session.phase == "rest" and session.reps_in_set:  # the release between two holds
        coming = f"relax: hold {session.reps_in_set + 1} of {exercise.reps} starts by itself"
        return "RELEASE", clock_text(left), coming, "enter ends the set here · s: next hold now", "-rest"
    if session.phase == "rest":
        coming = f"up next: {exercise.name}"
        coming += f", set {session.set_number} of {exercise.sets}" if exercise.sets > 1 else ""
        return "REST", clock_text(left), coming, "enter ends the rest · s: start now", "-rest"
    if session.phase == "work" and exercise.kind == "timed":
        return "GO", clock_text(left), "keep going until the timer runs out", "enter if you finish early", "-work"
    if session.phase == "work":
        return "GO", str(exercise.reps), f"do {set_aim(exercise)}", "enter when the set is done", "-work"
    first = exercise.hold_seconds or exercise.duration_seconds
    digits = clock_text(first) if first else str(exercise.reps)
    begin = "space starts the timer" if first else "space to begin"
    aim = f"set {session.set_number} of {exercise.sets}: {set_aim(exercise)}"
    return "READY", digits, aim, f"{begin}; enter if already done", "-ready"


def set_aim(exercise: Exercise) -> str:
    """One set's work in words: ``10 reps each side``, ``10 holds of 5 s``, ``20 min``."""
    if exercise.kind == "timed":
        return duration_text(exercise.duration_seconds or 0)
    if exercise.kind == "hold":
        return f"{exercise.reps} holds of {exercise.hold_seconds} s"
    return f"{exercise.reps} reps{' each side' if exercise.per_side else ''}"


class SessionSummaryScreen(Screen[None]):
    """After a session: what was done, what was logged, and this week's progress.

    After "stop, it hurts" it also shows the stop advice and offers a symptom check
    (enter or c); otherwise enter or escape goes back to the routines.
    """

    SUB_TITLE = "Session summary"
    CSS_PATH = "../routines.tcss"
    BINDINGS = [
        Binding("enter", "continue", "Continue"),
        Binding("c", "check", "Symptom check"),
        Binding("escape", "back", "Routines"),
    ]

    def __init__(self, *, routine_id: str, done: list[ExerciseDone], skipped: Sequence[str] = (),
                 stopped: bool = False, hurt: bool = False, error: StoreError | None = None,
                 outcome: Outcome | None = None) -> None:
        super().__init__()
        self.routine = routine(routine_id)
        self.done, self.skipped = done, list(skipped)
        self.stopped, self.hurt, self.error = stopped or hurt, hurt, error
        # Without the session's word: nothing done, stopped early, or finished.
        self.outcome: Outcome = outcome or (
            "nothing done" if not done else "stopped early" if self.stopped else "finished")

    def compose(self) -> ComposeResult:
        yield Header(icon="")
        # Focusable after "it hurts", so the arrow keys scroll the advice at 80x24.
        with VerticalScroll(id="summary", can_focus=self.hurt):
            yield Static(self._title(), id="summary-title", markup=False)
            if self.hurt:
                yield Static(self._advice(), id="summary-advice")
            yield Static(self._done_lines(), id="summary-done")
            yield Static(self._saved_line(), id="summary-saved")
        yield Static(self._hint(), id="summary-hint", classes="hint", markup=False)
        yield Footer()

    def _advice(self) -> Content:
        """Stop for today, the signs that mean go now or get help today, then what else to do."""
        book = load_routines()
        advice = book.stop_advice
        return Content("\n").join([
            *(Content.styled(text, "bold") for text in advice.text), Content(""),
            warning_signs_text(book.warning_signs(self.routine.id)), Content(""),
            *(Content.styled(text, "bold") for text in advice.otherwise),
        ])

    def _title(self) -> str:
        if self.hurt:
            return f"{self.routine.title}: stopped because it hurts"
        return f"{self.routine.title}: {self.outcome}"

    def _done_lines(self) -> Content:
        lines = [Content.styled("Done", "bold")] if self.done else [
            Content.styled("No set was finished, so nothing was logged.", "dim")]
        for item in self.done:
            exercise = self.routine.exercise(item.exercise)
            lines.append(Content.assemble("  ✓ ", exercise.name.ljust(28), done_text(item, exercise)))
        if self.skipped:
            lines.append(Content.styled("Skipped", "bold"))
            lines += [Content.assemble("  – ", name.ljust(28), ("passed over, not logged", "dim"))
                      for name in self.skipped]
        return Content("\n").join(lines)

    def _saved_line(self) -> Content:
        today = self.app.clock.today()
        store = self.app.store
        # This week's imported activities too, so "cardio N of M" agrees with the routines screen.
        imported = store.activity_views(today - dt.timedelta(days=today.weekday()), today)
        week = progress_label(store.entries(), self.routine.id, today, imported=imported)
        if self.error is not None:
            saved = Content.styled(f"Not saved: {self.error}", "bold $error")
        elif self.done:
            saved = Content(f"Logged in your entry for {today.strftime('%A %-d %B')}.")
        else:
            saved = Content("Nothing to log: a session with no set done does not count towards the week.")
        return Content("\n").join([saved, Content.assemble(("This week  ", "bold"), week)])

    def _hint(self) -> str:
        if self.hurt:
            return "enter or c: a symptom check now   ↑↓ scroll   escape: back to the routines"
        return "enter or escape: back to the routines   c: a symptom check"

    def action_continue(self) -> None:
        if self.hurt:
            self.action_check()
        else:
            self.action_back()

    def action_back(self) -> None:
        self.dismiss()

    def action_check(self) -> None:
        self.dismiss()
        self.app.open_section("check")


