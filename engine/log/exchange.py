"""The entry exchange formats of CLI.md: JSON and CSV export, and a checked import.

Import accepts exactly what export writes and ignores nothing silently: an unknown
field, a bad value or a repeated date rejects that entry, naming its index (JSON) or
line (CSV); the others still import.

The CSV columns and their cells are derived from the entry's definition
(:data:`nervecheck.engine.store.fields.ENTRY`), in its order: a field added there is
exported and imported with nothing written here.

Each imported entry also says which fields it names, for the field-by-field merge of
:mod:`nervecheck.engine.store.merge`: the keys of a JSON object, the columns of the CSV header
(``run_km`` and ``run_min`` together are the field ``run``). An empty cell in a
present column names its field as empty (null pain, no run, no symptoms, an empty
note), because that is how export writes an empty field and CLI.md allows every one
of them to be empty; to leave a field as stored, leave its column out.

CSV is read by spreadsheets, which run a cell starting ``=``, ``+``, ``-`` or ``@`` as
a formula: export writes such a note behind a ``'`` (the usual neutraliser, shown by
spreadsheets as text) and import takes exactly that ``'`` off again, so the round
trip gives the note back as typed. JSON and every screen show notes as typed.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any, NamedTuple

from nervecheck.engine.store.fields import ENTRY, Document, Spec
from nervecheck.engine.store.records import parse_day, parse_number_text, parse_whole_text
from nervecheck.engine.textsafe import visible

if TYPE_CHECKING:
    from nervecheck.engine.store.schema import Entry

#: An entry document in the model's form (``Entry.to_json()``, or the store's
#: ``entry_docs``): export works on these, so it needs no pydantic.
Doc = dict[str, Any]

#: CLI.md's names for the run's two cells. A field of any other sub-document gets the
#: column ``<field>_<sub-field>``.
RUN_COLUMNS = {("run", "distance_km"): "run_km", ("run", "duration_min"): "run_min"}


class Column(NamedTuple):
    """One CSV column: its header, the entry field it fills and, for a field holding a
    document (the run), which of that document's fields is in this cell."""

    name: str
    field: Spec
    part: Spec | None = None

    @property
    def spec(self) -> Spec:
        """The spec of the value in the cell."""
        return self.field if self.part is None else self.part


#: What a cell can hold without loss: a list's items are joined by ``;`` and an
#: exercise's figures by ``:``, so those cannot hold free text.
_CELL_KINDS = frozenset(("day", "stamp", "utc", "whole", "number", "text", "string", "id", "choice", "choices"))
_PART_KINDS = frozenset(("day", "utc", "whole", "number", "id", "choice"))


def columns(document: Document = ENTRY) -> tuple[Column, ...]:
    """The CSV columns of an entry, in the definition's order (which is CLI.md's: a new
    field goes at the end of ``ENTRY`` and so of the header). Derived, not listed, so a
    field added to the definition is exported and imported with nothing written here;
    a field of a kind a cell cannot hold is refused when this module is imported."""
    found: list[Column] = []
    for spec in document:
        if spec.kind == "doc":
            found += [Column(_column_name(spec, part), spec, part) for part in _cell_parts(spec, _CELL_KINDS)]
        elif spec.kind == "docs":
            _cell_parts(spec, _PART_KINDS)
            found.append(Column(spec.name, spec))
        elif spec.kind in _CELL_KINDS:
            found.append(Column(spec.name, spec))
        else:
            raise ValueError(f"{document.name}.{spec.name}: a CSV cell cannot hold a {spec.kind!r} field")
    return tuple(found)


def _column_name(spec: Spec, part: Spec) -> str:
    return RUN_COLUMNS.get((spec.name, part.name), f"{spec.name}_{part.name}")


def _cell_parts(spec: Spec, kinds: frozenset[str]) -> tuple[Spec, ...]:
    assert spec.of is not None
    for part in spec.of:
        if part.kind not in kinds:
            raise ValueError(f"{spec.of.name}.{part.name}: a CSV cell cannot hold a {part.kind!r} field here")
    return spec.of.fields


COLUMNS = columns()
CSV_FIELDS = tuple(column.name for column in COLUMNS)
_COLUMN = {column.name: column for column in COLUMNS}
#: Issue 16: a day's imported activities travel with it. JSON: an ``activities`` list on
#: the day's object (a day with activities and no entry is ``{"date", "activities"}``
#: alone); CSV: these columns at the end, written only when a day exported has
#: activities (``imported_km``, the running total, is for reading; the ``activities``
#: cell, a JSON list, is what import reads back).
ACTIVITIES_FIELD = "activities"
CSV_RUN_FIELDS = ("imported_km", "activities")
#: The shoes and their settings (default shoe, alert distance, retire day, day added):
#: JSON only, as one last element of the array, ``{"shoes": [...]}``, in the stored
#: form. They belong to no day, so CSV (one row a day) does not carry them.
SHOES_FIELD = "shoes"


def with_activities(entries: Iterable[Doc], activities: Iterable[Doc], shoes: Iterable[Doc] = ()) -> list[Doc]:
    """Entry documents (export form) with each day's stored activities added under
    ``activities``, and days with activities but no entry as ``{"date", "activities"}``;
    sorted by date, then ``{"shoes": [...]}`` when there are shoes. Days without
    activities are exactly as before."""
    days: dict[str, list[Doc]] = {}
    for doc in sorted(activities, key=lambda doc: doc["start"]):
        days.setdefault(doc["day"], []).append(doc)
    docs = [{**doc, ACTIVITIES_FIELD: days.pop(doc["date"])} if doc["date"] in days else doc for doc in entries]
    docs += [{"date": day, ACTIVITIES_FIELD: acts} for day, acts in days.items()]
    docs.sort(key=lambda doc: doc["date"])
    shoes = list(shoes)
    if shoes:
        docs.append({SHOES_FIELD: shoes})
    return docs


def export_json(docs: Iterable[Doc]) -> str:
    """The JSON array of CLI.md; every control or format character is ``\\u``-escaped,
    so the text is safe on a terminal and still reads back exactly."""
    text = json.dumps(list(docs), ensure_ascii=False, indent=1)
    return _MAYBE_HIDDEN.sub(_json_escape, text) + "\n"


# json.dumps escapes C0 controls itself but leaves DEL and every non-ASCII character
# raw; of those, the ones visible() would replace (C1 controls such as the 8-bit CSI,
# bidi overrides, line separators, private and unassigned code points) get escaped.
_MAYBE_HIDDEN = re.compile("[^\x00-\x7e]")


def _json_escape(match: re.Match[str]) -> str:
    char = match.group()
    if visible(char) == char:
        return char
    code = ord(char)
    if code > 0xFFFF:
        code -= 0x10000
        return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
    return f"\\u{code:04x}"


def _cell_writer(spec: Spec) -> Callable[[Any], str]:
    """How a field's value becomes its CSV cell: empty for ``None``, lists joined by
    ``;``, an exercise's figures (``routine:exercise:sets:reps:seconds``) by ``:``, text
    behind a ``'`` when a spreadsheet would take it for a formula. Worked out once per
    column, not per cell: a full export writes tens of thousands of cells."""
    kind = spec.kind
    if kind == "choices":
        return lambda value: "" if value is None else ";".join(value)
    if kind == "docs":
        assert spec.of is not None
        parts = tuple((part.name, _cell_writer(part)) for part in spec.of)
        return lambda value: "" if value is None else ";".join(
            ":".join([write(done.get(name)) for name, write in parts]) for done in value)
    if kind in ("text", "string"):
        return lambda value: "" if value is None else _formula_safe(value)
    if kind == "stamp":
        return lambda value: dt.datetime.fromisoformat(value).isoformat() if value else ""
    if kind == "number":
        return lambda value: "" if value is None else _number(value)
    return lambda value: "" if value is None else str(value)


def _column_writer(column: Column) -> Callable[[Doc], str]:
    name, write = column.field.name, _cell_writer(column.spec)
    if column.part is None:
        return lambda doc: write(doc.get(name))
    part = column.part.name
    return lambda doc: write((doc.get(name) or {}).get(part))


def _number(value: float) -> str:
    """A number as plain decimals, which import reads back exactly (``1e-05`` would be
    refused, as a typed ``1e3`` is)."""
    text = repr(value)
    if "e" not in text:
        return text
    import decimal  # only for the rare tiny or huge figure

    return format(decimal.Decimal(text), "f")


#: What a spreadsheet reads as the start of a formula (or, tab and carriage return,
#: as a cell it may shift into one): a note starting so is written behind a ``'``.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _formula_safe(note: str) -> str:
    """A note as a spreadsheet shows text, not as a live formula: a ``'`` in front
    when the note starts with a formula character, after any ``'`` it already starts
    with (so a note typed ``'=x`` becomes ``''=x`` and reads back as typed)."""
    return "'" + note if note.lstrip("'").startswith(FORMULA_STARTS) else note


def _as_typed(note: str) -> str:
    """Undo exactly :func:`_formula_safe`: one ``'`` off a note of ``'`` then ``'``s
    and a formula character."""
    return note[1:] if note.startswith("'") and note.lstrip("'").startswith(FORMULA_STARTS) else note


def export_csv(docs: Iterable[Doc]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    # The writer quotes a cell holding its line terminator but not a lone carriage
    # return, which readers take as the end of the row: such rows are quoted whole.
    quoted = csv.writer(out, lineterminator="\n", quoting=csv.QUOTE_ALL)
    writers = [_column_writer(column) for column in COLUMNS]
    docs = [doc for doc in docs if "date" in doc]  # the shoes element is JSON's alone
    runs = any(ACTIVITIES_FIELD in doc for doc in docs)
    writer.writerow(CSV_FIELDS + CSV_RUN_FIELDS if runs else CSV_FIELDS)
    for doc in docs:
        if "pain" not in doc:  # a day of activities only (issue 16)
            row = [doc["date"]] + [""] * (len(CSV_FIELDS) - 1)
        else:
            row = [write(doc) for write in writers]
        if runs:
            row += _activity_cells(doc.get(ACTIVITIES_FIELD, []))
        (quoted if "\r" in "".join(row) else writer).writerow(row)
    return out.getvalue()


def _activity_cells(activities: list[Doc]) -> list[str]:
    from nervecheck.engine.store.activities import RUN_SPORTS

    if not activities:
        return ["", ""]
    km = sum(doc["distance_km"] or 0.0 for doc in activities if doc["sport"] in RUN_SPORTS)
    # ASCII JSON: no control character reaches the cell, and "[" is no formula
    return [f"{km:.3f}".rstrip("0").rstrip("."), json.dumps(activities, ensure_ascii=True, separators=(",", ":"))]


class ImportResult:
    """Entries that passed, and one plain line per rejected one; entries dated after
    ``today`` (when given) are rejected, as ``log add`` and the app refuse them."""

    def __init__(self, today: dt.date | None = None) -> None:
        self.entries: list[Entry] = []
        #: The fields each entry names, by date (see the module docstring).
        self.named: dict[dt.date, frozenset[str]] = {}
        self.rejected: list[str] = []
        self.today = today
        #: Issue 16: the imported activities the file carries, checked, in the stored form.
        self.activities: list[Doc] = []
        #: And its shoes with their settings (JSON only), checked, in the stored form.
        self.shoes: list[Doc] = []


class ImportFileError(ValueError):
    """The file as a whole cannot be read (not JSON, not an array, no CSV header)."""


def _validate(doc: Any, where: str, result: ImportResult, seen: dict[Any, str],
              named: frozenset[str] | None = None) -> None:
    from pydantic import ValidationError

    from nervecheck.engine.content_files import first_problem
    from nervecheck.engine.store.schema import Entry

    try:
        entry = Entry.model_validate(doc)
    except ValidationError as error:
        result.rejected.append(f"{where}: {first_problem(error)}")
        return
    if entry.date in seen:
        result.rejected.append(f"{where}: date {entry.date} already appears at {seen[entry.date]}")
        return
    if result.today is not None and entry.date > result.today:
        result.rejected.append(f"{where}: date {entry.date} is in the future")
        return
    seen[entry.date] = where
    result.entries.append(entry)
    result.named[entry.date] = frozenset(doc) if named is None else named


def _activities_problem(acts: Any, date: Any) -> str | None:
    """What is wrong with a day's ``activities`` as read from an export, or ``None``."""
    from nervecheck.engine.store.activities import activity_problem

    try:
        parse_day(date)
    except ValueError as error:
        return f"field date: {error}"
    if not isinstance(acts, list):
        return "field activities: must be a list of activities"
    for index, activity in enumerate(acts):
        problem = activity_problem(activity)
        if problem is None and activity["day"] != date:
            problem = f"field day: {activity['day']} is not this entry's date"
        if problem:
            return f"activities {index}: {problem}"
    return None


def _day_with_activities(doc: dict[str, Any], acts: Any, where: str, result: ImportResult, seen: dict[Any, str],
                         named: frozenset[str] | None = None) -> None:
    """A day that carries activities: both are taken, or the day is rejected. A day of
    activities only (``{"date", "activities"}``) adds no entry."""
    problem = _activities_problem(acts, doc.get("date"))
    if problem:
        result.rejected.append(f"{where}: {problem}")
        return
    if set(doc) == {"date"}:
        date = doc["date"]
        if date in seen:
            result.rejected.append(f"{where}: date {date} already appears at {seen[date]}")
            return
        seen[date] = where
        result.activities += acts
        return
    before = len(result.entries)
    _validate(doc, where, result, seen, named)
    if len(result.entries) > before:
        result.activities += acts


def _shoes(shoes: Any, where: str, result: ImportResult, seen: dict[Any, str]) -> None:
    """The file's shoes (``{"shoes": [...]}``): all of them, or none (naming the one at fault)."""
    from nervecheck.engine.store.activities import shoe_key, shoe_problem

    if SHOES_FIELD in seen:
        result.rejected.append(f"{where}: the shoes already appear at {seen[SHOES_FIELD]}")
        return
    if not isinstance(shoes, list):
        result.rejected.append(f"{where}: field shoes: must be a list of shoes")
        return
    names: dict[str, int] = {}
    for index, shoe in enumerate(shoes):
        problem = shoe_problem(shoe)
        if problem is None and shoe_key(shoe["name"]) in names:
            problem = f"field name: the same shoe as shoes {names[shoe_key(shoe['name'])]}"
        if problem:
            result.rejected.append(f"{where}: shoes {index}: {problem}")
            return
        names[shoe_key(shoe["name"])] = index
    seen[SHOES_FIELD] = where
    result.shoes = shoes


def parse_json(text: str, today: dt.date | None = None) -> ImportResult:
    try:
        docs = json.loads(text, parse_constant=_refuse_constant)
    except json.JSONDecodeError as error:
        raise ImportFileError(f"not valid JSON at line {error.lineno}, column {error.colno}: {error.msg}") from None
    except (ValueError, RecursionError) as error:
        raise ImportFileError(f"not valid JSON: {error}") from None
    if not isinstance(docs, list):
        raise ImportFileError("expected a JSON array of entries, as `log export --format json` writes")
    result, seen = ImportResult(today), {}
    for index, doc in enumerate(docs):
        if isinstance(doc, dict) and set(doc) == {SHOES_FIELD}:
            _shoes(doc[SHOES_FIELD], f"entry {index}", result, seen)
            continue
        if isinstance(doc, dict) and ACTIVITIES_FIELD in doc:
            rest = {key: value for key, value in doc.items() if key != ACTIVITIES_FIELD}
            _day_with_activities(rest, doc[ACTIVITIES_FIELD], f"entry {index}", result, seen)
            continue
        _validate(doc, f"entry {index}", result, seen)
    return result


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a valid number")


def parse_csv(text: str, today: dt.date | None = None) -> ImportResult:
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader)
    except StopIteration:
        raise ImportFileError("the CSV file is empty") from None
    except csv.Error as error:
        raise ImportFileError(_unreadable(1, error)) from None
    unknown = [name for name in header if name not in CSV_FIELDS + CSV_RUN_FIELDS]
    repeated = [name for name in header if header.count(name) > 1]
    if unknown or repeated or "date" not in header:
        bad = (f"unknown column {unknown[0]!r}" if unknown
               else f"column {repeated[0]!r} appears twice" if repeated else "no date column")
        raise ImportFileError(f"line 1: {bad}; expected the header that `log export --format csv` writes")
    result, seen = ImportResult(today), {}
    named = frozenset(_COLUMN[name].field.name for name in header if name in _COLUMN)
    to_doc = _row_reader(tuple(name for name in header if name in _COLUMN))
    for where, row in _rows(reader):
        if row is None:
            result.rejected.append(where)  # the reader's refusal, with its line
            continue
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            result.rejected.append(f"{where}: {len(row)} cells, expected {len(header)}")
            continue
        cells = dict(zip(header, row))
        acts_cell = cells.pop("activities", "")
        cells.pop("imported_km", None)  # the activities' running total, for reading; not read back
        acts = None
        if acts_cell.strip():
            try:
                acts = json.loads(acts_cell, parse_constant=_refuse_constant)
            except (ValueError, RecursionError):
                result.rejected.append(f"{where}: field activities: not the JSON list export writes")
                continue
            if not any(cell.strip() for name, cell in cells.items() if name != "date"):
                _day_with_activities({"date": cells.get("date")}, acts, where, result, seen)
                continue
        try:
            doc = to_doc(cells)
        except ValueError as error:
            result.rejected.append(f"{where}: {error}")
            continue
        if acts is not None:
            _day_with_activities(doc, acts, where, result, seen, named)
            continue
        _validate(doc, where, result, seen, named)
    return result


def _rows(reader: Any) -> Iterator[tuple[str, list[str] | None]]:
    """Each row with the line it starts on; ``None`` for a row the reader refused
    (then rejected here), and the reader goes on at the next line.

    A quoted field that never closes, or one past the reader's size limit, swallows
    the rest of the file: there is no telling where the rows would have resumed, so
    that rejects the whole file (nothing is stored) rather than guessing.
    """
    while True:
        start = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            if "unexpected end of data" in str(error) or "field limit" in str(error):
                raise ImportFileError(_unreadable(start, error)) from None
            yield f"line {start}: unreadable CSV ({error})", None
            continue
        yield f"line {start}", row


def _unreadable(start: int, error: csv.Error) -> str:
    if "unexpected end of data" in str(error):
        return (f"line {start}: a quoted field starts here and never ends (a missing closing \"); "
                "nothing was imported")
    return f"line {start}: unreadable CSV ({error}); nothing was imported"


def _row_reader(names: tuple[str, ...]) -> Callable[[dict[str, str]], dict[str, Any]]:
    """How a CSV row of these columns (its cells by column) becomes an entry document,
    worked out once per file; pydantic then checks the values. A field whose columns are
    all missing is left out (its default); an empty cell is an empty value (``None``, no
    items, empty text)."""
    plan: list[tuple[str, Callable[[dict[str, str]], Any]]] = []
    for spec in ENTRY:
        present = [column for column in COLUMNS if column.field is spec and column.name in names]
        if spec.kind == "doc" and present:
            plan.append((spec.name, _document_reader(spec, present)))
        elif present:
            read = _cell_reader(spec, spec.name)
            plan.append((spec.name, lambda row, read=read, name=spec.name: read(row[name])))
    return lambda row: {name: read(row) for name, read in plan}


def _document_reader(spec: Spec, present: list[Column]) -> Callable[[dict[str, str]], dict[str, Any] | None]:
    """A field holding a document (the run) from its cells: ``None`` when all are empty;
    a required part left empty while another is given is named."""
    assert spec.of is not None
    parts = [(column.name, column.spec.name, _cell_reader(column.spec, column.name)) for column in present]
    required = [_column_name(spec, part) for part in spec.of if part.required]

    def read(row: dict[str, str]) -> dict[str, Any] | None:
        given = next((column for column, _, _ in parts if row[column]), None)
        if given is None:
            return None
        missing = next((column for column in required if not row.get(column)), None)  # empty, or not in the header
        if missing is not None:
            raise ValueError(f"field {given}: given without {missing}, which a {spec.name} needs")
        return {part: read_cell(row[column]) for column, part, read_cell in parts}

    return read


def _cell_reader(spec: Spec, name: str) -> Callable[[str], Any]:
    """Undo :func:`_cell_writer`: what the cell holds, as the document holds it."""
    kind = spec.kind
    if kind == "choices":
        return lambda cell: [item for item in cell.split(";") if item]
    if kind == "docs":
        assert spec.of is not None
        return _documents_reader(spec.of, name)
    if kind in ("text", "string"):
        return _as_typed
    if kind == "choice":  # a choice of True or 1 is written True or 1
        choices = {str(choice): choice for choice in spec.choices}
        return lambda cell: None if cell == "" else choices.get(cell, cell)
    if kind not in ("whole", "number"):
        return lambda cell: None if cell == "" else cell
    parse = parse_whole_text if kind == "whole" else parse_number_text

    def read_figure(cell: str) -> int | float | None:
        if cell == "":
            return None
        try:
            return parse(cell)
        except ValueError as error:
            raise ValueError(f"field {name}: {error}") from None

    return read_figure


def _documents_reader(document: Document, name: str) -> Callable[[str], list[dict[str, Any]]]:
    parts = [(spec.name, _cell_reader(spec, name)) for spec in document]
    form = ":".join(document.names)

    def read(cell: str) -> list[dict[str, Any]]:
        done = []
        for item in cell.split(";"):
            if not item:
                continue
            cells = item.split(":")
            if len(cells) != len(parts):
                raise ValueError(f"field {name}: {item!r} is not {form}")
            done.append({part: read_cell(value) for (part, read_cell), value in zip(parts, cells)})
        return done

    return read


def parse_import(text: str, name: str = "", today: dt.date | None = None) -> ImportResult:
    """Pick the format by name or content: JSON starts with ``[`` (or ``{``, to say
    that an array was expected); anything else is read as CSV."""
    if name.endswith(".json") or text.lstrip()[:1] in ("[", "{"):
        return parse_json(text, today)
    return parse_csv(text, today)
