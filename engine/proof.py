"""An exhaustive proof that the triage tree keeps the clinical contract.

The tree is walked depth-first, branching only on the questions it asks. At each
question the contract rules (:func:`engine.triage.contract_rules`) are explored over
every way of filling in the answers not yet given, to show the question can still
change the outcome; at each leaf they are explored to show every completion gets the
leaf's outcome. The exploration branches only on answers the rules actually read, and
a branch's result holds for every value of the answers it did not read (the rules are
a pure function of what they read), so together the branches cover all
combinations of the 15 answers without listing a million of them one by one.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from math import prod
from typing import TYPE_CHECKING, Any

from engine.triage import Steps, TriageTree, contract_rules, load_sources, load_tree
from engine.vocab import ANSWER_VALUES, RED_FLAGS, ROUTINES_BY_DISPOSITION

#: Every combination of the 15 answers: what the paths must cover between them.
ALL_CASES = prod(len(values) for values in ANSWER_VALUES.values())

Getter = Callable[[str], str]

if TYPE_CHECKING:
    from engine.triage import Sources
    from engine.triage_content import SourcesContent


@dataclass(frozen=True)
class ProofReport:
    """What the proof covered, or the first way the tree breaks the contract."""

    cases: int = 0
    paths: int = 0
    longest: int = 0
    mean_questions: float = 0.0
    seconds: float = 0.0
    violation: str | None = None

    @property
    def ok(self) -> bool:
        return self.violation is None

    def summary(self) -> str:
        """One plain line: the figures, or the violation."""
        if self.violation:
            return f"the triage tree breaks the contract: {self.violation}"
        return (
            f"{self.cases:,} answer combinations, {self.paths} paths, longest {self.longest} questions, "
            f"mean {self.mean_questions:.1f} questions per path: every path keeps the contract"
        )


class Violation(Exception):
    """A way the tree breaks the contract, in plain words."""


class _Unread(Exception):
    def __init__(self, question: str) -> None:
        self.question = question


def explore(fixed: dict[str, str], rules: Callable[[Getter], Any]) -> Iterator[tuple[dict[str, str], Any]]:
    """Run ``rules`` over every completion of ``fixed``, branching only on answers it reads.

    Yields each branch's answers (``fixed`` plus the answers read) and the result.
    """
    stack = [fixed]
    while stack:
        answers = stack.pop()

        def get(question: str, answers: dict[str, str] = answers) -> str:
            if question in answers:
                return answers[question]
            raise _Unread(question)

        try:
            result = rules(get)
        except _Unread as unread:
            values = ANSWER_VALUES[unread.question]
            stack.extend({**answers, unread.question: value} for value in reversed(values))
            continue
        yield answers, result


def covered(answers: dict[str, str]) -> int:
    """How many full answer sets agree with ``answers``."""
    return prod(len(values) for question, values in ANSWER_VALUES.items() if question not in answers)


def can_matter(question: str, steps: Steps) -> bool:
    """Contract 4a: with ``steps`` fixed, can two answers to ``question`` differ in outcome?"""

    def every_answer(get: Getter) -> set[Any]:
        return {contract_rules(_with(get, question, value)) for value in ANSWER_VALUES[question]}

    return any(len(outcomes) > 1 for _, outcomes in explore(dict(steps), every_answer))


def _with(get: Getter, question: str, value: str) -> Getter:
    return lambda asked: value if asked == question else get(asked)


def describe(steps: Steps) -> str:
    """A path in plain words, for messages."""
    if not steps:
        return "the first question"
    return "path " + ", ".join(f"{question}={value}" for question, value in steps)


def _outcome_text(disposition: str, nerve: str | None, care: str | None) -> str:
    return f"{disposition} (nerve {nerve or 'none'}, care {care or 'none'})"


class _Prover:
    """The depth-first walk, collecting figures and stopping at the first violation."""

    def __init__(self, tree: TriageTree) -> None:
        self.tree = tree
        self.seen: set[str] = set()
        self.lengths: list[int] = []
        self.cases = 0

    def visit(self, target: str, steps: Steps) -> None:
        self.seen.add(target)
        if target in self.tree.leaves:
            self.leaf(target, steps)
            return
        if target not in self.tree.nodes:
            raise Violation(f"{describe(steps)} leads to {target!r}, which is neither a node nor a leaf")
        question, branches = self.tree.nodes[target]
        self.may_ask(question, steps)
        for value in ANSWER_VALUES[question]:
            if value not in branches:
                raise Violation(f"{describe(steps)} asks {question} but has no branch for {value} (a dead end)")
            self.visit(branches[value], (*steps, (question, value)))

    def may_ask(self, question: str, steps: Steps) -> None:
        answered = dict(steps)
        if question in answered:
            raise Violation(f"{describe(steps)} asks {question} a second time")
        if any(answered.get(flag) == "yes" for flag in RED_FLAGS):
            raise Violation(f"{describe(steps)} asks {question} after a red flag was answered yes")
        if len(steps) < len(RED_FLAGS) and question not in RED_FLAGS:
            raise Violation(f"{describe(steps)} asks {question} before all five red flags were answered")
        if not can_matter(question, steps):
            raise Violation(f"{describe(steps)} asks {question}, which cannot change the outcome there")

    def leaf(self, leaf_id: str, steps: Steps) -> None:
        flags = {q: a for q, a in steps if q in RED_FLAGS}
        if "yes" not in flags.values() and len(flags) < len(RED_FLAGS):
            raise Violation(f"{describe(steps)} ends before all five red flags were asked")
        outcome = self.tree.outcome(steps, leaf_id)
        mine = (outcome.disposition, outcome.nerve, outcome.care)
        for answers, contract in explore(dict(steps), contract_rules):
            self.cases += covered(answers)
            if contract != mine or outcome.routines != ROUTINES_BY_DISPOSITION[contract[0]]:
                raise Violation(self._mismatch(leaf_id, steps, answers, mine, contract))
        self.lengths.append(len(steps))

    @staticmethod
    def _mismatch(leaf_id: str, steps: Steps, answers: dict[str, str], mine: tuple, contract: tuple) -> str:
        extra = [f"{q}={a}" for q, a in answers.items() if q not in dict(steps)]
        when = f" when {', '.join(extra)}" if extra else ""
        return (
            f"{describe(steps)} ends in leaf {leaf_id!r}: {_outcome_text(*mine)}, "
            f"but the contract gives {_outcome_text(*contract)}{when}"
        )


def _check_citations(tree: TriageTree, sources: Sources | SourcesContent) -> None:
    for leaf_id, leaf in tree.leaves.items():
        if not leaf.advice or not leaf.sources:
            raise Violation(f"leaf {leaf_id!r} has no advice or no sources")
        for source in leaf.sources:
            if source not in sources.ids:
                raise Violation(f"leaf {leaf_id!r} cites {source!r}, which is not in sources.json")
    for nerve, block in tree.nerve_advice.items():
        for source in block.sources:
            if source not in sources.ids:
                raise Violation(f"the advice for nerve {nerve!r} cites {source!r}, which is not in sources.json")


def _check_reached(tree: TriageTree, seen: set[str]) -> None:
    for node_id in tree.nodes:
        if node_id not in seen:
            raise Violation(f"node {node_id!r} can never be reached from the start")
    for leaf_id in tree.leaves:
        if leaf_id not in seen:
            raise Violation(f"leaf {leaf_id!r} can never be reached from the start")


def prove(tree: TriageTree | None = None, sources: Sources | SourcesContent | None = None) -> ProofReport:
    """Check every path of the tree against the contract; see the module docstring."""
    started = time.perf_counter()
    tree, sources = tree or load_tree(), sources or load_sources()
    prover = _Prover(tree)
    try:
        _check_citations(tree, sources)
        prover.visit(tree.start, ())
        _check_reached(tree, prover.seen)
        if prover.cases != ALL_CASES:
            raise Violation(f"the paths cover {prover.cases:,} of the {ALL_CASES:,} answer combinations")
    except Violation as violation:
        return ProofReport(seconds=time.perf_counter() - started, violation=str(violation))
    lengths = prover.lengths
    return ProofReport(
        cases=prover.cases, paths=len(lengths), longest=max(lengths),
        mean_questions=sum(lengths) / len(lengths), seconds=time.perf_counter() - started,
    )
