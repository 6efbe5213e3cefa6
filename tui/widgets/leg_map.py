"""A small text map of the leg and foot: where it hurts, and the nerve at each place.

The places and their nerves come from the contract (``nervecheck.engine.vocab``); this widget only
draws them. Each place has a toggle key (upper case, so the lower-case letters stay
free for symptoms); the key letter is drawn on the figure and lit when chosen.
"""

from __future__ import annotations

from textual.content import Content

from nervecheck.tui.widgets.lines import Lines

from nervecheck.engine.vocab import NERVE_BY_LOCATION, label

#: The toggle key of each location (press shift and the letter).
LOCATION_KEYS: dict[str, str] = {
    "neck_arm": "N",
    "lower_back_leg": "B",
    "outer_knee": "K",
    "inner_ankle": "I",
    "front_ankle": "F",
    "heel": "H",
    "sole": "S",
    "toes": "T",
    "both_feet": "E",
    "other": "O",
}

# One figure row per label row; the capital letters are the places, drawn at the
# spot they name (N neck, B lower back, K outer knee, I/F ankles, H/S/T the foot).
FIGURE = (
    "   N    ",
    "  /|\\   ",
    "   B    ",
    "  | |   ",
    "  K |   ",
    "  | |   ",
    "  I F   ",
    "  H-S-T ",
    "        ",
    "        ",
)
SELECTED = "bold reverse $accent"


class LegMap(Lines):
    """The figure beside a list of places: ``[x] K outer knee   common peroneal``."""

    def __init__(self, selected: tuple[str, ...] = (), **kwargs) -> None:
        super().__init__(len(FIGURE) + 1, **kwargs)
        self.selected = tuple(selected)

    def on_mount(self) -> None:
        self.show(self.selected)

    def show(self, selected: tuple[str, ...]) -> None:
        """Redraw with ``selected`` locations lit."""
        self.selected = tuple(selected)
        self.set_lines(self.map_lines(self.selected))

    @staticmethod
    def map_lines(selected: tuple[str, ...]) -> list[Content]:
        lines = [Content.assemble(("Where", "bold"), "  shift+letter".ljust(26), ("nerve", "dim"))]
        for figure, location in zip(FIGURE, LOCATIONS_IN_MAP_ORDER):
            lines.append(Content.assemble(_figure(figure, selected), _place(location, selected)))
        return lines

    @classmethod
    def render_map(cls, selected: tuple[str, ...]) -> Content:
        return Content("\n").join(cls.map_lines(selected))


LOCATIONS_IN_MAP_ORDER: tuple[str, ...] = tuple(LOCATION_KEYS)

_KEY_TO_LOCATION = {key: location for location, key in LOCATION_KEYS.items()}


def _figure(row: str, selected: tuple[str, ...]) -> Content:
    parts: list[tuple[str, str] | str] = []
    for char in row:
        location = _KEY_TO_LOCATION.get(char)
        if location is None:
            parts.append((char, "dim"))
        else:
            parts.append((char, SELECTED if location in selected else "bold"))
    return Content.assemble(*parts)


def _place(location: str, selected: tuple[str, ...]) -> Content:
    chosen = location in selected
    nerve = NERVE_BY_LOCATION[location]
    return Content.assemble(
        ("[x] " if chosen else "[ ] ", "bold" if chosen else ""),
        (LOCATION_KEYS[location], "bold"),
        " ",
        (label(location).ljust(17), "bold" if chosen else ""),
        (label(nerve) if nerve else "", "dim"),
    )
