"""The report's chart: pain by day and distance by week on one dated axis (issue 17).

From :mod:`nervecheck.engine.log.chart`'s :class:`~nervecheck.engine.log.chart.Chart`
(the history screen's numbers): :func:`weeks_of` makes the rows both formats share,
:func:`svg` draws them as inline SVG with both scales and a dated x axis (html), and
:func:`md_table` lays them out as a text table, one row per week and a column per
weekday (markdown). A pain of 0 is a mark; a day logged without a score and a day not
logged are told apart from it and from each other.
"""

from __future__ import annotations

import datetime as dt
import html as html_lib
from typing import Any, NamedTuple

from nervecheck.engine.log import chart as ch
from nervecheck.engine.log.load import IN_PROGRESS, NOT_LOGGED, STARTED_MID_WEEK, Log, week_start
from nervecheck.engine.units import km_to

DAY = dt.timedelta(days=1)
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
NOT_LOGGED_MARK = "."
NO_SCORE_MARK = "-"
LEGEND = (f"Pain 0-10 by day; \"{NO_SCORE_MARK}\" logged without a score, \"{NOT_LOGGED_MARK}\" not logged, "
          "blank a day before the period or still to come. Distance is the week's total, Monday to Sunday, as it counts (a day's "
          "imported runs, else its typed run), the whole week even when it began before the period.")
SVG_LEGEND = ("Bars: pain 0-10 by day (a flat mark: 0; a ring: logged, no score; nothing: not logged). "
              "Shaded: the week's distance as it counts; dashed: a week not over or not fully logged.")
PARTIAL_WORDS = {IN_PROGRESS: "so far", STARTED_MID_WEEK: "part logged", NOT_LOGGED: "before logging"}


class ReportWeek(NamedTuple):
    """One Monday-to-Sunday week of the chart: its pain cells (``None`` outside the
    period, else a score or ``chart.NO_SCORE`` / ``chart.NOT_LOGGED``), runs and
    distance (the whole week's, as it counts), days with nerve symptoms in the period."""

    start: dt.date
    cells: tuple[int | None, ...]
    runs: int
    distance_km: float
    symptom_days: int
    partial: str | None
    before_period: bool = False  # began before the period: its figures are the whole week's

    @property
    def label(self) -> str:
        words = PARTIAL_WORDS.get(self.partial or "") or ("whole week" if self.before_period else "")
        return f"{self.start:%-d %b}" + (f" ({words})" if words else "")

    @property
    def pain_max(self) -> int | None:
        scores = [cell for cell in self.cells if cell is not None and cell >= 0]
        return max(scores) if scores else None


def weeks_of(chart: ch.Chart, log: Log) -> list[ReportWeek]:
    """The chart's weeks as report rows, runs counted from ``log`` (the joined log)."""
    pain = {day.day: day.pain for day in chart.days}
    runs: dict[dt.date, int] = {}
    for run in log.runs:
        if run.day <= chart.end:
            runs[week_start(run.day)] = runs.get(week_start(run.day), 0) + 1
    sick: dict[dt.date, int] = {}
    for day in log.days:
        if day.symptoms and chart.start <= day.day <= chart.end:
            sick[week_start(day.day)] = sick.get(week_start(day.day), 0) + 1
    rows = []
    for week in chart.weeks:
        cells = tuple(pain.get(week.start + n * DAY) for n in range(7))
        rows.append(ReportWeek(week.start, cells, runs.get(week.start, 0), week.km, sick.get(week.start, 0),
                               week.partial, week.before_range))
    return rows


def _cell(value: int | None) -> str:
    if value is None:
        return ""
    return {ch.NOT_LOGGED: NOT_LOGGED_MARK, ch.NO_SCORE: NO_SCORE_MARK}.get(value, str(value))


def md_table(rows: list[ReportWeek], units: str) -> list[str]:
    """The chart as a markdown table: a row per week, pain per weekday, then the week's figures."""
    out = [f"| Week of | {' | '.join(WEEKDAYS)} | Runs | Distance ({units}) | Days with symptoms |",
           "|---|" + ":-:|" * 7 + "---:|---:|---:|"]
    for row in rows:
        cells = " | ".join(_cell(value) for value in row.cells)
        out.append(f"| {row.label} | {cells} | {row.runs} | {km_to(row.distance_km, units):.1f} | {row.symptom_days} |")
    return out


# -- the svg ---------------------------------------------------------------------------

WIDTH, HEIGHT = 640, 190
LEFT, RIGHT, TOP, BOTTOM = 36, 46, 18, 30
LABEL_CHAR = 5.5  # the width of a character of a 9-unit label, roughly
PAIN_FILL, DISTANCE_FILL, AXIS, GRID, MUTED = "#b8452f", "#cfdcea", "#333", "#ccc", "#777"


def _e(text: object) -> str:
    return html_lib.escape(str(text), quote=True)


class _Frame(NamedTuple):
    days: int
    step: float
    plot_h: float

    def x(self, index: float) -> float:
        return LEFT + index * self.step

    def y(self, share: float) -> float:
        return TOP + self.plot_h * (1 - share)


def _text(x: float, y: float, text: str, anchor: str = "middle", size: int = 9, fill: str = AXIS) -> str:
    return f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" fill="{fill}">{_e(text)}</text>'


def _line(x1: float, y1: float, x2: float, y2: float, stroke: str = AXIS, width: float = 0.8) -> str:
    return f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="{stroke}" stroke-width="{width}"/>'


def _distance_parts(chart: ch.Chart, frame: _Frame) -> list[str]:
    top = chart.distance_top
    parts = []
    for week in chart.weeks:
        first = max(0, (week.start - chart.start).days)
        last = min(frame.days - 1, (week.start - chart.start).days + 6)
        share = min(1.0, km_to(week.km, chart.units) / top)
        x0, x1, y = frame.x(first), frame.x(last + 1), frame.y(share)
        dash = ' stroke="#6b8fb5" stroke-dasharray="3 2" stroke-width="0.8"' if week.partial else ""
        words = f" ({PARTIAL_WORDS.get(week.partial, week.partial)})" if week.partial else ""
        tip = f"Week of {week.start:%-d %b}: {km_to(week.km, chart.units):.1f} {chart.units}{words}"
        parts.append(f'<rect x="{x0:.1f}" y="{y:.1f}" width="{x1 - x0:.1f}" height="{frame.y(0) - y:.1f}" '
                     f'fill="{DISTANCE_FILL}"{dash}><title>{_e(tip)}</title></rect>')
        if len(chart.weeks) <= 16 and week.km > 0:
            parts.append(_text((x0 + x1) / 2, y - 3, f"{km_to(week.km, chart.units):.0f}", size=8, fill="#46698f"))
    return parts


def _pain_parts(chart: ch.Chart, frame: _Frame) -> list[str]:
    parts, bar = [], max(0.6, frame.step * 0.55)
    for index, day in enumerate(chart.days):
        centre = frame.x(index + 0.5)
        if day.pain == ch.NOT_LOGGED:
            continue
        if day.pain == ch.NO_SCORE:
            parts.append(f'<circle cx="{centre:.1f}" cy="{frame.y(0) - 3:.1f}" r="2" fill="none" stroke="{MUTED}" '
                         f'stroke-width="0.8"><title>{day.day:%a %-d %b}: logged, no pain score</title></circle>')
            continue
        height = max(1.6, frame.plot_h * day.pain / ch.PAIN_TOP)
        parts.append(f'<rect x="{centre - bar / 2:.1f}" y="{frame.y(0) - height:.1f}" width="{bar:.1f}" '
                     f'height="{height:.1f}" fill="{PAIN_FILL}"><title>{day.day:%a %-d %b}: pain {day.pain}'
                     f'</title></rect>')
    return parts


def _axes(chart: ch.Chart, frame: _Frame) -> list[str]:
    right = WIDTH - RIGHT
    parts = [_line(LEFT, TOP, LEFT, frame.y(0)), _line(right, TOP, right, frame.y(0)),
             _line(LEFT, frame.y(0), right, frame.y(0))]
    for level in ch.PAIN_TICKS:
        y = frame.y(level / ch.PAIN_TOP)
        parts += [_line(LEFT - 3, y, LEFT, y), _text(LEFT - 5, y + 3, str(level), "end")]
        if level:
            parts.append(_line(LEFT, y, right, y, GRID, 0.5))
    top = chart.distance_top
    for value in ch.scale_ticks(top):
        y = frame.y(value / top)
        parts += [_line(right, y, right + 3, y), _text(right + 5, y + 3, ch.figure(value), "start")]
    parts += [_text(LEFT - 5, TOP - 7, "pain", "end", fill=PAIN_FILL),
              _text(right + 5, TOP - 7, f"{chart.units}/week", "start", fill="#46698f")]
    # Ticks chosen as for a terminal as wide as the plot is in characters of the labels' size.
    cols = ch.columns(chart, round((right - LEFT) / LABEL_CHAR))
    for tick in ch.date_ticks(chart, cols):
        x = LEFT + tick.column * (right - LEFT) / len(cols)
        parts += [_line(x, frame.y(0), x, frame.y(0) + 3), _text(x, frame.y(0) + 13, tick.label, "start")]
    parts.append(_text((LEFT + right) / 2, HEIGHT - 3, f"{chart.start:%-d %b %Y} to {chart.end:%-d %b %Y}",
                       size=8, fill=MUTED))
    return parts


def svg(chart: ch.Chart) -> str:
    """The chart as inline SVG: weekly distance (right scale) behind daily pain (left
    scale, 0-10), dated ticks on the x axis, a tooltip per bar."""
    frame = _Frame(len(chart.days), (WIDTH - LEFT - RIGHT) / len(chart.days), HEIGHT - TOP - BOTTOM)
    title = f"Pain by day and distance by week, {chart.start:%-d %b %Y} to {chart.end:%-d %b %Y}"
    parts = [f'<svg viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-labelledby="chart-title" '
             f'font-family="system-ui, sans-serif">', f'<title id="chart-title">{_e(title)}</title>']
    parts += _distance_parts(chart, frame) + _pain_parts(chart, frame) + _axes(chart, frame)
    parts.append("</svg>")
    return "".join(parts)


def chart_of(store: Any, today: dt.date, days: int, units: str, log: Log) -> ch.Chart:
    """The period's chart from ``store`` (from the Monday of its first week, so that
    week's distance is whole), logging started as ``log`` says."""
    first = week_start(today - (days - 1) * DAY)
    return ch.build_chart(store.entry_views(first, today), store.activity_views(first, today), today, days,
                          units, log.logged_from)
