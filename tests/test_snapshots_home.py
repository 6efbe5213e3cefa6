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
    for a check the next day, the nudge to do one; this week's runs and distance; the
    "Insight" row (more symptom days after load jumps, press i); any pattern notices."""
    assert snap_compare(app_for(demo_store, clock), terminal_size=(80, 24), run_before=_settle)


def test_home_demo_large(snap_compare, demo_store, clock):
    """The same home screen at 120x40: nothing stretched or cut."""
    assert snap_compare(app_for(demo_store, clock), terminal_size=(120, 40), run_before=_settle)


def test_help_screen(snap_compare, store, clock):
    """The help panel over home: "Keys here: Home" (c l r h i p ? q) first, then the keys that work everywhere, what NerveCheck is and is not, and every key."""
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


def test_home_insight_line(snap_compare, store, clock):
    """Issue 17: runs imported from a watch in two shoes, nerve symptoms on the days of
    one: under "This week", in the warning colour, the row "Insight     more symptoms
    after runs in Peg [b]asus (5 of 5 runs), press i" (the name exactly as stored), and
    the rest of home unmoved: the menu and the not-a-doctor line within 24 rows."""
    import datetime as dt

    from nervecheck.engine.store.activities import ACTIVITY_FIELDS, new_shoe
    from nervecheck.engine.store.schema import Entry
    from tests.conftest import TODAY

    def run(n: int, shoe: str) -> dict:
        day = (TODAY - dt.timedelta(days=n)).isoformat()
        doc = dict.fromkeys(ACTIVITY_FIELDS)
        doc.update(start=f"{day}T07:00:00Z", day=day, sport="run", sport_raw="Run", distance_km=8.0,
                   moving_s=2700.0, shoe=shoe, source="strava", from_index=True)
        return doc

    acts = {n + 1: run(2 * n + 1, "Peg [b]asus" if n % 2 == 0 else "Trail") for n in range(10)}
    shoes = {1: new_shoe("Peg [b]asus", TODAY - dt.timedelta(days=60)), 2: new_shoe("Trail", TODAY - dt.timedelta(days=60))}
    store.change_runs(lambda _a, _s: (acts, shoes, None))
    store.merge_entries([Entry(date=TODAY - dt.timedelta(days=n), pain=2 if n % 4 == 1 else 0,
                               symptoms=("tingling",) if n % 4 == 1 else ()) for n in range(22)])
    assert snap_compare(app_for(store, clock), terminal_size=(80, 24), run_before=_settle)
