"""The clinician report's numbers and words, shared by both formats.

:func:`gather` collects the period's numbers once (:class:`ReportData`); the functions
below it put them into the sentences both :func:`nervecheck.engine.log.report.markdown`
and the html page (:mod:`.report_html`) show. Runs are the day's run as the app counts
it (imported runs over a typed one, :func:`nervecheck.engine.log.load.from_store`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

from nervecheck.engine.clock import Clock
from nervecheck.engine.store.schema import CheckRecord, Entry
from nervecheck.engine.units import km_to
from nervecheck.engine.log import insights as found_insights
from nervecheck.engine.log import report_chart
from nervecheck.engine.log.chart import Chart
from nervecheck.engine.log.load import Log, from_store, week_start
from nervecheck.engine.log.patterns import Patterns, find_patterns
from nervecheck.engine.log.report_chart import ReportWeek
from nervecheck.engine.log.runs import ShoeLine, stored_shoe_lines
from nervecheck.engine.store.repository import Store
from nervecheck.engine.textsafe import visible
from nervecheck.engine.vocab import FLAG_TIERS, LOCATIONS, NERVE_BY_LOCATION, PAIN_AFTER, SYMPTOMS, label

DEFAULT_DAYS = 28
OTHER_ANSWERS = ("symptom", "location", "pattern", "duration", "area", "muscle_tightness", "after_trauma",
                 "systemic_signs", "diabetes", "cleared_by_clinician", "pain_after_exercise")


@dataclass(frozen=True)
class RoutineDone:
    """One routine's work in the period: on how many days, and which exercises."""

    routine: str
    days: int
    exercises: list[tuple[str, int]]


@dataclass(frozen=True)
class ReportData:
    """Everything the report shows, computed once."""

    start: dt.date
    end: dt.date
    units: str
    entries: list[Entry]
    pain: list[tuple[dt.date, int | None]]
    weeks: list[ReportWeek]
    symptoms: list[tuple[str, int]]
    locations: list[tuple[str, int]]
    pain_after: list[tuple[str, int]]
    checks: list[CheckRecord]
    routines: list[RoutineDone]
    patterns: Patterns
    clock: Clock  # the store's: check times are shown in its local zone
    chart: Chart
    log: Log  # the joined log (typed and imported runs) the figures read
    insights: found_insights.Insights
    shoes: list[ShoeLine]
    #: Checks of the period the runner marked "entered by mistake": left out, only counted.
    mistakes: int = 0

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def runs(self) -> list[Any]:
        """The period's runs as they count (:class:`~nervecheck.engine.log.load.RunDay`)."""
        return [run for run in self.log.runs if self.start <= run.day <= self.end]

    def distance(self, km: float) -> str:
        return f"{km_to(km, self.units):.1f} {self.units}"

    @property
    def notes(self) -> list[Entry]:
        return [entry for entry in self.entries if entry.note]


def _counts(entries: list[Entry], field: str, order: tuple[str, ...]) -> list[tuple[str, int]]:
    counter = Counter(value for entry in entries for value in set(getattr(entry, field)))
    return [(value, counter[value]) for value in order if counter[value]]


def _routines(entries: list[Entry]) -> list[RoutineDone]:
    days: dict[str, set[dt.date]] = {}
    done: dict[str, Counter[str]] = {}
    for entry in entries:
        for item in entry.exercises:
            days.setdefault(item.routine, set()).add(entry.date)
            done.setdefault(item.routine, Counter())[item.exercise] += 1
    return [RoutineDone(name, len(days[name]), sorted(done[name].items(), key=lambda x: (-x[1], x[0])))
            for name in sorted(days, key=lambda name: (-len(days[name]), name))]


def gather(store: Store, today: dt.date, days: int = DEFAULT_DAYS) -> ReportData:
    """The ``days`` days up to and including ``today``; the insights look at the last
    ``max(days, 90)`` days (their comparisons need weeks of data)."""
    start = today - dt.timedelta(days=days - 1)
    entries = store.entries(start, today)
    period_checks = store.checks_between(start, today)
    by_day = {entry.date: entry.pain for entry in entries}
    pain_after = Counter(e.pain_after_exercise for e in entries if e.pain_after_exercise)
    units = store.settings().units
    window = max(days, found_insights.DEFAULT_DAYS)
    log = from_store(store, today, since=min(found_insights.needed_from(today, window), week_start(start)),
                     exact_start=False)
    chart = report_chart.chart_of(store, today, days, units, log)
    return ReportData(
        start=start, end=today, units=units, entries=entries,
        pain=[(day, by_day.get(day)) for day in (start + dt.timedelta(days=i) for i in range(days))],
        weeks=report_chart.weeks_of(chart, log),
        symptoms=_counts(entries, "symptoms", SYMPTOMS),
        locations=_counts(entries, "locations", LOCATIONS),
        pain_after=[(value, pain_after[value]) for value in PAIN_AFTER if pain_after[value]],
        checks=[check for check in period_checks if not check.mistake],
        routines=_routines(entries),
        patterns=find_patterns(store.entries(today - dt.timedelta(days=60), today), today),
        clock=store.clock, chart=chart, log=log,
        insights=found_insights.insights(log, today, window, units),
        shoes=_shoes(store),
        mistakes=sum(1 for check in period_checks if check.mistake),
    )


def _shoes(store: Store) -> list[ShoeLine]:
    """Each shoe's distance (:func:`nervecheck.engine.log.runs.stored_shoe_lines`)."""
    return stored_shoe_lines(store, store.shoe_docs())


# -- words shared by both formats ---------------------------------------------------


def period_line(data: ReportData) -> str:
    return (f"{data.start:%a %-d %b %Y} to {data.end:%a %-d %b %Y} ({data.days} day{'s' * (data.days != 1)}); "
            f"{len(data.entries)} day{'s' * (len(data.entries) != 1)} logged")


def pain_line(data: ReportData) -> str:
    values = [pain for _day, pain in data.pain if pain is not None]
    if not values:
        return "No pain scores logged."
    return (f"Average {sum(values) / len(values):.1f} out of 10, highest {max(values)}, "
            f"pain-free (0) on {values.count(0)} of {len(values)} scored days.")


def runs_line(data: ReportData) -> str:
    runs = data.runs
    if not runs:
        return "No runs logged."
    total = sum(run.distance_km for run in runs)
    imported = sum(1 for run in runs if run.imported)
    line = f"{len(runs)} run{'s' * (len(runs) != 1)}, {data.distance(total)} in all."
    return line + (f" {imported} imported from a watch (a day's imported runs count over a typed run)."
                   if imported else "")


def location_words(location: str) -> str:
    nerve = NERVE_BY_LOCATION.get(location)
    return f"{label(location)} ({label(nerve)} nerve)" if nerve else label(location)


def check_title(check: CheckRecord, clock: Clock) -> str:
    when = clock.local(check.time).strftime("%a %-d %b %Y, %H:%M")
    nerve = f"; nerve: {label(check.nerve)}" if check.nerve else ""
    care = f"; care: {check.care}" if check.care else ""
    version = "" if check.contract >= 2 else " (version 1 check: five warning signs asked)"
    return f"{when}: {label(check.disposition)}{nerve}{care}{version}"


def mistakes_line(data: ReportData) -> str:
    """Says that marked checks were left out (what they said is not shown)."""
    if not data.mistakes:
        return ""
    one = data.mistakes == 1
    return (f"{data.mistakes} check{'' if one else 's'} in this period {'was' if one else 'were'} marked by the "
            f"runner as entered by mistake and {'is' if one else 'are'} left out.")


#: The warning-sign tiers as the report names them (``vocab.FLAG_TIERS``).
TIER_WORDS = {"red": "Red flags (emergency)", "urgent": "Urgent flags (help today)",
              "clinician": "Clinician flags (see a clinician)"}


def flag_lines(check: CheckRecord) -> list[tuple[str, str]]:
    """Each tier's warning signs and their answers, as (tier words, answers): yes first
    (the one that decided), then no, then those not asked (after a yes, or by a
    version 1 check)."""
    from nervecheck.engine.triage.loading import load_tree

    tree, answers = load_tree(), check.answers
    found = []
    for tier, flags in FLAG_TIERS.items():
        yes = [tree.short(f) for f in flags if answers.get(f) == "yes"]
        no = [tree.short(f) for f in flags if answers.get(f) == "no"]
        unasked = [tree.short(f) for f in flags if f not in answers]
        if len(no) == len(flags) or len(unasked) == len(flags):
            found.append((TIER_WORDS[tier], f"all {len(flags)} answered no" if no else "none asked"))
            continue
        parts = [f"yes: {'; '.join(yes)}" if yes else "", f"no: {'; '.join(no)}" if no else "",
                 f"not asked: {'; '.join(unasked)}" if unasked else ""]
        found.append((TIER_WORDS[tier], ". ".join(part for part in parts if part)))
    return found


def red_flag_line(check: CheckRecord) -> str:
    """Every warning sign and its answer, tier by tier (:func:`flag_lines`)."""
    return " | ".join(f"{tier}: {answers}" for tier, answers in flag_lines(check))


def safety_net(check: CheckRecord) -> tuple[str, ...]:
    """When to act sooner, as the check showed it (today's wording for a version 1 check)."""
    from nervecheck.engine.triage.saved import saved_outcome

    return saved_outcome(check).safety_net


def answers_line(check: CheckRecord) -> str:
    answers = check.answers
    shown = [f"{key.replace('_', ' ')}: {label(answers[key])}" for key in OTHER_ANSWERS if key in answers]
    return "; ".join(shown) or "no further questions"


def insight_lines(data: ReportData) -> list[str]:
    """The load figures and comparisons that have enough data, each with what it rests on."""
    found, load = data.insights, data.insights.load
    lines = []
    if load.ratio.enough and load.ratio.value is not None:
        lines.append(found_insights.ratio_line(load.ratio, data.units))
    if load.long_runs.enough:
        lines.append(found_insights.long_line(load.long_runs, data.units))
    lines += [f"{item.sentence} (rests on {item.rests_on})" for item in found.with_enough_data]
    return lines


def insights_head(data: ReportData) -> str:
    waiting = len(data.insights.items) - len(data.insights.with_enough_data)
    more = f"; {waiting} more {'waits' if waiting == 1 else 'wait'} for enough data" if waiting else ""
    return (f"From the last {data.insights.days} days of the log, what went together, not causes and not "
            f"advice{more}.")


def run_line(data: ReportData, run: Any) -> str:
    """One run as it counts: ``Tue 10 Nov: 10.0 km, 50 min, Pegasus 40 (watch)``; the
    shoe as the runner named it (escape it for the format)."""
    parts = [f"{run.day:%a} {run.day.day} {run.day:%b}: {data.distance(run.distance_km)}"]
    if run.minutes is not None:
        parts.append(f"{run.minutes:.0f} min")
    if run.shoe:
        parts.append(visible(run.shoe))
    return ", ".join(parts) + (" (watch)" if run.imported else " (typed)")


def shoe_line(data: ReportData, line: ShoeLine) -> str:
    """``Pegasus 40: 412.3 km (imported 400.1, typed 12.2), default, retired 2026-10-01``."""
    parts = [f"{visible(line.doc['name'])}: {data.distance(line.km)}"]
    if line.imported_km and line.typed_km:
        parts[0] += (f" (imported {km_to(line.imported_km, data.units):.1f}, "
                     f"typed {km_to(line.typed_km, data.units):.1f})")
    parts.append("default for typed runs" if line.doc["default"] else "")
    parts.append(f"retired {line.doc['retired']}" if line.doc["retired"] else "in use")
    return ", ".join(part for part in parts if part)


def routine_line(data: ReportData, done: RoutineDone) -> str:
    exercises = ", ".join(f"{label(name)} x{count}" for name, count in done.exercises)
    return f"{label(done.routine)}: on {done.days} day{'s' if done.days != 1 else ''} ({exercises})"


def check_nets(data: ReportData) -> list[tuple[CheckRecord, tuple[str, ...]]]:
    """Each check with the safety net to show under it: the latest check's in full,
    an earlier one's only where it said something else (one page, no repeats)."""
    latest = safety_net(data.checks[-1]) if data.checks else ()
    return [(check, () if check is data.checks[-1] or safety_net(check) == latest else safety_net(check))
            for check in data.checks]


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~!])")


def md_inline(text: str) -> str:
    """User text (a shoe's name in a line) for markdown: shown, not read as markup."""
    return _MD_SPECIAL.sub(r"\\\1", visible(text))
