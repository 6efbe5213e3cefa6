"""A check's result: the disposition in words and colour, and everything behind it.

``emergency`` gets a panel of its own with nothing competing with it: the ticked sign
in its title and what to do now. Every other result shows what to do, when to act
sooner (its safety net), the likely nerve, the routines now open, why, the sources and
the not-a-doctor notice; ``urgent_today`` in a colour of its own.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from nervecheck.engine.triage.tree import Outcome
from nervecheck.engine.triage.loading import load_sources
from nervecheck.engine.vocab import label
from nervecheck.tui.widgets.text import DISPOSITION_CLASS

NOT_A_DOCTOR = ("NerveCheck is not a doctor: this is general advice, not a diagnosis, and it cannot rule "
                "anything out. If symptoms get worse or you are worried, contact a healthcare provider.")

HEADLINES = {
    "emergency": "Go to an emergency department now, or call your local emergency number",
    "urgent_today": "Get medical help today: an urgent same-day appointment or an advice line",
    "see_clinician": "See a clinician: book a doctor or physical therapist in the next few days",
    "rest_and_treat": "Rest and treat: stop running through it and look after it at home",
    "modify_training": "Modify training: stay active, but lighter",
    "keep_running": "Keep running: nothing bothers you today",
}


def _section(title: str, lines: list[str] | tuple[str, ...], bullet: str = "- ") -> Content:
    body = [Content.styled(title, "bold")]
    body += [Content(f"{bullet}{line}") for line in lines]
    return Content("\n").join(body)


class ResultView(VerticalScroll):
    """The whole result, scrollable at 80x24."""

    DEFAULT_CSS = """
    ResultView {
        height: 1fr;
        padding: 0 1;
        & > Static { margin-bottom: 1; }
        & #banner { padding: 0 1; border-left: thick $primary; }
        & #banner.-urgent-today { border-left: outer $error; color: $text-error; background: $error-muted; }
        & #banner.-see-clinician, & #banner.-rest-and-treat { border-left: thick $warning; color: $warning; }
        & #result-net { border-left: thick $error 50%; padding-left: 1; }
        & #banner.-modify-training { border-left: thick $accent; color: $accent; }
        & #banner.-keep-running { border-left: thick $success; color: $success; }
        & #result-note { color: $text-muted; }
    }
    """

    def __init__(self, outcome: Outcome, subtitle: str = "", **kwargs) -> None:
        super().__init__(**kwargs)
        self.outcome = outcome
        self.subtitle = subtitle

    def compose(self) -> ComposeResult:
        outcome = self.outcome
        banner = Content.assemble((HEADLINES[outcome.disposition], "bold"), "\n", outcome.title)
        if self.subtitle:
            banner = Content.assemble(banner, "\n", (self.subtitle, "dim"))
        yield Static(banner, id="banner", classes=DISPOSITION_CLASS[outcome.disposition])
        yield Static(_section("What to do", outcome.advice), id="result-advice")
        if outcome.safety_net:
            yield Static(_section("When to act sooner", outcome.safety_net), id="result-net")
        if outcome.nerve:
            nerve = load_sources().nerves.get(outcome.nerve, "")
            yield Static(_section("Likely nerve", [f"{label(outcome.nerve)}: {nerve}"], ""), id="result-nerve")
        yield Static(self._routines(), id="result-routines")
        yield Static(_section("Why this result", outcome.why), id="result-why")
        titles = {source.id: source.title for source in load_sources().sources}
        yield Static(_section("Sources", [titles.get(s, s) for s in outcome.sources]), id="result-sources")
        yield Static(NOT_A_DOCTOR, id="result-note", markup=False)

    def _routines(self) -> Content:
        routines = self.outcome.routines
        if not routines:
            return _section("Routines", ["None for now: no workouts until a clinician clears you or a later check opens them."])
        names = ", ".join(label(r) for r in routines)
        return _section("Routines now open", [f"{names}. Press r to go to them."])


class EmergencyView(VerticalScroll):
    """Full-screen, error-coloured: what to do now and nothing else."""

    DEFAULT_CSS = """
    EmergencyView {
        height: 1fr;
        background: $error;
        color: $text;
        padding: 1 2;
        & #emergency-headline { text-style: bold; margin-bottom: 1; }
        & Static { margin-bottom: 1; }
    }
    """

    def __init__(self, outcome: Outcome, subtitle: str = "", **kwargs) -> None:
        super().__init__(**kwargs)
        self.outcome = outcome
        self.subtitle = subtitle

    def compose(self) -> ComposeResult:
        yield Static(HEADLINES["emergency"].upper(), id="emergency-headline", markup=False)
        yield Static(self.outcome.title, id="emergency-title", markup=False)
        for line in self.outcome.advice:
            yield Static(line, markup=False)
        if self.subtitle:
            yield Static(self.subtitle, markup=False)


def result_view(outcome: Outcome, subtitle: str = "") -> VerticalScroll:
    """The right view for this outcome."""
    cls = EmergencyView if outcome.disposition == "emergency" else ResultView
    return cls(outcome, subtitle, id="result")
