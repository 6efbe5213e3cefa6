"""The database file's line layout: one document per line, each parsed when first asked for.

A ten-year database is a few megabytes of JSON. Parsing all of it at every start,
and writing all of it again for one changed entry, was most of what ``log add`` and
the app's start cost, and the parsed documents were most of the app's memory. So the
file is written one document per line (still one JSON object, readable by any JSON
tool and by TinyDB's own ``JSONStorage``)::

    {
    "_meta":{
    "1":{"schema_version":1}
    },
    "entries":{
    "738000":{"date":"2021-07-29",...},
    "738001":{"date":"2021-07-30",...}
    },
    "checks":{
    }
    }

and :func:`split` reads it into :class:`LazyTable`\\ s that keep each document's line
as bytes until someone asks for that document. :func:`encode` writes the lines of
documents nobody asked for back as they were, and encodes only the rest: saving one
entry encodes one entry.

A document's line is trusted to parse only when the bytes are known good (they passed
every check before, see :mod:`nervecheck.engine.store.verified`) or were just checked
line by line (:func:`split` with ``strict``); anything else is parsed whole by the
storage, as before. A file in another layout (an older NerveCheck's single line, a
hand-formatted one) is read whole and rewritten in this layout by the next change.
"""

from __future__ import annotations

import gc
import json
from collections.abc import Callable, Iterator, Mapping, MutableMapping
from typing import Any

_COMMA = 44  # ord(",")
_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), allow_nan=False, check_circular=False)


#: What :meth:`LazyTable.scalars_of` gives where a line alone cannot tell.
UNKNOWN: Any = type("Unknown", (), {"__repr__": lambda self: "UNKNOWN", "__slots__": ()})()
_WORDS = {b"null": None, b"true": True, b"false": False}


def _scalar(line: bytes, start: int) -> Any:
    """The JSON scalar at ``start`` of a valid line, or :data:`UNKNOWN` (an object, a
    list, a string with an escape)."""
    first = line[start:start + 1]
    if first == b'"':
        end = line.find(b'"', start + 1)
        text = line[start + 1:end]
        return UNKNOWN if b"\\" in text else text.decode("utf-8")
    if first in (b"{", b"["):
        return UNKNOWN
    end = start
    while end < len(line) and line[end] not in b",}] \t\r":
        end += 1
    word = line[start:end]
    if word in _WORDS:
        return _WORDS[word]
    try:
        return int(word) if word.lstrip(b"-").isdigit() else float(word)
    except ValueError:
        return UNKNOWN


class NotInLayout(ValueError):
    """The bytes are valid JSON perhaps, but not in the line layout."""


class LazyTable(MutableMapping[str, Any]):
    """A table of documents by id whose documents are parsed on first access.

    Behaves as the ``dict`` TinyDB reads (keys in file order, ``str`` ids); a value is
    a ``dict`` once asked for and stays parsed. Keys, ``len`` and ``in`` parse nothing.
    """

    __slots__ = ("_items",)

    def __init__(self, items: dict[str, bytes | dict[str, Any]] | None = None) -> None:
        # A value is the document's whole line (bytes, not yet parsed) or the document.
        self._items: dict[str, Any] = {} if items is None else items

    def __getitem__(self, key: str) -> Any:
        value = self._items[key]
        if type(value) is bytes:
            value = self._items[key] = _parse_line(key, value)
        return value

    def peek(self, key: str) -> Any:
        """The document, parsed for this one use and not kept (its line stays)."""
        value = self._items[key]
        return _parse_line(key, value) if type(value) is bytes else value

    def texts_of(self, name: str) -> dict[str, str | None]:
        """The text field ``name`` of every document by id, read from the lines without
        parsing them; ``None`` where that cannot be told (not a plain string: parse it).
        See :meth:`scalars_of`, whose rule this is."""
        return {key: value if isinstance(value, str) else None for key, value in self.scalars_of(name).items()}

    def scalars_of(self, name: str) -> dict[str, Any]:
        """The field ``name`` of every document by id, read from the lines without
        parsing them, when it holds a string without escapes, a number, ``true``,
        ``false`` or ``null``; :data:`UNKNOWN` where that cannot be told (parse it).

        For a field every valid document holds at its top level (an activity's
        ``day``, a check's ``time``): in valid JSON the bytes ``"name":`` are always a
        key (a quote inside a string is escaped), so a line with them exactly once
        holds the field there; twice (a nested object with the same key) is left to
        the parser. A parsed document's own value is given as it is.
        """
        token = b'"%s":' % name.encode("ascii")
        size = len(token)
        found: dict[str, Any] = {}
        for key, value in self._items.items():
            if type(value) is not bytes:
                found[key] = value.get(name, UNKNOWN)
                continue
            at = value.find(token)
            if at < 0 or value.find(token, at + 1) >= 0:
                found[key] = UNKNOWN
                continue
            found[key] = _scalar(value, at + size)
        return found

    def only_as(self, key: str, name: str, literal: bytes) -> bool:
        """Whether every field ``name`` of document ``key``, at any depth, holds the JSON
        ``literal`` (or there is none), told from its line without parsing it; ``False``
        when that cannot be told so (then parse it), and for a parsed document."""
        value = self._items[key]
        if type(value) is not bytes:
            return False
        token = b'"%s":' % name.encode("ascii")
        at = value.find(token)
        while at >= 0:
            if not value.startswith(literal, at + len(token)):
                return False
            at = value.find(token, at + 1)
        return True

    def __setitem__(self, key: str, value: Any) -> None:
        self._items[key] = value

    def __delitem__(self, key: str) -> None:
        del self._items[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __contains__(self, key: object) -> bool:
        return key in self._items

    def keys(self):  # type: ignore[override]
        return self._items.keys()

    def values(self):  # type: ignore[override]
        self._parse_all()
        return self._items.values()

    def items(self):  # type: ignore[override]
        self._parse_all()
        return self._items.items()

    def _parse_all(self) -> None:
        pending = [key for key, value in self._items.items() if type(value) is bytes]
        if pending:
            enabled = gc.isenabled()
            gc.disable()  # thousands of acyclic dicts: no collection is worth running meanwhile
            try:
                for key in pending:
                    self._items[key] = _parse_line(key, self._items[key])
            finally:
                if enabled:
                    gc.enable()

    def copy(self) -> LazyTable:
        """A shallow copy (as ``dict.copy``): unparsed lines are shared, not parsed."""
        return LazyTable(dict(self._items))

    def unparsed(self) -> int:
        """How many documents have not been asked for (for tests and benchmarks)."""
        return sum(type(value) is bytes for value in self._items.values())

    def __repr__(self) -> str:
        return f"LazyTable({len(self)} documents, {self.unparsed()} not parsed)"


def copy_table(table: Mapping[str, Any] | None) -> MutableMapping[str, Any]:
    """A table to change without touching ``table``: documents nobody read stay unparsed."""
    if isinstance(table, LazyTable):
        return table.copy()
    return dict(table or {})


def _value_start(key: str) -> int:
    return len(key) + 3  # '"' key '":'


def _parse_line(key: str, line: bytes) -> Any:
    end = len(line) - 1 if line[-1] == _COMMA else len(line)
    return json.loads(line[_value_start(key):end])


def split(raw: bytes, strict: Callable[[bytes], Any] | None = None) -> dict[str, LazyTable]:
    """The tables of bytes in the line layout; :class:`NotInLayout` when they are not.

    Without ``strict`` the bytes must be known good: only the layout's frame is checked
    and each document is parsed when first asked for. With ``strict`` (a parser that
    raises on anything not valid), every document is parsed now, so a document that
    would not parse on its own is found here, never later.
    """
    lines = raw.split(b"\n")
    if len(lines) < 2 or lines[0] != b"{" or lines[-1] != b"}":
        raise NotInLayout("not one document per line")
    if strict is None:
        return _split_known_good(lines)
    tables: dict[str, LazyTable] = {}
    items: dict[str, Any] | None = None  # the open table's
    more = False  # the last line ended with a comma: something follows
    for number in range(1, len(lines) - 1):
        line = lines[number]
        if items is None:  # a table's first line: "name":{
            if not line.endswith(b":{") or not line.startswith(b'"') or (tables and not more):
                raise NotInLayout(f"line {number + 1}: expected a table")
            name = _name(line[:-2], number)
            if name in tables:
                raise NotInLayout(f"line {number + 1}: table {name!r} twice")
            items, more = {}, False
            tables[name] = LazyTable(items)
        elif line[:1] == b"}":  # the table's end: } or },
            if line not in (b"}", b"},") or (items and more):
                raise NotInLayout(f"line {number + 1}: a table's end")
            items, more = None, line == b"},"
        elif strict is None:  # a document of known-good bytes: its id, its line kept
            if items and not more:
                raise NotInLayout(f"line {number + 1}: no comma before it")
            items[line[1:line.find(b'":', 1)].decode("ascii")] = line
            more = line[-1] == _COMMA
        else:  # a document: "id":{...} or "id":{...},
            if items and not more:
                raise NotInLayout(f"line {number + 1}: no comma before it")
            key = _doc_id(line, number)
            if key in items:
                raise NotInLayout(f"line {number + 1}: document {key} twice")
            more = line[-1] == _COMMA
            items[key] = _checked(strict, key, line, number)
    if items is not None or more:
        raise NotInLayout("the last table is not closed")
    return tables


def _split_known_good(lines: list[bytes]) -> dict[str, LazyTable]:
    """:func:`split` of known-good lines: each table's documents taken in one pass at C
    speed, only the frame checked (the lines were proven when the bytes were noted)."""
    tables: dict[str, LazyTable] = {}
    number, last = 1, len(lines) - 1
    while number < last:
        header = lines[number]
        if not header.startswith(b'"') or not header.endswith(b":{"):
            raise NotInLayout(f"line {number + 1}: expected a table")
        name = _name(header[:-2], number)
        end = _table_end(lines, number + 1, last)
        items = {line[1:line.find(b'":', 1)].decode("ascii"): line for line in lines[number + 1:end]}
        if name in tables or len(items) != end - number - 1:
            raise NotInLayout(f"line {number + 1}: table {name!r} twice, or a document in it twice")
        tables[name] = LazyTable(items)
        number = end + 1
        if (lines[end] == b"},") != (number < last):
            raise NotInLayout(f"line {end + 1}: a table's end")
    return tables


def _table_end(lines: list[bytes], start: int, stop: int) -> int:
    ends = []
    for closer in (b"}", b"},"):
        try:
            ends.append(lines.index(closer, start, stop))
        except ValueError:
            pass
    if not ends:
        raise NotInLayout(f"line {start}: a table not closed")
    return min(ends)


def _name(quoted: bytes, number: int) -> str:
    try:
        name = json.loads(quoted)
    except ValueError:
        raise NotInLayout(f"line {number + 1}: a table name") from None
    if not isinstance(name, str):
        raise NotInLayout(f"line {number + 1}: a table name")
    return name


def _doc_id(line: bytes, number: int) -> str:
    end = line.find(b'":', 1)
    digits = line[1:end]
    if line[:1] != b'"' or end < 2 or not digits.isdigit() or digits[:1] == b"0" or not digits.isascii():
        raise NotInLayout(f"line {number + 1}: a document id")
    if line[end + 2:end + 3] != b"{" or line.rstrip(b",")[-1:] != b"}":
        raise NotInLayout(f"line {number + 1}: a document")
    return digits.decode("ascii")


def _checked(strict: Callable[[bytes], Any], key: str, line: bytes, number: int) -> dict[str, Any]:
    end = len(line) - 1 if line[-1] == _COMMA else len(line)
    try:
        doc = strict(line[_value_start(key):end])
    except (ValueError, RecursionError):
        raise NotInLayout(f"line {number + 1}: not a JSON document on its own") from None
    if not isinstance(doc, dict):
        raise NotInLayout(f"line {number + 1}: not an object")
    return doc


def encode(data: Mapping[str, Any]) -> bytes:
    """The database in the line layout. Lines of :class:`LazyTable` documents never
    asked for are written back as read; every other document is encoded."""
    parts = [b"{"]
    tables = list(data.items())
    for number, (name, table) in enumerate(tables):
        parts.append(_ENCODER.encode(str(name)).encode("utf-8") + b":{")
        docs = table._items if isinstance(table, LazyTable) else table
        last = len(docs) - 1
        for index, (doc_id, doc) in enumerate(docs.items()):
            if type(doc) is bytes:  # as read: most lines already end as they must
                if index < last:
                    parts.append(doc if doc[-1] == _COMMA else doc + b",")
                else:
                    parts.append(doc[:-1] if doc[-1] == _COMMA else doc)
                continue
            line = b'"%s":%s' % (_key(doc_id), _ENCODER.encode(doc).encode("utf-8"))
            parts.append(line + b"," if index < last else line)
        parts.append(b"}," if number < len(tables) - 1 else b"}")
    parts.append(b"}")
    return b"\n".join(parts)


def _key(doc_id: Any) -> bytes:
    text = str(doc_id)
    if text.isdigit() and text.isascii():
        return text.encode("ascii")
    return _ENCODER.encode(text)[1:-1].encode("utf-8")
