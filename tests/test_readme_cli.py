"""Issue 18: every `nervecheck ...` example in README.md works as written.

Each example (a line of a code block, or a command in backticks) is run in a sandbox
(its own home, folder and database, a few days already logged) in the order the README
gives them; it must exit 0 (or the status the README says it has). The few that need
files of your own (a Strava export, another machine's copy) are listed below with why,
and must still parse.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import shlex
from pathlib import Path

import pytest

from nervecheck.cli import build_parser, main
from nervecheck.engine.clock import FixedClock
from nervecheck.engine.store.repository import open_store
from nervecheck.engine.store.schema import Entry

README = Path(__file__).resolve().parent.parent / "README.md"
#: A fixed moment after every date the README names.
NOW = dt.datetime(2026, 12, 5, 9, 30, tzinfo=dt.timezone.utc)

#: Examples that need something only the reader has, with why.
NEEDS_YOUR_FILES = {
    "nervecheck runs import ~/Downloads/export_12345.zip": "your Strava or Garmin export",  # (comments left out)
    "nervecheck runs import morning.fit trail.gpx.gz watch/": "your watch's files",
    "nervecheck db merge /tmp/theirs.json": "the other machine's copy, saved by git show",
    "nervecheck db merge ~/Sync/nervecheck/": "Syncthing's conflict copies",
}
#: Examples the README says exit with another status.
STATUS = {
    "nervecheck status": (0, 1),  # 1: something needs attention (the README's own example says so)
    "nervecheck db restore": (2,),  # refuses a healthy database and asks for --force, as the README says
}
#: Words in backticks that name a command rather than show one to run.
NOT_EXAMPLES = {"nervecheck ...", "nervecheck check"}


def examples() -> list[str]:
    """The README's commands, in order: code-block lines and backticked commands, without
    the synopsis lines (placeholders in capitals, [options] and a|b choices)."""
    text = README.read_text(encoding="utf-8")
    found: list[str] = []
    prose: list[str] = []
    in_code = False
    for line in text.splitlines():
        if line.startswith("```"):
            in_code = not in_code
            continue
        if not in_code:
            prose.append(line)
            continue
        for part in line.removeprefix("$ ").split("&&"):
            if part.strip().startswith("nervecheck "):
                found.append(part.strip())
    # backticks pair up in order, and a span may wrap over two lines of the README
    spans = re.findall(r"`([^`]+)`", "\n".join(prose))
    found += [" ".join(span.split()) for span in spans if span.startswith("nervecheck ")]
    return [" ".join(shlex.split(example, comments=True)).replace("Pegasus 40", "'Pegasus 40'")
            for example in dict.fromkeys(found) if _is_example(example)]


def _is_example(example: str) -> bool:
    if "[" in example.split("#")[0] or "|" in example:  # a synopsis line, with its description
        return False
    words = shlex.split(example, comments=True)
    return (example not in NOT_EXAMPLES and not any(re.fullmatch(r"[A-Z][A-Z.]*", word) for word in words)
            and not any("[" in word or "|" in word or "..." in word for word in words))


def _argv(example: str) -> tuple[list[str], str | None]:
    """The words after ``nervecheck`` and the file standard output is sent to, if any."""
    words = shlex.split(example, comments=True)[1:]
    if ">" in words:
        at = words.index(">")
        return words[:at], words[at + 1]
    return words, None


def test_the_readme_has_examples_of_the_new_log_flags() -> None:
    found = examples()
    assert len(found) > 20
    joined = "\n".join(found)
    for flag in ("--add-symptom", "--add-exercise", "--clear", "log show"):
        assert flag in joined


@pytest.fixture
def sandbox(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.chdir(home)
    db = home / "nervecheck.json"
    monkeypatch.setenv("NERVECHECK_DB", str(db))
    store = open_store(db, FixedClock(NOW - dt.timedelta(days=1)))
    start = NOW.date() - dt.timedelta(days=20)
    store.merge_entries([Entry(date=start + dt.timedelta(days=n), pain=n % 4) for n in range(20)])
    store.add_check(_a_check())
    # the Syncthing example: two machines' files in the synced folder
    (home / "Sync" / "nervecheck").mkdir(parents=True)
    for name in ("laptop.json", "desk.json"):
        (home / "Sync" / "nervecheck" / name).write_bytes(db.read_bytes())
    for folder in (".local/share/bash-completion/completions", ".zfunc", ".config/fish/completions"):
        (home / folder).mkdir(parents=True)
    return home


def _a_check():
    from nervecheck.engine.store.schema import check_record
    from nervecheck.engine.triage.loading import evaluate
    from nervecheck.engine.vocab import FLAGS

    answers = {**dict.fromkeys(FLAGS, "no"), "symptom": "none", "pain_after_exercise": "none"}
    return check_record(evaluate(answers), NOW - dt.timedelta(days=2))


def test_every_readme_example_works_as_written(sandbox: Path) -> None:
    ran = []
    for example in examples():
        argv, target = _argv(example)
        if example in NEEDS_YOUR_FILES:
            build_parser().parse_args(argv)  # still a command line that parses
            continue
        out, err = io.StringIO(), io.StringIO()
        status = main(argv, out, err, clock=FixedClock(NOW))
        assert status in STATUS.get(example, (0,)), f"{example}: exit {status}: {err.getvalue()}"
        if target is not None:
            Path(target).expanduser().write_text(out.getvalue(), encoding="utf-8")
        ran.append(example)
    assert set(NEEDS_YOUR_FILES) <= set(examples()), "an example listed as needing files is gone from the README"
    assert "nervecheck log add --pain 3 --symptom burning --location heel --run-km 8.2 --run-min 45" in ran
    assert (sandbox / "my-log.csv").read_text(encoding="utf-8").startswith("date,pain")
