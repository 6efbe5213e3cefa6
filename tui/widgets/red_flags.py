"""A checklist of warning signs: every question in full, one key each, "not sure" counts.

Each row cycles with its number key: unticked, ``[x]`` yes, ``[?]`` not sure (which the
screen turns into yes), and back. The list remembers which rows have been on screen
in full, so the screen can refuse "none of these" before the runner has seen them all
(at 80x24 they all fit; a smaller terminal scrolls).
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widgets import Static

#: A row's states, in the order its key cycles them.
STATES = ("", "yes", "not_sure")
BOXES = {"": "[ ]", "yes": "[x]", "not_sure": "[?]"}


class RedFlagRow(Horizontal):
    """One warning sign: its key, a tick box and the whole question."""

    DEFAULT_CSS = """
    RedFlagRow {
        height: auto;
        margin-bottom: 1;
        & .flag-key { width: 9; }
        & .flag-text { width: 1fr; }
        &.-ticked { color: $error; }
        &.-ticked .flag-text { text-style: bold; }
        &.-cursor .flag-key { color: $accent; }
    }
    """

    class Toggled(Message):
        """The row was clicked."""

        def __init__(self, index: int) -> None:
            super().__init__()
            self.index = index

    def __init__(self, index: int, text: str = "") -> None:
        super().__init__()
        self.index, self.text = index, text
        self.state = ""
        self._composed = False

    def compose(self) -> ComposeResult:
        yield Static(classes="flag-key")
        yield Static(Content(self.text), classes="flag-text")

    def on_mount(self) -> None:
        self._composed = True
        self.show()

    def set_text(self, text: str) -> None:
        self.text = text
        if self._composed:
            self.query_one(".flag-text", Static).update(Content(text))

    def set_state(self, state: str) -> None:
        self.state = state
        self.set_class(bool(state), "-ticked")
        self.show()

    def show(self) -> None:
        if not self._composed:
            return  # on_mount shows it
        box = BOXES[self.state]
        cursor = ">" if self.has_class("-cursor") else " "
        note = "\nnot sure" if self.state == "not_sure" else ""
        self.query_one(".flag-key", Static).update(
            Content.assemble((f" {self.index + 1} ", "bold reverse"), f"{cursor}{box}", (note, "italic")))

    def on_click(self) -> None:
        self.post_message(self.Toggled(self.index))


class RedFlagList(VerticalScroll):
    """The rows of one checklist; tick state lives here, the screen decides what it means."""

    DEFAULT_CSS = """
    RedFlagList {
        height: 1fr;
        scrollbar-size-vertical: 1;
    }
    """

    can_focus = False  # up and down move the cursor (the screen's keys), which scrolls

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.flags: list[tuple[str, str]] = []  # (id, question)
        self.cursor = 0
        self.seen: set[int] = set()
        #: True from a new checklist until it has been laid out: until then nobody can
        #: have seen it, so "none of these" waits (see the screen).
        self.pending = False
        self._rows: list[RedFlagRow] = []

    def show_flags(self, flags: list[tuple[str, str]], states: dict[str, str] | None = None) -> None:
        """Show a new checklist (``states``: earlier ticks, when coming back to it).

        The rows are reused and updated at once, so a key pressed straight after (a
        burst of n over SSH) acts on this checklist, never on the one before.
        """
        self.flags, self.cursor, self.seen, self.pending = flags, 0, set(), True
        while len(self._rows) < len(flags):
            row = RedFlagRow(len(self._rows))
            self._rows.append(row)
            self.mount(row)
        for index, row in enumerate(self._rows):
            row.display = index < len(flags)
            if index < len(flags):
                row.set_text(flags[index][1])
                row.set_state((states or {}).get(flags[index][0], ""))
        self.scroll_home(animate=False)
        self.move_cursor(0)
        self.call_after_refresh(self._laid_out)

    def _laid_out(self) -> None:
        self.pending = False
        self.note_seen()

    @property
    def rows(self) -> list[RedFlagRow]:
        """The rows of the checklist shown now."""
        return self._rows[:len(self.flags)]

    def toggle(self, index: int) -> None:
        """The next state of row ``index``: ticked, not sure, unticked."""
        row = self.rows[index]
        row.set_state(STATES[(STATES.index(row.state) + 1) % len(STATES)])
        self.move_cursor(index)

    def move_cursor(self, index: int) -> None:
        rows = self.rows
        if not rows:
            return
        self.cursor = max(0, min(index, len(rows) - 1))
        for number, row in enumerate(rows):
            row.set_class(number == self.cursor, "-cursor")
            row.show()
        if not self.pending:
            self.scroll_to_widget(rows[self.cursor], animate=False)
        self.call_after_refresh(self.note_seen)

    def watch_scroll_y(self, old: float, new: float) -> None:
        super().watch_scroll_y(old, new)
        self.call_after_refresh(self.note_seen)

    def on_resize(self) -> None:
        self.call_after_refresh(self.note_seen)

    def note_seen(self) -> None:
        """Remember every row now wholly inside the visible part of the list."""
        if self.pending:
            return
        top, bottom = self.scroll_y, self.scroll_y + self.scrollable_content_region.height
        for number, row in enumerate(self.rows):
            region = row.virtual_region
            if region.height and region.y >= top and region.y + region.height <= bottom:
                self.seen.add(number)

    @property
    def all_seen(self) -> bool:
        return len(self.seen) >= len(self.flags)

    @property
    def states(self) -> dict[str, str]:
        return {flag_id: row.state for row, (flag_id, _t) in zip(self.rows, self.flags) if row.state}

    @property
    def ticked(self) -> set[str]:
        """The flags ticked or marked not sure: both count as yes."""
        return set(self.states)

    @property
    def current_flag(self) -> str | None:
        return self.flags[self.cursor][0] if self.flags else None
