"""Remembered things (issue 18): the theme chosen in the palette, and where screenshots go.

The choices themselves are settings of the store (``theme``, ``loud_bell``,
``screenshots``, in :mod:`nervecheck.engine.store.fields`); this module is the palette's
side of them. Imported when the palette or a screenshot needs it, not at start-up.
"""

from __future__ import annotations

import os
from functools import partial
from pathlib import Path
from typing import Any

from textual.app import App
from textual.theme import ThemeProvider

from nervecheck.engine.store import describe_os_error
from nervecheck.engine.textsafe import visible

#: The folder beside the database that screenshots go to when none is set.
SCREENSHOT_FOLDER = "screenshots"


class RememberedThemes(ThemeProvider):
    """Textual's theme list, but choosing one saves it, so the next start has it too."""

    @property
    def commands(self) -> list[tuple[str, Any]]:
        app = self.app
        return [(name, partial(app.remember_theme, name)) for name in sorted(app.available_themes)]


def screenshot_folder(setting: str | None, db_path: Path | None) -> Path:
    """The folder the runner set (``~`` expanded), else ``screenshots`` beside the
    database (not ``~/Downloads``, which most Pis and SSH boxes lack)."""
    if setting:
        return Path(os.path.expanduser(setting))
    base = db_path.parent if db_path is not None else Path.cwd()
    return base / SCREENSHOT_FOLDER


def save_screenshot(app: App, folder: Path, filename: str | None = None) -> Path | None:
    """Save ``app``'s screen as SVG in ``folder`` (made owner-only when missing) and
    say the full path, or say plainly why it could not be written (``None``)."""
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        saved = Path(app.save_screenshot(filename, str(folder))).resolve()
    except OSError as error:
        app.notify(f"Cannot write to {visible(str(folder))}: {describe_os_error(error)}. "
                   "Choose another with the palette's Screenshot folder.",
                   title="Screenshot not saved", severity="error", timeout=10, markup=False)
        return None
    app.notify(visible(str(saved)), title="Screenshot saved", timeout=10, markup=False)
    return saved


def ask_screenshot_folder(app: Any, current: str | None) -> None:
    """Ask for the folder screenshots go to, then save it in the settings (blank: the
    default beside the database) and say where they go now."""
    from nervecheck.tui.widgets.folder_prompt import FolderPrompt

    def chosen(typed: str | None) -> None:
        if typed is not None and app.save_setting(screenshots=typed or None):
            where = screenshot_folder(typed or None, app.db_path)
            app.notify(visible(str(where)), title="Screenshots go to", timeout=6, markup=False)

    app.push_screen(FolderPrompt(current or "", screenshot_folder(None, app.db_path)), chosen)
