"""The shell around the app (issue 18): `status`, `completion`, no terminal, --help."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from nervecheck.engine.clock import FixedClock
from nervecheck.engine.log.status import ACT, RECHECK, read_status, status_line
from nervecheck.engine.store.repository import open_store
from nervecheck.engine.store.schema import CheckRecord, Entry, PathStep, Run
from nervecheck.engine.vocab import DISPOSITIONS, LOCATIONS, SYMPTOMS
from tests.conftest import NOW, TODAY
from tests.test_cli import cli
from tests.test_cli_imports import _modules_after

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "cli" / "nervecheck.json"


def _store(db: Path):
    return open_store(db, FixedClock(NOW))


def _check(days_ago: int, disposition: str, minutes: int = 0) -> CheckRecord:
    return CheckRecord(time=NOW - dt.timedelta(days=days_ago, minutes=minutes),
                       path=(PathStep(id="symptom", answer="burning"),), disposition=disposition, contract=2)


# -- status ----------------------------------------------------------------------------


def test_status_logged_and_nothing_to_do_is_0(db: Path) -> None:
    store = _store(db)
    store.save_entry(Entry(date=TODAY, pain=1))
    store.add_check(_check(3, "keep_running"))
    assert cli("--db", str(db), "status") == (0, "logged today, pain 1; last check 3 days ago: keep running\n", "")


def test_status_not_logged_is_1(db: Path) -> None:
    _store(db).save_entry(Entry(date=TODAY - dt.timedelta(days=1), pain=2))
    assert cli("--db", str(db), "status") == (1, "not logged today; no check yet\n", "")


@pytest.mark.parametrize(("days_ago", "disposition", "status", "said"), [
    (0, "rest_and_treat", 0, "last check today: rest and treat"),  # today's advice is being followed
    (1, "rest_and_treat", 1, "last check yesterday: rest and treat, a new check is due"),
    (2, "rest_and_treat", 1, "last check 2 days ago: rest and treat, a new check is due"),
    (0, "modify_training", 0, "last check today: modify training"),
    (9, "modify_training", 0, "last check 9 days ago: modify training"),
    (0, "see_clinician", 1, "last check today: see a clinician"),
    (5, "urgent_today", 1, "last check 5 days ago: get medical help today"),
    (0, "emergency", 1, "last check today: emergency department now"),
])
def test_status_says_what_the_last_check_asks(db: Path, days_ago: int, disposition: str, status: int,
                                              said: str) -> None:
    store = _store(db)
    store.save_entry(Entry(date=TODAY, pain=2))
    store.add_check(_check(days_ago, disposition))
    assert cli("--db", str(db), "status") == (status, f"logged today, pain 2; {said}\n", "")


def test_status_skips_a_check_marked_a_mistake(db: Path) -> None:
    store = _store(db)
    store.save_entry(Entry(date=TODAY, pain=0))
    store.add_check(_check(4, "keep_running"))
    store.add_check(_check(1, "emergency"))
    (_, _), (slip, _) = store.checks_with_ids()
    assert cli("--db", str(db), "check", "mistake", slip)[0] == 0
    assert cli("--db", str(db), "status") == (0, "logged today, pain 0; last check 4 days ago: keep running\n", "")


def test_status_shows_the_home_screens_notices(db: Path) -> None:
    store = _store(db)
    for days in range(4):
        store.save_entry(Entry(date=TODAY - dt.timedelta(days=days), pain=3, symptoms=("tingling",),
                               run=Run(distance_km=5), pain_after_exercise="over_2h"))
    status, out, err = cli("--db", str(db), "status")
    assert (status, err) == (1, "")
    assert out == ("logged today, pain 3; no check yet; recurring tingling (4 of 14 days): "
                   "a clinician should look at it (+1 more)\n")
    assert len(read_status(store, FixedClock(NOW)).notices) == 2


def test_status_reads_the_checks_day_in_the_local_zone(db: Path) -> None:
    """A check at 23:30 in Auckland yesterday is yesterday there, whatever UTC says."""
    from zoneinfo import ZoneInfo

    zone = ZoneInfo("Pacific/Auckland")
    clock = FixedClock(dt.datetime(2026, 11, 21, 9, 0), zone=zone)
    store = open_store(db, clock)
    store.add_check(CheckRecord(time=dt.datetime(2026, 11, 20, 23, 30, tzinfo=zone), disposition="rest_and_treat",
                                path=(PathStep(id="symptom", answer="burning"),), contract=2))
    status = read_status(store, clock)
    assert status.check_age == 1 and status.check_due
    assert status_line(status) == "not logged today; last check yesterday: rest and treat, a new check is due"


def test_status_without_a_database_is_2_and_creates_nothing(db: Path) -> None:
    assert cli("--db", str(db), "status") == (2, "", f"nervecheck: no database at {db}\n")
    assert not db.exists() and not db.parent.exists()


def test_status_with_a_damaged_database_is_2(db: Path) -> None:
    db.parent.mkdir(parents=True)
    db.write_text("{not json", encoding="utf-8")
    status, out, err = cli("--db", str(db), "status")
    assert (status, out) == (2, "") and err.count("\n") == 1 and "damaged" in err


def test_status_takes_no_arguments(db: Path) -> None:
    status, out, err = cli("--db", str(db), "status", "--verbose")
    assert (status, out) == (2, "") and err.count("\n") == 1 and "--verbose" in err


def test_the_recheck_list_is_the_contents() -> None:
    """RECHECK is exactly the dispositions whose advice asks for a check again tomorrow."""
    tree = json.loads((ROOT / "content" / "triage.json").read_text(encoding="utf-8"))
    asking = {leaf["disposition"] for leaf in tree["leaves"].values() if "@recheck" in json.dumps(leaf)}
    assert asking == set(RECHECK)
    assert set(ACT) | set(RECHECK) <= set(DISPOSITIONS) and not set(ACT) & set(RECHECK)


def test_status_is_fast(tmp_path: Path) -> None:
    """Like log show: neither Textual nor pydantic, nor shtab."""
    db = tmp_path / "db.json"
    _modules_after(["log", "add", "--pain", "2"], db)
    code = (
        "import sys, json\n"
        "from nervecheck.cli import main\n"
        "status = main(['status'])\n"
        "print(json.dumps([status, sorted(sys.modules)]))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                          env={"NERVECHECK_DB": str(db), "PATH": "/usr/bin:/bin"})
    status, modules = json.loads(done.stdout.strip().splitlines()[-1])
    assert status in (0, 1), done.stderr  # 1 if midnight passed between the two runs
    heavy = sorted(m for m in modules if m.split(".")[0] in ("textual", "rich", "pydantic", "pydantic_core", "shtab"))
    assert heavy == []


def test_other_commands_do_not_import_shtab(tmp_path: Path) -> None:
    modules = _modules_after(["log", "add", "--pain", "2"], tmp_path / "db.json")
    assert "shtab" not in modules and "textwrap" not in modules


# -- completion ------------------------------------------------------------------------


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_completion_prints_a_script_from_the_parser(shell: str) -> None:
    status, out, err = cli("completion", shell)
    assert (status, err) == (0, "") and out.endswith("\n")
    for word in ("status", "completion", "--run-km", "--pain-after", "burning", "lower_back_leg", "yesterday"):
        assert word in out, word


def test_completion_names_a_shell() -> None:
    status, out, err = cli("completion", "tcsh")
    assert (status, out) == (2, "")
    assert err == "nervecheck: argument shell: invalid choice: 'tcsh' (choose from 'bash', 'zsh', 'fish')\n"
    assert cli("completion")[0] == 2


def _script(shell: str, tmp_path: Path) -> Path:
    path = tmp_path / {"bash": "nervecheck.bash", "zsh": "_nervecheck", "fish": "nervecheck.fish"}[shell]
    path.write_text(cli("completion", shell)[1], encoding="utf-8")
    return path


def _needs(shell: str) -> str:
    found = shutil.which(shell)
    if found is None:
        pytest.skip(f"{shell} is not installed")
    return found


@pytest.mark.parametrize(("flag", "syntax"), [("bash", "-n"), ("zsh", "-n"), ("fish", "--no-execute")])
def test_each_script_is_valid_in_its_shell(tmp_path: Path, flag: str, syntax: str) -> None:
    shell = _needs(flag)
    done = subprocess.run([shell, syntax, str(_script(flag, tmp_path))], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_bash_completes_ids_and_commands(tmp_path: Path) -> None:
    bash = _needs("bash")
    script = _script("bash", tmp_path)

    def complete(*words: str) -> list[str]:
        listed = " ".join(f"'{w}'" for w in words)
        code = (f"source {script}; COMP_WORDS=({listed}); COMP_CWORD={len(words) - 1}; "
                f"COMP_LINE='{' '.join(words)}'; COMP_POINT=${{#COMP_LINE}}; _shtab_nervecheck; "
                'printf "%s\\n" "${COMPREPLY[@]}"')
        done = subprocess.run([bash, "-c", code], capture_output=True, text=True, check=True, cwd=tmp_path)
        return done.stdout.split()

    assert complete("nervecheck", "log", "add", "--location", "") == list(LOCATIONS)
    assert complete("nervecheck", "log", "add", "--symptom", "") == list(SYMPTOMS)
    assert complete("nervecheck", "sta") == ["status"]
    assert complete("nervecheck", "completion", "") == ["bash", "zsh", "fish"]
    # issue 18: the flags that change a day's lists offer the ids too
    assert complete("nervecheck", "log", "add", "--remove-symptom", "") == list(SYMPTOMS)
    assert complete("nervecheck", "log", "add", "--add-location", "") == list(LOCATIONS)
    assert "pain-after" in complete("nervecheck", "log", "add", "--clear", "")


def test_fish_completes_ids_and_commands(tmp_path: Path) -> None:
    fish = _needs("fish")
    script = _script("fish", tmp_path)

    def complete(line: str) -> list[str]:
        done = subprocess.run([fish, "--no-config", "-c", f"source {script}; complete -C '{line}'"],
                              capture_output=True, text=True, check=True, cwd=tmp_path)
        return [row.split("\t")[0] for row in done.stdout.splitlines()]

    assert complete("nervecheck log add --symptom ") == list(SYMPTOMS)
    assert complete("nervecheck log rm ") == ["today", "yesterday"]
    assert "status" in complete("nervecheck ") and "completion" in complete("nervecheck ")


# -- no terminal -----------------------------------------------------------------------

NO_TERMINAL = ("nervecheck: no terminal: the app needs one; use a command such as `nervecheck log add` "
               "(see --help)\n")


def _nervecheck(tmp_path: Path, **streams) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "NERVECHECK_DB": str(tmp_path / "db.json")}
    return subprocess.run([sys.executable, "-m", "nervecheck"], env=env, timeout=60, **streams)


def test_no_terminal_on_a_pipe_exits_2_at_once(tmp_path: Path) -> None:
    """As cron runs it: stdin from nowhere, output to a pipe."""
    done = _nervecheck(tmp_path, stdin=subprocess.DEVNULL, capture_output=True)
    assert (done.returncode, done.stdout, done.stderr.decode()) == (2, b"", NO_TERMINAL)
    assert not (tmp_path / "db.json").exists()


def test_no_terminal_when_only_stdout_is_piped(tmp_path: Path) -> None:
    """stdin a terminal (a pty), stdout a pipe: `nervecheck | less` would hang without it."""
    import pty

    leader, follower = pty.openpty()
    try:
        done = _nervecheck(tmp_path, stdin=follower, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    finally:
        os.close(leader)
        os.close(follower)
    assert (done.returncode, done.stderr.decode()) == (2, NO_TERMINAL)


def test_no_terminal_when_only_stdin_is_piped(tmp_path: Path) -> None:
    import pty

    leader, follower = pty.openpty()
    try:
        done = _nervecheck(tmp_path, input=b"q", stdout=follower, stderr=subprocess.PIPE)
    finally:
        os.close(leader)
        os.close(follower)
    assert (done.returncode, done.stderr.decode()) == (2, NO_TERMINAL)


# -- help ------------------------------------------------------------------------------


def test_help_says_nervecheck_alone_opens_the_app() -> None:
    status, out, _ = cli("--help")
    assert status == 0 and "`nervecheck` alone (no command) opens the app" in " ".join(out.split())
    assert "status" in out and "completion" in out


def test_log_add_help_lists_every_symptom_and_location_id() -> None:
    status, out, _ = cli("log", "add", "--help")
    assert status == 0
    ids = " ".join(out.split()).replace(",", " ").split()
    for value in (*SYMPTOMS, *LOCATIONS):
        assert value in ids, value
    assert "today, yesterday or -N" in " ".join(out.split())


def test_status_help_gives_the_exit_codes() -> None:
    out = " ".join(cli("status", "--help")[1].split())
    assert "Exit status: 0 today is logged and nothing needs attention; 1 today is not logged" in out
    assert "2 bad input or no database" in out
