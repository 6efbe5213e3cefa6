"""Snapshots of the home and help screens at 80x24 (and one at 120x40)."""

from __future__ import annotations

from tests.conftest import app_for


def test_home_empty(snap_compare, store, clock):
    """Home on a new database: today's date (Saturday 21 November 2026), today not
    logged, no check yet, 0 runs this week, the six section keys, the not-a-doctor line."""
    assert snap_compare(app_for(store, clock), terminal_size=(80, 24))


def test_home_demo(snap_compare, demo_store, clock):
    """Home on the demo database: today logged with its pain, the latest check's
    disposition in its colour with its age ("2 days ago") and, since its advice asked
    for a check the next day, the nudge to do one; this week's runs and distance, any pattern notices."""
    assert snap_compare(app_for(demo_store, clock), terminal_size=(80, 24), run_before=_settle)


def test_home_demo_large(snap_compare, demo_store, clock):
    """The same home screen at 120x40: nothing stretched or cut."""
    assert snap_compare(app_for(demo_store, clock), terminal_size=(120, 40), run_before=_settle)


def test_help_screen(snap_compare, store, clock):
    """The help panel over home: "Keys here: Home" (c l r h ? q) first, then the keys that work everywhere, what NerveCheck is and is not, and every key."""
    assert snap_compare(app_for(store, clock), terminal_size=(80, 24), press=["question_mark"])


async def _settle(pilot) -> None:
    await pilot.pause(0.4)  # the first frame's deferred work (checks, the recheck nudge)


def test_home_two_day_old_check(snap_compare, store, clock):
    """Issue 18: the latest check is from Thursday 19 November, two days ago, and its
    advice said to check again the next day: the last-check line reads "(19 Nov, 18:00,
    2 days ago)" and under it, in the accent colour, "That check asked for another the
    next day. Press c."."""
    from tests.check_flows import saved_check_asking_recheck

    store.add_check(saved_check_asking_recheck(clock, days_ago=2))
    assert snap_compare(app_for(store, clock), terminal_size=(80, 24), run_before=_settle)


def test_help_on_the_log(snap_compare, store, clock):
    """Issue 18: ? on the log opens help headed "Keys here: Daily log" with the log's
    own keys first (ctrl+s save, escape back, [ ] days, g, u, pain 0-10 as "0-9 t",
    the symptom keys b i m s k w with their names, the places, a, d, e, x, D, ctrl+z,
    c r h sections, the scroll keys), then "Everywhere", then the about text."""
    assert snap_compare(app_for(store, clock), terminal_size=(80, 24), press=["l", "question_mark"])


def test_help_on_the_check(snap_compare, store, clock):
    """Issue 18: ? during the first warning-sign checklist: "Keys here: Symptom check"
    (or the screen's name), answers 1-10, n none of these, enter confirm, i about this
    sign, up and down, backspace and escape back."""
    assert snap_compare(app_for(store, clock), terminal_size=(80, 24), press=["c", "question_mark"])
