"""The run-time content: plain objects, trusted by the stamp only for proven bytes.

``content/proven.json`` lets ``nervecheck check`` skip pydantic. These tests hold the
stamp to the files it vouches for, show that both ways of loading give the same
tree, and that content the stamp does not vouch for is checked in full, never
trusted.
"""

from __future__ import annotations

import copy
import io
import json
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

import nervecheck.engine.triage.content
from nervecheck.cli.check import run_content_check
from nervecheck.engine.content_files import ContentError, content_path
from nervecheck.engine.triage.files import STAMP_FILE, proven_files, read_proven, read_stamp, stamp_for, stamp_matches
from nervecheck.engine.triage.tree import Outcome, Sources, Step, TriageTree
from nervecheck.engine.triage.loading import evaluate, load_sources, load_tree, sources_view
from nervecheck.engine.triage.content import read_sources, read_triage
from nervecheck.engine.vocab import ANSWER_VALUES, FLAGS
from tests.test_triage_content import content_copy

ROOT = Path(__file__).resolve().parent.parent
HEEL = {**dict.fromkeys(FLAGS, "no"), "symptom": "burning", "location": "heel", "diabetes": "no",
        "after_trauma": "no", "systemic_signs": "no", "pattern": "first_time", "duration": "days", "area": "small"}


def all_paths(tree: TriageTree) -> list[tuple[tuple[tuple[str, str], ...], str]]:
    """Every path of the tree with the leaf it ends in: on a checklist, each flag as
    the first "yes" (those before it no), then every flag on it no."""
    found = []

    def visit(target: str, steps: tuple[tuple[str, str], ...]) -> None:
        if target in tree.leaves:
            found.append((steps, target))
            return
        if target in tree.checklists:
            checklist = tree.checklists[target]
            for index, flag in enumerate(checklist.flags):
                noes = tuple((f, "no") for f in checklist.flags[:index])
                visit(checklist.yes[flag], (*steps, *noes, (flag, "yes")))
            visit(checklist.next, (*steps, *((f, "no") for f in checklist.flags)))
            return
        question, branches = tree.nodes[target]
        for value in ANSWER_VALUES[question]:
            visit(branches[value], (*steps, (question, value)))

    visit(tree.start, ())
    return found


def stamped_copy(tmp_path: Path) -> Path:
    """The packaged content with a stamp for it, in ``tmp_path``."""
    folder = content_copy(tmp_path)
    (folder / STAMP_FILE).write_text(json.dumps(stamp_for(read_proven(folder))), "utf-8")
    return folder


@pytest.fixture
def full_checks(monkeypatch: pytest.MonkeyPatch) -> list[Path | None]:
    """Counts the loads that go through the pydantic validation (one entry per load)."""
    calls: list[Path | None] = []
    real = nervecheck.engine.triage.content.read_triage

    def counted(source_dir: Path | None = None):
        calls.append(source_dir)
        return real(source_dir)

    monkeypatch.setattr(nervecheck.engine.triage.content, "read_triage", counted)
    return calls


def test_the_committed_stamp_matches_the_content_files() -> None:
    """Shipped content must be on the fast path: the stamp vouches for these exact bytes."""
    assert stamp_matches(read_stamp(), read_proven()), (
        "content/proven.json does not match content/triage.json and content/sources.json: "
        "run `nervecheck content check --stamp` (it stamps only content that passes every check)"
    )
    assert proven_files() is not None


def test_check_imports_neither_pydantic_nor_textual(tmp_path: Path) -> None:
    """``nervecheck check`` starts fast: stamped content needs no pydantic (and never Textual)."""
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps(HEEL), "utf-8")
    code = (
        "import io, sys\n"
        "from nervecheck.cli import main\n"
        "out, err = io.StringIO(), io.StringIO()\n"
        f"status = main(['check', '--answers', {str(answers)!r}], out, err)\n"
        "assert status == 0 and '\"medial_calcaneal\"' in out.getvalue(), (status, err.getvalue())\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in ('pydantic', 'pydantic_core', 'textual'))\n"
        "assert not loaded, loaded\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False,
                            timeout=60)
    assert result.returncode == 0, result.stderr


def test_trusted_and_validated_content_give_the_same_tree() -> None:
    fast = TriageTree(json.loads(content_path("triage.json").read_text("utf-8")))
    checked = TriageTree(read_triage())
    for name in ("start", "no_flags_why", "questions", "nodes", "checklists", "leaves", "paragraphs", "nerve_advice",
                 "flag_advice", "safety_net", "safety_net_sources", "v1_questions", "depth"):
        assert getattr(fast, name) == getattr(checked, name), name
    assert fast.flag_order() == checked.flag_order()
    paths = all_paths(fast)
    assert len(paths) == 753 and sum(1 for steps, _ in paths if steps[-1][1] == "yes" and steps[-1][0] in FLAGS) == 17
    for steps, leaf in paths:
        assert fast.outcome(steps, leaf) == checked.outcome(steps, leaf)
    two_ticked = {**HEEL, "stroke_signs": "yes", "chest_breathless": "yes"}  # one checklist, two ticks
    assert evaluate(two_ticked, fast) == evaluate(two_ticked, checked)
    assert evaluate(two_ticked, fast).ticked == ("stroke_signs", "chest_breathless")
    assert Sources.from_data(json.loads(content_path("sources.json").read_text("utf-8"))) == sources_view(read_sources())


def test_stamped_content_is_loaded_without_validation(tmp_path: Path, full_checks: list) -> None:
    folder = stamped_copy(tmp_path)
    tree = load_tree(folder)
    assert full_checks == []
    assert evaluate(HEEL, tree) == evaluate(HEEL)


def test_edited_content_is_checked_in_full_and_used(tmp_path: Path, full_checks: list) -> None:
    """A stamp for other bytes is not trusted; the edit is validated, then used as written."""
    folder = stamped_copy(tmp_path)
    data = json.loads((folder / "triage.json").read_text("utf-8"))
    data["leaves"]["ice"]["title"] = "Reworded by a maintainer"
    (folder / "triage.json").write_text(json.dumps(data, indent=1), "utf-8")
    assert proven_files(folder) is None
    tree = load_tree(folder)
    assert full_checks == [folder]
    edited, shipped = evaluate(HEEL, tree), evaluate(HEEL)
    assert edited.title == "Reworded by a maintainer"
    assert (edited.disposition, edited.nerve, edited.care, edited.path, edited.advice, edited.why) == (
        shipped.disposition, shipped.nerve, shipped.care, shipped.path, shipped.advice, shipped.why)
    for steps, leaf in all_paths(tree):
        found, packaged = tree.outcome(steps, leaf), load_tree().outcome(steps, leaf)
        assert found.to_json() | {"title": ""} == packaged.to_json() | {"title": ""}


def test_an_edited_sources_file_also_voids_the_stamp(tmp_path: Path, full_checks: list) -> None:
    folder = stamped_copy(tmp_path)
    data = json.loads((folder / "sources.json").read_text("utf-8"))
    data["nerves"]["plantar"] = "Reworded nerve"
    (folder / "sources.json").write_text(json.dumps(data), "utf-8")
    assert load_sources(folder).nerve("plantar") == "Reworded nerve"
    load_tree(folder)
    assert full_checks == [folder]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["leaves"]["ice"].update(disposition="maybe"), "field leaves.ice.disposition"),
        (lambda d: d["nodes"]["area_warm"]["next"].update(small="nowhere"), "field nodes.area_warm.next.small"),
        (lambda d: d["nodes"]["flags_1"]["yes"].update(saddle_numbness="nowhere"),
         "field nodes.flags_1.yes.saddle_numbness"),
        (lambda d: d["nodes"]["flags_4"]["yes"].update(calf_swelling="clinician_flag"),
         "the triage tree breaks the contract"),
        (lambda d: d["leaves"]["ice"].update(disposition="keep_running"), "the triage tree breaks the contract"),
    ],
)
def test_broken_content_with_a_stale_stamp_is_refused(tmp_path: Path, change, message: str) -> None:
    folder = stamped_copy(tmp_path)
    data = json.loads((folder / "triage.json").read_text("utf-8"))
    change(data)
    (folder / "triage.json").write_text(json.dumps(data), "utf-8")
    with pytest.raises(ContentError) as caught:
        load_tree(folder)
    assert str(folder / "triage.json") in str(caught.value) and message in str(caught.value)


@pytest.mark.parametrize(
    "stamp",
    ["not json {", json.dumps([1, 2]), "JUDGED_BY_OTHER_CODE", "OTHER_FILE_DIGEST"],
)
def test_a_wrong_stamp_is_never_trusted(tmp_path: Path, full_checks: list, stamp: str) -> None:
    folder = content_copy(tmp_path)
    good = stamp_for(read_proven(folder))
    if stamp == "JUDGED_BY_OTHER_CODE":  # a stamp written by an older (or newer) NerveCheck
        stamp = json.dumps({**good, "judged_by": good["judged_by"][::-1]})
    elif stamp == "OTHER_FILE_DIGEST":
        stamp = json.dumps({**good, "sources.json": good["triage.json"]})
    (folder / STAMP_FILE).write_text(stamp, "utf-8")
    assert proven_files(folder) is None
    load_tree(folder)
    assert full_checks == [folder]


def content_check(folder: Path, stamp: bool = False) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = run_content_check(out, err, folder, stamp=stamp)
    return status, out.getvalue(), err.getvalue()


def test_content_check_stamps_only_on_request_and_says_so(tmp_path: Path) -> None:
    folder = content_copy(tmp_path)
    status, out, err = content_check(folder)
    assert (status, err) == (0, "") and not (folder / STAMP_FILE).exists()
    assert out.splitlines()[-1].startswith(f"{folder / STAMP_FILE}: out of date")
    assert f"run nervecheck content check --content {folder} --stamp" in out
    status, out, err = content_check(folder, stamp=True)
    assert (status, err) == (0, "")
    assert out.splitlines()[-1].startswith(f"{folder / STAMP_FILE}: written")
    assert stamp_matches(json.loads((folder / STAMP_FILE).read_text("utf-8")), read_proven(folder))
    assert [p.name for p in folder.iterdir() if p.name.startswith(".")] == []  # no temporary file left
    status, out, _ = content_check(folder)
    assert status == 0 and out.splitlines()[-1].startswith(f"{folder / STAMP_FILE}: up to date")


@pytest.mark.parametrize(
    "change",
    [lambda d: d["leaves"]["ice"].update(disposition="maybe"), lambda d: d["leaves"]["ice"].update(disposition="keep_running")],
)
def test_content_check_never_stamps_content_that_fails(tmp_path: Path, change) -> None:
    folder = content_copy(tmp_path, change)
    status, _, err = content_check(folder, stamp=True)
    assert status == 1 and err and not (folder / STAMP_FILE).exists()


def test_content_check_replaces_a_stale_stamp(tmp_path: Path) -> None:
    folder = stamped_copy(tmp_path)
    data = json.loads((folder / "triage.json").read_text("utf-8"))
    data["leaves"]["ice"]["title"] = "Reworded"
    (folder / "triage.json").write_text(json.dumps(data), "utf-8")
    assert proven_files(folder) is None
    assert content_check(folder, stamp=True)[0] == 0
    assert proven_files(folder) is not None


def test_outcomes_are_read_only_values() -> None:
    outcome = evaluate(HEEL)
    same = TriageTree(read_triage()).outcome(tuple((s.id, s.answer) for s in outcome.path), "ice")
    assert outcome == same and outcome is not same and hash(outcome) == hash(same)
    assert outcome != evaluate({**HEEL, "area": "large", "muscle_tightness": "yes"})
    with pytest.raises(AttributeError):
        outcome.title = "changed"  # type: ignore[misc]
    with pytest.raises(AttributeError):
        outcome.path[0].answer = "yes"  # type: ignore[misc]
    assert isinstance(outcome.path, tuple) and outcome.path[len(FLAGS) + 1] == Step("location", "heel")
    assert outcome.path[0] == Step("bladder_bowel", "no") and outcome.safety_net and outcome.flag is None
    assert outcome.answers == {step.id: step.answer for step in outcome.path}
    assert copy.deepcopy(outcome) == outcome == pickle.loads(pickle.dumps(outcome))
    assert isinstance(outcome, Outcome) and "disposition='rest_and_treat'" in repr(outcome)


def test_sources_view_keeps_its_lookups() -> None:
    sources = load_sources()
    assert sources.ids == read_sources().ids and len(sources.ids) == 16
    titles = {source.id: source.title for source in read_sources().sources}
    assert sources.title("jogger-foot") == titles["jogger-foot"] != "jogger-foot"
    assert sources.title("unknown-id") == "unknown-id"
    assert sources.nerve("plantar") == read_sources().nerves["plantar"]
    assert sources.nerve("made_up_nerve") == "made up nerve"


def test_the_stamp_names_the_code_that_judged_and_any_change_to_it_unstamps(tmp_path: Path, monkeypatch) -> None:
    """No format number kept by hand: a change to any module of the triage package (or the
    contract's ids) changes the judge, and then no stamp it did not write is trusted."""
    from nervecheck.engine.triage import files

    folder = content_copy(tmp_path)
    (folder / STAMP_FILE).write_text(json.dumps(stamp_for(read_proven(folder))), "utf-8")
    assert proven_files(folder) is not None
    package = Path(files.__file__).parent
    judged = [path.name for path in sorted(package.glob("*.py"))]
    assert {"tree.py", "contract.py", "proof.py", "content.py"} <= set(judged)
    real_read = Path.read_bytes

    def one_module_changed(path: Path) -> bytes:
        data = real_read(path)
        return data + b"# changed\n" if path.name == "contract.py" else data

    files.judge.cache_clear()
    monkeypatch.setattr(Path, "read_bytes", one_module_changed)
    try:
        assert proven_files(folder) is None
    finally:
        monkeypatch.undo()
        files.judge.cache_clear()
    assert proven_files(folder) is not None
