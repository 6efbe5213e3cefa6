"""The symptom check: walk the triage tree of ``content/triage.json`` to an outcome.

Three ways in, one tree:

* :func:`evaluate` takes a whole set of answers (the CLI, saved checks, tests);
* :class:`TriageSession` asks one question at a time (the TUI);
* :func:`rules_outcome` is *not* the tree: it is contract sections 3-5 written out
  directly, kept apart on purpose so :mod:`engine.proof` can hold the tree against it.

At run time the content is plain Python objects (no pydantic: ``nervecheck check``
must start fast). The pydantic models of :mod:`engine.triage_content` stay the
authority on what valid content is; the content files are trusted without them only
when ``content/proven.json`` (written by ``nervecheck content check --stamp`` after
everything passed) holds the digest of their exact bytes. Any other content (edited
since, or with no stamp) first gets every check of ``content check`` (validation,
links, the proof): only slower, never trusted blindly.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple


from engine import digests
from engine.content_files import ContentError, content_path
from engine.vocab import ANSWER_VALUES, NERVE_BY_LOCATION, RED_FLAGS, ROUTINES_BY_DISPOSITION

if TYPE_CHECKING:
    from engine.triage_content import SourcesContent, TriageContent

__all__ = [
    "AnswerError", "ContentError", "Leaf", "NerveAdvice", "Option", "Outcome", "Question", "RulesOutcome",
    "Source", "Sources", "Step", "TriageSession", "TriageTree", "check_answers", "contract_rules", "evaluate",
    "load_sources", "load_tree", "proven_files", "rules_outcome", "stamp_for", "stamp_matches",
]

TRIAGE_FILE = "triage.json"
SOURCES_FILE = "sources.json"
#: The stamp: digests of the content files that passed ``nervecheck content check``.
STAMP_FILE = "proven.json"
#: Raise when what ``content check`` accepts changes, so older stamps are not trusted.
STAMP_FORMAT = 1
PROVEN_FILES = (TRIAGE_FILE, SOURCES_FILE)
#: In a leaf's advice, the place where the nerve's own paragraphs go.
NERVE_MARK = "@nerve"

Steps = tuple[tuple[str, str], ...]
SENSORY = ("burning", "tingling", "numbness")


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

    __slots__ = ("id", "text", "help", "hint", "options")
    id: str
    text: str
    help: str
    hint: str | None
    options: tuple[Option, ...]

    def __init__(self, id: str, text: str, help: str, hint: str | None, options: tuple[Option, ...]) -> None:  # noqa: A002
        self._fill(id, text, help, hint, options)

    @property
    def values(self) -> tuple[str, ...]:
        return tuple(option.value for option in self.options)

    def option(self, value: str) -> Option:
        """The option with this value (``KeyError`` when there is none)."""
        for option in self.options:
            if option.value == value:
                return option
        raise KeyError(value)


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

    __slots__ = ("disposition", "nerve", "care", "routines", "path", "title", "advice", "sources", "why")
    disposition: str
    nerve: str | None
    care: str | None
    routines: tuple[str, ...]
    path: tuple[Step, ...]
    title: str
    advice: tuple[str, ...]
    sources: tuple[str, ...]
    why: tuple[str, ...]

    def __init__(self, disposition: str, nerve: str | None, care: str | None, routines: tuple[str, ...],
                 path: tuple[Step, ...], title: str, advice: tuple[str, ...], sources: tuple[str, ...],
                 why: tuple[str, ...]) -> None:
        self._fill(disposition, nerve, care, tuple(routines), tuple(path), title, tuple(advice),
                   tuple(sources), tuple(why))

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


def missing(question: str) -> AnswerError:
    """The error for an answer the check needs but was not given."""
    return AnswerError(f"missing answer {question!r}, which the check needs here; allowed values: {_allowed(question)}", question)


class TriageTree:
    """The triage content compiled to plain objects and dicts for a fast walk.

    Built from checked content only: a validated :class:`~engine.triage_content.TriageContent`,
    or the JSON of a ``triage.json`` whose bytes the stamp vouches for (:func:`load_tree`).
    """

    def __init__(self, content: TriageContent | Mapping[str, Any]) -> None:
        data: Mapping[str, Any] = content if isinstance(content, Mapping) else content.model_dump()
        self.start: str = data["start"]
        self.all_clear_why: str = data["all_clear_why"]
        self.questions: dict[str, Question] = {
            q["id"]: Question(q["id"], q["text"], q["help"], q.get("hint"),
                              tuple(Option(o["value"], o["label"], o.get("why")) for o in q["options"]))
            for q in data["questions"]
        }
        self.nodes: dict[str, tuple[str, dict[str, str]]] = {
            node_id: (node["ask"], dict(node["next"])) for node_id, node in data["nodes"].items()
        }
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
        extra = self.nerve_advice.get(nerve) if nerve else None
        with_nerve = extra is not None and NERVE_MARK in leaf.advice
        sources = leaf.sources + (extra.sources if extra is not None and with_nerve else ())
        return Outcome(
            disposition=leaf.disposition, nerve=nerve, care=leaf.care,
            routines=ROUTINES_BY_DISPOSITION[leaf.disposition],
            path=tuple(Step(q, a) for q, a in steps),
            title=leaf.title, advice=self._advice(leaf.advice, extra),
            sources=tuple(dict.fromkeys(sources)), why=self._why(steps),
        )

    def _advice(self, items: tuple[str, ...], extra: NerveAdvice | None) -> tuple[str, ...]:
        out: list[str] = []
        for item in items:
            if item == NERVE_MARK:
                out.extend(self._advice(extra.advice, None) if extra else ())
            elif item.startswith("@"):
                out.append(self.paragraphs[item[1:]])
            else:
                out.append(item)
        return tuple(dict.fromkeys(out))  # a paragraph said twice is said once

    def _why(self, steps: Steps) -> tuple[str, ...]:
        why = []
        for index, (question, value) in enumerate(steps):
            if index == len(RED_FLAGS) and all(dict(steps).get(f) == "no" for f in RED_FLAGS):
                why.append(self.all_clear_why)
            reason = self.questions[question].option(value).why
            if reason:
                why.append(reason)
        return tuple(why)


# -- the stamp: content that passed `nervecheck content check`, by digest -----------


def content_file(name: str, source_dir: Path | None = None) -> Path:
    """The content file ``name`` in ``source_dir``, or the packaged one."""
    return source_dir / name if source_dir is not None else content_path(name)


def where(name: str, source_dir: Path | None) -> str:
    """How messages name a content file: its path, or ``content/NAME`` when packaged."""
    return str(source_dir / name) if source_dir is not None else f"content/{name}"


def digest(data: bytes) -> str:
    """The digest a stamp records for a file's bytes (BLAKE2b, 256 bits, hex)."""
    return digests.digest(data, 32).hex()


def stamp_for(files: Mapping[str, bytes]) -> dict[str, Any]:
    """The stamp that vouches for exactly these file contents (``proven.json``)."""
    return {
        "about": "Written by `nervecheck content check --stamp` after every check passed. "
                 "nervecheck check trusts files with exactly these digests without validating them again.",
        "format": STAMP_FORMAT,
        **{name: digest(files[name]) for name in PROVEN_FILES},
    }


def stamp_matches(stamp: Any, files: Mapping[str, bytes]) -> bool:
    """Whether ``stamp`` (the JSON of ``proven.json``) vouches for exactly these files."""
    return (
        isinstance(stamp, dict) and stamp.get("format") == STAMP_FORMAT
        and all(stamp.get(name) == digest(files[name]) for name in PROVEN_FILES)
    )


def read_proven(source_dir: Path | None = None) -> dict[str, bytes]:
    """The bytes of the files a stamp covers (``OSError`` when one cannot be read)."""
    return {name: content_file(name, source_dir).read_bytes() for name in PROVEN_FILES}


def read_stamp(source_dir: Path | None = None) -> Any:
    """What ``proven.json`` holds, or ``None`` when it is missing or not JSON."""
    try:
        return json.loads(content_file(STAMP_FILE, source_dir).read_bytes())
    except (OSError, ValueError, RecursionError):
        return None


def proven_files(source_dir: Path | None = None) -> dict[str, bytes] | None:
    """The bytes of ``triage.json`` and ``sources.json`` when the stamp vouches for
    exactly these bytes; ``None`` when it does not (or is missing or unreadable)."""
    stamp = read_stamp(source_dir)
    if not isinstance(stamp, dict):
        return None
    try:
        files = read_proven(source_dir)
    except OSError:
        return None
    return files if stamp_matches(stamp, files) else None


def _trusted(source_dir: Path | None, name: str) -> Any:
    """The JSON of content file ``name`` when the stamp vouches for it, else ``None``."""
    files = proven_files(source_dir)
    if files is None:
        return None
    try:
        return json.loads(files[name].decode("utf-8"))
    except (ValueError, RecursionError):  # cannot be, for stamped bytes; then check in full
        return None


@lru_cache(maxsize=8)
def load_tree(source_dir: Path | None = None) -> TriageTree:
    """The triage tree from ``content/`` (or ``source_dir``), loaded once and cached.

    Stamped content is compiled as it is. Any other content gets every check of
    ``nervecheck content check`` first (validation, links, the proof), which is slower
    but the same outcome; a :class:`ContentError` names what is wrong with it.
    """
    data = _trusted(source_dir, TRIAGE_FILE)
    if data is not None:
        try:
            return TriageTree(data)
        except (LookupError, TypeError, ValueError, AttributeError):
            pass  # a stamp this code cannot honour: check the file in full
    return _checked_tree(source_dir)


def _checked_tree(source_dir: Path | None) -> TriageTree:
    """The tree of content with no stamp for it, after every check (pydantic: slow)."""
    from engine.proof import prove
    from engine.triage_content import read_triage

    tree = TriageTree(read_triage(source_dir))
    report = prove(tree, load_sources(source_dir))
    if not report.ok:
        raise ContentError(where(TRIAGE_FILE, source_dir), report.summary())
    return tree


@lru_cache(maxsize=8)
def load_sources(source_dir: Path | None = None) -> Sources:
    """The source titles and nerve descriptions, loaded once and cached (as :func:`load_tree`)."""
    data = _trusted(source_dir, SOURCES_FILE)
    if data is not None:
        try:
            return Sources.from_data(data)
        except (LookupError, TypeError, ValueError, AttributeError):
            pass
    from engine.triage_content import read_sources

    return sources_view(read_sources(source_dir))


def sources_view(content: SourcesContent) -> Sources:
    """The run-time view of validated ``sources.json`` content."""
    return Sources.from_data(content.model_dump())


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
    def path(self) -> tuple[Step, ...]:
        """The questions answered on the way here, in order."""
        return tuple(Step(q, a) for q, a in self.steps)

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
