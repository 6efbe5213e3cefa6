"""The fixed ids of the clinical contract: answers, dispositions, nerves, routines.

These ids are a public interface (CLI, saved history, export), so they live in one
place and everything else refers to them.
"""

from typing import Literal, get_args

#: The version of the clinical contract that this code and content follow. A saved
#: check records the version that decided it; one with no version is version 1.
CONTRACT_VERSION = 2

#: Contract section 1a: the warning-sign flags in three tiers, most urgent first. The
#: tree asks every red flag, then every urgent one, then every clinician one.
FLAG_TIERS: dict[str, tuple[str, ...]] = {
    "red": (
        "bladder_bowel", "saddle_numbness", "both_legs", "sudden_unresolved", "worsening_weakness",
        "stroke_signs", "chest_breathless", "dark_urine", "heat_illness", "cannot_bear_weight",
    ),
    "urgent": ("calf_swelling", "fever_back_pain", "cancer_back_pain", "foot_wound", "hip_stress_pain"),
    "clinician": ("bone_pain", "muscle_tear"),
}
#: Contract section 3, rules 1-3: what a "yes" in each tier leads to.
TIER_DISPOSITION: dict[str, str] = {"red": "emergency", "urgent": "urgent_today", "clinician": "see_clinician"}
TIERS: tuple[str, ...] = tuple(FLAG_TIERS)
FLAGS: tuple[str, ...] = tuple(flag for tier in FLAG_TIERS.values() for flag in tier)
TIER_OF: dict[str, str] = {flag: tier for tier, flags in FLAG_TIERS.items() for flag in flags}
RED_FLAGS: tuple[str, ...] = FLAG_TIERS["red"]
URGENT_FLAGS: tuple[str, ...] = FLAG_TIERS["urgent"]
#: The five flags of version 1 (same ids; their wording changed in version 2).
V1_FLAGS: tuple[str, ...] = RED_FLAGS[:5]

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
#: The check's main-symptom answers: the log's nerve symptoms, plus ``none`` and
#: ``ache`` (an ordinary sore spot: not a nerve symptom, so not one the log records).
CHECK_SYMPTOMS: tuple[str, ...] = ("none", *SYMPTOMS, "ache")
SENSORY: tuple[str, ...] = ("burning", "tingling", "numbness")
FOOT_LOCATIONS: tuple[str, ...] = ("inner_ankle", "front_ankle", "heel", "sole", "toes")

#: Every answer id of the contract with its allowed values, in the contract's order.
ANSWER_VALUES: dict[str, tuple[str, ...]] = {
    **{flag: YES_NO for flag in FLAGS},
    "symptom": CHECK_SYMPTOMS,
    "location": LOCATIONS,
    "pattern": ("first_time", "recurring", "constant"),
    "duration": ("days", "weeks", "months"),
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
    "ache": "ache or sore spot",
    "days": "under two weeks", "weeks": "two to six weeks", "months": "over six weeks",
    "lower_back_leg": "lower back / leg", "outer_knee": "outer knee",
    "inner_ankle": "inner ankle", "front_ankle": "front of ankle", "heel": "heel",
    "sole": "sole", "toes": "toes", "both_feet": "both feet", "neck_arm": "neck / arm",
    "other": "other",
    "none": "none", "under_2h": "under 2 hours", "over_2h": "over 2 hours",
    "emergency": "Emergency department now",
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
