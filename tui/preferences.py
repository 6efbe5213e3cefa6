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

from textual.theme import ThemeProvider

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
