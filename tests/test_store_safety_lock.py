"""The lock: deleting it loses no acknowledged write; a stuck holder is waited for a
bounded time and named; reads never wait for a writer (issue 15)."""

from __future__ import annotations

import datetime as dt
import io
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from nervecheck.cli import main
from nervecheck.engine.clock import FixedClock
from nervecheck.engine.store.locations import lock_path
from nervecheck.engine.store.schema import Entry
from nervecheck.engine.store.storage import StoreError
from nervecheck.engine.store.repository import open_store
from tests.conftest import NOW, TODAY

ROOT = Path(__file__).resolve().parent.parent

WRITER = """
import datetime as dt, sys
from nervecheck.engine.clock import FixedClock
from nervecheck.engine.store.schema import Entry
from nervecheck.engine.store.storage import StoreError
from nervecheck.engine.store.repository import open_store
db, first, count = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
now = dt.datetime(2026, 11, 21, 9, 30, tzinfo=dt.timezone.utc)
store = open_store(db, FixedClock(now))
for k in range(first, first + count):
    day = now.date() - dt.timedelta(days=k)
    try:
        store.save_entry(Entry(date=day, pain=k % 11))
    except StoreError:
        continue
    print(day.isoformat(), flush=True)
"""

HOLDER = """
import os, signal, sys
from nervecheck.engine.store.storage import file_lock
with file_lock(__import__("pathlib").Path(sys.argv[1])):
    print("held", flush=True)
    os.kill(os.getpid(), signal.SIGSTOP)
"""


def run_cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = main(list(argv), out, err, clock=FixedClock(NOW))
    return status, out.getvalue(), err.getvalue()


def spawn(script: str, *args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", script, *args], cwd=ROOT, stdout=subprocess.PIPE, text=True)


@pytest.mark.slow
def test_deleting_the_lock_file_all_along_loses_no_acknowledged_write(db_path, clock) -> None:
    open_store(db_path, clock)
    lock = lock_path(db_path)
    stop = threading.Event()

    def delete_lock() -> None:
        while not stop.is_set():
            try:
                lock.unlink()
            except FileNotFoundError:
                pass

    deleter = threading.Thread(target=delete_lock)
    deleter.start()
    try:
        writers = [spawn(WRITER, str(db_path), str(1 + 100 * i), "70") for i in range(4)]
        acknowledged = []
        for writer in writers:
            out, _ = writer.communicate(timeout=120)
            acknowledged += out.split()
    finally:
        stop.set()
        deleter.join()
    stored = {entry.date.isoformat() for entry in open_store(db_path, clock).entries()}
    assert len(acknowledged) > 200
    assert sorted(set(acknowledged) - stored) == []


@pytest.fixture
def stuck_holder(db_path, clock):
    """Another nervecheck holding the lock, stopped (ctrl+Z)."""
    store = open_store(db_path, clock)
    store.save_entry(Entry(date=TODAY, pain=4, note="kept"))
    holder = spawn(HOLDER, str(db_path))
    assert holder.stdout.readline() == "held\n"
    yield holder
    holder.kill()  # SIGKILL ends a stopped process too
    holder.wait()


def test_a_writer_waits_a_bounded_time_says_for_whom_and_gives_up(db_path, stuck_holder, monkeypatch) -> None:
    monkeypatch.setenv("NERVECHECK_LOCK_WAIT", "0.5")
    started = time.monotonic()
    status, out, err = run_cli("--db", str(db_path), "log", "add", "--pain", "1", "--date", "2026-11-20")
    assert time.monotonic() - started < 5
    waiting, final = err.splitlines()
    assert status == 2 and out == ""
    assert "waiting" in waiting and f"pid {stuck_holder.pid}" in waiting
    assert final.startswith("nervecheck: ") and "gave up" in final and "not saved" in final


def test_the_store_itself_gives_up_with_a_store_error(db_path, clock, stuck_holder, monkeypatch) -> None:
    """The app's saves go through here: a plain StoreError it shows, never a hang."""
    monkeypatch.setenv("NERVECHECK_LOCK_WAIT", "0.3")
    store = open_store(db_path, clock, check_later=True, long_lived=True)  # the app's open: no wait
    with pytest.raises(StoreError, match="gave up"):
        store.save_entry(Entry(date=TODAY - dt.timedelta(days=1), pain=1))


@pytest.mark.parametrize("argv", [("log", "show"), ("log", "export"), ("report",), ("db", "check"),
                                  ("db", "backups")])
def test_reads_do_not_wait_for_a_writer(db_path, stuck_holder, monkeypatch, argv) -> None:
    monkeypatch.setenv("NERVECHECK_LOCK_WAIT", "30")
    started = time.monotonic()
    status, _out, err = run_cli("--db", str(db_path), *argv)
    assert time.monotonic() - started < 5 and status in (0, 1) and err == "", argv


def test_the_app_reads_without_waiting(db_path, clock, stuck_holder, monkeypatch) -> None:
    monkeypatch.setenv("NERVECHECK_LOCK_WAIT", "30")
    started = time.monotonic()
    store = open_store(db_path, clock, check_later=True, long_lived=True)
    assert [entry.note for entry in store.entries()] == ["kept"]
    assert time.monotonic() - started < 5


def test_the_verified_note_still_works_beside_the_lock(db_path, clock) -> None:
    from nervecheck.engine.store import verified

    store = open_store(db_path, clock)
    store.save_entry(Entry(date=TODAY, pain=2))
    assert verified.read(db_path) is not None
    assert open_store(db_path, clock)._storage.trusted
