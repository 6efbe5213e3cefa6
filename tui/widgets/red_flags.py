"""The red-flag checklist: all five warning signs on one screen, one key each."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Static


class RedFlagRow(Horizontal):
    """One warning sign: its key, a tick box, the question and a line of help."""

    DEFAULT_CSS = """
    RedFlagRow {
        height: auto;
        margin-bottom: 1;
        & .flag-key { width: 9; }
        & .flag-text { width: 1fr; }
        &.-ticked { color: $error; }
        &.-ticked .flag-text { text-style: bold; }
    }
    """

    class Toggled(Message):
        """The row was clicked."""

        def __init__(self, index: int) -> None:
            super().__init__()
            self.index = index

    def __init__(self, index: int, text: str, help_text: str) -> None:
        super().__init__()
        self.index, self.text, self.help_text = index, text, help_text
        self.ticked = False

    def compose(self) -> ComposeResult:
        yield Static(classes="flag-key")
        yield Static(Content.assemble((self.text, "bold"), "\n", (self.help_text, "dim")), classes="flag-text")

    def on_mount(self) -> None:
        self.show()

    def set_ticked(self, ticked: bool) -> None:
        self.ticked = ticked
        self.set_class(ticked, "-ticked")
        self.show()

    def show(self) -> None:
        box = "[x]" if self.ticked else "[ ]"
        self.query_one(".flag-key", Static).update(Content.assemble((f" {self.index + 1} ", "bold reverse"), f" {box}"))

    def on_click(self) -> None:
        self.post_message(self.Toggled(self.index))


class RedFlagList(Vertical):
    """The five rows; tick state lives here, the screen decides what it means."""

    DEFAULT_CSS = """
    RedFlagList { height: auto; }
    """

    def __init__(self, flags: list[tuple[str, str, str]], **kwargs) -> None:
        super().__init__(**kwargs)
        self.flags = flags  # (id, question, one line of help)

    def compose(self) -> ComposeResult:
        for index, (_id, text, help_text) in enumerate(self.flags):
            yield RedFlagRow(index, text, help_text)

    def toggle(self, index: int) -> None:
        row = self.query(RedFlagRow)[index]
        row.set_ticked(not row.ticked)

    def set_ticked(self, ticked_ids: set[str]) -> None:
        for row, (flag_id, _text, _help) in zip(self.query(RedFlagRow), self.flags):
            row.set_ticked(flag_id in ticked_ids)

    @property
    def ticked(self) -> set[str]:
        return {flag_id for row, (flag_id, _t, _h) in zip(self.query(RedFlagRow), self.flags) if row.ticked}
