"""``nervecheck check --answers FILE|-`` through run_check: contract section 6."""

from __future__ import annotations

import io
import json
import random
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nervecheck.cli.check import run_check
from nervecheck.cli import main
from nervecheck.engine.triage.loading import evaluate, load_tree
from nervecheck.engine.vocab import ANSWER_VALUES, FLAGS, V1_FLAGS

EXAMPLES = Path(__file__).parent / "fixtures" / "triage_examples.jsonl"
CLEAR = {flag: "no" for flag in FLAGS}
HEEL = {**CLEAR, "symptom": "burning", "location": "heel", "diabetes": "no", "after_trauma": "no",
        "systemic_signs": "no", "pattern": "first_time", "duration": "days", "area": "small"}
#: A complete answer file written for version 1 of the contract: the five old flags,
#: the old core answers, no ``duration`` and none of the twelve new flags.
V1_HEEL = {**dict.fromkeys(V1_FLAGS, "no"), "symptom": "burning", "location": "heel", "pattern": "first_time",
           "area": "small", "muscle_tightness": "no", "after_trauma": "no", "systemic_signs": "no",
           "diabetes": "no", "cleared_by_clinician": "no", "pain_after_exercise": "none"}


def check(text: str, source: str = "-") -> tuple[int, list[str], str]:
    """Run the check on ``text`` (as stdin); the status, stdout lines and stderr."""
    out, err = io.StringIO(), io.StringIO()
    status = run_check(source, io.StringIO(text), out, err)
    return status, out.getvalue().splitlines(), err.getvalue()


def test_one_object_over_several_lines(tmp_path: Path) -> None:
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps(HEEL, indent=2), "utf-8")
    status, lines, err = check("", source=str(answers))
    assert (status, err, len(lines)) == (0, "", 1)
    result = json.loads(lines[0])
    assert result == evaluate(HEEL).to_json()
    assert (result["disposition"], result["nerve"], result["care"]) == ("rest_and_treat", "medial_calcaneal", "ice")
    assert result["flag"] is None and result["safety_net"] == list(evaluate(HEEL).safety_net) != []
    assert result["path"][:len(FLAGS)] == [{"id": flag, "answer": "no"} for flag in load_tree().flag_order()]
    assert result["path"][len(FLAGS) + 1] == {"id": "location", "answer": "heel"}


def test_standard_input_and_json_lines_in_order() -> None:
    cases = [json.loads(line) for line in EXAMPLES.read_text("utf-8").splitlines()]
    status, lines, err = check("\n".join(json.dumps(case["answers"]) for case in cases) + "\n")
    assert (status, err) == (0, "")
    for case, line in zip(cases, lines, strict=True):
        result = json.loads(line)
        got = {key: result[key] for key in ("disposition", "nerve", "care", "flag", "routines")}
        assert got == case["expect"], case["note"]
        assert result["title"] and result["advice"] and result["sources"]
        assert (result["safety_net"] == []) == (result["disposition"] == "emergency"), case["note"]


def test_a_bad_line_among_good_ones_keeps_its_place_and_number() -> None:
    text = "\n".join([
        json.dumps({"bladder_bowel": "yes"}),   # line 1
        "",                                      # line 2, blank
        "{not json",                             # line 3
        "   ",                                   # line 4, blank
        "[1, 2]",                                # line 5
        json.dumps({**CLEAR, "symptom": "none", "pain_after_exercise": "over_2h"}),  # line 6
        json.dumps({"bladder_bowel": "no", "colour": "red"}),  # line 7
        json.dumps({"bladder_bowel": "maybe"}),  # line 8
        json.dumps({"bladder_bowel": "no"}),     # line 9
    ])
    status, lines, err = check(text)
    assert (status, err, len(lines)) == (2, "", 7)
    results = [json.loads(line) for line in lines]
    assert results[0]["disposition"] == "emergency"
    assert results[1]["line"] == 3 and "not valid JSON" in results[1]["error"]
    assert results[2] == {"error": "expected a JSON object of answers, got an array", "line": 5}
    assert results[3]["disposition"] == "modify_training"
    assert results[4]["line"] == 7 and "'colour'" in results[4]["error"]
    assert results[5]["line"] == 8 and "'bladder_bowel'" in results[5]["error"] and "yes, no" in results[5]["error"]
    assert results[6]["line"] == 9 and "missing answer 'saddle_numbness'" in results[6]["error"]


def test_windows_line_ends_and_a_byte_order_mark() -> None:
    text = "\ufeff" + json.dumps({"bladder_bowel": "yes"}) + "\r\n\r\n" + json.dumps(HEEL) + "\r\n"
    status, lines, _ = check(text)
    assert status == 0 and [json.loads(line)["disposition"] for line in lines] == ["emergency", "rest_and_treat"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (json.dumps({**CLEAR, "symptom": "none", "pain_after_exercise": "none", "mood": "fine"}), "unknown answer id 'mood'"),
        (json.dumps({**CLEAR, "symptom": "itching"}), "answer 'symptom' cannot be 'itching'; allowed values: none, burning"),
        (json.dumps({**CLEAR, "symptom": "burning"}), "missing answer 'location'"),
        (json.dumps({"bladder_bowel": True}), "answer 'bladder_bowel' cannot be True; allowed values: yes, no"),
        ('{"bladder_bowel": "no",\n "saddle_numbness": }', "not valid JSON at line 2"),
        ("{not json", "not valid JSON at line 1, column 2"),
        ('["bladder_bowel", "no"]', "expected a JSON object of answers, got an array"),
        ('"yes"', "got a string"),
        ("null", "got null"),
        ("", "the input is empty"),
        ("\n  \n", "the input is empty"),
        ("[" * 100_000, "not valid JSON"),
    ],
)
def test_bad_single_input_is_one_line_on_stderr_with_status_2(text: str, message: str) -> None:
    status, lines, err = check(text)
    assert (status, lines) == (2, [])
    assert err.count("\n") == 1 and message in err and "Traceback" not in err


def test_missing_answer_names_the_allowed_values() -> None:
    _, _, err = check(json.dumps({**CLEAR, "symptom": "burning"}))
    assert ", ".join(ANSWER_VALUES["location"]) in err


def test_unreadable_files(tmp_path: Path) -> None:
    latin = tmp_path / "latin1.json"
    latin.write_bytes('{"symptom": "br\u00fblure"}'.encode("latin-1"))
    for source in (str(tmp_path / "missing.json"), str(tmp_path), str(latin)):
        status, lines, err = check("", source=source)
        assert (status, lines) == (2, []) and err.startswith("nervecheck check: cannot read") and err.count("\n") == 1


def test_control_characters_in_input_never_reach_the_terminal_raw() -> None:
    status, _, err = check(json.dumps({"\x1b[2Jboom": "yes"}))
    assert status == 2 and "\x1b" not in err


def test_forty_thousand_cases_each_get_their_own_answer_in_order() -> None:
    """A big batch answers every case, in order, as each would be answered alone (its
    speed is a benchmark figure, `make bench` f, not a timed test)."""
    rng = random.Random(7)
    cases = []
    for _ in range(40_000):
        answers = {question: rng.choice(values) for question, values in ANSWER_VALUES.items()}
        answers.update({flag: "no" for flag in FLAGS if rng.random() < 0.95})
        cases.append(json.dumps(answers))
    status, lines, err = check("\n".join(cases))
    assert (status, err, len(lines)) == (0, "", 40_000)
    for index in rng.sample(range(40_000), 50):
        assert check(cases[index])[1] == [lines[index]]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from('{}[]",:\n \tyesnobladder_bowel0\x00\u2028'), max_size=80))
def test_any_input_gets_an_answer_or_a_clear_error(text: str) -> None:
    status, lines, err = check(text)
    assert status in (0, 2) and "Traceback" not in err
    for line in lines:
        assert isinstance(json.loads(line), dict)
    if status == 0:
        assert lines and not err


# -- a repeated answer id is an error, never "the last one wins" ---------------------

#: Every flag answered, bladder_bowel first "yes" and then, at the end, "no" again.
EMERGENCY_THEN_NO = ("{" + ", ".join(f'"{flag}": "{"yes" if flag == "bladder_bowel" else "no"}"' for flag in FLAGS)
                     + ', "symptom": "none", "pain_after_exercise": "none", "bladder_bowel": "no"}')


@pytest.mark.parametrize("text", [
    EMERGENCY_THEN_NO,
    EMERGENCY_THEN_NO.replace(", ", ",\n  "),  # one object over several lines
    '{"bladder_bowel": "no", "bladder_bowel": "no", "saddle_numbness": "no"}',  # even when the values agree
    '\ufeff' + EMERGENCY_THEN_NO + "\n",
])
def test_a_repeated_id_in_one_object_is_one_line_with_status_2(text: str) -> None:
    status, lines, err = check(text)
    assert (status, lines) == (2, [])
    assert err == "nervecheck check: answer 'bladder_bowel' is given more than once; give each id once\n"


def test_a_repeated_red_flag_cannot_be_overridden_in_a_file(tmp_path: Path) -> None:
    answers = tmp_path / "answers.json"
    answers.write_text(EMERGENCY_THEN_NO, "utf-8")
    status, lines, err = check("", source=str(answers))
    assert status == 2 and lines == [] and "'bladder_bowel'" in err


def test_a_repeated_id_in_json_lines_is_an_error_in_its_place() -> None:
    text = "\n".join([EMERGENCY_THEN_NO, json.dumps(HEEL), "", EMERGENCY_THEN_NO.replace("bladder_bowel", "both_legs"),
                      json.dumps({"bladder_bowel": "yes"})])
    status, lines, err = check(text)
    assert (status, err) == (2, "")
    results = [json.loads(line) for line in lines]
    assert results[0] == {"error": "answer 'bladder_bowel' is given more than once; give each id once", "line": 1}
    assert results[1]["disposition"] == "rest_and_treat"
    assert results[2] == {"error": "answer 'both_legs' is given more than once; give each id once", "line": 4}
    assert results[3]["disposition"] == "emergency"
    assert len(results) == 4


def test_only_json_lines_that_all_repeat_ids_are_still_answered_line_by_line() -> None:
    status, lines, err = check(EMERGENCY_THEN_NO + "\n" + EMERGENCY_THEN_NO + "\n")
    assert (status, err) == (2, "")
    assert [json.loads(line)["line"] for line in lines] == [1, 2]


def test_a_repeated_id_with_control_characters_is_shown_inert() -> None:
    status, _, err = check('{"\\u001b[2J": "yes", "\\u001b[2J": "no"}')
    assert status == 2 and "\x1b" not in err and "given more than once" in err


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(sorted(ANSWER_VALUES)), min_size=1, max_size=6).filter(lambda ids: len(set(ids)) < len(ids)),
       st.randoms())
def test_any_repeated_id_is_refused_whatever_the_values(ids: list[str], rng) -> None:
    body = ", ".join(f"{json.dumps(i)}: {json.dumps(rng.choice(ANSWER_VALUES[i]))}" for i in ids)
    status, lines, err = check("{" + body + "}")
    assert status == 2 and lines == [] and "is given more than once" in err


# -- version 2 through the command line: the examples, version 1 files, "not sure" ----


def cli(*args: str) -> tuple[int, list[str], str]:
    """``nervecheck ARGS`` in-process through :func:`nervecheck.cli.main`."""
    out, err = io.StringIO(), io.StringIO()
    status = main(list(args), out, err)
    return status, out.getvalue().splitlines(), err.getvalue()


def test_every_example_through_nervecheck_check_as_json_lines(tmp_path: Path) -> None:
    cases = [json.loads(line) for line in EXAMPLES.read_text("utf-8").splitlines() if line.strip()]
    answers = tmp_path / "examples.jsonl"
    answers.write_text("".join(json.dumps(case["answers"]) + "\n" for case in cases), "utf-8")
    status, lines, err = cli("check", "--answers", str(answers))
    assert (status, err, len(lines)) == (0, "", len(cases))
    for case, line in zip(cases, lines, strict=True):
        result = json.loads(line)
        got = {key: result[key] for key in ("disposition", "nerve", "care", "flag", "routines")}
        assert got == case["expect"], case["note"]
        if result["disposition"] == "emergency":
            assert result["safety_net"] == [], case["note"]
            assert result["title"].startswith("You ticked: ") and load_tree().short(result["flag"]) in result["title"]
        else:
            assert result["safety_net"] and all(isinstance(text, str) and text for text in result["safety_net"])
        assert result == evaluate(case["answers"]).to_json(), case["note"]
        if result["flag"] is not None:  # nothing is asked after the deciding sign
            assert result["path"][-1] == {"id": result["flag"], "answer": "yes"}, case["note"]
    assert {json.loads(line)["disposition"] for line in lines} >= {"emergency", "urgent_today", "see_clinician",
                                                                   "rest_and_treat", "modify_training", "keep_running"}


def test_a_version_1_answer_file_names_the_first_missing_flag(tmp_path: Path) -> None:
    answers = tmp_path / "v1.json"
    answers.write_text(json.dumps(V1_HEEL, indent=2), "utf-8")
    first_new = next(flag for flag in load_tree().flag_order() if flag not in V1_HEEL)
    status, lines, err = cli("check", "--answers", str(answers))
    assert (status, lines) == (2, [])
    assert err.count("\n") == 1 and err.endswith("\n") and "Traceback" not in err
    assert f"missing answer {first_new!r}" in err and "allowed values: yes, no" in err and "version 1" in err


def test_a_version_1_answer_file_with_a_red_flag_yes_is_still_an_emergency() -> None:
    """The flag decides before any new flag is needed: a v1 file with a v1 red flag ticked
    gets the emergency result, never an error that hides it."""
    status, lines, err = check(json.dumps({**V1_HEEL, "both_legs": "yes"}))
    assert (status, err) == (0, "")
    result = json.loads(lines[0])
    assert (result["disposition"], result["flag"], result["safety_net"]) == ("emergency", "both_legs", [])


@pytest.mark.parametrize("flag", ["bladder_bowel", "stroke_signs", "calf_swelling", "muscle_tear"])
def test_not_sure_is_not_an_answer_value_for_a_flag(tmp_path: Path, flag: str) -> None:
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps({**HEEL, flag: "not_sure"}), "utf-8")
    status, lines, err = cli("check", "--answers", str(answers))
    assert (status, lines) == (2, [])
    assert err == f"nervecheck check: answer {flag!r} cannot be 'not_sure'; allowed values: yes, no\n"


def test_a_version_1_line_among_good_lines_is_an_error_in_its_place(tmp_path: Path) -> None:
    first_new = next(flag for flag in load_tree().flag_order() if flag not in V1_HEEL)
    answers = tmp_path / "mixed.jsonl"
    answers.write_text("\n".join([
        json.dumps(HEEL),                      # line 1
        json.dumps(V1_HEEL),                   # line 2: version 1
        "",                                    # line 3, blank
        json.dumps({**CLEAR, "calf_swelling": "yes"}),  # line 4
        json.dumps({**HEEL, "muscle_tear": "not_sure"}),  # line 5
    ]) + "\n", "utf-8")
    status, lines, err = cli("check", "--answers", str(answers))
    assert (status, err, len(lines)) == (2, "", 4)
    results = [json.loads(line) for line in lines]
    assert results[0]["disposition"] == "rest_and_treat"
    assert set(results[1]) == {"error", "line"} and results[1]["line"] == 2
    assert f"missing answer {first_new!r}" in results[1]["error"] and "version 1" in results[1]["error"]
    assert (results[2]["disposition"], results[2]["flag"]) == ("urgent_today", "calf_swelling")
    assert results[3] == {"error": "answer 'muscle_tear' cannot be 'not_sure'; allowed values: yes, no", "line": 5}
