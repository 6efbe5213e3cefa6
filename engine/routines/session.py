"""The guided routine player: a small state machine driven by keys and a clock.

The UI owns no timing logic: it calls the key methods, calls :meth:`RoutineSession.tick`
a few times a second, and shows :attr:`phase`, :meth:`remaining_seconds` and
:meth:`progress`. All time comes from the injected clock's ``monotonic()``, so tests
drive a whole session with ``FixedClock.advance``.

Phases (one exercise at a time, ``set_number`` counting from 1)::

    ready --space--> work    reps exercise: no countdown; enter marks the set done
    ready --space--> hold    hold exercise: counts down hold_seconds
    ready --space--> work    timed exercise: counts down duration_seconds
    hold  --0 s-->   rest    a repeat is counted; rest_seconds to release, then the
                             next hold starts by itself (straight away if rest is 0)
    (last hold, or timed work reaching 0, or enter) -> the set is done
    set done -->     rest    rest_seconds before the next set or the next exercise
                             (skipped when rest_seconds is 0, or nothing is left)
    rest  --0 s-->   ready   for the next set, or the next exercise's first set
    rest  --s-->     work/hold  the rest (or the release between holds) is skipped: the
                             next set starts now
    any   --n/p/s--> ready   of the next / previous exercise (outside a rest)
    any   --stop_it_hurts--> done;  finishing the last set of the last exercise -> done

What the runner hears: every change of *stage* (the phase, with the release between two
holds told apart from a rest), of exercise or of set, and every new hold, is queued as
a :class:`PhaseChange`; the UI takes them with :meth:`RoutineSession.take_changes` and
rings. A pause is not a change.

What counts: an exercise left with n or s before any set of it was done is *passed
over* (:meth:`RoutineSession.skipped_exercises`); only sets done are logged
(:meth:`RoutineSession.done_exercises`), and :attr:`RoutineSession.outcome` says whether
the session was finished, partly done, stopped early or had nothing done at all.

Enter (:meth:`set_done`) means "I've done this set": from ``ready`` it logs the full
prescription (work done away from the timer); during a hold it ends the set counting
the current repeat (the runner chose 5 of 10 repeats); during timed work it logs the
seconds actually worked; during the release between holds it ends the set with the
holds done; during rest between sets it just ends the rest. Space pauses and resumes
any countdown. Leaving an exercise early keeps the holds or seconds already done.
During the rest after an exercise's last set, :attr:`exercise` is already the next one,
so the screen can show what is coming.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from nervecheck.engine.clock import Clock
from nervecheck.engine.store.schema import ExerciseDone

if TYPE_CHECKING:  # for annotations only: the plan hands its exercises in
    from nervecheck.engine.routines.plan import Exercise, Routine

Phase = Literal["ready", "work", "hold", "rest", "done"]
#: What the runner is doing, as heard: the phase, with ``release`` for the rest between
#: two holds of a set.
Stage = Literal["ready", "work", "hold", "release", "rest", "done"]
#: How a session went: every set done; some done; stopped (x, or leaving) with some
#: done; or no set done at all, which is never called finished nor logged.
Outcome = Literal["finished", "partly done", "stopped early", "nothing done"]


@dataclass(frozen=True)
class PhaseChange:
    """One change, for the UI to ring: the stage it was and is now (the same when only
    the exercise or set changed), and the exercise (index in the routine) it is at now."""

    before: Stage
    after: Stage
    exercise_index: int


@dataclass(frozen=True)
class SessionProgress:
    """Where the session stands: a 0-1 fraction for a bar, and the position in words."""

    fraction: float
    exercise_number: int
    exercise_count: int
    set_number: int
    set_count: int

    @property
    def label(self) -> str:
        return f"exercise {self.exercise_number} of {self.exercise_count}"


class RoutineSession:
    """One run-through of a routine; see the module docstring for the phases."""

    def __init__(self, routine: Routine, clock: Clock) -> None:
        self.routine = routine
        self._clock = clock
        self.index = 0
        self.phase: Phase = "ready"
        self.paused = False
        self.stopped_early = False
        #: Holds finished in the current set (hold exercises only).
        self.reps_in_set = 0
        #: Ids of exercises left with n or s (p back to one takes it out again).
        self.skipped: set[str] = set()
        # Per exercise, one amount per finished set: reps, holds or seconds.
        self._work: list[list[int]] = [[] for _ in routine.exercises]
        self._ends_at: float | None = None
        self._frozen: float | None = None  # the countdown left while paused
        self._hold_next = False  # whether the running rest leads into another hold
        self._changes: list[PhaseChange] = []
        self._heard: tuple[Stage, int, int] = (self.stage, 0, 1)  # the last step reported

    # --- what the UI shows ---------------------------------------------------------

    @property
    def exercise(self) -> Exercise:
        """The current exercise (the last one once the session is done)."""
        return self.routine.exercises[self.exercise_index]

    @property
    def finished(self) -> bool:
        """Whether the session has ended, however it went (see :attr:`outcome`)."""
        return self.phase == "done"

    @property
    def stage(self) -> Stage:
        """The phase as the runner hears it: a rest leading into another hold is ``release``."""
        return "release" if self.phase == "rest" and self._hold_next else self.phase

    def take_changes(self) -> list[PhaseChange]:
        """The changes of stage since the last call, oldest first (each one rings once)."""
        changes, self._changes = self._changes, []
        return changes

    @property
    def outcome(self) -> Outcome:
        """How the session went so far: ``nothing done`` whenever no set was done, even
        if every exercise was passed over to the end."""
        done = self.done_exercises()
        if not done:
            return "nothing done"
        if self.stopped_early:
            return "stopped early"
        every_set = all(self._fully_done(i) for i in range(len(self.routine.exercises)))
        return "finished" if every_set and self.finished else "partly done"

    def skipped_exercises(self) -> list[Exercise]:
        """Exercises passed over with n or s and no set of them done, in routine order."""
        done = {item.exercise for item in self.done_exercises()}
        return [ex for ex in self.routine.exercises if ex.id in self.skipped and ex.id not in done]

    @property
    def set_number(self) -> int:
        """The set being done now, from 1 (past ``sets`` only if extra sets are done)."""
        return len(self._work[self.exercise_index]) + 1

    @property
    def exercise_index(self) -> int:
        return min(self.index, len(self.routine.exercises) - 1)

    def remaining_seconds(self) -> float | None:
        """Seconds left on the hold, rest or timed work; ``None`` with no countdown."""
        if self._frozen is not None:
            return self._frozen
        if self._ends_at is None:
            return None
        return max(0.0, self._ends_at - self._clock.monotonic())

    def progress(self) -> SessionProgress:
        """Work done as a fraction of the routine, moving with each hold; a skipped
        exercise counts as passed, a set cut short counts for the part done."""
        exercises = self.routine.exercises
        parts = [1.0 if ex.id in self.skipped else self._part_done(i) for i, ex in enumerate(exercises)]
        return SessionProgress(
            fraction=sum(parts) / len(exercises),
            exercise_number=self.exercise_index + 1,
            exercise_count=len(exercises),
            set_number=min(self.set_number, self.exercise.sets),
            set_count=self.exercise.sets,
        )

    def done_exercises(self) -> list[ExerciseDone]:
        """Exercises with at least one set done, in routine order, for the day's log.

        With uneven sets the smallest amount is logged, so the log never claims more.
        """
        done = []
        for exercise, work in zip(self.routine.exercises, self._work):
            amounts = [amount for amount in work if amount > 0]
            if amounts:
                done.append(self._record(exercise, len(amounts), min(amounts)))
        return done

    def _fully_done(self, index: int) -> bool:
        """Every set of the exercise done, each with its whole prescription."""
        exercise = self.routine.exercises[index]
        full = exercise.duration_seconds or exercise.reps or 0
        amounts = [amount for amount in self._work[index] if amount > 0]
        return len(amounts) >= exercise.sets and min(amounts) >= full

    def _part_done(self, index: int) -> float:
        exercise = self.routine.exercises[index]
        full = exercise.duration_seconds or exercise.reps or 1
        amounts = list(self._work[index])
        if index == self.index and not self.finished:  # the set under way
            timed = self.phase == "work" and exercise.kind == "timed"
            amounts.append(self._seconds_worked() if timed else self.reps_in_set)
        return min(1.0, sum(min(1.0, amount / full) for amount in amounts) / exercise.sets)

    def _record(self, exercise: Exercise, sets: int, amount: int) -> ExerciseDone:
        timed = exercise.kind == "timed"
        return ExerciseDone(
            routine=self.routine.id,
            exercise=exercise.id,
            sets=sets,
            reps=None if timed else amount,
            seconds=amount if timed else exercise.hold_seconds,
        )

    # --- keys ------------------------------------------------------------------------

    def start_pause(self) -> None:
        """Space: start the set from ``ready``, or pause / resume a countdown."""
        if self.finished:
            return
        if self._ends_at is not None or self._frozen is not None:
            self._toggle_pause()
        elif self.phase == "ready":
            self._start_set()

    def set_done(self) -> None:
        """Enter: this set is done (see the module docstring for each phase)."""
        exercise = self.exercise
        if self.finished:
            return
        if self.phase == "ready":
            self._finish_set(exercise.duration_seconds or exercise.reps or 0)
        elif self.phase == "hold":
            self._finish_set(self.reps_in_set + 1)
        elif self.phase == "work":
            self._finish_set(self._seconds_worked() if exercise.kind == "timed" else exercise.reps or 0)
        elif self._hold_next:
            self._finish_set(self.reps_in_set)
        else:
            self._become("ready")

    def next(self) -> None:
        """N: move on to the next exercise (past the last one, the session ends).

        During the rest after an exercise's last set the next one is already current,
        so n passes over that one. An exercise left with no set done is skipped."""
        if self.finished:
            return
        self._keep_partial_set()
        if not any(amount > 0 for amount in self._work[self.index]):
            self.skipped.add(self.exercise.id)
        self._go_to(self.index + 1)

    def previous(self) -> None:
        """P: go back to the previous exercise (to redo or finish it)."""
        if self.finished:
            return
        self._keep_partial_set()
        self._go_to(max(0, self.index - 1))
        self.skipped.discard(self.exercise.id)

    def skip(self) -> None:
        """S: during a rest (or the release between holds), skip the rest and start the
        next set now; otherwise mark the current exercise skipped and move on."""
        if self.finished:
            return
        if self.phase == "rest":
            self._start_set()
            return
        self.skipped.add(self.exercise.id)
        self.next()

    def stop_it_hurts(self) -> list[ExerciseDone]:
        """End the session now, keeping finished work, and return it for the log."""
        if not self.finished:
            self._keep_partial_set()
            self.stopped_early = True
            self._become("done")
        return self.done_exercises()

    def tick(self) -> None:
        """Advance past every countdown that has run out (late ticks lose no time)."""
        while not self.paused and self._ends_at is not None and self._clock.monotonic() >= self._ends_at:
            self._countdown_over(self._ends_at)

    # --- transitions -------------------------------------------------------------------

    def _start_set(self, at: float | None = None) -> None:
        exercise = self.exercise
        if exercise.kind == "reps":
            self._become("work")
        elif exercise.kind == "hold":
            self._count_down("hold", exercise.hold_seconds or 0, at)
        else:
            self._count_down("work", exercise.duration_seconds or 0, at)

    def _countdown_over(self, at: float) -> None:
        exercise = self.exercise
        if self.phase == "hold":
            self.reps_in_set += 1
            if self.reps_in_set >= (exercise.reps or 0):
                self._finish_set(self.reps_in_set, at)
            elif exercise.rest_seconds:
                self._count_down("rest", exercise.rest_seconds, at, hold_next=True)
            else:
                self._start_set(at)
        elif self.phase == "work":
            self._finish_set(exercise.duration_seconds or 0, at)
        elif self._hold_next:
            self._start_set(at)
        else:
            self._become("ready")

    def _finish_set(self, amount: int, at: float | None = None) -> None:
        exercise = self.exercise
        self._work[self.index].append(amount)
        self.reps_in_set = 0
        if len(self._work[self.index]) >= exercise.sets:
            self.index += 1
        if self.index >= len(self.routine.exercises):
            self._become("done")
        elif exercise.rest_seconds:
            self._count_down("rest", exercise.rest_seconds, at)
        else:
            self._become("ready")

    def _keep_partial_set(self) -> None:
        """Leaving mid-set: keep finished holds or seconds worked; reps sets are unknown."""
        amount = 0
        if self.phase == "work" and self.exercise.kind == "timed":
            amount = self._seconds_worked()
        elif self.phase == "hold" or self._hold_next:
            amount = self.reps_in_set
        if amount > 0:
            self._work[self.index].append(amount)
        self.reps_in_set = 0

    def _go_to(self, index: int) -> None:
        self.index = index
        self._become("done" if index >= len(self.routine.exercises) else "ready")

    def _seconds_worked(self) -> int:
        left = self.remaining_seconds() or 0.0
        return int((self.exercise.duration_seconds or 0) - left)

    def _become(self, phase: Phase, hold_next: bool = False) -> None:
        self.phase = phase
        self._ends_at = self._frozen = None
        self.paused = False
        self._hold_next = hold_next
        step = (self.stage, self.exercise_index, self.set_number)
        # A new hold straight after the last one (no release) is a change too.
        if step != self._heard or phase == "hold":
            self._changes.append(PhaseChange(self._heard[0], self.stage, self.exercise_index))
            self._heard = step

    def _count_down(self, phase: Phase, seconds: float, at: float | None, hold_next: bool = False) -> None:
        # Chained countdowns start where the last one ended, not at the (late) tick.
        start = self._clock.monotonic() if at is None else at
        self._become(phase, hold_next)
        self._ends_at = start + seconds

    def _toggle_pause(self) -> None:
        if self.paused:
            self._ends_at = self._clock.monotonic() + (self._frozen or 0.0)
            self._frozen = None
        else:
            self._frozen = self.remaining_seconds()
            self._ends_at = None
        self.paused = not self.paused
