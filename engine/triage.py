"""The symptom check: walk the triage tree of ``content/triage.json`` to an outcome.

Three ways in, one tree:

* :func:`evaluate` takes a whole set of answers (the CLI, saved checks, tests);
* :class:`TriageSession` asks one question at a time (the TUI);
* :func:`rules_outcome` is *not* the tree: it is contract sections 3-5 written out
  directly, kept apart on purpose so :mod:`engine.proof` can hold the tree against it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

from pydantic import BaseModel, ConfigDict

from engine.content_files import ContentError
from engine.models import PathStep
from engine.triage_content import (
    NERVE_MARK, Leaf, Question, SourcesContent, TriageContent, read_sources, read_triage,
)
from engine.vocab import (
    ANSWER_VALUES, NERVE_BY_LOCATION, RED_FLAGS, ROUTINES_BY_DISPOSITION, Care, Disposition, RoutineId,
)

__all__ = [
    "AnswerError", "ContentError", "Outcome", "Question", "RulesOutcome", "TriageSession",
    "TriageTree", "check_answers", "contract_rules", "evaluate", "load_sources", "load_tree",
    "rules_outcome",
]

Steps = tuple[tuple[str, str], ...]
SENSORY = ("burning", "tingling", "numbness")


class AnswerError(ValueError):
    """An answer the check cannot use: unknown id, value outside its set, or missing."""

    def __init__(self, message: str, question: str | None = None) -> None:
        super().__init__(message)
        self.question = question


def _show(value: Any) -> str:
    # repr() keeps control characters inert; long junk is cut so errors stay one line.
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _allowed(question: str) -> str:
    return ", ".join(ANSWER_VALUES[question])


def check_answers(answers: Mapping[str, Any]) -> None:
    """Refuse an unknown id or a value outside its id's set (:class:`AnswerError`)."""
    for key, value in answers.items():
        allowed = ANSWER_VALUES.get(key)
        if allowed is None:
            raise AnswerError(f"unknown answer id {_show(key)}; the answer ids are: {', '.join(ANSWER_VALUES)}", None)
        if not isinstance(value, str) or value not in allowed:
            raise AnswerError(f"answer {key!r} cannot be {_show(value)}; allowed values: {_allowed(key)}", key)


def missing(question: str) -> AnswerError:
    """The error for an answer the check needs but was not given."""
    return AnswerError(f"missing answer {question!r}, which the check needs here; allowed values: {_allowed(question)}", question)


class Outcome(BaseModel):
    """The result of a check: what to do, which nerve, which care, and why."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    disposition: Disposition
    nerve: str | None
    care: Care | None
    routines: tuple[RoutineId, ...]
    path: tuple[PathStep, ...]
    title: str
    advice: tuple[str, ...]
    sources: tuple[str, ...]
    why: tuple[str, ...]

    @property
    def answers(self) -> dict[str, str]:
        return {step.id: step.answer for step in self.path}

    def to_json(self) -> dict[str, Any]:
        """The contract's section-6 form (``why`` is for the screen, not the CLI)."""
        return {
            "disposition": self.disposition, "nerve": self.nerve, "care": self.care,
            "routines": list(self.routines),
            "path": [{"id": step.id, "answer": step.answer} for step in self.path],
            "title": self.title, "advice": list(self.advice), "sources": list(self.sources),
        }


class TriageTree:
    """The checked triage content, compiled to plain dicts for a fast walk."""

    def __init__(self, content: TriageContent) -> None:
        self.content = content
        self.start = content.start
        self.questions: dict[str, Question] = {q.id: q for q in content.questions}
        self.nodes: dict[str, tuple[str, dict[str, str]]] = {
            node_id: (node.ask, dict(node.next)) for node_id, node in content.nodes.items()
        }
        self.leaves: dict[str, Leaf] = dict(content.leaves)
        self.depth: dict[str, int] = {}
        for node_id in self.nodes:
            self._depth(node_id)
        self._outcomes: dict[Steps, Outcome] = {}

    def _depth(self, target: str) -> int:
        """The most questions still to ask from ``target`` (itself included)."""
        if target not in self.nodes:
            return 0
        if target not in self.depth:
            branches = self.nodes[target][1].values()
            self.depth[target] = 1 + max(self._depth(t) for t in branches)
        return self.depth[target]

    def walk(self, answers: Mapping[str, str]) -> tuple[Steps, str]:
        """The questions asked with their answers, and the leaf reached (answers pre-checked)."""
        target, steps = self.start, []
        while target in self.nodes:
            question, branches = self.nodes[target]
            value = answers.get(question)
            if value is None:
                raise missing(question)
            steps.append((question, value))
            target = branches[value]
        return tuple(steps), target

    def outcome(self, steps: Steps, leaf_id: str) -> Outcome:
        """The outcome at the end of a path; built once per path, then reused."""
        found = self._outcomes.get(steps)
        if found is None:
            found = self._outcomes[steps] = self._build(steps, self.leaves[leaf_id])
        return found

    def _build(self, steps: Steps, leaf: Leaf) -> Outcome:
        answered = dict(steps)
        nerve = NERVE_BY_LOCATION[answered["location"]] if "location" in answered else None
        extra = self.content.nerve_advice.get(nerve) if nerve else None
        with_nerve = extra is not None and NERVE_MARK in leaf.advice
        sources = leaf.sources + (extra.sources if with_nerve else ())
        return Outcome(
            disposition=leaf.disposition, nerve=nerve, care=leaf.care,
            routines=ROUTINES_BY_DISPOSITION[leaf.disposition],
            path=tuple(PathStep(id=q, answer=a) for q, a in steps),
            title=leaf.title, advice=self._advice(leaf.advice, extra),
            sources=tuple(dict.fromkeys(sources)), why=self._why(steps),
        )

    def _advice(self, items: tuple[str, ...], extra: Any) -> tuple[str, ...]:
        out: list[str] = []
        for item in items:
            if item == NERVE_MARK:
                out.extend(self._advice(extra.advice, None) if extra else ())
            elif item.startswith("@"):
                out.append(self.content.paragraphs[item[1:]])
            else:
                out.append(item)
        return tuple(dict.fromkeys(out))  # a paragraph said twice is said once

    def _why(self, steps: Steps) -> tuple[str, ...]:
        why = []
        for index, (question, value) in enumerate(steps):
            if index == len(RED_FLAGS) and all(dict(steps).get(f) == "no" for f in RED_FLAGS):
                why.append(self.content.all_clear_why)
            reason = self.questions[question].option(value).why
            if reason:
                why.append(reason)
        return tuple(why)


@lru_cache(maxsize=8)
def load_tree(source_dir: Path | None = None) -> TriageTree:
    """The triage tree from ``content/`` (or ``source_dir``), loaded once and cached."""
    return TriageTree(read_triage(source_dir))


@lru_cache(maxsize=8)
def load_sources(source_dir: Path | None = None) -> SourcesContent:
    """The source titles and nerve descriptions, loaded once and cached."""
    return read_sources(source_dir)


def evaluate(answers: Mapping[str, str], tree: TriageTree | None = None) -> Outcome:
    """Walk the tree with these answers; every supplied answer is checked first."""
    tree = tree or load_tree()
    check_answers(answers)
    steps, leaf_id = tree.walk(answers)
    return tree.outcome(steps, leaf_id)


class RulesOutcome(NamedTuple):
    """What the contract's rules give for a set of answers."""

    disposition: str
    nerve: str | None
    care: str | None
    routines: tuple[str, ...]


def rules_outcome(answers: Mapping[str, str]) -> RulesOutcome:
    """Contract sections 3-5 applied directly (first match wins): the proof's oracle."""
    check_answers(answers)

    def get(question: str) -> str:
        if question not in answers:
            raise missing(question)
        return answers[question]

    disposition, nerve, care = contract_rules(get)
    return RulesOutcome(disposition, nerve, care, ROUTINES_BY_DISPOSITION[disposition])


def contract_rules(get: Callable[[str], str]) -> tuple[str, str | None, str | None]:
    """Disposition, nerve and care by the contract, reading answers only through ``get``.

    The proof passes a ``get`` that reports which answers were read, so keep every
    read going through it.
    """
    if any(get(flag) == "yes" for flag in RED_FLAGS):  # rule 1
        return "emergency", None, None
    symptom = get("symptom")
    if symptom == "none":  # rule 2
        return ("modify_training" if get("pain_after_exercise") == "over_2h" else "keep_running"), None, None
    nerve = NERVE_BY_LOCATION[get("location")]  # section 4
    disposition = _rules_3_to_8(get, symptom)
    return disposition, nerve, (_care(get) if disposition == "rest_and_treat" else None)


def _rules_3_to_8(get: Callable[[str], str], symptom: str) -> str:
    if get("after_trauma") == "yes" or get("systemic_signs") == "yes":  # rule 3
        return "see_clinician"
    if symptom == "weakness":  # rule 4
        return "see_clinician"
    if get("location") == "both_feet":  # rule 5
        return "see_clinician"
    if symptom in SENSORY and get("diabetes") == "yes":  # rule 6
        return "see_clinician"
    if get("pattern") in ("recurring", "constant"):  # rule 7
        return "modify_training" if get("cleared_by_clinician") == "yes" else "see_clinician"
    return "rest_and_treat"  # rule 8


def _care(get: Callable[[str], str]) -> str:
    if get("area") == "small":
        return "ice"
    return "heat" if get("muscle_tightness") == "yes" else "rest"


class TriageSession:
    """One check, one question at a time, with a way back that keeps earlier answers."""

    def __init__(self, tree: TriageTree | None = None) -> None:
        self.tree = tree or load_tree()
        self._answers: dict[str, str] = {}
        self._trail: list[str] = [self.tree.start]  # nodes passed, then where we are

    @property
    def current(self) -> Question | None:
        """The question to answer now, or ``None`` once the check is finished."""
        here = self._trail[-1]
        return self.tree.questions[self.tree.nodes[here][0]] if here in self.tree.nodes else None

    @property
    def finished(self) -> bool:
        return self._trail[-1] not in self.tree.nodes

    def answer(self, value: str) -> None:
        """Answer the current question and move on (:class:`AnswerError` if not allowed)."""
        question = self.current
        if question is None:
            raise AnswerError("the check is finished: there is no question to answer")
        check_answers({question.id: value})
        self._answers[question.id] = value
        self._trail.append(self.tree.nodes[self._trail[-1]][1][value])

    def back(self) -> bool:
        """Go back one question (answers are kept as defaults); ``False`` at the first."""
        if len(self._trail) == 1:
            return False
        self._trail.pop()
        return True

    def previous_answer(self, question_id: str) -> str | None:
        """The answer last given to this question in this session, to offer as default."""
        return self._answers.get(question_id)

    @property
    def steps(self) -> Steps:
        return tuple((self.tree.nodes[n][0], self._answers[self.tree.nodes[n][0]]) for n in self._trail[:-1])

    @property
    def path(self) -> tuple[PathStep, ...]:
        """The questions answered on the way here, in order."""
        return tuple(PathStep(id=q, answer=a) for q, a in self.steps)

    @property
    def outcome(self) -> Outcome | None:
        return self.tree.outcome(self.steps, self._trail[-1]) if self.finished else None

    @property
    def step_number(self) -> int:
        """1-based number of the current question (when finished: questions asked)."""
        return len(self._trail) - 1 if self.finished else len(self._trail)

    @property
    def max_remaining(self) -> int:
        """The most questions that could still follow the current one, on any path."""
        return 0 if self.finished else self.tree.depth[self._trail[-1]] - 1

    def red_flags(self) -> tuple[Question, ...]:
        """The five red-flag questions, in the order the tree asks them."""
        return red_flag_questions(self.tree)


def red_flag_questions(tree: TriageTree | None = None) -> tuple[Question, ...]:
    """The five red-flag questions, in the order the tree asks them."""
    tree = tree or load_tree()
    order, target = [], tree.start
    while target in tree.nodes and tree.nodes[target][0] in RED_FLAGS:
        question, branches = tree.nodes[target]
        order.append(question)
        target = branches["no"]
    order += [flag for flag in RED_FLAGS if flag not in order]  # a broken tree still lists all five
    return tuple(tree.questions[flag] for flag in order)
