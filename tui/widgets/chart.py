"""The history chart: pain per day above distance per week, on one dated axis.

Drawn with block characters from a :class:`nervecheck.engine.log.chart.Chart` (the
numbers live there), sized to the space it gets: 3 rows per series on a small screen,
5 on a tall one. Meaning never rests on colour alone: a pain of 0 is ``0``, a day not
logged ``·``, a day logged without a score ``?``, a week still running (or begun
before logging started) is shaded ``▒`` instead of solid; a legend line says so. When a
column holds several days (90 and 365 days) it shows the worst pain among them.
"""

from __future__ import annotations

from textual.content import Content
from textual.style import Style
from textual.widget import Widget

from nervecheck.engine.log.chart import (
    NO_SCORE, PAIN_TOP, Chart, Column, columns, date_ticks, days_per_column, figure,
)
from nervecheck.engine.units import km_to

BARS = " ▁▂▃▄▅▆▇█"
SHADE = "▒"
ZERO, MISSING, UNSCORED = "0", "·", "?"
LABEL_WIDTH = 10  # "km/wk  40┤" without the tick
SMALL_ROWS, TALL_ROWS = 3, 5
TALL_FROM = 34  # screen rows from which each series gets TALL_ROWS


def rows_for(screen_height: int) -> int:
    """Rows per series for a screen of ``screen_height`` rows."""
    return TALL_ROWS if screen_height >= TALL_FROM else SMALL_ROWS


def bar_cell(level: int, row: int) -> str:
    """The block of ``row`` (0 at the bottom) of a bar ``level`` eighths of a row high."""
    return BARS[max(0, min(8, level - row * 8))]


def y_labels(name: str, top: float, rows: int) -> list[str]:
    """The scale beside a series, top row first: its top, its middle, 0."""
    middle = rows // 2
    labels = []
    for row in range(rows - 1, -1, -1):
        value = top if row == rows - 1 else 0.0 if row == 0 else top / 2 if row == middle and rows % 2 else None
        head = name if row == rows - 1 else ""
        number = "" if value is None else figure(value)
        mark = "┤" if value is not None else "│"
        labels.append(f"{head:<6}{number:>4}{mark}"[-(LABEL_WIDTH + 1):])
    return labels


class HistoryChart(Widget):
    """Pain 0-10 per day and distance per week over the range, with scales, dates and a
    legend (see ``docs/charts.md`` for how to read it)."""

    DEFAULT_CSS = """
    HistoryChart {
        height: auto;
        & > .chart--pain { color: $warning; }
        & > .chart--zero { color: $success; }
        & > .chart--missing { color: $text-muted; }
        & > .chart--distance { color: $primary; }
        & > .chart--partial { color: $primary; }
        & > .chart--axis { color: $text-muted; }
    }
    """
    COMPONENT_CLASSES = {"chart--pain", "chart--zero", "chart--missing", "chart--distance",
                         "chart--partial", "chart--axis"}

    def __init__(self, chart: Chart | None = None, **kwargs) -> None:
        super().__init__(**kwargs)
        self.chart = chart

    def show(self, chart: Chart) -> None:
        self.chart = chart
        self.refresh(layout=True)

    def get_content_height(self, container, viewport, width: int) -> int:
        return 2 * rows_for(viewport.height) + 2

    def render(self) -> Content:
        if self.chart is None:
            return Content("")
        rows = rows_for(self.screen.size.height if self.is_attached else 24)
        width = max(8, self.size.width - LABEL_WIDTH - 1)
        cols = columns(self.chart, width)
        style = self._styles()
        lines = self._pain_lines(cols, rows, style) + self._distance_lines(cols, rows, style)
        lines.append(self._axis_line(cols, style))
        lines.append(self._legend(cols, style))
        return Content("\n").join(lines)

    # -- the parts ---------------------------------------------------------------------

    def _styles(self) -> dict[str, Style]:
        return {name: self.get_visual_style(f"chart--{name}") for name in
                ("pain", "zero", "missing", "distance", "partial", "axis")}

    def _pain_lines(self, cols: list[Column], rows: int, style: dict[str, Style]) -> list[Content]:
        labels = y_labels("pain", PAIN_TOP, rows)
        lines = []
        for row in range(rows - 1, -1, -1):
            cells: list[tuple[str, Style]] = []
            for index, column in enumerate(cols):
                first = index == 0 or cols[index - 1].last != column.last
                cells.append(self._pain_cell(column.pain, row, rows, first, style))
            lines.append(Content.assemble((labels[rows - 1 - row], style["axis"]), *_runs(cells)))
        return lines

    @staticmethod
    def _pain_cell(pain: int, row: int, rows: int, first: bool, style: dict[str, Style]) -> tuple[str, Style]:
        if pain > 0:
            level = max(1, round(pain / PAIN_TOP * rows * 8))
            return bar_cell(level, row), style["pain"]
        if row or not first:
            return " ", style["axis"]  # marks on the bottom row, once per day
        if pain == 0:
            return ZERO, style["zero"]
        return (UNSCORED if pain == NO_SCORE else MISSING), style["missing"]

    def _distance_lines(self, cols: list[Column], rows: int, style: dict[str, Style]) -> list[Content]:
        chart = self.chart
        top = chart.distance_top
        labels = y_labels(f"{chart.units}/wk", top, rows)
        wide_weeks = len(cols) >= 6 * len(chart.weeks)  # room for a gap between weeks
        lines = []
        for row in range(rows - 1, -1, -1):
            cells = []
            for index, column in enumerate(cols):
                week = column.week
                if wide_weeks and index and cols[index - 1].week is not week:
                    cells.append((" ", style["axis"]))
                    continue
                value = km_to(week.km, chart.units)
                level = round(value / top * rows * 8) if value > 0 else 0
                if value > 0:
                    level = max(1, level)
                if week.partial is None:
                    cells.append((bar_cell(level, row), style["distance"]))
                else:  # whole rows only, shaded: a week not comparable as a full one
                    filled = max(1, round(level / 8)) if level else 0
                    cells.append((SHADE if row < filled else " ", style["partial"]))
            lines.append(Content.assemble((labels[rows - 1 - row], style["axis"]), *_runs(cells)))
        return lines

    def _axis_line(self, cols: list[Column], style: dict[str, Style]) -> Content:
        line = [" "] * len(cols)
        for tick in date_ticks(self.chart, cols):
            line[tick.column:tick.column + len(tick.label)] = tick.label
        return Content.styled(" " * (LABEL_WIDTH + 1) + "".join(line), style["axis"])

    def _legend(self, cols: list[Column], style: dict[str, Style]) -> Content:
        rest: list[tuple[str, Style] | str] = [(ZERO, style["zero"]), " no pain  ", (MISSING, style["missing"]),
                                               " not logged  "]
        if any(column.pain == NO_SCORE for column in cols):
            rest += [(UNSCORED, style["missing"]), " no score  "]
        rest += [(BARS[8], style["distance"]), f" {self.chart.units}/week  "]
        if any(column.week.partial and column.week.km > 0 for column in cols):  # only when one is drawn
            rest += [(SHADE, style["partial"]), " part week"]
        per = days_per_column(len(self.chart.days), len(cols))
        # A column of several days shows the worst of them: say so, as briefly as fits.
        names = [" pain  "] if per == 1 else [f" worst pain of {per} days  ", f" worst of {per} days  ",
                                              f" worst/{per}d  "]
        length = sum(len(part if isinstance(part, str) else part[0]) for part in rest) + 1
        name = next((n for n in names if length + len(n) <= self.size.width), names[-1])
        return Content.assemble((BARS[5], style["pain"]), name, *rest)


def _runs(cells: list[tuple[str, Style]]) -> list[tuple[str, Style]]:
    """Neighbouring cells of one style as one piece (fewer spans to draw)."""
    merged: list[tuple[str, Style]] = []
    for text, style in cells:
        if merged and merged[-1][1] is style:
            merged[-1] = (merged[-1][0] + text, style)
        else:
            merged.append((text, style))
    return merged


__all__ = ["HistoryChart", "rows_for"]
