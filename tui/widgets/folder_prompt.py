"""Ask for the folder screenshots go to (the palette's "Screenshot folder", issue 18).

The answer is checked here, where the runner can fix it: a folder written as a full
path (``~`` for the home folder), that exists or can be made (owner-only), and can be
written to. A blank answer means the default, ``screenshots`` beside the database.
"""

from __future__ import annotations

import os
from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from nervecheck.engine.store import describe_os_error
from nervecheck.engine.store.fields import SETTINGS
from nervecheck.engine.textsafe import visible
from nervecheck.tui.keys import HELP
from nervecheck.tui.widgets.dialogs import DIALOG_CSS

#: The longest folder the settings keep.
FOLDER_MAX = SETTINGS["screenshots"].max_length


def usable_folder(typed: str) -> Path:
    """The folder ``typed`` names, made if missing (owner-only); ``ValueError`` says why
    it cannot hold screenshots."""
    if len(typed) > FOLDER_MAX:
        raise ValueError(f"at most {FOLDER_MAX} characters")
    folder = Path(os.path.expanduser(typed))
    if not folder.is_absolute():
        raise ValueError("write the whole path, from / (or ~ for your home folder)")
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as error:
        raise ValueError(f"cannot make it: {describe_os_error(error)}") from None
    if not os.access(folder, os.W_OK | os.X_OK):
        raise ValueError("cannot write to it: permission denied")
    return folder


class FolderPrompt(ModalScreen[str | None]):
    """Type the screenshots' folder; enter keeps it (blank: beside the database), escape
    cancels. Dismisses with the folder as typed, ``""`` for the default, or ``None``."""

    DEFAULT_CSS = "FolderPrompt {" + DIALOG_CSS + "} FolderPrompt Input { margin: 1 0 0 0; }"
    BINDINGS = [Binding("escape", "cancel", "Cancel"), *HELP]

    def __init__(self, current: str, default: Path) -> None:
        super().__init__()
        self.current = current
        self.default = default

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("Save screenshots in which folder?", markup=False)
            yield Static(f"Blank: {visible(str(self.default))}", markup=False, classes="hint")
            yield Input(visible(self.current), id="folder", select_on_focus=False)
            yield Static("", classes="error", id="folder-error")
            yield Static("enter keep    escape cancel", markup=False, classes="hint")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        typed = event.value.strip()
        if not typed:
            self.dismiss("")
            return
        try:
            usable_folder(typed)
        except ValueError as error:
            self.query_one("#folder-error", Static).update(Content(visible(str(error))))
            return
        self.dismiss(typed)

    def action_cancel(self) -> None:
        self.dismiss(None)
