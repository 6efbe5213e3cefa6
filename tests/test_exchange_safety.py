"""Issue 15: your data, safe and correctable through ``log import`` and ``log export``.

- Import merges field by field: a field the file does not name is kept; where both
  the file and the store name a field, the newer ``updated_at`` wins (an entry without
  one loses to an entry with one; a tie keeps what is stored).
- A CSV quote that never closes rejects the whole file, naming the line it opens on.
- CSV export neutralises notes a spreadsheet would run as formulas, and import undoes
  exactly that, so the round trip gives the note back as typed.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nervecheck.engine.log import exchange as entry_io
from nervecheck.cli import main
from nervecheck.engine.clock import FixedClock
from nervecheck.engine.store.schema import Entry, Run
from nervecheck.engine.store.repository import open_store
from tests.conftest import NOW

EARLIER, LATER = NOW - dt.timedelta(hours=2), NOW - dt.timedelta(hours=1)
DAY = "2026-11-20"


def cli(*argv: str, clock: dt.datetime = NOW) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = main(list(argv), out, err, clock=FixedClock(clock))
    return status, out.getvalue(), err.getvalue()


def stored(db: Path) -> dict[str, dict]:
    return {doc["date"]: doc for doc in open_store(db, FixedClock(NOW)).entry_docs()}


def stamp(moment: dt.datetime) -> str:
    return moment.isoformat()


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """One full day, saved at EARLIER."""
    path = tmp_path / "n.json"
    status = cli("--db", str(path), "log", "add", "--date", DAY, "--pain", "4", "--symptom", "burning",
                 "--location", "heel", "--pain-after", "under_2h", "--note", "left heel", clock=EARLIER)[0]
    assert status == 0
    return path


def import_text(db: Path, tmp_path: Path, text: str, suffix: str = "csv") -> tuple[int, str, str]:
    source = tmp_path / f"in.{suffix}"
    source.write_text(text, newline="")
    return cli("--db", str(db), "log", "import", str(source))


# -- 1. merging is field by field --------------------------------------------------


def test_a_run_only_csv_import_keeps_the_days_pain_symptoms_places_and_note(db: Path, tmp_path: Path) -> None:
    status, out, _ = import_text(db, tmp_path, f"date,run_km,run_min,updated_at\n{DAY},8.2,45,{stamp(LATER)}\n")
    assert (status, out) == (0, "added 0, updated 1, unchanged 0, kept newer 0, rejected 0\n")
    day = stored(db)[DAY]
    assert (day["pain"], day["symptoms"], day["locations"], day["note"]) == (4, ["burning"], ["heel"], "left heel")
    assert day["run"] == {"distance_km": 8.2, "duration_min": 45.0}
    assert dt.datetime.fromisoformat(day["updated_at"]) == LATER


def test_a_date_and_pain_csv_import_changes_only_the_pain(db: Path, tmp_path: Path) -> None:
    assert import_text(db, tmp_path, f"date,pain,updated_at\n{DAY},7,{stamp(LATER)}\n")[0] == 0
    day = stored(db)[DAY]
    assert (day["pain"], day["symptoms"], day["pain_after_exercise"], day["note"]) == (7, ["burning"], "under_2h",
                                                                                       "left heel")


def test_a_json_key_left_out_is_kept_and_a_key_given_as_null_is_cleared(db: Path, tmp_path: Path) -> None:
    doc = {"date": DAY, "pain": None, "note": "", "updated_at": stamp(LATER)}
    assert import_text(db, tmp_path, json.dumps([doc]), "json")[1].startswith("added 0, updated 1,")
    day = stored(db)[DAY]
    assert (day["pain"], day["note"], day["symptoms"], day["locations"]) == (None, "", ["burning"], ["heel"])


def test_an_empty_cell_in_a_present_column_clears_the_field_as_export_writes_it(db: Path, tmp_path: Path) -> None:
    """CLI.md's fields may all be empty (null pain, no run, empty lists, empty note), and
    CSV export writes each of them as an empty cell: an empty cell names the field as empty."""
    import_text(db, tmp_path, f"date,pain,symptoms,note,updated_at\n{DAY},,,,{stamp(LATER)}\n")
    day = stored(db)[DAY]
    assert (day["pain"], day["symptoms"], day["note"]) == (None, [], "")
    assert (day["locations"], day["pain_after_exercise"]) == (["heel"], "under_2h")  # columns not in the header


def test_reimporting_an_older_export_keeps_the_newer_edits(db: Path, tmp_path: Path) -> None:
    for fmt, when, pain in (("json", LATER, 6), ("csv", LATER + dt.timedelta(minutes=5), 7)):
        old = cli("--db", str(db), "log", "export", "--format", fmt)[1]
        assert cli("--db", str(db), "log", "add", "--date", DAY, "--pain", str(pain), "--note", "better",
                   clock=when)[0] == 0
        before = db.read_bytes()
        status, out, _ = import_text(db, tmp_path, old, fmt)
        assert (status, out) == (0, "added 0, updated 0, unchanged 0, kept newer 1, rejected 0\n"), fmt
        assert db.read_bytes() == before
        assert (stored(db)[DAY]["pain"], stored(db)[DAY]["note"]) == (pain, "better")


def test_an_entry_without_updated_at_loses_to_one_with_it(db: Path, tmp_path: Path) -> None:
    status, out, _ = import_text(db, tmp_path, f"date,pain\n{DAY},9\n2026-11-19,2\n")
    assert (status, out) == (0, "added 1, updated 0, unchanged 0, kept newer 1, rejected 0\n")
    assert stored(db)[DAY]["pain"] == 4 and stored(db)["2026-11-19"]["pain"] == 2


def test_a_tie_keeps_what_is_stored(db: Path, tmp_path: Path) -> None:
    same_time = stored(db)[DAY]["updated_at"]
    out = import_text(db, tmp_path, f"date,pain,updated_at\n{DAY},9,{same_time}\n")[1]
    assert out == "added 0, updated 0, unchanged 0, kept newer 1, rejected 0\n"
    assert stored(db)[DAY]["pain"] == 4


def test_a_newer_import_of_the_same_data_counts_as_unchanged(db: Path, tmp_path: Path) -> None:
    out = import_text(db, tmp_path, f"date,pain,updated_at\n{DAY},4,{stamp(LATER)}\n")[1]
    assert out == "added 0, updated 0, unchanged 1, kept newer 0, rejected 0\n"


def test_without_stamps_on_either_side_the_store_keeps_its_entry(tmp_path: Path) -> None:
    db = tmp_path / "n.json"
    open_store(db, FixedClock(NOW)).merge_entries([Entry(date=dt.date(2026, 11, 1), pain=1)])
    out = import_text(db, tmp_path, "date,pain\n2026-11-01,3\n")[1]
    assert out == "added 0, updated 0, unchanged 0, kept newer 1, rejected 0\n"


DAYS = [dt.date(2026, 11, 1) + dt.timedelta(days=n) for n in range(4)]
ENTRY = st.builds(
    lambda day, pain, note, km: Entry(date=day, pain=pain, note=note,
                                      run=None if km is None else Run(distance_km=km, duration_min=30.0)),
    st.sampled_from(DAYS), st.none() | st.integers(0, 10), st.sampled_from(["", "a", "=b", "c\nd"]),
    st.none() | st.sampled_from([5.0, 8.2]))


@st.composite
def three_exports(draw) -> list[list[Entry]]:
    """A store's contents and two exports, every stamp distinct (one date each per export)."""
    sets = [draw(st.lists(ENTRY, max_size=4, unique_by=lambda e: e.date)) for _ in range(3)]
    minutes = draw(st.lists(st.integers(0, 600), min_size=sum(map(len, sets)), max_size=sum(map(len, sets)),
                            unique=True))
    stamps = iter(minutes)
    return [[e.model_copy(update={"updated_at": NOW - dt.timedelta(minutes=next(stamps))}) for e in entries]
            for entries in sets]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(three_exports(), st.sampled_from(["json", "csv"]))
def test_importing_is_idempotent_and_two_exports_commute(sets, fmt) -> None:
    start, a, b = sets
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        files = {}
        for name, entries in (("a", a), ("b", b)):
            open_store(root / f"{name}.json", FixedClock(NOW)).merge_entries(entries)
            files[name] = root / f"{name}.{fmt}"
            files[name].write_text(cli("--db", str(root / f"{name}.json"), "log", "export", "--format", fmt)[1],
                                   newline="")
        results = []
        for order in ("ab", "ba"):
            target = root / f"target-{order}.json"
            open_store(target, FixedClock(NOW)).merge_entries(start)
            for name in order:
                assert cli("--db", str(target), "log", "import", str(files[name]))[0] == 0
            before = target.read_bytes()
            assert cli("--db", str(target), "log", "import", str(files[order[1]]))[0] == 0
            assert target.read_bytes() == before  # the second import of the same file changes nothing
            results.append(stored(target))
        assert results[0] == results[1]


# -- 2. a CSV quote that never closes -------------------------------------------------


def test_an_unterminated_quote_rejects_the_whole_file_naming_the_line_it_opens_on(db: Path, tmp_path: Path) -> None:
    before = db.read_bytes()
    rows = ["date,pain,note", "2026-11-01,1,fine", '2026-11-02,2,"opens here', "2026-11-03,3,lost?",
            "2026-11-04,4,lost?"]
    status, out, err = import_text(db, tmp_path, "\n".join(rows) + "\n")
    assert (status, out) == (2, "") and err.count("\n") == 1
    assert "line 3: a quoted field starts here and never ends" in err
    assert db.read_bytes() == before  # nothing stored, not even line 2


def test_a_field_past_the_csv_size_limit_rejects_the_whole_file(db: Path, tmp_path: Path) -> None:
    before = db.read_bytes()
    status, out, err = import_text(db, tmp_path, "date,note\n2026-11-01,ok\n2026-11-02,\"" + "x" * 200_000 + '"\n')
    assert (status, out) == (2, "") and err.count("\n") == 1 and "line 3: " in err
    assert db.read_bytes() == before


def test_a_stray_character_after_a_closing_quote_rejects_that_line_and_reads_on(db: Path, tmp_path: Path) -> None:
    rows = ["date,pain,note", '2026-11-01,1,"ab"c', "2026-11-02,2,read on"]
    status, out, err = import_text(db, tmp_path, "\n".join(rows) + "\n")
    assert status == 2 and out.startswith("added 1,") and out.endswith("rejected 1\n")
    assert "rejected line 2: unreadable CSV" in err and stored(db)["2026-11-02"]["note"] == "read on"


# -- 3. CSV export never writes a live spreadsheet formula ----------------------------

FORMULA_NOTES = ["=HYPERLINK(\"http://x\",\"click\")", "+1", "-2 km", "@SUM(A1)", "\tindent", "\rreturn",
                 "'=already quoted", "''+two quotes", "'plain quote", "'", "plain", ""]


def _csv_notes(text: str) -> list[str]:
    import csv

    return [row[CSV_NOTE] for row in list(csv.reader(io.StringIO(text, newline="")))[1:]]


CSV_NOTE = entry_io.CSV_FIELDS.index("note")


def test_csv_export_neutralises_formulas_and_json_export_keeps_notes_as_typed(tmp_path: Path) -> None:
    db = tmp_path / "n.json"
    days = [dt.date(2026, 10, 1) + dt.timedelta(days=n) for n in range(len(FORMULA_NOTES))]
    open_store(db, FixedClock(NOW)).merge_entries([Entry(date=d, note=n) for d, n in zip(days, FORMULA_NOTES)])
    notes = _csv_notes(cli("--db", str(db), "log", "export", "--format", "csv")[1])
    assert not [note for note in notes if note[:1] in ("=", "+", "-", "@", "\t", "\r")]
    assert notes[:6] == ["'" + note for note in FORMULA_NOTES[:6]]
    assert notes[6:8] == ["''=already quoted", "'''+two quotes"] and notes[8:] == FORMULA_NOTES[8:]
    assert [doc["note"] for doc in json.loads(cli("--db", str(db), "log", "export")[1])] == FORMULA_NOTES
    assert [e.note for e in open_store(db, FixedClock(NOW)).entries()] == FORMULA_NOTES  # stored as typed


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60)
       | st.tuples(st.text("'", max_size=3), st.sampled_from("=+-@\t\r'x"), st.text(max_size=10)).map("".join))
def test_a_csv_round_trip_gives_back_any_note_exactly(note: str) -> None:
    doc = Entry(date=dt.date(2026, 11, 1), note=note).to_json()
    exported = entry_io.export_csv([doc])
    assert _csv_notes(exported)[0][:1] not in ("=", "+", "-", "@", "\t", "\r")
    result = entry_io.parse_csv(exported)
    assert not result.rejected and [e.note for e in result.entries] == [note]


# -- CSV rows that are blank, and the updated_at column ------------------------------


def test_blank_and_empty_csv_rows_are_skipped_not_rejected(db: Path, tmp_path: Path) -> None:
    text = (f"date,pain,updated_at\r\n\r\n,,\r\n2026-11-18,2,{stamp(LATER)}\r\n  ,  ,\r\n"
            f"2026-11-19,3,{stamp(LATER)}\r\n\r\n")
    status, out, err = import_text(db, tmp_path, text)
    assert (status, out, err) == (0, "added 2, updated 0, unchanged 0, kept newer 0, rejected 0\n", "")
    assert (stored(db)["2026-11-18"]["pain"], stored(db)["2026-11-19"]["pain"]) == (2, 3)


@pytest.mark.parametrize(("moment", "pain", "line"), [
    (LATER, 7, "added 0, updated 1, unchanged 0, kept newer 0, rejected 0\n"),
    (EARLIER - dt.timedelta(hours=1), 4, "added 0, updated 0, unchanged 0, kept newer 1, rejected 0\n"),
])
def test_the_csv_updated_at_decides_which_side_wins(db: Path, tmp_path: Path, moment: dt.datetime, pain: int,
                                                    line: str) -> None:
    assert import_text(db, tmp_path, f"date,pain,updated_at\n{DAY},7,{stamp(moment)}\n")[:2] == (0, line)
    day = stored(db)[DAY]
    assert day["pain"] == pain
    assert dt.datetime.fromisoformat(day["updated_at"]) == max(moment, EARLIER)


def test_a_csv_round_trip_keeps_updated_at(db: Path, tmp_path: Path) -> None:
    status, exported, _ = cli("--db", str(db), "log", "export", "--format", "csv")
    assert status == 0
    fresh = tmp_path / "fresh.json"
    assert import_text(fresh, tmp_path, exported)[0] == 0
    assert stored(fresh)[DAY]["updated_at"] == stored(db)[DAY]["updated_at"]


#: CLI.md's CSV header, which exports written before must still import under.
CLI_MD_COLUMNS = ("date", "pain", "symptoms", "locations", "run_km", "run_min", "pain_after_exercise",
                  "exercises", "note", "updated_at")


def test_the_csv_columns_come_from_the_definition_in_cli_mds_order() -> None:
    from nervecheck.engine.store.fields import ENTRY

    assert entry_io.CSV_FIELDS[:len(CLI_MD_COLUMNS)] == CLI_MD_COLUMNS
    assert list(dict.fromkeys(column.field.name for column in entry_io.COLUMNS)) == list(ENTRY.names)


def test_a_field_added_to_the_entry_gets_its_column_at_the_end_and_a_cell_cannot_hold_a_free_list() -> None:
    from nervecheck.engine.store.fields import ENTRY, Document, Spec

    grown = Document("Entry", (*ENTRY.fields, Spec("sleep_hours", "number", None, nullable=True, low=0, high=24),
                               Spec("tired", "choice", False, choices=(False, True))))
    assert [column.name for column in entry_io.columns(grown)] == [*entry_io.CSV_FIELDS, "sleep_hours", "tired"]
    with pytest.raises(ValueError, match="Entry.tags: a CSV cell cannot hold a 'strings' field"):
        entry_io.columns(Document("Entry", (*ENTRY.fields, Spec("tags", "strings", ()))))


def _entry_docs():
    from nervecheck.engine.store import fields
    from tests.test_records import valid_doc

    return st.lists(valid_doc(fields.ENTRY), max_size=4, unique_by=lambda doc: doc["date"])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_entry_docs())
def test_any_valid_entry_comes_back_from_a_csv_round_trip_with_every_field_named(docs) -> None:
    """Drawn from the definition, so a field added to it is checked here too."""
    from nervecheck.engine.store.fields import ENTRY

    entries = sorted((Entry.model_validate(doc) for doc in docs), key=lambda entry: entry.date)
    result = entry_io.parse_csv(entry_io.export_csv(entry.to_json() for entry in entries))
    assert not result.rejected
    assert result.entries == entries
    assert all(named == frozenset(ENTRY.names) for named in result.named.values())


def test_tiny_run_figures_are_written_as_plain_decimals_that_read_back() -> None:
    entry = Entry(date=dt.date(2026, 11, 1), run=Run(distance_km=1e-05, duration_min=2.5e-07))
    exported = entry_io.export_csv([entry.to_json()])
    assert "0.00001,0.00000025" in exported and "e-" not in exported
    assert entry_io.parse_csv(exported).entries == [entry]


def test_a_run_time_without_a_distance_names_both_columns(db: Path, tmp_path: Path) -> None:
    status, out, err = import_text(db, tmp_path, "date,run_km,run_min\n2026-11-18,,30\n")
    assert status == 2 and "line 2: field run_min: given without run_km, which a run needs" in err