"""Saved checks shown as they were decided: the stored outcome, never a recomputation.

A version 2 check stores its decision (disposition, nerve, care, routines, the
deciding sign and the signs ticked with it) and the leaf it ended at: it is shown as
that decision, in the leaf's words, whatever today's tree would decide for the same
answers. A version 1 check stored only its answers and decision: it is shown with the
questions as worded then (contract section 8), its disposition, and today's safety
net, plainly labelled, since the warning signs it did not ask are still worth knowing.
"""

from __future__ import annotations

from typing import Any

from nervecheck.engine.triage.tree import Outcome, Step, TriageTree
from nervecheck.engine.triage.loading import load_tree
from nervecheck.engine.vocab import label

V1_NOTE = ("Saved by version 1 of the symptom check, which asked five warning signs; the advice shown then was "
           "not stored. Do a new check for advice on how you are today.")
LEAF_GONE = ("The advice this check showed is no longer in the app's content; the decision above is as it was "
             "made. Do a new check for today's advice.")


def saved_outcome(record: Any, tree: TriageTree | None = None) -> Outcome:
    """The outcome a saved check (a ``CheckRecord``) showed, for reading it again."""
    tree = tree or load_tree()
    path = tuple(Step(step.id, step.answer) for step in record.path)
    decided = (record.disposition, record.nerve, record.care, record.flag, tuple(record.routines))
    if record.contract >= 2:
        leaf = tree.leaves.get(record.leaf or "")
        if leaf is not None and (leaf.disposition, leaf.care) == (record.disposition, record.care):
            shown = tree.outcome(tuple((s.id, s.answer) for s in path), record.leaf, tuple(record.ticked))
            return Outcome(*decided, path, shown.title, shown.advice, shown.safety_net, shown.sources,
                           shown.why, tuple(record.ticked), record.leaf)
        return Outcome(*decided, path, label(record.disposition), (LEAF_GONE,),
                       tree.safety_net.lines(record.disposition), tree.safety_net_sources, (), tuple(record.ticked))
    return Outcome(
        *decided[:3], None, decided[4], path, f"{label(record.disposition)} (version 1 check)", (V1_NOTE,),
        tree.safety_net.lines(record.disposition), tree.safety_net_sources, v1_answers(record, tree),
    )


def v1_answers(record: Any, tree: TriageTree) -> tuple[str, ...]:
    """Each answer of a version 1 check with its question as worded then."""
    lines = []
    for step in record.path:
        question = tree.questions.get(step.id)
        text = tree.v1_questions.get(step.id) or (question.text if question is not None else step.id)
        answer = step.answer
        if question is not None and answer in question.values:
            answer = question.option(answer).label
        lines.append(f"{text} You answered: {answer}.")
    return tuple(lines)
