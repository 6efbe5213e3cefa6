"""A database written by the first release (contract version 1) keeps working.

``tests/fixtures/v1_database.json`` is a database as version 1 wrote it: checks with
five warning signs, no ``duration``, and no contract version. It must open, check
clean, gate routines as its dispositions say, show in history, the report and the
export, and reopen each check as it was decided, with the questions as worded then.
"""

from __future__ import annotations

import datetime as dt
import io
import shutil
from pathlib import Path

import pytest

from nervecheck.cli import main
from nervecheck.engine.clock import FixedClock
from nervecheck.engine.log.report import gather, markdown
from nervecheck.engine.routines.plan import gate
from nervecheck.engine.triage.saved import saved_outcome
from nervecheck.engine.store.repository import file_problems, open_store
from nervecheck.engine.triage.loading import load_tree
from tests.conftest import NOW, TODAY, app_for

FIXTURE = Path(__file__).parent / "fixtures" / "v1_database.json"


@pytest.fixture
def v1_path(tmp_path: Path) -> Path:
    path = tmp_path / "v1" / "nervecheck.json"
    path.parent.mkdir(mode=0o700)
    shutil.copyfile(FIXTURE, path)
    path.chmod(0o600)
    return path


def test_a_version_1_database_opens_clean_and_its_checks_read_as_version_1(v1_path: Path) -> None:
    assert file_problems(v1_path) == []
    store = open_store(v1_path, FixedClock(NOW))
    checks = store.checks()
    assert [c.disposition for c in checks] == ["rest_and_treat", "emergency", "keep_running"]
    assert all(c.contract == 1 and c.leaf is None and c.flag is None for c in checks)
    assert store.latest_check_view().contract == 1


def test_reopening_a_version_1_check_shows_what_was_decided_with_the_old_wording(v1_path: Path) -> None:
    store, tree = open_store(v1_path, FixedClock(NOW)), load_tree()
    ice = saved_outcome(store.checks()[0])
    assert (ice.disposition, ice.nerve, ice.care) == ("rest_and_treat", "medial_calcaneal", "ice")
    assert f"{tree.v1_questions['saddle_numbness']} You answered: No." in ice.why
    assert tree.questions["saddle_numbness"].text not in " ".join(ice.why)  # not today's wording
    assert "version 1" in ice.title and ice.safety_net == tree.safety_net.lines("rest_and_treat")
    emergency = saved_outcome(store.checks()[1])
    assert emergency.disposition == "emergency" and emergency.safety_net == ()


def test_version_1_checks_gate_routines_as_their_dispositions_say(v1_path: Path) -> None:
    store = open_store(v1_path, FixedClock(NOW))
    latest = store.latest_check()  # keep_running, v1, made 13 hours before NOW
    gates = gate(latest, NOW)
    assert gates["gentle_mobility"].open and gates["low_impact_cardio"].open
    assert not gates["runner_strength"].open and gates["runner_strength"].asks_for_check
    emergency = gate(store.checks()[1], store.checks()[1].time + dt.timedelta(hours=1))
    assert not any(g.open for g in emergency.values())


def test_version_1_checks_in_the_report_and_the_export(v1_path: Path) -> None:
    store = open_store(v1_path, FixedClock(NOW))
    text = markdown(gather(store, TODAY, 28))
    assert text.count("(version 1 check: five warning signs asked)") == 3
    assert "Emergency department now" in text and "When to act sooner" in text
    out, err = io.StringIO(), io.StringIO()
    assert main(["--db", str(v1_path), "log", "export", "--format", "json"], out, err, clock=FixedClock(NOW)) == 0
    assert err.getvalue() == "" and '"2026-11-17"' in out.getvalue()


async def test_the_app_opens_a_version_1_database_and_shows_its_old_checks(v1_path: Path, clock) -> None:
    store = open_store(v1_path, clock, long_lived=True)
    app = app_for(store, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("h")
        await pilot.pause()
        assert type(app.screen).__name__ == "HistoryScreen"
        app.open_section("check", review=store.checks()[1])
        await pilot.pause()
        screen = app.screen
        assert screen.phase == "result" and screen.outcome.disposition == "emergency"
    assert [c.disposition for c in open_store(v1_path, clock).checks()] == ["rest_and_treat", "emergency",
                                                                             "keep_running"]
