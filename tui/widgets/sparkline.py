"""Text sparklines: a row of block characters per series, with a name and a note.

One widget draws every trend line, sized to the space it gets, so a year of daily
values costs one short loop, not a widget per series.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.content import Content
from textual.widget import Widget

BARS = " ▁▂▃▄▅▆▇█"
NAME_WIDTH = 17
NOTE_WIDTH = 24


def buckets(values: list[float], width: int) -> list[float]:
    """``values`` fitted to ``width``: squeezed (each bucket its largest) or stretched."""
    if len(values) <= width:
        repeat = width // max(1, len(values))
        return [value for value in values for _ in range(repeat)]
    size = len(values) / width
    return [max(values[int(i * size):max(int(i * size) + 1, int((i + 1) * size))]) for i in range(width)]


def spark_text(values: list[float], width: int, top: float | None = None) -> str:
    """Block characters for ``values``: 0 is blank, anything above it at least ``▁``."""
    if width <= 0 or not values:
        return ""
    squeezed = buckets(values, width)
    ceiling = top or max(squeezed) or 1
    return "".join(BARS[0] if v <= 0 else BARS[max(1, min(8, round(v / ceiling * 8)))] for v in squeezed)


@dataclass(frozen=True)
class Trend:
    """One line: its name, the values (oldest first), a fixed top if any, and a note."""

    name: str
    values: list[float]
    note: str
    top: float | None = None


class Trends(Widget):
    """``name  ▁▂▅▇█▃  note`` for each trend."""

    DEFAULT_CSS = """
    Trends {
        height: auto;
        & > .trends--bar { color: $primary; }
        & > .trends--note { color: $text-muted; }
    }
    """
    COMPONENT_CLASSES = {"trends--bar", "trends--note"}

    def __init__(self, trends: list[Trend] | None = None, **kwargs) -> None:
        super().__init__(**kwargs)
        self.trends: list[Trend] = trends or []

    def show(self, trends: list[Trend]) -> None:
        self.trends = trends
        self.refresh(layout=True)

    def get_content_height(self, container, viewport, width: int) -> int:
        return max(1, len(self.trends))

    def render(self) -> Content:
        bar_width = max(4, self.size.width - NAME_WIDTH - NOTE_WIDTH - 2)
        bar = self.get_visual_style("trends--bar")
        note = self.get_visual_style("trends--note")
        lines = [Content.assemble((trend.name.ljust(NAME_WIDTH), "bold"),
                                  (spark_text(trend.values, bar_width, trend.top).ljust(bar_width), bar),
                                  "  ", (trend.note, note))
                 for trend in self.trends]
        return Content("\n").join(lines)
