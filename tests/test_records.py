"""The store's fast path never accepts what the pydantic models refuse."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nervecheck.engine.store import fields, records
from nervecheck.engine.clock import FixedClock
from nervecheck.cli.demo import build_demo
from nervecheck.engine.store.schema import Activity, CheckRecord, Entry, Settings, Shoe
from tests.conftest import NOW, TODAY

ANY = st.one_of(st.none(), st.booleans(), st.integers(-5, 3000), st.floats(allow_nan=True),
                st.text(max_size=8), st.lists(st.text(max_size=5), max_size=3), st.dictionaries(st.text(max_size=4), st.integers(), max_size=2))
DAY = st.one_of(st.dates().map(dt.date.isoformat), st.sampled_from(["2026-02-30", "2026-1-01", "20261121", "２０２６-11-21"]), ANY)
STAMP = st.one_of(st.none(), st.datetimes(timezones=st.just(dt.timezone.utc)).map(dt.datetime.isoformat),
                  st.sampled_from(["2026-11-21T09:30:00Z", "2026-11-21T09:30:00", "2026-11-21", "2026-11-21T25:00:00Z"]), ANY)
IDS = st.lists(st.sampled_from(["burning", "heel", "toes", "none", "weakness", "sole", "Burning", ""]), max_size=4)
RUN = st.one_of(st.none(), st.fixed_dictionaries({"distance_km": st.one_of(st.floats(-1, 600), ANY)},
                                                 optional={"duration_min": st.one_of(st.floats(-1, 2000), ANY), "x": ANY}), ANY)
EXERCISE = st.fixed_dictionaries(
    {"routine": st.sampled_from(["runner_strength", "gentle_mobility", "nope", "Bad", "a" * 70, ""]),
     "exercise": st.sampled_from(["goblet_squat", "chin_tuck", "x", "x-y"])},
    optional={"sets": st.one_of(st.integers(-1, 120), ANY), "reps": ANY, "seconds": ANY, "extra": ANY})
NOTE = st.one_of(st.text(max_size=30), st.just("x" * 2001), st.just("a\ud800b"), ANY)

ENTRY_DOC = st.fixed_dictionaries({"date": DAY}, optional={
    "pain": st.one_of(st.integers(-2, 12), ANY), "symptoms": st.one_of(IDS, ANY), "locations": st.one_of(IDS, ANY),
    "run": RUN, "pain_after_exercise": st.one_of(st.sampled_from(["none", "under_2h", "over_2h", "always"]), ANY),
    "exercises": st.one_of(st.lists(EXERCISE, max_size=2), ANY), "note": NOTE, "updated_at": STAMP, "bogus": ANY})

CHECK_DOC = st.fixed_dictionaries({"time": STAMP, "path": st.one_of(
    st.lists(st.fixed_dictionaries({"id": st.text(max_size=4), "answer": st.one_of(st.text(max_size=3), ANY)}), max_size=3), ANY),
    "disposition": st.one_of(st.sampled_from(["emergency", "keep_running", "maybe"]), ANY)},
    optional={"nerve": ANY, "care": st.sampled_from(["ice", "heat", "cold", None]), "routines": st.one_of(IDS, ANY)})


PAIRS = sorted((routine, exercise) for routine, ids in (fields.exercise_ids() or {}).items() for exercise in ids)
VALID_EXERCISE = st.sampled_from(PAIRS).flatmap(lambda pair: st.fixed_dictionaries(
    {"routine": st.just(pair[0]), "exercise": st.just(pair[1]), "sets": st.integers(0, 100)},
    optional={"reps": st.integers(0, 1000)}))
VALID_ENTRY = st.fixed_dictionaries({
    "date": st.dates().map(dt.date.isoformat), "pain": st.one_of(st.none(), st.integers(0, 10)),
    "symptoms": st.lists(st.sampled_from(["burning", "tingling"]), max_size=2),
    "locations": st.lists(st.sampled_from(["heel", "toes"]), max_size=2),
    "run": st.one_of(st.none(), st.fixed_dictionaries({"distance_km": st.floats(0, 500, exclude_min=True)},
                                                       optional={"duration_min": st.floats(0, 1440)})),
    "pain_after_exercise": st.sampled_from([None, "none", "over_2h"]),
    "exercises": st.lists(VALID_EXERCISE, max_size=2), "note": st.text(max_size=20).filter(lambda t: "\ud800" not in t),
    "updated_at": st.sampled_from([None, "2026-11-21T09:30:00Z", "2026-11-21T09:30:00.123456+01:00"])})
EDGES = st.one_of(ANY, st.integers(-3, 13), st.floats(-1, 1441), st.sampled_from(
    [-1, 11, 501, 1441, 1.5, True, "7", "", "x" * 2001, [], {}, ["burning", "nope"], {"distance_km": -1},
     {"distance_km": 501}, {"distance_km": 5, "duration_min": 1441}, {"distance_km": True},
     [{"routine": "A", "exercise": "b"}], [{"routine": "a", "exercise": "b", "sets": 101}],
     [{"routine": "a", "exercise": "b", "reps": -1}], "2026-11-21T09:30:00", "2026-02-30"]))


@settings(max_examples=3000, deadline=None)
@given(VALID_ENTRY, st.sampled_from(sorted(set(fields.ENTRY.names) | {"extra"})), EDGES)
def test_one_bad_field_is_never_waved_through(doc, field, value):
    """A valid entry with one field changed: fast path and models agree it is bad."""
    assert records.entry_ok(doc) and _accepted(Entry, doc)
    doc = {**doc, field: value}
    if records.entry_ok(doc):
        assert _accepted(Entry, doc), doc


BASE = {"date": "2026-11-21", "pain": 3, "symptoms": ["burning"], "locations": ["heel"],
        "run": {"distance_km": 8.2, "duration_min": 45.0}, "pain_after_exercise": "under_2h",
        "exercises": [{"routine": "runner_strength", "exercise": "goblet_squat", "sets": 3, "reps": 10}],
        "note": "ok", "updated_at": "2026-11-21T09:30:00Z"}
RUN, EX = BASE["run"], BASE["exercises"][0]
BOUNDARIES = {
    "date": ["2026-11-21", "2024-02-29", "2026-02-29", "2026-13-01", "2026-1-1", "20261121", "2026-11-21T00:00", 20261121],
    "pain": [0, 10, -1, 11, 7.0, 7.5, True, "7", None],
    "symptoms": [[], ["burning", "burning"], ["none"], ["Burning"], "burning", [1]],
    "locations": [["other"], ["both_feet"], ["foot"], None],
    "run": [None, {"distance_km": 0}, {"distance_km": 0.0}, {"distance_km": -0.0}, {"distance_km": 5e-324},
            {"distance_km": 0.001}, {"distance_km": 500}, {"distance_km": 500.01}, {"distance_km": -0.01},
            {"distance_km": 5, "duration_min": 1440}, {"distance_km": 5, "duration_min": 1440.5},
            {"distance_km": 5, "duration_min": -1}, {"distance_km": True}, {"duration_min": 5}, {"distance_km": "5"},
            {**RUN, "pace": 5}],
    "pain_after_exercise": [None, "none", "over_2h", "2h", 2],
    "exercises": [[], [{**EX, "sets": 0}], [{**EX, "sets": 100}], [{**EX, "sets": 101}], [{**EX, "sets": -1}],
                  [{**EX, "reps": 1000}], [{**EX, "reps": 1001}], [{**EX, "seconds": 86400}], [{**EX, "seconds": 86401}],
                  [{**EX, "routine": "Runner"}], [{**EX, "exercise": "a" * 64}], [{**EX, "exercise": "a" * 65}],
                  [{**EX, "sets": True}], [{**EX, "weight": 5}], ["goblet_squat"],
                  [{**EX, "routine": "nope"}], [{**EX, "exercise": "x"}], [{**EX, "exercise": "chin_tuck"}],
                  [{**EX, "routine": "gentle_mobility", "exercise": "chin_tuck"}],
                  [{**EX, "routine": "low_impact_cardio", "exercise": "low_impact_session", "seconds": 1200}],
                  [EX, {**EX, "routine": "nope"}]],
    "note": ["", "x" * 2000, "x" * 2001, "a\ud800", "[b]x[/b]", "\x1b[2J", 5],
    "updated_at": [None, "2026-11-21T09:30:00+01:00", "2026-11-21T09:30:00", "2026-11-21", 1700000000, "yesterday"],
}
CASES = [(field, value) for field, values in BOUNDARIES.items() for value in values]


@pytest.mark.parametrize("field, value", CASES, ids=[f"{f}={v!r:.30}" for f, v in CASES])
def test_fast_path_agrees_at_every_boundary(field, value):
    """At each edge of each field the fast path accepts exactly what the model
    accepts, or (for forms NerveCheck never writes) defers to it."""
    doc = {**BASE, field: value}
    fast, model = records.entry_ok(doc), _accepted(Entry, doc)
    assert not (fast and not model), "fast path waved through a bad entry"
    if model and field not in ("updated_at", "date", "pain", "note"):
        assert fast, "a valid entry NerveCheck would write fell off the fast path"


def _accepted(model, doc) -> bool:
    try:
        model.model_validate(doc)
    except ValueError:
        return False
    return True


@settings(max_examples=1500, deadline=None)
@given(ENTRY_DOC)
def test_fast_entry_check_never_accepts_what_the_model_refuses(doc):
    if records.entry_ok(doc):
        assert _accepted(Entry, doc), doc


@settings(max_examples=1500, deadline=None)
@given(st.one_of(ENTRY_DOC, VALID_ENTRY, VALID_ENTRY.map(lambda doc: {  # fields and exercise sets left out
    "date": doc["date"], "exercises": [{k: v for k, v in done.items() if k != "sets"} for done in doc["exercises"]]})))
def test_the_canonical_form_is_what_the_model_writes(doc):
    """CLI export and ``log add`` use it instead of the model: it must be the same JSON."""
    if records.entry_ok(doc):
        assert records.canonical_entry(doc) == Entry.model_validate(doc).to_json(), doc


@given(st.datetimes(timezones=st.sampled_from([dt.timezone.utc, dt.timezone(dt.timedelta(hours=5, minutes=30)),
                                               dt.timezone(dt.timedelta(hours=-3))])))
def test_times_are_written_as_the_model_writes_them(moment):
    text = records.stamp_text(moment)
    assert text == Entry(date=TODAY, updated_at=moment).to_json()["updated_at"]
    assert records.entry_ok({"date": "2026-11-21", "updated_at": text})


def test_a_blank_entry_is_the_models_blank_entry():
    assert records.blank_entry(TODAY) == Entry(date=TODAY).to_json()


@settings(max_examples=600, deadline=None)
@given(CHECK_DOC)
def test_fast_check_check_never_accepts_what_the_model_refuses(doc):
    if records.check_ok(doc):
        assert _accepted(CheckRecord, doc), doc


@given(st.fixed_dictionaries({}, optional={"units": st.one_of(st.sampled_from(["km", "mi", "furlong"]), ANY), "x": ANY}))
def test_fast_settings_check_never_accepts_what_the_model_refuses(doc):
    if records.settings_ok(doc):
        assert _accepted(Settings, doc)


def test_everything_the_app_writes_takes_the_fast_path():
    """Otherwise start-up would fall back to pydantic for every document."""
    entries, checks = build_demo(400, FixedClock(NOW), checks=40)
    assert all(records.entry_ok(entry.to_json()) for entry in entries)
    assert all(records.check_ok(check.model_dump(mode="json")) for check in checks)


def test_views_read_like_the_models():
    for entry in build_demo(200, FixedClock(NOW))[0]:
        view = records.EntryView(entry.to_json())
        assert (view.date, view.pain, view.symptoms, view.locations, view.pain_after_exercise, view.note) == (
            entry.date, entry.pain, entry.symptoms, entry.locations, entry.pain_after_exercise, entry.note)
        assert (view.run.distance_km if view.run else None) == (entry.run.distance_km if entry.run else None)


def test_home_path_does_not_import_pydantic(tmp_path):
    """The home screen draws from views: pydantic waits until a section needs it."""
    import subprocess
    import sys

    code = (
        "import sys, datetime as dt\n"
        "from pathlib import Path\n"
        "from nervecheck.engine.store.repository import open_store\n"
        "from nervecheck.engine.log.summary import home_summary\n"
        f"store = open_store(Path({str(tmp_path / 'db.json')!r}))\n"
        f"home_summary(store, dt.date.fromisoformat({TODAY.isoformat()!r}))\n"
        "import nervecheck.tui.app, nervecheck.tui.screens.home\n"
        "print('pydantic' in sys.modules)\n"
    )
    seed = subprocess.run([sys.executable, "-c", "from pathlib import Path; from nervecheck.cli.demo import write_demo;"
                           "import datetime as dt; from nervecheck.engine.clock import FixedClock;"
                           f"write_demo(Path({str(tmp_path / 'db.json')!r}), 60, "
                           f"FixedClock(dt.datetime.fromisoformat({NOW.isoformat()!r})))"],
                          check=True, capture_output=True)
    assert seed.returncode == 0
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    assert out.stdout.strip() == "False"


# Each boundary row's expected verdict, so a change to a rule on either side shows up
# here as well as in the agreement test above.
REFUSED = [
    ("run", {"distance_km": 0}), ("run", {"distance_km": 0.0}), ("run", {"distance_km": -0.0}),
    ("exercises", [{**EX, "routine": "nope"}]), ("exercises", [{**EX, "exercise": "x"}]),
    ("exercises", [{**EX, "exercise": "chin_tuck"}]), ("exercises", [EX, {**EX, "routine": "nope"}]),
]
ACCEPTED = [
    ("run", {"distance_km": 5e-324}), ("run", {"distance_km": 0.001}),
    ("exercises", [{**EX, "routine": "gentle_mobility", "exercise": "chin_tuck"}]),
    ("exercises", [{**EX, "routine": "low_impact_cardio", "exercise": "low_impact_session", "seconds": 1200}]),
]


@pytest.mark.parametrize("field, value", REFUSED, ids=[f"{f}={v!r:.40}" for f, v in REFUSED])
def test_zero_runs_and_unknown_exercise_ids_are_refused_on_both_sides(field, value):
    doc = {**BASE, field: value}
    assert not records.entry_ok(doc) and not _accepted(Entry, doc)


@pytest.mark.parametrize("field, value", ACCEPTED, ids=[f"{f}={v!r:.40}" for f, v in ACCEPTED])
def test_small_runs_and_known_exercise_ids_are_accepted_on_both_sides(field, value):
    doc = {**BASE, field: value}
    assert records.entry_ok(doc) and _accepted(Entry, doc)


def test_the_id_table_matches_the_content_models():
    """The plain-JSON id table reads the same ids as the pydantic content models."""
    from nervecheck.engine.routines.plan import load_routines

    book = load_routines()
    assert fields.exercise_ids() == {r.id: frozenset(e.id for e in r.exercises) for r in book.routines}
    assert PAIRS and all(fields.known_exercise(e, {"routine": r}) is None for r, e in PAIRS)


def test_every_exercise_of_the_content_is_accepted_by_both():
    for routine, exercise in PAIRS:
        doc = {**BASE, "exercises": [{"routine": routine, "exercise": exercise, "sets": 1}]}
        assert records.entry_ok(doc) and _accepted(Entry, doc), (routine, exercise)


def test_without_a_readable_id_table_both_sides_check_the_form_only(monkeypatch):
    """If the packaged routines could not be read, the two sides still agree."""
    monkeypatch.setattr(fields, "exercise_ids", lambda: None)
    doc = {**BASE, "exercises": [{**EX, "routine": "nope", "exercise": "x"}]}
    assert records.entry_ok(doc) and _accepted(Entry, doc)
    bad = {**BASE, "exercises": [{**EX, "routine": "No pe"}]}
    assert not records.entry_ok(bad) and not _accepted(Entry, bad)


def test_the_id_table_is_read_once_without_pydantic():
    import subprocess
    import sys

    code = ("import sys\nfrom nervecheck.engine.store import fields\nfields.exercise_ids.cache_clear()\n"
            "table = fields.exercise_ids()\nassert table and 'runner_strength' in table\n"
            "assert fields.exercise_ids() is table\nprint('pydantic' in sys.modules)\n")
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    assert out.stdout.strip() == "False"


@pytest.mark.parametrize("text", ["{", "[]", '{"routines": {"a": 1}}', '{"routines": [{"id": "a"}]}',
                                  '{"routines": [{"id": ["a"], "exercises": []}]}',
                                  '{"routines": [{"id": "a", "exercises": [{"id": 5}]}]}'])
def test_an_unreadable_routines_file_gives_no_table(monkeypatch, text):
    """Read fresh (not the cached table): any shape but the routines file's is None."""
    from nervecheck.engine import content_files

    class Fake:
        def read_text(self, encoding):
            return text

    monkeypatch.setattr(content_files, "content_path", lambda name: Fake())
    assert fields.exercise_ids.__wrapped__() is None


# -- the converse, and every limit of the one definition, on both sides ---------------

def _valid_value(spec: fields.Spec) -> st.SearchStrategy:
    """Values ``spec`` allows, in the form NerveCheck writes them."""
    kind = spec.kind
    if kind == "day":
        return st.dates().map(dt.date.isoformat)
    if kind == "stamp":
        return st.datetimes(timezones=st.sampled_from([dt.timezone.utc, dt.timezone(dt.timedelta(hours=-3))])).map(
            records.stamp_text)
    if kind == "utc":
        return st.datetimes(dt.datetime(1990, 1, 2), dt.datetime(2200, 1, 1)).map(
            lambda moment: moment.isoformat() + "Z")
    if kind == "whole":
        return st.integers(spec.low, spec.high)
    if kind == "number":
        low = spec.above if spec.above is not None else spec.low
        return st.floats(low, spec.high, exclude_min=spec.above is not None) | st.integers(int(low) + 1, int(spec.high))
    if kind == "text":
        return st.text(max_size=30).filter(lambda text: not fields.SURROGATE.search(text)) | st.just("x" * spec.max_length)
    if kind in ("string", "id"):
        return st.text(max_size=8)
    if kind == "choice":
        return st.sampled_from(spec.choices)
    if kind == "choices":
        return st.lists(st.sampled_from(spec.choices), max_size=4)
    if kind == "strings":
        return st.lists(st.text(max_size=5), max_size=3)
    if kind == "doc":
        return valid_doc(spec.of)
    return st.lists(valid_doc(spec.of), max_size=3)


def valid_doc(document: fields.Document) -> st.SearchStrategy:
    """Documents of ``document`` as NerveCheck writes them, drawn from the one definition
    (fields that may be left out sometimes are; exercises name real routine ids)."""
    def strategy(spec: fields.Spec) -> st.SearchStrategy:
        values = _valid_value(spec)
        return st.one_of(st.none(), values) if spec.nullable else values

    drawn = st.fixed_dictionaries({spec.name: strategy(spec) for spec in document if spec.required},
                                  optional={spec.name: strategy(spec) for spec in document if not spec.required})
    if document is fields.EXERCISE_DONE:  # the rules read the routines: draw real pairs
        return st.tuples(drawn, st.sampled_from(PAIRS)).map(
            lambda pair: {**pair[0], "routine": pair[1][0], "exercise": pair[1][1]})
    if document is fields.ACTIVITY:  # the day is the local day of the start, a day either side at most
        return st.tuples(drawn, st.integers(-1, 1)).map(lambda pair: {**pair[0], "day": (
            fields.parse_utc(pair[0]["start"]).date() + dt.timedelta(days=pair[1])).isoformat()})
    if document is fields.SHOE:  # a shoe's name is not blank
        return drawn.map(lambda doc: {**doc, "name": doc["name"] if doc["name"].strip() else "x" + doc["name"]})
    return drawn


TOP = {fields.ENTRY: (records.entry_ok, Entry), fields.CHECK: (records.check_ok, CheckRecord),
       fields.SETTINGS: (records.settings_ok, Settings), fields.ACTIVITY: (records.activity_ok, Activity),
       fields.SHOE: (records.shoe_ok, Shoe)}


@settings(max_examples=800, deadline=None)
@given(st.sampled_from(list(TOP)).flatmap(lambda document: st.tuples(st.just(document), valid_doc(document))))
def test_whatever_the_definition_allows_both_sides_accept(drawn):
    """The converse of the tests above: a random valid document is valid to the models
    and passes the fast check, and what the model writes passes it too."""
    document, doc = drawn
    fast, model = TOP[document]
    assert fast(doc), doc
    written = model.model_validate(doc).model_dump(mode="json")
    assert fast(written), written
    if document is fields.ENTRY:
        assert records.canonical_entry(doc) == written
    if document in CANONICAL:
        assert CANONICAL[document](doc) == written


CANONICAL = {fields.ACTIVITY: records.canonical_activity, fields.SHOE: records.canonical_shoe}


VALID_CHECK = {"time": "2026-11-21T09:30:00Z", "path": [{"id": "symptom", "answer": "burning"}],
               "disposition": "rest_and_treat", "nerve": "plantar", "care": "ice", "routines": [], "contract": 2,
               "flag": None, "ticked": [], "leaf": "rest_heel"}
#: Where each document sits in a stored one: (top document, field holding it, index).
PLACE = {fields.ENTRY: (fields.ENTRY, None), fields.RUN: (fields.ENTRY, "run"),
         fields.EXERCISE_DONE: (fields.ENTRY, "exercises"), fields.CHECK: (fields.CHECK, None),
         fields.PATH_STEP: (fields.CHECK, "path"), fields.SETTINGS: (fields.SETTINGS, None),
         fields.ACTIVITY: (fields.ACTIVITY, None), fields.SHOE: (fields.SHOE, None)}
VALID_ACTIVITY = {"start": "2026-11-18T07:15:00Z", "day": "2026-11-18", "sport": "run", "sport_raw": "Run",
                  "distance_km": 10.0, "moving_s": 3000.0, "elapsed_s": 3100.0, "elevation_gain_m": 40.0,
                  "avg_hr": 150.0, "shoe": "Pegasus 40", "source": "run.fit", "external_id": "123",
                  "name": "Morning run", "from_index": False}
VALID_SHOE = {"name": "Pegasus 40", "retired": None, "alert_km": 600.0, "default": True, "added": "2026-11-01"}
BASES = {fields.ENTRY: BASE, fields.CHECK: VALID_CHECK, fields.SETTINGS: {"units": "mi"},
         fields.ACTIVITY: VALID_ACTIVITY, fields.SHOE: VALID_SHOE}


def _with(document: fields.Document, name: str, value) -> tuple[fields.Document, dict]:
    """A valid stored document with ``document``'s field ``name`` set to ``value``."""
    top, holder = PLACE[document]
    base = BASES[top]
    if holder is None:
        return top, {**base, name: value}
    part = base[holder][0] if isinstance(base[holder], list) else base[holder]
    part = {**part, name: value}
    return top, {**base, holder: [part] if isinstance(base[holder], list) else part}


def _limit_cases():
    for document in fields.DOCUMENTS:
        for spec in document:
            if spec.kind in ("whole", "number"):
                low = spec.above if spec.above is not None else spec.low
                yield document, spec.name, spec.high, True
                yield document, spec.name, spec.high + 1, False
                yield document, spec.name, low, spec.above is None
                yield document, spec.name, low - 1, False
            if spec.kind in ("choice", "choices"):
                yield document, spec.name, spec.choices[-1] if spec.kind == "choice" else [spec.choices[-1]], True
                yield document, spec.name, "not_a_choice" if spec.kind == "choice" else ["not_a_choice"], False
            if spec.max_length is not None:
                yield document, spec.name, "x" * spec.max_length, True
                yield document, spec.name, "x" * (spec.max_length + 1), False
            if spec.required and not spec.nullable:  # required and nullable: present, maybe null
                yield document, spec.name, None, False


LIMITS = list(_limit_cases())


@pytest.mark.parametrize("document, name, value, valid", LIMITS,
                         ids=[f"{d.name}.{n}={v!r:.20}" for d, n, v, _ in LIMITS])
def test_every_limit_of_the_definition_holds_on_both_sides(document, name, value, valid):
    """Read from the table itself: each limit, each set of ids, on the fast checks and
    on the models alike (so neither can move a line on its own)."""
    top, doc = _with(document, name, value)
    fast, model = TOP[top]
    assert (fast(doc), _accepted(model, doc)) == (valid, valid)


@pytest.mark.parametrize("care", ["cold", "ICE", "", "none", 1, True, ["ice"], {"care": "ice"}])
def test_a_saved_check_with_an_unknown_care_is_refused_on_both_sides(care):
    """The care ids written out here, not read from the table: a fast check that took
    any care would otherwise pass every agreement test that draws from the table."""
    assert records.check_ok(VALID_CHECK) and _accepted(CheckRecord, VALID_CHECK)
    doc = {**VALID_CHECK, "care": care}
    assert not records.check_ok(doc) and not _accepted(CheckRecord, doc)


CHECK_EDGES = st.one_of(ANY, st.sampled_from(["cold", "ice", "heat", "rest", None, 3, 1, 2, True, [], [{}],
                                               [{"id": "a"}], [{"id": "a", "answer": 1}], ["runner_strength"],
                                               ["nope"], "2026-11-21T09:30:00", "2026-11-21T25:00:00Z"]))


@settings(max_examples=1500, deadline=None)
@given(valid_doc(fields.CHECK), st.sampled_from([*fields.CHECK.names, "extra"]), CHECK_EDGES)
def test_one_bad_field_of_a_saved_check_is_never_waved_through(doc, field, value):
    """A valid saved check with one field changed (care among them): the fast path
    never accepts what the model refuses."""
    assert records.check_ok(doc)
    doc = {**doc, field: value}
    if records.check_ok(doc):
        assert _accepted(CheckRecord, doc), doc


def test_the_home_screen_settled_with_checks_does_not_load_pydantic(tmp_path) -> None:
    """Home after its first frame (the recheck nudge worked out, the store verified) with
    a dozen saved checks: still no pydantic, whose import and models cost start-up time
    and ~17 MiB of peak memory on a Pi (bench figure a)."""
    import subprocess
    import sys

    db = tmp_path / "db.json"
    seed = ("from pathlib import Path; from nervecheck.cli.demo import write_demo; import datetime as dt; "
            "from nervecheck.engine.clock import FixedClock; "
            f"write_demo(Path({str(db)!r}), 60, FixedClock(dt.datetime.fromisoformat({NOW.isoformat()!r})), 12)")
    subprocess.run([sys.executable, "-c", seed], check=True, capture_output=True, timeout=120)
    code = (
        "import asyncio, sys, datetime as dt\n"
        "from pathlib import Path\n"
        "from nervecheck.engine.clock import FixedClock\n"
        f"clock = FixedClock(dt.datetime.fromisoformat({NOW.isoformat()!r}))\n"
        "from nervecheck.engine.store import open_store\n"
        "from nervecheck.tui.app import build_app\n"
        "async def main():\n"
        f"    store = open_store(Path({str(db)!r}), clock, check_later=True, long_lived=True)\n"
        f"    app = build_app(store, clock, db_path=Path({str(db)!r}))\n"
        "    async with app.run_test(size=(80, 24)) as pilot:\n"
        "        await pilot.pause(0.3)\n"
        "        assert 'Last check' in str(app.screen.query_one('#today').render())\n"
        "    print('pydantic' in sys.modules)\n"
        "asyncio.run(main())\n"
    )
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True, timeout=120)
    assert out.stdout.strip().splitlines()[-1] == "False"


ACTIVITY_EDGES = st.one_of(ANY, st.sampled_from([
    "2026-11-18T07:15:00+01:00", "2026-11-18T07:15:00", "2026-11-18 07:15:00Z", "2026-11-18T25:15:00Z",
    "2026-11-16", "2026-11-20", "2026-11-19", "2026-02-30", "hike", "Run", -0.5, 10_001, 300.5, float("inf"),
    "", "   ", "x" * 201, "a\ud800", 1, 0, True]))


@settings(max_examples=1500, deadline=None)
@given(st.sampled_from([fields.ACTIVITY, fields.SHOE]).flatmap(lambda document: st.tuples(
    st.just(document), valid_doc(document), st.sampled_from([*document.names, "extra"]), ACTIVITY_EDGES)))
def test_one_bad_field_of_an_activity_or_shoe_is_never_waved_through(drawn):
    """Issue 16's documents, from the same definition: a valid activity or shoe with one
    field changed (a start not in UTC, a day far from it, a blank name among them) is
    never taken by the fast check when the model refuses it."""
    document, doc, field, value = drawn
    fast, model = TOP[document]
    assert fast(doc)
    doc = {**doc, field: value}
    if fast(doc):
        assert _accepted(model, doc), doc


@pytest.mark.parametrize("field, value", [
    ("start", "2026-11-18T08:15:00+01:00"), ("start", "2026-11-18T07:15:00"), ("day", "2026-11-20"),
    ("sport", "jog"), ("from_index", 0), ("distance_km", -1), ("source", None)])
def test_an_activity_not_as_written_is_refused_on_both_sides(field, value):
    """Written out, not drawn from the table: the rules the hand-kept checks had before."""
    assert records.activity_ok(VALID_ACTIVITY) and _accepted(Activity, VALID_ACTIVITY)
    doc = {**VALID_ACTIVITY, field: value}
    assert not records.activity_ok(doc) and not _accepted(Activity, doc)


@pytest.mark.parametrize("field, value", [("name", "  "), ("name", ""), ("alert_km", 0), ("retired", "soon"),
                                          ("default", 1), ("added", None)])
def test_a_shoe_not_as_written_is_refused_on_both_sides(field, value):
    assert records.shoe_ok(VALID_SHOE) and _accepted(Shoe, VALID_SHOE)
    doc = {**VALID_SHOE, field: value}
    assert not records.shoe_ok(doc) and not _accepted(Shoe, doc)
