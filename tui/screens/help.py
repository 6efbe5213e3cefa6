"""The help screen: what NerveCheck is and is not, and every key."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

ABOUT = (
    "NerveCheck helps runners who live with nerve pain: a symptom check, a daily log, and "
    "exercise routines that follow your latest check.\n\n"
    "The check asks the warning signs first, the most urgent first. As soon as you tick one "
    "it stops and tells you where to get help; \"not sure\" counts as yes; and every result "
    "says when to act sooner.\n\n"
    "It is not a doctor: it does not diagnose and cannot rule anything out. When it says to "
    "get help, do so. In an emergency, call your local emergency number."
)

KEYS = (
    ("Home", "c check, l log, r routines, h history, i insights, ? help, q quit"),
    ("Everywhere", "ctrl+p command palette, escape back, ctrl+q quit"),
    ("Warning signs", "five checklists: a number ticks a sign, again marks it not sure "
                      "(counts as yes), again clears it; up and down move, h shows the sign's "
                      "help; n none of these, enter confirm"),
    ("Questions", "a number answers (0 is the tenth), enter takes the highlighted "
                  "suggestion, backspace or escape goes back"),
    ("Check result", "r routines, escape home"),
    ("Daily log", "0-9 pain, t for 10, - no score; b i n s c w toggle burning, tingling, "
                  "numbness, shooting pain, cramping, weakness; shift+N B K I F H S T E O "
                  "toggle a place on the map; a pain after exercise; r run distance, "
                  "tab to its time; e note; x remove an exercise; [ and ] move a day, "
                  "g go to a day, u km or mi; ctrl+s save; D delete the day "
                  "(ctrl+z puts it back)"),
    ("History", "1 / 2 / 3 for 30, 90 or 365 days; enter or l opens a day; tab to past "
                "checks, enter reopens one, m marks it entered by mistake (again unmarks, "
                "ctrl+z undoes)"),
    ("Insights", "up and down scroll, escape back"),
    ("Routines", "enter or 1-6 open one, w warning signs, c symptom check"),
    ("Player", "space start or pause, enter set done, n next, p previous, s skip, "
               "x stop (it hurts), w warning signs, escape leave"),
)

DATA = (
    "Your data stays on this machine, in one file; copy it to back it up. "
    "`nervecheck db backups` lists the daily backups and `nervecheck db restore` "
    "restores the newest good one."
)


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
            yield Static(ABOUT, markup=False)
            with Grid(id="help-keys"):
                for area, keys in KEYS:
                    yield Static(area, classes="key-area", markup=False)
                    yield Static(keys, markup=False)
            yield Static(DATA, markup=False)
            yield Static("escape to close", classes="hint")
