"""The routine player, driven by keys and a fake clock: what it shows and what it logs."""

from __future__ import annotations

import pytest
from textual.widgets import Digits, Static

from nervecheck.engine.store.schema import CheckRecord, Entry
from nervecheck.engine.routines.plan import routine
from nervecheck.engine.store.storage import StoreError
from tests.conftest import NOW, TODAY, app_for
from nervecheck.engine.routines.plan import done_text, duration_text
from nervecheck.tui.screens.player import PlayerScreen
from nervecheck.tui.widgets.countdown import clock_text

MOBILITY = routine("gentle_mobility")
NUMBER = {"runner_strength": "1", "gentle_mobility": "2", "low_impact_cardio": "3"}


async def _player(pilot, routine_id: str = "gentle_mobility") -> PlayerScreen:
    await pilot.press("r", NUMBER[routine_id])
    await pilot.pause()
    assert isinstance(pilot.app.screen, PlayerScreen)
    return pilot.app.screen


def _countdown(screen) -> tuple[str, str, str]:
    phase = str(screen.query_one("#countdown-phase", Static).content)
    note = str(screen.query_one("#countdown-note", Static).content)
    return phase, screen.query_one(Digits).value, note


async def _tick(pilot, screen, clock, seconds: float) -> None:
    clock.advance(seconds)
    screen.tick_session()
    await pilot.pause()


def _logged(store) -> list[tuple[str, int, int | None, int | None]]:
    entry = store.entry(TODAY)
    return [] if entry is None else [(e.exercise, e.sets, e.reps, e.seconds) for e in entry.exercises]


async def test_a_whole_mobility_session_by_the_clock_logs_every_exercise(store, clock):
    """Each hold counted down by the clock; the reps exercise marked done with enter."""
    app = app_for(store, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _player(pilot)
        for exercise in MOBILITY.exercises:
            assert exercise.name in str(screen.query_one("#exercise-name", Static).content)
            await pilot.press("space")
            if exercise.kind == "reps":
                await pilot.press("enter")
            await _tick(pilot, screen, clock, 300)  # every hold and release, then the rest
        assert type(app.screen).__name__ == "SessionSummaryScreen"
        expected = [(e.id, 1, e.reps, e.hold_seconds) for e in MOBILITY.exercises]
        assert _logged(store) == expected
        saved = str(app.screen.query_one("#summary-saved").content)
        assert "Logged in your entry for Saturday 21 November" in saved


async def test_the_countdown_shows_holds_releases_and_pauses(store, clock):
    app = app_for(store, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _player(pilot)
        assert _countdown(screen)[:2] == ("READY", "0:05")
        await pilot.press("space")
        await _tick(pilot, screen, clock, 2)
        assert _countdown(screen) == ("HOLD", "0:03", "hold 1 of 10")
        await _tick(pilot, screen, clock, 4)
        assert _countdown(screen)[:2] == ("RELEASE", "0:02")
        await pilot.press("space")  # pause
        await _tick(pilot, screen, clock, 60)
        assert _countdown(screen)[:2] == ("PAUSED", "0:02")
        await pilot.press("space")
        await _tick(pilot, screen, clock, 2)
        assert _countdown(screen) == ("HOLD", "0:05", "hold 2 of 10")
        assert "exercise 1 of 8" in str(screen.query_one("#player-position-text", Static).content)


async def test_next_previous_and_skip_move_between_exercises(store, clock):
    app = app_for(store, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _player(pilot)
        await pilot.press("n", "n", "p")
        assert "Knee-to-chest" in str(screen.query_one("#exercise-name", Static).content)
        await pilot.press("s")
        assert "exercise 3 of 8" in str(screen.query_one("#player-position-text", Static).content)
        await pilot.press(*["n"] * 6)
        await pilot.pause()
        assert type(app.screen).__name__ == "SessionSummaryScreen"
        assert store.entry(TODAY) is None  # nothing finished: no empty entry is made
        assert "Skipped" in str(app.screen.query_one("#summary-done").content)


async def test_stop_it_hurts_logs_the_partial_session_and_opens_the_check(store, clock, monkeypatch):
    store.save_entry(Entry(date=TODAY, pain=3, note="sore [b]calf[/b]"))
    app = app_for(store, clock)
    opened: list[str] = []
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _player(pilot)
        await pilot.press("enter", "enter", "space")  # glute bridge done, then one hold and a bit
        await _tick(pilot, screen, clock, 6)
        monkeypatch.setattr(app, "open_section", lambda name, **kw: opened.append(name))
        await pilot.press("x")
        await pilot.pause()
        assert type(app.screen).__name__ == "SessionSummaryScreen"
        assert "Stop for today" in str(app.screen.query_one("#summary-advice").content)
        assert _logged(store) == [("glute_bridge", 1, 10, 5), ("knee_to_chest", 1, 1, 5)]
        entry = store.entry(TODAY)
        assert (entry.pain, entry.note) == (3, "sore [b]calf[/b]")  # the rest of the day kept
        await pilot.press("enter")
        await pilot.pause()
        assert opened == ["check"]
        assert type(app.screen).__name__ == "RoutinesScreen"


@pytest.mark.parametrize("routine_id", ["gentle_mobility", "low_impact_cardio"])
async def test_stop_it_hurts_lists_every_sign_with_what_to_do_and_scrolls(store, clock, routine_id):
    """Emergency now for a red-tier sign or chest pain or faintness, help today for an
    urgent one, otherwise stop for today and do a check; all of it readable at 80x24."""
    from nervecheck.engine.routines.plan import load_routines

    app = app_for(store, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await _player(pilot, routine_id)
        await pilot.press("x")
        await pilot.pause()
        advice = " ".join(str(app.screen.query_one("#summary-advice").content).split())
        book = load_routines()
        signs = book.warning_signs(routine_id)
        order = [*book.stop_advice.text, signs.stop_action, *(line.text for line in signs.stop_rules),
                 signs.urgent_action, *(line.text for line in signs.notes), *book.stop_advice.otherwise]
        places = [advice.find(" ".join(text.split())) for text in order]
        assert -1 not in places and places == sorted(places)  # all there, in that order
        scroll = app.screen.query_one("#summary")
        assert app.screen.focused is scroll and scroll.max_scroll_y > 0
        await pilot.press("end")
        await pilot.pause()
        assert scroll.scroll_y == scroll.max_scroll_y
        hint = app.screen.query_one("#summary-hint")
        assert hint.region.bottom <= 23 and "symptom check" in str(hint.content)  # above the footer


async def test_w_shows_the_warning_signs_and_holds_the_countdown(store, clock):
    app = app_for(store, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _player(pilot)
        assert "w: the warning signs" in str(screen.query_one("#exercise-stop", Static).content)
        await pilot.press("space")  # the first hold is running
        await pilot.press("w")
        await pilot.pause()
        assert type(app.screen).__name__ == "WarningSignsScreen"
        assert screen.session.paused
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen and not screen.session.paused


async def test_stop_it_hurts_before_any_set_logs_nothing(store, clock):
    app = app_for(store, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await _player(pilot)
        await pilot.press("x")
        await pilot.pause()
        assert store.entry(TODAY) is None
        assert "nothing was logged" in str(app.screen.query_one("#summary-done").content)


async def test_escape_mid_session_asks_before_stopping(store, clock):
    app = app_for(store, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _player(pilot)
        await pilot.press("space")
        await _tick(pilot, screen, clock, 7)  # one hold done, releasing
        await pilot.press("escape")
        assert type(app.screen).__name__ == "ConfirmScreen"
        clock.advance(60)  # the runner thinks it over: the countdown waits
        await pilot.press("n")
        await pilot.pause()
        assert app.screen is screen and _countdown(screen)[:2] == ("RELEASE", "0:01")
        await pilot.press("escape", "y")
        await pilot.pause()
        assert "stopped early" in str(app.screen.query_one("#summary-title").content)
        assert _logged(store) == [("glute_bridge", 1, 1, 5)]


async def test_a_timed_session_logs_the_minutes_worked(store, clock):
    store.add_check(CheckRecord(time=NOW, path=(), disposition="modify_training"))
    app = app_for(store, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _player(pilot, "low_impact_cardio")
        assert _countdown(screen)[:2] == ("READY", "20:00")
        await pilot.press("space")
        await _tick(pilot, screen, clock, 450)
        assert _countdown(screen)[:2] == ("GO", "12:30")
        await pilot.press("enter")
        await pilot.pause()
        assert _logged(store) == [("low_impact_session", 1, None, 450)]
        assert "1 set of 7 min 30 s" in str(app.screen.query_one("#summary-done").content)


async def test_a_failed_save_is_reported_not_hidden(store, clock, monkeypatch):
    app = app_for(store, clock)
    reported: list[StoreError] = []
    async with app.run_test(size=(80, 24)) as pilot:
        await _player(pilot)

        def disk_full(day, change):
            raise StoreError("disk full")

        monkeypatch.setattr(store, "modify_entry", disk_full)
        monkeypatch.setattr(app, "report_store_error", reported.append)
        await pilot.press("enter", "x")
        await pilot.pause()
        assert [str(e) for e in reported] == ["disk full"]
        assert "Not saved: disk full" in str(app.screen.query_one("#summary-saved").content)


async def test_the_player_refuses_a_routine_the_check_closed(store, clock):
    """However it is reached, a locked routine never starts."""
    store.add_check(CheckRecord(time=NOW, path=(), disposition="rest_and_treat"))
    app = app_for(store, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.push_screen(PlayerScreen(routine_id="gentle_mobility"))
        await pilot.pause()
        assert type(app.screen).__name__ == "HomeScreen"


@pytest.mark.parametrize("seconds, shown",
                         [(None, "-:--"), (5.0, "0:05"), (4.2, "0:05"), (0, "0:00"), (1200, "20:00")])
def test_clock_text_rounds_up(seconds, shown):
    assert clock_text(seconds) == shown


def test_done_text_in_words():
    from nervecheck.engine.store.schema import ExerciseDone

    one_hold = ExerciseDone(routine="gentle_mobility", exercise="glute_bridge", sets=1, reps=1, seconds=5)
    two_sets = ExerciseDone(routine="gentle_mobility", exercise="side_leg_lift", sets=2, reps=5)
    assert done_text(one_hold, MOBILITY.exercise("glute_bridge")) == "1 set of 1 hold of 5 s"
    assert done_text(two_sets, MOBILITY.exercise("side_leg_lift")) == "2 sets of 5 each side"
    assert [duration_text(s) for s in (45, 1200, 450)] == ["45 s", "20 min", "7 min 30 s"]


async def test_content_text_is_shown_literally(store, clock, monkeypatch):
    """Brackets in content are words, never markup."""
    import nervecheck.tui.screens.player as player

    odd_text = {"name": "[b]Bridge[/b]", "steps": ("Lie down [@click=app.quit]x[/]",)}
    bridge = MOBILITY.exercises[0].model_copy(update=odd_text)
    odd = MOBILITY.model_copy(update={"exercises": (bridge, *MOBILITY.exercises[1:])})
    monkeypatch.setattr(player, "routine", lambda routine_id: odd)
    app = app_for(store, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _player(pilot)
        assert "[b]Bridge[/b]" in str(screen.query_one("#exercise-name", Static).content)
        assert "Lie down [@click=app.quit]x[/]" in str(screen.query_one("#exercise-steps", Static).content)


async def test_ctrl_q_after_a_set_offers_to_log_it(store, clock):
    """Quitting mid-session must not lose the sets done: stop and log, or keep going."""
    app = app_for(store, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _player(pilot)
        await pilot.press("enter", "ctrl+q")  # glute bridge set done, then quit
        await pilot.pause()
        assert type(app.screen).__name__ == "ConfirmScreen" and app.is_running
        await pilot.press("n")  # keep going
        await pilot.pause()
        assert app.screen is screen and screen.session is not None and _logged(store) == []
        await pilot.press("ctrl+q", "y")
        await pilot.pause()
        assert not app.is_running
    assert _logged(store) == [("glute_bridge", 1, 10, 5)]


async def test_palette_home_mid_session_logs_and_goes_home(store, clock):
    app = app_for(store, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await _player(pilot)
        await pilot.press("enter")
        app.action_go_home()
        await pilot.pause()
        assert type(app.screen).__name__ == "ConfirmScreen"
        await pilot.press("y")
        await pilot.pause()
        assert type(app.screen).__name__ == "HomeScreen"
    assert _logged(store) == [("glute_bridge", 1, 10, 5)]


async def test_ctrl_q_before_any_set_quits_without_asking(store, clock):
    app = app_for(store, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await _player(pilot)
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert not app.is_running
    assert store.entry(TODAY) is None


async def test_a_failed_log_on_quit_stays_in_the_session(store, clock, monkeypatch):
    """The write failed: quitting would lose the sets, so the session carries on."""
    app = app_for(store, clock)
    reported: list[StoreError] = []
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _player(pilot)
        await pilot.press("enter")

        def disk_full(day, change):
            raise StoreError("disk full")

        monkeypatch.setattr(store, "modify_entry", disk_full)
        monkeypatch.setattr(app, "report_store_error", reported.append)
        await pilot.press("ctrl+q", "y")
        await pilot.pause()
        assert app.is_running and app.screen is screen and screen.session is not None
        assert [str(e) for e in reported] == ["disk full"]


# --- the player you can hear, and honest sessions (issue 18) ---------------------------------


def _count_bells(app, monkeypatch) -> list[float]:
    rings: list[float] = []
    monkeypatch.setattr(app, "bell", lambda: rings.append(1))
    return rings


async def test_the_bell_rings_at_every_change_of_phase(store, clock, monkeypatch):
    """Hold, release, the next hold, the rest before the next exercise, ready, done."""
    app = app_for(store, clock)
    rings = _count_bells(app, monkeypatch)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _player(pilot)
        assert rings == []
        await pilot.press("space")  # the hold starts
        assert len(rings) == 1
        await _tick(pilot, screen, clock, 4)
        assert len(rings) == 1  # a countdown going on rings nothing
        await _tick(pilot, screen, clock, 1)
        assert len(rings) == 2 and _countdown(screen)[0] == "RELEASE"
        await pilot.press("space")  # a pause is silent
        await _tick(pilot, screen, clock, 30)
        await pilot.press("space")
        assert len(rings) == 2
        await _tick(pilot, screen, clock, 3)
        assert len(rings) == 3 and _countdown(screen)[0] == "HOLD"
        await pilot.press("enter")  # the set ends: rest before the knee-to-chest stretch
        assert len(rings) == 4 and _countdown(screen)[0] == "REST"
        await _tick(pilot, screen, clock, 300)  # a late tick passing many changes rings once
        assert len(rings) == 5 and _countdown(screen)[0] == "READY"
        await pilot.press("x")
        await pilot.pause()
        assert len(rings) == 6 and type(app.screen).__name__ == "SessionSummaryScreen"


async def test_b_turns_on_the_loud_bell_for_the_rest_of_the_run(store, clock, monkeypatch):
    """Three rings, spaced by real timers, at each change; kept for the next session."""
    import nervecheck.tui.screens.player as player

    monkeypatch.setattr(player, "LOUD_GAP", 0.05)
    app = app_for(store, clock)
    rings = _count_bells(app, monkeypatch)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _player(pilot)
        assert "b: loud bell off" in str(screen.query_one("#exercise-stop", Static).content)
        await pilot.press("b")  # rings the new pattern once, so the runner hears it
        await pilot.pause(0.3)
        assert len(rings) == 3 and app.loud_bell
        assert "b: loud bell on" in str(screen.query_one("#exercise-stop", Static).content)
        await pilot.press("space")
        await pilot.pause(0.3)
        assert len(rings) == 6
        await pilot.press("escape", "y")  # stop, nothing done: the summary
        await pilot.pause(0.3)
        assert len(rings) == 9
        await pilot.press("escape", "2")
        await pilot.pause()
        assert app.loud_bell and "b: loud bell on" in str(app.screen.query_one("#exercise-stop", Static).content)
        await pilot.press("b")
        await pilot.pause(0.3)
        assert len(rings) == 10 and not app.loud_bell


async def test_the_countdown_is_big_bold_digits_that_fit_at_80x24(store, clock):
    app = app_for(store, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _player(pilot)
        await pilot.press("space")
        digits = screen.query_one(Digits)
        assert digits.value == "0:05" and digits.styles.text_style.bold
        assert digits.region.height == 3 and digits.region.right <= 80
        stop = screen.query_one("#exercise-stop", Static)
        assert stop.region.bottom <= 23 and stop.region.height >= 3  # above the footer, all shown


async def test_s_during_a_rest_skips_the_rest_not_the_next_exercise(store, clock, monkeypatch):
    app = app_for(store, clock)
    rings = _count_bells(app, monkeypatch)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _player(pilot)
        await pilot.press("enter")  # glute bridge done: rest, up next the knee-to-chest stretch
        assert _countdown(screen)[0] == "REST"
        await pilot.press("s")
        assert _countdown(screen) == ("HOLD", "0:05", "hold 1 of 10")
        assert "Knee-to-chest" in str(screen.query_one("#exercise-name", Static).content)
        assert len(rings) == 2
        await pilot.press("x")
        await pilot.pause()
        assert "Skipped" not in str(app.screen.query_one("#summary-done").content)


async def test_n_through_every_exercise_is_nothing_done_and_counts_for_nothing(store, clock):
    app = app_for(store, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await _player(pilot)
        await pilot.press(*["n"] * 8)
        await pilot.pause()
        summary = app.screen
        assert str(summary.query_one("#summary-title").content) == "Gentle mobility: nothing done"
        done = str(summary.query_one("#summary-done").content)
        assert "nothing was logged" in done
        assert all(ex.name in done for ex in MOBILITY.exercises) and "passed over" in done
        saved = str(summary.query_one("#summary-saved").content)
        assert "does not count" in saved and "mobility 0 of 5" in saved
        assert store.entry(TODAY) is None
        await pilot.press("escape")
        await pilot.pause()
        assert type(app.screen).__name__ == "RoutinesScreen"
        assert "mobility 0 of 5" in str(app.screen.query_one("#routine-list").get_option("gentle_mobility").prompt)


async def test_a_partly_done_session_logs_only_what_was_done(store, clock):
    app = app_for(store, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await _player(pilot)
        await pilot.press("enter", "s", "n", "enter", *["n"] * 5)  # bridge; s skips the rest; knee-to-chest passed over; belly; the rest passed over
        await pilot.pause()
        summary = app.screen
        assert str(summary.query_one("#summary-title").content) == "Gentle mobility: partly done"
        done = str(summary.query_one("#summary-done").content)
        assert "Skipped" in done and "Knee-to-chest" in done.split("Skipped")[1]
        assert _logged(store) == [("glute_bridge", 1, 10, 5), ("belly_to_spine", 1, 5, 5)]
        assert "mobility 1 of 5" in str(summary.query_one("#summary-saved").content)


async def test_the_summary_counts_imported_cardio_as_the_routines_screen_does(store, clock):
    """Issue 16: a ride and a swim imported this week count on the summary's "This week"
    line too, so the player and the routines screen give the same cardio count."""
    from tests.test_routines_screen import imported_cardio

    store.add_check(CheckRecord(time=NOW, path=(), disposition="modify_training"))
    imported_cardio(store, clock)  # a ride Tuesday, a swim Thursday, a run Wednesday
    app = app_for(store, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _player(pilot, "low_impact_cardio")
        await pilot.press("space")
        await _tick(pilot, screen, clock, 1200)
        await pilot.pause()
        saved = str(app.screen.query_one("#summary-saved").content)
        assert "cardio 3 of 5" in saved  # today's session, the ride and the swim
