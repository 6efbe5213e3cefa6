"""The guided routine player, driven key by key with a fake clock."""

from __future__ import annotations

import datetime as dt

import pytest

from nervecheck.engine.clock import FixedClock
from nervecheck.engine.store.schema import ExerciseDone
from nervecheck.engine.routines.plan import routine
from nervecheck.engine.routines.session import RoutineSession


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(dt.datetime(2026, 11, 25, 9, 0, tzinfo=dt.timezone.utc))


def start(routine_id: str, clock: FixedClock) -> RoutineSession:
    return RoutineSession(routine(routine_id), clock)


def wait(session: RoutineSession, clock: FixedClock, seconds: float) -> None:
    """Let time pass one second at a time, ticking like the UI's timer."""
    for _ in range(int(seconds)):
        clock.advance(1)
        session.tick()


def play_through(session: RoutineSession, clock: FixedClock) -> float:
    """Do every exercise as prescribed; returns how long it took."""
    began = clock.monotonic()
    while not session.finished:
        if session.phase == "ready":
            session.start_pause()
        elif session.phase == "work" and session.exercise.kind == "reps":
            session.set_done()
        else:
            wait(session, clock, 1)
    return clock.monotonic() - began


def test_whole_gentle_mobility_session_logs_every_exercise(clock):
    session = start("gentle_mobility", clock)
    took = play_through(session, clock)
    mobility = routine("gentle_mobility")
    expected = [
        ExerciseDone(routine="gentle_mobility", exercise=ex.id, sets=1, reps=ex.reps, seconds=ex.hold_seconds)
        for ex in mobility.exercises
    ]
    assert session.done_exercises() == expected
    assert session.progress().fraction == 1.0 and not session.stopped_early
    holds = [ex for ex in mobility.exercises if ex.kind == "hold"]
    # Each hold, a 3 s release between holds and after each exercise but the last.
    assert took == sum(ex.reps * 5 + ex.reps * 3 for ex in holds) + 5 - 3


def test_a_hold_counts_down_then_releases_then_holds_again(clock):
    session = start("gentle_mobility", clock)
    assert session.phase == "ready" and session.remaining_seconds() is None
    session.start_pause()
    assert session.phase == "hold" and session.remaining_seconds() == 5
    wait(session, clock, 5)
    assert (session.phase, session.reps_in_set, session.remaining_seconds()) == ("rest", 1, 3)
    assert session.progress().fraction == pytest.approx(1 / 10 / 8)
    wait(session, clock, 3)
    assert (session.phase, session.remaining_seconds()) == ("hold", 5)


def test_a_late_tick_loses_no_time(clock):
    session = start("gentle_mobility", clock)
    session.start_pause()
    clock.advance(5 + 3 + 5 + 3 + 1)
    session.tick()
    assert (session.phase, session.reps_in_set, session.remaining_seconds()) == ("hold", 2, 4)


def test_space_pauses_and_resumes_the_countdown(clock):
    session = start("gentle_mobility", clock)
    session.start_pause()
    wait(session, clock, 2)
    session.start_pause()
    wait(session, clock, 100)
    assert session.paused and session.phase == "hold" and session.remaining_seconds() == 3
    session.start_pause()
    wait(session, clock, 3)
    assert not session.paused and session.phase == "rest" and session.reps_in_set == 1


def test_enter_during_a_hold_ends_the_set_counting_that_repeat(clock):
    session = start("gentle_mobility", clock)
    session.start_pause()
    wait(session, clock, 5 + 3 + 5 + 3 + 5 + 3 + 2)
    session.set_done()
    assert session.done_exercises()[0].reps == 4
    assert session.exercise.id == "knee_to_chest" and session.phase == "rest"


def test_enter_during_the_release_ends_the_set_with_the_holds_done(clock):
    session = start("gentle_mobility", clock)
    session.start_pause()
    wait(session, clock, 5 * 5 + 4 * 3 + 1)  # five holds done, in the release
    session.set_done()
    assert session.done_exercises()[0].reps == 5


def test_reps_exercise_sets_and_rests(clock):
    session = start("runner_strength", clock)
    session.start_pause()
    assert session.phase == "work" and session.remaining_seconds() is None
    session.set_done()
    assert (session.phase, session.remaining_seconds(), session.set_number) == ("rest", 60, 2)
    wait(session, clock, 60)
    assert session.phase == "ready" and session.progress().set_number == 2
    session.set_done()  # straight from ready: the set was done
    assert session.exercise.id == "single_leg_glute_bridge" and session.phase == "rest"
    session.set_done()  # enter during rest between sets just ends the rest
    assert session.phase == "ready"
    assert session.done_exercises() == [
        ExerciseDone(routine="runner_strength", exercise="goblet_squat", sets=2, reps=10)
    ]
    progress = session.progress()
    assert progress.label == "exercise 2 of 5" and progress.fraction == pytest.approx(1 / 5)


def test_timed_cardio_runs_twenty_minutes(clock):
    session = start("low_impact_cardio", clock)
    session.start_pause()
    assert session.phase == "work" and session.remaining_seconds() == 1200
    clock.advance(1200)
    session.tick()
    assert session.finished
    assert session.done_exercises() == [
        ExerciseDone(routine="low_impact_cardio", exercise="low_impact_session", sets=1, seconds=1200)
    ]


def test_enter_ends_timed_work_early_with_the_seconds_worked(clock):
    session = start("low_impact_cardio", clock)
    session.start_pause()
    wait(session, clock, 900)
    assert session.progress().fraction == pytest.approx(0.75)
    session.set_done()
    assert session.finished and session.done_exercises()[0].seconds == 900


def test_stop_it_hurts_mid_session_returns_only_the_partial_work(clock):
    session = start("gentle_mobility", clock)
    session.start_pause()
    wait(session, clock, 10 * 5 + 10 * 3)  # glute bridge done and rested
    session.skip()  # knee-to-chest skipped
    session.start_pause()
    wait(session, clock, 5 + 3 + 5 + 3 + 2)  # belly to spine: two holds, a third under way
    done = session.stop_it_hurts()
    assert done == [
        ExerciseDone(routine="gentle_mobility", exercise="glute_bridge", sets=1, reps=10, seconds=5),
        ExerciseDone(routine="gentle_mobility", exercise="belly_to_spine", sets=1, reps=2, seconds=5),
    ]
    assert session.finished and session.stopped_early and session.skipped == {"knee_to_chest"}
    assert session.progress().fraction == pytest.approx((1 + 1 + 2 / 5) / 8)
    session.set_done()
    session.start_pause()
    assert session.done_exercises() == done


def test_stop_it_hurts_mid_cardio_keeps_the_minutes_done(clock):
    session = start("low_impact_cardio", clock)
    session.start_pause()
    wait(session, clock, 600)
    assert session.stop_it_hurts()[0].seconds == 600


def test_stop_before_anything_is_done_logs_nothing(clock):
    session = start("runner_strength", clock)
    session.start_pause()
    assert session.stop_it_hurts() == []


def test_next_previous_and_skip(clock):
    session = start("gentle_mobility", clock)
    session.skip()
    session.next()  # passed over with nothing done: skipped as well
    assert session.index == 2 and session.skipped == {"glute_bridge", "knee_to_chest"}
    assert session.progress().label == "exercise 3 of 8"
    session.previous()
    session.previous()
    assert session.index == 0 and session.skipped == set()
    session.previous()
    assert session.index == 0 and session.phase == "ready"
    for _ in range(8):
        session.next()
    assert session.finished and not session.stopped_early and session.done_exercises() == []
    assert session.outcome == "nothing done"
    assert [ex.id for ex in session.skipped_exercises()] == [ex.id for ex in routine("gentle_mobility").exercises]


def test_next_mid_hold_keeps_the_holds_done(clock):
    session = start("gentle_mobility", clock)
    session.start_pause()
    wait(session, clock, 5 + 3 + 5 + 1)
    session.next()
    assert session.phase == "ready" and session.remaining_seconds() is None
    assert session.done_exercises()[0].reps == 2


def test_keys_after_done_change_nothing(clock):
    session = start("shoe_fit_check", clock)
    session.set_done()
    session.set_done()
    assert session.finished
    for key in (session.start_pause, session.set_done, session.next, session.previous, session.skip, session.tick):
        key()
    assert session.finished and len(session.done_exercises()) == 2


# --- what the runner hears: the changes of stage -----------------------------------------


def stages(session: RoutineSession) -> list[tuple[str, str]]:
    return [(change.before, change.after) for change in session.take_changes()]


def test_every_change_of_stage_is_reported_once(clock):
    """Hold, release, hold ..., rest before the next exercise, then ready: each change is
    queued once, in order, and taking them empties the queue."""
    session = start("gentle_mobility", clock)
    assert stages(session) == []
    session.start_pause()
    assert stages(session) == [("ready", "hold")]
    wait(session, clock, 4)
    assert stages(session) == []  # a countdown going on is no change
    wait(session, clock, 1)
    assert stages(session) == [("hold", "release")]
    session.start_pause()
    wait(session, clock, 30)
    session.start_pause()
    assert stages(session) == []  # nor is a pause
    wait(session, clock, 3)
    assert stages(session) == [("release", "hold")]
    wait(session, clock, 8 * 8 + 5)  # the other holds and releases, the last hold
    assert stages(session)[-2:] == [("release", "hold"), ("hold", "rest")]
    assert session.exercise.id == "knee_to_chest"
    wait(session, clock, 3)
    assert stages(session) == [("rest", "ready")]


def test_a_late_tick_reports_each_change_it_passes(clock):
    session = start("gentle_mobility", clock)
    session.start_pause()
    session.take_changes()
    clock.advance(5 + 3 + 1)
    session.tick()
    assert stages(session) == [("hold", "release"), ("release", "hold")]


def test_work_to_rest_and_the_end_are_changes(clock):
    session = start("runner_strength", clock)
    session.start_pause()
    session.set_done()
    assert stages(session) == [("ready", "work"), ("work", "rest")]
    session.stop_it_hurts()
    assert stages(session) == [("rest", "done")]
    cardio = start("low_impact_cardio", clock)
    cardio.start_pause()
    clock.advance(1200)
    cardio.tick()
    assert stages(cardio) == [("ready", "work"), ("work", "done")]


def test_holds_with_no_release_between_them_still_ring(clock):
    bridge = routine("gentle_mobility").exercises[0].model_copy(update={"rest_seconds": 0, "reps": 2})
    quick = routine("gentle_mobility").model_copy(update={"exercises": (bridge,)})
    session = RoutineSession(quick, clock)
    session.start_pause()
    wait(session, clock, 10)
    assert stages(session) == [("ready", "hold"), ("hold", "hold"), ("hold", "done")]


# --- skip during a rest, and honest sessions ---------------------------------------------


def test_skip_during_the_rest_skips_the_rest_not_the_next_exercise(clock):
    session = start("runner_strength", clock)
    session.set_done()  # goblet squat set 1 done: rest before set 2
    assert session.phase == "rest"
    session.skip()
    assert (session.phase, session.exercise.id, session.set_number) == ("work", "goblet_squat", 2)
    session.set_done()  # set 2: the rest before the single-leg bridge
    assert (session.phase, session.exercise.id) == ("rest", "single_leg_glute_bridge")
    session.start_pause()  # a paused rest is skipped all the same
    session.skip()
    assert (session.phase, session.exercise.id, session.paused) == ("work", "single_leg_glute_bridge", False)
    assert session.skipped == set() and session.skipped_exercises() == []


def test_skip_during_a_release_starts_the_next_hold_now(clock):
    session = start("gentle_mobility", clock)
    session.start_pause()
    wait(session, clock, 5)
    assert session.stage == "release"
    session.skip()
    assert (session.stage, session.reps_in_set, session.remaining_seconds()) == ("hold", 1, 5)
    assert session.exercise.id == "glute_bridge" and session.skipped == set()


def test_a_whole_session_is_finished(clock):
    session = start("gentle_mobility", clock)
    play_through(session, clock)
    assert session.outcome == "finished" and session.skipped_exercises() == []


def test_a_partly_done_session_keeps_only_what_was_done(clock):
    session = start("shoe_fit_check", clock)
    session.set_done()  # the insole test done
    session.next()  # the toe tap test passed over: the session ends
    assert session.finished and session.outcome == "partly done"
    assert [item.exercise for item in session.done_exercises()] == ["insole_test"]
    assert [ex.id for ex in session.skipped_exercises()] == ["toe_tap_test"]


def test_a_set_cut_short_is_partly_done_and_not_skipped(clock):
    session = start("gentle_mobility", clock)
    session.start_pause()
    wait(session, clock, 5 + 3 + 1)
    session.skip()  # two holds in: kept, so not listed as skipped
    assert session.done_exercises()[0].reps == 1
    assert session.skipped_exercises() == []
    session.stop_it_hurts()
    assert session.outcome == "stopped early"


def test_going_back_to_a_passed_exercise_and_doing_it_unskips_it(clock):
    session = start("shoe_fit_check", clock)
    session.next()
    assert [ex.id for ex in session.skipped_exercises()] == ["insole_test"]
    session.previous()
    session.set_done()
    session.set_done()
    assert session.outcome == "finished" and session.skipped_exercises() == []


def test_a_new_exercise_or_set_without_a_rest_is_a_change(clock):
    session = start("shoe_fit_check", clock)  # no rests
    session.set_done()
    assert [(c.before, c.after, c.exercise_index) for c in session.take_changes()] == [("ready", "ready", 1)]
    session.previous()
    session.next()
    assert [c.exercise_index for c in session.take_changes()] == [0, 1]
    session.set_done()
    assert stages(session) == [("ready", "done")]
