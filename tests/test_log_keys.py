"""The log screen under keys that arrive in one burst (fast typing, SSH lag, a paste of
keys) and at the ends of the calendar (issue 15)."""

from __future__ import annotations

import datetime as dt

import pytest
from textual import events
from textual.keys import _character_to_key
from textual.widgets import Input, Static

from tests.conftest import TODAY, app_for
from nervecheck.tui.screens.log import LogScreen

SIZE = (80, 24)


def burst(app, *keys: str) -> None:
    """Queue every key before any is handled, as a terminal read of several bytes does.

    (``pilot.press`` waits for the app to go idle after each key, so it never shows
    what a key queued behind a focus move does.)"""
    for key in keys:
        name = _character_to_key(key) if len(key) == 1 and not key.isalnum() else key
        app.post_message(events.Key(name, key if len(key) == 1 else None))


async def open_log(app, pilot) -> LogScreen:
    await pilot.press("l")
    await pilot.pause()
    assert isinstance(app.screen, LogScreen)
    return app.screen


def value(screen, selector: str) -> str:
    field = screen.query_one(selector)
    return field.text if selector == "#note" else field.value


@pytest.mark.parametrize("deliver", ["burst", "press"])
async def test_a_run_distance_typed_in_one_burst_goes_into_the_field(store, clock, deliver) -> None:
    app = app_for(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_log(app, pilot)
        if deliver == "burst":
            burst(app, "d", "8", ".", "5")
        else:
            await pilot.press("d", "8", ".", "5")
        await pilot.pause()
        assert value(screen, "#distance") == "8.5"
        assert screen.draft.pain is None
        assert screen.focused is screen.query_one("#distance", Input)
    assert store.entry(TODAY) is None  # typing saves nothing


async def test_a_note_typed_in_one_burst_goes_into_the_note(store, clock) -> None:
    note = "walked 5k, b i n"  # digits and letters that are keys of the form
    app = app_for(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_log(app, pilot)
        burst(app, "e", *note)
        await pilot.pause()
        assert value(screen, "#note") == note
        assert screen.draft.pain is None and not screen.draft.symptoms and not screen.draft.locations
        assert screen.draft.pain_after is None
    assert store.entry(TODAY) is None


async def test_a_burst_keeps_the_order_of_keys_before_and_after_a_field(store, clock) -> None:
    """A pain score, then a distance, then back to the keys and a symptom, then save:
    each key means what it means typed slowly, and the save holds what was typed."""
    app = app_for(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_log(app, pilot)
        burst(app, "3", "d", "8", ".", "5", "escape", "b", "ctrl+s")
        await pilot.pause()
    entry = store.entry(TODAY)
    assert entry is not None
    assert entry.pain == 3 and entry.run.distance_km == 8.5 and entry.symptoms == ("burning",)
    assert entry.note == ""


async def test_no_day_before_the_first_day_the_calendar_has(store, clock) -> None:
    app = app_for(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_log(app, pilot)
        await pilot.press("g", *"0001-01-01", "enter")
        await pilot.pause()
        assert screen.draft.day == dt.date.min
        await pilot.press("left_square_bracket")
        await pilot.pause()
        assert app.screen is screen and app.return_code is None
        assert screen.draft.day == dt.date.min
        assert "no earlier day" in str(screen.query_one("#log-day", Static).content)
        await pilot.press("right_square_bracket")
        assert screen.draft.day == dt.date.min + dt.timedelta(days=1)
        assert "no earlier day" not in str(screen.query_one("#log-day", Static).content)


async def test_no_day_after_today(store, clock) -> None:
    app = app_for(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_log(app, pilot)
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert screen.draft.day == TODAY
        assert "not come yet" in str(screen.query_one("#log-day", Static).content)
        await pilot.press("left_square_bracket")
        assert screen.draft.day == TODAY - dt.timedelta(days=1)
        assert "not come yet" not in str(screen.query_one("#log-day", Static).content)
