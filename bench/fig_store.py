"""Figure c: saving an entry durably, reads from memory, and the cache across processes.

* ``Store.save_entry`` on a private copy of the ten-year database, alternating with
  the baseline of issue 8: ``json.dump`` of the whole file's dict to a temp file, flush,
  fsync, ``os.replace``, fsync of the folder. (``json.dump`` streams through Python's
  pure-Python encoder; a stricter reference with the one-shot C encoder,
  ``json.dumps``, is reported beside it without a budget.)
* A 365-day query on an open store against the load itself (open + parse, and the
  per-document checks unless these bytes passed them before: see engine/verified.py).
* Another process (``nervecheck log add``) changes a day; the open store must see it.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import time
from pathlib import Path

from nervecheck.engine.clock import SystemClock  # benchmarks run on the real clock

from common import NERVECHECK, Row, Sample, alternate, child_env, timed
from dataset import copy_database


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def durable_dump(data: dict, target: Path, one_shot: bool = False) -> None:
    """The baseline: write ``data`` once as JSON, durably and atomically."""
    temp = target.with_name(target.name + ".tmp")
    with temp.open("w", encoding="utf-8") as handle:
        if one_shot:
            handle.write(json.dumps(data))
        else:
            json.dump(data, handle)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temp, target)
    _fsync_dir(target.parent)


def _saver(store, today: dt.date):
    from nervecheck.engine.store.schema import Entry

    counter = iter(range(10**9))

    def save() -> float:
        entry = Entry(date=today, pain=next(counter) % 11, note="bench save")
        return timed(lambda: store.save_entry(entry))

    return save


def measure_save(db: Path, home: Path, runs: int) -> list[Row]:
    from nervecheck.engine.store.repository import open_store

    copy = copy_database(db, home / "save" / "nervecheck.json")
    data = json.loads(copy.read_bytes())
    target = home / "save-baseline" / "data.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    store = open_store(copy)
    save = _saver(store, SystemClock().today())
    save()  # the day's first write also takes the daily backup: not part of the figure
    subject, dump = alternate(runs, save, lambda: timed(lambda: durable_dump(data, target)))
    subject2, dumps = alternate(runs, save, lambda: timed(lambda: durable_dump(data, target, True)))
    store.close()
    return [
        Row("c. save entry, durable (vs json.dump + fsync + replace)", Sample(subject), Sample(dump), ratio=1.5),
        Row("c. save entry (vs json.dumps one-shot + fsync + replace)", Sample(subject2), Sample(dumps)),
    ]


def measure_reads(db: Path, home: Path, runs: int) -> list[Row]:
    """Queries after one load cost a stat and a bisect, not a parse (budget 0.1x the load)."""
    from nervecheck.engine.store.repository import open_store

    today = SystemClock().today()
    loads, queries, firsts = [], [], []
    for _ in range(runs):
        start = time.perf_counter()
        store = open_store(db)
        loads.append(time.perf_counter() - start)
        firsts.append(timed(lambda: store.entries(today - dt.timedelta(days=364), today)))
        queries.append(timed(lambda: store.entries(today - dt.timedelta(days=364), today)))
        store.close()
    note = f"first query after open {Sample(firsts).show(Sample(firsts).median)}"
    return [Row("c. query 365 d on an open store (vs open_store: read + parse)", Sample(queries),
                Sample(loads), ratio=0.1, note=note)]


def measure_insights(db: Path, home: Path, runs: int) -> list[Row]:
    """Issue 17: every load figure and insight at ten years, from the entries read
    (views) and the imported activities and shoes (the joined log, as the app reads it),
    against one plain pass over the same entries and activities (budget 3x)."""
    from nervecheck.engine.log.insights import insights, needed_from
    from nervecheck.engine.log.load import joined
    from nervecheck.engine.store.repository import open_store
    from nervecheck.engine.vocab import NERVE_SYMPTOMS

    today = SystemClock().today()
    store = open_store(db)
    views = store.entry_views(None, today)
    activities = list(store.activity_docs(None, today).values())
    shoes = store.shoe_docs()
    store.close()

    def plain() -> float:
        km, sick = 0.0, 0
        for entry in views:
            if entry.run is not None:
                km += entry.run.distance_km
            sick += any(s in NERVE_SYMPTOMS for s in entry.symptoms)
        for doc in activities:
            km += doc["distance_km"] or 0.0
        return km + sick

    def subject() -> object:
        return insights(joined(views, activities, shoes, since=needed_from(today, 90)), today, 90)

    subjects, baselines = alternate(max(runs, 15), lambda: timed(subject), lambda: timed(plain))
    return [Row(f"c. insights at {len(views)} entries, {len(activities)} activities (vs one plain pass over them)",
                Sample(subjects), Sample(baselines), ratio=3.0)]


def measure_other_process(db: Path, home: Path, runs: int) -> list[Row]:
    """Another process writes a day; the open store's next read must show it."""
    from nervecheck.engine.store.repository import open_store

    copy = copy_database(db, home / "other" / "nervecheck.json")
    store = open_store(copy)
    day = SystemClock().today() - dt.timedelta(days=3)
    rereads, seen = [], True
    for pain in range(runs):
        store.entry(day)  # cached
        cmd = [NERVECHECK, "--db", str(copy), "log", "add", "--date", str(day), "--pain", str(pain % 11)]
        subprocess.run(cmd, env=child_env(home), check=True, stdout=subprocess.DEVNULL)
        start = time.perf_counter()
        entry = store.entry(day)
        rereads.append(time.perf_counter() - start)
        seen = seen and entry is not None and entry.pain == pain % 11
    store.close()
    note = "saw every write" if seen else "MISSED another process's write"
    return [Row("c. cache sees another process's write (first read after it)", Sample(rereads), proof=seen,
                note=note)]
