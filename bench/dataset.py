"""The data the suite measures against: a ten-year database and 40,000 check cases.

The database holds 3,650 daily entries ending today (:func:`nervecheck.cli.demo.build`), written
through the real :class:`nervecheck.engine.store.repository.Store` (``merge_entries``: one lock, one write),
and 500 saved checks. Saving 500 checks one ``add_check`` at a time would cost 500
full-file writes, so the checks are added to the file in one atomic write under the
store's lock and the result is reopened with ``open_store``, which validates every
document: the file is exactly what the app would have written.
"""

from __future__ import annotations

import json
import random
import shutil
from pathlib import Path

from nervecheck.engine.clock import SystemClock  # benchmarks run on the real clock

DAYS, CHECKS, CASES = 3650, 500, 40_000


def build_database(path: Path, days: int = DAYS, checks: int = CHECKS) -> dict[str, int]:
    """Write the ten-year database at ``path``; returns what it holds."""
    from nervecheck.cli.demo import build
    from nervecheck.engine.store.repository import open_store

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
    """Saved checks as the app saves them, from the demo builder (its answers walked
    through the real tree, on the real clock)."""
    from nervecheck.cli.demo import build_checks

    return build_checks(entries, count, SystemClock())


def _add_checks(path: Path, records: list) -> None:
    from nervecheck.engine.store.storage import atomic_write_bytes, encode, file_lock

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
    from nervecheck.engine.vocab import ANSWER_VALUES, FLAGS

    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as out:
        for _ in range(count):
            case = {key: (("yes" if rng.random() < 0.01 else "no") if key in FLAGS else rng.choice(values))
                    for key, values in ANSWER_VALUES.items()}
            out.write(json.dumps(case) + "\n")
    return path
