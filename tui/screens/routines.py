"""The routines screen: every routine, this week's progress, and whether it may start.

Whether a routine is open comes from :func:`nervecheck.engine.routines.plan.gate` on the latest saved
check (the contract routines by the contract, the others by their content rule); this
screen only shows the answer and refuses to open a locked routine. Gating
is read again whenever the screen is shown, since a new check may have been saved.
"""

from __future__ import annotations

import datetime as dt

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from nervecheck.engine.routines.cardio import CARDIO_ROUTINE, counted_line
from nervecheck.engine.routines.plan import Gate, Routine, cardio_counted, gate, load_routines, progress_label
from nervecheck.engine.vocab import label
from nervecheck.tui.widgets.text import DISPOSITION_CLASS, row

ASK_FOR_CHECK = "press c to start a symptom check"
WARNING_SIGNS_KEY = "w: the warning signs that mean stop and get help (read before you start)"


class RoutinesScreen(Screen[None]):
    """The list of routines; enter or a number opens an open one in the player."""

    SUB_TITLE = "Routines"
    CSS_PATH = "../routines.tcss"
    BINDINGS = [
        # Priority, so enter opens the routine rather than only "selecting" the option.
        Binding("enter", "open_highlighted", "Open", priority=True),
        Binding("c", "app.open('check')", "Symptom check"),
        Binding("w", "warning_signs", "Warning signs"),
        Binding("escape", "app.pop_screen", "Back"),
        Binding("question_mark", "app.help", "Help"),
        *(Binding(str(n), f"open_number({n})", f"Open routine {n}", show=False) for n in range(1, 10)),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.book = load_routines()
        self.gates: dict[str, Gate] = {}
        self.cardio_line = ""  # this week's imported sessions that counted towards cardio

    def compose(self) -> ComposeResult:
        yield Header(icon="")
        with Vertical(id="routines"):
            yield Static(id="routines-check")
            yield OptionList(id="routine-list", compact=True)
            with VerticalScroll(id="routine-detail-scroll"):
                yield Static(id="routine-detail")
        yield Footer()

    def on_mount(self) -> None:
        self.refresh_routines()

    def on_screen_resume(self) -> None:
        self.refresh_routines()

    def refresh_routines(self) -> None:
        """Re-read the latest check and this week's log, then redraw every routine."""
        store, clock = self.app.store, self.app.clock
        self.gates = gate(store.latest_check(), clock.now(), self.book)
        entries, today = store.entries(), clock.today()
        week = store.activity_views(today - dt.timedelta(days=today.weekday()), today)
        self.cardio_line = counted_line(cardio_counted(week, today, self.book))
        options = [
            Option(self._option(n, r, progress_label(entries, r.id, today, self.book, week)), id=r.id)
            for n, r in enumerate(self.book.routines, start=1)
        ]
        routine_list = self.query_one(OptionList)
        highlighted = routine_list.highlighted
        routine_list.set_options(options)
        routine_list.highlighted = highlighted if highlighted is not None else 0
        self._show_check()
        self._show_detail()

    def _option(self, number: int, routine: Routine, progress: str) -> Content:
        door = self.gates[routine.id]
        status = ("open", "bold $success") if door.open else ("locked", "bold $warning")
        first = Content.assemble(
            (f"{number} ", "bold"), (routine.title.ljust(20), "bold"), progress.ljust(24), status
        )
        second = Content.styled(f"  {door.reason}", "dim" if door.open else "$warning")
        return Content("\n").join([first, second])

    def _show_check(self) -> None:
        widget = self.query_one("#routines-check", Static)
        check = self.app.store.latest_check()
        widget.set_classes("")
        if check is None:
            widget.update(row("Last check", "none yet: " + ASK_FOR_CHECK))
            return
        when = self.app.clock.local(check.time).strftime("%-d %b, %H:%M")
        widget.update(row("Last check", Content.assemble((label(check.disposition), "bold"), f"  ({when})")))
        widget.add_class(DISPOSITION_CLASS[check.disposition])

    def _show_detail(self) -> None:
        routine = self._highlighted()
        if routine is None:
            return
        door = self.gates[routine.id]
        lines = [Content(routine.summary)]
        if routine.id == CARDIO_ROUTINE and self.cardio_line:
            lines.append(Content.assemble(("Counted from your imported activities: ", "bold"), self.cardio_line))
        if door.open:
            names = ", ".join(exercise.name for exercise in routine.exercises)
            lines.append(Content.assemble(("Exercises: ", "bold"), names))
        else:  # the check's reason is on the highlighted row just above
            if door.why:  # a routine outside the contract says why it waits too
                lines.append(Content.assemble(("Why: ", "bold"), door.why))
            lines.append(Content.assemble(("Opens with: ", "bold"), door.unlock))
        if door.asks_for_check:
            lines.append(Content.styled(ASK_FOR_CHECK.capitalize(), "bold"))
        lines.append(Content.styled(WARNING_SIGNS_KEY, "$error"))
        self.query_one("#routine-detail", Static).update(Content("\n").join(lines))

    def on_option_list_option_highlighted(self, _: OptionList.OptionHighlighted) -> None:
        self._show_detail()

    def _highlighted(self) -> Routine | None:
        index = self.query_one(OptionList).highlighted
        return None if index is None else self.book.routines[index]

    def action_warning_signs(self) -> None:
        """Show the highlighted routine's stop rules and notes, open or locked."""
        from nervecheck.tui.screens.warning_signs import WarningSignsScreen

        routine = self._highlighted()
        if routine is not None:
            self.app.push_screen(WarningSignsScreen(routine_id=routine.id))

    def action_open_highlighted(self) -> None:
        routine = self._highlighted()
        if routine is not None:
            self.open_routine(routine.id)

    def action_open_number(self, number: int) -> None:
        if 1 <= number <= len(self.book.routines):
            self.query_one(OptionList).highlighted = number - 1
            self.open_routine(self.book.routines[number - 1].id)

    def open_routine(self, routine_id: str) -> None:
        """Open the player, unless the latest check locked the routine: then say why."""
        from nervecheck.tui.screens.player import PlayerScreen

        self.refresh_routines()  # a check may have been saved since we last looked
        door = self.gates[routine_id]
        if not door.open:
            self.notify(f"{door.reason}. Opens with {door.unlock}.", title="Locked", severity="warning")
            return
        self.app.push_screen(PlayerScreen(routine_id=routine_id))
