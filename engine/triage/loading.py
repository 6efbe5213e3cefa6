"""The triage tree and sources, loaded once: trusted when stamped, checked in full when not."""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from nervecheck.engine.content_files import ContentError
from nervecheck.engine.triage.files import SOURCES_FILE, TRIAGE_FILE, proven_files, where
from nervecheck.engine.triage.tree import Outcome, Question, Sources, TriageTree, check_answers

if TYPE_CHECKING:
    from nervecheck.engine.triage.content import SourcesContent


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
    from nervecheck.engine.triage.proof import prove
    from nervecheck.engine.triage.content import read_triage

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
    from nervecheck.engine.triage.content import read_sources

    return sources_view(read_sources(source_dir))


def sources_view(content: SourcesContent) -> Sources:
    """The run-time view of validated ``sources.json`` content."""
    return Sources.from_data(content.model_dump())


def evaluate(answers: Mapping[str, str], tree: TriageTree | None = None) -> Outcome:
    """Walk the tree with these answers; every supplied answer is checked first."""
    tree = tree or load_tree()
    check_answers(answers)
    return tree.outcome(*tree.walk(answers))



def flag_questions(tree: TriageTree | None = None) -> tuple[Question, ...]:
    """Every warning-sign question, in the order the tree asks them."""
    tree = tree or load_tree()
    return tuple(tree.questions[flag] for flag in tree.flag_order())
