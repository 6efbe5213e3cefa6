"""Issue 18: one key map (docs/keys.md), help for the screen you are on, the log's
status line and scroll keys, home that stays current, and the daily flows' key counts."""

from __future__ import annotations

import datetime as dt
import importlib
import pkgutil
import re
from pathlib import Path

import pytest
from textual.app import App
from textual.keys import _character_to_key
from textual.screen import ModalScreen, Screen
from textual.widgets import OptionList, Static

from nervecheck.engine.store.schema import Entry, ExerciseDone
from tests.check_flows import BY_DISPOSITION, answer_all, saved_check_asking_recheck
from tests.conftest import TODAY, app_for

SIZE = (80, 24)
DOC = Path(__file__).parents[1] / "docs" / "keys.md"


# -- the map --------------------------------------------------------------------------

def _screen_classes() -> list[type[Screen]]:
    import nervecheck.tui.screens as screens
    import nervecheck.tui.widgets as widgets

    for package in (screens, widgets):
        for module in pkgutil.iter_modules(package.__path__):
            importlib.import_module(f"{package.__name__}.{module.name}")

    def below(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from below(sub)

    found = {cls for cls in below(Screen) if cls.__module__.startswith("nervecheck.")}
    return sorted(found, key=lambda cls: cls.__name__)


def _textual_own(cls: type) -> set[tuple[str, str]]:
    """Textual's own bindings (tab, ctrl+c copy): its shape, not NerveCheck's map."""
    return {(key, b.action) for key, bs in cls._merge_bindings().key_to_bindings.items() for b in bs}


def _bindings(cls: type, skip: set[tuple[str, str]]) -> list[tuple[str, str, bool]]:
    """(key, action, priority) of ``cls``'s bindings, inherited ones included."""
    return [(key, b.action, b.priority) for key, bs in cls._merge_bindings().key_to_bindings.items()
            for b in bs if (key, b.action) not in skip]


def _app_bindings() -> list[tuple[str, str, bool]]:
    from nervecheck.tui.app import NerveCheckApp

    skip = _textual_own(App) - {("ctrl+q", "quit")}
    return [(key, f"app.{action}", priority) for key, action, priority in _bindings(NerveCheckApp, skip)]


SCREENS = _screen_classes()


def test_every_screen_is_walked():
    names = {cls.__name__ for cls in SCREENS}
    assert {"HomeScreen", "LogScreen", "CheckScreen", "RoutinesScreen", "HistoryScreen", "PlayerScreen",
            "HelpScreen", "DamagedScreen", "ConfirmScreen", "CheckOffer", "DatePrompt", "InfoDialog"} <= names


@pytest.mark.parametrize("cls", SCREENS, ids=lambda cls: cls.__name__)
def test_no_screen_binds_a_key_to_two_actions(cls):
    """Its own bindings, those it inherits, and the app's that reach it (all of them on a
    screen, only the priority ones through a modal) give each key one action."""
    actions: dict[str, set[str]] = {}
    app = [b for b in _app_bindings() if b[2] or not issubclass(cls, ModalScreen)]
    for key, action, _ in [*_bindings(cls, _textual_own(Screen)), *app]:
        actions.setdefault(key, set()).add(action)
    twice = {key: sorted(found) for key, found in actions.items() if len(found) > 1}
    assert not twice, f"{cls.__name__} binds a key to more than one action: {twice}"


def _doc_rows() -> set[tuple[str, str, str]]:
    rows = set()
    for line in DOC.read_text("utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) != 4 or not cells[2].startswith("`"):
            continue
        screen, keys, action = cells[0], cells[1].split(), cells[2].strip("`")
        for key in keys:
            rows.add((screen, _character_to_key(key) if len(key) == 1 and not key.isalnum() else key, action))
    return rows


def test_the_documented_map_is_the_real_one():
    real = {("app", key, action.removeprefix("app.")) for key, action, _ in _app_bindings()}
    for cls in SCREENS:
        real |= {(cls.__name__, key, action.partition("(")[0])
                 for key, action, _ in _bindings(cls, _textual_own(Screen))}
    documented = _doc_rows()
    assert documented, "no table rows parsed from docs/keys.md"
    assert real - documented == set(), "bound but not in docs/keys.md"
    assert documented - real == set(), "in docs/keys.md but not bound"


def test_no_habit_key_changes_the_log():
    """The keys that open a section (c l r h) or answer (y n) never edit the entry."""
    from nervecheck.tui.screens.log import LogScreen

    edits = ("pain", "toggle", "pain_after", "edit", "remove_exercise", "delete_day", "undo_delete")
    for key, action, _ in _bindings(LogScreen, _textual_own(Screen)):
        if key in "clrhyn":
            assert action.partition("(")[0] not in edits, (key, action)


# -- help on every screen --------------------------------------------------------------

async def _to(app, pilot, where: str):
    if where == "log-dialog":  # a dialog over the log: leave with unsaved changes
        await pilot.press("l", "3", "escape")
    elif where == "damaged":
        pass
    else:
        await pilot.press(*{"home": [], "log": ["l"], "check": ["c"], "routines": ["r"],
                            "history": ["h"], "question": ["c", "n", "n", "n", "n", "n"]}[where])
    await pilot.pause()


@pytest.mark.parametrize("key", ["question_mark", "f1"])
@pytest.mark.parametrize("where, first", [
    ("home", "c"), ("log", "^s"), ("check", "1-9 0"), ("question", "1-9 0"), ("routines", "⏎"),
    ("history", "1"), ("log-dialog", "y"), ("damaged", "r"),
])
async def test_help_opens_for_the_screen_you_are_on(store, clock, tmp_path, key, where, first):
    from nervecheck.engine.store import DamagedStoreError
    from nervecheck.tui.screens.help import HelpScreen

    if where == "damaged":
        app = app_for(None, clock, damage=DamagedStoreError(tmp_path / "x.json", "not JSON"))
    else:
        app = app_for(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await _to(app, pilot, where)
        under = app.screen
        await pilot.press(key)
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen), type(app.screen).__name__
        assert app.screen.keys and app.screen.keys[0][0] == first, app.screen.keys[:3]
        statics = [str(s.content) for s in app.screen.query(Static)]
        assert any("Everywhere" in s for s in statics) and any("not a doctor" in s for s in statics)
        await pilot.press(key)  # the same key closes it
        await pilot.pause()
        assert app.screen is under


# -- the check-now dialog and the habitual "c n" ---------------------------------------

@pytest.mark.parametrize("first", ["escape", "none"])
async def test_c_n_after_the_check_offer_starts_a_check_and_ticks_nothing(store, clock, first):
    app = app_for(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("l", "4", "b", "ctrl+s")
        await pilot.pause()
        assert type(app.screen).__name__ == "CheckOffer"
        if first == "escape":
            await pilot.press("escape")
            await pilot.pause()
        await pilot.press("c", "n")
        await pilot.pause()
        assert type(app.screen).__name__ == "CheckScreen"
        assert app.screen.session.step_number > 1 or app.screen.session.steps  # n answered the checklist
    entry = store.entry(TODAY)
    assert entry.symptoms == ("burning",)  # no cramping, no numbness


# -- the log at 80x24 ------------------------------------------------------------------

def _three_exercises(store) -> None:
    done = [ExerciseDone(routine="runner_strength", exercise=e, sets=3, reps=10)
            for e in ("goblet_squat", "single_leg_glute_bridge", "deadlift")]
    store.save_entry(Entry(date=TODAY, pain=2, exercises=tuple(done), note="n"))


async def test_log_status_line_is_on_screen_with_three_exercises(store, clock):
    _three_exercises(store)
    app = app_for(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("l", "5")
        await pilot.pause()
        status = app.screen.query_one("#log-status", Static)
        assert 0 <= status.region.y < SIZE[1] - 1 and status.region.height == 1
        assert "Unsaved changes" in str(status.content)


async def test_log_form_scrolls_by_keys(store, clock):
    _three_exercises(store)
    app = app_for(store, clock)
    async with app.run_test(size=(80, 16)) as pilot:  # shorter than the form
        await pilot.press("l")
        await pilot.pause()
        form = app.screen.query_one("#log-form")
        assert form.max_scroll_y > 0 and form.scroll_y == 0
        await pilot.press("pagedown")
        await pilot.pause()
        assert form.scroll_y > 0
        await pilot.press("pageup")
        await pilot.pause()
        assert form.scroll_y == 0
        await pilot.press("end")
        await pilot.pause()
        assert form.scroll_y == form.max_scroll_y
        await pilot.press("home")
        await pilot.pause()
        assert form.scroll_y == 0
        assert app.screen.draft.pain == 2  # scrolling changed nothing


async def test_help_scrolls_by_keys(store, clock):
    app = app_for(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("l", "question_mark")
        await pilot.pause()
        panel = app.screen.query_one("#help-panel")
        await pilot.press("pagedown")
        await pilot.pause()
        assert panel.scroll_y > 0
        await pilot.press("home")
        await pilot.pause()
        assert panel.scroll_y == 0


async def test_x_asks_which_exercise_then_removes_the_one_under_the_cursor(store, clock):
    _three_exercises(store)
    app = app_for(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("l", "x")
        await pilot.pause()
        screen = app.screen
        assert len(screen.draft.exercises) == 3  # asked, removed nothing
        assert isinstance(screen.focused, OptionList)
        await pilot.press("down", "x")
        await pilot.pause()
        assert [e.exercise for e in screen.draft.exercises] == ["goblet_squat", "deadlift"]
        await pilot.press("escape")  # back to the keys, the log still open
        await pilot.pause()
        assert screen.focused is None and app.screen is screen


# -- home stays current ----------------------------------------------------------------

@pytest.fixture
def fast_poll(monkeypatch):
    from nervecheck.tui.screens.home import HomeScreen

    monkeypatch.setattr(HomeScreen, "POLL_SECONDS", 0.05)


def _today_text(app) -> str:
    return str(app.screen.query_one("#today", Static).content)


async def test_home_redraws_at_midnight(store, clock, fast_poll):
    app = app_for(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "Saturday 21 November 2026" in _today_text(app)
        clock.advance(dt.timedelta(hours=15).total_seconds())  # 00:30 on Sunday
        await pilot.pause(0.2)
        assert "Sunday 22 November 2026" in _today_text(app)


async def test_home_redraws_after_another_process_writes(store, clock, fast_poll):
    from nervecheck.engine.store import open_store

    app = app_for(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "not logged yet" in _today_text(app)
        open_store(store.path, clock).save_entry(Entry(date=TODAY, pain=6))  # a cron `log add`
        await pilot.pause(0.3)
        assert "pain 6" in _today_text(app)


async def test_home_says_the_last_checks_age_and_nudges(store, clock):
    store.add_check(saved_check_asking_recheck(clock, days_ago=2))
    app = app_for(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(0.4)
        text = _today_text(app)
        assert "2 days ago" in text
        assert "That check asked for another the next day. Press c." in text


def test_the_nudge_is_the_engines_and_follows_the_saved_advice(clock):
    from nervecheck.engine.log.summary import RECHECK_NUDGE, days_ago, recheck_nudge
    from tests.check_flows import saved_check

    assert [days_ago(TODAY - dt.timedelta(days=n), TODAY) for n in (0, 1, 2)] == ["today", "yesterday", "2 days ago"]
    asks = saved_check_asking_recheck(clock, days_ago=1)
    assert recheck_nudge(asks, TODAY - dt.timedelta(days=1), TODAY) == RECHECK_NUDGE
    assert recheck_nudge(asks, TODAY, TODAY) is None  # made today: not yet
    keep = saved_check(clock, "keep_running", days_ago=2)
    assert recheck_nudge(keep, TODAY - dt.timedelta(days=2), TODAY) is None


def test_home_polls_with_a_timer_not_a_loop():
    from nervecheck.tui.screens.home import HomeScreen

    assert HomeScreen.POLL_SECONDS >= 1
    source = Path(importlib.import_module("nervecheck.tui.screens.home").__file__).read_text("utf-8")
    assert "while " not in source and "sleep(" not in source
    assert re.search(r"set_interval\(self\.POLL_SECONDS", source)


# -- the daily flows, counted ----------------------------------------------------------

async def test_flow_nothing_to_report_log_is_three_keys(store, clock):
    keys = ["l", "0", "ctrl+s"]
    app = app_for(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*keys)
        await pilot.pause()
    assert store.entry(TODAY).pain == 0 and len(keys) == 3


async def test_flow_pain_free_check(store, clock):
    """From home: c, then n for each warning-sign checklist, then the questions."""
    app = app_for(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("c")
        presses = 1 + await answer_all(pilot, BY_DISPOSITION["keep_running"])
        assert app.screen.phase == "result"
    assert store.latest_check().disposition == "keep_running"
    assert presses == 8, presses


async def test_flow_full_check_in(store, clock):
    """Log pain 4 and burning at the heel, save, c at the offer, then the check."""
    app = app_for(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        log_keys = ["l", "4", "b", "H", "ctrl+s", "c"]
        await pilot.press(*log_keys)
        await pilot.pause()
        assert type(app.screen).__name__ == "CheckScreen"
        presses = len(log_keys) + await answer_all(pilot, BY_DISPOSITION["rest_and_treat"])
        assert app.screen.phase == "result"
    assert store.entry(TODAY).symptoms == ("burning",)
    assert presses == 19, presses
