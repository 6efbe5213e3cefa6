"""NerveCheck's Textual app: wiring only (screens, bindings, theme, palette)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.app import App
from textual.binding import Binding
from textual.screen import Screen

from engine.clock import Clock, SystemClock
from engine.storage import DamagedStoreError, StoreError
from engine.store import Store
from tui.sections import BY_NAME


class NerveCheckApp(App[None]):
    """The app. Build it with a store and a clock so tests can freeze both."""

    TITLE = "NerveCheck"
    CSS_PATH = "app.tcss"
    COMMANDS = App.COMMANDS | {lambda: _section_commands()}
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", show=False, priority=True),
        Binding("f1", "help", "Help", show=False),
    ]

    def __init__(self, store: Store | None, clock: Clock | None = None, *,
                 db_path: Path | None = None, damage: DamagedStoreError | None = None) -> None:
        super().__init__()
        self.store = store
        self.clock = clock or SystemClock()
        self.db_path = db_path or (store.path if store else None)
        self.damage = damage

    def get_default_screen(self) -> Screen:
        if self.damage is not None or self.store is None:
            from tui.screens.damaged import DamagedScreen

            return DamagedScreen(self.damage)
        from tui.screens.home import HomeScreen

        return HomeScreen()

    def verify_store(self) -> None:
        """Finish the checks the store put off to draw the first frame sooner."""
        if self.store is None:
            return
        try:
            self.store.verify()
        except DamagedStoreError as error:
            self.show_damage(error)

    def show_damage(self, error: DamagedStoreError) -> None:
        """The file turned out damaged: explain and offer the restore, over everything."""
        from tui.screens.damaged import DamagedScreen

        self.store, self.damage = None, error
        self.push_screen(DamagedScreen(error))

    def store_restored(self, store: Store) -> None:
        """The damaged-file screen restored a backup: carry on at home."""
        from tui.screens.home import HomeScreen

        self.store, self.damage = store, None
        # The damaged screen is the default screen, which switch_screen cannot replace
        # (Textual 8 pops a result callback it never pushed): start a fresh stack instead.
        self.add_mode("restored", HomeScreen)
        self.switch_mode("restored")

    def action_go_home(self) -> None:
        """Close every screen above home."""
        while len(self.screen_stack) > 1:
            self.pop_screen()

    def open_section(self, name: str, **options: Any) -> None:
        """Open a section's screen (check, log, routines, history) over the current one."""
        self.push_screen(BY_NAME[name].load()(**options))

    def action_open(self, name: str) -> None:
        self.open_section(name)

    def action_help(self) -> None:
        from tui.screens.help import HelpScreen

        self.push_screen(HelpScreen())

    def report_store_error(self, error: StoreError) -> None:
        """A write failed (disk full, read-only...): say so; reading still works."""
        from engine.textsafe import visible

        # The message quotes a path, which may hold "[" or control characters.
        self.notify(visible(str(error)), title="Not saved", severity="error", timeout=10, markup=False)


def _section_commands() -> type:
    """The palette's provider, imported when the palette first opens (not at start-up)."""
    from tui.commands import SectionCommands

    return SectionCommands


def build_app(store: Store | None, clock: Clock | None = None, **kwargs: Any) -> NerveCheckApp:
    """The factory tests and ``run`` use."""
    return NerveCheckApp(store, clock, **kwargs)


def run(db_path: Path) -> int:
    """Open the TUI on ``db_path``; a damaged file opens the restore screen instead."""
    from engine.store import open_store

    clock = SystemClock()
    try:
        # The checks of every document run right after the first frame (verify_store).
        store, damage = open_store(db_path, clock, check_later=True), None
    except DamagedStoreError as error:
        store, damage = None, error
    build_app(store, clock, db_path=db_path, damage=damage).run()
    return 0
