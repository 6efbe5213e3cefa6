"""The help screen: the keys of the screen it was opened on, then what NerveCheck is
and is not, and every key.

The first table is built from that screen's active bindings when help opens, so it
shows exactly the keys that work there (a key hidden in this phase is left out) and
cannot drift from the code. ``docs/keys.md`` is the whole map.
"""

from __future__ import annotations

import os
from itertools import groupby

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from nervecheck.tui.keys import HELP

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
    ("Everywhere", "? or f1 help for the screen you are on, ctrl+p command palette, escape back, "
                   "ctrl+q quit"),
    ("Warning signs", "five checklists: a number ticks a sign, again marks it not sure "
                      "(counts as yes), again clears it; up and down move, i shows the sign's "
                      "help; n none of these, enter confirm"),
    ("Questions", "a number answers (0 is the tenth), enter takes the highlighted "
                  "suggestion, backspace or escape goes back"),
    ("Check result", "r routines, escape home"),
    ("Daily log", "0-9 pain, t for 10, - no score; b i m s k w toggle burning, tingling, "
                  "numbness, shooting pain, cramping, weakness; shift+N B K I F H S T E O "
                  "toggle a place on the map; a pain after exercise; d run distance, "
                  "tab to its time; e note; x remove an exercise (with several, it asks "
                  "which); pageup, pagedown, home, end scroll; c, r, h open the check, "
                  "routines, history; [ and ] move a day, "
                  "g go to a day, u km or mi; ctrl+s save; D delete the day "
                  "(ctrl+z puts it back)"),
    ("History", "1 / 2 / 3 for 30, 90 or 365 days; enter or l opens a day; tab to past "
                "checks, enter reopens one, m marks it entered by mistake (again unmarks, "
                "ctrl+z undoes); ctrl+o imports runs from your watch"),
    ("Insights", "up and down scroll, escape back"),
    ("Routines", "enter or 1-6 open one, w warning signs, c symptom check"),
    ("Player", "space start or pause, enter set done, n next, p previous, s skip (in a rest: start now), "
               "b loud bell, x stop (it hurts), w warning signs, escape leave"),
)

DATA = (
    "Your data stays on this machine, in one file; copy it to back it up. "
    "`nervecheck db backups` lists the daily backups and `nervecheck db restore` "
    "restores the newest good one."
)


EVERYWHERE = ("? or f1 help for this screen, escape back, tab and shift+tab next and previous field, "
              "ctrl+p command palette, ctrl+q quit")


def _compact(keys: list[str]) -> str:
    """``0 1 2 ... 9 t`` as ``0-9 t``: runs of three or more digits become a range."""
    out: list[str] = []
    run: list[str] = []

    def flush() -> None:
        out.extend([f"{run[0]}-{run[-1]}"] if len(run) > 2 else run)
        run.clear()

    for key in keys:
        if len(key) == 1 and key.isdigit() and (not run or int(key) == int(run[-1]) + 1):
            run.append(key)
            continue
        flush()
        (run if len(key) == 1 and key.isdigit() else out).append(key)
    flush()
    return " ".join(out)


def _group_row(pairs: list[tuple[str, str]]) -> tuple[str, str]:
    """One row for several bindings of one action (``pain(0)`` ... ``pain(10)``)."""
    keys = [key for key, _ in pairs]
    descriptions = [text for _, text in pairs]
    prefix = os.path.commonprefix(descriptions)
    prefix = prefix[: prefix.rfind(" ") + 1] if not prefix.endswith((" ", ":")) else prefix
    rest = [text[len(prefix):] for text in descriptions]
    name = prefix.strip().rstrip(":")
    if name and all(r.isdigit() for r in rest):
        return _compact(keys), f"{name} {rest[0]}-{rest[-1]}"
    if name:
        return " ".join(keys), f"{name}: " + ", ".join(r.lower() for r in rest)
    return " ".join(keys), ", ".join(descriptions)


def screen_keys(screen: Screen) -> list[tuple[str, str]]:
    """(keys, what they do) for every key ``screen``'s own bindings give it now."""
    app = screen.app
    textual_own = {binding.action for binding in Screen.BINDINGS}  # tab, copy: in EVERYWHERE
    pairs: list[tuple[tuple[str, str], str, str]] = []  # (group, key shown, description)
    for active in screen.active_bindings.values():
        binding, text = active.binding, active.binding.description
        if active.node is not screen or binding.system or not text or binding.action in textual_own:
            continue
        # One row for pain(0) ... pain(10), one for "Symptom: ..." and one for "Place: ...".
        kind = text.partition(":")[0] if ":" in text else text.rstrip("0123456789 ")
        pairs.append(((binding.action.partition("(")[0], kind), app.get_key_display(binding), text))
    rows = []
    for _, group in groupby(pairs, key=lambda pair: pair[0]):
        items = [(key, text) for _, key, text in group]
        if len(items) > 2:
            rows.append(_group_row(items))
        else:
            rows += items
    return rows


def screen_name(screen: Screen) -> str:
    """What the runner calls ``screen`` (its sub-title, else its class without Screen)."""
    return screen.sub_title or type(screen).__name__.removesuffix("Screen")


class HelpScreen(ModalScreen[None]):
    """The keys of ``screen`` (the one help was opened on), then the global keys and
    the not-a-doctor notice; escape, ?, f1 or q closes it."""

    BINDINGS = [
        Binding("escape", "dismiss", "Close"),
        Binding("q", "dismiss", "Close", show=False),
        *HELP,  # the app's action: on help, ? and f1 close it
    ]

    def __init__(self, screen: Screen | None = None) -> None:
        super().__init__()
        # Read now, while ``screen`` is still on top: its bindings as they work there.
        self.for_screen = screen_name(screen) if screen is not None else ""
        self.keys = screen_keys(screen) if screen is not None else []

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-panel"):
            title = f"Keys here: {self.for_screen}" if self.for_screen else "NerveCheck: keys and help"
            yield Static(title, classes="title", markup=False)
            if self.keys:
                with Grid(id="help-here", classes="help-keys"):
                    for keys, text in self.keys:
                        yield Static(keys, classes="key-area", markup=False)
                        yield Static(text, markup=False)
            with Grid(id="help-global", classes="help-keys"):
                yield Static("Everywhere", classes="key-area", markup=False)
                yield Static(EVERYWHERE, markup=False)
            yield Static("About NerveCheck", classes="title")
            yield Static(ABOUT, markup=False)
            with Grid(id="help-keys", classes="help-keys"):
                for area, keys in KEYS:
                    yield Static(area, classes="key-area", markup=False)
                    yield Static(keys, markup=False)
            yield Static(DATA, markup=False)
            yield Static("escape to close", classes="hint")
