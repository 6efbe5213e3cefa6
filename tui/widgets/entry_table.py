"""A fast read-only table of rows with a cursor (Textual's line API).

``DataTable`` measures every cell of every row when rows are added, which is a visible
pause for a year of entries. This table draws only the rows on screen, and asks for a
row's cells only when it is first drawn, so a year or ten cost the same. Cells are
``Content`` (never parsed as markup), cropped to fixed column widths; the last column
takes the rest of the width.
"""

from __future__ import annotations

from collections.abc import Callable

from textual import events
from textual.binding import Binding
from textual.content import Content
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.visual import Visual

GAP = "  "


class EntryTable(ScrollView, can_focus=True):
    """Rows of cells under a fixed header; ``enter`` posts :class:`RowChosen`."""

    COMPONENT_CLASSES = {"entry-table--header", "entry-table--row", "entry-table--cursor"}
    DEFAULT_CSS = """
    EntryTable {
        height: 1fr;
        overflow-x: hidden;
        background: $surface;
        & > .entry-table--header { text-style: bold; background: $panel; }
        & > .entry-table--row { color: $foreground; }
        & > .entry-table--cursor { background: $panel; color: $foreground; }
        &:focus > .entry-table--cursor { background: $block-cursor-background;
                                         color: $block-cursor-foreground; text-style: bold; }
    }
    """
    BINDINGS = [
        Binding("up", "move(-1)", "Up", show=False),
        Binding("down", "move(1)", "Down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("home", "move(-1000000)", "First", show=False),
        Binding("end", "move(1000000)", "Last", show=False),
        Binding("enter", "choose", "Open", show=False),
    ]

    cursor: reactive[int] = reactive(0, always_update=True)

    class _RowMessage(Message):
        """Something happened on row ``index`` of ``table``."""

        def __init__(self, table: EntryTable, index: int) -> None:
            super().__init__()
            self.table = table
            self.index = index

        @property
        def control(self) -> EntryTable:
            return self.table

    class RowHighlighted(_RowMessage):
        """The cursor moved to row ``index``."""

    class RowChosen(_RowMessage):
        """The runner pressed enter (or clicked) on row ``index``."""

    def __init__(self, columns: tuple[tuple[str, int], ...], count: int = 0,
                 cells: Callable[[int], list[Content]] | None = None, **kwargs) -> None:
        super().__init__(**kwargs)
        self.columns = columns
        self.count = count
        self._cells = cells or (lambda index: [])
        self._made: dict[int, list[Content]] = {}
        self.virtual_size = Size(0, count + 1)

    def set_rows(self, count: int, cells: Callable[[int], list[Content]]) -> None:
        """Show ``count`` rows whose cells ``cells(index)`` gives; keep the cursor if it fits."""
        self.count, self._cells, self._made = count, cells, {}
        self.virtual_size = Size(self.size.width, count + 1)
        self.cursor = max(0, min(self.cursor, count - 1))

    def row(self, index: int) -> list[Content]:
        """The cells of row ``index`` (made once, when first needed)."""
        if index not in self._made:
            self._made[index] = self._cells(index)
        return self._made[index]

    @property
    def page_rows(self) -> int:
        return max(1, self.scrollable_content_region.height - 1)

    def watch_cursor(self, cursor: int) -> None:
        top = round(self.scroll_y)
        if cursor < top:
            self.scroll_to(y=cursor, animate=False)
        elif cursor >= top + self.page_rows:
            self.scroll_to(y=cursor - self.page_rows + 1, animate=False)
        self.refresh()
        if self.count:
            self.post_message(self.RowHighlighted(self, cursor))

    def action_move(self, step: int) -> None:
        if self.count:
            self.cursor = max(0, min(self.count - 1, self.cursor + step))

    def action_page(self, direction: int) -> None:
        self.action_move(direction * self.page_rows)

    def action_choose(self) -> None:
        if self.count:
            self.post_message(self.RowChosen(self, self.cursor))

    def on_click(self, event: events.Click) -> None:
        index = round(self.scroll_y) + event.y - 1
        if event.y >= 1 and 0 <= index < self.count:
            self.cursor = index
            if event.chain >= 2:
                self.action_choose()

    def on_resize(self) -> None:
        self.virtual_size = Size(self.size.width, self.count + 1)

    # -- drawing -----------------------------------------------------------------------

    def _line(self, cells: list[Content], width: int) -> Content:
        parts = []
        used = 0
        for (name, column_width), cell in zip(self.columns[:-1], cells):
            parts.append(cell.truncate(column_width, ellipsis=True, pad=True))
            used += column_width + len(GAP)
        parts.append(cells[-1].truncate(max(0, width - used), ellipsis=True))
        return Content(GAP).join(parts)

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        if y == 0:
            header = [Content(name) for name, _ in self.columns]
            return self._strip(self._line(header, width), width, "entry-table--header")
        index = round(self.scroll_y) + y - 1
        if not 0 <= index < self.count:
            return Strip.blank(width, self.get_visual_style("entry-table--row").rich_style)
        part = "entry-table--cursor" if index == self.cursor else "entry-table--row"
        return self._strip(self._line(self.row(index), width), width, part)

    def _strip(self, line: Content, width: int, part: str) -> Strip:
        style = self.get_visual_style(part)
        strips = Visual.to_strips(self, line, width, 1, style, pad=True)
        return strips[0] if strips else Strip.blank(width, style.rich_style)
