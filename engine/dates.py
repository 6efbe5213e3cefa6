"""A day as a person types it: ``YYYY-MM-DD``, ``today``, ``yesterday`` or ``-N``.

One parser for every place a day is typed (CLI.md: "Dates typed on the command line
may also be `today`, `yesterday` or `-N` (N days ago)"): the command line's
``--date``, ``--from``, ``--to`` and ``log rm DATE``, and the app's "go to day"
prompt. It reads no clock: the caller hands it today (from its :class:`Clock`).

What it refuses, and why:

* ``tomorrow``, ``+3``: a day to come is never logged, and ``show --to`` does not need
  one; one rule everywhere is easier to remember.
* ``-99999``: more than :data:`MAX_DAYS_AGO` days back is a typing slip, not a day
  anyone logged (and far enough back, Python has no date for it at all).
* ``- 3``, ``−3`` (a minus sign, not a hyphen), ``-٣``: ASCII hyphen and digits only,
  as the ISO form is ASCII only.

``-0`` is today (0 days ago), so a script that types ``-$n`` works for ``n=0``.
The words are read without regard to case (``Today``); spaces around a day are refused,
as the entry format refuses them (the app's prompt strips what the runner typed).
"""

from __future__ import annotations

import datetime as dt
import re

#: The furthest back ``-N`` reaches: a hundred years of days.
MAX_DAYS_AGO = 36_500

_ISO = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_AGO = re.compile(r"-([0-9]+)")
#: How a refusal says what may be typed.
FORMS = "YYYY-MM-DD, today, yesterday or -N (N days ago)"


def parse_day(text: str, today: dt.date) -> dt.date:
    """The day ``text`` names, as seen from ``today``; ValueError names what is wrong."""
    if not isinstance(text, str):
        raise ValueError(f"must be a day written {FORMS}, got {text!r}")
    typed = text
    word = typed.lower()
    if word == "today":
        return today
    if word == "yesterday":
        return today - dt.timedelta(days=1)
    if _ISO.fullmatch(typed):
        try:
            return dt.date.fromisoformat(typed)
        except ValueError:
            raise ValueError(f"{typed!r} is not a real calendar day") from None
    ago = _AGO.fullmatch(typed)
    if ago:
        days = int(ago.group(1))
        if days > MAX_DAYS_AGO:
            raise ValueError(f"{typed!r} is too far back: at most -{MAX_DAYS_AGO} ({MAX_DAYS_AGO} days ago)")
        try:
            return today - dt.timedelta(days=days)
        except OverflowError:
            raise ValueError(f"{typed!r} is before the first day of the calendar") from None
    if word == "tomorrow" or typed.startswith("+"):
        raise ValueError(f"{typed!r}: a day to come cannot be typed; write {FORMS}")
    raise ValueError(f"must be a day written {FORMS}, got {typed!r}")
