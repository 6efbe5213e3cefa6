"""Snapshots of the daily log, the history and the recurring notice at 80x24."""

from __future__ import annotations

import datetime as dt

from nervecheck.engine.store.schema import Entry, ExerciseDone, Run
from tests.conftest import TODAY, app_for

SIZE = (80, 24)


def test_log_empty(snap_compare, store, clock):
    """The log for today on a new database: Saturday 21 November 2026, "today", no pain
    chosen on the 0-10 row, every symptom and place unticked, the leg map with its nerve
    names, blank run and note fields, "Not logged yet (0 ctrl+s: no pain)" and the keys
    for the run, the note and removing an exercise."""
    assert snap_compare(app_for(store, clock), terminal_size=SIZE, press=["l"])


def test_log_filled(snap_compare, store, clock):
    """A filled-in day: pain 5 lit, burning and tingling ticked, heel and sole ticked and
    lit on the figure, a 10.5 km run of 58 minutes, pain after exercise "under 2 hours",
    two exercises listed, the note shown literally (brackets included), and "Unsaved
    changes" because pain and tingling were just changed by key."""
    squat = ExerciseDone(routine="runner_strength", exercise="goblet_squat", sets=3, reps=10)
    bridge = ExerciseDone(routine="runner_strength", exercise="single_leg_glute_bridge", sets=2, reps=12)
    store.save_entry(Entry(date=TODAY, pain=3, symptoms=("burning",), locations=("heel", "sole"),
                           run=Run(distance_km=10.5, duration_min=58), pain_after_exercise="under_2h",
                           exercises=(squat, bridge), note="new shoes [left] heel burned after 5 km"))
    assert snap_compare(app_for(store, clock), terminal_size=SIZE, press=["l", "5", "i"])


def test_log_validation_message(snap_compare, store, clock):
    """ctrl+s with "12km" typed as the distance: the red message "distance: '12km' is not
    a number" beside the run field, the "Not saved" notice, and still "Unsaved changes"."""
    keys = ["l", "3", "d", "1", "2", "k", "m", "escape", "ctrl+s"]
    assert snap_compare(app_for(store, clock), terminal_size=SIZE, press=keys)


def test_history_30_days(snap_compare, demo_store, clock):
    """History on the demo database, last 30 days: the 30d key lit, the chart of pain per
    day (0-10 scale, pain-0 days as "0") above km per week (0-60 scale, the week so far
    shaded) over Mondays 26 Oct to 16 Nov, its legend, the pattern notices, the two most
    recent checks, and the table of entries newest first (21 Nov 2026 on top, its
    row highlighted) with that day in full underneath."""
    assert snap_compare(app_for(demo_store, clock), terminal_size=SIZE, press=["h"])


def test_history_365_days(snap_compare, demo_store, clock):
    """The same after pressing 3: the 365d key lit, "120 logged" (the demo holds 120
    days): "·" (not logged) until late July, then the worst pain of each 6 days and the
    weekly km, every month named under the axis, the same table of entries."""
    assert snap_compare(app_for(demo_store, clock), terminal_size=SIZE, press=["h", "3"])


def test_home_recurring_flag(snap_compare, store, clock):
    """Home after burning at the heel on 3 of the last 14 days: today logged with pain 4
    and burning, and the notice "Recurring burning (3 of 14 days): a clinician should
    look at it." on one line in the warning colour."""
    for days_ago in (0, 4, 11):
        store.save_entry(Entry(date=TODAY - dt.timedelta(days=days_ago), pain=4,
                               symptoms=("burning",), locations=("heel",)))
    assert snap_compare(app_for(store, clock), terminal_size=SIZE)


def test_log_three_exercises_keeps_its_status_line(snap_compare, store, clock):
    """Issue 18: a day with three exercises at 80x24. The form scrolls under a fixed
    status line: "Unsaved changes (ctrl+s saves)" (pain 4 was just pressed) and the keys
    d run, e note, x remove exercise stay on the last line above the footer."""
    squat = ExerciseDone(routine="runner_strength", exercise="goblet_squat", sets=3, reps=10)
    bridge = ExerciseDone(routine="runner_strength", exercise="single_leg_glute_bridge", sets=2, reps=12)
    deadlift = ExerciseDone(routine="runner_strength", exercise="deadlift", sets=3, reps=8)
    store.save_entry(Entry(date=TODAY, pain=3, symptoms=("burning",), run=Run(distance_km=5.0, duration_min=30),
                           exercises=(squat, bridge, deadlift), note="three exercises"))
    assert snap_compare(app_for(store, clock), terminal_size=SIZE, press=["l", "4"])


def test_log_multiline_note(snap_compare, store, clock):
    """Issue 18: a day whose note has several lines, reopened at 80x24. The note field
    shows the note's first lines ("Left heel burned from 3 km.", "Iced it after.", a
    blank line, then the rest wrapped), from its start, not its end; under it the count
    "…/2000"; the status line "Saved (D deletes the day)" still on screen above the footer."""
    note = ("Left heel burned from 3 km.\nIced it after.\n\n"
            "Tomorrow: the gentle mobility routine, and no hills for a week [new shoes?].\n"
            "Last line, out of view until the note is scrolled.")
    store.save_entry(Entry(date=TODAY, pain=3, symptoms=("burning",), locations=("heel",),
                           run=Run(distance_km=5.0, duration_min=31), note=note))
    assert snap_compare(app_for(store, clock), terminal_size=SIZE, press=["l", "end"])


def test_log_imported_run_and_shoe(snap_compare, store, clock):
    """Issue 16: a day with a typed 5 km run and a run imported from the watch. Under
    the run fields, "Imported" lists "07:15 run 10.02 km 50 min  shoe Pegasus [40]
    Morning run" (the shoe's brackets shown as typed) and says "The imported run counts
    for the day; your typed 5 km is kept."; the status line stays above the footer."""
    from tests.log_activities import activity, put_activities

    start = dt.datetime.combine(TODAY, dt.time(7, 15), tzinfo=dt.timezone.utc)
    store.save_entry(Entry(date=TODAY, pain=1, run=Run(distance_km=5.0, duration_min=30)))
    put_activities(store, activity(start, 10.02, 50, shoe="Pegasus [40]", name="Morning run"))
    assert snap_compare(app_for(store, clock), terminal_size=SIZE, press=["l", "end"])


def test_log_typed_run_with_default_shoe(snap_compare, store, clock):
    """Issue 16: a typed 5 km run on a day the default shoe covers: beside the run's
    minutes, "shoe [b]Pegasus[/b] 40 (default)", the brackets shown as typed; no
    "Imported" row (nothing imported that day)."""
    from nervecheck.engine.log.runs import merge_runs
    from nervecheck.engine.store.activities import new_shoe

    merge_runs(store, [], [new_shoe("[b]Pegasus[/b] 40", TODAY - dt.timedelta(days=30), default=True)])
    store.save_entry(Entry(date=TODAY, pain=1, run=Run(distance_km=5.0, duration_min=30)))
    assert snap_compare(app_for(store, clock), terminal_size=SIZE, press=["l"])
