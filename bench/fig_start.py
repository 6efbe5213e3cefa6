"""Figure a: start to a settled home screen in a real pty at 80x24, and peak RSS.

Subject: ``nervecheck --db TENYEAR`` until the first frame that shows "This week" (a
row the home screen fills from the store, so it appears only with real data). Baseline:
``bench/hello_app.py`` until the first frame that shows "Hello". Both are then left to
settle (50 ms without output); peak RSS is read half a second later (``VmHWM``, see
term.py) and the app is quit with ctrl+q.
"""

from __future__ import annotations

from pathlib import Path

from common import NERVECHECK, PYTHON, ROOT, Row, Sample, child_env
from term import first_frame

HOME_MARKER = "This week"
HELLO_MARKER = "Hello"


def measure(db: Path, home: Path, runs: int) -> list[Row]:
    """Alternate hello and NerveCheck ``runs`` times (after one warm-up of each)."""
    env = child_env(home)
    app = [NERVECHECK, "--db", str(db)]
    hello = [PYTHON, str(ROOT / "bench" / "hello_app.py")]
    results: dict[str, list[tuple[float, float, float]]] = {"app": [], "hello": []}
    for index in range(runs + 1):
        for name, argv, marker in (("hello", hello, HELLO_MARKER), ("app", app, HOME_MARKER)):
            frame, settled, rss, end = first_frame(argv, env, marker)
            if end.status != 0:
                raise RuntimeError(f"{' '.join(argv)} exited with status {end.status}")
            if index:  # the first round warms the disk cache and bytecode
                results[name].append((frame, settled, rss))
    return _rows(results)


def _column(results: list[tuple[float, float, float]], index: int, unit: str = "s") -> Sample:
    return Sample([result[index] for result in results], unit)


def _rows(results: dict[str, list[tuple[float, float, float]]]) -> list[Row]:
    app, hello = results["app"], results["hello"]
    return [
        Row("a. start: first frame with data, pty 80x24 (vs bare hello)", _column(app, 0), _column(hello, 0),
            ratio=1.3),
        Row("a. start: settled (+50 ms quiet) (vs bare hello)", _column(app, 1), _column(hello, 1), ratio=1.3),
        Row("a. start: peak RSS (vs bare hello)", _column(app, 2, "MiB"), _column(hello, 2, "MiB"), ratio=1.3),
    ]
