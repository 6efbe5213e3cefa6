"""Figure f: ``nervecheck check`` on 40,000 JSON Lines cases, under 10 seconds.

Baseline: a fresh Python reading the same file and ``json.loads``-ing every line (the
floor any implementation pays), measured alternately in the same run.
"""

from __future__ import annotations

from pathlib import Path

from common import NERVECHECK, PYTHON, Row, Sample, alternate, child_env
from dataset import CASES, build_cases
from fig_cli import _run

PARSE_ONLY = "import json, sys\nwith open(sys.argv[1], encoding='utf-8') as f:\n    [json.loads(l) for l in f]"


def measure(home: Path, runs: int) -> list[Row]:
    cases = build_cases(home / "cases.jsonl")
    env = child_env(home)
    subject, baseline = alternate(
        runs,
        lambda: _run([NERVECHECK, "check", "--answers", str(cases)], env),
        lambda: _run([PYTHON, "-c", PARSE_ONLY, str(cases)], env),
        warmup=0,
    )
    return [Row(f"f. `check --answers` on {CASES:,} JSON Lines cases (ref: read + json.loads each line)",
                Sample(subject), Sample(baseline), limit=10.0)]
