"""The report for a clinician: one page, markdown or self-contained html.

:func:`~.report_data.gather` (in :mod:`.report_data`, with the words both formats
share) collects the period's numbers once; :func:`markdown` here and :func:`html`
(:mod:`.report_html`) only lay them out; :func:`render` does both steps. The chart
(pain by day, distance by week, one dated axis) is :mod:`.report_chart`'s; writing the
files is :mod:`.report_files`'. Notes are the one piece of free text: in markdown they
sit in a fenced code block (so nothing in them is markup), in html they are escaped; in
both, control characters are shown as visible symbols. The html needs no network.
"""

from __future__ import annotations

import datetime as dt
import re

from nervecheck.engine.log.report_data import (  # noqa: F401  (the report's public names, kept here)
    DEFAULT_DAYS,
    ReportData,
    RoutineDone,
    gather,
    period_line,
    pain_line,
    runs_line,
    location_words,
    check_title,
    mistakes_line,
    flag_lines,
    red_flag_line,
    safety_net,
    answers_line,
    insight_lines,
    insights_head,
    run_line,
    shoe_line,
    routine_line,
    check_nets,
    md_inline,
    TIER_WORDS,
    OTHER_ANSWERS,
)
from nervecheck.engine.store.repository import Store
from nervecheck.engine.textsafe import visible
from nervecheck.engine.vocab import label


# -- markdown --------------------------------------------------------------------------


def _fence(texts: list[str]) -> str:
    longest = max((len(run) for text in texts for run in re.findall(r"`+", text)), default=0)
    return "`" * max(3, longest + 1)


def _md_list(items: list[str], empty: str) -> list[str]:
    return [f"- {item}" for item in items] if items else [empty]


def markdown(data: ReportData) -> str:
    """The report as markdown: readable raw, and nothing in it from a note is markup."""
    from nervecheck.engine.log.report_chart import LEGEND, md_table

    out = ["# NerveCheck report", "", f"**Period:** {period_line(data)}", "",
           "Made by NerveCheck from the runner's own log. Not a diagnosis.", "",
           "## Pain and distance", "", pain_line(data), runs_line(data), ""]
    out += md_table(data.weeks, data.units) + ["", LEGEND, ""]
    if data.runs:
        out += ["Runs, as they count for the day:", ""] + [f"- {md_inline(run_line(data, run))}" for run in data.runs]
        out += [""]
    if data.pain_after:
        after = ", ".join(f"{label(v)} {n}" for v, n in data.pain_after)
        out += [f"Pain after exercise (days): {after}.", ""]
    out += ["## Patterns", ""] + _md_list(data.patterns.explanations, "None found.")
    out += ["", "## Insights", "", insights_head(data), ""]
    out += _md_list([md_inline(line) for line in insight_lines(data)], "None has enough data yet.")
    out += ["", "## Symptoms and where", ""]
    out += _md_list([f"{label(s)}: {n} day{'s' if n != 1 else ''}" for s, n in data.symptoms],
                    "No nerve symptoms logged.")
    out += ["", "Where:", ""] + _md_list([f"{location_words(loc)}: {n} day{'s' if n != 1 else ''}"
                                         for loc, n in data.locations], "No locations logged.")
    out += ["", "## Shoes", ""] + _md_list([md_inline(shoe_line(data, line)) for line in data.shoes],
                                           "No shoes recorded.")
    out += ["", "## Symptom checks", ""]
    for check, net in check_nets(data):
        out += [f"- **{check_title(check, data.clock)}**"]
        out += [f"  - {tier}: {answers}" for tier, answers in flag_lines(check)]
        out += [f"  - Answers: {answers_line(check)}"]
        out += [f"  - When to act sooner (this check): {' '.join(net)}"] if net else []
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


def html(data: ReportData) -> str:
    """The report as one self-contained html page (:mod:`.report_html`)."""
    from nervecheck.engine.log.report_html import page

    return page(data)


def render(store: Store, today: dt.date, days: int = DEFAULT_DAYS, fmt: str = "md") -> str:
    """The report for the ``days`` days up to ``today``, as ``md`` or ``html``."""
    data = gather(store, today, days)
    return html(data) if fmt == "html" else markdown(data)
