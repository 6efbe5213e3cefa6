"""Two copies of the database made one (``nervecheck db merge``): two machines, or
Syncthing's ``*.sync-conflict-*`` copies of the same file.

One rule, :mod:`nervecheck.engine.store.merge`'s, for every day: entries field by field by the
newer ``updated_at`` (a copy's entries name every field, so the newer save wins the
day), a deletion (tombstone) against an entry by the same stamps, two deletions keep
the later. Saved checks are a union by their id (:func:`check_id`, a digest of what
was decided and when, so the same check has the same id on every machine); where both
copies hold a check, the newer mistake mark wins. Settings stay this machine's.

So a merge is idempotent (merging the same copy again changes nothing) and does not
depend on the order copies are merged in, whenever no two different saves of a day
carry the same stamp (real saves are stamped to the microsecond; a tie keeps what is
stored, as ``log import`` does).

Reading the other file is :mod:`.copies`'s job; this module only merges states, so the
repository can use it without a circle.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from nervecheck.engine.store import merge as rule
from nervecheck.engine.store import records

Doc = dict[str, Any]

#: The fields of a check's mistake mark, which a check's id leaves out.
MARK_FIELDS = ("mistake", "marked_at")
_DEFAULTS = {"nerve": None, "care": None, "routines": [], "contract": 1, "flag": None, "ticked": [], "leaf": None}

#: The words of the summary line, in order.
ENTRY_OUTCOMES = (rule.ADDED, rule.UPDATED, rule.UNCHANGED, rule.KEPT_NEWER, rule.DELETED, rule.KEPT_DELETED)
CHECK_OUTCOMES = ("checks added", "checks marked")


def check_id(doc: Doc) -> str:
    """A saved check's stable id: 8 hex digits of a digest of the check as decided
    (its mistake mark left out, defaults and time written one way), so it is the same
    in every copy and never changes when the check is marked."""
    core = {key: value for key, value in doc.items() if key not in MARK_FIELDS and _DEFAULTS.get(key, ...) != value}
    core["time"] = records.stamp_text(records.check_time(doc))
    text = json.dumps(core, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:8]


def _mark_moment(doc: Doc) -> Doc:
    return {"updated_at": doc.get("marked_at")}


def newer_mark(mine: Doc, theirs: Doc) -> bool:
    """Whether ``theirs`` was marked (or unmarked) after ``mine``."""
    return rule.is_newer(_mark_moment(theirs), _mark_moment(mine))


@dataclass
class State:
    """What a merge works on: entries and tombstones by day ordinal, checks by id."""

    entries: dict[int, Doc] = field(default_factory=dict)
    deleted: dict[int, Doc] = field(default_factory=dict)
    checks: dict[str, Doc] = field(default_factory=dict)

    @classmethod
    def of(cls, entries: dict[int, Doc], deleted: dict[int, Doc], checks: list[Doc]) -> State:
        # A day both logged and deleted (a hand-made file) reads as logged, as the store shows it.
        return cls(dict(entries), {day: doc for day, doc in deleted.items() if day not in entries},
                   {check_id(doc): doc for doc in checks})


def merge_states(mine: State, theirs: State) -> tuple[State, dict[str, int]]:
    """``theirs`` merged into ``mine``: the result and the count of each outcome."""
    counts = dict.fromkeys((*ENTRY_OUTCOMES, *CHECK_OUTCOMES), 0)
    result = State(dict(mine.entries), dict(mine.deleted), dict(mine.checks))
    for day, entry in theirs.entries.items():
        _take_entry(result, day, entry, counts)
    for day, tomb in theirs.deleted.items():
        _take_deletion(result, day, tomb, counts)
    for key, doc in theirs.checks.items():
        held = result.checks.get(key)
        if held is None:
            result.checks[key] = doc
            counts["checks added"] += 1
        elif newer_mark(held, doc):
            result.checks[key] = {**held, "mistake": doc.get("mistake", False), "marked_at": doc.get("marked_at")}
            counts["checks marked"] += 1
    return result, counts


def _take_entry(result: State, day: int, entry: Doc, counts: dict[str, int]) -> None:
    tomb = result.deleted.get(day)
    if tomb is not None:
        if rule.entry_outlives(entry, tomb):
            del result.deleted[day]
            result.entries[day] = entry
            counts[rule.ADDED] += 1
        else:
            counts[rule.KEPT_DELETED] += 1
        return
    outcome, merged = rule.merge_entry(result.entries.get(day), entry, rule.MERGED_FIELDS)
    counts[outcome] += 1
    if merged is not None:
        result.entries[day] = records.canonical_entry(merged)


def _take_deletion(result: State, day: int, tomb: Doc, counts: dict[str, int]) -> None:
    held = result.deleted.get(day)
    if held is not None:
        result.deleted[day] = rule.newer_tombstone(held, tomb)
        counts[rule.UNCHANGED] += 1
        return
    entry = result.entries.get(day)
    if entry is not None and rule.entry_outlives(entry, tomb):
        counts[rule.KEPT_NEWER] += 1
        return
    result.entries.pop(day, None)
    result.deleted[day] = tomb
    counts[rule.DELETED] += 1


def summary(counts: dict[str, int]) -> str:
    """The one line ``db merge`` prints."""
    return ", ".join(f"{name} {counts.get(name, 0)}" for name in (*ENTRY_OUTCOMES, *CHECK_OUTCOMES))


# -- reading the other copy --------------------------------------------------------------


def day_of(ordinal: int) -> dt.date:
    return dt.date.fromordinal(ordinal)
