"""User text is inert: shown literally, never styled, never clickable, no raw control bytes.

The engine side (:func:`nervecheck.engine.textsafe.visible`) turns control characters into visible
symbols; the widget side (:func:`nervecheck.tui.widgets.text.user_text`) wraps the result in a
``Content``, which Textual never parses as markup. Checked as properties over hostile
strings, and in a running app down to the bytes that would go to the terminal.
"""

from __future__ import annotations

import asyncio
import re
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st
from textual.app import App, ComposeResult
from textual.widgets import Static

from nervecheck.engine.textsafe import visible
from nervecheck.tui.widgets.text import user_text

HOSTILE = st.sampled_from([
    "[", "[/", "[/]", "]", "[b]", "[/b]", "[@click=app.quit]", "[@click=app.bell]x[/]", "@click", "link=",
    "[link='file:///etc/passwd']", "[link=https://evil.example]", "\\", "\\[", "[$accent]", "$text", "[on red]",
    "\x1b", "\x1b]0;pwned\x07", "\x1b[2J", "\x1b]8;;file:///etc/passwd\x1b\\", "\x9b31m", "\x07", "\x00", "\r",
    "\n", "\t", "\x7f", "\u202e", "\u200b", "\ufeff", "\u2028", "ouch [/b] knee", "[@click=app.quit]x[/]",
])
NOTE = st.lists(st.one_of(HOSTILE, st.text(max_size=5)), max_size=12).map("".join)
CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")
CSI = re.compile(r"\x1b\[[0-9;:?<=>]*[ -/]*[@-~]")


def is_control_or_format(char: str) -> bool:
    return unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp", "Cs", "Co", "Cn")


@settings(max_examples=500, deadline=None)
@given(text=NOTE)
def test_visible_output_has_no_control_characters(text: str) -> None:
    shown = visible(text)
    assert not CONTROL.search(shown)
    assert not any(is_control_or_format(char) for char in shown)
    assert visible(text, keep_newlines=True).count("\n") == text.count("\n")


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cf", "Zl", "Zp", "Cs", "Co", "Cn"))))
def test_visible_leaves_ordinary_text_alone(text: str) -> None:
    assert visible(text) == text


@settings(max_examples=500, deadline=None)
@given(text=NOTE)
def test_user_text_is_the_literal_visible_text_with_no_style(text: str) -> None:
    content = user_text(text)
    assert content.plain == visible(text)
    assert list(content.spans) == []
    segments = content.render_segments()
    assert "".join(segment.text for segment in segments) == visible(text)
    for segment in segments:
        assert segment.style is None or (not segment.style.link and not segment.style.meta)


class NoteApp(App[None]):
    """A bare app showing one note the way the screens do."""

    def __init__(self, note: str = "") -> None:
        super().__init__()
        self.note = note

    def compose(self) -> ComposeResult:
        yield Static(user_text(self.note), id="note")


def terminal_output(app: App) -> str:
    """What the app would write to the terminal for a full repaint."""
    update = app.screen._compositor.render_update(full=True)
    return update.render_segments(app.console)


def assert_no_raw_control_from_note(output: str) -> None:
    leftover = CSI.sub("", output)  # the app's own cursor and colour sequences
    assert "\x1b" not in leftover and "\x07" not in leftover and "\x9b" not in leftover
    assert "\x1b]" not in output, "no OSC (title, hyperlink) sequence at all"
    assert not re.search("[\x00-\x08\x0b-\x0c\x0e-\x1f\x7f]", leftover)


def assert_static_inert(static: Static, note: str) -> None:
    content = static.visual
    assert content.plain == visible(note)
    assert list(content.spans) == []
    lines = static.render_lines(static.region.reset_offset)
    for strip in lines:
        for segment in strip:
            assert not CONTROL.search(segment.text)
            style = segment.style
            if style is not None:
                assert not style.link, "no hyperlink"
                assert "@click" not in str(style.meta), "no click action"


async def show_notes(notes: list[str]) -> None:
    app = NoteApp()
    async with app.run_test(size=(80, 24)) as pilot:
        static = app.query_one("#note", Static)
        for note in notes:
            static.update(user_text(note))
            await pilot.pause()
            assert_static_inert(static, note)
            assert_no_raw_control_from_note(terminal_output(app))
        assert app.is_running


@settings(max_examples=3, deadline=None)
@given(notes=st.lists(NOTE, min_size=40, max_size=50))
def test_hostile_notes_render_literally_in_a_running_app(notes: list[str]) -> None:
    asyncio.run(show_notes(notes))


async def test_clicking_a_click_action_note_runs_nothing() -> None:
    app = NoteApp("[@click=app.quit]x[/]")
    async with app.run_test(size=(80, 24)) as pilot:
        static = app.query_one("#note", Static)
        assert static.visual.plain == "[@click=app.quit]x[/]"
        for x in (0, 1, 17, 20):
            await pilot.click("#note", offset=(x, 0))
        await pilot.pause()
        assert app.is_running and app.return_code is None


async def test_the_click_test_would_catch_markup() -> None:
    """Control: the same note parsed as markup does quit when clicked (Textual 8.2.8)."""
    class MarkupApp(App[None]):
        def compose(self) -> ComposeResult:
            yield Static("[@click=app.quit]x[/]", id="note")

    app = MarkupApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.click("#note", offset=(0, 0))
        await pilot.pause()
        quit_ran = not app.is_running
    assert quit_ran


async def test_closing_tag_without_opening_does_not_crash() -> None:
    app = NoteApp("ouch [/b] knee")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.query_one("#note", Static).visual.plain == "ouch [/b] knee"
        assert app.is_running


async def test_link_markup_emits_no_hyperlink() -> None:
    app = NoteApp("[link='file:///etc/passwd']x")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        static = app.query_one("#note", Static)
        assert_static_inert(static, "[link='file:///etc/passwd']x")
        output = terminal_output(app)
        assert "\x1b]8;" not in output and "file:///etc/passwd" in output  # shown, not linked


async def test_escape_sequences_in_a_note_never_reach_the_terminal() -> None:
    note = "before \x1b]0;pwned\x07 middle \x1b[2J after \x9b2J"
    app = NoteApp(note)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        output = terminal_output(app)
        assert "\x1b]0;pwned" not in output and "\x1b[2J" not in output and "\x07" not in output
        assert "\u241b]0;pwned\u2407" in output and "\u241b[2J" in output  # shown as symbols
        assert_no_raw_control_from_note(output)
