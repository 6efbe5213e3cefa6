"""When to stop a routine and get help: its stop rules and notes, and their sources.

Opened with ``w`` from the routines list and the player. It scrolls, so at 80x24 every
line can be read with the arrow keys; escape closes it.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from nervecheck.engine.routines.plan import load_routines
from nervecheck.engine.triage.loading import load_sources
from nervecheck.tui.keys import HELP
from nervecheck.tui.widgets.warning_signs import warning_signs_text


class WarningSignsScreen(ModalScreen[None]):
    """One routine's warning signs; escape, w or q closes it."""

    DEFAULT_CSS = """
    WarningSignsScreen {
        align: center middle;
        & > VerticalScroll {
            width: 80;
            max-width: 100%;
            height: auto;
            max-height: 100%;
            border: round $error;
            background: $surface;
            padding: 0 1;
        }
        & .title { text-style: bold; }
        & .hint, & #warning-sources { color: $text-muted; }
    }
    """
    BINDINGS = [
        Binding("escape", "dismiss", "Close"),
        Binding("w", "dismiss", "Close", show=False),
        Binding("q", "dismiss", "Close", show=False),
        *HELP,
    ]

    def __init__(self, *, routine_id: str) -> None:
        super().__init__()
        self.routine_id = routine_id

    def compose(self) -> ComposeResult:
        book = load_routines()
        signs = book.warning_signs(self.routine_id)
        titles = {source.id: source.title for source in load_sources().sources}
        sources = Content("\n").join(Content(f"· {titles.get(s, s)}") for s in signs.sources)
        with VerticalScroll(id="warning-signs"):
            yield Static(f"{book.get(self.routine_id).title}: when to stop and get help", classes="title",
                         markup=False)
            yield Static(warning_signs_text(signs), id="warning-text")
            yield Static(Content.assemble(("Sources\n", "bold"), sources), id="warning-sources")
            yield Static("↑↓ scroll   escape to close", classes="hint")
