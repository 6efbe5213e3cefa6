"""The triage tree against clinical contract v2: examples, brute force, the proof, errors.

Section 7 asks for every combination: the core answers exhaustively with every flag
``no`` (138,240 of them, each walked through the tree and through the rules written
out directly), and each flag as the first ``yes`` with nothing asked after it.
"""

from __future__ import annotations

import itertools
import json
import re
from pathlib import Path

import pytest

from nervecheck.engine.triage.proof import CORE, CORE_CASES, can_matter, prove
from nervecheck.engine.triage.tree import AnswerError, TriageTree
from nervecheck.engine.triage.loading import evaluate, load_sources, load_tree
from nervecheck.engine.triage.contract import rules_outcome
from nervecheck.engine.vocab import (
    ANSWER_VALUES, FLAGS, NERVE_BY_LOCATION, RED_FLAGS, ROUTINES_BY_DISPOSITION, TIER_DISPOSITION, TIER_OF,
    URGENT_FLAGS,
)

EXAMPLES = Path(__file__).parent / "fixtures" / "triage_examples.jsonl"
CLEAR = dict.fromkeys(FLAGS, "no")


def full(**overrides: str) -> dict[str, str]:
    """A complete, quiet set of answers (no flag, no symptom) with changes."""
    answers = {question: values[-1] if values == ("yes", "no") else values[0] for question, values in ANSWER_VALUES.items()}
    answers.update(overrides)
    return answers


def examples() -> list[dict]:
    return [json.loads(line) for line in EXAMPLES.read_text("utf-8").splitlines() if line.strip()]


def fields(outcome) -> dict:
    return {"disposition": outcome.disposition, "nerve": outcome.nerve, "care": outcome.care,
            "flag": outcome.flag, "routines": list(outcome.routines)}


@pytest.mark.parametrize("example", examples(), ids=lambda e: e["note"][:60])
def test_examples_hold_for_tree_and_rules(example: dict) -> None:
    expect = example["expect"]
    assert fields(evaluate(example["answers"])) == expect
    rules = rules_outcome(example["answers"], load_tree().flag_order())._asdict()
    assert rules == {**expect, "routines": tuple(expect["routines"])}


def test_the_examples_fixture_covers_every_disposition_and_tier() -> None:
    found = {e["expect"]["disposition"] for e in examples()}
    assert found == set(ROUTINES_BY_DISPOSITION)
    assert {TIER_OF[e["expect"]["flag"]] for e in examples() if e["expect"]["flag"]} == {"red", "urgent", "clinician"}


def test_the_proof_covers_every_combination() -> None:
    report = prove(load_tree(), load_sources())
    assert report.ok, report.violation
    assert report.cases == CORE_CASES == 138_240 and report.flags == len(FLAGS) == 17
    assert report.paths > 700 and report.longest == 26 and 18 <= report.mean_questions <= 26


def test_tree_equals_rules_by_plain_brute_force() -> None:
    """Independent of the proof's exploration: all 138,240 core answer sets, every flag no,
    through the tree and through the rules, field by field."""
    tree, order, count = load_tree(), load_tree().flag_order(), 0
    for values in itertools.product(*(ANSWER_VALUES[q] for q in CORE)):
        answers = {**CLEAR, **dict(zip(CORE, values))}
        outcome, rules = evaluate(answers, tree), rules_outcome(answers, order)
        assert (outcome.disposition, outcome.nerve, outcome.care, outcome.flag, outcome.routines) == tuple(rules), answers
        assert outcome.safety_net, answers
        count += 1
    assert count == 138_240


@pytest.mark.parametrize("flag", FLAGS)
def test_each_flag_as_the_first_yes_ends_the_check_at_once(flag: str) -> None:
    """Every flag before it no, it yes, and every later answer at its most alarming:
    the tier's result, the flag named, and nothing asked after it."""
    order = load_tree().flag_order()
    before = order[: order.index(flag)]
    for later in ("yes", "no"):
        answers = full(**{**dict.fromkeys(order, later), **dict.fromkeys(before, "no"), flag: "yes"},
                       symptom="weakness", location="both_feet", diabetes="yes")
        outcome = evaluate(answers)
        assert outcome.disposition == TIER_DISPOSITION[TIER_OF[flag]]
        assert (outcome.nerve, outcome.care, outcome.flag, outcome.routines) == (None, None, flag, ())
        assert [step.id for step in outcome.path][-1] == flag
        assert [step.id for step in outcome.path] == list(order[: order.index(flag) + 1])
        assert load_tree().short(flag) in outcome.title


def test_flags_are_asked_in_tier_order_before_anything_else() -> None:
    order = load_tree().flag_order()
    assert sorted(order) == sorted(FLAGS)
    ranks = [("red", "urgent", "clinician").index(TIER_OF[f]) for f in order]
    assert ranks == sorted(ranks)
    path = [step.id for step in evaluate(full(symptom="burning")).path]
    assert path[: len(FLAGS)] == list(order)


def test_the_emergency_result_names_the_ticked_signs_and_says_go_now() -> None:
    outcome = evaluate(full(stroke_signs="yes", chest_breathless="yes"))
    tree = load_tree()
    assert outcome.title.startswith("You ticked: ")
    assert tree.short("stroke_signs") in outcome.title and tree.short("chest_breathless") in outcome.title
    text = " ".join(outcome.advice).lower()
    assert "emergency department" in text and "emergency number now" in text and "do not drive yourself" in text
    assert "book a" not in text
    assert outcome.safety_net == ()
    words = set(re.findall(r"[a-z']+", text))
    assert not words & {"ice", "heat", "shoe", "shoes", "swim", "swimming", "cycling", "strength"}


def test_urgent_today_says_today_and_names_the_red_signs_but_not_its_own_tier() -> None:
    outcome = evaluate(full(calf_swelling="yes"))
    assert outcome.disposition == "urgent_today" and "stroke-tia" in outcome.sources
    text = " ".join(outcome.advice).lower()
    assert "today" in text and "in the next few days" not in text
    net = load_tree().safety_net
    assert outcome.safety_net == (*net.go_now, net.review["urgent_today"])


@pytest.mark.parametrize("disposition", ["see_clinician", "rest_and_treat", "modify_training", "keep_running"])
def test_every_other_result_has_its_safety_net(disposition: str) -> None:
    cases = {
        "see_clinician": full(symptom="weakness"),
        "rest_and_treat": full(symptom="cramping"),
        "modify_training": full(pain_after_exercise="over_2h"),
        "keep_running": full(),
    }
    outcome = evaluate(cases[disposition])
    net = load_tree().safety_net
    assert outcome.disposition == disposition
    expected = (*net.go_now, *net.help_today, *((net.review[disposition],) if disposition in net.review else ()))
    assert outcome.safety_net == expected
    assert ("review" in disposition) is False  # the keep_running net has no review point:
    assert (disposition in net.review) == (disposition != "keep_running")


def test_the_why_lines_name_the_signs_answered_no_and_never_say_not_an_emergency() -> None:
    outcome = evaluate(full(symptom="tingling", location="outer_knee"))
    tree = load_tree()
    why = " ".join(outcome.why)
    for flag in FLAGS:
        assert tree.short(flag) in why
    for text in (*outcome.why, outcome.title, *outcome.advice, *outcome.safety_net):
        assert "not an emergency" not in text.lower() and "no warning signs" not in text.lower()


def test_no_symptoms_takes_five_checklists_and_two_questions() -> None:
    for pain in ANSWER_VALUES["pain_after_exercise"]:
        outcome = evaluate({**CLEAR, "symptom": "none", "pain_after_exercise": pain})
        assert [s.id for s in outcome.path][len(FLAGS):] == ["symptom", "pain_after_exercise"]
        assert outcome.disposition == ("modify_training" if pain == "over_2h" else "keep_running")
    assert len(load_tree().checklists) == 5


@pytest.mark.parametrize("disposition", list(ROUTINES_BY_DISPOSITION))
def test_routines_are_exactly_the_contract_set(disposition: str) -> None:
    cases = {
        "emergency": full(bladder_bowel="yes"),
        "urgent_today": full(foot_wound="yes"),
        "see_clinician": full(symptom="weakness"),
        "rest_and_treat": full(symptom="cramping"),
        "modify_training": full(pain_after_exercise="over_2h"),
        "keep_running": full(),
    }
    outcome = evaluate(cases[disposition])
    assert outcome.disposition == disposition
    assert outcome.routines == ROUTINES_BY_DISPOSITION[disposition]


def test_nerve_follows_location_but_not_for_an_ache_and_care_follows_area() -> None:
    for location, nerve in NERVE_BY_LOCATION.items():
        assert evaluate(full(symptom="shooting_pain", location=location)).nerve == nerve
        assert evaluate(full(symptom="ache", location=location)).nerve is None
    assert evaluate(full(symptom="tingling", area="small")).care == "ice"
    assert evaluate(full(symptom="tingling", area="large", muscle_tightness="yes")).care == "heat"
    assert evaluate(full(symptom="tingling", area="large", muscle_tightness="no")).care == "rest"
    numb = evaluate(full(symptom="numbness", area="large", muscle_tightness="yes"))
    assert numb.care == "rest" and "muscle_tightness" not in numb.answers


def test_questions_that_cannot_matter_are_not_asked() -> None:
    asked = lambda **a: [step.id for step in evaluate(full(**a)).path]  # noqa: E731
    assert "area" not in asked(symptom="none")
    assert "diabetes" not in asked(symptom="cramping", location="outer_knee")
    assert "diabetes" in asked(symptom="cramping", location="sole")
    assert "after_trauma" not in asked(symptom="weakness")
    assert "duration" not in asked(symptom="burning", pattern="recurring")
    assert "area" not in asked(symptom="ache")
    assert "pattern" not in asked(symptom="burning", after_trauma="yes")
    steps = tuple(CLEAR.items()) + (("symptom", "cramping"), ("location", "outer_knee"))
    assert not can_matter("diabetes", steps)
    assert can_matter("after_trauma", steps)


def test_heat_advice_says_when_not_to_use_heat() -> None:
    outcome = evaluate(full(symptom="burning", location="lower_back_leg", area="large", muscle_tightness="yes"))
    text = " ".join(outcome.advice).lower()
    assert outcome.care == "heat"
    for words in ("first two or three days", "swollen, red or hot", "numb"):
        assert words in text


def test_heel_ice_advice_covers_ice_shoes_and_joggers_foot() -> None:
    outcome = evaluate(full(symptom="burning", location="heel"))
    text = " ".join(outcome.advice)
    assert (outcome.disposition, outcome.care) == ("rest_and_treat", "ice")
    for words in ("10 to 15 minutes", "1.3 to 1.9 cm", "jogger's foot", "millimetre a day", "two hours"):
        assert words in text
    assert "jogger-foot" in outcome.sources


def test_why_names_the_deciding_answers() -> None:
    outcome = evaluate(full(symptom="tingling", location="outer_knee", after_trauma="yes"))
    assert any(line.startswith("You said it started after a fall") for line in outcome.why)
    assert evaluate(full(both_legs="yes")).why[-1].startswith("You ticked new symptoms running from your back down both legs")


def test_every_leaf_cites_known_sources_and_every_nerve_is_described() -> None:
    tree, sources = load_tree(), load_sources()
    for leaf in tree.leaves.values():
        assert leaf.advice and set(leaf.sources) <= sources.ids
    for block in (*tree.flag_advice.values(), *tree.nerve_advice.values()):
        assert set(block.sources) <= sources.ids
    for nerve in filter(None, NERVE_BY_LOCATION.values()):
        assert sources.nerve(nerve) != nerve.replace("_", " ")


def test_to_json_is_the_contract_form() -> None:
    data = evaluate(full(symptom="numbness", location="sole", diabetes="yes")).to_json()
    assert list(data) == ["disposition", "nerve", "care", "flag", "routines", "path", "title", "advice",
                          "safety_net", "sources"]
    assert data["path"][0] == {"id": "bladder_bowel", "answer": "no"}
    assert (data["disposition"], data["nerve"], data["care"], data["flag"]) == ("see_clinician", "plantar", None, None)
    assert json.loads(json.dumps(data)) == data


@pytest.mark.parametrize(
    ("answers", "names"),
    [
        ({**CLEAR, "symptom": "none", "pain_after_exercise": "none", "mood": "ok"}, ["'mood'", "bladder_bowel"]),
        ({**CLEAR, "symptom": "itchy"}, ["'symptom'", "none, burning, tingling"]),
        ({**CLEAR, "symptom": 3}, ["'symptom'", "cannot be 3"]),
        ({**CLEAR, "symptom": "burning"}, ["missing answer 'location'", "lower_back_leg"]),
        ({"bladder_bowel": "no"}, ["missing answer 'saddle_numbness'", "yes, no"]),
        ({**CLEAR, "stroke_signs": "not_sure"}, ["'stroke_signs'", "cannot be 'not_sure'", "yes, no"]),
    ],
)
def test_answer_errors_name_the_question_and_values(answers: dict, names: list[str]) -> None:
    for function in (evaluate, rules_outcome):
        with pytest.raises(AnswerError) as caught:
            function(answers)
        assert isinstance(caught.value, ValueError)
        for name in names:
            assert name in str(caught.value)


def test_a_version_1_answer_set_names_the_first_missing_flag() -> None:
    v1 = {"bladder_bowel": "no", "saddle_numbness": "no", "both_legs": "no", "sudden_unresolved": "no",
          "worsening_weakness": "no", "symptom": "burning", "location": "heel", "pattern": "first_time",
          "area": "small", "muscle_tightness": "no", "after_trauma": "no", "systemic_signs": "no",
          "diabetes": "no", "cleared_by_clinician": "no", "pain_after_exercise": "none"}
    first_new = next(flag for flag in load_tree().flag_order() if flag not in v1)
    with pytest.raises(AnswerError) as caught:
        evaluate(v1)
    assert f"missing answer {first_new!r}" in str(caught.value) and "version 1" in str(caught.value)


def test_supplied_answers_are_checked_even_when_not_needed() -> None:
    with pytest.raises(AnswerError, match="'diabetes'"):
        evaluate(full(bladder_bowel="yes", diabetes="maybe"))


def test_valid_answers_the_tree_did_not_need_are_ignored() -> None:
    outcome = evaluate(full(bladder_bowel="yes", symptom="burning", diabetes="yes"))
    assert [step.id for step in outcome.path] == ["bladder_bowel"]


def test_later_flags_need_no_answer_once_one_is_yes() -> None:
    outcome = evaluate({"bladder_bowel": "no", "saddle_numbness": "yes"})
    assert outcome.disposition == "emergency" and outcome.flag == "saddle_numbness"


# -- the proof catches broken trees ----------------------------------------------


def mutated(change) -> TriageTree:
    from nervecheck.engine.triage.content import read_triage

    data = read_triage().model_dump()
    change(data)
    return TriageTree(data)


def _swap_yes(data):  # a red flag's yes leads to the urgent result
    data["nodes"]["flags_1"]["yes"]["saddle_numbness"] = "urgent_today"


def _skip_flag(data):  # a red flag is never asked
    data["nodes"]["flags_2"]["checklist"] = ["worsening_weakness", "chest_breathless"]
    del data["nodes"]["flags_2"]["yes"]["stroke_signs"]


def _tier_order(data):  # an urgent flag asked before a red one
    data["nodes"]["flags_1"]["checklist"] = ["calf_swelling", "bladder_bowel", "saddle_numbness", "both_legs",
                                             "sudden_unresolved"]
    data["nodes"]["flags_1"]["yes"]["calf_swelling"] = "urgent_today"
    data["nodes"]["flags_4"]["checklist"] = ["fever_back_pain", "cancer_back_pain"]
    del data["nodes"]["flags_4"]["yes"]["calf_swelling"]


def _ask_after_yes(data):  # a "yes" leads on to more questions
    data["nodes"]["flags_5"]["yes"]["muscle_tear"] = "symptom"


def _heat_for_numbness(data):
    data["nodes"]["area_numb"]["next"]["large"] = "tightness"


def _no_safety_net(data):
    data["safety_net"]["review"]["modify_training"] = data["safety_net"]["review"]["rest_and_treat"]
    data["leaves"]["ache_go_lighter"]["disposition"] = "rest_and_treat"


def _duration_after_recurring(data):
    data["nodes"]["pattern_warm"]["next"]["recurring"] = "duration_warm"


@pytest.mark.parametrize("change, words", [
    (_swap_yes, "saddle_numbness"), (_skip_flag, "stroke_signs"), (_tier_order, "tier order"),
    (_ask_after_yes, "asks more after the warning sign muscle_tear"), (_heat_for_numbness, "muscle_tightness"),
    (_no_safety_net, "ache_go_lighter"), (_duration_after_recurring, "duration"),
])
def test_the_proof_names_the_first_violating_path(change, words: str) -> None:
    report = prove(mutated(change), load_sources())
    assert not report.ok
    assert words in report.violation, report.violation
    assert report.summary().startswith("the triage tree breaks the contract: ")


def test_red_and_urgent_signs_are_all_in_the_safety_net() -> None:
    """Names by id in content; the model refuses a net that misses one (tested in test_triage_content)."""
    assert set(RED_FLAGS) | set(URGENT_FLAGS) <= set(FLAGS)
    assert len(load_tree().safety_net.go_now) >= 1 and len(load_tree().safety_net.help_today) >= 1
