"""Shared pieces of the benchmark suite: samples, rows, verdicts, the table.

Every figure is a :class:`Row`: a subject sample, usually a baseline sample measured
alternately in the same run, and a budget. A budget is either a ratio of the medians
(``ratio=1.3``) or an absolute ceiling on the subject's median (``limit=0.1`` seconds,
or bytes for a byte figure). A figure whose code does not exist yet is ``n/a``.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PYTHON = str(BIN / "python")
NERVECHECK = str(BIN / "nervecheck")


@dataclass
class Sample:
    """Repeated measurements of one thing, in ``unit`` (``s``, ``B`` or ``MiB``)."""

    values: list[float]
    unit: str = "s"

    @property
    def median(self) -> float:
        return statistics.median(self.values)

    def show(self, value: float) -> str:
        if self.unit == "s":
            if value < 0.001:
                return f"{value * 1e6:.0f} us"
            return f"{value * 1000:.1f} ms" if value < 10 else f"{value:.2f} s"
        if self.unit == "B":
            return f"{value / 1024:.2f} KiB" if value >= 1024 else f"{value:.0f} B"
        return f"{value:.1f} {self.unit}"

    def summary(self) -> str:
        """``median (min-max, n)``"""
        if len(self.values) == 1:
            return self.show(self.values[0])
        return f"{self.show(self.median)} ({self.show(min(self.values))}-{self.show(max(self.values))}, n={len(self.values)})"


@dataclass
class Row:
    """One line of the table."""

    figure: str
    subject: Sample | None = None
    baseline: Sample | None = None
    ratio: float | None = None  # budget on subject/baseline medians
    limit: float | None = None  # budget on the subject's median, in its unit
    note: str = ""
    na: str = ""  # reason when the figure cannot be measured yet
    broken: bool = False  # fails whatever the timing (e.g. a CLI command imported Textual)
    proof: bool | None = None  # a yes/no property checked alongside the timing

    @property
    def measured_ratio(self) -> float | None:
        if self.subject is None or self.baseline is None or not self.baseline.median:
            return None
        return self.subject.median / self.baseline.median

    def budget(self) -> str:
        if self.ratio is not None:
            return f"<= {self.ratio:g}x"
        if self.limit is not None and self.subject is not None:
            return f"<= {self.subject.show(self.limit)}"
        return "-"

    def verdict(self) -> str:
        if self.na:
            return "n/a"
        if self.broken or self.proof is False:
            ok = False
        elif self.ratio is not None:
            ok = self.measured_ratio is not None and self.measured_ratio <= self.ratio
        elif self.limit is not None and self.subject is not None:
            ok = self.subject.median <= self.limit
        elif self.proof:
            ok = True
        else:
            return "info"
        return "PASS" if ok else "FAIL"

    @property
    def failed(self) -> bool:
        return self.verdict() == "FAIL"

    def cells(self) -> list[str]:
        if self.na:
            return [self.figure, f"n/a ({self.na})", "", "", self.budget(), "n/a"]
        ratio = self.measured_ratio
        return [
            self.figure,
            self.subject.summary() if self.subject else "",
            self.baseline.summary() if self.baseline else "",
            f"{ratio:.2f}x" if ratio is not None else "",
            self.budget(),
            self.verdict() + (f": {self.note}" if self.note else ""),
        ]


HEADER = ["figure", "subject: median (min-max, n)", "baseline: median (min-max, n)", "ratio", "budget", "result"]


def table(rows: list[Row]) -> str:
    """The rows as one markdown table."""
    lines = ["| " + " | ".join(HEADER) + " |", "|" + "---|" * len(HEADER)]
    for row in rows:
        lines.append("| " + " | ".join(cell.replace("|", "/") for cell in row.cells()) + " |")
    return "\n".join(lines)


def alternate(runs: int, subject: Callable[[], float], baseline: Callable[[], float],
              warmup: int = 1) -> tuple[list[float], list[float]]:
    """Measure subject and baseline in turn (baseline first), after ``warmup`` of each."""
    for _ in range(warmup):
        baseline()
        subject()
    subjects, baselines = [], []
    for _ in range(runs):
        baselines.append(baseline())
        subjects.append(subject())
    return subjects, baselines


def timed(action: Callable[[], object]) -> float:
    """Seconds ``action`` took."""
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


#: Bytecode of every measured process, written once and reused (bench/out is gitignored).
PYCACHE = ROOT / "bench" / "out" / "pycache"
_DROPPED = ("NO_COLOR", "TEXTUAL", "PYTHONPROFILEIMPORTTIME", "PYTHONDONTWRITEBYTECODE", "PYTHONPYCACHEPREFIX")


def child_env(home: Path, **extra: str) -> dict[str, str]:
    """The environment of every measured process: isolated data, cached bytecode.

    ``PYTHONDONTWRITEBYTECODE`` is dropped: an installed app has its bytecode compiled,
    and recompiling the project's modules on every start would add tens of ms to every
    figure. The bytecode goes to ``bench/out/pycache`` so the source tree is untouched.
    """
    env = {k: v for k, v in os.environ.items() if k not in _DROPPED}
    env.update(XDG_DATA_HOME=str(home / "xdg"), NERVECHECK_DB=str(home / "default.json"),
               PYTHONPYCACHEPREFIX=str(PYCACHE), **extra)
    return env


def module_missing(name: str) -> str:
    """``""`` when module ``name`` can be imported in a fresh process, else the reason."""
    import importlib.util

    try:
        found = importlib.util.find_spec(name)
    except ModuleNotFoundError:
        found = None
    return "" if found is not None else f"{name} does not exist yet"
