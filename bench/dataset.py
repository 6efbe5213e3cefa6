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
import sys
from pathlib import Path

DAYS, CHECKS, CASES = 3650, 500, 40_000


def build_database(path: Path, days: int = DAYS, checks: int = CHECKS) -> dict[str, int]:
    """Write the ten-year database at ``path``; returns what it holds."""
    from engine.demo import build
    from engine.store import open_store

    path.unlink(missing_ok=True)
    entries = build(days, dt.date.today())
    store = open_store(path)
    store.merge_entries(entries)
    _add_checks(path, _checks(entries, checks))
    store.close()
    reopened = open_store(path)  # validates every entry and check
    held = {"entries": len(reopened.entries()), "checks": len(reopened.checks()), "bytes": path.stat().st_size}
    reopened.close()
    return held


def _checks(entries: list, count: int) -> list:
    """Saved checks from the demo builder, or hand-made version 2 ones when it is
    missing or cannot build them (it is told on standard error, never silently)."""
    try:
        from engine.demo import build_checks
    except ImportError:
        return _hand_checks(entries, count)
    from engine.triage import AnswerError

    try:
        return build_checks(entries, count)
    except AnswerError as error:  # a demo builder still writing answers of an older contract
        print(f"bench: engine.demo.build_checks failed ({error}); using hand-made version 2 checks",
              file=sys.stderr)
        return _hand_checks(entries, count)


def v2_answers(entry, rng: random.Random) -> dict[str, str]:
    """A complete version 2 answer set for a day of the log: every one of the 17 flags
    no (so the check reaches the core questions, as most real checks do), the day's
    first symptom and place, and the other core answers drawn at random."""
    from engine.vocab import ANSWER_VALUES, FLAGS

    answers = dict.fromkeys(FLAGS, "no")
    answers.update({question: rng.choice(values) for question, values in ANSWER_VALUES.items() if question not in FLAGS})
    answers.update(
        symptom=entry.symptoms[0] if entry.symptoms else "none",
        location=entry.locations[0] if entry.locations else "other",
        pain_after_exercise=entry.pain_after_exercise or "none",
        after_trauma="no", systemic_signs="no", diabetes="no",
    )
    return answers


def _hand_checks(entries: list, count: int) -> list:
    """Saved checks as the app saves them: the answers walked through the real tree, so
    every path is one the tree asks and every outcome is the one it gives."""
    from engine.models import check_record
    from engine.triage import evaluate

    rng = random.Random(11)
    days = [e for e in entries if e.symptoms] or entries
    picked = sorted(rng.sample(days, min(count, len(days))), key=lambda e: e.date)
    records = []
    for entry in picked:
        time = dt.datetime.combine(entry.date, dt.time(19, 0)).astimezone()
        records.append(check_record(evaluate(v2_answers(entry, rng)), time))
    return records


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
    """``count`` JSON Lines cases, every answer id of the contract in each (all 17
    flags, ``duration`` and the other core answers: 28 ids), deterministic.

    Each flag is answered ``yes`` rarely (1% each, so about 84% of cases answer all 17
    no) so most cases walk the whole tree, as real users do; every other answer is
    uniform over its values.
    """
    from engine.vocab import ANSWER_VALUES, FLAGS

    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as out:
        for _ in range(count):
            case = {key: (("yes" if rng.random() < 0.01 else "no") if key in FLAGS else rng.choice(values))
                    for key, values in ANSWER_VALUES.items()}
            out.write(json.dumps(case) + "\n")
    return path
