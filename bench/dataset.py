"""The data the suite measures against: a ten-year database and 40,000 check cases.

The database holds 3,650 daily entries ending today and 500 saved checks made on them, from
the demo generator (:func:`nervecheck.cli.demo.build_demo` on the real clock: the runner
follows the app's rules, each check the engine's outcome of its day), and (issue 16) about
2,000 imported activities over the ten years with the shoes they name. The entries are written
through the real :class:`nervecheck.engine.store.repository.Store` (``merge_entries``: one
lock, one write), the activities as ``runs import`` stores them
(:func:`nervecheck.engine.log.runs.import_activities`: one locked write). Saving 500 checks
one ``add_check`` at a time would cost 500 full-file writes, so the checks are added to the
file in one atomic write under the store's lock and the result is reopened with
``open_store``, which validates every document: the file is exactly what the app would have
written.
"""

from __future__ import annotations

import json
import random
import shutil
from pathlib import Path

from nervecheck.engine.clock import SystemClock  # benchmarks run on the real clock

DAYS, CHECKS, CASES = 3650, 500, 40_000
#: Shoes a runner wears out over ten years, one after another (about 900 km each).
SHOES = ("Pegasus 36", "Pegasus 37", "Kinvara 12", "Pegasus 38", "Ghost 14", "Pegasus 39", "Kinvara 14",
         "Pegasus 40", "Ghost 16", "Pegasus 41")


def build_database(path: Path, days: int = DAYS, checks: int = CHECKS) -> dict[str, int]:
    """Write the ten-year database at ``path``; returns what it holds."""
    from nervecheck.cli.demo import build_demo
    from nervecheck.engine.store.repository import open_store

    path.unlink(missing_ok=True)
    entries, records = build_demo(days, SystemClock(), checks=checks)
    store = open_store(path)
    store.merge_entries(entries)
    _add_checks(path, records)
    _add_activities(store, days)
    store.close()
    reopened = open_store(path)  # validates every entry, check, activity and shoe
    held = {"entries": len(reopened.entries()), "checks": len(reopened.checks()),
            "activities": len(reopened.activity_docs()), "bytes": path.stat().st_size}
    reopened.close()
    return held


def _add_checks(path: Path, records: list) -> None:
    from nervecheck.engine.store.storage import atomic_write_bytes, encode, file_lock

    with file_lock(path):
        data = json.loads(path.read_bytes())
        table = data.setdefault("checks", {})
        start = max((int(key) for key in table), default=0) + 1
        for number, record in enumerate(records, start=start):
            table[str(number)] = record.model_dump(mode="json")
        atomic_write_bytes(path, encode(data))


def activities(days: int = DAYS, seed: int = 16) -> list:
    """Ten years of a watch's activities ending today: three runs a week (each credited
    to the shoe of its time, as a Strava export names them) and one swim, ride, row or
    walk; about 2,000 in all."""
    import datetime as dt

    from nervecheck.engine.watch.activity import Activity

    rng = random.Random(seed)
    today = SystemClock().today()
    first = today - dt.timedelta(days=days - 1)
    found = []
    for offset in range(0, days, 7):
        for slot, sport in enumerate(("run", "run", "run", rng.choice(("swim", "ride", "row", "walk")))):
            day = first + dt.timedelta(days=offset + 2 * slot)
            if day > today:
                break
            seconds = rng.randint(25, 70) * 60.0
            km = seconds * (rng.uniform(2.6, 3.4) if sport == "run" else rng.uniform(0.5, 6.0)) / 1000
            found.append(Activity(
                start=dt.datetime.combine(day, dt.time(6 + slot, 15), tzinfo=dt.timezone.utc), sport=sport,
                sport_raw=sport.capitalize(), distance_km=round(km, 2), moving_s=seconds, elapsed_s=seconds + 60,
                elevation_gain_m=float(rng.randint(5, 300)), avg_hr=float(rng.randint(120, 165)),
                shoe=SHOES[offset * len(SHOES) // days] if sport == "run" else None,
                source=f"activities/{len(found) + 1}.fit.gz", external_id=str(9_000_000 + len(found)),
                name=f"{sport.capitalize()} {len(found) + 1}", from_index=False))
    return found


def _add_activities(store, days: int) -> None:
    """The activities as ``runs import`` stores them, then each worn-out shoe retired the
    day its successor came, and the newest the default (as ``shoes`` would set them)."""
    from nervecheck.engine.log import runs

    runs.import_activities(store, [runs.activity_doc(activity, store.clock) for activity in activities(days)])

    def retire(_acts: dict, shoes: dict) -> tuple[dict, dict, None]:
        keys = sorted(shoes, key=lambda key: shoes[key]["added"])
        changes = {old: {**shoes[old], "retired": shoes[new]["added"]} for old, new in zip(keys, keys[1:])}
        changes[keys[-1]] = {**shoes[keys[-1]], "default": True}
        return {}, changes, None

    store.change_runs(retire)


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
