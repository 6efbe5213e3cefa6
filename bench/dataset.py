"""The data the suite measures against: a ten-year database and 40,000 check cases.

The database holds 3,650 daily entries ending today (:func:`engine.demo.build`), written
through the real :class:`engine.store.Store` (``merge_entries``: one lock, one write),
and 500 saved checks. Saving 500 checks one ``add_check`` at a time would cost 500
full-file writes, so the checks are added to the file in one atomic write under the
store's lock and the result is reopened with ``open_store``, which validates every
document: the file is exactly what the app would have written.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import shutil
from pathlib import Path

from engine.clock import SystemClock  # benchmarks run on the real clock

DAYS, CHECKS, CASES = 3650, 500, 40_000


def build_database(path: Path, days: int = DAYS, checks: int = CHECKS) -> dict[str, int]:
    """Write the ten-year database at ``path``; returns what it holds."""
    from engine.demo import build
    from engine.store import open_store

    path.unlink(missing_ok=True)
    entries = build(days, SystemClock().today())
    store = open_store(path)
    store.merge_entries(entries)
    _add_checks(path, _checks(entries, checks))
    store.close()
    reopened = open_store(path)  # validates every entry and check
    held = {"entries": len(reopened.entries()), "checks": len(reopened.checks()), "bytes": path.stat().st_size}
    reopened.close()
    return held


def _checks(entries: list, count: int) -> list:
    """Saved checks from the demo builder, or simple hand-made ones if triage is missing."""
    try:
        from engine.demo import build_checks

        return build_checks(entries, count, SystemClock())
    except ImportError:
        return _hand_checks(entries, count)


def _hand_checks(entries: list, count: int) -> list:
    from engine.models import CheckRecord, PathStep
    from engine.vocab import RED_FLAGS

    rng = random.Random(11)
    picked = sorted(rng.sample(entries, count), key=lambda e: e.date)
    path = tuple(PathStep(id=flag, answer="no") for flag in RED_FLAGS) + (
        PathStep(id="symptom", answer="none"), PathStep(id="pain_after_exercise", answer="none"))
    return [CheckRecord(time=SystemClock().at(e.date, dt.time(19, 0)), path=path,
                        disposition="keep_running") for e in picked]


def _add_checks(path: Path, records: list) -> None:
    from engine.storage import atomic_write_bytes, encode, file_lock

    with file_lock(path):
        data = json.loads(path.read_bytes())
        table = data.setdefault("checks", {})
        start = max((int(key) for key in table), default=0) + 1
        for number, record in enumerate(records, start=start):
            table[str(number)] = record.model_dump(mode="json")
        atomic_write_bytes(path, encode(data))


def copy_database(source: Path, target: Path) -> Path:
    """A private copy (for commands that write); backups of the copy stay beside it."""
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    return target


def build_cases(path: Path, count: int = CASES, seed: int = 3) -> Path:
    """``count`` JSON Lines cases, all 15 answer ids each, deterministic.

    Red flags are answered ``yes`` rarely (3% each) so most cases walk the whole tree,
    as real users do; every other answer is uniform over its values.
    """
    from engine.vocab import ANSWER_VALUES, RED_FLAGS

    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as out:
        for _ in range(count):
            case = {key: (("yes" if rng.random() < 0.03 else "no") if key in RED_FLAGS else rng.choice(values))
                    for key, values in ANSWER_VALUES.items()}
            out.write(json.dumps(case) + "\n")
    return path
