"""``nervecheck report``: placeholder until the report lands (daily-log issue)."""

from __future__ import annotations

import argparse
from typing import TextIO

from engine.errors import UsageError


def run(args: argparse.Namespace, out: TextIO) -> int:
    raise UsageError("report: not available yet in this version")
