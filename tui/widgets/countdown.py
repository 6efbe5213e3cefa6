"""A countdown panel: big digits for the time left, a phase word and a one-line note.

The widget only shows what it is told; the timing itself lives in
:class:`nervecheck.engine.routines.session.RoutineSession`, driven by the app's clock.
"""

from __future__ import annotations

import math

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Digits, Static

#: The phase classes the panel can carry; each picks a theme colour below.
PHASE_CLASSES = ("-ready", "-work", "-hold", "-rest", "-paused")


def clock_text(seconds: float | None) -> str:
    """``0:05``, ``20:00``; whole seconds rounded up, so a hold never shows 0 early."""
    if seconds is None:
        return "-:--"
    whole = math.ceil(max(0.0, seconds) - 1e-9)
    minutes, secs = divmod(whole, 60)
    return f"{minutes}:{secs:02}"


class Countdown(Horizontal):
    """The time left in big digits beside the phase (``HOLD``, ``REST``) and a note."""

    DEFAULT_CSS = """
    Countdown {
        height: 3;
        width: 1fr;
        & > Digits {
            width: auto;
            min-width: 12;
            margin-right: 2;
            text-style: bold;  /* the heavy strokes, readable from across a room */
        }
        & #countdown-phase { text-style: bold; }
        & #countdown-note { color: $text-muted; }
        &.-ready #countdown-phase { color: $text-muted; }
        &.-work #countdown-phase, &.-work > Digits { color: $primary; }
        &.-hold #countdown-phase, &.-hold > Digits { color: $accent; }
        &.-rest #countdown-phase, &.-rest > Digits { color: $success; }
        &.-paused #countdown-phase, &.-paused > Digits { color: $warning; }
    }
    """

    def compose(self) -> ComposeResult:
        yield Digits("-:--", id="countdown-digits")
        with Vertical():
            yield Static(id="countdown-phase", markup=False)
            yield Static(id="countdown-note", markup=False)
            yield Static(id="countdown-extra", markup=False)

    def show(self, phase: str, digits: str, note: str, extra: str = "", style: str = "-ready") -> None:
        """Show ``phase`` (one word), ``digits`` (see :func:`clock_text`), two notes, and
        colour the panel by ``style``, one of :data:`PHASE_CLASSES`."""
        self.query_one(Digits).update(digits)
        self.query_one("#countdown-phase", Static).update(Content(phase))
        self.query_one("#countdown-note", Static).update(Content(note))
        self.query_one("#countdown-extra", Static).update(Content(extra))
        self.remove_class(*PHASE_CLASSES)
        self.add_class(style)
