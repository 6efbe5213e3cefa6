"""Shown instead of home when the database file is damaged: explain, offer a restore."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from nervecheck.engine.store import DamagedStoreError, StoreError, newest_valid_backup, open_store, restore_backup
from nervecheck.engine.textsafe import visible


class DamagedScreen(Screen[None]):
    """The path, what is wrong and where, the kept copy, and the newest good backup."""

    BINDINGS = [
        Binding("r", "restore", "Restore backup"),
        Binding("q", "app.quit", "Quit"),
    ]

    def __init__(self, damage: DamagedStoreError | None) -> None:
        super().__init__()
        self.damage = damage

    def compose(self) -> ComposeResult:
        yield Header(icon="")
        with Vertical(id="damaged"):
            yield Static("Your NerveCheck database cannot be read", classes="title")
            yield Static(self._explain(), id="damage-detail")
            yield Static(id="restore-offer")
        yield Footer()

    def _explain(self) -> Content:
        damage = self.damage
        if damage is None:
            return Content("No database is open.")
        lines = [f"File:    {damage.path}", f"Problem: {damage.problem}", "The file was left exactly as it is."]
        if damage.kept_copy:
            lines.append(f"A copy is kept at {damage.kept_copy}")
        return Content("\n".join(visible(line) for line in lines))

    def on_mount(self) -> None:
        offer = self.query_one("#restore-offer", Static)
        backup = self._backup()
        if backup is None:
            offer.update(Content("There is no valid backup to restore. Press q to quit."))
        else:
            offer.update(Content(f"Newest good backup: {visible(backup.name)}\nPress r to restore it, or q to quit."))

    def _backup(self):
        if self.damage is None:
            return None
        return newest_valid_backup(self.damage.path)[0]

    def action_restore(self) -> None:
        backup = self._backup()
        if backup is None or self.damage is None:
            self.notify("No valid backup to restore.", severity="error")
            return
        try:
            restore_backup(self.damage.path, self.app.clock, backup)
            store = open_store(self.damage.path, self.app.clock, long_lived=True)
        except StoreError as error:
            self.notify(visible(str(error)), title="Restore failed", severity="error", markup=False)
            return
        self.notify(f"Restored from {visible(backup.name)}", markup=False)
        self.app.store_restored(store)
