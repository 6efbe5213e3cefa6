"""Insights: the training load and how symptoms sit beside it (issue 17).

Everything shown comes from :mod:`nervecheck.engine.log.insights` (the same lines as
``nervecheck insights``); this screen only lays them out: the last weeks, the load
figures, then one paragraph per insight, those that stand out marked with "!".
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from nervecheck.engine.log import insights as found_insights
from nervecheck.engine.log.load import from_store

WEEKS_SHOWN = 6  # the latest weeks; ``nervecheck insights`` lists them all


class InsightsScreen(Screen[None]):
    """Load and symptom insights over the last 90 days, scrollable."""

    SUB_TITLE = "Insights"
    AUTO_FOCUS = "#insights"
    DEFAULT_CSS = """
    #insights { padding: 0 1; height: 1fr; }
    #insights > .heading { text-style: bold; margin-top: 1; }
    #insights > .item { margin-top: 1; }
    #insights > .stands-out { color: $warning; }
    """
    BINDINGS = [Binding("escape", "app.pop_screen", "Back")]

    def compose(self) -> ComposeResult:
        today = self.app.clock.today()
        since = found_insights.needed_from(today, found_insights.DEFAULT_DAYS)
        units = self.app.store.settings().units
        found = found_insights.insights(from_store(self.app.store, today, since), today, units=units)
        load = found.load
        yield Header(icon="")
        with VerticalScroll(id="insights", can_focus=True):
            yield Static(f"Load, weeks Monday to Sunday (last {found.days} days)", classes="heading", markup=False)
            weeks = [found_insights.week_line(week, units).strip() for week in load.weeks[-WEEKS_SHOWN:]]
            yield Static("\n".join(weeks) or "nothing logged yet", markup=False)
            for line in (found_insights.ratio_line(load.ratio, units), found_insights.long_line(load.long_runs, units),
                         found_insights.rest_line(load.rest)):
                yield Static(line, classes="item", markup=False)
            yield Static("Symptoms against load", classes="heading", markup=False)
            for item in found.items:
                classes = "item stands-out" if item.stands_out else "item"
                rests = f" [{item.rests_on}]" if item.rests_on else ""
                yield Static(("! " if item.stands_out else "") + item.sentence + rests, classes=classes, markup=False)
            yield Static("What went together in your log, not causes, and not advice.", classes="item", markup=False)
        yield Footer()
