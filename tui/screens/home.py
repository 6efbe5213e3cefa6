"""The home screen: today at a glance and the keys to every section."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from engine.units import km_to
from engine.storage import DamagedStoreError
from engine.summary import HomeSummary, home_summary
from engine.vocab import label
from tui.sections import SECTIONS
from tui.widgets.text import DISPOSITION_CLASS, key_line, row

NOT_A_DOCTOR = "NerveCheck is not a doctor. If in doubt, or if symptoms worsen, contact a healthcare provider."


class HomeScreen(Screen[None]):
    """Today's date, whether it is logged, the latest check, this week's runs."""

    BINDINGS = [
        *(Binding(s.key, f"app.open('{s.name}')", s.title.split()[-1].title()) for s in SECTIONS),
        Binding("question_mark", "app.help", "Help"),
        Binding("q", "app.quit", "Quit"),
    ]

    def compose(self) -> ComposeResult:
        yield Header(icon="")
        with Vertical(id="home"):
            yield Static(id="date")
            yield Static(id="today")
            yield Static(id="check")
            yield Static(id="week")
            yield Static(id="notices")
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
        self.query_one("#date", Static).update(Content.styled(summary.today.strftime("%A %-d %B %Y"), "bold"))
        self.query_one("#today", Static).update(row("Today", self._today_text(summary)))
        self._show_check(summary)
        self.query_one("#week", Static).update(row("This week", self._week_text(summary)))
        notices = self.query_one("#notices", Static)
        notices.update(Content("\n").join(Content(f"! {text}") for text in summary.notices))
        notices.display = bool(summary.notices)

    @staticmethod
    def _today_text(summary: HomeSummary) -> str:
        entry = summary.today_entry
        if entry is None:
            return "not logged yet: press l to check in"
        parts = [f"logged, pain {entry.pain if entry.pain is not None else '-'}"]
        parts += [label(s) for s in entry.symptoms]
        return ", ".join(parts)

    def _show_check(self, summary: HomeSummary) -> None:
        widget = self.query_one("#check", Static)
        check = summary.latest_check
        widget.set_classes("")
        if check is None:
            widget.update(row("Last check", "none yet: press c for a symptom check"))
            return
        when = check.time.astimezone().strftime("%-d %b, %H:%M")
        value = Content.assemble((label(check.disposition), "bold"), f"  ({when})")
        widget.update(row("Last check", value))
        widget.add_class(DISPOSITION_CLASS[check.disposition])

    def _week_text(self, summary: HomeSummary) -> str:
        units = self.app.store.units()
        distance = km_to(summary.week_km, units)
        runs = "1 run" if summary.week_runs == 1 else f"{summary.week_runs} runs"
        return f"{runs}, {distance:.1f} {units}"
