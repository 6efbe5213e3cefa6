"""Small modal dialogs: a yes/no question, the offer of a check, a date prompt and a page of help.

Both are ``ModalScreen[T]`` that ``dismiss`` their answer; escape means "no" or
"cancel", so a stray key never discards work or moves the log.
"""

from __future__ import annotations

import datetime as dt

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from nervecheck.engine.dates import parse_day
from nervecheck.tui.keys import HELP

DIALOG_CSS = """
align: center middle;
& > Vertical {
    width: 60;
    max-width: 100%;
    height: auto;
    border: round $primary;
    background: $surface;
    padding: 0 1;
}
& .hint {
    color: $text-muted;
}
& .error {
    color: $error;
}
"""


class ConfirmScreen(ModalScreen[bool]):
    """Ask a yes/no question; ``y`` is yes, ``n`` or escape is no."""

    DEFAULT_CSS = "ConfirmScreen {" + DIALOG_CSS + "}"
    BINDINGS = [
        Binding("y", "answer(True)", "Yes"),
        Binding("n", "answer(False)", "No"),
        Binding("escape", "answer(False)", "No", show=False),
        *HELP,
    ]

    def __init__(self, question: str, yes: str = "yes", no: str = "no") -> None:
        super().__init__()
        self.question = question
        self.choices = f"y {yes}    n {no}"

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.question, markup=False, id="question")
            yield Static(self.choices, markup=False, classes="hint")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)


class CheckOffer(ConfirmScreen):
    """"Do the symptom check now?" after the log is saved: ``c`` (the key that opens the
    check from home and from the log) answers yes, as ``y`` does.

    Issue 18: the runner's habit after saving is ``c`` ``n`` (open the check, none of
    these warning signs). Here ``c`` opens the check, and its ``n`` then reaches the
    check's first checklist; had escape closed this dialog first, ``c`` on the log
    opens the check too: neither ticks a symptom into the log.
    """

    BINDINGS = [Binding("c", "answer(True)", "Check now")]

    def __init__(self, question: str) -> None:
        super().__init__(question, yes="check now", no="not now")
        self.choices = "c or y check now    n or escape not now"


class InfoDialog(ModalScreen[None]):
    """A title and a paragraph to read (a warning sign's help); any of i, escape or
    enter closes it."""

    DEFAULT_CSS = "InfoDialog {" + DIALOG_CSS + "} InfoDialog > Vertical { width: 72; } InfoDialog #info-title { text-style: bold; margin-bottom: 1; }"
    BINDINGS = [
        Binding("escape", "close", "Close"),
        Binding("i", "close", "Close", show=False),
        Binding("enter", "close", "Close", show=False),
        *HELP,
    ]

    def __init__(self, title: str, text: str) -> None:
        super().__init__()
        self.info_title, self.text = title, text

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.info_title, markup=False, id="info-title")
            yield Static(self.text, markup=False, id="info-text")
            yield Static("escape, i or enter closes", markup=False, classes="hint")

    def action_close(self) -> None:
        self.dismiss(None)


class DatePrompt(ModalScreen[dt.date | None]):
    """Type a day (YYYY-MM-DD, today, yesterday or -N days ago); a bad or future day
    gets a message, not a jump. ``latest`` is today: the furthest one may go."""

    DEFAULT_CSS = "DatePrompt {" + DIALOG_CSS + "} DatePrompt Input { margin: 1 0 0 0; }"
    BINDINGS = [Binding("escape", "cancel", "Cancel"), *HELP]

    def __init__(self, current: dt.date, latest: dt.date) -> None:
        super().__init__()
        self.current = current
        self.latest = latest

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("Go to which day? (YYYY-MM-DD, today, yesterday or -N)", markup=False)
            yield Input(self.current.isoformat(), max_length=10, id="day", select_on_focus=True)
            yield Static("", classes="error", id="day-error")
            yield Static("enter go    escape cancel", markup=False, classes="hint")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        try:
            day = parse_day(event.value.strip(), today=self.latest)
        except ValueError as error:
            self.query_one("#day-error", Static).update(Content(str(error)))
            return
        if day > self.latest:
            self.query_one("#day-error", Static).update(Content(f"{day} is in the future: pick {self.latest} or earlier"))
            return
        self.dismiss(day)

    def action_cancel(self) -> None:
        self.dismiss(None)
