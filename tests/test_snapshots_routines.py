"""Snapshots of the routines list, the player and the session summary at 80x24."""

from __future__ import annotations

from nervecheck.engine.store.schema import CheckRecord
from tests.conftest import NOW, app_for

SIZE = (80, 24)


def _modify_training(store) -> None:
    store.add_check(CheckRecord(time=NOW, path=(), disposition="modify_training"))


def test_routines_open_and_locked(snap_compare, store, clock):
    """The routines list after a 'modify training' check: runner strength locked (in the
    warning colour, saying why), gentle mobility, cardio, shoe check and stretches open
    ("open: your last check said modify training"), each with this week's progress
    ("mobility 0 of 5"); below, the highlighted routine's summary with what would
    unlock it."""
    _modify_training(store)

    async def open_routines(pilot):
        await pilot.press("r")

    assert snap_compare(app_for(store, clock), terminal_size=SIZE, run_before=open_routines)


def test_routines_with_imported_cardio(snap_compare, store, clock):
    """Issue 16: a ride and a swim imported this week: the cardio row reads "cardio 2 of
    5" and, with cardio highlighted, its detail says "Counted from your imported
    activities: ride Tue 45 min, swim Thu 30 min"."""
    from tests.test_routines_screen import imported_cardio

    _modify_training(store)
    imported_cardio(store, clock)

    async def cardio_highlighted(pilot):
        await pilot.press("r", "down", "down")

    assert snap_compare(app_for(store, clock), terminal_size=SIZE, run_before=cardio_highlighted)


def test_routines_after_an_emergency(snap_compare, store, clock):
    """After an emergency check every routine is locked, the shoe check and stretches
    too, each saying a red flag was found; the pre-run warm-up is highlighted, with
    why it waits and what would open it."""
    store.add_check(CheckRecord(time=NOW, path=(), disposition="emergency"))

    async def warm_up_highlighted(pilot):
        await pilot.press("r", "down", "down", "down", "down")

    assert snap_compare(app_for(store, clock), terminal_size=SIZE, run_before=warm_up_highlighted)


def test_routines_need_a_check(snap_compare, store, clock):
    """No check yet: strength asks for a symptom check first and offers the c key."""

    async def open_routines(pilot):
        await pilot.press("r")

    assert snap_compare(app_for(store, clock), terminal_size=SIZE, run_before=open_routines)


def test_player_mid_hold(snap_compare, store, clock):
    """Gentle mobility, exercise 1 of 8 (glute bridge) two seconds into the first hold:
    HOLD 0:03 in big bold digits, "hold 1 of 10", the steps, cues and when to stop, then
    "w: the warning signs ... · b: loud bell off"."""

    async def mid_hold(pilot):
        await pilot.press("r", "2", "space")
        clock.advance(2)
        pilot.app.screen.tick_session()
        await pilot.pause()

    assert snap_compare(app_for(store, clock), terminal_size=SIZE, run_before=mid_hold)


def test_player_at_rest(snap_compare, store, clock):
    """The glute bridge set marked done with enter: REST 0:02 in big bold digits, "up next:
    Knee-to-chest stretch" and "enter ends the rest · s: start now", the
    stretch's steps; the bar has moved to an eighth of the routine."""

    async def at_rest(pilot):
        await pilot.press("r", "2", "enter")
        clock.advance(1)
        pilot.app.screen.tick_session()
        await pilot.pause()

    assert snap_compare(app_for(store, clock), terminal_size=SIZE, run_before=at_rest)


def test_player_timed_work(snap_compare, store, clock):
    """Low-impact cardio seven and a half minutes in: GO and 12:30 in big bold digits in the
    primary colour, "keep going until the timer runs out", and under when to stop the
    line "w: the warning signs ... · b: loud bell off"; the footer fits at 80 columns."""
    _modify_training(store)

    async def working(pilot):
        await pilot.press("r", "3", "space")
        clock.advance(450)
        pilot.app.screen.tick_session()
        await pilot.pause()

    assert snap_compare(app_for(store, clock), terminal_size=SIZE, run_before=working)


def test_session_summary_with_skipped(snap_compare, store, clock):
    """Partly done: the glute bridge and belly to spine done, under "Skipped" the other six
    one a line, each "passed over, not logged"; "Logged in your entry ...", mobility 1 of 5."""

    async def partly(pilot):
        await pilot.press("r", "2", "enter", "s", "n", "enter", *["n"] * 5)
        await pilot.pause()

    assert snap_compare(app_for(store, clock), terminal_size=SIZE, run_before=partly)


def test_session_summary_nothing_done(snap_compare, store, clock):
    """n through all eight: "Gentle mobility: nothing done", "No set was finished, so
    nothing was logged.", all eight under "Skipped", "Nothing to log: a session with no
    set done does not count towards the week." and mobility 0 of 5."""

    async def passed_over(pilot):
        await pilot.press("r", "2", *["n"] * 8)
        await pilot.pause()

    assert snap_compare(app_for(store, clock), terminal_size=SIZE, run_before=passed_over)


def test_session_summary(snap_compare, store, clock):
    """A whole gentle mobility session done by keys: "Gentle mobility: finished", all
    eight exercises with their sets and holds, "Logged in your entry for Saturday 21 November", mobility 1 of 5."""

    async def whole_session(pilot):
        await pilot.press("r", "2", *["enter"] * 15)
        await pilot.pause()

    assert snap_compare(app_for(store, clock), terminal_size=SIZE, run_before=whole_session)


def test_session_summary_it_hurts(snap_compare, store, clock):
    """Stopped with x during the second exercise: "Stop for today", then in red bold "Stop
    straight away ... emergency department ... do not drive there yourself" and the first
    stop-at-once signs (chest pain or faintness, stroke signs, ...); the rest scrolls (a
    scroll bar on the right); at the bottom, outside the scroll, "enter or c: a symptom
    check now   ↑↓ scroll   escape: back to the routines"."""

    async def it_hurts(pilot):
        await pilot.press("r", "2", "enter", "enter", "space")
        clock.advance(6)
        pilot.app.screen.tick_session()
        await pilot.press("x")
        await pilot.pause()

    assert snap_compare(app_for(store, clock), terminal_size=SIZE, run_before=it_hurts)


def test_session_summary_it_hurts_scrolled_to_the_end(snap_compare, store, clock):
    """The same advice scrolled down with end: the urgent signs under "Stop, and do no
    more exercise ... Get a doctor to see you today ... 111 in the UK" in bold, then "If
    none of these signs is there: rest for today, do a symptom check now ...", then what
    was logged (the glute bridge) and this week's progress."""

    async def it_hurts_at_the_end(pilot):
        await pilot.press("r", "2", "enter", "x", "end")
        await pilot.pause()

    assert snap_compare(app_for(store, clock), terminal_size=SIZE, run_before=it_hurts_at_the_end)


def test_warning_signs_of_a_locked_routine(snap_compare, store, clock):
    """After a "get medical help today" check every routine is locked, but w still shows
    runner strength's warning signs in a red-bordered panel: "Runner strength: when to
    stop and get help", the stop-at-once action in red bold with its signs as bullets;
    the urgent ones and the sources follow when scrolled."""
    store.add_check(CheckRecord(time=NOW, path=(), disposition="urgent_today"))

    async def warning_signs(pilot):
        await pilot.press("r", "w")
        await pilot.pause()

    assert snap_compare(app_for(store, clock), terminal_size=SIZE, run_before=warning_signs)

