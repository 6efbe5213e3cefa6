"""Import runs from your watch (issue 16): a path, a progress bar, the result in a line.

Opened from the palette ("Import runs from your watch") or ``i`` on the history
screen. The files are read in a worker thread (the watch room's ``read_path``, whose
``progress`` moves the bar); the store is written once, on the app's thread, by
:func:`nervecheck.engine.log.runs.import_activities`, as ``nervecheck runs import`` does.
Escape before the write leaves the database as it was.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, ProgressBar, Static

from nervecheck.engine.textsafe import visible

if TYPE_CHECKING:
    from nervecheck.engine.watch import Problem


class RunsImportScreen(ModalScreen[int]):
    """Ask for a file, folder or export zip; read it; store what is new."""

    DEFAULT_CSS = """
    RunsImportScreen { align: center middle; }
    RunsImportScreen > Vertical { width: 76; height: auto; border: round $accent; padding: 1 2;
                                  background: $surface; }
    RunsImportScreen ProgressBar { margin: 1 0 0 0; }
    RunsImportScreen #runs-result { margin: 1 0 0 0; }
    """
    BINDINGS = [Binding("escape", "close", "Close")]

    def __init__(self) -> None:
        super().__init__()
        self.reading = False
        self.result_line = ""

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("Import runs from your watch: a FIT, GPX or TCX file, a folder, or a Strava or "
                         "Garmin export zip. Enter to import, Escape to close.", markup=False)
            yield Input(placeholder="~/Downloads/export.zip", id="runs-path")
            yield ProgressBar(total=None, show_eta=False, id="runs-progress")
            yield Static("", id="runs-result", markup=False)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        if self.reading:
            return
        if not text:
            self._say("Type the path of a file, a folder or an export zip.")
            return
        self.reading = True
        self._say(f"Reading {visible(text)} ...")
        self._read(Path(text).expanduser())

    @work(thread=True, exclusive=True)
    def _read(self, path: Path) -> None:
        from nervecheck.engine.log import runs
        from nervecheck.engine.watch import dedupe, read_path

        def progress(done: int, total: int) -> None:
            self.app.call_from_thread(self._progress, done, total)

        scan = read_path(path, progress)
        docs = [runs.activity_doc(activity, self.app.clock) for activity in dedupe(scan.activities)]
        self.app.call_from_thread(self._store, docs, list(scan.problems))

    def _progress(self, done: int, total: int) -> None:
        self.query_one("#runs-progress", ProgressBar).update(total=max(total, 1), progress=done)

    def _store(self, docs: list[dict], problems: list[Problem]) -> None:
        from nervecheck.engine.log import runs
        from nervecheck.engine.store import StoreError

        self.reading = False
        if not self.is_attached:
            return  # closed while reading: nothing is stored
        try:
            counts = runs.import_activities(self.app.store, docs)
        except StoreError as error:
            self.app.report_store_error(error)
            return
        # As `nervecheck runs import`: a missing file's row already stored is no fault.
        problems = runs.problems_left(problems, counts)
        line = (f"activities added {counts.added}, duplicates skipped {counts.duplicates}, "
                f"files not readable {len(problems)}, other sports {counts.other_sports}")
        extra = [visible(str(problem)) for problem in problems[:5]]
        if len(problems) > 5:
            extra.append(f"... and {len(problems) - 5} more (`nervecheck runs import` lists them all)")
        if counts.shoes_added:
            extra.append("New shoes: " + ", ".join(visible(name) for name in counts.shoes_added))
        self.result_line = line
        self._say("\n".join([line, *extra]))

    def _say(self, text: str) -> None:
        self.query_one("#runs-result", Static).update(text)

    def action_close(self) -> None:
        self.dismiss(0)
