"""Damaged triage content is refused by name, and the proof catches a broken tree."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from nervecheck.cli.check import run_content_check
from nervecheck.engine.content_files import ContentError, content_path
from nervecheck.engine.triage.proof import prove
from nervecheck.engine.triage.tree import TriageTree
from nervecheck.engine.triage.content import read_sources, read_triage
from nervecheck.engine.vocab import FLAGS

ROOT = Path(__file__).resolve().parent.parent


def content_copy(tmp_path: Path, change: Callable[[dict], None] | None = None, file: str = "triage.json") -> Path:
    """The packaged content copied to ``tmp_path``, with ``change`` applied to ``file``."""
    for name in ("triage.json", "sources.json", "routines.json"):
        (tmp_path / name).write_text(content_path(name).read_text("utf-8"), "utf-8")
    if change:
        data = json.loads((tmp_path / file).read_text("utf-8"))
        change(data)
        (tmp_path / file).write_text(json.dumps(data), "utf-8")
    return tmp_path


def content_check(content_dir: Path) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = run_content_check(out, err, content_dir)
    return status, out.getvalue(), err.getvalue()


def test_content_check_passes_and_reports_figures(tmp_path: Path) -> None:
    status, out, err = content_check(content_copy(tmp_path))
    assert (status, err) == (0, "")
    assert re.search(r"138,240 core answer combinations with every flag no, and each of the 17 flags as the first yes; "
                     r"[1-9]\d* paths, longest 26 questions, mean 23\.3 questions per path: every path keeps the contract",
                     out), out
    assert "triage.json: valid" in out and "sources.json: valid" in out and "routines.json" in out


def test_packaged_content_check() -> None:
    out, err = io.StringIO(), io.StringIO()
    assert run_content_check(out, err) == 0
    assert out.getvalue().startswith("content/triage.json: valid")


@pytest.mark.parametrize(
    ("file", "change", "field"),
    [
        ("triage.json", lambda d: d["leaves"]["ice"].update(disposition="maybe"), "leaves.ice.disposition"),
        ("triage.json", lambda d: d["leaves"]["heat"].update(advice=[]), "leaves.heat.advice"),
        ("triage.json", lambda d: d["questions"][6]["options"].pop(), "questions[6]"),
        ("triage.json", lambda d: d["questions"][2].pop("help"), "questions[2].help"),
        ("triage.json", lambda d: d["questions"][5].pop("short"), "questions[5]"),
        ("triage.json", lambda d: d["questions"][17].update(short="a core question"), "questions[17]"),
        ("triage.json", lambda d: d["nodes"]["area_warm"]["next"].pop("small"), "nodes.area_warm.next"),
        ("triage.json", lambda d: d["nodes"]["area_warm"]["next"].update(small="nowhere"), "nodes.area_warm.next.small"),
        ("triage.json", lambda d: d["nodes"]["area_warm"]["next"].update(small="pattern_warm"), "nodes.area_warm.next"),
        ("triage.json", lambda d: d["nodes"]["flags_1"]["yes"].pop("both_legs"), "nodes.flags_1"),
        ("triage.json", lambda d: d["nodes"]["flags_2"]["yes"].update(stroke_signs="nowhere"),
         "nodes.flags_2.yes.stroke_signs"),
        ("triage.json", lambda d: d["nodes"]["flags_5"].update(next="nowhere"), "nodes.flags_5.next"),
        ("triage.json", lambda d: d["safety_net"]["go_now"].pop(), "safety_net"),
        ("triage.json", lambda d: d["safety_net"]["review"].pop("see_clinician"), "safety_net"),
        ("triage.json", lambda d: d.update(no_flags_why="No signs."), "no_flags_why"),
        ("triage.json", lambda d: d["nodes"]["cleared"].update(ask="mood"), "nodes.cleared.ask"),
        ("triage.json", lambda d: d["leaves"]["rest"]["advice"].append("@nothing"), "leaves.rest.advice[7]"),
        ("triage.json", lambda d: d.update(start="nowhere"), "start"),
        ("sources.json", lambda d: d["nerves"].pop("plantar"), "nerves"),
        ("sources.json", lambda d: d["sources"][0].pop("title"), "sources[0].title"),
    ],
)
def test_damaged_content_names_file_and_field(tmp_path: Path, file: str, change: Callable, field: str) -> None:
    content_dir = content_copy(tmp_path, change, file)
    reader = read_triage if file == "triage.json" else read_sources
    with pytest.raises(ContentError) as caught:
        reader(content_dir)
    assert str(tmp_path / file) in str(caught.value) and f"field {field}" in str(caught.value)
    status, _, err = content_check(content_dir)
    assert status == 1 and file in err and field in err and "Traceback" not in err


def test_content_check_names_the_path_of_a_wrong_leaf(tmp_path: Path) -> None:
    content_dir = content_copy(tmp_path, lambda d: d["leaves"]["ice"].update(disposition="keep_running"))
    status, _, err = content_check(content_dir)
    assert status == 1
    all_no = ", ".join(f"{flag}=no" for flag in FLAGS)
    assert f"path {all_no}, symptom=burning" in err and "duration=days, area=small ends in leaf 'ice'" in err
    assert "the contract gives rest_and_treat" in err and len(err.splitlines()) == 1


def test_unreadable_json_names_the_line(tmp_path: Path) -> None:
    content_dir = content_copy(tmp_path)
    (content_dir / "triage.json").write_text('{"start": ', "utf-8")
    status, _, err = content_check(content_dir)
    assert status == 1 and "triage.json" in err and "not valid JSON at line 1" in err


def _prove(tmp_path: Path, change: Callable[[dict], None]) -> str:
    content_dir = content_copy(tmp_path, change)
    report = prove(TriageTree(read_triage(content_dir)), read_sources(content_dir))
    assert not report.ok
    return report.violation or ""


def _ask_diabetes_for_all(d: dict) -> None:
    # Shooting pain and cramping away from the feet go the way that asks diabetes too.
    d["nodes"]["where_other"]["next"] = {k: ("injury_warm_d" if v == "injury_warm" else v)
                                         for k, v in d["nodes"]["where_other"]["next"].items()}


def test_proof_finds_a_question_that_cannot_matter(tmp_path: Path) -> None:
    violation = _prove(tmp_path, _ask_diabetes_for_all)
    assert violation.endswith("muscle_tear=no, symptom=shooting_pain, location=lower_back_leg, after_trauma=no, "
                              "systemic_signs=no asks diabetes, which cannot change the outcome there")


def test_proof_finds_a_question_before_the_warning_signs(tmp_path: Path) -> None:
    def symptom_first(d: dict) -> None:
        d["start"] = "symptom"
    assert _prove(tmp_path, symptom_first) == "the first question asks symptom before the warning sign bladder_bowel was asked"


def test_proof_finds_core_questions_before_the_urgent_tier(tmp_path: Path) -> None:
    """Skipping the urgent and clinician checklists is caught at the first core question."""
    violation = _prove(tmp_path, lambda d: d["nodes"]["flags_3"].update(next="symptom"))
    assert violation.endswith("cannot_bear_weight=no asks symptom before the warning sign calf_swelling was asked")


def test_proof_finds_an_urgent_result_before_every_red_sign_was_asked(tmp_path: Path) -> None:
    violation = _prove(tmp_path, lambda d: d.update(start="flags_2"))
    assert violation.startswith("path worsening_weakness=no, ")
    assert violation.endswith("calf_swelling=yes ends with the urgent-tier result before the red-tier sign "
                              "bladder_bowel was asked")


def test_proof_finds_a_question_after_a_flag_yes(tmp_path: Path) -> None:
    violation = _prove(tmp_path, lambda d: d["nodes"]["flags_1"]["yes"].update(both_legs="symptom"))
    assert violation == ("path bladder_bowel=no, saddle_numbness=no, both_legs=yes asks more after the warning sign "
                         "both_legs was answered yes")


def test_proof_finds_a_flag_sent_to_the_wrong_tier(tmp_path: Path) -> None:
    violation = _prove(tmp_path, lambda d: d["nodes"]["flags_5"]["yes"].update(muscle_tear="urgent_today"))
    assert violation.endswith("muscle_tear=yes ends in leaf 'urgent_today': urgent_today (nerve none, care none) with "
                              "flag muscle_tear, but the contract gives see_clinician (nerve none, care none) with flag "
                              "muscle_tear")


def test_proof_finds_a_missing_duration_question(tmp_path: Path) -> None:
    violation = _prove(tmp_path, lambda d: d["nodes"]["pattern_warm"]["next"].update(first_time="area_warm"))
    assert "pattern=first_time, area=small ends in leaf 'ice'" in violation
    assert violation.endswith("but the contract gives modify_training (nerve sciatic, care none) "
                              "when duration=weeks, cleared_by_clinician=yes")


def test_proof_finds_unreachable_and_uncited(tmp_path: Path) -> None:
    def orphan(d: dict) -> None:
        d["leaves"]["spare"] = dict(d["leaves"]["rest"])
    assert _prove(tmp_path, orphan) == "leaf 'spare' can never be reached from the start"
    other = tmp_path / "other"
    other.mkdir()
    violation = _prove(other, lambda d: d["leaves"]["heat"].update(sources=["a-blog"]))
    assert violation == "leaf 'heat' cites 'a-blog', which is not in sources.json"


def test_proof_finds_a_wrong_care(tmp_path: Path) -> None:
    violation = _prove(tmp_path, lambda d: d["nodes"]["tightness"]["next"].update(yes="rest"))
    assert "muscle_tightness=yes ends in leaf 'rest'" in violation and "care heat" in violation


def test_engine_imports_no_textual() -> None:
    """Every engine module and the check command, imported in a fresh interpreter, leave Textual unloaded."""
    code = (
        "import importlib, pkgutil, sys, nervecheck.engine as engine\n"
        "for m in pkgutil.walk_packages(engine.__path__, 'nervecheck.engine.'):\n"
        "    importlib.import_module(m.name)\n"
        "import nervecheck.cli.check\n"
        "assert len(sys.modules) > 40, 'too few modules: the walk found nothing'\n"
        "assert 'textual' not in sys.modules, 'textual was imported'"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False, timeout=60)
    assert result.returncode == 0, result.stderr



GUIDANCE_IDS = ("nhs-cauda-equina", "nice-sciatica", "stroke-tia", "nhs-dvt", "rhabdo", "nice-diabetic-foot",
                "nice-mscc", "spinal-infection", "bone-stress", "muscle-strain", "safety-netting")


def test_every_guidance_source_is_citable_with_a_public_address() -> None:
    """Version 2 cites the clinical guidance by id; a reader must be able to look each up."""
    from nervecheck.engine.triage.loading import load_sources

    sources = {source.id: source for source in load_sources().sources}
    for guidance in GUIDANCE_IDS:
        assert sources[guidance].url and sources[guidance].url.startswith("https://"), guidance
        assert sources[guidance].title.strip(), guidance
