"""The app's store shares equal values as it parses (peak memory at start, issue 14's
budget): sharing must never change what is stored nor let one change reach another
document.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

from nervecheck.engine.store.repository import CHECKS, ENTRIES, open_store
from nervecheck.engine.store.storage import _loads_without_gc, parse
from tests.conftest import TODAY


def _reopen(store, clock):
    path = store.path
    store.close()
    return open_store(path, clock, long_lived=True)


def test_a_check_marked_leaves_checks_with_equal_steps_as_they_were(demo_store, clock) -> None:
    store = _reopen(demo_store, clock)
    ids = [key for key, _record in store.checks_with_ids()]
    data = store._file.read()
    steps = [step for doc in data[CHECKS].values() for step in doc["path"]]
    assert len({id(step) for step in steps}) < len(steps)  # equal steps really are one object
    before = json.dumps(data[CHECKS], sort_keys=True)

    store.mark_check(ids[0])

    after = {key: record for key, record in store.checks_with_ids()}
    assert after[ids[0]].mistake is True
    assert all(not after[key].mistake for key in ids[1:])
    reread = json.loads(store.path.read_text())[CHECKS]
    old = json.loads(before)
    changed = [key for key in old if old[key] != reread[key]]
    assert len(changed) == 1
    assert old[changed[0]]["path"] == reread[changed[0]]["path"]


def test_an_entry_changed_leaves_days_with_equal_exercises_as_they_were(demo_store, clock) -> None:
    store = _reopen(demo_store, clock)
    days = [entry for entry in store.entries() if entry.exercises]
    first, others = days[0], days[1:]
    wanted = [others_day.to_json() for others_day in others]

    store.save_entry_fields(first.date, {"exercises": [], "pain": 9})

    assert store.entry(first.date).exercises == ()
    assert [store.entry(day.date).to_json() for day in others] == wanted
    on_disk = json.loads(store.path.read_text())[ENTRIES]
    assert [on_disk[str(day.date.toordinal())]["exercises"] for day in others] == [w["exercises"] for w in wanted]


def test_equal_plain_documents_stay_separate_documents(tmp_path: Path) -> None:
    text = json.dumps({"_meta": {"1": {"version": 2}}, "things": {"1": {"a": 1}, "2": {"a": 1}}})
    for data in (_loads_without_gc(text, strict=False, share=True), parse(text, tmp_path / "db.json", share=True)):
        data["things"]["1"]["a"] = 2  # TinyDB updates a document in place
        assert data["things"]["2"] == {"a": 1}


def test_sharing_keeps_every_value_and_its_type(tmp_path: Path) -> None:
    values = [0, 1, True, False, None, 0.0, -0.0, 1.0, 1e-300, "", "no", "é\u0000", [], {}]
    rng = random.Random(14)
    for _round in range(200):
        docs = {}
        for key in range(1, rng.randint(1, 8)):
            inner = [{name: rng.choice(values) for name in rng.sample("abc", rng.randint(0, 3))}
                     for _ in range(rng.randint(0, 4))]
            docs[str(key)] = {"x": rng.choice(values[:-2]), "steps": inner, "run": dict(rng.choice(inner or [{}]))}
        text = json.dumps({"_meta": {"1": {"version": 2}}, "t": docs})
        plain = json.loads(text)
        for shared in (_loads_without_gc(text, strict=False, share=True), parse(text, tmp_path / "db", share=True)):
            assert json.dumps(shared) == json.dumps(plain)  # same values, same types, same key order
            assert _types(shared) == _types(plain)


def _types(value):
    if isinstance(value, dict):
        return {key: _types(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_types(item) for item in value]
    return type(value).__name__, repr(value)


def test_the_day_after_a_shared_parse_reads_the_same_as_a_plain_one(demo_store, clock) -> None:
    shared = _reopen(demo_store, clock)
    plain = open_store(shared.path, clock)
    assert [e.to_json() for e in shared.entries()] == [e.to_json() for e in plain.entries()]
    assert [c.model_dump(mode="json") for c in shared.checks()] == [c.model_dump(mode="json") for c in plain.checks()]
    assert shared.entry(TODAY) == plain.entry(TODAY)
