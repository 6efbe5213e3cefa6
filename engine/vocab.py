"""The fixed ids of the clinical contract: answers, dispositions, nerves, routines.

These ids are a public interface (CLI, saved history, export), so they live in one
place and everything else refers to them.
"""

from typing import Literal, get_args

RED_FLAGS: tuple[str, ...] = (
    "bladder_bowel",
    "saddle_numbness",
    "both_legs",
    "sudden_unresolved",
    "worsening_weakness",
)

YES_NO = ("yes", "no")

SymptomId = Literal["burning", "tingling", "numbness", "shooting_pain", "cramping", "weakness"]
LocationId = Literal[
    "lower_back_leg", "outer_knee", "inner_ankle", "front_ankle", "heel",
    "sole", "toes", "both_feet", "neck_arm", "other",
]
PainAfter = Literal["none", "under_2h", "over_2h"]
Disposition = Literal["emergency", "urgent_today", "see_clinician", "rest_and_treat", "modify_training", "keep_running"]
Care = Literal["ice", "heat", "rest"]
RoutineId = Literal["runner_strength", "gentle_mobility", "low_impact_cardio"]

SYMPTOMS: tuple[str, ...] = get_args(SymptomId)
LOCATIONS: tuple[str, ...] = get_args(LocationId)
PAIN_AFTER: tuple[str, ...] = get_args(PainAfter)
DISPOSITIONS: tuple[str, ...] = get_args(Disposition)
CONTRACT_ROUTINES: tuple[str, ...] = get_args(RoutineId)

#: Every answer id of the contract with its allowed values, in the contract's order.
ANSWER_VALUES: dict[str, tuple[str, ...]] = {
    **{flag: YES_NO for flag in RED_FLAGS},
    "symptom": ("none", *SYMPTOMS),
    "location": LOCATIONS,
    "pattern": ("first_time", "recurring", "constant"),
    "area": ("small", "large"),
    "muscle_tightness": YES_NO,
    "after_trauma": YES_NO,
    "systemic_signs": YES_NO,
    "diabetes": YES_NO,
    "cleared_by_clinician": YES_NO,
    "pain_after_exercise": PAIN_AFTER,
}

#: Contract section 4: the nerve most likely involved at each location.
NERVE_BY_LOCATION: dict[str, str | None] = {
    "lower_back_leg": "sciatic",
    "outer_knee": "common_peroneal",
    "inner_ankle": "posterior_tibial",
    "front_ankle": "anterior_tibial",
    "heel": "medial_calcaneal",
    "sole": "plantar",
    "toes": "interdigital",
    "both_feet": "peripheral",
    "neck_arm": "cervical_root",
    "other": None,
}

#: Contract section 5: exactly the routines each disposition opens.
ROUTINES_BY_DISPOSITION: dict[str, tuple[str, ...]] = {
    "emergency": (),
    "urgent_today": (),
    "see_clinician": (),
    "rest_and_treat": (),
    "modify_training": ("gentle_mobility", "low_impact_cardio"),
    "keep_running": ("runner_strength", "gentle_mobility", "low_impact_cardio"),
}

#: Symptoms that count as nerve symptoms for the log's patterns (all of them).
NERVE_SYMPTOMS = frozenset(SYMPTOMS)

#: Plain words for ids, used by the CLI, the report and the TUI.
LABELS: dict[str, str] = {
    "burning": "burning", "tingling": "tingling", "numbness": "numbness",
    "shooting_pain": "shooting pain", "cramping": "cramping", "weakness": "weakness",
    "lower_back_leg": "lower back / leg", "outer_knee": "outer knee",
    "inner_ankle": "inner ankle", "front_ankle": "front of ankle", "heel": "heel",
    "sole": "sole", "toes": "toes", "both_feet": "both feet", "neck_arm": "neck / arm",
    "other": "other",
    "none": "none", "under_2h": "under 2 hours", "over_2h": "over 2 hours",
    "emergency": "Contact a healthcare provider now",
    "urgent_today": "Get medical help today",
    "see_clinician": "See a clinician",
    "rest_and_treat": "Rest and treat",
    "modify_training": "Modify training",
    "keep_running": "Keep running",
    "runner_strength": "Runner strength", "gentle_mobility": "Gentle mobility",
    "low_impact_cardio": "Low-impact cardio",
}


def label(value: str | None) -> str:
    """The plain-words label of an id (the id itself when it has none)."""
    if value is None:
        return "-"
    return LABELS.get(value, value.replace("_", " "))
