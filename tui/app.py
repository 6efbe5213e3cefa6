"""NerveCheck's Textual app: wiring only (screens, bindings, theme, palette).

Leaving screens: a screen holding work not yet saved (the log's draft, a routine half
done) has ``confirm_leave(answer)``, which asks the runner if it must and then calls
``answer(True)`` to let it go or ``answer(False)`` to stay. Quitting, going home and
opening a section ask every screen they would close, top first, so no path out of a
screen skips its question.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from nervecheck.engine.clock import Clock, SystemClock
from nervecheck.engine.store import DamagedStoreError, Store, StoreError
from nervecheck.tui.sections import BY_NAME


class NerveCheckApp(App[None]):
    """The app. Build it with a store and a clock so tests can freeze both."""

    TITLE = "NerveCheck"
    CSS_PATH = "app.tcss"
    COMMANDS = App.COMMANDS | {lambda: _section_commands()}
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", show=False, priority=True),
        # Help for the screen on top, on every screen (issue 18); again closes it.
        Binding("f1", "help", "Help", show=False),
        Binding("question_mark", "help", "Help", show=False),
    ]

    def __init__(self, store: Store | None, clock: Clock | None = None, *,
                 db_path: Path | None = None, damage: DamagedStoreError | None = None) -> None:
        super().__init__()
        self.store = store
        self.clock = clock or SystemClock()
        self.db_path = db_path or (store.path if store else None)
        self.damage = damage
        self._leaving = False  # a leave question is open: a second ctrl+q must not stack another
        self.loud_bell = False  # the player's louder pattern (b): a setting, read here
        self._restore_settings()

    def get_default_screen(self) -> Screen:
        if self.damage is not None or self.store is None:
            from nervecheck.tui.screens.damaged import DamagedScreen

            return DamagedScreen(self.damage)
        from nervecheck.tui.screens.home import HomeScreen

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
        from nervecheck.tui.screens.damaged import DamagedScreen

        self.store, self.damage = None, error
        self._leaving = False  # any leave question is buried under this screen now
        self.push_screen(DamagedScreen(error))

    def store_restored(self, store: Store) -> None:
        """The damaged-file screen restored a backup: carry on at home."""
        from nervecheck.tui.screens.home import HomeScreen

        self.store, self.damage = store, None
        self._leaving = False
        # The damaged screen is the default screen, which switch_screen cannot replace
        # (Textual 8 pops a result callback it never pushed): start a fresh stack instead.
        self.add_mode("restored", HomeScreen)
        self.switch_mode("restored")

    # -- leaving screens -----------------------------------------------------------

    def leave_screens(self, screens: Sequence[Screen], then: Callable[[], None]) -> None:
        """Run ``then`` once each of ``screens`` with unsaved work agrees to be left.

        Asked top first, one question at a time; a "stay" anywhere cancels the rest.
        """
        if self._leaving:
            return
        asking = [screen for screen in reversed(screens) if hasattr(screen, "confirm_leave")]
        self._leaving = True
        self._ask_next(asking, then)

    def _ask_next(self, asking: list[Screen], then: Callable[[], None]) -> None:
        if not asking:
            self._leaving = False
            then()
            return

        def answered(leave: bool) -> None:
            if leave:
                self._ask_next(asking[1:], then)
            else:
                self._leaving = False

        asking[0].confirm_leave(answered)

    def _return_to(self, depth: int, screen: Screen | None = None) -> None:
        """Close the screens above the first ``depth``, then open ``screen`` if given."""
        while len(self.screen_stack) > depth:
            self.pop_screen()
        if screen is not None:
            self.push_screen(screen)

    async def action_quit(self) -> None:
        """Quit, once every screen with unsaved work has agreed (ctrl+q, q, the palette)."""
        if self.store is None:
            self.exit()  # the damaged-file screen: nothing can be saved, nothing to ask
            return
        self.leave_screens(self.screen_stack, self.exit)

    def action_go_home(self) -> None:
        """Close every screen above home (each with unsaved work asks first)."""
        if self.store is None:
            return  # no home without a store: the damaged-file screen stays
        self.leave_screens(self.screen_stack[1:], lambda: self._return_to(1))

    def open_section(self, name: str, **options: Any) -> None:
        """Open a section's screen (check, log, routines, history).

        A section already open further down is not stacked again: the stack goes back
        to it if it already shows what is asked (its ``reopens(**options)``), or it is
        replaced by a fresh one. Either way the screens closed on the way ask first.
        """
        self.verify_store()  # a section opened before the deferred checks ran must not read damage
        if self.store is None:
            return  # every section reads the store; the damaged-file screen offers none
        screen_class = BY_NAME[name].load()
        stack = self.screen_stack
        found = [i for i in range(1, len(stack)) if isinstance(stack[i], screen_class)]
        if not found:
            self.push_screen(screen_class(**options))
            return
        index = found[-1]
        if getattr(stack[index], "reopens", lambda **_: False)(**options):
            self.leave_screens(stack[index + 1:], lambda: self._return_to(index + 1))
        else:
            self.leave_screens(stack[index:], lambda: self._return_to(index, screen_class(**options)))

    def action_open(self, name: str) -> None:
        self.open_section(name)

    def action_import_runs(self) -> None:
        """Issue 16: the path prompt and progress bar of a watch import."""
        self.verify_store()
        if self.store is None:
            return
        from nervecheck.tui.screens.runs_import import RunsImportScreen

        self.push_screen(RunsImportScreen())

    def action_write_report(self) -> None:
        """Issue 17: write the clinician report (md and html) beside the database and
        say where, or say plainly why not (engine/log/report_files.py does the work)."""
        self.verify_store()
        if self.store is None:
            return
        from nervecheck.engine.log.report_files import ReportFileError, write_reports
        from nervecheck.engine.textsafe import visible

        try:
            paths = write_reports(self.store, self.clock.today())
        except DamagedStoreError as error:
            self.show_damage(error)
        except (ReportFileError, StoreError) as error:
            self.notify(visible(str(error)), title="Report not written", severity="error", timeout=10, markup=False)
        else:
            self.notify(visible("\n".join(str(path) for path in paths)), title="Report written (28 days)",
                        timeout=10, markup=False)

    def action_help(self) -> None:
        """Open help for the screen on top (its own keys first); on help, close it."""
        from nervecheck.tui.screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            self.screen.dismiss()
            return
        self.push_screen(HelpScreen(self.screen))

    # -- remembered things (issue 18): the theme, the loud bell, screenshots -----------

    def _restore_settings(self) -> None:
        """The saved theme and loud bell, read without the models (before the first frame)."""
        if self.store is None:
            return
        # Unreadable (gone, damaged): the defaults, and the first frame says what is wrong.
        theme, self.loud_bell = self._setting("theme"), self._setting("loud_bell") is True
        if theme in self.available_themes:  # a theme no longer offered: Textual's own
            self.theme = theme

    def _setting(self, name: str) -> Any:
        """A setting read light, ``None`` without a readable store (the default is used)."""
        try:
            return self.store.setting(name) if self.store is not None else None
        except StoreError:
            return None

    def action_change_theme(self) -> None:
        """The palette's Theme command; the theme chosen is saved for the next start."""
        from textual.command import CommandPalette

        from nervecheck.tui.preferences import RememberedThemes

        self.push_screen(CommandPalette(providers=[RememberedThemes], placeholder="Search for themes…"))

    def remember_theme(self, name: str) -> None:
        """Use the theme ``name`` and save it in the settings."""
        self.theme = name
        self.save_setting(theme=name)

    def save_setting(self, **values: Any) -> bool:
        """Save settings (the others kept as on disk); a failed write is said, not raised."""
        if self.store is None:
            return False
        try:
            self.store.change_settings(**values)
        except StoreError as error:
            self.report_store_error(error)
            return False
        return True

    def get_system_commands(self, screen: Screen):
        """Textual's palette commands, with its screenshot saved where it can be written."""
        for command in super().get_system_commands(screen):
            if command.title == "Screenshot":
                yield SystemCommand("Screenshot", "Save an SVG picture of the screen beside the database",
                                    lambda: self.set_timer(0.1, self.action_screenshot))
                if self.store is not None:
                    yield SystemCommand("Screenshot folder", "Choose the folder screenshots are saved in",
                                        self.action_screenshot_folder)
            else:
                yield command

    def action_screenshot_folder(self) -> None:
        """Ask for the screenshots' folder and save it in the settings (blank: the default)."""
        from nervecheck.tui.preferences import ask_screenshot_folder

        ask_screenshot_folder(self, self._setting("screenshots"))

    def action_screenshot(self, filename: str | None = None, path: str | None = None) -> None:
        """Save an SVG screenshot in ``path``, else the folder set in the settings, else
        ``screenshots`` beside the database, saying where (Textual's own goes to
        ``~/Downloads``, missing on most Pis and SSH boxes)."""
        from nervecheck.tui.preferences import save_screenshot, screenshot_folder

        folder = Path(path) if path else screenshot_folder(self._setting("screenshots"), self.db_path)
        save_screenshot(self, folder, filename)

    def report_store_error(self, error: StoreError) -> None:
        """A write failed (disk full, read-only...): say so; reading still works."""
        from nervecheck.engine.textsafe import visible

        # The message quotes a path, which may hold "[" or control characters.
        self.notify(visible(str(error)), title="Not saved", severity="error", timeout=10, markup=False)


def _section_commands() -> type:
    """The palette's provider, imported when the palette first opens (not at start-up)."""
    from nervecheck.tui.commands import SectionCommands

    return SectionCommands


def build_app(store: Store | None, clock: Clock | None = None, **kwargs: Any) -> NerveCheckApp:
    """The factory tests and ``run`` use."""
    return NerveCheckApp(store, clock, **kwargs)


def run(db_path: Path, clock: Clock | None = None) -> int:
    """Open the TUI on ``db_path`` (on ``clock``, by default the real one); a damaged
    file opens the restore screen instead."""
    from nervecheck.engine.store import open_store

    clock = clock or SystemClock()
    try:
        # The checks of every document run right after the first frame (verify_store).
        store, damage = open_store(db_path, clock, check_later=True, long_lived=True), None
    except DamagedStoreError as error:
        store, damage = None, error
    from nervecheck.engine.store import wait_notices_to

    # A save that waits for another nervecheck's lock must not write over the screen;
    # it gives up after the bounded wait with a StoreError the screens show.
    with wait_notices_to(None):
        build_app(store, clock, db_path=db_path, damage=damage).run()
    return 0
