"""Making user text inert: control characters become visible symbols.

Notes are kept exactly as typed, but an escape sequence in a note must never reach
the terminal raw (it could retitle the window or clear the screen). Every place that
prints user text goes through :func:`visible`.
"""

from __future__ import annotations

import unicodedata

_C0 = {code: chr(0x2400 + code) for code in range(0x20)}  # U+2400.. control pictures
_C0[0x7F] = "\u2421"


def _is_hidden(char: str) -> bool:
    category = unicodedata.category(char)
    return category in ("Cc", "Cf", "Zl", "Zp", "Cs", "Co", "Cn") and char not in "\n"


def visible(text: str, keep_newlines: bool = False) -> str:
    """``text`` with every control or format character shown as a visible symbol."""
    out = []
    for char in text:
        code = ord(char)
        if char == "\n" and keep_newlines:
            out.append(char)
        elif code in _C0:
            out.append(_C0[code])
        elif _is_hidden(char):
            out.append(f"<U+{code:04X}>")
        else:
            out.append(char)
    return "".join(out)
