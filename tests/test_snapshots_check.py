"""Snapshots of the symptom check at 80x24 (one result at 120x40)."""

from __future__ import annotations

import pytest

from engine.models import Entry
from tests.check_flows import BY_DISPOSITION, answer_all
from tests.conftest import TODAY, app_for


async def _open(pilot):
    await pilot.press("c")
    await pilot.pause()


def test_red_flag_screen(snap_compare, store, clock):
    """The five warning signs on one screen, each with its number key, an empty
    tick box, the question and one line of help; flag 2 ticked in the error colour;
    the footer offers n (none apply) and enter (confirm)."""

    async def run_before(pilot):
        await _open(pilot)
        await pilot.press("2")

    assert snap_compare(app_for(store, clock), terminal_size=(80, 24), run_before=run_before)


def test_none_apply_refused_with_a_flag_ticked(snap_compare, store, clock):
    """Flag 2 ticked, then n pressed: still the warning signs, flag 2 still ticked in the
    error colour, and under the list in bold error colour 'You ticked a warning sign:
    press enter to confirm it, or untick it first.'"""

    async def run_before(pilot):
        await _open(pilot)
        await pilot.press("2", "n")

    assert snap_compare(app_for(store, clock), terminal_size=(80, 24), run_before=run_before)


def test_choice_question(snap_compare, store, clock):
    """The first question after the flags: 'What is your main nerve symptom today?',
    its help text, seven numbered options, no suggestion, 'Question 6, at most N more'."""

    async def run_before(pilot):
        await _open(pilot)
        await pilot.press("n")

    assert snap_compare(app_for(store, clock), terminal_size=(80, 24), run_before=run_before)


def test_prefilled_question(snap_compare, store, clock):
    """With today's log recording burning at the heel, the symptom question highlights
    'Burning' and says it is suggested because today's log records it."""
    store.save_entry(Entry(date=TODAY, pain=4, symptoms=("burning",), locations=("heel",)))

    async def run_before(pilot):
        await _open(pilot)
        await pilot.press("n")

    assert snap_compare(app_for(store, clock), terminal_size=(80, 24), run_before=run_before)


@pytest.mark.parametrize("disposition", ["emergency", "see_clinician", "rest_and_treat",
                                         "modify_training", "keep_running"])
def test_result_screen(snap_compare, store, clock, disposition):
    """The result for each disposition. Emergency: a full-screen error-coloured panel
    saying to contact a healthcare provider or emergency services now, and nothing else.
    Others: the disposition headline in its colour and the title, then the likely nerve,
    what to do, routines (r to open), why, sources and the not-a-doctor notice (scroll)."""

    async def run_before(pilot):
        await _open(pilot)
        await answer_all(pilot, BY_DISPOSITION[disposition])

    assert snap_compare(app_for(store, clock), terminal_size=(80, 24), run_before=run_before)


def test_result_large(snap_compare, store, clock):
    """A rest-and-treat result at 120x40: the heel nerve (jogger's foot), ice advice,
    shoe-fit test and the reasons, with more of it visible without scrolling."""

    async def run_before(pilot):
        await _open(pilot)
        await answer_all(pilot, BY_DISPOSITION["rest_and_treat"])

    assert snap_compare(app_for(store, clock), terminal_size=(120, 40), run_before=run_before)
