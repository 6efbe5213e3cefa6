"""A block of one-line Statics that repaints only the lines that changed.

Over SSH every repainted cell costs bytes: a toggle in the log form should resend
one or two lines, not the whole list or map.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Static


def _key(line: Content) -> tuple[str, tuple]:
    return line.plain, tuple((span.start, span.end, str(span.style)) for span in line.spans)


class Lines(Vertical):
    """``count`` lines, updated with :meth:`set_lines`."""

    DEFAULT_CSS = """
    Lines {
        width: auto;
        height: auto;
        & > Static { width: auto; height: 1; }
    }
    """

    def __init__(self, count: int, **kwargs) -> None:
        super().__init__(**kwargs)
        self.count = count
        self._shown: list[tuple[str, tuple] | None] = [None] * count

    def compose(self) -> ComposeResult:
        for _ in range(self.count):
            yield Static("")

    def set_lines(self, lines: list[Content]) -> None:
        """Show ``lines``; only those that differ from what is on screen repaint."""
        for index, (widget, line) in enumerate(zip(self.query_children(Static), lines)):
            key = _key(line)
            if key != self._shown[index]:
                widget.update(line)
                self._shown[index] = key
