"""``nervecheck status``: one line for a shell prompt, a login message or a status bar.

Exit status: 0 when today is logged and nothing needs attention, 1 when today is not
logged, the last check's advice says to get help or to check again, or the log shows a
notice (:mod:`nervecheck.engine.log.status`), 2 on bad input or no database (a read
never creates one).
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, TextIO

from nervecheck.cli.log import open_for_cli
from nervecheck.engine.log.status import read_status, status_line
from nervecheck.engine.textsafe import visible

if TYPE_CHECKING:
    from nervecheck.engine.clock import Clock

EXIT_OK, EXIT_ATTENTION = 0, 1


def run(args: argparse.Namespace, out: TextIO, clock: Clock) -> int:
    store = open_for_cli(args.db, clock, read_only=True)
    status = read_status(store, clock)
    out.write(visible(status_line(status)) + "\n")
    return EXIT_ATTENTION if status.needs_attention else EXIT_OK
