"""An exhaustive proof that the triage tree keeps the clinical contract (section 7).

The tree is walked depth-first, branching only on what it asks. A checklist of
warning signs branches on which of its flags is the first "yes" (or none): each flag
as the first "yes" must end at once in its tier's result, with nothing more asked
(the rules read nothing after it, so that one case covers all its combinations).
After every flag is answered no, each core question is checked to be one that can
still change the outcome (contract 4a), and at each leaf the contract rules
(:func:`nervecheck.engine.triage.tree.contract_rules`) are explored over every way of filling in the
answers not yet given, to show every completion gets the leaf's outcome. The
exploration branches only on answers the rules actually read, and a branch's result
holds for every value of the answers it did not read (the rules are a pure function
of what they read), so together the branches cover all 138,240 combinations of the
core answers without listing them one by one. ``tests/test_triage_contract.py`` also
lists them one by one.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from math import prod
from typing import TYPE_CHECKING, Any

from nervecheck.engine.triage.tree import Steps, TriageTree
from nervecheck.engine.triage.contract import contract_rules
from nervecheck.engine.vocab import ANSWER_VALUES, FLAGS, ROUTINES_BY_DISPOSITION, TIER_DISPOSITION, TIER_OF, TIERS

CORE = tuple(question for question in ANSWER_VALUES if question not in TIER_OF)
#: Every combination of the core answers: what the paths after the flags (all no)
#: must cover between them.
CORE_CASES = prod(len(ANSWER_VALUES[question]) for question in CORE)

Getter = Callable[[str], str]

if TYPE_CHECKING:
    from nervecheck.engine.triage.tree import Sources
    from nervecheck.engine.triage.content import SourcesContent


@dataclass(frozen=True)
class ProofReport:
    """What the proof covered, or the first way the tree breaks the contract."""

    cases: int = 0
    flags: int = 0
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
            f"{self.cases:,} core answer combinations with every flag no, and each of the {self.flags} flags "
            f"as the first yes; {self.paths} paths, longest {self.longest} questions, "
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
    """How many combinations of the core answers agree with ``answers``."""
    return prod(len(ANSWER_VALUES[question]) for question in CORE if question not in answers)


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


def _tier_rank(flag: str) -> int:
    return TIERS.index(TIER_OF[flag])


class _Prover:
    """The depth-first walk, collecting figures and stopping at the first violation."""

    def __init__(self, tree: TriageTree) -> None:
        self.tree = tree
        self.seen: set[str] = set()
        self.lengths: list[int] = []
        self.cases = 0
        self.first_yes: set[str] = set()

    def visit(self, target: str, steps: Steps) -> None:
        self.seen.add(target)
        if target in self.tree.leaves:
            self.leaf(target, steps)
            return
        if target in self.tree.checklists:
            self.checklist(target, steps)
            return
        if target not in self.tree.nodes:
            raise Violation(f"{describe(steps)} leads to {target!r}, which is neither a node nor a leaf")
        question, branches = self.tree.nodes[target]
        if question in TIER_OF:  # a flag asked on its own: a checklist of one
            self.flags_in_order((question,), steps)
            self.flag_yes(question, branches.get("yes"), (*steps, (question, "yes")))
            if "no" not in branches:
                raise Violation(f"{describe(steps)} asks {question} but has no branch for no (a dead end)")
            self.visit(branches["no"], (*steps, (question, "no")))
            return
        self.may_ask(question, steps)
        for value in ANSWER_VALUES[question]:
            if value not in branches:
                raise Violation(f"{describe(steps)} asks {question} but has no branch for {value} (a dead end)")
            self.visit(branches[value], (*steps, (question, value)))

    def checklist(self, node_id: str, steps: Steps) -> None:
        flags = self.tree.checklists[node_id].flags
        self.flags_in_order(flags, steps)
        checklist = self.tree.checklists[node_id]
        for index, flag in enumerate(flags):
            path = (*steps, *((f, "no") for f in flags[:index]), (flag, "yes"))
            self.seen.add(checklist.yes[flag])
            self.flag_yes(flag, checklist.yes[flag], path)
        self.visit(checklist.next, (*steps, *((f, "no") for f in flags)))

    def flags_in_order(self, flags: tuple[str, ...], steps: Steps) -> None:
        """Contract 4a: flags first, in tier order, each once, before any core question."""
        asked = [q for q, _ in steps]
        for flag in flags:
            if flag in asked:
                raise Violation(f"{describe(steps)} asks {flag} a second time")
            core = next((q for q in asked if q not in TIER_OF), None)
            if core is not None:
                raise Violation(f"{describe(steps)} asks the warning sign {flag} after the question {core}")
            later = next((q for q in asked if _tier_rank(q) > _tier_rank(flag)), None)
            if later is not None:
                raise Violation(f"{describe(steps)} asks the {TIER_OF[flag]}-tier sign {flag} "
                                f"after the {TIER_OF[later]}-tier sign {later}: flags go in tier order")
            asked.append(flag)

    def flag_yes(self, flag: str, target: str | None, steps: Steps) -> None:
        """A "yes" to ``flag`` (all before it no): its tier's result, nothing more asked."""
        if target is None:
            raise Violation(f"{describe(steps[:-1])} asks {flag} but has no branch for yes (a dead end)")
        if target not in self.tree.leaves:
            raise Violation(f"{describe(steps)} asks more after the warning sign {flag} was answered yes")
        answered = dict(steps)
        unasked = [f for f in FLAGS if _tier_rank(f) < _tier_rank(flag) and f not in answered]
        if unasked:
            raise Violation(f"{describe(steps)} ends with the {TIER_OF[flag]}-tier result before the "
                            f"{TIER_OF[unasked[0]]}-tier sign {unasked[0]} was asked")
        outcome = self.tree.outcome(steps, target)
        disposition = TIER_DISPOSITION[TIER_OF[flag]]
        for _answers, contract in explore(dict(steps), contract_rules):
            if contract != (disposition, None, None):  # cannot be, unless the rules changed
                raise Violation(f"the contract rules give {contract} for {describe(steps)}")
        mine = (outcome.disposition, outcome.nerve, outcome.care)
        if mine != (disposition, None, None) or outcome.flag != flag \
                or outcome.routines != ROUTINES_BY_DISPOSITION[disposition]:
            raise Violation(
                f"{describe(steps)} ends in leaf {target!r}: {_outcome_text(*mine)} with flag {outcome.flag}, "
                f"but the contract gives {_outcome_text(disposition, None, None)} with flag {flag}")
        self.outcome_rest(target, steps, outcome)
        if self.tree.short(flag) not in outcome.title:
            raise Violation(f"{describe(steps)} ends in leaf {target!r}, whose title does not name the ticked sign")
        self.first_yes.add(flag)
        self.lengths.append(len(steps))

    def outcome_rest(self, leaf_id: str, steps: Steps, outcome: Any) -> None:
        """Section 4's safety net: every result but an emergency says when to act sooner."""
        expected = self.tree.safety_net.lines(outcome.disposition)
        if outcome.safety_net != expected or (outcome.disposition != "emergency" and not expected):
            raise Violation(f"{describe(steps)} ends in leaf {leaf_id!r} without the safety net of "
                            f"{outcome.disposition}")

    def may_ask(self, question: str, steps: Steps) -> None:
        answered = dict(steps)
        if question in answered:
            raise Violation(f"{describe(steps)} asks {question} a second time")
        unasked = [flag for flag in FLAGS if flag not in answered]
        if unasked:
            raise Violation(f"{describe(steps)} asks {question} before the warning sign {unasked[0]} was asked")
        if not can_matter(question, steps):
            raise Violation(f"{describe(steps)} asks {question}, which cannot change the outcome there")

    def leaf(self, leaf_id: str, steps: Steps) -> None:
        answered = dict(steps)
        unasked = [flag for flag in FLAGS if flag not in answered]
        if unasked:
            raise Violation(f"{describe(steps)} ends before the warning sign {unasked[0]} was asked")
        outcome = self.tree.outcome(steps, leaf_id)
        mine = (outcome.disposition, outcome.nerve, outcome.care)
        for answers, contract in explore(dict(steps), contract_rules):
            self.cases += covered(answers)
            if contract != mine or outcome.routines != ROUTINES_BY_DISPOSITION[contract[0]]:
                raise Violation(self._mismatch(leaf_id, steps, answers, mine, contract))
        if outcome.flag is not None:
            raise Violation(f"{describe(steps)} ends in leaf {leaf_id!r} with flag {outcome.flag}, but every flag was no")
        self.outcome_rest(leaf_id, steps, outcome)
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
    for kind, blocks in (("nerve", tree.nerve_advice), ("warning sign", tree.flag_advice)):
        for name, block in blocks.items():
            for source in block.sources:
                if source not in sources.ids:
                    raise Violation(f"the advice for {kind} {name!r} cites {source!r}, which is not in sources.json")
    for source in tree.safety_net_sources:
        if source not in sources.ids:
            raise Violation(f"the safety net cites {source!r}, which is not in sources.json")


def _check_reached(tree: TriageTree, seen: set[str]) -> None:
    for node_id in (*tree.checklists, *tree.nodes):
        if node_id not in seen:
            raise Violation(f"node {node_id!r} can never be reached from the start")
    for leaf_id in tree.leaves:
        if leaf_id not in seen:
            raise Violation(f"leaf {leaf_id!r} can never be reached from the start")


def prove(tree: TriageTree, sources: Sources | SourcesContent) -> ProofReport:
    """Check every path of the tree against the contract; see the module docstring."""
    started = time.perf_counter()
    prover = _Prover(tree)
    try:
        _check_citations(tree, sources)
        prover.visit(tree.start, ())
        _check_reached(tree, prover.seen)
        if prover.cases != CORE_CASES:
            raise Violation(f"the paths cover {prover.cases:,} of the {CORE_CASES:,} core answer combinations")
        missing = [flag for flag in FLAGS if flag not in prover.first_yes]
        if missing:
            raise Violation(f"no path asks the warning sign {missing[0]}")
    except Violation as violation:
        return ProofReport(seconds=time.perf_counter() - started, violation=str(violation))
    lengths = prover.lengths
    return ProofReport(
        cases=prover.cases, flags=len(prover.first_yes), paths=len(lengths), longest=max(lengths),
        mean_questions=sum(lengths) / len(lengths), seconds=time.perf_counter() - started,
    )
