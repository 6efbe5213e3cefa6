"""Fuzzing every parser a user can reach: any input gets a result or a clear error.

``log import`` (JSON and CSV text), ``log add`` argument values and ``check --answers``
run through the real entry point, ``nervecheck.cli.main``: the exit status is 0 or 2, a
failure is one line on standard error starting ``nervecheck``, no traceback ever
escapes, and the database stays valid.
"""

from __future__ import annotations

import csv
import io
import json
import tempfile
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nervecheck.cli import main
from nervecheck.engine.clock import FixedClock
from nervecheck.engine.log.exchange import CSV_FIELDS
from nervecheck.engine.store.repository import file_problems
from nervecheck.engine.vocab import ANSWER_VALUES, LOCATIONS, PAIN_AFTER, SYMPTOMS
from tests.conftest import NOW

TRIED: Counter[str] = Counter()
FUZZ = settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.fixture(scope="module")
def workdir():
    with tempfile.TemporaryDirectory() as folder:
        yield Path(folder)


@pytest.fixture(scope="module", autouse=True)
def _report_cases():
    yield
    print(f"\nfuzz cases tried: {dict(TRIED)}")


def run(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = main(argv, out, err, clock=FixedClock(NOW))
    TRIED[f"exit {status}"] += 1
    return status, out.getvalue(), err.getvalue()


def assert_clear(status: int, out: str, err: str, prefix: str = "nervecheck") -> None:
    assert status in (0, 2), (status, err)
    assert "Traceback" not in err and "\x1b" not in err
    for line in err.splitlines():
        assert line.startswith(prefix), line
    if status == 2 and not out:
        assert err.count("\n") == 1 and err.endswith("\n"), err


# -- strategies --------------------------------------------------------------------

NASTY = st.sampled_from(["[", "[/", "[@click=app.quit]x[/]", "link=", "\\", "\x1b[2J", "\x00", "\r", "\n",
                         ",", ";", ":", '"', "\ufeff", "NaN", "1e999", "-0", "2026-02-30", "\udcff"])
TEXT = st.one_of(st.text(max_size=30), NASTY, st.lists(NASTY, max_size=4).map("".join))
SCALAR = st.one_of(st.none(), st.booleans(), st.integers(-20, 10**20), st.floats(allow_nan=False), TEXT)
DATES = st.one_of(st.dates().map(str), st.sampled_from(["2026-11-20", "2026-02-30", "20261121", "2026-11-20T08:00"]))
IDS = st.sampled_from([*SYMPTOMS, *LOCATIONS, *PAIN_AFTER, "none", "itch", ""])
JSON_VALUE = st.recursive(SCALAR, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(TEXT, inner, max_size=3),
                          max_leaves=8)
ENTRY_DOC = st.fixed_dictionaries(
    {"date": DATES},
    optional={
        "pain": st.one_of(st.integers(-2, 12), SCALAR), "symptoms": st.lists(IDS, max_size=3) | JSON_VALUE,
        "locations": st.lists(IDS, max_size=3) | JSON_VALUE, "note": TEXT | SCALAR,
        "run": st.none() | st.fixed_dictionaries({"distance_km": SCALAR}, optional={"duration_min": SCALAR}) | JSON_VALUE,
        "pain_after_exercise": IDS | SCALAR, "exercises": st.lists(JSON_VALUE, max_size=2),
        "updated_at": TEXT | SCALAR, "mood": SCALAR,
    },
)


def write(workdir: Path, name: str, text: str) -> Path:
    path = workdir / name
    path.write_bytes(text.encode("utf-8", "surrogatepass"))
    return path


def db_still_valid(db: Path) -> None:
    if db.exists():
        assert file_problems(db) == []


# -- log import --------------------------------------------------------------------


@FUZZ
@given(docs=st.lists(ENTRY_DOC | JSON_VALUE, max_size=6) | JSON_VALUE)
def test_fuzz_log_import_json_documents(workdir: Path, docs) -> None:
    TRIED["log import json"] += 1
    source = write(workdir, "in.json", json.dumps(docs))
    db = workdir / "import-json.json"
    assert_clear(*run(["--db", str(db), "log", "import", str(source)]))
    db_still_valid(db)


@FUZZ
@given(text=st.one_of(st.text(max_size=200), st.lists(TEXT, max_size=10).map("".join),
                      st.just("[") .map(lambda s: s * 5000)))
def test_fuzz_log_import_raw_text(workdir: Path, text) -> None:
    TRIED["log import raw text"] += 1
    for name in ("in.json", "in.csv", "in.txt"):
        source = write(workdir, name, text)
        assert_clear(*run(["--db", str(workdir / "import-raw.json"), "log", "import", str(source)]))
    db_still_valid(workdir / "import-raw.json")


CELL = st.one_of(TEXT, DATES, st.integers(-5, 15).map(str), st.lists(IDS, max_size=3).map(";".join),
                 st.sampled_from(["5.5", "nan", "inf", "1e3", "runner_strength:goblet_squat:3:10:", "a:b:c", "::::"]))


HEADER = st.one_of(
    st.lists(st.sampled_from([*CSV_FIELDS, "mood", ""]), min_size=1, max_size=10),
    st.lists(st.sampled_from(CSV_FIELDS[1:]), unique=True).map(lambda rest: ["date", *rest]),
)


@FUZZ
@given(header=HEADER,
       rows=st.lists(st.lists(CELL, max_size=11), max_size=5))
def test_fuzz_log_import_csv(workdir: Path, header, rows) -> None:
    TRIED["log import csv"] += 1
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    source = write(workdir, "in.csv", out.getvalue())
    db = workdir / "import-csv.json"
    assert_clear(*run(["--db", str(db), "log", "import", str(source)]))
    db_still_valid(db)


# -- log add -------------------------------------------------------------------------

OPTIONS = st.sampled_from(["--date", "--pain", "--symptom", "--location", "--run-km", "--run-mi", "--run-min",
                           "--pain-after", "--note", "--mood", "-h", "--", "-"])
VALUE = st.one_of(TEXT, IDS, DATES, st.integers(-3, 12).map(str), st.floats().map(str),
                  st.sampled_from(["7.5", "1_0", "\u0663", "5", "0", "10", "8.2", "-1", "1e3", "inf", "nan"]))


@FUZZ
@given(args=st.lists(st.one_of(OPTIONS, VALUE), max_size=8))
def test_fuzz_log_add_arguments(workdir: Path, args) -> None:
    TRIED["log add"] += 1
    db = workdir / "add.json"
    args = [a.replace("\x00", "") for a in args]  # argv cannot hold NUL
    assert_clear(*run(["--db", str(db), "log", "add", *args]))
    db_still_valid(db)


@FUZZ
@given(pairs=st.lists(st.tuples(OPTIONS, VALUE), max_size=5))
def test_fuzz_log_add_option_values(workdir: Path, pairs) -> None:
    TRIED["log add option=value"] += 1
    db = workdir / "add-pairs.json"
    args = [f"{option}={value}".replace("\x00", "") for option, value in pairs if option.startswith("--")]
    assert_clear(*run(["--db", str(db), "log", "add", *args]))
    db_still_valid(db)


PLAUSIBLE = st.one_of(
    st.tuples(st.just("--pain"), st.integers(-1, 11).map(str)),
    st.tuples(st.just("--date"), st.dates(min_value=__import__("datetime").date(2000, 1, 1),
                                          max_value=__import__("datetime").date(2026, 1, 1)).map(str)),
    st.tuples(st.sampled_from(["--symptom", "--location", "--pain-after"]), IDS),
    st.tuples(st.sampled_from(["--run-km", "--run-mi", "--run-min"]),
              st.floats(-1, 600, allow_nan=False).map(lambda x: f"{x:.2f}")),
    st.tuples(st.just("--note"), TEXT.map(lambda t: t.replace("\x00", ""))),
)


@FUZZ
@given(pairs=st.lists(PLAUSIBLE, max_size=6))
def test_fuzz_log_add_plausible_values(workdir: Path, pairs) -> None:
    TRIED["log add plausible"] += 1
    db = workdir / "add-plausible.json"
    status, out, err = run(["--db", str(db), "log", "add", *[part for pair in pairs for part in pair]])
    assert_clear(status, out, err)
    assert (status == 0) == out.startswith("saved ")
    db_still_valid(db)


# -- check --answers ---------------------------------------------------------------------

ANSWER_ID = st.sampled_from([*ANSWER_VALUES, "unknown", ""])
ANSWER = st.one_of(st.sampled_from(sorted({v for values in ANSWER_VALUES.values() for v in values})), SCALAR)
ANSWERS = st.dictionaries(ANSWER_ID, ANSWER, max_size=len(ANSWER_VALUES) + 2)
FULL_ANSWERS = st.fixed_dictionaries({key: st.sampled_from(values) for key, values in ANSWER_VALUES.items()})


@FUZZ
@given(cases=st.lists(st.one_of(ANSWERS, FULL_ANSWERS, JSON_VALUE), min_size=1, max_size=4),
       form=st.sampled_from(["one", "lines", "pretty"]), noise=st.one_of(st.just(""), TEXT))
def test_fuzz_check_answers(workdir: Path, cases, form, noise) -> None:
    pytest.importorskip("nervecheck.cli.check")
    TRIED["check --answers"] += 1
    if form == "one":
        text = json.dumps(cases[0])
    elif form == "pretty":
        text = json.dumps(cases[0], indent=2)
    else:
        text = "\n".join(json.dumps(case) for case in cases) + "\n" + noise
    source = write(workdir, "answers.json", text)
    status, out, err = run(["check", "--answers", str(source)])
    assert_clear(status, out, err)
    for line in out.splitlines():
        result = json.loads(line)
        assert "disposition" in result or set(result) == {"error", "line"}


# -- repeated answer ids, zero runs, exercise ids -----------------------------------------


def _with_repeat(answers: dict, key: str, value: str) -> str:
    """``answers`` as JSON with ``key`` given again at the end (JSON allows writing it)."""
    body = json.dumps(answers)
    extra = f"{json.dumps(key)}: {json.dumps(value)}"
    return body[:-1] + (", " if answers else "") + extra + "}"


@FUZZ
@given(answers=FULL_ANSWERS, key=st.sampled_from(sorted(ANSWER_VALUES)), data=st.data(),
       form=st.sampled_from(["one", "lines", "file-of-one"]))
def test_fuzz_a_repeated_answer_id_is_never_answered(workdir: Path, answers, key, data, form) -> None:
    TRIED["check repeated id"] += 1
    again = data.draw(st.sampled_from(ANSWER_VALUES[key]))
    case = _with_repeat(answers, key, again)
    text = case if form != "lines" else json.dumps(answers) + "\n" + case + "\n"
    source = write(workdir, "repeat.json", text)
    status, out, err = run(["check", "--answers", str(source)])
    assert_clear(status, out, err)
    assert status == 2
    if form == "lines":
        first, second = (json.loads(line) for line in out.splitlines())
        assert "disposition" in first and second["line"] == 2 and repr(key) in second["error"]
    else:
        assert out == "" and repr(key) in err and "given more than once" in err


KNOWN_PAIRS = {("runner_strength", "goblet_squat"), ("gentle_mobility", "chin_tuck"),
               ("low_impact_cardio", "low_impact_session")}  # the only real pairs EXERCISE_DOC can draw
EXERCISE_DOC = st.fixed_dictionaries({
    "routine": st.sampled_from(["runner_strength", "gentle_mobility", "low_impact_cardio", "nope", "x"]),
    "exercise": st.sampled_from(["goblet_squat", "chin_tuck", "low_impact_session", "x", "nerve_glide"]),
}, optional={"sets": st.integers(-1, 101)})


@FUZZ
@given(docs=st.lists(st.fixed_dictionaries({"date": st.dates().map(str)}, optional={
    "run": st.fixed_dictionaries({"distance_km": st.one_of(st.just(0), st.just(0.0), st.floats(-1, 600))}),
    "exercises": st.lists(EXERCISE_DOC, max_size=3)}), max_size=5))
def test_fuzz_import_stores_no_zero_run_and_no_unknown_exercise(workdir: Path, docs) -> None:
    TRIED["log import runs and exercises"] += 1
    source = write(workdir, "runs.json", json.dumps(docs))
    db = workdir / "import-runs.json"
    assert_clear(*run(["--db", str(db), "log", "import", str(source)]))
    db_still_valid(db)
    if db.exists():
        stored = json.loads(db.read_text("utf-8")).get("entries", {}).values()
        assert all(doc["run"] is None or doc["run"]["distance_km"] > 0 for doc in stored)
        assert all((e["routine"], e["exercise"]) in KNOWN_PAIRS for doc in stored for e in doc["exercises"])


@FUZZ
@given(flag=st.sampled_from(["--run-km", "--run-mi"]),
       value=st.one_of(st.floats(-5, 0), st.just(0.0), st.just(-0.0)).map(lambda x: f"{x:.3f}"))
def test_fuzz_log_add_refuses_every_distance_of_zero_or_less_naming_the_flag(workdir: Path, flag, value) -> None:
    TRIED["log add zero run"] += 1
    status, out, err = run(["--db", str(workdir / "zero.json"), "log", "add", flag, value])
    assert (status, out) == (2, "") and err.startswith(f"nervecheck: {flag}: must be more than 0")
