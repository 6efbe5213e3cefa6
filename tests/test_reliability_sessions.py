"""Two sessions at once: two writer processes, a long-lived store, the TUI and a shell.

Nothing is lost, no document id is handed out twice, and a long-lived store sees the
other process's writes on its next read (TinyDB alone serves stale results).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

from nervecheck.engine.clock import FixedClock
from nervecheck.engine.store.schema import CheckRecord, Entry
from nervecheck.engine.store.repository import open_store
from tests.conftest import NOW, TODAY

ROOT = Path(__file__).resolve().parent.parent
SHARED = dt.date(2026, 11, 1)

WRITER = r'''
import datetime as dt, os, sys, time
from nervecheck.engine.clock import FixedClock
from nervecheck.engine.store.schema import CheckRecord, Entry
from nervecheck.engine.store.repository import Store

db, name, offset, rounds = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
clock = FixedClock(dt.datetime(2026, 11, 21, 9, tzinfo=dt.timezone.utc))
store = Store.open(db, clock)  # one long-lived store for the whole run
shared = dt.date(2026, 11, 1)
open(f"{db}.ready-{name}", "w").close()
while len([p for p in os.listdir(os.path.dirname(db)) if ".ready-" in p]) < 2:
    time.sleep(0.001)  # start together, so the writes interleave
for i in range(rounds):
    day = dt.date(2026, 1, 1) + dt.timedelta(days=offset + 2 * i)
    store.save_entry(Entry(date=day, pain=i % 11, note=name))
    store.modify_entry(shared, lambda old: (old or Entry(date=shared)).model_copy(
        update={"note": (old.note if old else "") + f"{name}{i};"}))
    store.add_check(CheckRecord(time=clock.now(), path=(), disposition="keep_running", nerve=f"{name}{i}"))
    store.entries()  # keep its cache warm between writes
    time.sleep(0.002)  # a lock released and retaken at once can starve the other writer (flock is not fair)
print("done")
'''


def env_for(db: Path) -> dict[str, str]:
    return {**os.environ, "NERVECHECK_DB": str(db), "PYTHONPATH": str(ROOT)}


def start_writer(db: Path, name: str, offset: int, rounds: int) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", WRITER, str(db), name, str(offset), str(rounds)],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_two_long_lived_stores_in_two_processes_lose_nothing(db_path: Path, clock) -> None:
    open_store(db_path, clock)
    rounds = 40
    writers = [start_writer(db_path, "a", 0, rounds), start_writer(db_path, "b", 1, rounds)]
    results = [w.communicate(timeout=120) for w in writers]
    for (out, err), w in zip(results, writers):
        assert (w.returncode, out.strip(), err) == (0, "done", "")
    store = open_store(db_path, clock)
    own = [e for e in store.entries() if e.date != SHARED]
    assert len(own) == 2 * rounds
    assert sorted(e.note for e in own) == ["a"] * rounds + ["b"] * rounds
    tokens = store.entry(SHARED).note.split(";")[:-1]
    assert sorted(tokens) == sorted(f"{n}{i}" for n in "ab" for i in range(rounds))  # every append kept
    switches = sum(1 for x, y in zip(tokens, tokens[1:]) if x[0] != y[0])
    assert switches >= 2, "the two writers really ran at the same time"
    nerves = [c.nerve for c in store.checks()]
    assert sorted(nerves) == sorted(f"{n}{i}" for n in "ab" for i in range(rounds))  # no id reused
    assert sorted(map(int, json.loads(db_path.read_bytes())["checks"])) == list(range(1, 2 * rounds + 1))


def test_two_log_add_loops_through_the_cli_lose_nothing(tmp_path: Path) -> None:
    db = tmp_path / "nervecheck.json"
    python = f"{sys.executable} -m nervecheck"

    def loop(days: range, last: str) -> subprocess.Popen:
        commands = [f"{python} log add --date 2020-02-{d:02d} --pain {d % 11} --note loop{d}" for d in days]
        commands.append(f"{python} log add --date 2020-03-01 {last}")
        return subprocess.Popen(["bash", "-c", " && ".join(commands)], cwd=ROOT, env=env_for(db),
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    loops = [loop(range(1, 12, 2), "--pain 4"), loop(range(2, 13, 2), "--location heel")]
    for proc in loops:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0 and err == "", err
        assert out.count("saved") == 7
    entries = {e.date.isoformat(): e for e in open_store(db).entries()}
    assert sorted(entries) == [f"2020-02-{d:02d}" for d in range(1, 13)] + ["2020-03-01"]
    assert all(entries[f"2020-02-{d:02d}"].note == f"loop{d}" for d in range(1, 13))
    shared = entries["2020-03-01"]
    assert (shared.pain, shared.locations) == (4, ("heel",))  # each loop's field kept


def test_long_lived_store_sees_another_process_write_and_does_not_clobber_it(db_path: Path, clock) -> None:
    store = open_store(db_path, clock)
    store.save_entry(Entry(date=TODAY - dt.timedelta(days=3), pain=1))
    assert len(store.entries()) == 1  # cache warm
    other = subprocess.run([sys.executable, "-m", "nervecheck", "log", "add", "--date", "2026-11-19", "--pain", "4"],
                           cwd=ROOT, env=env_for(db_path), capture_output=True, text=True, timeout=60)
    assert other.returncode == 0, other.stderr
    assert store.entry(dt.date(2026, 11, 19)).pain == 4  # not the stale cache
    store.save_entry(Entry(date=TODAY, pain=2))
    assert [e.pain for e in open_store(db_path, clock).entries()] == [1, 4, 2]


def test_long_lived_store_adding_checks_while_another_process_does(db_path: Path, clock) -> None:
    store = open_store(db_path, clock)
    writer = start_writer(db_path, "w", 0, 25)
    (db_path.parent / f"{db_path.name}.ready-test").touch()
    for i in range(25):
        store.add_check(CheckRecord(time=NOW, path=(), disposition="rest_and_treat", nerve=f"t{i}"))
        assert store.checks()  # a read between writes keeps the cache warm
    out, err = writer.communicate(timeout=120)
    assert writer.returncode == 0, err
    nerves = sorted(c.nerve for c in open_store(db_path, clock).checks())
    assert nerves == sorted([f"t{i}" for i in range(25)] + [f"w{i}" for i in range(25)])


def test_stat_collision_cannot_make_a_change_clobber_another(db_path: Path, clock, monkeypatch) -> None:
    """An inode reused with the same size in the same clock tick looks unchanged to stat.

    Simulated by making every stat look alike: a change re-reads the bytes under the
    lock, so the other store's entry survives.
    """
    first, second = open_store(db_path, clock), open_store(db_path, clock)
    first.save_entry(Entry(date=TODAY - dt.timedelta(days=2)))
    second.entries()
    monkeypatch.setattr("nervecheck.engine.store.storage._stamp", lambda stat: (0, 0, 0, 0))
    first.entries()
    second.save_entry(Entry(date=TODAY - dt.timedelta(days=1)))
    first.save_entry(Entry(date=TODAY))
    assert len(open_store(db_path, clock).entries()) == 3


async def test_tui_home_shows_a_write_from_another_shell_when_shown_again(db_path: Path, clock) -> None:
    from textual.widgets import Static

    from nervecheck.tui.app import build_app

    app = build_app(open_store(db_path, clock), clock)
    async with app.run_test(size=(80, 24)) as pilot:
        today = app.screen.query_one("#today", Static)
        assert "not logged" in today.content.plain
        shell = open_store(db_path, FixedClock(NOW))  # the other session
        shell.save_entry(Entry(date=TODAY, pain=5, symptoms=("tingling",)))
        await pilot.press("question_mark")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        today = app.screen.query_one("#today", Static)
        assert "logged, pain 5" in today.content.plain
        app.store.save_entry(Entry(date=TODAY - dt.timedelta(days=1), pain=1))  # and writes without clobbering
    assert [e.pain for e in open_store(db_path, clock).entries()] == [1, 5]
