"""A symptom check asked one screen at a time (the TUI's way in to the tree)."""

from __future__ import annotations

from nervecheck.engine.triage.loading import load_tree
from nervecheck.engine.triage.tree import (
    AnswerError,
    Checklist,
    Outcome,
    Question,
    Step,
    Steps,
    TriageTree,
    check_answers,
)


class TriageSession:
    """One check, one screen at a time, with a way back that keeps earlier answers.

    A screen is a :class:`Question` or a :class:`Checklist` of warning signs; answer a
    question with :meth:`answer`, a checklist with :meth:`answer_checklist`.
    """

    def __init__(self, tree: TriageTree | None = None) -> None:
        self.tree = tree or load_tree()
        self._answers: dict[str, str] = {}
        self._trail: list[str] = [self.tree.start]  # nodes passed, then where we are
        self._steps: list[Steps] = []  # what each node passed recorded
        self._ticked: tuple[str, ...] = ()

    @property
    def current(self) -> Question | Checklist | None:
        """The screen to answer now, or ``None`` once the check is finished."""
        here = self._trail[-1]
        if here in self.tree.checklists:
            return self.tree.checklists[here]
        return self.tree.questions[self.tree.nodes[here][0]] if here in self.tree.nodes else None

    @property
    def finished(self) -> bool:
        return not self.tree.is_node(self._trail[-1])

    def answer(self, value: str) -> None:
        """Answer the current question and move on (:class:`AnswerError` if not allowed)."""
        question = self.current
        if not isinstance(question, Question):
            raise AnswerError("there is no question to answer here" if question is None
                              else "this screen is a checklist: answer it with answer_checklist")
        check_answers({question.id: value})
        self._answers[question.id] = value
        self._steps.append(((question.id, value),))
        self._trail.append(self.tree.nodes[self._trail[-1]][1][value])

    def answer_checklist(self, ticked: set[str] | frozenset[str]) -> None:
        """Answer the current checklist: ``ticked`` are the flags answered yes (the
        screen turns "not sure" into yes first); every other flag on it is a no."""
        checklist = self.current
        if not isinstance(checklist, Checklist):
            raise AnswerError("this screen is not a checklist")
        unknown = set(ticked) - set(checklist.flags)
        if unknown:
            raise AnswerError(f"{sorted(unknown)[0]!r} is not a warning sign on this checklist")
        answers = {flag: ("yes" if flag in ticked else "no") for flag in checklist.flags}
        steps: list[tuple[str, str]] = []
        target, self._ticked = TriageTree._answer_checklist(checklist, answers, steps)
        self._answers.update(answers)
        self._steps.append(tuple(steps))
        self._trail.append(target)

    def back(self) -> bool:
        """Go back one screen (answers are kept as defaults); ``False`` at the first."""
        if len(self._trail) == 1:
            return False
        self._trail.pop()
        self._steps.pop()
        self._ticked = ()
        return True

    def previous_answer(self, question_id: str) -> str | None:
        """The answer last given to this question in this session, to offer as default."""
        return self._answers.get(question_id)

    @property
    def steps(self) -> Steps:
        return tuple(step for screen in self._steps for step in screen)

    @property
    def path(self) -> tuple[Step, ...]:
        """The questions answered on the way here, in order."""
        return tuple(Step(q, a) for q, a in self.steps)

    @property
    def outcome(self) -> Outcome | None:
        return self.tree.outcome(self.steps, self._trail[-1], self._ticked) if self.finished else None

    @property
    def step_number(self) -> int:
        """1-based number of the current screen (when finished: screens answered)."""
        return len(self._trail) - 1 if self.finished else len(self._trail)

    @property
    def max_remaining(self) -> int:
        """The most screens that could still follow the current one, on any path."""
        return 0 if self.finished else self.tree.depth[self._trail[-1]] - 1

    @property
    def in_flags(self) -> bool:
        """Whether the current screen is a checklist of warning signs."""
        return self._trail[-1] in self.tree.checklists

