"""Typed days (CLI.md): ``YYYY-MM-DD``, ``today``, ``yesterday`` or ``-N``, one parser
(engine/dates.py) for every command-line flag and the app's "go to day" prompt."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from textual.widgets import Input, Static

from nervecheck.cli import main
from nervecheck.engine.clock import FixedClock
from nervecheck.engine.dates import MAX_DAYS_AGO, parse_day
from tests.conftest import NOW, TODAY, app_for

NEW_YEAR = dt.date(2027, 1, 1)  # a Friday; yesterday is in another month and year
MARCH_1 = dt.date(2028, 3, 1)  # the day after a leap day


@pytest.mark.parametrize(("text", "today", "day"), [
    ("today", TODAY, TODAY),
    ("yesterday", TODAY, TODAY - dt.timedelta(days=1)),
    ("-3", TODAY, TODAY - dt.timedelta(days=3)),
    ("-0", TODAY, TODAY),  # 0 days ago, so `-$n` works for n=0
    ("-007", TODAY, TODAY - dt.timedelta(days=7)),
    ("2026-10-01", TODAY, dt.date(2026, 10, 1)),
    ("2030-01-01", TODAY, dt.date(2030, 1, 1)),  # a future ISO day parses; each command judges it
    ("Today", TODAY, TODAY),
    ("YESTERDAY", TODAY, TODAY - dt.timedelta(days=1)),
    ("yesterday", NEW_YEAR, dt.date(2026, 12, 31)),
    ("-1", NEW_YEAR, dt.date(2026, 12, 31)),
    ("-31", NEW_YEAR, dt.date(2026, 12, 1)),
    ("-32", NEW_YEAR, dt.date(2026, 11, 30)),
    ("-366", NEW_YEAR, dt.date(2025, 12, 31)),
    ("yesterday", MARCH_1, dt.date(2028, 2, 29)),
    ("-2", MARCH_1, dt.date(2028, 2, 28)),
    (f"-{MAX_DAYS_AGO}", TODAY, TODAY - dt.timedelta(days=MAX_DAYS_AGO)),
])
def test_each_form(text: str, today: dt.date, day: dt.date) -> None:
    assert parse_day(text, today) == day


@pytest.mark.parametrize(("text", "says"), [
    ("tomorrow", "a day to come cannot be typed"),
    ("+3", "a day to come cannot be typed"),
    ("+0", "a day to come cannot be typed"),
    (f"-{MAX_DAYS_AGO + 1}", "too far back"),
    ("-99999", "too far back"),
    ("-", "YYYY-MM-DD, today, yesterday or -N"),
    ("- 3", "YYYY-MM-DD, today, yesterday or -N"),
    ("-3d", "YYYY-MM-DD, today, yesterday or -N"),
    ("3", "YYYY-MM-DD, today, yesterday or -N"),
    ("\u22123", "YYYY-MM-DD, today, yesterday or -N"),  # a minus sign, not a hyphen
    ("-\u0663", "YYYY-MM-DD, today, yesterday or -N"),  # an Arabic-Indic digit
    ("\uff12\uff10\uff12\uff16-10-01", "YYYY-MM-DD"),  # full-width digits
    ("", "YYYY-MM-DD"),
    ("2026-02-30", "not a real calendar day"),
    ("2026-1-1", "YYYY-MM-DD"),
    ("20261001", "YYYY-MM-DD"),
    ("2026-10-01T10:00", "YYYY-MM-DD"),
    ("yester day", "YYYY-MM-DD"),
    (" today", "YYYY-MM-DD"),  # spaces are refused, as the entry format refuses them
    ("2026-11-21\n", "YYYY-MM-DD"),
    (" -3", "YYYY-MM-DD"),
])
def test_bad_forms_say_what_is_wrong(text: str, says: str) -> None:
    with pytest.raises(ValueError) as refused:
        parse_day(text, TODAY)
    assert says in str(refused.value)


def test_no_day_before_the_calendar() -> None:
    with pytest.raises(ValueError, match="before the first day"):
        parse_day("-10", dt.date(1, 1, 5))


def run(*argv: str, now: dt.datetime = NOW) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = main(list(argv), out, err, clock=FixedClock(now))
    return status, out.getvalue(), err.getvalue()


def test_every_cli_date_takes_the_relative_forms(tmp_path) -> None:
    """On New Year's Day: log add --date, show and export --from/--to, log rm DATE."""
    db = str(tmp_path / "nervecheck.json")
    new_year = dt.datetime(2027, 1, 1, 8, 0, tzinfo=dt.timezone.utc)
    assert run("--db", db, "log", "add", "--date", "yesterday", "--pain", "3", now=new_year) == (
        0, "saved 2026-12-31: pain 3\n", "")
    assert run("--db", db, "log", "add", "--date", "-2", "--pain", "2", now=new_year)[1] == "saved 2026-12-30: pain 2\n"
    assert run("--db", db, "log", "add", "--date", "today", "--pain", "1", now=new_year)[1] == "saved 2027-01-01: pain 1\n"
    assert run("--db", db, "log", "show", "--from", "-1", "--to", "today", now=new_year)[1] == (
        "2026-12-31  pain 3\n2027-01-01  pain 1\n")
    status, out, _ = run("--db", db, "log", "export", "--from", "-2", "--to", "yesterday", now=new_year)
    assert status == 0 and [line for line in out.split('"') if line.startswith("2026")] == ["2026-12-30", "2026-12-31"]
    assert run("--db", db, "log", "rm", "-2", now=new_year)[1] == "deleted 2026-12-30: pain 2\n"
    assert run("--db", db, "log", "show", now=new_year)[1] == "2026-12-31  pain 3\n2027-01-01  pain 1\n"


@pytest.mark.parametrize(("argv", "line"), [
    (["log", "add", "--date", "tomorrow", "--pain", "1"],
     "nervecheck: --date: 'tomorrow': a day to come cannot be typed; "
     "write YYYY-MM-DD, today, yesterday or -N (N days ago)\n"),
    (["log", "add", "--date", "+3", "--pain", "1"],
     "nervecheck: --date: '+3': a day to come cannot be typed; write YYYY-MM-DD, today, yesterday or -N (N days ago)\n"),
    (["log", "show", "--from", "-99999"],
     f"nervecheck: --from: '-99999' is too far back: at most -{MAX_DAYS_AGO} ({MAX_DAYS_AGO} days ago)\n"),
    (["log", "export", "--to", "last week"],
     "nervecheck: --to: must be a day written YYYY-MM-DD, today, yesterday or -N (N days ago), got 'last week'\n"),
    (["log", "show", "--from", "today", "--to", "-1"],
     f"nervecheck: --from is after --to ({TODAY} is after {TODAY - dt.timedelta(days=1)})\n"),
    (["log", "rm", "yesterdy"],
     "nervecheck: DATE: must be a day written YYYY-MM-DD, today, yesterday or -N (N days ago), got 'yesterdy'\n"),
])
def test_bad_cli_dates_exit_2_with_one_line(tmp_path, argv: list[str], line: str) -> None:
    db = tmp_path / "nervecheck.json"
    assert run("--db", str(db), "log", "add", "--pain", "1")[0] == 0
    before = db.read_bytes()
    assert run("--db", str(db), *argv) == (2, "", line)
    assert db.read_bytes() == before


async def test_the_go_to_day_prompt_takes_the_relative_forms(store, clock) -> None:
    from nervecheck.tui.screens.log import LogScreen
    from nervecheck.tui.widgets.dialogs import DatePrompt

    app = app_for(store, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("l", "g")
        assert isinstance(app.screen, DatePrompt)
        app.screen.query_one("#day", Input).value = ""
        await pilot.press(*"-3", "enter")
        assert isinstance(app.screen, LogScreen) and app.screen.draft.day == TODAY - dt.timedelta(days=3)
        await pilot.press("g")
        app.screen.query_one("#day", Input).value = ""
        await pilot.press(*"tomorrow", "enter")
        assert isinstance(app.screen, DatePrompt)
        assert "a day to come" in str(app.screen.query_one("#day-error", Static).content)
        app.screen.query_one("#day", Input).value = ""
        await pilot.press(*" yesterday ", "enter")  # the prompt strips what was typed
        assert isinstance(app.screen, LogScreen) and app.screen.draft.day == TODAY - dt.timedelta(days=1)
