"""One set of rules for typed values: ``log add`` and the log form accept and refuse
exactly the same strings, with the same words after the field's name."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from nervecheck.cli import main
from nervecheck.engine.clock import FixedClock
from nervecheck.engine.store import entry_rules, fields
from nervecheck.engine.store.entry_rules import TypedValueError, typed_distance, typed_minutes
from nervecheck.tui.widgets.log_draft import LogDraft
from tests.conftest import NOW, TODAY

#: Strings a runner might type for a distance or a time.
TYPED = ["8,2", "8.2", "1e2", "0", "0.0", "-1", "inf", "nan", "1:05", "", " 8 ", "\u0663", "501", "0.0001",
         "1_0", "45,5", "1:75", ".5", "5.", "+3", "0x10", "8,2,1", "1440", "1441", "24:00", "25:00", "abc"]


def _cli(tmp_path: Path, *argv: str) -> tuple[int, str, dict | None]:
    """``log add`` on a fresh database: status, the rule's words, the run stored."""
    db, err = tmp_path / "db.json", io.StringIO()
    status = main(["--db", str(db), "log", "add", "--date", TODAY.isoformat(), *argv], io.StringIO(), err,
                  clock=FixedClock(NOW))
    if status != 0:
        return status, err.getvalue().removesuffix("\n").split(": ", 2)[2], None
    (entry,) = json.loads(db.read_text("utf-8"))["entries"].values()
    return status, "", entry["run"]


def _form(distance: str, duration: str = "") -> tuple[bool, str, dict | None]:
    """The log form with a distance and time typed: saved?, the rule's words, the run."""
    draft = LogDraft.load(TODAY, None, "km")
    draft.distance_text, draft.duration_text = distance, duration
    errors = draft.errors()
    if errors:
        (message,) = set(errors.values())
        return False, message.split(": ", 1)[1], None
    run = draft.fields()["run"]
    return True, "", None if run is None else run.model_dump()


@pytest.mark.parametrize("text", TYPED, ids=repr)
def test_a_distance_is_read_the_same_by_log_add_and_the_form(tmp_path: Path, text) -> None:
    status, cli_words, cli_run = _cli(tmp_path, "--run-km", text)
    saved, form_words, form_run = _form(text)
    assert (status == 0) == saved, (cli_words, form_words)
    assert (cli_words, cli_run) == (form_words, form_run)


@pytest.mark.parametrize("text", TYPED, ids=repr)
def test_a_time_is_read_the_same_by_log_add_and_the_form(tmp_path: Path, text) -> None:
    status, cli_words, cli_run = _cli(tmp_path, "--run-km", "5", "--run-min", text)
    saved, form_words, form_run = _form("5", text)
    assert (status == 0) == saved, (cli_words, form_words)
    assert (cli_words, cli_run) == (form_words, form_run)


def test_a_time_without_a_distance_is_refused_by_both_in_the_same_words(tmp_path: Path) -> None:
    status, cli_words, _ = _cli(tmp_path, "--run-min", "30")
    saved, form_words, _ = _form("", "30")
    assert status == 2 and not saved and cli_words == form_words == "give the distance too, or leave the time out"


@pytest.mark.parametrize(("text", "units", "km"), [("", "km", None), ("8,5", "km", 8.5), ("5", "mi", 8.047),
                                                   (" 8.2 ", "km", 8.2), (".5", "km", 0.5)])
def test_typed_distance(text, units, km) -> None:
    assert typed_distance(text, units) == km


@pytest.mark.parametrize("text", ["0", "-1", "nan", "inf", "abc", "501", "1e2", "1:05", "0.0001", "\u0663"])
def test_typed_distance_refuses(text) -> None:
    with pytest.raises(TypedValueError) as refused:
        typed_distance(text, "km")
    assert refused.value.field_name == "distance"


# 0 minutes is a time the stored run allows (``duration_min`` >= 0), so it can be typed
# too: before, ``log add`` took it and the form refused it, and a run stored with 0
# minutes could not be saved again from the form.
@pytest.mark.parametrize(("text", "minutes"), [("", None), ("45", 45.0), ("1:05", 65.0), ("45.5", 45.5),
                                               ("45,5", 45.5), ("0", 0.0), ("24:00", 1440.0)])
def test_typed_minutes(text, minutes) -> None:
    assert typed_minutes(text) == minutes


@pytest.mark.parametrize("text", ["1:75", "abc", "1441", "inf", "-1", "1e2", "25:00", "1:5"])
def test_typed_minutes_refuses(text) -> None:
    with pytest.raises(TypedValueError) as refused:
        typed_minutes(text)
    assert refused.value.field_name == "duration"


def test_the_typed_limits_are_the_stored_limits() -> None:
    assert entry_rules.MAX_KM == fields.RUN["distance_km"].high
    assert (entry_rules.MIN_MINUTES, entry_rules.MAX_MINUTES) == (fields.RUN["duration_min"].low,
                                                                 fields.RUN["duration_min"].high)
    low, high = int(fields.ENTRY["pain"].low), int(fields.ENTRY["pain"].high)
    assert (entry_rules.typed_pain(str(low)), entry_rules.typed_pain(str(high))) == (low, high)
    for beyond in (low - 1, high + 1):
        with pytest.raises(TypedValueError, match=f"^{beyond} is outside {low}..{high}$"):
            entry_rules.typed_pain(str(beyond))
    assert entry_rules.NOTE_MAX == fields.ENTRY["note"].max_length


def test_a_note_too_long_is_refused_by_both_in_the_same_words(tmp_path: Path) -> None:
    note = "x" * (entry_rules.NOTE_MAX + 1)
    status, cli_words, _ = _cli(tmp_path, "--note", note)
    draft = LogDraft.load(TODAY, None, "km")
    draft.note_text = note
    assert status == 2 and draft.errors() == {"note": f"note: {cli_words}"}


def test_log_add_with_a_blank_distance_clears_the_run_as_the_form_does(tmp_path: Path) -> None:
    db = tmp_path / "db.json"
    for argv in (["--run-km", "8,2", "--run-min", "1:05"], ["--run-km", ""]):
        assert main(["--db", str(db), "log", "add", *argv], io.StringIO(), io.StringIO(), clock=FixedClock(NOW)) == 0
        (entry,) = json.loads(db.read_text("utf-8"))["entries"].values()
        assert entry["run"] == ({"distance_km": 8.2, "duration_min": 65.0} if argv[1] != "" else None)


# -- a figure of the entry, typed by the limits of its definition ----------------------

GROWN = fields.Document("Entry", (*fields.ENTRY.fields,
                                  fields.Spec("sleep_hours", "number", None, nullable=True, low=0, high=24),
                                  fields.Spec("strides", "whole", None, nullable=True, above=0, high=50)))


@pytest.mark.parametrize(("name", "text", "value"), [
    ("pain", "0", 0), ("pain", "10", 10), ("pain", "", None),
    ("sleep_hours", "7,5", 7.5), ("sleep_hours", " 0 ", 0.0), ("sleep_hours", "24", 24.0), ("sleep_hours", " ", None),
    ("strides", "1", 1), ("strides", "50", 50),
])
def test_a_figure_added_to_the_definition_is_typed_by_its_limits(monkeypatch, name, text, value) -> None:
    monkeypatch.setattr(entry_rules, "ENTRY", GROWN)
    assert entry_rules.typed_figure(name, text) == value


@pytest.mark.parametrize(("name", "text", "message"), [
    ("pain", "11", "11 is outside 0..10"), ("pain", "-1", "-1 is outside 0..10"), ("pain", "7.0", "'7.0' is not a whole number"),
    ("pain", " 7", "' 7' is not a whole number"),
    ("sleep_hours", "24,5", "24.5 is outside 0..24"), ("sleep_hours", "1e1", "'1e1' is not a number"),
    ("sleep_hours", "-0.5", "-0.5 is outside 0..24"),
    ("strides", "0", "must be more than 0"), ("strides", "51", "51 is outside 0..50"), ("strides", "2.5", "'2.5' is not a whole number"),
])
def test_a_figure_beyond_its_definition_is_refused_naming_the_field(monkeypatch, name, text, message) -> None:
    monkeypatch.setattr(entry_rules, "ENTRY", GROWN)
    with pytest.raises(TypedValueError, match=f"^{message.replace('.', '[.]')}$") as caught:
        entry_rules.typed_figure(name, text)
    assert caught.value.field_name == name
