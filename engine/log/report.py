"""The report for a clinician: one page, markdown or self-contained html.

:func:`gather` collects the period's numbers once; :func:`markdown` and :func:`html`
only lay them out. Notes are the one piece of free text: in markdown they sit in a
fenced code block (so nothing in them is markup), in html they are escaped; in both,
control characters are shown as visible symbols. The html needs no network: the pain
chart is inline SVG and the styles are inline, with print rules for a clean page.
"""

from __future__ import annotations

import datetime as dt
import html as html_lib
import re
from collections import Counter
from dataclasses import dataclass

from nervecheck.engine.clock import Clock
from nervecheck.engine.store.schema import CheckRecord, Entry
from nervecheck.engine.units import km_to
from nervecheck.engine.log.patterns import Patterns, WeekDistance, find_patterns, weekly
from nervecheck.engine.store.repository import Store
from nervecheck.engine.textsafe import visible
from nervecheck.engine.vocab import FLAGS, LOCATIONS, NERVE_BY_LOCATION, PAIN_AFTER, SYMPTOMS, label

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
    weeks: list[WeekDistance]
    symptoms: list[tuple[str, int]]
    locations: list[tuple[str, int]]
    pain_after: list[tuple[str, int]]
    checks: list[CheckRecord]
    routines: list[RoutineDone]
    patterns: Patterns
    clock: Clock  # the store's: check times are shown in its local zone
    #: Checks of the period the runner marked "entered by mistake": left out, only counted.
    mistakes: int = 0

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def runs(self) -> list[Entry]:
        return [entry for entry in self.entries if entry.run is not None]

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
    """The ``days`` days up to and including ``today``."""
    start = today - dt.timedelta(days=days - 1)
    entries = store.entries(start, today)
    by_day = {entry.date: entry.pain for entry in entries}
    pain_after = Counter(e.pain_after_exercise for e in entries if e.pain_after_exercise)
    return ReportData(
        start=start, end=today, units=store.settings().units, entries=entries,
        pain=[(day, by_day.get(day)) for day in (start + dt.timedelta(days=i) for i in range(days))],
        weeks=weekly(entries, start, today),
        symptoms=_counts(entries, "symptoms", SYMPTOMS),
        locations=_counts(entries, "locations", LOCATIONS),
        pain_after=[(value, pain_after[value]) for value in PAIN_AFTER if pain_after[value]],
        checks=[check for check in store.checks() if start <= check.day <= today and not check.mistake],
        routines=_routines(entries),
        patterns=find_patterns(store.entries(today - dt.timedelta(days=60), today), today),
        clock=store.clock,
        mistakes=sum(1 for check in store.checks() if start <= check.day <= today and check.mistake),
    )


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
    total = sum(entry.run.distance_km for entry in runs)
    return f"{len(runs)} runs, {data.distance(total)} in all."


def week_label(data: ReportData, week: WeekDistance) -> str:
    partial = week.start < data.start or week.start + dt.timedelta(days=6) > data.end
    return f"{week.start:%-d %b}{' (part)' if partial else ''}"


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


def red_flag_line(check: CheckRecord) -> str:
    """Every warning sign and its answer: yes first (the one that decided), then no, then
    those not asked (after a yes, or by a version 1 check)."""
    from nervecheck.engine.triage.loading import load_tree

    tree, answers = load_tree(), check.answers
    yes = [tree.short(f) for f in FLAGS if answers.get(f) == "yes"]
    no = [tree.short(f) for f in FLAGS if answers.get(f) == "no"]
    unasked = [tree.short(f) for f in FLAGS if f not in answers]
    parts = [f"yes: {'; '.join(yes)}" if yes else "", f"no: {'; '.join(no)}" if no else "",
             f"not asked: {'; '.join(unasked)}" if unasked else ""]
    return ". ".join(part for part in parts if part)


def safety_net(check: CheckRecord) -> tuple[str, ...]:
    """When to act sooner, as the check showed it (today's wording for a version 1 check)."""
    from nervecheck.engine.triage.saved import saved_outcome

    return saved_outcome(check).safety_net


def answers_line(check: CheckRecord) -> str:
    answers = check.answers
    shown = [f"{key.replace('_', ' ')}: {label(answers[key])}" for key in OTHER_ANSWERS if key in answers]
    return "; ".join(shown) or "no further questions"


def routine_line(data: ReportData, done: RoutineDone) -> str:
    exercises = ", ".join(f"{label(name)} x{count}" for name, count in done.exercises)
    return f"{label(done.routine)}: on {done.days} day{'s' if done.days != 1 else ''} ({exercises})"


def pain_rows(data: ReportData) -> list[tuple[str, float | None, str]]:
    """(label, value, value text) per day, or per week when the period is long."""
    if data.days <= 31:
        return [(f"{day:%a %-d %b}", pain, "not logged" if pain is None else str(pain)) for day, pain in data.pain]
    rows: dict[dt.date, list[int]] = {}
    for day, pain in data.pain:
        rows.setdefault(day - dt.timedelta(days=day.weekday()), []).extend([] if pain is None else [pain])
    return [(f"wk {monday:%-d %b}", sum(v) / len(v) if v else None,
             f"avg {sum(v) / len(v):.1f}, max {max(v)}" if v else "not logged") for monday, v in rows.items()]


# -- markdown --------------------------------------------------------------------------


def _fence(texts: list[str]) -> str:
    longest = max((len(run) for text in texts for run in re.findall(r"`+", text)), default=0)
    return "`" * max(3, longest + 1)


def _md_list(items: list[str], empty: str) -> list[str]:
    return [f"- {item}" for item in items] if items else [empty]


def markdown(data: ReportData) -> str:
    """The report as markdown: readable raw, and nothing in it from a note is markup."""
    out = ["# NerveCheck report", "", f"**Period:** {period_line(data)}", "",
           "Made by NerveCheck from the runner's own log. Not a diagnosis.", "",
           "## Pain (0-10)", "", pain_line(data), "", "```text"]
    for name, value, text in pain_rows(data):
        out.append(f"{name:<12} {'#' * round((value or 0) * 2):<20} {text}")
    out += ["```", "", "## Patterns", ""]
    out += _md_list(data.patterns.explanations, "None found.")
    out += ["", "## Symptoms and where", ""]
    out += _md_list([f"{label(s)}: {n} day{'s' if n != 1 else ''}" for s, n in data.symptoms],
                    "No nerve symptoms logged.")
    out += ["", "Where:", ""] + _md_list([f"{location_words(loc)}: {n} day{'s' if n != 1 else ''}" for loc, n in data.locations],
                           "No locations logged.")
    out += ["", "## Runs", "", runs_line(data), ""]
    if data.pain_after:
        after = ", ".join(f"{label(v)} {n}" for v, n in data.pain_after)
        out += [f"Pain after exercise (days): {after}.", ""]
    out += [f"| Week of | Runs | Distance ({data.units}) | Days with symptoms |", "|---|---:|---:|---:|"]
    out += [f"| {week_label(data, w)} | {w.runs} | {km_to(w.distance_km, data.units):.1f} | {w.symptom_days} |"
            for w in data.weeks]
    out += ["", "## Symptom checks", ""]
    for check in data.checks:
        out += [f"- **{check_title(check, data.clock)}**", f"  - Warning signs: {red_flag_line(check)}",
                f"  - Answers: {answers_line(check)}"]
    out += [] if data.checks else ["No checks in this period."]
    out += ["", mistakes_line(data)] if data.mistakes else []
    if data.checks and safety_net(data.checks[-1]):
        out += ["", "### When to act sooner (from the latest check)", ""]
        out += [f"- {line}" for line in safety_net(data.checks[-1])]
    out += ["", "## Routines done", ""]
    out += _md_list([routine_line(data, done) for done in data.routines], "No routines logged.")
    out += ["", "## Notes", ""] + _md_notes(data) + [""]
    return "\n".join(out)


def _md_notes(data: ReportData) -> list[str]:
    if not data.notes:
        return ["No notes."]
    lines = [f"{entry.date:%a %-d %b}".ljust(11) + visible(entry.note) for entry in data.notes]
    fence = _fence(lines)
    return [f"{fence}text", *lines, fence]


# -- html ------------------------------------------------------------------------------

CSS = """
body { font: 11pt/1.4 system-ui, sans-serif; color: #1b1b1b; max-width: 46em; margin: 1.5em auto; padding: 0 1em; }
h1 { font-size: 1.5em; margin: 0 0 .2em; } h2 { font-size: 1.1em; margin: 1.2em 0 .3em; border-bottom: 1px solid #999; }
table { border-collapse: collapse; } td, th { padding: .1em .6em; text-align: right; border-bottom: 1px solid #ddd; }
td:first-child, th:first-child { text-align: left; }
.muted { color: #555; } .note { white-space: pre-wrap; overflow-wrap: anywhere; }
ul { margin: .2em 0; padding-left: 1.3em; } svg { width: 100%; height: auto; }
@media print { body { margin: 0; max-width: none; font-size: 10pt; } h2 { break-after: avoid; }
  section, li, tr, svg { break-inside: avoid; } }
@page { margin: 15mm; }
"""


def _e(text: object) -> str:
    return html_lib.escape(str(text), quote=True)


def pain_svg(data: ReportData) -> str:
    """An inline bar chart of pain (0-10), days without a score left empty."""
    rows = pain_rows(data)
    width, height, left, top, bottom = 640, 170, 28, 8, 24
    chart_h, step = height - top - bottom, (width - left) / max(1, len(rows))
    parts = [f'<svg viewBox="0 0 {width} {height}" role="img" aria-labelledby="pain-title">',
             f'<title id="pain-title">{"Pain by day" if data.days <= 31 else "Average pain by week"}, 0 to 10</title>']
    for level in (0, 5, 10):
        y = top + chart_h * (1 - level / 10)
        parts.append(f'<line x1="{left}" x2="{width}" y1="{y:.1f}" y2="{y:.1f}" stroke="#bbb" stroke-width="0.5"/>'
                     f'<text x="{left - 4}" y="{y + 4:.1f}" font-size="10" text-anchor="end">{level}</text>')
    for index, (name, value, text) in enumerate(rows):
        if value is None:
            continue
        bar = chart_h * value / 10
        x = left + index * step + step * 0.15
        parts.append(f'<rect x="{x:.1f}" y="{top + chart_h - bar:.1f}" width="{step * 0.7:.1f}" '
                     f'height="{max(bar, 0.8):.1f}" fill="#3a6ea5"><title>{_e(name)}: {_e(text)}</title></rect>')
    last = len(rows) - 1
    for index in sorted({0, last // 2, last}):
        # The first and last labels hang inwards so the page edge never cuts them.
        anchor = "start" if index == 0 else "end" if index == last else "middle"
        x = left + index * step + (0 if index == 0 else step if index == last else step / 2)
        parts.append(f'<text x="{x:.1f}" y="{height - 6}" font-size="10" '
                     f'text-anchor="{anchor}">{_e(rows[index][0])}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _ul(items: list[str], empty: str) -> str:
    if not items:
        return f'<p class="muted">{_e(empty)}</p>'
    return "<ul>" + "".join(f"<li>{_e(item)}</li>" for item in items) + "</ul>"


def _weeks_table(data: ReportData) -> str:
    head = f"<tr><th>Week of</th><th>Runs</th><th>Distance ({_e(data.units)})</th><th>Days with symptoms</th></tr>"
    rows = "".join(f"<tr><td>{_e(week_label(data, w))}</td><td>{w.runs}</td>"
                   f"<td>{km_to(w.distance_km, data.units):.1f}</td><td>{w.symptom_days}</td></tr>" for w in data.weeks)
    return f"<table>{head}{rows}</table>"


def _checks_html(data: ReportData) -> str:
    left_out = f'<p class="muted">{_e(mistakes_line(data))}</p>' if data.mistakes else ""
    return _checks_list_html(data) + left_out


def _checks_list_html(data: ReportData) -> str:
    if not data.checks:
        return '<p class="muted">No checks in this period.</p>'
    items = "".join(f"<li><strong>{_e(check_title(c, data.clock))}</strong><br>Warning signs: {_e(red_flag_line(c))}"
                    f"<br>Answers: {_e(answers_line(c))}</li>" for c in data.checks)
    net = safety_net(data.checks[-1])
    if net:
        items += "</ul><h3>When to act sooner (from the latest check)</h3><ul>" + "".join(
            f"<li>{_e(line)}</li>" for line in net)
    return f"<ul>{items}</ul>"


def _notes_html(data: ReportData) -> str:
    if not data.notes:
        return '<p class="muted">No notes.</p>'
    rows = "".join(f'<tr><td>{entry.date:%a&nbsp;%-d&nbsp;%b}</td><td class="note">{_e(visible(entry.note))}</td></tr>'
                   for entry in data.notes)
    return f'<table class="notes">{rows}</table>'


def html(data: ReportData) -> str:
    """The report as one self-contained html page (no scripts, no external resources)."""
    after = ", ".join(f"{label(v)} {n}" for v, n in data.pain_after)
    body = [
        "<h1>NerveCheck report</h1>", f"<p><strong>Period:</strong> {_e(period_line(data))}</p>",
        '<p class="muted">Made by NerveCheck from the runner\'s own log. Not a diagnosis.</p>',
        "<section><h2>Pain (0-10)</h2>", f"<p>{_e(pain_line(data))}</p>", pain_svg(data), "</section>",
        "<section><h2>Patterns</h2>", _ul(data.patterns.explanations, "None found."), "</section>",
        "<section><h2>Symptoms and where</h2>",
        _ul([f"{label(s)}: {n} day{'s' if n != 1 else ''}" for s, n in data.symptoms], "No nerve symptoms logged."),
        "<p>Where:</p>", _ul([f"{location_words(loc)}: {n} day{'s' if n != 1 else ''}" for loc, n in data.locations],
            "No locations logged."), "</section>",
        "<section><h2>Runs</h2>", f"<p>{_e(runs_line(data))}</p>",
        f"<p>Pain after exercise (days): {_e(after)}.</p>" if after else "", _weeks_table(data), "</section>",
        "<section><h2>Symptom checks</h2>", _checks_html(data), "</section>",
        "<section><h2>Routines done</h2>",
        _ul([routine_line(data, done) for done in data.routines], "No routines logged."), "</section>",
        "<section><h2>Notes</h2>", _notes_html(data), "</section>",
    ]
    return ('<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>NerveCheck report {data.start} to {data.end}</title><style>{CSS}</style></head>"
            f"<body>{''.join(body)}</body></html>\n")


def render(store: Store, today: dt.date, days: int = DEFAULT_DAYS, fmt: str = "md") -> str:
    """The report for the ``days`` days up to ``today``, as ``md`` or ``html``."""
    data = gather(store, today, days)
    return html(data) if fmt == "html" else markdown(data)
