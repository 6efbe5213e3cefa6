"""The clinician report as one self-contained html page (:mod:`.report_data` gathers it).

No scripts, no external resources: the chart is inline SVG (:mod:`.report_chart`) and
the styles are inline, with print rules that keep 28 days on one page (small type, two
columns for the short lists, nothing split across pages). Everything from the runner
(notes, shoe names) is escaped, control characters shown as symbols.
"""

from __future__ import annotations

import html as html_lib

from nervecheck.engine.log import report_data as rp
from nervecheck.engine.log.report_chart import SVG_LEGEND, svg
from nervecheck.engine.textsafe import visible
from nervecheck.engine.units import km_to
from nervecheck.engine.vocab import label

CSS = """
body { font: 11pt/1.4 system-ui, sans-serif; color: #1b1b1b; max-width: 46em; margin: 1.5em auto; padding: 0 1em; }
h1 { font-size: 1.5em; margin: 0 0 .2em; } h2 { font-size: 1.1em; margin: 1em 0 .3em; border-bottom: 1px solid #999; }
h3 { font-size: 1em; margin: .6em 0 .2em; }
table { border-collapse: collapse; } td, th { padding: .1em .6em; text-align: right; border-bottom: 1px solid #ddd; }
td:first-child, th:first-child { text-align: left; white-space: nowrap; }
.muted { color: #555; } .small { font-size: .85em; } .note { white-space: pre-wrap; overflow-wrap: anywhere; }
ul { margin: .2em 0; padding-left: 1.3em; } svg { width: 100%; height: auto; }
.pair { display: flex; gap: 1.5em; flex-wrap: wrap; } .pair > section { flex: 1 1 14em; }
.net, .notes { columns: 2 18em; column-gap: 2em; } .net { font-size: .88em; }
.runs ul { columns: 2 14em; column-gap: 1.5em; font-size: .88em; }
.notes { list-style: none; padding-left: 0; } .notes .day { color: #555; margin-right: .4em; }
@media print { body { margin: 0; max-width: none; font-size: 8pt; line-height: 1.2; }
  h1 { font-size: 1.3em; } h2 { margin: .45em 0 .1em; break-after: avoid; } h3 { margin: .3em 0 .1em; }
  p { margin: .15em 0; } svg { max-height: 40mm; } td, th { padding: 0 .5em; } table { font-size: .92em; }
  li, tr, svg, .pair > section { break-inside: avoid; } }
@page { size: A4; margin: 9mm 12mm; }
"""


def _e(text: object) -> str:
    return html_lib.escape(str(text), quote=True)


def _ul(items: list[str], empty: str) -> str:
    if not items:
        return f'<p class="muted">{_e(empty)}</p>'
    return "<ul>" + "".join(f"<li>{_e(item)}</li>" for item in items) + "</ul>"


def _section(title: str, *parts: str, css: str = "") -> str:
    attribute = f' class="{css}"' if css else ""
    return f"<section{attribute}><h2>{_e(title)}</h2>{''.join(parts)}</section>"


def _weeks_table(data: rp.ReportData) -> str:
    head = (f"<tr><th>Week of</th><th>Runs</th><th>Distance ({_e(data.units)})</th><th>Highest pain</th>"
            "<th>Days with symptoms</th></tr>")
    rows = "".join(f"<tr><td>{_e(w.label)}</td><td>{w.runs}</td><td>{km_to(w.distance_km, data.units):.1f}</td>"
                   f"<td>{'' if w.pain_max is None else w.pain_max}</td><td>{w.symptom_days}</td></tr>"
                   for w in data.weeks)
    return f"<table>{head}{rows}</table>"


def _check_html(data: rp.ReportData, check: rp.CheckRecord, net: tuple[str, ...]) -> str:
    flags = "<br>" + "; ".join(f"<em>{_e(tier)}</em>: {_e(answers)}" for tier, answers in rp.flag_lines(check))
    sooner = f"<br>When to act sooner (this check): {_e(' '.join(net))}" if net else ""
    return (f"<li><strong>{_e(rp.check_title(check, data.clock))}</strong>{flags}"
            f"<br>Answers: {_e(rp.answers_line(check))}{sooner}</li>")


def _checks_html(data: rp.ReportData) -> str:
    left_out = f'<p class="muted">{_e(rp.mistakes_line(data))}</p>' if data.mistakes else ""
    if not data.checks:
        return '<p class="muted">No checks in this period.</p>' + left_out
    items = "".join(_check_html(data, check, net) for check, net in rp.check_nets(data))
    net = rp.safety_net(data.checks[-1])
    latest = (f'<h3>When to act sooner (from the latest check)</h3><div class="net">{_ul(list(net), "")}</div>'
              if net else "")
    return f"<ul>{items}</ul>{left_out}{latest}"


def _notes_html(data: rp.ReportData) -> str:
    if not data.notes:
        return '<p class="muted">No notes.</p>'
    items = "".join(f'<li><span class="day">{entry.date:%a&nbsp;%-d&nbsp;%b}</span> '
                    f'<span class="note">{_e(visible(entry.note))}</span></li>' for entry in data.notes)
    return f'<ul class="notes">{items}</ul>'


def _count(n: int) -> str:
    return f"{n} day{'s' if n != 1 else ''}"


def page(data: rp.ReportData) -> str:
    """The report as one self-contained html page."""
    after = ", ".join(f"{label(v)} {n}" for v, n in data.pain_after)
    body = [
        "<h1>NerveCheck report</h1>", f"<p><strong>Period:</strong> {_e(rp.period_line(data))}. "
        '<span class="muted">Made by NerveCheck from the runner\'s own log. Not a diagnosis.</span></p>',
        _section("Pain and distance", f"<p>{_e(rp.pain_line(data))} {_e(rp.runs_line(data))}</p>", svg(data.chart),
                 f'<p class="muted small">{_e(SVG_LEGEND)}</p>'),
        '<div class="pair">',
        _section("Weeks", _weeks_table(data), f"<p>Pain after exercise (days): {_e(after)}.</p>" if after else ""),
        _section("Runs", _ul([rp.run_line(data, run) for run in data.runs], "No runs logged."), css="runs"),
        _section("Patterns", _ul(data.patterns.explanations, "None found.")),
        "</div>",
        _section("Insights", f'<p class="muted small">{_e(rp.insights_head(data))}</p>',
                 _ul(rp.insight_lines(data), "None has enough data yet.")),
        '<div class="pair">',
        _section("Symptoms and where",
                 _ul([f"{label(s)}: {_count(n)}" for s, n in data.symptoms], "No nerve symptoms logged."),
                 _ul([f"{rp.location_words(loc)}: {_count(n)}" for loc, n in data.locations], "No locations logged.")),
        _section("Shoes", _ul([rp.shoe_line(data, line) for line in data.shoes], "No shoes recorded.")),
        _section("Routines done", _ul([rp.routine_line(data, done) for done in data.routines], "No routines logged.")),
        "</div>",
        _section("Symptom checks", _checks_html(data)),
        _section("Notes", _notes_html(data)),
    ]
    return ('<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>NerveCheck report {data.start} to {data.end}</title><style>{CSS}</style></head>"
            f"<body>{''.join(body)}</body></html>\n")
