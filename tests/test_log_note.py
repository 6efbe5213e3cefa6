"""Issue 18 and 16 on the log screen: the multi-line note with its count against the
limit, and the day's imported runs shown beside the typed one."""

from __future__ import annotations

import datetime as dt

from textual import events
from textual.widgets import Static

from nervecheck.engine.store.entry_rules import NOTE_MAX
from nervecheck.engine.store.schema import Entry, Run
from nervecheck.tui.screens.log import LogScreen
from nervecheck.tui.widgets.note_editor import NoteEditor
from tests.conftest import TODAY, app_for
from tests.log_activities import activity, put_activities

SIZE = (80, 24)


def text_of(app, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).content)


def note_of(app) -> NoteEditor:
    return app.screen.query_one("#note", NoteEditor)


async def test_a_note_of_several_lines_is_saved_with_its_line_breaks(store, clock) -> None:
    app = app_for(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("l", "2", "e", *"left heel", "enter", *"after 5 km", "enter", "enter", *"iced it", "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, LogScreen) and not app.screen.draft.dirty
    assert store.entry(TODAY).note == "left heel\nafter 5 km\n\niced it"
    assert store.entry(TODAY).pain == 2


async def test_keys_typed_in_the_note_are_text_not_commands(store, clock) -> None:
    """Inside the editor the one-key commands and the global ? and q type, enter makes
    a line; ctrl+s still saves, escape returns to the keys."""
    typed = "c? q h [ ] D x 0 t - u g"
    app = app_for(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        keys = ["minus" if char == "-" else char for char in typed]  # the key a terminal names
        await pilot.press("l", "e", *keys, "enter", "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, LogScreen) and app.screen.draft.pain is None
        assert app.screen.focused is note_of(app)
        await pilot.press("escape")
        assert app.screen.focused is None
        await pilot.press("3")  # the keys again
        assert app.screen.draft.pain == 3
    entry = store.entry(TODAY)
    assert entry.note == typed + "\n" and entry.pain is None and entry.symptoms == ()
    assert store.settings().units == "km"


async def test_tab_leaves_the_note(store, clock) -> None:
    app = app_for(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("l", "e", *"sore", "tab")
        assert app.screen.focused is not note_of(app)
        assert note_of(app).text == "sore"  # tab moved on, it typed nothing


async def test_the_count_says_how_much_of_the_limit_is_used(store, clock) -> None:
    app = app_for(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("l")
        assert text_of(app, "#note-count") == f"0/{NOTE_MAX}"
        await pilot.press("e", *"ab", "enter", "c")
        assert text_of(app, "#note-count") == f"4/{NOTE_MAX}"  # the line break counts


async def test_a_note_over_the_limit_is_said_and_never_cut(store, clock) -> None:
    store.save_entry(Entry(date=TODAY, pain=1, note="kept"))
    long = "x" * (NOTE_MAX + 5)
    app = app_for(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("l", "e")
        app.post_message(events.Paste(long))  # pasted, as a terminal sends it
        await pilot.pause()
        count = text_of(app, "#note-count")
        assert count.startswith(f"{NOTE_MAX + 9}/{NOTE_MAX}: 9 too many") and "nothing is cut" in count
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert f"at most {NOTE_MAX} characters (this one has {NOTE_MAX + 9})" in text_of(app, "#note-error")
        assert note_of(app).text == "kept" + long  # all of it still there to shorten
        assert app.screen.draft.dirty
        await pilot.press(*["backspace"] * 9)
        assert text_of(app, "#note-error") == ""  # short enough now: the refusal is gone
        assert text_of(app, "#note-count") == f"{NOTE_MAX}/{NOTE_MAX}"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not app.screen.draft.dirty
    assert store.entry(TODAY).note == ("kept" + long)[:NOTE_MAX]


async def test_reopening_a_day_shows_the_start_of_its_note(store, clock) -> None:
    lines = [f"line {n} of a long note about the heel" for n in range(1, 21)]
    store.save_entry(Entry(date=TODAY, pain=2, note="\n".join(lines)))
    app = app_for(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("l")
        await pilot.pause()
        note = note_of(app)
        assert note.text.splitlines() == lines
        assert note.scroll_offset.y == 0 and note.cursor_location == (0, 0)
        await pilot.press("e")  # writing goes on at the end...
        await pilot.pause()
        assert note.cursor_location == (19, len(lines[-1])) and note.scroll_offset.y > 0
        await pilot.press("escape")  # ...and leaving shows the start again
        await pilot.pause()
        assert note.scroll_offset.y == 0
        assert text_of(app, "#note-count") == f"{len(chr(10).join(lines))}/{NOTE_MAX}"


async def test_the_status_line_says_how_to_leave_the_note(store, clock) -> None:
    app = app_for(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("l", "e")
        assert "tab/escape leave the note" in text_of(app, "#log-status")
        await pilot.press("escape")
        assert "e note" in text_of(app, "#log-status")


# -- imported runs (issue 16) ------------------------------------------------------------

# The tests' clock keeps UTC, so an activity's stored day is its UTC day.
START = dt.datetime.combine(TODAY, dt.time(7, 15), tzinfo=dt.timezone.utc)


async def test_an_imported_run_is_shown_with_its_shoe_and_counts_for_the_day(store, clock) -> None:
    store.save_entry(Entry(date=TODAY, pain=1, run=Run(distance_km=5.0, duration_min=30)))
    put_activities(store, activity(START, 10.02, 50, shoe="[b]Pegasus[/b] 40", name="Morning [@click=app.quit]run"),
                   activity(START + dt.timedelta(hours=3), 3.0, 40, sport="walk"))
    app = app_for(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("l")
        await pilot.pause()
        shown = text_of(app, "#run-imported").splitlines()
        assert shown == [
            "07:15 run 10.02 km 50 min  shoe [b]Pegasus[/b] 40  Morning [@click=app.quit]run",
            "10:15 walk 3 km 40 min",
            "The imported run counts for the day; your typed 5 km is kept.",
        ]
        assert app.screen.query_one("#distance").value == "5"  # the typed run, as typed
        await pilot.press("u")  # the imported runs follow the units too
        assert text_of(app, "#run-imported").startswith("07:15 run 6.23 mi 50 min")
        assert "your typed 3.11 mi is kept" in text_of(app, "#run-imported")
    assert store.entry(TODAY).run == Run(distance_km=5.0, duration_min=30)  # never changed


async def test_a_day_without_imports_shows_no_imported_row(store, clock) -> None:
    store.save_entry(Entry(date=TODAY, pain=1, run=Run(distance_km=5.0)))
    app = app_for(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("l")
        assert not app.screen.query_one("#imported-row").display


async def test_only_a_walk_imported_leaves_the_typed_run_counting(store, clock) -> None:
    put_activities(store, activity(START, 3.0, 40, sport="walk"))
    app = app_for(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("l")
        assert text_of(app, "#run-imported").endswith("Not a run: counts towards cardio, not the day's run.")
        await pilot.press("d", "6")
        assert text_of(app, "#run-imported").endswith("your typed run counts for the day.")



async def test_the_note_and_imported_runs_draw_without_colour(store, clock, monkeypatch) -> None:
    """NO_COLOR: the count, the over-limit words and the imported line are all words,
    not colours alone."""
    monkeypatch.setenv("NO_COLOR", "1")
    store.save_entry(Entry(date=TODAY, pain=1, run=Run(distance_km=5.0), note="one\ntwo"))
    put_activities(store, activity(START, 8.0, 40, shoe="Trail shoe"))
    app = app_for(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("l", "end")
        await pilot.pause()
        assert text_of(app, "#note-count") == f"7/{NOTE_MAX}"
        assert "shoe Trail shoe" in text_of(app, "#run-imported")
        assert "The imported run counts for the day; your typed 5 km is kept." in text_of(app, "#run-imported")
        assert "Saved" in text_of(app, "#log-status")
