"""The triage tree against the clinical contract: examples, exhaustive proof, errors."""

from __future__ import annotations

import itertools
import re
import json
import time
from pathlib import Path

import pytest

from engine.proof import ALL_CASES, can_matter, prove
from engine.triage import AnswerError, evaluate, load_sources, load_tree, rules_outcome
from engine.vocab import ANSWER_VALUES, NERVE_BY_LOCATION, RED_FLAGS, ROUTINES_BY_DISPOSITION

EXAMPLES = Path(__file__).parent / "fixtures" / "triage_examples.jsonl"
CLEAR = {flag: "no" for flag in RED_FLAGS}


def full(**overrides: str) -> dict[str, str]:
    """A complete, quiet set of answers (no red flag, no symptom) with changes."""
    answers = {question: values[-1] if values == ("yes", "no") else values[0] for question, values in ANSWER_VALUES.items()}
    answers.update(overrides)
    return answers


def examples() -> list[dict]:
    return [json.loads(line) for line in EXAMPLES.read_text("utf-8").splitlines() if line.strip()]


@pytest.mark.parametrize("example", examples(), ids=lambda e: e["note"][:50])
def test_examples_hold_for_tree_and_rules(example: dict) -> None:
    expect = example["expect"]
    outcome = evaluate(example["answers"])
    got = {"disposition": outcome.disposition, "nerve": outcome.nerve, "care": outcome.care, "routines": list(outcome.routines)}
    assert got == expect
    assert rules_outcome(example["answers"])._asdict() == {**expect, "routines": tuple(expect["routines"])}


def test_the_proof_covers_every_combination_in_seconds() -> None:
    started = time.perf_counter()
    report = prove()
    assert report.ok, report.violation
    assert report.cases == ALL_CASES == 2**5 * 7 * 10 * 3 * 2**6 * 3
    assert report.paths > 400 and report.longest == 13 and 7 <= report.mean_questions <= 13
    assert time.perf_counter() - started < 5


def test_tree_equals_rules_by_plain_brute_force() -> None:
    """Independent of the proof's exploration: every answer set after five clear red flags."""
    rest = [question for question in ANSWER_VALUES if question not in RED_FLAGS]
    for values in itertools.product(*(ANSWER_VALUES[q] for q in rest)):
        answers = {**CLEAR, **dict(zip(rest, values))}
        outcome, rules = evaluate(answers), rules_outcome(answers)
        assert (outcome.disposition, outcome.nerve, outcome.care, outcome.routines) == tuple(rules), answers


@pytest.mark.parametrize("flags", [f for f in itertools.product(("yes", "no"), repeat=5) if "yes" in f])
def test_any_red_flag_stops_the_check_at_once(flags: tuple[str, ...]) -> None:
    answers = full(**dict(zip(RED_FLAGS, flags)), symptom="burning", pattern="recurring", cleared_by_clinician="yes")
    outcome = evaluate(answers)
    first_yes = flags.index("yes")
    assert outcome.disposition == "emergency" and outcome.nerve is None and outcome.care is None
    assert outcome.routines == ()
    assert [step.id for step in outcome.path] == list(RED_FLAGS[: first_yes + 1])


def test_no_symptoms_takes_seven_questions() -> None:
    for pain in ANSWER_VALUES["pain_after_exercise"]:
        outcome = evaluate({**CLEAR, "symptom": "none", "pain_after_exercise": pain})
        assert len(outcome.path) == 7
        assert outcome.disposition == ("modify_training" if pain == "over_2h" else "keep_running")


# urgent_today (contract v2) has no case until the tree asks the urgent-tier flags; its
# empty routine set is tested with the gating in tests/test_routines.py.
@pytest.mark.parametrize("disposition", [d for d in ROUTINES_BY_DISPOSITION if d != "urgent_today"])
def test_routines_are_exactly_the_contract_set(disposition: str) -> None:
    cases = {
        "emergency": full(bladder_bowel="yes"),
        "see_clinician": full(symptom="weakness"),
        "rest_and_treat": full(symptom="cramping"),
        "modify_training": full(pain_after_exercise="over_2h"),
        "keep_running": full(),
    }
    outcome = evaluate(cases[disposition])
    assert outcome.disposition == disposition
    assert outcome.routines == ROUTINES_BY_DISPOSITION[disposition]


def test_nerve_follows_location_and_care_follows_area() -> None:
    for location, nerve in NERVE_BY_LOCATION.items():
        assert evaluate(full(symptom="shooting_pain", location=location)).nerve == nerve
    assert evaluate(full(symptom="tingling", area="small")).care == "ice"
    assert evaluate(full(symptom="tingling", area="large", muscle_tightness="yes")).care == "heat"
    assert evaluate(full(symptom="tingling", area="large", muscle_tightness="no")).care == "rest"


def test_questions_that_cannot_matter_are_not_asked() -> None:
    asked = lambda **a: [step.id for step in evaluate(full(**a)).path]  # noqa: E731
    assert "area" not in asked(symptom="none")
    assert "diabetes" not in asked(symptom="cramping")
    assert "after_trauma" not in asked(symptom="weakness")
    assert "pattern" not in asked(symptom="burning", after_trauma="yes")
    steps = tuple(CLEAR.items()) + (("symptom", "cramping"), ("location", "heel"))
    assert not can_matter("diabetes", steps)
    assert can_matter("after_trauma", steps)


def test_heel_ice_advice_covers_ice_shoes_and_joggers_foot() -> None:
    outcome = evaluate(full(symptom="burning", location="heel"))
    text = " ".join(outcome.advice)
    assert (outcome.disposition, outcome.care) == ("rest_and_treat", "ice")
    for words in ("10 to 15 minutes", "longest toe", "jogger's foot", "millimetre a day", "two hours"):
        assert words in text
    assert "jogger-foot" in outcome.sources


def test_emergency_advice_is_only_what_to_do_now() -> None:
    outcome = evaluate(full(sudden_unresolved="yes"))
    text = " ".join(outcome.advice).lower()
    assert "now" in text and "emergency services" in text
    words = set(re.findall(r"[a-z']+", text))
    assert not words & {"ice", "heat", "shoe", "shoes", "swim", "swimming", "cycling", "strength"}


def test_why_names_the_deciding_answers() -> None:
    outcome = evaluate(full(symptom="tingling", location="outer_knee", after_trauma="yes"))
    assert "You said the pain started after a fall, trip or twist: that needs a clinician's look." in outcome.why
    assert evaluate(full(both_legs="yes")).why[0].startswith("You said pain, numbness or weakness is running down both legs")


def test_every_leaf_cites_known_sources_and_every_nerve_is_described() -> None:
    tree, sources = load_tree(), load_sources()
    for leaf in tree.leaves.values():
        assert leaf.advice and set(leaf.sources) <= sources.ids
    for nerve in filter(None, NERVE_BY_LOCATION.values()):
        assert sources.nerve(nerve) != nerve.replace("_", " ")


def test_to_json_is_the_contract_form() -> None:
    data = evaluate(full(symptom="numbness", location="sole", diabetes="yes")).to_json()
    assert list(data) == ["disposition", "nerve", "care", "routines", "path", "title", "advice", "sources"]
    assert data["path"][0] == {"id": "bladder_bowel", "answer": "no"}
    assert (data["disposition"], data["nerve"], data["care"]) == ("see_clinician", "plantar", None)
    assert json.loads(json.dumps(data)) == data


@pytest.mark.parametrize(
    ("answers", "names"),
    [
        ({**CLEAR, "symptom": "none", "pain_after_exercise": "none", "mood": "ok"}, ["'mood'", "bladder_bowel"]),
        ({**CLEAR, "symptom": "itchy"}, ["'symptom'", "none, burning, tingling"]),
        ({**CLEAR, "symptom": 3}, ["'symptom'", "cannot be 3"]),
        ({**CLEAR, "symptom": "burning"}, ["missing answer 'location'", "lower_back_leg"]),
        ({"bladder_bowel": "no"}, ["missing answer 'saddle_numbness'", "yes, no"]),
    ],
)
def test_answer_errors_name_the_question_and_values(answers: dict, names: list[str]) -> None:
    for function in (evaluate, rules_outcome):
        with pytest.raises(AnswerError) as caught:
            function(answers)
        assert isinstance(caught.value, ValueError)
        for name in names:
            assert name in str(caught.value)


def test_supplied_answers_are_checked_even_when_not_needed() -> None:
    with pytest.raises(AnswerError, match="'diabetes'"):
        evaluate(full(bladder_bowel="yes", diabetes="maybe"))


def test_valid_answers_the_tree_did_not_need_are_ignored() -> None:
    outcome = evaluate(full(bladder_bowel="yes", symptom="burning", diabetes="yes"))
    assert [step.id for step in outcome.path] == ["bladder_bowel"]
