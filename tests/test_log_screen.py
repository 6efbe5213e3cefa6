"""The daily log screen, driven by keys at 80x24, and its form rules."""

from __future__ import annotations

import datetime as dt

import pytest
from textual.widgets import Input, Static

from nervecheck.engine.store.schema import Entry, ExerciseDone, Run, Settings
from nervecheck.engine.store.storage import StoreWriteError
from tests.conftest import TODAY, app_for
from nervecheck.tui.screens.home import HomeScreen
from nervecheck.tui.screens.log import LogScreen
from nervecheck.tui.widgets.dialogs import ConfirmScreen, DatePrompt
from nervecheck.tui.widgets.log_draft import LogDraft, restore_controls, strip_controls
from nervecheck.tui.widgets.note_editor import NoteEditor

SIZE = (80, 24)
SQUAT = ExerciseDone(routine="runner_strength", exercise="goblet_squat", sets=3, reps=10)
BRIDGE = ExerciseDone(routine="runner_strength", exercise="single_leg_glute_bridge", sets=2, reps=12)


def ago(days: int) -> dt.date:
    return TODAY - dt.timedelta(days=days)


def text_of(app, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).content)


async def test_nothing_to_report_in_three_keys(store, clock) -> None:
    app = app_for(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("l", "0", "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, LogScreen)
        assert not isinstance(app.screen, ConfirmScreen)  # no symptoms: no offer of a check
    entry = store.entry(TODAY)
    assert entry is not None and entry.pain == 0 and entry.symptoms == () and entry.run is None


async def test_editing_a_past_day_keeps_its_other_fields(store, clock) -> None:
    past = Entry(date=ago(3), pain=2, symptoms=("burning",), locations=("heel",),
                 run=Run(distance_km=8.2345, duration_min=47.5), pain_after_exercise="under_2h",
                 exercises=(SQUAT,), note="kept \x1b[2J exactly")
    store.save_entry(past)
    app = app_for(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("l", "left_square_bracket", "left_square_bracket", "left_square_bracket")
        assert app.screen.draft.day == ago(3)
        assert app.screen.query_one("#distance", Input).value == "8.23"
        assert "control characters shown as symbols" in text_of(app, "#note-error")
        await pilot.press("6", "ctrl+s")
        await pilot.pause()
    saved = store.entry(ago(3))
    assert saved.pain == 6
    assert saved.model_dump(exclude={"pain", "updated_at"}) == past.model_dump(exclude={"pain", "updated_at"})


async def test_leaving_with_unsaved_changes_asks(store, clock) -> None:
    app = app_for(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("l", "4", "escape")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")  # stay
        assert isinstance(app.screen, LogScreen) and app.screen.draft.pain == 4
        await pilot.press("left_square_bracket")  # moving a day asks too
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, LogScreen) and app.screen.draft.day == TODAY
        await pilot.press("escape", "y")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    assert store.entry(TODAY) is None


async def test_leaving_without_changes_does_not_ask(store, clock) -> None:
    app = app_for(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("l", "escape")
        assert isinstance(app.screen, HomeScreen)


async def test_invalid_distance_shows_a_message_and_saves_nothing(store, clock) -> None:
    app = app_for(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("l", "3", "d", *"12km", "escape", "ctrl+s")
        await pilot.pause()
        assert "not a number" in text_of(app, "#run-error")
        assert isinstance(app.screen, LogScreen) and app.screen.draft.dirty
    assert store.entry(TODAY) is None


async def test_time_without_distance_is_refused(store, clock) -> None:
    app = app_for(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("l", "d", "tab", *"45", "escape", "ctrl+s")
        assert "give the distance too" in text_of(app, "#run-error")
    assert store.entry(TODAY) is None


async def test_a_run_in_miles_is_stored_in_km(store, clock) -> None:
    store.save_settings(Settings(units="mi"))
    app = app_for(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("l", "2", "d", *"5", "enter", *"1:05", "enter", "a", "a", "ctrl+s")
        await pilot.pause()
    entry = store.entry(TODAY)
    assert entry.run == Run(distance_km=8.047, duration_min=65)
    assert entry.pain_after_exercise == "under_2h"


async def test_units_key_switches_and_saves_the_setting(store, clock) -> None:
    store.save_entry(Entry(date=TODAY, run=Run(distance_km=10.0)))
    app = app_for(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("l", "u")
        assert store.settings().units == "mi"
        assert app.screen.query_one("#distance", Input).value == "6.21"
        assert not app.screen.draft.dirty  # the same run, shown in other units
        await pilot.press("u")
        assert app.screen.query_one("#distance", Input).value == "10"


@pytest.mark.parametrize("note", ["[@click=app.quit]x[/]", "ouch [/b] knee"])
async def test_markup_in_a_note_is_shown_literally(store, clock, note) -> None:
    app = app_for(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("l", "e", *note, "escape", "ctrl+s")
        await pilot.pause()
        assert app.is_running and isinstance(app.screen, LogScreen)
        assert app.screen.query_one("#note", NoteEditor).text == note
        await pilot.press("escape", "h")  # the history shows it too
        await pilot.pause()
        assert note in str(app.screen.query_one("#entry-detail", Static).content)
    assert store.entry(TODAY).note == note


async def test_pasted_control_characters_are_removed_with_a_message(store, clock) -> None:
    from textual import events

    app = app_for(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("l", "e")
        note = app.screen.query_one("#note", NoteEditor)
        app.post_message(events.Paste("red \x1b]0;owned\x07 heel\nand sole"))  # as a terminal sends it
        await pilot.pause()
        assert note.text == "red ]0;owned heel\nand sole"  # the line break is not a control to remove
        assert note.cursor_location == (1, len("and sole"))  # still after what was pasted
        assert "control characters removed" in text_of(app, "#note-error")


async def test_symptoms_and_places_toggle_and_the_check_is_offered(store, clock, monkeypatch) -> None:
    app = app_for(store, clock)
    opened = []
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("l")
        monkeypatch.setattr(app, "open_section", lambda name, **kw: opened.append((name, kw)))
        await pilot.press("5", "b", "i", "i", "H", "T", "T", "S", "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
    assert opened == [("check", {"prefill_from_log": True})]
    entry = store.entry(TODAY)
    assert entry.symptoms == ("burning",) and entry.locations == ("heel", "sole")


async def test_exercises_can_be_removed(store, clock) -> None:
    store.save_entry(Entry(date=TODAY, exercises=(SQUAT, BRIDGE)))
    app = app_for(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        # Issue 18: with two exercises the first x asks which (focusing the list); the
        # second removes the one under the cursor, here the first.
        await pilot.press("l", "x", "x", "ctrl+s")
        await pilot.pause()
    assert store.entry(TODAY).exercises == (BRIDGE,)


async def test_no_future_days_and_go_to_a_date(store, clock) -> None:
    app = app_for(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("l", "right_square_bracket")
        assert app.screen.draft.day == TODAY
        await pilot.press("g")
        assert isinstance(app.screen, DatePrompt)
        await pilot.press(*"2026-02-30", "enter")
        assert "not a real calendar day" in text_of(app, "#day-error")
        app.screen.query_one("#day", Input).value = ""
        await pilot.press(*"2026-11-22", "enter")
        assert "future" in text_of(app, "#day-error")
        app.screen.query_one("#day", Input).value = ""
        await pilot.press(*"2026-10-01", "enter")
        assert isinstance(app.screen, LogScreen) and app.screen.draft.day == dt.date(2026, 10, 1)


async def test_a_failed_write_keeps_the_form(store, clock, monkeypatch) -> None:
    app = app_for(store, clock)
    reported = []
    monkeypatch.setattr(app, "report_store_error", reported.append)

    def refuse(*_args, **_kw):
        raise StoreWriteError("disk full")

    monkeypatch.setattr(store, "save_entry_fields", refuse)  # the save path (merge.py rule)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("l", "7", "ctrl+s")
        assert isinstance(app.screen, LogScreen) and app.screen.draft.pain == 7 and app.screen.draft.dirty
    assert [str(error) for error in reported] == ["disk full"]


# -- the form's rules without a terminal ---------------------------------------------------


def test_strip_controls_keeps_words_and_emoji() -> None:
    assert strip_controls("a\x1b[31mb\u202ec \U0001F469\u200d\U0001F4BB") == "a[31mbc \U0001F469\u200d\U0001F4BB"


def test_only_changed_fields_are_written_over_the_entry_on_disk() -> None:
    loaded = Entry(date=TODAY, pain=2, note="old")
    draft = LogDraft.load(TODAY, loaded, "km")
    draft.pain = 5
    assert draft.changes() == {"pain": 5}
    on_disk_now = loaded.model_copy(update={"exercises": (SQUAT,)})  # the routine player wrote meanwhile
    assert draft.apply(on_disk_now).exercises == (SQUAT,)


# -- leaving by ctrl+q or the palette asks too ----------------------------------------------


async def test_ctrl_q_with_unsaved_changes_asks(store, clock) -> None:
    app = app_for(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("l", "4", "ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen) and app.is_running
        await pilot.press("ctrl+q")  # a second ctrl+q does not stack another question
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen) and len(app.screen_stack) == 3
        await pilot.press("n")  # stay
        await pilot.pause()
        assert app.is_running and isinstance(app.screen, LogScreen) and app.screen.draft.pain == 4
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await pilot.pause()
        assert not app.is_running
    assert store.entry(TODAY) is None


async def test_ctrl_q_without_changes_quits_at_once(store, clock) -> None:
    app = app_for(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("l", "ctrl+q")
        await pilot.pause()
        assert not app.is_running


async def test_go_home_from_the_palette_asks_about_unsaved_changes(store, clock) -> None:
    app = app_for(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("l", "6")
        app.action_go_home()
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, LogScreen) and app.screen.draft.pain == 6
        app.open_section("history")
        await pilot.pause()
        app.open_section("log", day=ago(2))  # another day: the draft of today would go
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, LogScreen) and app.screen.draft.day == ago(2)
        assert [type(s).__name__ for s in app.screen_stack] == ["HomeScreen", "LogScreen"]


async def test_opening_the_log_again_goes_back_to_the_open_one(store, clock) -> None:
    app = app_for(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("l", "5")
        log = app.screen
        app.open_section("history")
        await pilot.pause()
        app.open_section("log")  # the same day: back to it, draft and all, no question
        await pilot.pause()
        assert app.screen is log and log.draft.pain == 5
        assert [type(s).__name__ for s in app.screen_stack] == ["HomeScreen", "LogScreen"]


# -- a note's control characters stay in the data ------------------------------------------

PWNED = "sore \x1b]0;PWNED\x07 heel"


async def test_an_unedited_note_keeps_its_control_characters(store, clock) -> None:
    store.save_entry(Entry(date=TODAY, pain=2, note=PWNED))
    app = app_for(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("l")
        assert app.screen.query_one("#note", NoteEditor).text == "sore \u241b]0;PWNED\u2407 heel"
        await pilot.press("e", "end", "escape", "3", "ctrl+s")
        await pilot.pause()
    assert store.entry(TODAY).note == PWNED


async def test_an_edited_note_keeps_its_control_characters(store, clock) -> None:
    store.save_entry(Entry(date=TODAY, pain=2, note=PWNED))
    app = app_for(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("l", "e", "end", *" today", "escape", "ctrl+s")
        await pilot.pause()
    assert store.entry(TODAY).note == PWNED + " today"


def test_restore_controls_only_brings_back_what_the_note_held() -> None:
    original = "a\x1bb\u202ec"
    shown = LogDraft.load(TODAY, Entry(date=TODAY, note=original), "km").note_text
    assert shown == "a\u241bb<U+202E>c"
    assert restore_controls(shown + " \u2407", original) == original + " \u2407"  # no BEL before
    assert restore_controls("typed \u241b", "kept \u241b and \x1b") == "typed \u241b"  # literal symbol


def test_an_edited_note_is_saved_with_its_controls() -> None:
    draft = LogDraft.load(TODAY, Entry(date=TODAY, note=PWNED), "km")
    draft.note_text = draft.note_text.replace("heel", "knee")
    assert draft.changes() == {"note": PWNED.replace("heel", "knee")}
