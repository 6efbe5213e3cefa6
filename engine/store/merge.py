"""The one rule for merging an entry into the day's stored entry, field by field.

``log import`` follows it for every entry of the file (and the store is the only
writer that calls it, under its lock):

- a field the incoming entry does not name is kept as stored;
- where both name a field, the entry with the newer ``updated_at`` wins; an entry
  without ``updated_at`` loses to one with it, and a tie keeps what is stored;
- the merged entry carries the newer ``updated_at``.

Stamps are kept per entry, not per field, so the rule is exact for whole entries
(every export names every field): importing the same file twice changes nothing the
second time, and two exports give the same result in either order when their stamps
differ. Plain documents in the model's form, no pydantic.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from nervecheck.engine.store import records
from nervecheck.engine.store.fields import ENTRY

Doc = dict[str, Any]

ADDED, UPDATED, UNCHANGED, KEPT_NEWER = "added", "updated", "unchanged", "kept newer"
#: The outcomes, in the order ``log import`` reports them.
OUTCOMES = (ADDED, UPDATED, UNCHANGED, KEPT_NEWER)

#: The fields an incoming entry can name (``date`` says which day, ``updated_at`` when).
MERGED_FIELDS = tuple(name for name in ENTRY.names if name not in ("date", "updated_at"))


def _moment(doc: Doc | None) -> dt.datetime | None:
    text = doc.get("updated_at") if doc else None
    if text is None:
        return None
    moment = dt.datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.timezone.utc)  # naive reads as UTC, as pydantic's


def is_newer(incoming: Doc, stored: Doc) -> bool:
    """Whether ``incoming`` was saved after ``stored`` (no stamp is older than any stamp)."""
    new, old = _moment(incoming), _moment(stored)
    return new is not None and (old is None or new > old)


def merge_entry(stored: Doc | None, incoming: Doc, named: Iterable[str]) -> tuple[str, Doc | None]:
    """The outcome for the day and the document to write (``None``: write nothing).

    Both documents are checked entries in the model's form; ``named`` are the fields
    the incoming entry gives (a CSV column in the header, a key in a JSON object).
    """
    named = [name for name in MERGED_FIELDS if name in set(named)]
    if stored is None:
        return ADDED, {**records.blank_entry(records.parse_day(incoming["date"])),
                       **{name: incoming[name] for name in named}, "updated_at": incoming.get("updated_at")}
    differing = [name for name in named if incoming[name] != stored[name]]
    newer = is_newer(incoming, stored)
    if not newer:
        return (KEPT_NEWER if differing else UNCHANGED), None
    merged = {**stored, **{name: incoming[name] for name in differing}, "updated_at": incoming["updated_at"]}
    return (UPDATED if differing else UNCHANGED), merged


# -- deletions (issue 15) -----------------------------------------------------------------
#
# A deleted day leaves a tombstone, ``{"date": D, "updated_at": T}`` (T: when it was
# deleted), in the store's ``deleted_entries`` table, so a merge of an older copy does
# not bring the day back. The rule is the entries' own, by ``updated_at``: an entry
# comes back only when it was saved after the deletion (strictly newer; a tie, or an
# entry without a stamp, stays deleted), and a deletion removes a stored entry only
# when it is newer than that entry's last save. Either way round the same side wins, so
# the outcome does not depend on which copy is merged into which.

KEPT_DELETED, DELETED = "kept deleted", "deleted"


def tombstone(day: dt.date, moment: dt.datetime) -> Doc:
    """The tombstone of ``day`` deleted at ``moment``."""
    return {"date": day.isoformat(), "updated_at": records.stamp_text(moment)}


def tombstone_ok(doc: Any) -> bool:
    """A tombstone exactly as NerveCheck writes it."""
    return (type(doc) is dict and doc.keys() == {"date", "updated_at"}
            and records.entry_ok({"date": doc["date"], "updated_at": doc["updated_at"]})
            and doc["updated_at"] is not None)


def entry_outlives(entry: Doc, deletion: Doc) -> bool:
    """Whether ``entry`` was saved after ``deletion`` (then it stands; else the day stays deleted)."""
    return is_newer(entry, deletion)


def newer_tombstone(one: Doc, other: Doc) -> Doc:
    """Of two tombstones of a day, the later deletion (ties: ``one``; they are equal then)."""
    return other if is_newer(other, one) else one
