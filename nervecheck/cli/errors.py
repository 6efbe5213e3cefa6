"""The error a command reports as one line with exit status 2, and the one test of
whether a stream is a terminal (the app, progress lines and the editor need one)."""

from __future__ import annotations

from typing import TextIO


class UsageError(Exception):
    """Bad input from the user: the message names the field, value or line at fault."""


def is_terminal(stream: TextIO | None) -> bool:
    """Whether ``stream`` is a terminal; ``False`` when it is missing, closed, or has no
    ``isatty`` at all (a test's StringIO, cron's closed standard input)."""
    try:
        return stream is not None and stream.isatty()
    except (AttributeError, ValueError, OSError):
        return False
