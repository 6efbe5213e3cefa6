"""Bindings shared by several screens (the whole key map is ``docs/keys.md``).

``HELP`` goes on every modal screen: a modal screen's keys do not reach the app's, so
without it ``?`` and ``f1`` would do nothing over a dialog. It runs the app's action,
so the key keeps one meaning everywhere (``tests/test_keys.py``).
"""

from __future__ import annotations

from textual.binding import Binding

HELP = [
    Binding("question_mark", "app.help", "Help", show=False),
    Binding("f1", "app.help", "Help", show=False),
]
