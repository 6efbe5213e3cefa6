"""The home screen: today at a glance and the keys to every section."""

from __future__ import annotations

import datetime as dt
import os

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from nervecheck.engine.units import km_to
from nervecheck.engine.store import DamagedStoreError
from nervecheck.engine.log.summary import HomeSummary, days_ago, home_summary, insight_line, recheck_nudge
from nervecheck.engine.vocab import label
from nervecheck.tui.sections import SECTIONS
from nervecheck.tui.widgets.text import DISPOSITION_STYLE, key_line, row

NOT_A_DOCTOR = "NerveCheck is not a doctor. If in doubt, or if symptoms worsen, contact a healthcare provider."


class HomeScreen(Screen[None]):
    """Today's date, whether it is logged, the latest check, this week's runs.

    It stays current (issue 18): it redraws at local midnight (a timer set from the
    app's clock), and a poll every ``POLL_SECONDS`` redraws when the day has changed
    by the clock (a suspended laptop, a test's advanced clock) or the database file's
    stat has (another process wrote it: a cron ``nervecheck log add``). A poll is one
    ``stat`` call; the file is read again only when it changed.
    """

    POLL_SECONDS = 3.0

    BINDINGS = [
        *(Binding(s.key, f"app.open('{s.name}')", s.title.split()[-1].title()) for s in SECTIONS),
        Binding("i", "app.open('insights')", "Insights", show=False),
        Binding("p", "app.write_report", "Report", show=False),
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

    def __init__(self) -> None:
        super().__init__()
        self._shown_day: dt.date | None = None
        self._stamp: tuple[int, int, int] | None = None
        self._settled = False  # after the first frame: the nudge may load the triage content
        self._nudge: tuple[object, str | None] = (None, None)  # ((check time, day), nudge)
        self._insight: tuple[object, str | None] = (None, None)  # ((file stamp, day), line)

    def on_mount(self) -> None:
        self.refresh_summary()
        # The per-document checks wait until the first frame is on screen and the
        # app is idle: a damaged file still gets its restore screen a moment later.
        self.set_timer(0.25, self._after_first_frame)
        self.set_interval(self.POLL_SECONDS, self._poll)
        self._arm_midnight()

    def _after_first_frame(self) -> None:
        self.app.verify_store()
        self._settled = True
        self.refresh_summary()

    def on_screen_resume(self) -> None:
        self.refresh_summary()

    def _arm_midnight(self) -> None:
        """A timer for the next local midnight by the app's clock (then set again)."""
        clock = self.app.clock
        midnight = clock.at(clock.today() + dt.timedelta(days=1), dt.time(0))
        seconds = max(1.0, (midnight - clock.now()).total_seconds() + 1)
        self.set_timer(seconds, self._at_midnight)

    def _at_midnight(self) -> None:
        self._poll()
        self._arm_midnight()

    def _file_stamp(self) -> tuple[int, int, int] | None:
        store = self.app.store
        try:
            info = os.stat(store.path) if store is not None else None
        except OSError:
            return None
        return None if info is None else (info.st_ino, info.st_size, info.st_mtime_ns)

    def _poll(self) -> None:
        """Redraw if the day or the database file changed since the last drawing."""
        if not self.is_current:
            return  # shown again later: on_screen_resume redraws then
        if self.app.clock.today() != self._shown_day or self._file_stamp() != self._stamp:
            self.refresh_summary()

    def refresh_summary(self) -> None:
        """Re-read the store (another process may have written) and redraw."""
        if self.app.store is None:
            return
        self._stamp = self._file_stamp()  # before reading: a write during the read is seen next poll
        try:
            # The shoe notices read every imported activity: after the first frame.
            summary = home_summary(self.app.store, self.app.clock.today(), shoes=self._settled)
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
        nudge = self._recheck(summary)
        if nudge:
            lines.insert(4, Content.styled(f"{'':12}{nudge} Press c.", "$accent"))
        insight = self._insight_line(summary)
        if insight and len(lines) + 1 + bool(summary.notices) + len(summary.notices) <= self._room():
            lines.append(row("Insight", Content.styled(insight, "$warning")))
        if summary.notices:
            lines.append(Content(""))
            lines += [Content.styled(f"! {text}", "$warning") for text in summary.notices]
        self._shown_day = summary.today
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
        local = self.app.clock.local(check.time)
        when = f"{local:%-d %b, %H:%M}, {days_ago(local.date(), summary.today)}"
        colour = DISPOSITION_STYLE[check.disposition]
        return Content.assemble(("Last check".ljust(12), f"bold {colour}"),
                                (label(check.disposition), f"bold {colour}"), (f"  ({when})", colour))

    def _recheck(self, summary: HomeSummary) -> str | None:
        """The engine's nudge when the latest check asked for another the next day.

        Worked out once per check, and not before the first frame: it reads the saved
        check's outcome, which loads the triage content."""
        check = summary.latest_check
        if check is None or not self._settled:
            return None
        if self._nudge[0] != (check.time, summary.today):
            # The light view, not the models: building every saved check's model here
            # loaded pydantic at start-up and cost ~17 MiB of peak memory (bench a).
            day = self.app.clock.local(check.time).date()
            self._nudge = ((check.time, summary.today), recheck_nudge(check, day, summary.today))
        return self._nudge[1]

    def _insight_line(self, summary: HomeSummary) -> str | None:
        """The engine's line when an insight stands out (issue 17). Not before the
        first frame, and worked out again only when the file or the day changed."""
        if not self._settled:
            return None
        key = (self._stamp, summary.today)
        if self._insight[0] != key:
            try:
                self._insight = (key, insight_line(self.app.store, summary.today))
            except DamagedStoreError as error:
                self.app.show_damage(error)
                return None
        return self._insight[1]

    def _room(self) -> int:
        """The lines #today may take without pushing the menu under the disclaimer."""
        taken = 0
        for widget in (self.query_one("#menu"), self.query_one("#disclaimer")):
            margin = widget.styles.margin
            taken += widget.outer_size.height + margin.top + margin.bottom
        return self.query_one("#home").content_region.height - taken

    def _week_text(self, summary: HomeSummary) -> str:
        units = self.app.store.units()
        distance = km_to(summary.week_km, units)
        runs = "1 run" if summary.week_runs == 1 else f"{summary.week_runs} runs"
        return f"{runs}, {distance:.1f} {units}"
