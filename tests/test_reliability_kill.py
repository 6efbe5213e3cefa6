"""SIGKILL at random moments never leaves an unreadable file or loses an acknowledged write.

A *zygote* process imports the store once and forks one writer per kill, so a kill
costs milliseconds rather than an interpreter start. Each writer opens the database
(as a fresh process would), then loops over mixed operations: inserts, updates that
grow and shrink entries, deletes and saved checks. Before each operation it appends
``B <seq> <op> ...`` to an ack file, and ``A <seq>`` once the store call has returned
(the write is durable). The test kills it after a random short delay, then checks the
file against a model replayed from the acks: the state after the last acknowledged
operation, or after the one in flight.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from nervecheck.engine.clock import FixedClock
from nervecheck.engine.store.repository import Store

ROOT = Path(__file__).resolve().parent.parent
KILLS = 300
BASE = dt.date(2026, 6, 1)

ZYGOTE = r'''
import datetime as dt, os, random, sys
from nervecheck.engine.clock import FixedClock
from nervecheck.engine.store.schema import CheckRecord, Entry
from nervecheck.engine.store.repository import Store

db, acks = sys.argv[1], sys.argv[2]
BASE = dt.date(2026, 6, 1)


def note(seq, length):
    return (f"{seq}:" + "n\u00e9rve " * length)[: max(length, 0)] if length else ""


def writer(seed):
    rng = random.Random(seed)
    fd = os.open(acks, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    log = lambda line: os.write(fd, (line + "\n").encode())
    clock = FixedClock(dt.datetime(2026, 7, 1, 12, tzinfo=dt.timezone.utc) + dt.timedelta(days=seed // 8))
    store = Store.open(db, clock)
    log("O")
    for seq in range(1, 5000):
        day = BASE + dt.timedelta(days=rng.randrange(30))
        roll = rng.random()
        length = rng.choice((0, 5, 40, 400, 1900))
        if roll < 0.35:
            pain = rng.randrange(11)
            log(f"B {seq} put {day} {pain} {length}")
            store.save_entry(Entry(date=day, pain=pain, symptoms=("burning",) * (pain % 2), note=note(seq, length)))
        elif roll < 0.7:
            log(f"B {seq} upd {day} {length}")
            store.modify_entry(day, lambda old: (old or Entry(date=day)).model_copy(update={"note": note(seq, length)}))
        elif roll < 0.9:
            log(f"B {seq} del {day}")
            store.delete_entry(day)
        else:
            log(f"B {seq} chk")
            store.add_check(CheckRecord(time=clock.now(), path=(), disposition="keep_running"))
        log(f"A {seq}")


for line in sys.stdin:
    command, *rest = line.split()
    if command == "go":
        pid = os.fork()
        if pid == 0:
            try:
                writer(int(rest[0]))
            finally:
                os._exit(0)
        print(pid, flush=True)
    elif command == "reap":
        os.waitpid(int(rest[0]), 0)
        print("reaped", flush=True)
'''


def note(seq: int, length: int) -> str:
    return (f"{seq}:" + "n\u00e9rve " * length)[: max(length, 0)] if length else ""


@dataclass
class Model:
    """What the file must hold: day -> (pain, symptoms, note), and the checks count."""

    entries: dict[dt.date, tuple] = field(default_factory=dict)
    checks: int = 0

    def apply(self, op: list[str]) -> Model:
        entries, checks = dict(self.entries), self.checks
        kind, seq = op[2], int(op[1])
        if kind == "chk":
            checks += 1
        else:
            day = dt.date.fromisoformat(op[3])
            if kind == "put":
                pain, length = int(op[4]), int(op[5])
                entries[day] = (pain, ("burning",) * (pain % 2), note(seq, length))
            elif kind == "upd":
                pain, symptoms, _ = entries.get(day, (None, (), ""))
                entries[day] = (pain, symptoms, note(seq, int(op[4])))
            else:
                entries.pop(day, None)
        return Model(entries, checks)


def actual(store: Store) -> Model:
    return Model({e.date: (e.pain, e.symptoms, e.note) for e in store.entries()}, len(store.checks()))


def temp_files(db: Path) -> list[Path]:
    return [p for p in db.parent.rglob("*") if ".tmp-" in p.name]


def wait_for_acks(acks: Path, count: int, limit: float = 5.0) -> None:
    """Wait until the writer has opened the store and acknowledged ``count`` writes."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        text = acks.read_bytes()
        if text.startswith(b"O") and text.count(b"\nA ") >= count:
            return
        time.sleep(0.0003)


class Zygote:
    def __init__(self, db: Path, acks: Path) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-c", ZYGOTE, str(db), str(acks)], cwd=ROOT,
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1,
        )

    def ask(self, line: str) -> str:
        self.proc.stdin.write(line + "\n")
        self.proc.stdin.flush()
        return self.proc.stdout.readline().strip()

    def close(self) -> None:
        self.proc.stdin.close()
        self.proc.wait(timeout=10)


@pytest.mark.slow
def test_sigkill_at_random_moments_loses_nothing_acknowledged(tmp_path: Path) -> None:
    db, acks = tmp_path / "data" / "nervecheck.json", tmp_path / "acks"
    clock = FixedClock(dt.datetime(2026, 7, 1, tzinfo=dt.timezone.utc))
    Store.open(db, clock)
    model = Model()
    rng = random.Random(20261121)
    zygote = Zygote(db, acks)
    figures = {"kills": 0, "acknowledged": 0, "in_flight": 0, "in_flight_applied": 0,
               "temps_left_by_kill": 0, "unparseable": 0, "lost": 0}
    try:
        for seed in range(KILLS):
            acks.write_bytes(b"")
            pid = int(zygote.ask(f"go {seed}"))
            # A fifth of the kills land early (while opening, cleaning, backing up); the
            # rest after 0-6 acknowledged writes plus a random part of the next one, so
            # the moments are spread over whole writes whatever the machine's speed.
            if rng.random() < 0.2:
                time.sleep(rng.uniform(0, 0.005))
            else:
                wait_for_acks(acks, rng.randrange(7))
                time.sleep(rng.uniform(0, 0.004))
            os.kill(pid, signal.SIGKILL)
            assert zygote.ask(f"reap {pid}") == "reaped"
            figures["kills"] += 1

            lines = [line.split() for line in acks.read_text().splitlines()]
            done = {line[1] for line in lines if line[0] == "A"}
            begun = [line for line in lines if line[0] == "B"]
            for op in begun:
                if op[1] in done:
                    model = model.apply(op)
            figures["acknowledged"] += len(done)
            flying = [op for op in begun if op[1] not in done]
            assert len(flying) <= 1

            try:
                json.loads(db.read_bytes())
            except ValueError:
                figures["unparseable"] += 1
                raise
            figures["temps_left_by_kill"] += bool(temp_files(db))
            found = actual(Store.open(db, clock))
            assert temp_files(db) == [], "the next open cleans temp files"
            allowed = [model] + [model.apply(op) for op in flying]
            if found not in allowed:
                figures["lost"] += 1
            assert found in allowed, f"kill {seed}: file does not match the acknowledged writes"
            if flying:
                figures["in_flight"] += 1
                figures["in_flight_applied"] += found != model
            model = found
    finally:
        zygote.close()
        print(f"\nkill test figures: {figures}")
    assert figures["kills"] >= 200
    assert figures["acknowledged"] >= KILLS
    assert figures["in_flight"] > KILLS // 4  # the kills really landed mid-write
    assert 0 < figures["in_flight_applied"] < figures["in_flight"]  # both sides of the replace were hit


@pytest.mark.slow
def test_sigkill_of_the_real_log_add_command(tmp_path: Path) -> None:
    """The issue's words: kill ``nervecheck log add`` at any moment; a "saved" line means saved."""
    db = tmp_path / "nervecheck.json"
    env = {**os.environ, "NERVECHECK_DB": str(db), "PYTHONPATH": str(ROOT)}
    rng = random.Random(7)
    saved: dict[str, int] = {}
    for n in range(12):
        day, pain = (dt.date(2020, 1, 1) + dt.timedelta(days=n)).isoformat(), n % 11
        proc = subprocess.Popen([sys.executable, "-m", "nervecheck", "log", "add", "--date", day, "--pain", str(pain)],
                                cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        time.sleep(rng.uniform(0.05, 0.4))
        proc.send_signal(signal.SIGKILL)
        out, err = proc.communicate(timeout=30)
        assert "Traceback" not in err
        if out.startswith("saved"):
            saved[day] = pain
    store = Store.open(db)
    assert {e.date.isoformat(): e.pain for e in store.entries() if e.date.isoformat() in saved} == saved
    assert temp_files(db) == []
