"""The triage content files as pydantic models: ``triage.json`` and ``sources.json``.

Loading validates the shape (pydantic) and then the links between parts (every branch
leads somewhere, every answer has a branch, no loops, every ``@paragraph`` exists), so
a damaged file is refused with a :class:`ContentError` naming the file and the field.
Whether the tree keeps the clinical contract is a separate question, answered by
:mod:`nervecheck.engine.triage.proof`.

These models are the authority on valid content, used by ``nervecheck content check``
and the tests. The check itself runs on the plain objects of :mod:`nervecheck.engine.triage.tree`,
built without pydantic when ``content/proven.json`` vouches for the files, and from
these models (after validation) when it does not.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator, model_validator

from nervecheck.engine.content_files import ContentError, load_model
from nervecheck.engine.triage.files import (
    FLAG_MARK,
    NERVE_MARK,
    SIGNS_MARK,
    SOURCES_FILE,
    TICKED_MARK,
    TRIAGE_FILE,
    where,
)
from nervecheck.engine.vocab import (
    ANSWER_VALUES, FLAGS, NERVE_BY_LOCATION, RED_FLAGS, TIER_DISPOSITION, TIER_OF, URGENT_FLAGS, V1_FLAGS, Care,
    Disposition,
)

NERVES: tuple[str, ...] = tuple(n for n in NERVE_BY_LOCATION.values() if n is not None)
NerveId = Literal[NERVES]  # type: ignore[valid-type]
FlagId = Literal[FLAGS]  # type: ignore[valid-type]
#: The dispositions that end in a review point (contract section 4).
REVIEWED = ("urgent_today", "see_clinician", "rest_and_treat", "modify_training")
Text = Annotated[str, StringConstraints(pattern=r"\S")]


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Option(_Frozen):
    """One answer a question offers: the contract value, a plain label, why it counts."""

    value: str
    label: Text
    why: Text | None = None


class Question(_Frozen):
    """A question of the check: its contract id, plain wording, help and options."""

    id: str
    text: Text
    help: Text
    #: One short line shown under a red flag on the checklist screen (about 60 characters).
    hint: Annotated[str, Field(max_length=70)] | None = None
    options: tuple[Option, ...]
    #: A warning sign in a few words, for "You ticked: ..." and the why lines; every
    #: flag has one, no core question does.
    short: Annotated[str, StringConstraints(pattern=r"\S", max_length=70)] | None = None

    @model_validator(mode="after")
    def _contract_values(self) -> Question:
        allowed = ANSWER_VALUES.get(self.id)
        if allowed is None:
            raise ValueError(f"{self.id!r} is not an answer id of the contract ({', '.join(ANSWER_VALUES)})")
        values = [option.value for option in self.options]
        if sorted(values) != sorted(allowed):
            raise ValueError(f"the options of {self.id!r} must be exactly {', '.join(allowed)}")
        if (self.short is None) == (self.id in TIER_OF):
            raise ValueError(f"{self.id!r}: every warning sign has a short name, and no other question has one")
        return self

    @property
    def values(self) -> tuple[str, ...]:
        return tuple(option.value for option in self.options)


class Node(_Frozen):
    """A point of the tree: the question it asks and where each answer leads."""

    ask: str
    next: dict[str, str]

    def targets(self) -> tuple[str, ...]:
        return tuple(self.next.values())


class ChecklistNode(_Frozen):
    """A screen of warning signs answered together: where a "yes" to each flag leads
    (its tier's result), and where "no" to all of them leads (``next``)."""

    checklist: tuple[FlagId, ...] = Field(min_length=1)
    title: Text
    yes: dict[FlagId, str]
    next: str

    @model_validator(mode="after")
    def _a_branch_per_flag(self) -> ChecklistNode:
        if len(set(self.checklist)) != len(self.checklist):
            raise ValueError("a flag is listed twice on one checklist")
        if set(self.yes) != set(self.checklist):
            raise ValueError("'yes' must give exactly one target for every flag on the checklist")
        return self

    def targets(self) -> tuple[str, ...]:
        return (*self.yes.values(), self.next)


class SignLine(_Frozen):
    """One line of a safety net, and the warning signs (flag ids) it names."""

    signs: tuple[FlagId, ...] = Field(min_length=1)
    text: Text


class SafetyNetContent(_Frozen):
    """When to act sooner (contract section 4): lines that between them name every
    red-tier sign (go now) and every urgent-tier sign (help today), and a review point
    for each disposition that has one."""

    go_now: tuple[SignLine, ...] = Field(min_length=1)
    help_today: tuple[SignLine, ...] = Field(min_length=1)
    review: dict[Literal[REVIEWED], Text]  # type: ignore[valid-type]
    sources: tuple[Text, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _every_sign_named(self) -> SafetyNetContent:
        for field, lines, tier in (("go_now", self.go_now, RED_FLAGS), ("help_today", self.help_today, URGENT_FLAGS)):
            named = {sign for line in lines for sign in line.signs}
            for flag in tier:
                if flag not in named:
                    raise ValueError(f"{field} must name every {TIER_OF[flag]}-tier sign; {flag!r} is missing")
            for flag in named - set(tier):
                raise ValueError(f"{field} names {flag!r}, which is not a {TIER_OF[tier[0]]}-tier sign")
        for disposition in REVIEWED:
            if disposition not in self.review:
                raise ValueError(f"review has no review point for {disposition!r}")
        return self


class Leaf(_Frozen):
    """An end of the tree: the result shown to the runner."""

    disposition: Disposition
    care: Care | None = None
    title: Text
    advice: tuple[Text, ...] = Field(min_length=1)
    sources: tuple[Text, ...] = Field(min_length=1)


class NerveAdvice(_Frozen):
    """Paragraphs about one nerve, placed where a leaf's advice says ``@nerve``."""

    advice: tuple[Text, ...] = Field(min_length=1)
    sources: tuple[Text, ...] = Field(min_length=1)


class TriageContent(_Frozen):
    """The whole of ``content/triage.json``."""

    start: str
    #: A why line naming the warning signs answered no; ``{signs}`` lists them.
    no_flags_why: Annotated[str, StringConstraints(pattern=r"\{signs\}")]
    questions: tuple[Question, ...]
    nodes: dict[str, ChecklistNode | Node]
    leaves: dict[str, Leaf]
    paragraphs: dict[str, Text] = {}
    nerve_advice: dict[NerveId, NerveAdvice] = {}
    #: Paragraphs about one warning sign, placed where a leaf's advice says ``@flag``.
    flag_advice: dict[FlagId, NerveAdvice] = {}
    safety_net: SafetyNetContent
    #: The version 1 wording of the five old flags, shown with version 1 checks.
    v1_questions: dict[Literal[V1_FLAGS], Text]  # type: ignore[valid-type]

    @field_validator("v1_questions")
    @classmethod
    def _every_v1_flag(cls, texts: dict[str, str]) -> dict[str, str]:
        for flag in V1_FLAGS:
            if flag not in texts:
                raise ValueError(f"the version 1 wording of {flag!r} is missing: version 1 checks show it")
        return texts

    @field_validator("questions")
    @classmethod
    def _every_question_once(cls, questions: tuple[Question, ...]) -> tuple[Question, ...]:
        ids = [question.id for question in questions]
        for answer_id in ANSWER_VALUES:
            if ids.count(answer_id) != 1:
                raise ValueError(f"question {answer_id!r} must be written exactly once, found {ids.count(answer_id)}")
        return questions


class Source(_Frozen):
    """One source (an article or a piece of clinical guidance), cited by its short id."""

    id: Text
    title: Text
    #: Where the public can read it; guidance sources have one, the scraped articles may not.
    url: Annotated[str, StringConstraints(pattern=r"^https://\S+$")] | None = None


class SourcesContent(_Frozen):
    """The whole of ``content/sources.json``: the articles, and each nerve in plain words."""

    sources: tuple[Source, ...] = Field(min_length=1)
    nerves: dict[NerveId, Text]

    @field_validator("sources")
    @classmethod
    def _unique(cls, sources: tuple[Source, ...]) -> tuple[Source, ...]:
        ids = [source.id for source in sources]
        if len(set(ids)) != len(ids):
            raise ValueError("two sources share an id")
        return sources

    @field_validator("nerves")
    @classmethod
    def _every_nerve(cls, nerves: dict[str, str]) -> dict[str, str]:
        missing = [nerve for nerve in NERVES if nerve not in nerves]
        if missing:
            raise ValueError(f"no description for the nerve {missing[0]!r}")
        return nerves

    @property
    def ids(self) -> frozenset[str]:
        return frozenset(source.id for source in self.sources)


def read_triage(source_dir: Path | None = None) -> TriageContent:
    """Load and check ``triage.json`` (from ``source_dir`` when given); not cached."""
    source = source_dir / TRIAGE_FILE if source_dir is not None else None
    content = load_model(TRIAGE_FILE, TriageContent, source)
    _Links(content, where(TRIAGE_FILE, source_dir)).check()
    return content


def read_sources(source_dir: Path | None = None) -> SourcesContent:
    """Load and check ``sources.json`` (from ``source_dir`` when given); not cached."""
    source = source_dir / SOURCES_FILE if source_dir is not None else None
    return load_model(SOURCES_FILE, SourcesContent, source)


class _Links:
    """The checks pydantic cannot make alone: references between parts of the file."""

    def __init__(self, content: TriageContent, file: str) -> None:
        self.content = content
        self.file = file
        self.questions = {question.id: question for question in content.questions}

    def fail(self, field: str, problem: str) -> None:
        raise ContentError(self.file, f"field {field}: {problem}")

    def check(self) -> None:
        content = self.content
        for clash in sorted(set(content.nodes) & set(content.leaves)):
            self.fail(f"leaves.{clash}", "a node has the same id; ids must be unique")
        if content.start not in content.nodes:
            self.fail("start", f"{content.start!r} is not a node")
        for node_id, node in content.nodes.items():
            self._node(node_id, node)
        for leaf_id, leaf in content.leaves.items():
            self._paragraphs(leaf.advice, f"leaves.{leaf_id}.advice", nerve_mark=True)
            if TICKED_MARK in leaf.title and leaf.disposition not in TIER_DISPOSITION.values():
                self.fail(f"leaves.{leaf_id}.title", f"{TICKED_MARK} names ticked warning signs, and this leaf has none")
        for nerve, block in content.nerve_advice.items():
            self._paragraphs(block.advice, f"nerve_advice.{nerve}.advice", nerve_mark=False)
        for flag, block in content.flag_advice.items():
            self._paragraphs(block.advice, f"flag_advice.{flag}.advice", nerve_mark=False)
        if SIGNS_MARK not in content.no_flags_why:
            self.fail("no_flags_why", f"must say where the signs go with {SIGNS_MARK}")
        self._no_loops()

    def _node(self, node_id: str, node: Node | ChecklistNode) -> None:
        field = f"nodes.{node_id}"
        if isinstance(node, ChecklistNode):
            for flag, target in (*node.yes.items(), ("next", node.next)):
                where_to = f"{field}.yes.{flag}" if flag != "next" else f"{field}.next"
                if target not in self.content.nodes and target not in self.content.leaves:
                    self.fail(where_to, f"leads to {target!r}, which is neither a node nor a leaf")
            return
        if node.ask not in self.questions:
            self.fail(f"{field}.ask", f"{node.ask!r} is not a question id")
        values = self.questions[node.ask].values
        for value in values:
            if value not in node.next:
                self.fail(f"{field}.next", f"no branch for the answer {node.ask}={value} (a dead end)")
        for value, target in node.next.items():
            if value not in values:
                self.fail(f"{field}.next.{value}", f"{value!r} is not an answer to {node.ask}")
            if target not in self.content.nodes and target not in self.content.leaves:
                self.fail(f"{field}.next.{value}", f"leads to {target!r}, which is neither a node nor a leaf")

    def _paragraphs(self, advice: tuple[str, ...], field: str, nerve_mark: bool) -> None:
        for index, item in enumerate(advice):
            if not item.startswith("@") or (nerve_mark and item == NERVE_MARK):
                continue
            if item == FLAG_MARK and nerve_mark:
                continue
            if item[1:] not in self.content.paragraphs:
                self.fail(f"{field}[{index}]", f"{item!r} names no paragraph in 'paragraphs'")

    def _no_loops(self) -> None:
        # Depth-first with an "on the current route" set: meeting a node already on the
        # route means a branch leads back to an earlier question.
        done: set[str] = set()

        def visit(node_id: str, route: tuple[str, ...]) -> None:
            if node_id in route:
                self.fail(f"nodes.{route[-1]}.next", f"leads back to {node_id!r}, a loop")
            if node_id in done or node_id not in self.content.nodes:
                return
            for target in self.content.nodes[node_id].targets():
                visit(target, (*route, node_id))
            done.add(node_id)

        for node_id in self.content.nodes:
            visit(node_id, ())
