"""Figure b: CLI commands from start to exit, against ``python -c "import pydantic, tinydb"``.

``log add`` writes to a private copy of the ten-year database (one warm-up run first,
so the once-a-day backup is not counted); ``check`` answers one case; ``log export``
prints one week. Exporting all 3,650 entries is work rather than start cost, so it is
reported beside them without a budget. Each command is also run once through
``modules_probe.py`` to show it never imports Textual.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import time
from pathlib import Path

from nervecheck.engine.clock import SystemClock  # benchmarks run on the real clock

from common import NERVECHECK, PYTHON, ROOT, Row, Sample, alternate, child_env
from dataset import copy_database
from nervecheck.engine.vocab import FLAGS

BASELINE = [PYTHON, "-c", "import pydantic, tinydb"]
#: A complete version 2 case: every one of the 17 flags no, then a first-time burning
#: heel of a few days (rest and treat, ice): the whole tree is walked.
ONE_CASE = {**dict.fromkeys(FLAGS, "no"), "symptom": "burning", "location": "heel", "pattern": "first_time",
            "duration": "days", "area": "small", "muscle_tightness": "no", "after_trauma": "no",
            "systemic_signs": "no", "diabetes": "no", "cleared_by_clinician": "no", "pain_after_exercise": "none"}


def _run(argv: list[str], env: dict[str, str]) -> float:
    """Seconds from spawn to exit; a failing command is an error, not a figure."""
    start = time.perf_counter()
    done = subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(argv[1:])} exited {done.returncode}: {done.stderr.decode()[-300:]}")
    return seconds


def commands(db: Path, work: Path) -> dict[str, list[str]]:
    """The measured commands, by name."""
    copy = copy_database(db, work / "cli-copy" / "nervecheck.json")
    case = work / "one-case.json"
    case.write_text(json.dumps(ONE_CASE), encoding="utf-8")
    today = SystemClock().today()
    week = [f"--from={today - dt.timedelta(days=6)}", f"--to={today}"]
    return {
        "log add": [NERVECHECK, "--db", str(copy), "log", "add", "--pain", "2", "--note", "bench"],
        "check --answers (one case)": [NERVECHECK, "--db", str(db), "check", "--answers", str(case)],
        "log export (one week)": [NERVECHECK, "--db", str(db), "log", "export", *week],
        "log export (all 3,650 entries)": [NERVECHECK, "--db", str(db), "log", "export"],
        "report --days 28": [NERVECHECK, "--db", str(db), "report", "--days", "28"],
    }


def measure(db: Path, home: Path, runs: int) -> list[Row]:
    env = child_env(home)
    rows = []
    for index, (name, argv) in enumerate(commands(db, home).items()):
        # One warm-up round before the first command (disk cache, bytecode, and the
        # day's backup of the log add copy); the others share it.
        subject, baseline = alternate(runs, lambda a=argv: _run(a, env), lambda: _run(BASELINE, env),
                                      warmup=0 if index else 1)
        budget = None if "all" in name or "report" in name else 1.5
        note = _textual_note(argv, env, home)
        rows.append(Row(f"b. CLI `{name}` start to exit (vs import pydantic, tinydb)", Sample(subject),
                        Sample(baseline), ratio=budget, note=note, broken="TEXTUAL" in note))
    return rows


def _textual_note(argv: list[str], env: dict[str, str], home: Path) -> str:
    """'' when the command imports no Textual, else what it imported."""
    out = home / "modules.json"
    probe = [PYTHON, str(ROOT / "bench" / "modules_probe.py"), str(out), "--", *argv[1:]]
    subprocess.run(probe, env=env, check=True, stdout=subprocess.DEVNULL)
    found = json.loads(out.read_text(encoding="utf-8"))
    if found["status"] != 0:
        return f"probe exited {found['status']}"
    if found["textual"]:
        return f"IMPORTS TEXTUAL ({', '.join(found['textual'])})"
    return f"no textual; {found['modules']} modules" + (", imports rich" if found["rich"] else "")

