"""Imported swims, rides, rows and walks towards the low-impact cardio target (issue 16).

The low-impact cardio routine asks for a session of about twenty minutes, five days a
week (``content/routines.json``). A runner who swims or rides with a watch on has done
that session without opening the player, so an imported activity of a low-impact
sport (:data:`nervecheck.engine.store.activities.CARDIO_SPORTS`) that lasted at least
as long as the routine's own session counts for its day, as an exercise logged from
the player does. A day counts once, however many sessions it holds.

Works on the stored activity documents (:meth:`Store.activity_docs`), never changes
them, and reads the routine's length from the content, so the two cannot differ.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any, NamedTuple

from nervecheck.engine.store.activities import CARDIO_SPORTS

#: The contract's low-impact cardio routine, the one imported activities count towards.
CARDIO_ROUTINE = "low_impact_cardio"

#: How each counted sport is named in a line (the stored ids are ``ride``, ``swim``...).
_SPORT_WORD = {"walk": "walk", "hike": "hike", "ride": "ride", "swim": "swim", "row": "row",
               "elliptical": "elliptical"}


class CardioDone(NamedTuple):
    """An imported activity that counted: its local day, sport and minutes."""

    day: dt.date
    sport: str
    minutes: int

    def text(self) -> str:
        """``ride Tue 45 min``."""
        return f"{_SPORT_WORD.get(self.sport, self.sport)} {self.day.strftime('%a')} {self.minutes} min"


def session_seconds(routine: Any) -> int:
    """How long the routine's own session is: every timed exercise, every set."""
    return sum((exercise.duration_seconds or 0) * exercise.sets for exercise in routine.exercises)


def _seconds(doc: Mapping[str, Any]) -> float | None:
    """The activity's time: moving time, else elapsed (a pool swim may have only one)."""
    return doc.get("moving_s") if doc.get("moving_s") is not None else doc.get("elapsed_s")


def counted(docs: Iterable[Mapping[str, Any]], today: dt.date, minimum_s: int) -> tuple[CardioDone, ...]:
    """This ISO week's imported low-impact sessions of at least ``minimum_s`` seconds, by start."""
    monday = today - dt.timedelta(days=today.weekday())
    sunday = monday + dt.timedelta(days=6)
    found = []
    for doc in docs:
        day, seconds = dt.date.fromisoformat(doc["day"]), _seconds(doc)
        if doc["sport"] in CARDIO_SPORTS and monday <= day <= sunday and seconds is not None and seconds >= minimum_s:
            found.append((doc["start"], CardioDone(day, doc["sport"], round(seconds / 60))))
    return tuple(done for _, done in sorted(found))


def counted_line(done: tuple[CardioDone, ...]) -> str:
    """The sessions that counted, in a few words: ``ride Tue 45 min, swim Thu 30 min``."""
    return ", ".join(item.text() for item in done)


__all__ = ["CARDIO_ROUTINE", "CardioDone", "counted", "counted_line", "session_seconds"]
