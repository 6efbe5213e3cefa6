"""``nervecheck completion bash|zsh|fish``: a shell completion script, from the parser.

The script is written by shtab from the very parser the command runs, so it names
every command, option and choice there is; this module only adds what argparse does
not know: which values are files or folders, and the ids and day words to offer.
shtab is imported here and nowhere else, so no other command pays for it.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from typing import TextIO

from nervecheck.engine.vocab import LOCATIONS, PAIN_AFTER, SYMPTOMS

SHELLS = ("bash", "zsh", "fish")

#: Values offered for options that argparse takes as free text (each is checked by
#: the command itself, so the offer never refuses anything).
OFFERED: dict[str, tuple[str, ...]] = {
    "symptom": SYMPTOMS, "location": LOCATIONS, "pain_after": PAIN_AFTER,
    "add_symptom": SYMPTOMS, "remove_symptom": SYMPTOMS, "add_location": LOCATIONS, "remove_location": LOCATIONS,
    "date": ("today", "yesterday"), "start": ("today", "yesterday"), "end": ("today", "yesterday"),
}


def _exercise_offers() -> dict[str, tuple[str, ...]]:
    """``ROUTINE:EXERCISE`` for ``--add-exercise``; routines too for ``--remove-exercise``."""
    from nervecheck.engine.store.fields import exercise_ids

    table = exercise_ids() or {}
    pairs = tuple(f"{routine}:{exercise}" for routine, exercises in table.items() for exercise in sorted(exercises))
    return {"add_exercise": pairs, "remove_exercise": (*table, *pairs)}
FILES = ("db", "answers", "file", "output", "backup", "other")
FOLDERS = ("content",)


def actions(parser: argparse.ArgumentParser) -> Iterator[argparse.Action]:
    """Every action of ``parser`` and of its subcommands, at any depth."""
    for action in parser._actions:
        yield action
        if isinstance(action, argparse._SubParsersAction):
            for sub in dict.fromkeys(action.choices.values()):  # aliases share a parser
                yield from actions(sub)


def script(shell: str) -> str:
    """The completion script for ``shell``."""
    import shtab

    from nervecheck.cli import build_parser

    parser = build_parser()
    offered = {**OFFERED, **_exercise_offers()}
    for action in actions(parser):
        if action.dest in offered and not action.choices:
            action.choices = offered[action.dest]
        if action.dest in FILES:
            action.complete = shtab.FILE  # type: ignore[attr-defined]
        elif action.dest in FOLDERS:
            action.complete = shtab.DIRECTORY  # type: ignore[attr-defined]
    return shtab.complete(parser, shell=shell)


def run(args: argparse.Namespace, out: TextIO) -> int:
    text = script(args.shell)
    out.write(text if text.endswith("\n") else text + "\n")
    return 0
