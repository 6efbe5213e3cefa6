"""The day's activities imported from a watch, read-only, on the log screen (issue 16).

Each activity on one line (time, sport, distance in the runner's units, minutes, shoe
and name, the names exactly as they came), then which run counts for the day, by the
rule of :func:`nervecheck.engine.log.runs.run_total` (the imported runs when there
are any; the typed run is kept and shown either way). Beside a typed run that counts,
its shoe: the default shoe covering the day (:func:`typed_shoe_text`).
"""

from __future__ import annotations

from typing import Any

from textual.content import Content
from textual.widgets import Static

from nervecheck.engine.clock import Clock
from nervecheck.engine.log.runs import DayRun
from nervecheck.engine.store.activities import parse_start
from nervecheck.engine.units import km_to
from nervecheck.tui.widgets.log_draft import number_text
from nervecheck.tui.widgets.text import user_text


def activity_text(doc: dict[str, Any], units: str, clock: Clock) -> Content:
    """``07:15 run 10.02 km 50 min  shoe Pegasus 40  Morning Run``: the names as typed."""
    parts: list[Content | str | tuple[str, str]] = [
        f"{clock.local(parse_start(doc['start'])):%H:%M} {doc['sport'].replace('_', ' ')}"]
    if doc["distance_km"] is not None:
        parts.append(f" {number_text(km_to(doc['distance_km'], units))} {units}")
    seconds = doc["moving_s"] if doc["moving_s"] is not None else doc["elapsed_s"]
    if seconds is not None:
        parts.append(f" {seconds / 60:.0f} min")
    if doc["shoe"]:
        parts += [("  shoe ", "dim"), user_text(doc["shoe"])]
    if doc["name"]:
        parts += ["  ", user_text(doc["name"]).stylize("italic")]
    return Content.assemble(*parts)


def typed_shoe_text(day_run: DayRun, typed: str, default_shoe: str | None) -> Content:
    """``shoe Pegasus 40 (default)`` beside a typed run that counts for the day, its shoe
    by :func:`nervecheck.engine.log.runs.default_shoe_on` (the history's rule); empty
    when no run is typed, an imported run counts (it names its own shoe) or no default
    shoe covers the day. The name as typed."""
    if not typed.strip() or day_run.imported or not default_shoe:
        return Content("")
    return Content.assemble(("shoe ", "dim"), user_text(default_shoe), (" (default)", "dim"))


def which_counts(day_run: DayRun, typed: str, units: str) -> str:
    """What counts for the day, naming the typed distance (as the form has it) kept."""
    if day_run.imported:
        kept = f"; your typed {typed} {units} is kept" if typed else ""
        return f"The imported run counts for the day{kept}."
    if typed:
        return "Not a run: counts towards cardio; your typed run counts for the day."
    return "Not a run: counts towards cardio, not the day's run."


class ImportedRuns(Static):
    """The imported activities of one day and the line saying which run counts."""

    def show(self, day_run: DayRun, typed: str, units: str, clock: Clock) -> bool:
        """Draw ``day_run``'s activities; ``False`` (nothing drawn) when it has none."""
        activities = [*day_run.imported, *day_run.others]
        if activities:
            lines = [activity_text(doc, units, clock) for doc in activities]
            lines.append(Content.styled(which_counts(day_run, typed.strip(), units), "dim"))
            self.update(Content("\n").join(lines))
        return bool(activities)
