"""The home screen: today at a glance and the keys to every section."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from nervecheck.engine.units import km_to
from nervecheck.engine.store import DamagedStoreError
from nervecheck.engine.log.summary import HomeSummary, home_summary
from nervecheck.engine.vocab import label
from nervecheck.tui.sections import SECTIONS
from nervecheck.tui.widgets.text import DISPOSITION_STYLE, key_line, row

NOT_A_DOCTOR = "NerveCheck is not a doctor. If in doubt, or if symptoms worsen, contact a healthcare provider."


class HomeScreen(Screen[None]):
    """Today's date, whether it is logged, the latest check, this week's runs."""

    BINDINGS = [
        *(Binding(s.key, f"app.open('{s.name}')", s.title.split()[-1].title()) for s in SECTIONS),
        Binding("i", "app.open('insights')", "Insights", show=False),
        Binding("question_mark", "app.help", "Help"),
        Binding("q", "app.quit", "Quit"),
    ]

    def compose(self) -> ComposeResult:
        # Few widgets on purpose: this is the screen every start-up waits for.
        yield Header(icon="")
        with Vertical(id="home"):
            yield Static(id="today")
            yield Static(self._menu(), id="menu")
            yield Static(NOT_A_DOCTOR, id="disclaimer", markup=False)
        yield Footer()

    @staticmethod
    def _menu() -> Content:
        lines = [key_line(s.key, s.title, s.help) for s in SECTIONS]
        lines += [key_line("?", "Help", "Every key, and what NerveCheck is"), key_line("q", "Quit")]
        return Content("\n").join(lines)

    def on_mount(self) -> None:
        self.refresh_summary()
        # The per-document checks wait until the first frame is on screen and the
        # app is idle: a damaged file still gets its restore screen a moment later.
        self.set_timer(0.25, self.app.verify_store)

    def on_screen_resume(self) -> None:
        self.refresh_summary()

    def refresh_summary(self) -> None:
        """Re-read the store (another process may have written) and redraw."""
        if self.app.store is None:
            return
        try:
            summary = home_summary(self.app.store, self.app.clock.today())
        except DamagedStoreError as error:
            self.app.show_damage(error)
            return
        lines = [
            Content.styled(summary.today.strftime("%A %-d %B %Y"), "bold"),
            Content(""),
            row("Today", self._today_text(summary)),
            self._check_line(summary),
            row("This week", self._week_text(summary)),
        ]
        if summary.notices:
            lines.append(Content(""))
            lines += [Content.styled(f"! {text}", "$warning") for text in summary.notices]
        self.query_one("#today", Static).update(Content("\n").join(lines))

    @staticmethod
    def _today_text(summary: HomeSummary) -> str:
        entry = summary.today_entry
        if entry is None:
            return "not logged yet: press l to check in"
        parts = [f"logged, pain {entry.pain if entry.pain is not None else '-'}"]
        parts += [label(s) for s in entry.symptoms]
        return ", ".join(parts)

    def _check_line(self, summary: HomeSummary) -> Content:
        check = summary.latest_check
        if check is None:
            return row("Last check", "none yet: press c for a symptom check")
        when = self.app.clock.local(check.time).strftime("%-d %b, %H:%M")
        colour = DISPOSITION_STYLE[check.disposition]
        return Content.assemble(("Last check".ljust(12), f"bold {colour}"),
                                (label(check.disposition), f"bold {colour}"), (f"  ({when})", colour))

    def _week_text(self, summary: HomeSummary) -> str:
        units = self.app.store.units()
        distance = km_to(summary.week_km, units)
        runs = "1 run" if summary.week_runs == 1 else f"{summary.week_runs} runs"
        return f"{runs}, {distance:.1f} {units}"
