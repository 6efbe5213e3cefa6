"""The file's line layout (nervecheck.engine.store.layout): one document per line, read lazily.

What a runner relies on: saving one entry neither reads nor rewrites the ten years
beside it (their lines are written back byte for byte), the file stays one JSON
object any tool reads, a file from an older NerveCheck (one long line) or one a
person re-formatted is read whole and written back in the layout by the next change
with its content unchanged, and bytes that are not both known good and in the layout
are always checked in full.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from nervecheck.engine.store import layout, verified
from nervecheck.engine.store.layout import LazyTable, NotInLayout
from nervecheck.engine.store.repository import ENTRIES, open_store
from nervecheck.engine.store.schema import Entry
from nervecheck.engine.store.storage import DamagedStoreError, _digest

from tests.conftest import TODAY

DAYS = 40


def _filled(db_path: Path, clock) -> None:
    store = open_store(db_path, clock)
    store.merge_entries([Entry(date=TODAY - dt.timedelta(days=n), pain=n % 11, note=f"day {n}")
                         for n in range(DAYS)])
    store.close()


def _lines(db_path: Path) -> dict[bytes, bytes]:
    """Each entry's line by its id."""
    return {line.split(b'":', 1)[0]: line.rstrip(b",") for line in db_path.read_bytes().split(b"\n")
            if line.startswith(b'"7')}


def test_saving_one_entry_parses_one_and_keeps_every_other_line_as_it_was(db_path, clock) -> None:
    _filled(db_path, clock)
    before = _lines(db_path)
    store = open_store(db_path, clock)  # the bytes it wrote are known good: read lazily
    assert store._file.trusted
    store.modify_entry_doc(TODAY, lambda doc: {**doc, "pain": 9})
    entries = store._storage.read()[ENTRIES]
    assert isinstance(entries, LazyTable)
    assert entries.unparsed() == DAYS - 1  # only the changed day was read
    after = _lines(db_path)
    changed = [key for key in before if before[key] != after[key]]
    assert changed == [b'"%d' % TODAY.toordinal()]
    assert json.loads(db_path.read_bytes())[ENTRIES][str(TODAY.toordinal())]["pain"] == 9


def test_reading_a_span_parses_only_that_span(db_path, clock) -> None:
    _filled(db_path, clock)
    store = open_store(db_path, clock)
    views = store.entry_views(TODAY - dt.timedelta(days=6), TODAY)
    assert [view.pain for view in views] == [n % 11 for n in range(6, -1, -1)]
    assert store._storage.read()[ENTRIES].unparsed() == DAYS - 7


def test_a_single_line_file_is_read_whole_and_rewritten_in_the_layout(db_path, clock) -> None:
    _filled(db_path, clock)
    content = json.loads(db_path.read_bytes())
    db_path.write_text(json.dumps(content, separators=(",", ":")))  # as NerveCheck 0.2 wrote it
    assert open_store(db_path, clock, read_only=True).entry(TODAY).note == "day 0"  # a reader changes nothing
    assert db_path.read_bytes().count(b"\n") == 0
    open_store(db_path, clock).close()  # a writer's open rewrites it
    raw = db_path.read_bytes()
    assert raw.count(b"\n") > DAYS and json.loads(raw) == content
    assert open_store(db_path, clock)._file.trusted  # and from now on read lazily


def test_bytes_not_in_the_layout_are_never_noted_as_good(db_path, clock) -> None:
    _filled(db_path, clock)
    pretty = json.dumps(json.loads(db_path.read_bytes()), indent=2).encode()
    db_path.write_bytes(pretty)  # a person formatted it: valid, but not one document per line
    store = open_store(db_path, clock, read_only=True)
    assert store.entry(TODAY).pain == 0
    assert verified.read(db_path) != _digest(pretty)


def test_a_damaged_line_is_named_by_the_whole_file_parse(db_path, clock) -> None:
    _filled(db_path, clock)
    raw = db_path.read_bytes().replace(b'"pain":0,', b'"pain":0,"pain":1,', 1)
    db_path.write_bytes(raw)
    with pytest.raises(DamagedStoreError, match=r"line \d+, column \d+: duplicate key 'pain'"):
        open_store(db_path, clock, read_only=True)


def test_a_document_id_twice_is_refused(db_path, clock) -> None:
    _filled(db_path, clock)
    lines = db_path.read_bytes().split(b"\n")
    first = next(index for index, line in enumerate(lines) if line.startswith(b'"7'))
    lines.insert(first, lines[first])
    db_path.write_bytes(b"\n".join(lines))
    with pytest.raises(DamagedStoreError, match="duplicate key"):
        open_store(db_path, clock, read_only=True)


_DOC = st.dictionaries(st.text(max_size=5), st.one_of(st.integers(-5, 5), st.text(max_size=8), st.none(),
                                                      st.lists(st.text(max_size=3), max_size=2)), max_size=4)
_TABLES = st.dictionaries(st.text(max_size=6),
                          st.dictionaries(st.integers(1, 10**6).map(str), _DOC, max_size=4), max_size=4)


@settings(max_examples=200, deadline=None)
@given(_TABLES)
def test_encoding_round_trips_and_is_json(data) -> None:
    raw = layout.encode(data)
    assert json.loads(raw) == data
    lazy = layout.split(raw)
    assert {name: dict(table) for name, table in lazy.items()} == data
    assert layout.encode(lazy) == raw  # nothing asked for: every line written back as read
    strict = layout.split(raw, strict=json.loads)
    assert {name: dict(table) for name, table in strict.items()} == data


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=200) | st.text(alphabet='{}":,\n1a', max_size=60).map(str.encode))
def test_any_bytes_split_into_tables_or_are_refused(raw) -> None:
    try:
        tables = layout.split(raw, strict=json.loads)
    except NotInLayout:
        return
    assert json.loads(raw) == {name: dict(table) for name, table in tables.items()}


def test_a_table_copy_shares_unread_lines_and_leaves_the_original_alone() -> None:
    raw = layout.encode({"t": {"1": {"a": 1}, "2": {"b": 2}}})
    table = layout.split(raw)["t"]
    copy = layout.copy_table(table)
    copy["2"] = {"b": 3}
    assert table.unparsed() == 2 and table["2"] == {"b": 2}
    assert json.loads(layout.encode({"t": copy})) == {"t": {"1": {"a": 1}, "2": {"b": 3}}}


_NESTED = st.recursive(st.one_of(st.none(), st.integers(-3, 3), st.text(alphabet='day":\\,{}x', max_size=6)),
                       lambda inner: st.dictionaries(st.sampled_from(["day", "x", 'd"ay', "day\\"]), inner, max_size=3)
                       | st.lists(inner, max_size=2), max_leaves=6)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet='day":\\,{}x0-', max_size=10),
       st.dictionaries(st.sampled_from(["x", "today", 'da"y', "mistake"]), _NESTED | st.booleans(), max_size=3))
def test_a_field_read_from_a_line_is_the_field_or_nothing(day, rest) -> None:
    """What the app reads without parsing (an activity's day, a check's time) is the
    document's own value, never a lookalike inside a string or a nested object."""
    doc = {**rest, "day": day}
    table = layout.split(layout.encode({"t": {"1": doc}}))["t"]
    assert table.texts_of("day")["1"] in (None, day)
    assert not table.only_as("1", "mistake", b"false") or doc.get("mistake") in (None, False)
    assert table.unparsed() == 1


@settings(max_examples=400, deadline=None)
@given(st.one_of(st.none(), st.booleans(), st.integers(-10**20, 10**20), st.floats(allow_nan=False, allow_infinity=False),
                 st.text(alphabet='day":\\,}] 1', max_size=6), st.lists(st.integers(), max_size=2)),
       st.dictionaries(st.sampled_from(["x", 'sh"oe']),
                       st.dictionaries(st.sampled_from(["shoe", "x"]), _NESTED, max_size=2) | _NESTED, max_size=3))
def test_a_scalar_read_from_a_line_is_the_value_or_unknown(value, rest) -> None:
    """Shoe distances read an activity's figures from its line: what is read there is
    the document's own value (equal and of the same type), or it is parsed instead."""
    doc = {**rest, "shoe": value}
    table = layout.split(layout.encode({"t": {"1": doc}}))["t"]
    found = table.scalars_of("shoe")["1"]
    assert found is layout.UNKNOWN or (found == value and type(found) is type(value))
    assert table.unparsed() == 1
