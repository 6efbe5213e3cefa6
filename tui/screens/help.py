"""The help screen: what NerveCheck is and is not, and every key."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

HELP = """\
NerveCheck helps runners who live with nerve pain: a symptom check that never
misses a red flag, a daily log, and exercise routines that follow your latest check.

It is not a doctor and does not diagnose. It errs towards safety: when it says to
contact a healthcare provider, do so. In an emergency call your local emergency number.

Home            c check   l log   r routines   h history   ? help   q quit
Everywhere      ctrl+p command palette   escape back   ctrl+q quit
Symptom check   red flags: 1-5 toggle, n none apply, enter confirm
                questions: number keys answer, enter takes the suggestion,
                backspace/escape go back one question
Daily log       0-9 pain (0 for none, t for 10), [ and ] move a day, ctrl+s save
Routines        space start/pause, enter set done, n next, p previous, s skip,
                x stop, it hurts

Your data stays on this machine, in one file you can back up by copying it.
`nervecheck db backups` lists the daily backups; `nervecheck db restore` restores one.
"""


class HelpScreen(ModalScreen[None]):
    """Keys and the not-a-doctor notice; escape or ? closes it."""

    BINDINGS = [
        Binding("escape", "dismiss", "Close"),
        Binding("question_mark", "dismiss", "Close", show=False),
        Binding("q", "dismiss", "Close", show=False),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-panel"):
            yield Static("NerveCheck: keys and help", classes="title")
            yield Static(HELP, markup=False)
            yield Static("escape to close", classes="hint")
