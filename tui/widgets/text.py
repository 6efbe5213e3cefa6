"""Building display text safely: user text is always literal and visible.

User text (notes) goes through :func:`user_text`: control characters become visible
symbols (so no escape sequence reaches the terminal) and the result is a ``Content``,
which Textual never parses as markup.
"""

from __future__ import annotations

from textual.content import Content

from nervecheck.engine.textsafe import visible

DISPOSITION_CLASS = {
    "emergency": "-emergency",
    "urgent_today": "-urgent-today",
    "see_clinician": "-see-clinician",
    "rest_and_treat": "-rest-and-treat",
    "modify_training": "-modify-training",
    "keep_running": "-keep-running",
}


#: The same colours for text drawn inside one widget (theme variables only).
DISPOSITION_STYLE = {
    "emergency": "$error",
    "urgent_today": "$error",
    "see_clinician": "$warning",
    "rest_and_treat": "$warning",
    "modify_training": "$accent",
    "keep_running": "$success",
}


def user_text(text: str, keep_newlines: bool = False) -> Content:
    """Literal, inert content for text a user typed."""
    return Content(visible(text, keep_newlines=keep_newlines))


def key_line(key: str, title: str, help_text: str = "") -> Content:
    """``[c] Symptom check  Answer a few questions`` with the key picked out."""
    parts: list[tuple[str, str] | str] = [(f" {key} ", "bold reverse"), " ", (title, "bold")]
    if help_text:
        parts += ["  ", (help_text, "dim")]
    return Content.assemble(*parts)


def row(name: str, value: Content | str, width: int = 12) -> Content:
    """A ``name   value`` line with the name in a fixed column."""
    value = value if isinstance(value, Content) else Content(value)
    return Content.assemble((name.ljust(width), "bold"), value)
