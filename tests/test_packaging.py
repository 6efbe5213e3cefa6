"""What a user installs: one ``nervecheck`` namespace, a working command, a complete sdist.

The package is built from a clean copy of the tracked files (as a fresh clone has
them), with ``python -m build``, as a user or a packager would.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

from nervecheck import __version__

ROOT = Path(__file__).resolve().parent.parent


def _run(*argv: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True, check=False, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    return done


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The wheel and the sdist, built from the files git tracks (plus any not yet committed)."""
    source = tmp_path_factory.mktemp("source")
    listed = _run("git", "ls-files", "--cached", "--others", "--exclude-standard", "-z", cwd=ROOT).stdout
    for name in filter(None, listed.split("\0")):
        if (ROOT / name).is_file():
            (source / name).parent.mkdir(parents=True, exist_ok=True)
            (source / name).write_bytes((ROOT / name).read_bytes())
    out = tmp_path_factory.mktemp("dist")
    _run(sys.executable, "-m", "build", "--outdir", str(out), str(source), cwd=source)
    return {"wheel": next(out.glob("*.whl")), "sdist": next(out.glob("*.tar.gz"))}


def test_the_wheel_installs_one_name(built: dict[str, Path]) -> None:
    names = zipfile.ZipFile(built["wheel"]).namelist()
    tops = {name.split("/")[0] for name in names}
    assert tops == {"nervecheck", f"nervecheck-{__version__}.dist-info"}
    for needed in ("nervecheck/content/triage.json", "nervecheck/content/proven.json", "nervecheck/tui/app.tcss",
                   "nervecheck/engine/store/schema.py", "nervecheck/__main__.py",
                   f"nervecheck-{__version__}.dist-info/licenses/LICENSE"):
        assert needed in names
    metadata = zipfile.ZipFile(built["wheel"]).read(f"nervecheck-{__version__}.dist-info/METADATA").decode()
    assert "License-Expression: MIT" in metadata and "Classifier: Programming Language :: Python :: 3.11" in metadata


def test_it_works_beside_unrelated_packages_named_content_and_engine(built: dict[str, Path], tmp_path: Path) -> None:
    """Installing NerveCheck next to PyPI's ``content`` or an ``engine`` leaves both working."""
    target = tmp_path / "site"
    for other in ("content", "engine", "tui"):
        (target / other).mkdir(parents=True)
        (target / other / "__init__.py").write_text(f"WHO = {other!r}\n")
    _run(sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-index", "--target", str(target),
         str(built["wheel"]), cwd=tmp_path)
    answers = tmp_path / "answers.json"
    answers.write_text('{"symptom": "none", "pain_after_exercise": "none", '
                       + ", ".join(f'"{flag}": "no"' for flag in _flags()) + "}")
    code = ("import content, engine, tui, sys\n"
            "assert (content.WHO, engine.WHO, tui.WHO) == ('content', 'engine', 'tui')\n"
            "import nervecheck\n"
            f"assert nervecheck.__file__.startswith({str(target)!r}), nervecheck.__file__\n"
            "from nervecheck.cli import main\n"
            f"sys.exit(main(['check', '--answers', {str(answers)!r}]))\n")
    env = {**os.environ, "PYTHONPATH": str(target)}
    done = _run(sys.executable, "-c", code, cwd=tmp_path, env=env)
    assert "keep_running" in done.stdout
    version = _run(sys.executable, "-m", "nervecheck", "--version", cwd=tmp_path, env=env)
    assert version.stdout == f"nervecheck {__version__}\n"


def test_the_sdist_holds_what_the_tests_need(built: dict[str, Path]) -> None:
    with tarfile.open(built["sdist"]) as sdist:
        names = {name.split("/", 1)[1] for name in sdist.getnames() if "/" in name}
    tracked = _run("git", "ls-files", cwd=ROOT).stdout.split()
    wanted = {name for name in tracked if name.split("/")[0] in ("tests", "engine", "tui", "content", "nervecheck",
                                                                 "docs", "bench", ".ci")}
    wanted |= {"Makefile", "LICENSE", "README.md", "pyproject.toml"}
    assert wanted - names == set()


def _flags() -> tuple[str, ...]:
    from nervecheck.engine.vocab import FLAGS

    return FLAGS
