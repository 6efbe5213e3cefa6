"""Command palette entries: every section and action reachable by name."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from nervecheck.tui.sections import MORE, SECTIONS


class SectionCommands(Provider):
    """Open any section (check, log, routines, history, insights) or the help from the palette.

    Quit comes from Textual's own system commands (it asks about unsaved work too).
    """

    def _commands(self) -> list[tuple[str, str, object]]:
        app = self.app
        help_command = ("Show keys and help", "Every key of every screen", app.action_help)
        if getattr(app, "store", None) is None:
            return [help_command]  # the damaged-file screen: every section needs the store
        found = [(f"Open {s.title.lower()}", s.help, partial(app.open_section, s.name))
                 for s in SECTIONS + MORE]
        runs = ("Import runs from your watch", "FIT, GPX, TCX files, folders, Strava and Garmin exports",
                app.action_import_runs)  # issue 16
        report = ("Write the report for your clinician", "The last 28 days as markdown and html, beside the database",
                  app.action_write_report)  # issue 17
        return [*found, runs, report, help_command, ("Go home", "Back to the home screen", app.action_go_home)]

    async def discover(self) -> Hits:
        for name, help_text, callback in self._commands():
            yield DiscoveryHit(name, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, callback in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), callback, help=help_text)
