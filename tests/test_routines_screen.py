"""The routines screen: gating as contract and content say, on screen and when opening."""

from __future__ import annotations

import datetime as dt

import pytest
from textual.widgets import OptionList, Static

from nervecheck.engine.store.schema import CheckRecord
from nervecheck.engine.routines.plan import NEEDS_CHECK, NEEDS_NEW_CHECK, load_routines, routine
from tests.conftest import NOW, app_for, decided_by

ROUTINE_IDS = load_routines().ids
CONTRACT = ("runner_strength", "gentle_mobility", "low_impact_cardio")

#: Contract section 5, written out here rather than read from the engine.
ALLOWED = {
    "emergency": set(),
    "urgent_today": set(),
    "see_clinician": set(),
    "rest_and_treat": set(),
    "modify_training": {"gentle_mobility", "low_impact_cardio"},
    "keep_running": {"runner_strength", "gentle_mobility", "low_impact_cardio"},
}


def _check(store, disposition: str, age: dt.timedelta = dt.timedelta(0)) -> None:
    """Save a check; as saved on this branch it reads as contract version 1."""
    store.add_check(decided_by(CheckRecord(time=NOW - age, path=(), disposition=disposition), 1))


@pytest.fixture
def read_as_v2(store, monkeypatch):
    """The store's latest check as contract version 2 decided it. The store keeps the
    version once ``CheckRecord`` has the field (coming on main); until then, this."""
    latest = store.latest_check
    monkeypatch.setattr(store, "latest_check", lambda: (found := latest()) and decided_by(found, 2))


def _row(app, routine_id: str) -> str:
    """The plain text of one routine's row in the list."""
    return app.screen.query_one(OptionList).get_option(routine_id).prompt.plain


def _detail(app) -> str:
    return str(app.screen.query_one("#routine-detail", Static).content)


async def _open_routines(pilot) -> None:
    await pilot.press("r")
    await pilot.pause()
    assert type(pilot.app.screen).__name__ == "RoutinesScreen"


def _opens(routine_id: str, disposition: str) -> bool:
    """Contract routines exactly per contract section 5; the others per their content gate."""
    if routine_id in CONTRACT:
        return routine_id in ALLOWED[disposition]
    return disposition not in routine(routine_id).gate.closed_by


@pytest.mark.parametrize("disposition", list(ALLOWED))
async def test_every_disposition_gates_the_routines(store, clock, read_as_v2, disposition):
    """Each routine reads open or locked as contract and content say; only open ones start."""
    _check(store, disposition)
    app = app_for(store, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_routines(pilot)
        for number, routine_id in enumerate(ROUTINE_IDS, start=1):
            expected = _opens(routine_id, disposition)
            first_line = _row(app, routine_id).splitlines()[0]
            assert first_line.rstrip().endswith("open" if expected else "locked"), first_line
            await pilot.press(str(number))
            await pilot.pause()
            opened = type(app.screen).__name__ == "PlayerScreen"
            assert opened == expected, (routine_id, disposition)
            if opened:
                assert app.screen.routine.id == routine_id
                await pilot.press("escape")  # nothing done yet: leaves without asking
                await pilot.pause()
            assert type(app.screen).__name__ == "RoutinesScreen"


async def test_a_locked_routine_says_why_and_what_unlocks_it(store, clock, monkeypatch):
    _check(store, "see_clinician")
    app = app_for(store, clock)
    notes: list[str] = []
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_routines(pilot)
        monkeypatch.setattr(app, "notify", lambda message, **kw: notes.append(message))
        await pilot.press("down")  # gentle mobility
        assert "paused: your last check said see a clinician" in _row(app, "gentle_mobility")
        assert "Opens with: a clinician's go-ahead" in _detail(app)
        await pilot.press("enter")
        await pilot.pause()
        assert type(app.screen).__name__ == "RoutinesScreen"
        assert notes and "see a clinician" in notes[0]


@pytest.mark.parametrize(
    ("number", "routine_id"), [(4, "shoe_fit_check"), (5, "pre_run_stretch"), (6, "post_run_stretch")]
)
async def test_after_an_emergency_even_the_extras_are_locked_with_their_reason(store, clock, monkeypatch,
                                                                               number, routine_id):
    """The emergency result says no running, workouts or stretching: nothing may start."""
    _check(store, "emergency")
    app = app_for(store, clock)
    notes: list[str] = []
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_routines(pilot)
        monkeypatch.setattr(app, "notify", lambda message, **kw: notes.append(message))
        row = _row(app, routine_id)
        assert row.splitlines()[0].rstrip().endswith("locked")
        assert "red flag" in row
        app.screen.query_one(OptionList).highlighted = number - 1
        await pilot.pause()
        assert "Why: " + routine(routine_id).gate.reason in " ".join(_detail(app).split())
        assert "Opens with: a clinician's all-clear after emergency care" in " ".join(_detail(app).split())
        for keys in ([str(number)], ["enter"]):
            await pilot.press(*keys)
            await pilot.pause()
            assert type(app.screen).__name__ == "RoutinesScreen", keys
        assert len(notes) == 2 and all("red flag" in note for note in notes)


@pytest.mark.parametrize("disposition", ["emergency", "see_clinician", "rest_and_treat"])
async def test_the_player_refuses_a_stretch_the_check_closed(store, clock, disposition):
    """However it is reached, the player will not start a warm-up these checks closed."""
    from nervecheck.tui.screens.player import PlayerScreen

    _check(store, disposition)
    app = app_for(store, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.push_screen(PlayerScreen(routine_id="pre_run_stretch"))
        await pilot.pause()
        assert type(app.screen).__name__ == "HomeScreen"


@pytest.mark.parametrize("age", [None, dt.timedelta(days=2)])
async def test_without_a_check_from_the_last_day_strength_asks_for_one(store, clock, monkeypatch, age):
    if age is not None:
        _check(store, "keep_running", age)
    app = app_for(store, clock)
    opened: list[str] = []
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_routines(pilot)
        monkeypatch.setattr(app, "open_section", lambda name, **kw: opened.append(name))
        assert NEEDS_CHECK in _row(app, "runner_strength")
        assert "Press c to start a symptom check" in _detail(app)
        assert "open" in _row(app, "gentle_mobility").splitlines()[0]
        await pilot.press("1")
        assert type(app.screen).__name__ == "RoutinesScreen"
        await pilot.press("c")
        assert opened == ["check"]


async def test_gating_is_read_again_when_the_screen_comes_back(store, clock, read_as_v2):
    """A check saved while another screen was on top opens strength on return."""
    app = app_for(store, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_routines(pilot)
        assert "locked" in _row(app, "runner_strength").splitlines()[0]
        await pilot.press("question_mark")
        _check(store, "keep_running")
        await pilot.press("escape")
        await pilot.pause()
        assert _row(app, "runner_strength").splitlines()[0].rstrip().endswith("open")
        assert "Last check" in str(app.screen.query_one("#routines-check", Static).content)


async def test_weekly_progress_counts_a_finished_session(store, clock):
    app = app_for(store, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_routines(pilot)
        assert "mobility 0 of 5" in _row(app, "gentle_mobility")
        await pilot.press("2", *["enter"] * 15)  # every set marked done, every rest cut short
        await pilot.pause()
        assert type(app.screen).__name__ == "SessionSummaryScreen"
        await pilot.press("escape")
        await pilot.pause()
        assert "mobility 1 of 5" in _row(app, "gentle_mobility")
        assert "strength 0 of 3" in _row(app, "runner_strength")


async def test_a_version_1_check_suggests_a_new_check_before_strength(store, clock):
    """A keep-running check from an hour ago, made before the warning-sign questions grew."""
    _check(store, "keep_running", dt.timedelta(hours=1))
    app = app_for(store, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_routines(pilot)
        assert "locked" in _row(app, "runner_strength").splitlines()[0]
        assert NEEDS_NEW_CHECK in _row(app, "runner_strength")
        assert "Press c to start a symptom check" in _detail(app)
        assert _row(app, "gentle_mobility").splitlines()[0].rstrip().endswith("open")


async def test_a_version_2_check_opens_strength_without_a_suggestion(store, clock, read_as_v2):
    _check(store, "keep_running", dt.timedelta(hours=1))
    app = app_for(store, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_routines(pilot)
        assert _row(app, "runner_strength").splitlines()[0].rstrip().endswith("open")
        assert "symptom check" not in _detail(app)


async def test_w_shows_every_warning_sign_even_for_a_locked_routine(store, clock):
    """After an emergency check the warm-up is locked, yet its warning signs can be read."""
    _check(store, "emergency")
    app = app_for(store, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_routines(pilot)
        await pilot.press("down", "down", "down", "down")  # the pre-run warm-up
        assert "w: the warning signs" in _detail(app)
        await pilot.press("w")
        await pilot.pause()
        assert type(app.screen).__name__ == "WarningSignsScreen"
        shown = " ".join(str(app.screen.query_one("#warning-text", Static).content).split())
        signs = load_routines().warning_signs("pre_run_stretch")
        for text in (signs.stop_action, signs.urgent_action, *(line.text for line in signs.stop_rules + signs.notes)):
            assert " ".join(text.split()) in shown
        assert "Stroke" in str(app.screen.query_one("#warning-sources", Static).content)
        await pilot.press("end")  # it scrolls at 80x24 ...
        await pilot.pause()
        assert app.screen.query_one("#warning-signs").scroll_y > 0
        await pilot.press("escape")  # ... and escape goes back to the list
        await pilot.pause()
        assert type(app.screen).__name__ == "RoutinesScreen"



def imported_cardio(store, clock) -> None:
    """A ride on Tuesday and a swim on Thursday of the clock's week, imported; a run too."""
    from nervecheck.engine.log import runs
    from nervecheck.engine.watch.activity import Activity

    def one(day: int, sport: str, minutes: int) -> Activity:
        return Activity(start=dt.datetime(2026, 11, day, 7, tzinfo=dt.timezone.utc), sport=sport, sport_raw=sport,
                        distance_km=None, moving_s=minutes * 60.0, elapsed_s=None, elevation_gain_m=None, avg_hr=None,
                        shoe=None, source=f"{sport}.fit", external_id=None, name=None, from_index=False)
    runs.import_activities(store, [runs.activity_doc(item, clock) for item in
                                   (one(17, "ride", 45), one(19, "swim", 30), one(18, "run", 50))])


async def test_imported_rides_and_swims_count_towards_cardio_and_are_named(store, clock):
    """Issue 16: the week's imported low-impact sessions raise the cardio count, and the
    cardio routine's detail names the ones that counted; the run is not one of them."""
    _check(store, "modify_training")
    imported_cardio(store, clock)
    app = app_for(store, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_routines(pilot)
        assert "cardio 2 of 5" in _row(app, "low_impact_cardio")
        assert "mobility 0 of 5" in _row(app, "gentle_mobility")
        await pilot.press("down", "down")
        await pilot.pause()
        assert "Counted from your imported activities: ride Tue 45 min, swim Thu 30 min" in _detail(app)
        await pilot.press("up")
        await pilot.pause()
        assert "Counted from" not in _detail(app)
