"""Helpers that drive the check screen by keys, as a runner would."""

from __future__ import annotations

from nervecheck.engine.triage.tree import Checklist
from nervecheck.engine.vocab import FLAGS

NO_FLAGS = dict.fromkeys(FLAGS, "no")

#: One answer set per disposition (contract section 3), used by flows and snapshots.
BY_DISPOSITION = {
    "emergency": {**NO_FLAGS, "both_legs": "yes"},
    "urgent_today": {**NO_FLAGS, "calf_swelling": "yes"},
    "see_clinician": {**NO_FLAGS, "symptom": "weakness", "location": "outer_knee"},
    "rest_and_treat": {**NO_FLAGS, "symptom": "burning", "location": "heel", "diabetes": "no",
                       "after_trauma": "no", "systemic_signs": "no", "pattern": "first_time", "duration": "days",
                       "area": "small"},
    "modify_training": {**NO_FLAGS, "symptom": "none", "pain_after_exercise": "over_2h"},
    "keep_running": {**NO_FLAGS, "symptom": "none", "pain_after_exercise": "none"},
}


def option_key(screen, value: str) -> str:
    """The number key that picks ``value`` for the screen's current question."""
    values = [option.value for option in screen.session.current.options]
    return str((values.index(value) + 1) % 10)


async def answer_flags(pilot, answers: dict[str, str]) -> int:
    """Answer every checklist on the way (tick the yes flags, then enter; else n);
    returns the keys pressed."""
    screen, presses = pilot.app.screen, 0
    while screen.phase == "flags" and isinstance(screen.session.current, Checklist):
        flags = screen.session.current.flags
        ticked = [str(i + 1) for i, flag in enumerate(flags) if answers.get(flag) == "yes"]
        keys = [*ticked, "enter"] if ticked else ["n"]
        await pilot.press(*keys)
        await pilot.pause()
        presses += len(keys)
    return presses


async def answer_all(pilot, answers: dict[str, str]) -> int:
    """Answer the whole check by keys; returns how many keys it took."""
    presses = await answer_flags(pilot, answers)
    screen = pilot.app.screen
    while screen.phase in ("question", "flags"):
        if screen.phase == "flags":
            presses += await answer_flags(pilot, answers)
            continue
        await pilot.press(option_key(screen, answers[screen.session.current.id]))
        await pilot.pause()
        presses += 1
    return presses


def saved_check(clock, disposition: str, days_ago: int = 0, hour: int = 18):
    """A check decided by the tree on ``BY_DISPOSITION[disposition]``, saved ``days_ago``
    days before the clock's today at ``hour``:00 local time."""
    import datetime as dt

    from nervecheck.engine.store.schema import check_record
    from nervecheck.engine.triage.loading import evaluate

    when = clock.at(clock.today() - dt.timedelta(days=days_ago), dt.time(hour))
    return check_record(evaluate(BY_DISPOSITION[disposition]), when)


def saved_check_asking_recheck(clock, days_ago: int = 0):
    """A rest-and-treat check, whose advice says to check again tomorrow."""
    return saved_check(clock, "rest_and_treat", days_ago)
