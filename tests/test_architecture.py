"""The layers hold: ``lint-imports`` (import-linter) against the contracts in pyproject.toml.

import-linter reads a package from its folder, and in the repository the rooms of
``nervecheck`` sit side by side at the top level (pyproject.toml maps them in). So the
test lays them out as they are installed, ``nervecheck/{engine,tui,content}``, in a
scratch folder, and lints that.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ROOMS = {"engine": "engine", "tui": "tui", "content": "content"}
LINT = Path(sys.executable).with_name("lint-imports")


def _installed_layout(into: Path) -> Path:
    ignore = shutil.ignore_patterns("__pycache__")
    shutil.copytree(ROOT / "nervecheck", into / "nervecheck", ignore=ignore)
    for folder, room in ROOMS.items():
        shutil.copytree(ROOT / folder, into / "nervecheck" / room, ignore=ignore)
    shutil.copy(ROOT / "pyproject.toml", into / "pyproject.toml")
    return into


def _lint(layout: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(layout)}
    return subprocess.run([str(LINT), "--no-cache", "pyproject.toml"], cwd=layout, env=env,
                          capture_output=True, text=True, check=False, timeout=120)


@pytest.fixture(scope="module")
def layout(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _installed_layout(tmp_path_factory.mktemp("layout"))


def test_every_import_contract_is_kept(layout: Path) -> None:
    done = _lint(layout)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "4 kept, 0 broken" in done.stdout


@pytest.mark.parametrize(("module", "line", "broken"), [
    ("engine/store/records.py", "import textual\n", "The domain never imports Textual"),
    ("engine/triage/tree.py", "from nervecheck.engine.log import history\n", "Layers"),
    ("tui/screens/home.py", "from nervecheck.engine.store import storage\n", "public face"),
    ("engine/store/storage.py", "from nervecheck.engine.store import repository\n", "No import circles"),
])
def test_a_broken_layer_is_caught(tmp_path: Path, module: str, line: str, broken: str) -> None:
    layout = _installed_layout(tmp_path)
    target = layout / "nervecheck" / module
    target.write_text(target.read_text(encoding="utf-8") + line, encoding="utf-8")
    done = _lint(layout)
    assert done.returncode != 0
    assert broken in done.stdout.split("Broken contracts")[-1]
