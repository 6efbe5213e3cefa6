"""``log add``'s flags that add to, take from and clear a day's lists and fields (issue 18).

``--symptom`` and ``--location`` set the day's whole list, as CLI.md says, and say what
they replaced; ``--add-...`` and ``--remove-...`` change it; ``--add-exercise`` and
``--remove-exercise`` change the exercises done; ``--clear FIELD`` empties a field.
Ids are checked against the vocabulary and ``content/routines.json`` (read as plain
JSON: the routine's dose, and so pydantic, only when ``--add-exercise`` leaves it out).
"""

from __future__ import annotations

import argparse
from typing import Any

from nervecheck.cli import CLEARABLE as CLEARABLE_WORDS
from nervecheck.cli.errors import UsageError

Doc = dict[str, Any]


def known_ids(name: str, values: list[str], allowed: tuple[str, ...]) -> list[str]:
    for value in values:
        if value not in allowed:
            raise UsageError(f"{name}: unknown id {value!r}; choose from {', '.join(allowed)}")
    return list(dict.fromkeys(values))


#: The field each word of ``log add --clear`` empties (the words: :data:`nervecheck.cli.CLEARABLE`).
CLEARABLE = {word: "pain_after_exercise" if word == "pain-after" else word for word in CLEARABLE_WORDS}
#: The value a cleared field takes (the entry's own default).
CLEARED: dict[str, Any] = {"pain": None, "symptoms": [], "locations": [], "run": None,
                            "pain_after_exercise": None, "exercises": [], "note": ""}
#: The flags that change each list field: (set, add, remove), as ``args`` names them.
_LIST_FLAGS = {"symptoms": ("symptom", "add_symptom", "remove_symptom"),
               "locations": ("location", "add_location", "remove_location"),
               "exercises": (None, "add_exercise", "remove_exercise")}
#: Each field's flags that give it a value, for the refusal of two at once.
_SETTERS = {"pain": ("pain",), "run": ("run_km", "run_mi", "run_min"), "pain_after_exercise": ("pain_after",),
            "note": ("note", "edit"), "symptoms": ("symptom", "add_symptom", "remove_symptom"),
            "locations": ("location", "add_location", "remove_location"),
            "exercises": ("add_exercise", "remove_exercise")}


def _flag(dest: str) -> str:
    return "--" + dest.replace("_", "-")


def _given(args: argparse.Namespace, dest: str) -> bool:
    value = getattr(args, dest, None)
    return bool(value) if isinstance(value, (list, bool)) else value is not None


def check_flag_conflicts(args: argparse.Namespace) -> None:
    """Refuse flags that contradict each other: a field cleared and given, a list set
    and added to, the same id added and removed, a note typed and edited."""
    cleared = {CLEARABLE[word] for word in getattr(args, "clear", None) or ()}
    for field in cleared:
        given = [dest for dest in _SETTERS[field] if _given(args, dest)]
        if given:
            raise UsageError(f"--clear {_word(field)} and {_flag(given[0])}: give one of them")
    if args.note is not None and getattr(args, "edit", False):
        raise UsageError("--note and --edit: give one of them")
    for field, (whole, add_dest, remove_dest) in _LIST_FLAGS.items():
        if whole and _given(args, whole) and (_given(args, add_dest) or _given(args, remove_dest)):
            other = add_dest if _given(args, add_dest) else remove_dest
            raise UsageError(f"{_flag(whole)} sets the day's whole list; {_flag(other)} changes it: give one of them")
        both = set(getattr(args, add_dest, None) or ()) & set(getattr(args, remove_dest, None) or ())
        if both and field != "exercises":
            raise UsageError(f"{_flag(add_dest)} and {_flag(remove_dest)} both name {sorted(both)[0]!r}")


def _word(field: str) -> str:
    return next(word for word, name in CLEARABLE.items() if name == field)


def list_with_flags(args: argparse.Namespace, field: str, allowed: tuple[str, ...], current: list[str], day: str,
                    notices: list[str]) -> list[str] | None:
    """The day's new symptoms or locations, or ``None`` when no flag names them.

    ``--symptom`` replaces the list, as CLI.md says (and says so when it had others);
    ``--add-symptom`` and ``--remove-symptom`` change it.
    """
    whole, add_dest, remove_dest = _LIST_FLAGS[field]
    if getattr(args, whole):
        new = known_ids(_flag(whole), getattr(args, whole), allowed)
        if current and current != new:
            notices.append(f"{_flag(whole)} replaced {day}'s {field} ({', '.join(current)}) with {', '.join(new)}; "
                           f"{_flag(add_dest)} adds to them instead")
        return new
    adds = known_ids(_flag(add_dest), getattr(args, add_dest, None) or [], allowed)
    removes = known_ids(_flag(remove_dest), getattr(args, remove_dest, None) or [], allowed)
    if not adds and not removes:
        return None
    for value in removes:
        if value not in current:
            notices.append(f"{_flag(remove_dest)} {value}: not among {day}'s {field}, nothing to remove")
    return [value for value in dict.fromkeys([*current, *adds]) if value not in removes]


def exercises_with_flags(args: argparse.Namespace, current: list[Doc], day: str,
                         notices: list[str]) -> list[Doc] | None:
    """The day's exercises with ``--add-exercise`` and ``--remove-exercise`` applied."""
    adds = [exercise_arg(text) for text in getattr(args, "add_exercise", None) or ()]
    removes = [_exercise_id(text, "--remove-exercise") for text in getattr(args, "remove_exercise", None) or ()]
    if not adds and not removes:
        return None
    kept = list(current)
    for routine_id, exercise_id in removes:
        left = [done for done in kept
                if not (done["routine"] == routine_id and exercise_id in (None, done["exercise"]))]
        if len(left) == len(kept):
            named = routine_id if exercise_id is None else f"{routine_id}:{exercise_id}"
            notices.append(f"--remove-exercise {named}: not among {day}'s exercises, nothing to remove")
        kept = left
    return kept + adds


def _exercise_id(text: str, flag: str, whole: bool = True) -> tuple[str, str | None]:
    """``ROUTINE`` or ``ROUTINE:EXERCISE``, each an id of content/routines.json."""
    from nervecheck.engine.store.fields import exercise_ids

    routine_id, _, exercise_id = text.partition(":")
    table = exercise_ids() or {}
    if routine_id not in table:
        raise UsageError(f"{flag}: unknown routine {routine_id!r}; choose from {', '.join(table)}")
    if not exercise_id and not whole:
        raise UsageError(f"{flag}: {text!r} names no exercise; write ROUTINE:EXERCISE, "
                         f"exercises of {routine_id}: {', '.join(sorted(table[routine_id]))}")
    if exercise_id and exercise_id not in table[routine_id]:
        raise UsageError(f"{flag}: unknown exercise {exercise_id!r} for routine {routine_id!r}; "
                         f"choose from {', '.join(sorted(table[routine_id]))}")
    return routine_id, exercise_id or None


def exercise_arg(text: str) -> Doc:
    """``--add-exercise ROUTINE:EXERCISE[:SETS[:REPS[:SECONDS]]]`` as a logged exercise;
    what is left out is the routine's own prescription (content/routines.json)."""
    flag = "--add-exercise"
    parts = text.split(":")
    if len(parts) > 5:
        raise UsageError(f"{flag}: {text!r} has too many parts; write ROUTINE:EXERCISE[:SETS[:REPS[:SECONDS]]]")
    routine_id, exercise_id = _exercise_id(":".join(parts[:2]), flag, whole=False)
    amounts: list[int | None] = []
    for name, cell in zip(("sets", "reps", "seconds"), parts[2:]):
        if cell and not cell.isdigit():
            raise UsageError(f"{flag}: {name} {cell!r} is not a whole number")
        amounts.append(int(cell) if cell else None)
    sets, reps, seconds = (*amounts, None, None, None)[:3]
    if len(parts) < 5:  # the prescription fills what was not written
        from nervecheck.engine.routines.plan import routine

        exercise = routine(routine_id).exercise(exercise_id)
        sets = exercise.sets if len(parts) < 3 else sets
        if len(parts) < 4:
            reps = None if exercise.kind == "timed" else exercise.reps
        seconds = exercise.duration_seconds if exercise.kind == "timed" else exercise.hold_seconds
    done = {"routine": routine_id, "exercise": exercise_id, "sets": 1 if sets is None else sets,
            "reps": reps, "seconds": seconds}
    from nervecheck.engine.store.fields import EXERCISE_DONE

    for name in ("sets", "reps", "seconds"):
        spec = EXERCISE_DONE[name]
        if done[name] is not None and not spec.low <= done[name] <= spec.high:
            raise UsageError(f"{flag}: {name} {done[name]} is outside {spec.low:g}..{spec.high:g}")
    return done
