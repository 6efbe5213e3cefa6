"""Saved checks shown as they were decided: the stored outcome, never a recomputation.

A version 2 check stores what the runner was shown, and is shown exactly so. A
version 1 check stored only its answers and outcome: it is shown with the questions
as they were worded then (contract section 8), its disposition, and today's safety
net, plainly labelled, since the warning signs it did not ask are still worth knowing.
"""

from __future__ import annotations

from typing import Any

from engine.triage import Outcome, Step, TriageTree, load_tree
from engine.vocab import label

V1_NOTE = ("Saved by version 1 of the symptom check, which asked five warning signs; the advice shown then was "
           "not stored. Do a new check for advice on how you are today.")


def saved_outcome(record: Any, tree: TriageTree | None = None) -> Outcome:
    """The outcome a saved check (a ``CheckRecord``) showed, for reading it again."""
    path = tuple(Step(step.id, step.answer) for step in record.path)
    if record.contract >= 2 and record.title:
        return Outcome(record.disposition, record.nerve, record.care, record.flag, record.routines, path,
                       record.title, record.advice, record.safety_net, record.sources, record.why, record.ticked)
    tree = tree or load_tree()
    return Outcome(
        record.disposition, record.nerve, record.care, None, record.routines, path,
        f"{label(record.disposition)} (version 1 check)", (V1_NOTE,),
        tree.safety_net.lines(record.disposition), tree.safety_net_sources, v1_answers(record, tree),
    )


def v1_answers(record: Any, tree: TriageTree) -> tuple[str, ...]:
    """Each answer of a version 1 check with its question as worded then."""
    lines = []
    for step in record.path:
        text = tree.v1_questions.get(step.id)
        if text is None:
            question = tree.questions.get(step.id)
            text = question.text if question is not None else step.id
        answer = step.answer
        question = tree.questions.get(step.id)
        if question is not None and answer in question.values:
            answer = question.option(answer).label
        lines.append(f"{text} You answered: {answer}.")
    return tuple(lines)
