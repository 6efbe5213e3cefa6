"""Figures d and e: key to screen, terminal bytes per key, history and report.

Pilot timings run in a fresh interpreter (``pilot_probe.py``) so the suite's own
imports do not colour them. Bytes per key are counted on a real pty: the app opens the
log form from home with ``l``, then a 20-key check-in is typed, and the bytes the app
writes after each key (until 50 ms of quiet) are summed.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from common import NERVECHECK, PYTHON, ROOT, Row, Sample, child_env, module_missing
from term import Terminal, terminal_env

#: A 20-key check-in: pain digits, symptom toggles (b i), places (H I), pain after (a).
CHECKIN = "3bH5ia2I0b4Hi6aI1b7a"
LOG_MARKER = "Day before"  # in the log form's footer: the form is up
FRAME = 0.016
LIMIT = 0.100


def probe(task: str, db: Path, home: Path, runs: int) -> dict:
    """Run one ``pilot_probe.py`` task and return its JSON answer."""
    argv = [PYTHON, str(ROOT / "bench" / "pilot_probe.py"), task, str(db), str(runs)]
    done = subprocess.run(argv, env=child_env(home), capture_output=True, text=True, check=False)
    if done.returncode != 0:
        tail = done.stderr.strip().splitlines()[-1:] or ["no output"]
        return {"na": f"{task} failed: {tail[0][:160]}"}
    return json.loads(done.stdout.strip().splitlines()[-1])


def _row(figure: str, found: dict, reference: Sample | None = None, **budget) -> Row:
    if "na" in found:
        return Row(figure, na=found["na"], **budget)
    return Row(figure, Sample(found["values"]), reference, note=found.get("note", ""), **budget)


def measure_keys(db: Path, home: Path, runs: int) -> list[Row]:
    hello = probe("keys-hello", db, home, runs)
    reference = Sample(hello["values"]) if "values" in hello else None
    return [
        _row("d. key to frame: digit in the log form, Pilot 80x24 (ref: hello Static update)",
             probe("keys-log", db, home, runs), reference, limit=FRAME),
        _row("d. key to frame: digit in the symptom check, Pilot 80x24 (ref: hello Static update)",
             probe("keys-check", db, home, runs), reference, limit=FRAME),
    ]


def _checkin_bytes(argv: list[str], env: dict[str, str], marker: str, opener: str, keys: str) -> float:
    """Average bytes written per key over ``keys``, once ``opener`` showed the form."""
    term = Terminal(argv, terminal_env(env))
    try:
        term.wait_for(marker)
        term.settle()
        if opener:
            term.press(opener.encode())
            term.wait_for(LOG_MARKER)
            term.settle()
        sizes = [term.press(key.encode()) for key in keys]
    finally:
        term.quit(timeout=3)
    return sum(sizes) / len(sizes)


def measure_bytes(db: Path, home: Path, runs: int) -> list[Row]:
    figure = "d. terminal output per key, 20-key check-in in the log form, pty (vs hello Static update)"
    missing = module_missing("nervecheck.tui.screens.log")
    if missing:
        return [Row(figure, na=missing, limit=4096)]
    env = child_env(home)
    app = [NERVECHECK, "--db", str(db)]
    hello = [PYTHON, str(ROOT / "bench" / "hello_keys_app.py")]
    subject, baseline = [], []
    for _ in range(runs):
        baseline.append(_checkin_bytes(hello, env, "Hello", "", "3520" * 5))
        subject.append(_checkin_bytes(app, env, "This week", "l", CHECKIN))
    return [Row(figure, Sample(subject, "B"), Sample(baseline, "B"), limit=4096, note=f"keys {CHECKIN!r}")]


def measure_history(db: Path, home: Path, runs: int) -> list[Row]:
    bare, found = probe("screen-ref", db, home, runs), probe("history", db, home, runs)
    first = Sample(bare["values"]) if "values" in bare else None
    last = Sample(bare["settled"]) if "settled" in bare else None
    settled = {**found, "values": found["settled"]} if "settled" in found else found
    return [
        _row("e. history screen at 365 d, push to first frame, Pilot 80x24 (ref: bare screen push)",
             found, first, limit=LIMIT),
        _row("e. history screen at 365 d, push to last frame (settled) (ref: bare screen push)",
             settled, last),
        _row("e. history 365 d: nervecheck.engine.log.history.history on an open store", probe("history-engine", db, home, runs),
             limit=LIMIT),
        _row("e. report 28 d: nervecheck.engine.log.report.render on an open store", probe("report-engine", db, home, runs),
             limit=LIMIT),
        _row("e. report 28 d: `nervecheck report` in-process, database load included",
             probe("report", db, home, runs), limit=LIMIT),
    ]
