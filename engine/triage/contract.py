"""Contract sections 3-5 written out directly: the oracle the proof holds the tree against.

It is *not* the tree, on purpose: :mod:`.proof` walks every path of the content's tree
and compares its outcome with what these rules give for the same answers.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import NamedTuple

from nervecheck.engine.triage.tree import check_answers, missing
from nervecheck.engine.vocab import (
    FLAG_TIERS, FLAGS, FOOT_LOCATIONS, NERVE_BY_LOCATION, ROUTINES_BY_DISPOSITION, SENSORY, TIER_DISPOSITION,
)


class RulesOutcome(NamedTuple):
    """What the contract's rules give for a set of answers."""

    disposition: str
    nerve: str | None
    care: str | None
    flag: str | None
    routines: tuple[str, ...]


def rules_outcome(answers: Mapping[str, str], flag_order: tuple[str, ...] = FLAGS) -> RulesOutcome:
    """Contract sections 3-5 applied directly (first match wins): the proof's oracle.

    ``flag`` is the first "yes" in ``flag_order``, the order the tree asks the flags
    (within a tier it is the content's choice; the contract's own order by default).
    """
    check_answers(answers)

    def get(question: str) -> str:
        if question not in answers:
            raise missing(question)
        return answers[question]

    disposition, nerve, care = contract_rules(get)
    flag = next((f for f in flag_order if answers.get(f) == "yes"), None)
    return RulesOutcome(disposition, nerve, care, flag, ROUTINES_BY_DISPOSITION[disposition])


def contract_rules(get: Callable[[str], str]) -> tuple[str, str | None, str | None]:
    """Disposition, nerve and care by the contract, reading answers only through ``get``.

    The proof passes a ``get`` that reports which answers were read, so keep every
    read going through it. Flags are read tier by tier in the contract's order; which
    flag decided (``flag``) depends on the order the tree asked them, so it is the
    proof's business, not this function's.
    """
    for tier, flags in FLAG_TIERS.items():  # rules 1-3
        if any(get(flag) == "yes" for flag in flags):
            return TIER_DISPOSITION[tier], None, None
    symptom = get("symptom")
    if symptom == "none":  # rule 4
        return ("modify_training" if get("pain_after_exercise") == "over_2h" else "keep_running"), None, None
    location = get("location")
    nerve = None if symptom == "ache" else NERVE_BY_LOCATION[location]  # section 4
    disposition = _rules_5_to_10(get, symptom, location)
    return disposition, nerve, (_care(get, symptom) if disposition == "rest_and_treat" else None)


def _rules_5_to_10(get: Callable[[str], str], symptom: str, location: str) -> str:
    if get("after_trauma") == "yes" or get("systemic_signs") == "yes":  # rule 5
        return "see_clinician"
    if symptom == "weakness" or location == "both_feet":  # rule 6
        return "see_clinician"
    if (symptom in SENSORY or location in FOOT_LOCATIONS) and get("diabetes") == "yes":  # rule 7
        return "see_clinician"
    if get("pattern") in ("recurring", "constant") or get("duration") in ("weeks", "months"):  # rule 8
        return "modify_training" if get("cleared_by_clinician") == "yes" else "see_clinician"
    if symptom == "ache":  # rule 9
        return "modify_training"
    return "rest_and_treat"  # rule 10


def _care(get: Callable[[str], str], symptom: str) -> str:
    if get("area") == "small":
        return "ice"
    if symptom != "numbness" and get("muscle_tightness") == "yes":  # numb skin does not feel a burn
        return "heat"
    return "rest"

