"""The log's note: a multi-line editor that leaves by ``tab`` or ``escape`` (issue 18).

A :class:`~textual.widgets.TextArea` that wraps its lines and has no line numbers:
``enter`` makes a new line, ``tab`` moves on to the next field (``tab_behavior``
``"focus"``), and the log screen's ``escape`` returns to its keys. Printable keys are
the editor's own while it has focus, so the log's one-key commands (a digit, a symptom
letter) type into the note instead. It shows the start of the note when it is not
being edited; :meth:`show_start` puts it back there.
"""

from __future__ import annotations

from textual.widgets import TextArea
from textual.widgets.text_area import Location

PLACEHOLDER = "e to write a note (enter: new line, escape or tab: leave)"


class NoteEditor(TextArea):
    """A wrapped, several-line note; ``enter`` is a new line, ``tab`` leaves."""

    DEFAULT_CSS = """
    NoteEditor {
        height: auto;
        min-height: 1;
        max-height: 5;
        padding: 0 1;
        border: none;
        background: $boost;
        &:focus {
            min-height: 3;
            border: none;
            background: $primary 30%;
        }
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(soft_wrap=True, tab_behavior="focus", show_line_numbers=False,
                         highlight_cursor_line=False, compact=True, placeholder=PLACEHOLDER, id=id)

    def show_start(self) -> None:
        """The cursor and the view back at the note's first line."""
        self.move_cursor((0, 0))
        self.scroll_home(animate=False)

    def to_end(self) -> None:
        """The cursor after the note's last character, to write on."""
        self.move_cursor(self.document.end)

    def replace_keeping_cursor(self, text: str, before_cursor: str) -> None:
        """Load ``text`` and put the cursor after ``before_cursor``, its start."""
        self.load_text(text)
        self.move_cursor(_end_of(before_cursor))


def _end_of(text: str) -> Location:
    """The (row, column) just after ``text`` in a document starting with it."""
    lines = text.split("\n")
    return len(lines) - 1, len(lines[-1])
