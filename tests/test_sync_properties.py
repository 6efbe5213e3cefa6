"""Property tests: merging copies of the database is idempotent and order-independent.

Random histories of a few days on two or three machines: saves, deletions, checks and
mistake marks, each stamped uniquely as real saves are (to the microsecond). The pure
merge (:func:`merge_states`) and ``Store.merge_copy`` (what ``db merge`` runs) give the
same answer whichever copy is merged into which, and in any order; merging a copy
again changes nothing.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nervecheck.engine.clock import FixedClock
from nervecheck.engine.store import merge as rule
from nervecheck.engine.store import copies, records, sync
from nervecheck.engine.store.repository import open_store
from tests.conftest import NOW

BASE = NOW - dt.timedelta(days=1)
DAYS = [dt.date(2026, 11, d) for d in (1, 2, 3)]
CHECK_TIMES = [NOW - dt.timedelta(hours=h) for h in (1, 2)]

# One machine's history: its actions in order. Each action gets a unique stamp, drawn
# from one counter shared by all machines (distinct, as real microsecond stamps are).
action = st.one_of(
    st.tuples(st.just("save"), st.sampled_from(DAYS), st.integers(0, 10), st.sampled_from(["", "a", "b"])),
    st.tuples(st.just("delete"), st.sampled_from(DAYS)),
    st.tuples(st.just("check"), st.sampled_from(range(len(CHECK_TIMES)))),
    st.tuples(st.just("mark"), st.sampled_from(range(len(CHECK_TIMES))), st.booleans()),
)
histories = st.lists(st.lists(action, max_size=6), min_size=2, max_size=3)


def _check_doc(n: int) -> dict:
    return {"time": records.stamp_text(CHECK_TIMES[n]), "path": [{"id": "symptom", "answer": "burning"}],
            "disposition": "keep_running", "nerve": None, "care": None, "routines": [], "contract": 2,
            "flag": None, "ticked": [], "leaf": None}


def build(history: list, stamps) -> sync.State:
    state = sync.State()
    for act in history:
        stamp = records.stamp_text(BASE + dt.timedelta(microseconds=next(stamps)))
        kind, *args = act
        if kind == "save":
            day, pain, note = args
            state.deleted.pop(day.toordinal(), None)
            state.entries[day.toordinal()] = {**records.blank_entry(day), "pain": pain, "note": note,
                                              "updated_at": stamp}
        elif kind == "delete" and args[0].toordinal() in state.entries:
            del state.entries[args[0].toordinal()]
            state.deleted[args[0].toordinal()] = rule.tombstone(args[0], dt.datetime.fromisoformat(stamp))
        elif kind == "check":
            doc = _check_doc(args[0])
            state.checks.setdefault(sync.check_id(doc), doc)
        elif kind == "mark":
            key = sync.check_id(_check_doc(args[0]))
            if key in state.checks:
                state.checks[key] = {**state.checks[key], "mistake": args[1], "marked_at": stamp}
    return state


def machines(stories: list) -> list[sync.State]:
    stamps = itertools.count(1)
    return [build(story, stamps) for story in stories]


def same(one: sync.State, other: sync.State) -> bool:
    return (one.entries, one.deleted, one.checks) == (other.entries, other.deleted, other.checks)


def merged(*states: sync.State) -> sync.State:
    result = states[0]
    for state in states[1:]:
        result = sync.merge_states(result, state)[0]
    return result


@given(histories)
@settings(max_examples=300)
def test_merge_is_idempotent_commutative_and_order_independent(stories):
    states = machines(stories)
    a, b = states[0], states[1]
    ab = merged(a, b)
    assert same(ab, merged(b, a))
    assert same(merged(ab, b), ab) and same(merged(ab, a), ab)
    again, counts = sync.merge_states(ab, b)
    assert counts["added"] == counts["updated"] == counts["deleted"] == counts["checks added"] == 0
    results = [merged(*order) for order in itertools.permutations(states)]
    assert all(same(result, results[0]) for result in results)
    # A day is never both logged and deleted.
    assert not set(results[0].entries) & set(results[0].deleted)


def _write(path: Path, state: sync.State) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {"_meta": {"1": {"schema_version": 1}},
            "entries": {str(day): doc for day, doc in state.entries.items()},
            "deleted_entries": {str(day): doc for day, doc in state.deleted.items()},
            "checks": {str(n): doc for n, doc in enumerate(state.checks.values(), start=1)}}
    path.write_text(json.dumps(data))


def _stored(path: Path) -> sync.State:
    store = open_store(path, FixedClock(NOW))
    index = store._checked()
    return sync.State.of({day: records.canonical_entry(doc) for day, doc in index.entry_docs.items()},
                         store.tombstone_docs(), list(index.check_docs))


@given(histories)
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_db_merge_of_files_is_idempotent_and_commutative(tmp_path_factory, stories):
    folder = tmp_path_factory.mktemp("sync")
    states = machines(stories)
    paths = [folder / f"m{n}.json" for n in range(len(states))]
    for path, state in zip(paths, states):
        _write(path, state)
    finals = []
    for order in (paths, paths[::-1]):
        target = folder / f"into-{order[0].name}"
        target.write_bytes(order[0].read_bytes())
        store = open_store(target, FixedClock(NOW))
        for path in order[1:]:
            store.merge_copy(copies.read_state(path, target))
        written = target.read_bytes()
        for path in order[1:]:  # again: nothing changes, nothing is written
            store.merge_copy(copies.read_state(path, target))
        assert target.read_bytes() == written
        finals.append(_stored(target))
    assert same(finals[0], finals[1])
    assert same(finals[0], merged(*states))
