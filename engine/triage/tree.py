"""The symptom check: walk the triage tree of ``content/triage.json`` to an outcome.

Three ways in, one tree:

* :func:`evaluate` takes a whole set of answers (the CLI, saved checks, tests);
* :class:`TriageSession` asks one question at a time (the TUI);
* :func:`rules_outcome` is *not* the tree: it is contract sections 3-5 written out
  directly, kept apart on purpose so :mod:`nervecheck.engine.triage.proof` can hold the tree against it.

At run time the content is plain Python objects (no pydantic: ``nervecheck check``
must start fast). The pydantic models of :mod:`nervecheck.engine.triage.content` stay the
authority on what valid content is; the content files are trusted without them only
when ``content/proven.json`` (written by ``nervecheck content check --stamp`` after
everything passed) holds the digest of their exact bytes. Any other content (edited
since, or with no stamp) first gets every check of ``content check`` (validation,
links, the proof): only slower, never trusted blindly.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any


from nervecheck.engine.triage.files import FLAG_MARK, NERVE_MARK, SIGNS_MARK, TICKED_MARK
from nervecheck.engine.vocab import (
    ANSWER_VALUES, CONTRACT_VERSION, FLAGS, NERVE_BY_LOCATION, ROUTINES_BY_DISPOSITION,
    TIER_OF, V1_FLAGS,
)

if TYPE_CHECKING:
    from nervecheck.engine.triage.content import TriageContent



Steps = tuple[tuple[str, str], ...]


class _Record:
    """A small immutable record: its fields are its ``__slots__``; equal by value."""

    __slots__ = ()

    def _fill(self, *values: Any) -> None:
        for name, value in zip(self.__slots__, values, strict=True):
            object.__setattr__(self, name, value)

    def _values(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in self.__slots__)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"{type(self).__name__} is read-only")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"{type(self).__name__} is read-only")

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return self._values() == other._values()  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash((type(self).__name__, self._values()))

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.__slots__)
        return f"{type(self).__name__}({fields})"

    def __reduce__(self) -> tuple[Any, ...]:  # copy and pickle, despite __setattr__
        return type(self), self._values()


class Option(_Record):
    """One answer a question offers: the contract value, a plain label, why it counts."""

    __slots__ = ("value", "label", "why")
    value: str
    label: str
    why: str | None

    def __init__(self, value: str, label: str, why: str | None = None) -> None:
        self._fill(value, label, why)


class Question(_Record):
    """A question of the check: its contract id, plain wording, help and options."""

    __slots__ = ("id", "text", "help", "hint", "options", "short")
    id: str
    text: str
    help: str
    hint: str | None
    options: tuple[Option, ...]
    #: A warning sign in a few words ("a stroke warning, even if it passed"): results
    #: and safety nets name flags by it. ``None`` for the core questions.
    short: str | None

    def __init__(self, id: str, text: str, help: str, hint: str | None,  # noqa: A002
                 options: tuple[Option, ...], short: str | None = None) -> None:
        self._fill(id, text, help, hint, options, short)

    @property
    def values(self) -> tuple[str, ...]:
        return tuple(option.value for option in self.options)

    def option(self, value: str) -> Option:
        """The option with this value (``KeyError`` when there is none)."""
        for option in self.options:
            if option.value == value:
                return option
        raise KeyError(value)


class Checklist(_Record):
    """A screen of warning signs answered at once (contract 4a): the flags in the order
    asked, where a "yes" to each leads, and where "no" to all of them leads."""

    __slots__ = ("id", "title", "flags", "yes", "next")
    __hash__ = None  # type: ignore[assignment]  # yes is a dict
    id: str
    title: str
    flags: tuple[str, ...]
    yes: dict[str, str]
    next: str

    def __init__(self, id: str, title: str, flags: tuple[str, ...], yes: Mapping[str, str], next: str) -> None:  # noqa: A002
        self._fill(id, title, tuple(flags), dict(yes), next)


class Leaf(_Record):
    """An end of the tree: the result shown to the runner (advice still holds ``@`` marks)."""

    __slots__ = ("disposition", "care", "title", "advice", "sources")
    disposition: str
    care: str | None
    title: str
    advice: tuple[str, ...]
    sources: tuple[str, ...]

    def __init__(self, disposition: str, care: str | None, title: str,
                 advice: tuple[str, ...], sources: tuple[str, ...]) -> None:
        self._fill(disposition, care, title, advice, sources)


class NerveAdvice(_Record):
    """Paragraphs about one nerve, placed where a leaf's advice says ``@nerve``."""

    __slots__ = ("advice", "sources")
    advice: tuple[str, ...]
    sources: tuple[str, ...]

    def __init__(self, advice: tuple[str, ...], sources: tuple[str, ...]) -> None:
        self._fill(advice, sources)


class Step(_Record):
    """One question the tree asked, with the answer used (saved as a ``PathStep``)."""

    __slots__ = ("id", "answer")
    id: str
    answer: str

    def __init__(self, id: str, answer: str) -> None:  # noqa: A002
        self._fill(id, answer)


class Outcome(_Record):
    """The result of a check: what to do, which nerve, which care, and why."""

    __slots__ = ("disposition", "nerve", "care", "flag", "routines", "path", "title", "advice", "safety_net",
                 "sources", "why", "ticked", "leaf")
    disposition: str
    nerve: str | None
    care: str | None
    #: The warning sign that decided the outcome (the first "yes" asked), else ``None``.
    flag: str | None
    routines: tuple[str, ...]
    path: tuple[Step, ...]
    title: str
    advice: tuple[str, ...]
    #: When to act sooner (contract section 4): empty only for ``emergency``.
    safety_net: tuple[str, ...]
    sources: tuple[str, ...]
    why: tuple[str, ...]
    #: Every warning sign ticked on the screen that decided it (the title names them).
    ticked: tuple[str, ...]
    #: The id of the leaf the tree ended at (saved, so the check reopens in its words).
    leaf: str | None

    def __init__(self, disposition: str, nerve: str | None, care: str | None, flag: str | None,
                 routines: tuple[str, ...], path: tuple[Step, ...], title: str, advice: tuple[str, ...],
                 safety_net: tuple[str, ...], sources: tuple[str, ...], why: tuple[str, ...],
                 ticked: tuple[str, ...] = (), leaf: str | None = None) -> None:
        self._fill(disposition, nerve, care, flag, tuple(routines), tuple(path), title, tuple(advice),
                   tuple(safety_net), tuple(sources), tuple(why), tuple(ticked), leaf)

    @property
    def answers(self) -> dict[str, str]:
        return {step.id: step.answer for step in self.path}

    def to_json(self) -> dict[str, Any]:
        """The contract's section-6 form (``why`` is for the screen, not the CLI)."""
        return {
            "disposition": self.disposition, "nerve": self.nerve, "care": self.care, "flag": self.flag,
            "routines": list(self.routines),
            "path": [{"id": step.id, "answer": step.answer} for step in self.path],
            "title": self.title, "advice": list(self.advice), "safety_net": list(self.safety_net),
            "sources": list(self.sources),
        }


class Source(_Record):
    """One source (an article or clinical guidance), cited by its short id."""

    __slots__ = ("id", "title", "url")
    id: str
    title: str
    url: str | None

    def __init__(self, id: str, title: str, url: str | None = None) -> None:  # noqa: A002
        self._fill(id, title, url)


class Sources(_Record):
    """The source articles, and each nerve in plain words (``content/sources.json``)."""

    __slots__ = ("sources", "nerves")
    __hash__ = None  # type: ignore[assignment]  # nerves is a dict
    sources: tuple[Source, ...]
    nerves: dict[str, str]

    def __init__(self, sources: tuple[Source, ...], nerves: dict[str, str]) -> None:
        self._fill(tuple(sources), dict(nerves))

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Sources:
        """From the JSON shape of ``sources.json`` (or a validated model's dump)."""
        return cls(tuple(Source(item["id"], item["title"], item.get("url")) for item in data["sources"]), dict(data["nerves"]))

    @property
    def ids(self) -> frozenset[str]:
        return frozenset(source.id for source in self.sources)

    def title(self, source_id: str) -> str:
        """The title we cite a source by (its id when unknown)."""
        return next((s.title for s in self.sources if s.id == source_id), source_id)

    def nerve(self, nerve_id: str) -> str:
        """The nerve described in plain words, for the result screen."""
        return self.nerves.get(nerve_id, nerve_id.replace("_", " "))


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


def missing(question: str, answers: Mapping[str, str] | None = None) -> AnswerError:
    """The error for an answer the check needs but was not given. Answers written for
    version 1 of the contract (the five old flags, none of the new) are told so."""
    note = ""
    if answers is not None and question in TIER_OF and all(flag in answers for flag in V1_FLAGS) \
            and not any(flag in answers for flag in FLAGS if flag not in V1_FLAGS):
        note = (f" (these answers look like version 1 of the check, which had only five warning signs; "
                f"version {CONTRACT_VERSION} asks {len(FLAGS)}: {', '.join(FLAGS)})")
    return AnswerError(f"missing answer {question!r}, which the check needs here; "
                       f"allowed values: {_allowed(question)}{note}", question)


class SafetyNet(_Record):
    """Contract section 4's safety net, in the content's words: the go-now lines (every
    red-tier sign), the get-help-today lines (every urgent-tier sign) and a review
    point for each disposition that has one."""

    __slots__ = ("go_now", "help_today", "review")
    __hash__ = None  # type: ignore[assignment]  # review is a dict
    go_now: tuple[str, ...]
    help_today: tuple[str, ...]
    review: dict[str, str]

    def __init__(self, go_now: tuple[str, ...], help_today: tuple[str, ...], review: Mapping[str, str]) -> None:
        self._fill(tuple(go_now), tuple(help_today), dict(review))

    def lines(self, disposition: str) -> tuple[str, ...]:
        """The safety net of a result: none for ``emergency``; the go-now signs; the
        help-today signs (but for ``urgent_today`` itself); then the review point."""
        if disposition == "emergency":
            return ()
        lines = list(self.go_now)
        if disposition != "urgent_today":
            lines += self.help_today
        if disposition in self.review:
            lines.append(self.review[disposition])
        return tuple(lines)


class TriageTree:
    """The triage content compiled to plain objects and dicts for a fast walk.

    Built from checked content only: a validated :class:`~nervecheck.engine.triage.content.TriageContent`,
    or the JSON of a ``triage.json`` whose bytes the stamp vouches for (:func:`load_tree`).
    A node is either a question (``ask``: one answer, one branch per value) or a
    :class:`Checklist` of warning signs.
    """

    def __init__(self, content: TriageContent | Mapping[str, Any]) -> None:
        data: Mapping[str, Any] = content if isinstance(content, Mapping) else content.model_dump()
        self.start: str = data["start"]
        self.no_flags_why: str = data["no_flags_why"]
        self.questions: dict[str, Question] = {
            q["id"]: Question(q["id"], q["text"], q["help"], q.get("hint"),
                              tuple(Option(o["value"], o["label"], o.get("why")) for o in q["options"]),
                              q.get("short"))
            for q in data["questions"]
        }
        self.nodes: dict[str, tuple[str, dict[str, str]]] = {}
        self.checklists: dict[str, Checklist] = {}
        for node_id, node in data["nodes"].items():
            if node.get("checklist") is not None:
                self.checklists[node_id] = Checklist(node_id, node["title"], tuple(node["checklist"]),
                                                     node["yes"], node["next"])
            else:
                self.nodes[node_id] = (node["ask"], dict(node["next"]))
        self.leaves: dict[str, Leaf] = {
            leaf_id: Leaf(leaf["disposition"], leaf.get("care"), leaf["title"], tuple(leaf["advice"]),
                          tuple(leaf["sources"]))
            for leaf_id, leaf in data["leaves"].items()
        }
        self.paragraphs: dict[str, str] = dict(data.get("paragraphs") or {})
        self.nerve_advice: dict[str, NerveAdvice] = {
            nerve: NerveAdvice(tuple(block["advice"]), tuple(block["sources"]))
            for nerve, block in (data.get("nerve_advice") or {}).items()
        }
        self.flag_advice: dict[str, NerveAdvice] = {
            flag: NerveAdvice(tuple(block["advice"]), tuple(block["sources"]))
            for flag, block in (data.get("flag_advice") or {}).items()
        }
        net = data["safety_net"]
        self.safety_net = SafetyNet(tuple(line["text"] for line in net["go_now"]),
                                    tuple(line["text"] for line in net["help_today"]), net["review"])
        self.safety_net_sources: tuple[str, ...] = tuple(net["sources"])
        #: The version 1 wording of the flags whose wording changed, to show old checks.
        self.v1_questions: dict[str, str] = dict(data.get("v1_questions") or {})
        self.depth: dict[str, int] = {}
        for node_id in (*self.checklists, *self.nodes):
            self._depth(node_id)
        self._outcomes: dict[tuple[Steps, str, tuple[str, ...]], Outcome] = {}

    def is_node(self, target: str) -> bool:
        """Whether ``target`` asks something (a question or a checklist), not a leaf."""
        return target in self.nodes or target in self.checklists

    def targets(self, node_id: str) -> tuple[str, ...]:
        """Everywhere a node can lead."""
        if node_id in self.checklists:
            checklist = self.checklists[node_id]
            return (*checklist.yes.values(), checklist.next)
        return tuple(self.nodes[node_id][1].values())

    def _depth(self, target: str) -> int:
        """The most screens still to show from ``target`` (itself included): a
        checklist is one screen, however many flags it holds."""
        if not self.is_node(target):
            return 0
        if target not in self.depth:
            self.depth[target] = 1 + max(self._depth(t) for t in self.targets(target))
        return self.depth[target]

    def walk(self, answers: Mapping[str, str]) -> tuple[Steps, str, tuple[str, ...]]:
        """The questions asked with their answers, the leaf reached, and the warning
        signs ticked on the checklist that decided it (answers pre-checked)."""
        target, steps, ticked = self.start, [], ()
        while True:
            checklist = self.checklists.get(target)
            if checklist is not None:
                target, ticked = self._answer_checklist(checklist, answers, steps)
                continue
            node = self.nodes.get(target)
            if node is None:
                return tuple(steps), target, ticked
            question, branches = node
            value = answers.get(question)
            if value is None:
                raise missing(question, answers)
            steps.append((question, value))
            target = branches[value]

    @staticmethod
    def _answer_checklist(checklist: Checklist, answers: Mapping[str, str],
                          steps: list[tuple[str, str]]) -> tuple[str, tuple[str, ...]]:
        """Record a checklist's flags up to and including the first "yes" (contract 4a)."""
        for index, flag in enumerate(checklist.flags):
            value = answers.get(flag)
            if value is None:
                raise missing(flag, answers)
            steps.append((flag, value))
            if value == "yes":
                rest = checklist.flags[index + 1:]
                return checklist.yes[flag], (flag, *(f for f in rest if answers.get(f) == "yes"))
        return checklist.next, ()

    def outcome(self, steps: Steps, leaf_id: str, ticked: tuple[str, ...] = ()) -> Outcome:
        """The outcome at the end of a path; built once per path, then reused."""
        key = (steps, leaf_id, ticked)
        found = self._outcomes.get(key)
        if found is None:
            found = self._outcomes[key] = self._build(steps, leaf_id, ticked)
        return found

    def _build(self, steps: Steps, leaf_id: str, ticked: tuple[str, ...]) -> Outcome:
        leaf = self.leaves[leaf_id]
        answered = dict(steps)
        flag = next((q for q, a in steps if a == "yes" and q in TIER_OF), None)
        ticked = ticked or ((flag,) if flag else ())
        symptom = answered.get("symptom")
        nerve = None
        if flag is None and symptom not in (None, "none", "ache") and "location" in answered:
            nerve = NERVE_BY_LOCATION[answered["location"]]
        extras = [block for block in (self.nerve_advice.get(nerve) if nerve else None,
                                      self.flag_advice.get(flag) if flag else None) if block is not None]
        advice = self._advice(leaf.advice, nerve, flag)
        sources = leaf.sources + tuple(s for block in extras for s in block.sources)
        safety_net = self.safety_net.lines(leaf.disposition)
        if safety_net:
            sources += self.safety_net_sources
        title = leaf.title.replace(TICKED_MARK, "; ".join(self.short(f) for f in ticked))
        return Outcome(
            disposition=leaf.disposition, nerve=nerve, care=leaf.care, flag=flag,
            routines=ROUTINES_BY_DISPOSITION[leaf.disposition],
            path=tuple(Step(q, a) for q, a in steps),
            title=title, advice=advice, safety_net=safety_net,
            sources=tuple(dict.fromkeys(sources)), why=self._why(steps), ticked=ticked, leaf=leaf_id,
        )

    def short(self, flag: str) -> str:
        """A warning sign in a few words."""
        question = self.questions[flag]
        return question.short or question.text

    def _advice(self, items: tuple[str, ...], nerve: str | None, flag: str | None) -> tuple[str, ...]:
        out: list[str] = []
        for item in items:
            if item == NERVE_MARK or item == FLAG_MARK:
                block = self.nerve_advice.get(nerve) if item == NERVE_MARK and nerve else (
                    self.flag_advice.get(flag) if item == FLAG_MARK and flag else None)
                out.extend(self._advice(block.advice, None, None) if block else ())
            elif item.startswith("@"):
                out.append(self.paragraphs[item[1:]])
            else:
                out.append(item)
        return tuple(dict.fromkeys(out))  # a paragraph said twice is said once

    def _why(self, steps: Steps) -> tuple[str, ...]:
        """Why this result, in order: the warning signs answered no (named, never
        "this is not an emergency"), then each answer that carries a reason."""
        why: list[str] = []
        noes: list[str] = []
        for question, value in steps:
            if question in TIER_OF and value == "no":
                noes.append(self.short(question))
                continue
            if noes:
                why.append(self.no_flags_why.replace(SIGNS_MARK, "; ".join(noes)))
                noes = []
            reason = self.questions[question].option(value).why
            if reason:
                why.append(reason)
        if noes:
            why.append(self.no_flags_why.replace(SIGNS_MARK, "; ".join(noes)))
        return tuple(why)

    def flag_order(self) -> tuple[str, ...]:
        """Every flag, in the order the tree asks them (following the "no" answers)."""
        order: list[str] = []
        target = self.start
        while target in self.checklists:
            checklist = self.checklists[target]
            order += checklist.flags
            target = checklist.next
        return tuple(order)


