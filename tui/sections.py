"""The app's sections: key, title, and where their screen lives (imported on demand).

Screens are imported only when first opened, so start-up pays for the home screen
alone. Each screen class takes keyword arguments only.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module


@dataclass(frozen=True)
class Section:
    """A part of the app reachable from the home screen and the command palette."""

    name: str
    key: str
    title: str
    help: str
    module: str
    screen: str

    def load(self) -> type:
        return getattr(import_module(self.module), self.screen)


SECTIONS: tuple[Section, ...] = (
    Section("check", "c", "Symptom check", "Answer a few questions and get a disposition",
            "nervecheck.tui.screens.check", "CheckScreen"),
    Section("log", "l", "Daily log", "Log today's pain, symptoms and run", "nervecheck.tui.screens.log", "LogScreen"),
    Section("routines", "r", "Routines", "Strength, mobility and low-impact cardio",
            "nervecheck.tui.screens.routines", "RoutinesScreen"),
    Section("history", "h", "History", "Trends, past entries and past checks",
            "nervecheck.tui.screens.history", "HistoryScreen"),
)

# Reached from home by its own key and from the palette, but not (yet) in home's menu.
MORE: tuple[Section, ...] = (
    Section("insights", "i", "Insights", "Training load and symptoms beside it",
            "nervecheck.tui.screens.insights", "InsightsScreen"),
)

BY_NAME = {section.name: section for section in SECTIONS + MORE}
