"""``nervecheck check`` and ``nervecheck content check``: the triage without a screen.

``check`` follows contract section 6: one JSON object of answers (even spread over
several lines) or JSON Lines, one result per case per line, exit status 2 for bad
input and never a traceback. ``content check`` validates every content file and runs
the proof of :mod:`nervecheck.engine.triage.proof`; with ``stamp`` it then records the files as proven
(``content/proven.json``), so ``check`` can trust them without pydantic.

``check`` is timed from process start to exit, so this module imports only what it
needs at the top; pydantic, the proof and :mod:`nervecheck.engine.textsafe` load when used.
"""

from __future__ import annotations

import importlib
import json
import os
from pathlib import Path
from typing import Any, TextIO

from nervecheck.engine.content_files import ContentError
from nervecheck.engine.triage.files import (
    SOURCES_FILE,
    STAMP_FILE,
    TRIAGE_FILE,
    content_file,
    read_proven,
    read_stamp,
    stamp_for,
    stamp_matches,
    where,
)
from nervecheck.engine.triage.tree import AnswerError, Steps, TriageTree, check_answers
from nervecheck.engine.triage.loading import load_tree

EXIT_OK, EXIT_FAILED, EXIT_BAD_INPUT = 0, 1, 2
_KINDS = {list: "an array", str: "a string", int: "a number", float: "a number", bool: "true or false"}


class _BadInput(Exception):
    """Input that gets one line on standard error and exit status 2."""


class _Duplicate(ValueError):
    """An object that gives the same id twice: which answer counts would be a guess,
    and taking the last one could quietly override a red flag."""


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)  # at C speed: this hook runs once per case
    if len(result) != len(pairs):
        seen: set[str] = set()
        key = next(key for key, _value in pairs if key in seen or seen.add(key))
        raise _Duplicate(f"answer {key!r} is given more than once; give each id once")
    return result


def _one_line(text: str) -> str:
    from nervecheck.engine.textsafe import visible  # error paths only

    return visible(" ".join(str(text).split()))


def _kind(value: Any) -> str:
    return "null" if value is None else _KINDS.get(type(value), type(value).__name__)


def _read(source: str, stdin: TextIO) -> str:
    try:
        if source == "-":
            return stdin.read()
        return Path(source).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        name = "standard input" if source == "-" else source
        raise _BadInput(f"cannot read {name}: {getattr(error, 'strerror', None) or error}") from None


def _loads(text: str, one_line: bool = False) -> Any:
    """JSON text to a value; ``ValueError`` with a plain message when it is not JSON,
    :class:`_Duplicate` when an object repeats a key."""
    try:
        return json.loads(text, object_pairs_hook=_no_duplicates)
    except json.JSONDecodeError as error:
        at = f"column {error.colno}" if one_line else f"line {error.lineno}, column {error.colno}"
        raise ValueError(f"not valid JSON at {at}: {error.msg}") from None
    except RecursionError:
        raise ValueError("not valid JSON: nested too deeply") from None


class _Answerer:
    """Answers cases; the output line of each path is built once (the hot path)."""

    def __init__(self, tree: TriageTree) -> None:
        self.tree = tree
        self.lines: dict[tuple[Steps, tuple[str, ...]], str] = {}

    def __call__(self, case: Any) -> str:
        if not isinstance(case, dict):
            raise AnswerError(f"expected a JSON object of answers, got {_kind(case)}")
        check_answers(case)
        steps, leaf_id, ticked = self.tree.walk(case)
        key = (steps, ticked)
        line = self.lines.get(key)
        if line is None:
            line = self.lines[key] = json.dumps(self.tree.outcome(steps, leaf_id, ticked).to_json())
        return line


def run_check(source: str, stdin: TextIO, stdout: TextIO, stderr: TextIO) -> int:
    """``nervecheck check --answers SOURCE`` (``-`` for stdin); returns the exit status."""
    try:
        answer = _Answerer(load_tree())
    except ContentError as error:
        stderr.write(f"nervecheck check: {_one_line(error)}\n")
        return EXIT_FAILED
    try:
        text = _read(source, stdin).removeprefix("\ufeff")  # a BOM is not part of the JSON
        whole = _whole(text)
        if whole is not None:
            stdout.write(answer(whole[0]) + "\n")
            return EXIT_OK
        return _json_lines(text, answer, stdout)
    except (_BadInput, ValueError) as error:
        stderr.write(f"nervecheck check: {_one_line(error)}\n")
        return EXIT_BAD_INPUT


def _whole(text: str) -> tuple[Any] | None:
    """The one JSON value of the input, when all of it parses as one; else ``None``.

    When no single line is JSON either, the input was meant as one object and is
    broken, so that is reported as such rather than as a heap of bad lines.
    """
    try:
        return (_loads(text),)
    except _Duplicate:
        if _is_one_value(text):
            raise  # one object that repeats an id: reported as such, not as bad lines
        return None  # JSON Lines whose first case repeats an id
    except ValueError:
        lines = [line for line in text.split("\n") if line.strip()]
        if not lines:
            raise _BadInput("no answers: the input is empty") from None
        if not any(_parses(line) for line in lines):
            raise
        return None


def _parses(line: str) -> bool:
    try:
        _loads(line, one_line=True)
    except _Duplicate:
        return True  # JSON, with a bad case in it
    except ValueError:
        return False
    return True


def _is_one_value(text: str) -> bool:
    """Whether ``text`` is one JSON value when repeated keys are allowed (error path only)."""
    try:
        json.loads(text)
    except (ValueError, RecursionError):
        return False
    return True


def _json_lines(text: str, answer: _Answerer, stdout: TextIO) -> int:
    """Answer each non-blank line; a bad one prints an error object in its place."""
    out, status = [], EXIT_OK
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            out.append(answer(_loads(line, one_line=True)))
        except ValueError as error:
            out.append(json.dumps({"error": str(error), "line": number}))
            status = EXIT_BAD_INPUT
    stdout.write("".join(line + "\n" for line in out))
    return status


def run_content_check(stdout: TextIO, stderr: TextIO, content_dir: Path | None = None, stamp: bool = False) -> int:
    """``nervecheck content check [--stamp]``: validate every content file and prove
    the tree; with ``stamp``, then record the files as proven (``proven.json``)."""
    from nervecheck.engine.triage.content import read_sources, read_triage  # pydantic: only here

    checked = _proven_bytes(content_dir)  # read first: the stamp covers what was checked
    try:
        triage, sources = read_triage(content_dir), read_sources(content_dir)
        routines = _check_routines(content_dir)
    except ContentError as error:
        stderr.write(f"nervecheck content check: {_one_line(error)}\n")
        return EXIT_FAILED
    stdout.write(
        f"{where(TRIAGE_FILE, content_dir)}: valid ({len(triage.questions)} questions, "
        f"{len(triage.nodes)} nodes, {len(triage.leaves)} leaves)\n"
    )
    stdout.write(f"{where(SOURCES_FILE, content_dir)}: valid ({len(sources.sources)} sources, {len(sources.nerves)} nerves)\n")
    stdout.write(routines + "\n")
    from nervecheck.engine.triage.proof import prove  # only content check pays for the proof

    report = prove(TriageTree(triage), sources)
    if not report.ok:
        stderr.write(f"nervecheck content check: {_one_line(report.summary())}\n")
        return EXIT_FAILED
    stdout.write(f"triage proof: {report.summary()} ({report.seconds:.2f} s)\n")
    return _stamp(stdout, stderr, content_dir, checked, write=stamp)


def _proven_bytes(content_dir: Path | None) -> dict[str, bytes] | None:
    try:
        return read_proven(content_dir)
    except OSError:
        return None  # reading the files for the check reports it


def _stamp(stdout: TextIO, stderr: TextIO, content_dir: Path | None, checked: dict[str, bytes] | None,
           write: bool) -> int:
    """Say whether ``proven.json`` vouches for the checked files; with ``write``, make it."""
    name = where(STAMP_FILE, content_dir)
    if checked is None or _proven_bytes(content_dir) != checked:
        if not write:
            return EXIT_OK  # changed while checking: the next check will say
        stderr.write(f"nervecheck content check: {name} not written: the content files changed "
                     "while they were checked; run the check again\n")
        return EXIT_FAILED
    if not write:
        if stamp_matches(read_stamp(content_dir), checked):
            stdout.write(f"{name}: up to date (nervecheck check trusts these files as they are)\n")
        else:
            again = "nervecheck content check" + (f" --content {content_dir}" if content_dir is not None else "")
            stdout.write(f"{name}: out of date, so nervecheck check validates these files on every start: "
                         f"run {again} --stamp\n")
        return EXIT_OK
    path = content_file(STAMP_FILE, content_dir)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        temporary.write_text(json.dumps(stamp_for(checked), indent=2) + "\n", "utf-8")
        os.replace(temporary, path)
    except OSError as error:
        try:
            temporary.unlink(missing_ok=True)
        except OSError:
            pass
        stderr.write(f"nervecheck content check: cannot write {name}: {_one_line(error.strerror or error)}\n")
        return EXIT_FAILED
    stdout.write(f"{name}: written (nervecheck check now trusts these files as they are)\n")
    return EXIT_OK


def _check_routines(content_dir: Path | None) -> str:
    """Validate ``routines.json`` through :mod:`nervecheck.engine.routines.plan`, when that module exists."""
    try:
        module = importlib.import_module("nervecheck.engine.routines.plan")
    except ModuleNotFoundError as error:
        if error.name != "nervecheck.engine.routines.plan":
            raise
        return "routines.json: not checked (nervecheck.engine.routines.plan is not available)"
    load = getattr(module, "load_routines", None)
    if load is None:
        return "routines.json: not checked (nervecheck.engine.routines.plan has no load_routines)"
    book = load(source_dir=content_dir)
    count = len(getattr(book, "routines", ()))
    return f"{where('routines.json', content_dir)}: valid ({count} routines)"
