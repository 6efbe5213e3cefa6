"""NerveCheck's benchmark suite (issue 8): ``make bench`` or ``python bench/run.py``.

Builds a ten-year database (3,650 daily entries, 500 saved checks) in a temp folder,
measures every figure of issue 8 against its baseline in the same run (alternating,
after a warm-up), and prints one markdown table, also written to bench/out/latest.md.
A figure whose screen or module does not exist yet is reported as n/a.

Options: ``--runs N`` (process starts per figure, default 9), ``--quick`` (3 runs and
fewer repeats everywhere: about a minute), ``--only abcdefg`` (a subset of figures),
``--keep`` (keep the temp folder and say where it is).
"""

from __future__ import annotations

import argparse
import platform
import shutil
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from nervecheck.engine.clock import SystemClock  # benchmarks run on the real clock

sys.path.insert(0, str(Path(__file__).resolve().parent))

import fig_check  # noqa: E402
import fig_cli  # noqa: E402
import fig_import  # noqa: E402
import fig_screens  # noqa: E402
import fig_start  # noqa: E402
import fig_store  # noqa: E402
from common import ROOT, Row, table  # noqa: E402
from dataset import build_database  # noqa: E402

OUT = ROOT / "bench" / "out" / "latest.md"


@dataclass(frozen=True)
class Plan:
    """How many repeats each kind of figure gets."""

    starts: int  # process starts (a, b)
    saves: int  # in-process repeats (c)
    rounds: int  # Pilot rounds and pty check-ins (d)
    history: int  # Pilot / engine repeats (e), import rounds (g, at most 5)
    cases: int  # 40,000-case runs (f)

    @classmethod
    def from_args(cls, args: argparse.Namespace) -> Plan:
        if args.quick:
            return cls(starts=args.runs or 3, saves=7, rounds=1, history=3, cases=1)
        runs = args.runs or 9
        return cls(starts=runs, saves=max(15, 2 * runs + 1), rounds=3, history=runs, cases=3)


def figures(plan: Plan, db: Path, home: Path) -> dict[str, list[tuple[str, Callable[[], list[Row]]]]]:
    """Every figure by letter: (name shown if it breaks, how to measure it)."""
    return {
        "a": [("a. start to home", lambda: fig_start.measure(db, home, plan.starts))],
        "b": [("b. CLI commands", lambda: fig_cli.measure(db, home, plan.starts))],
        "c": [("c. save entry", lambda: fig_store.measure_save(db, home, plan.saves)),
              ("c. reads from memory", lambda: fig_store.measure_reads(db, home, plan.history)),
              ("c. other process", lambda: fig_store.measure_other_process(db, home, plan.history)),
              ("c. insights", lambda: fig_store.measure_insights(db, home, plan.history))],
        "d": [("d. key to frame", lambda: fig_screens.measure_keys(db, home, plan.rounds)),
              ("d. bytes per key", lambda: fig_screens.measure_bytes(db, home, plan.rounds))],
        "e": [("e. history and report", lambda: fig_screens.measure_history(db, home, plan.history))],
        "f": [("f. check 40,000 cases", lambda: fig_check.measure(home, plan.cases))],
        "g": [("g. runs import", lambda: fig_import.measure(home, min(plan.history, 5)))],
    }


def measure_all(plan: Plan, only: str, db: Path, home: Path) -> list[Row]:
    rows: list[Row] = []
    for letter, parts in figures(plan, db, home).items():
        if letter not in only:
            continue
        for name, measure in parts:
            started = time.perf_counter()
            try:
                rows.extend(measure())
            except Exception as error:  # one broken figure must not hide the others
                traceback.print_exc(file=sys.stderr)
                rows.append(Row(name, na=f"error: {type(error).__name__}: {error}"[:200]))
            print(f"  {name}: {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return rows


def header(plan: Plan, held: dict[str, int], quick: bool) -> str:
    import textual

    return (
        f"NerveCheck benchmarks, {SystemClock().now():%Y-%m-%d %H:%M} ({'quick' if quick else 'full'} mode). "
        f"Python {platform.python_version()}, Textual {textual.__version__}, {platform.machine()}, "
        f"{_cores()} cores. Database: {held['entries']:,} entries, {held['checks']} checks, "
        f"{held['activities']:,} imported activities, "
        f"{held['bytes'] / 1e6:.2f} MB. Process starts per figure: {plan.starts} (after one warm-up), "
        f"baseline and subject alternating. Times are medians (min-max, n)."
    )


def _cores() -> int:
    import os

    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 0


def summary(rows: list[Row]) -> str:
    failed = [row.figure for row in rows if row.failed]
    missing = [row.figure for row in rows if row.na]
    lines = [f"{len(rows) - len(failed) - len(missing)} measured, {len(failed)} FAIL, {len(missing)} n/a."]
    lines += [f"- FAIL: {figure}" for figure in failed]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, help="process starts per figure (default 9, quick 3)")
    parser.add_argument("--quick", action="store_true", help="fewer repeats: about a minute")
    parser.add_argument("--only", default="abcdefg", help="figures to measure, e.g. 'ac'")
    parser.add_argument("--keep", action="store_true", help="keep the temp folder")
    args = parser.parse_args(argv)
    plan = Plan.from_args(args)
    home = Path(tempfile.mkdtemp(prefix="nervecheck-bench-"))
    try:
        print(f"building the ten-year database in {home} ...", file=sys.stderr)
        held = build_database(home / "ten-years" / "nervecheck.json")
        rows = measure_all(plan, args.only, home / "ten-years" / "nervecheck.json", home)
    finally:
        if args.keep:
            print(f"kept {home}", file=sys.stderr)
        else:
            shutil.rmtree(home, ignore_errors=True)
    text = f"{header(plan, held, args.quick)}\n\n{table(rows)}\n\n{summary(rows)}\n"
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(text, encoding="utf-8")
    print(text)
    print(f"(written to {OUT.relative_to(ROOT)})", file=sys.stderr)
    return 1 if any(row.failed for row in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
