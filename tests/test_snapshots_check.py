"""Snapshots of the symptom check at 80x24 (one result at 120x40)."""

from __future__ import annotations

import pytest

from nervecheck.engine.store.schema import Entry
from tests.check_flows import BY_DISPOSITION, answer_all
from tests.conftest import TODAY, app_for


async def _open(pilot):
    await pilot.press("c")
    await pilot.pause()


@pytest.mark.parametrize("checklist", [1, 2, 3, 4, 5])
def test_each_warning_sign_checklist(snap_compare, store, clock, checklist):
    """Checklist N of 5 at 80x24: its title and 'then at most M more', the hint line, the
    bold 'not sure counts as yes' note, then each warning sign with its number key, an
    empty tick box and its whole question, all on screen without scrolling; the cursor
    mark on row 1; the footer offers n (none of these), enter and h (help)."""

    async def run_before(pilot):
        await _open(pilot)
        for _ in range(checklist - 1):
            await pilot.press("n")
            await pilot.pause()

    assert snap_compare(app_for(store, clock), terminal_size=(80, 24), run_before=run_before)


def test_ticked_and_not_sure(snap_compare, store, clock):
    """Checklist 1: sign 2 ticked [x] and sign 3 marked [?] 'not sure', both in the error colour."""

    async def run_before(pilot):
        await _open(pilot)
        await pilot.press("2", "3", "3")

    assert snap_compare(app_for(store, clock), terminal_size=(80, 24), run_before=run_before)


def test_none_apply_refused_with_a_flag_ticked(snap_compare, store, clock):
    """Flag 2 ticked, then n pressed: still the warning signs, flag 2 still ticked in the
    error colour, and under the list in bold error colour 'You ticked a warning sign:
    press enter to confirm it, or untick it first.'"""

    async def run_before(pilot):
        await _open(pilot)
        await pilot.press("2", "n")

    assert snap_compare(app_for(store, clock), terminal_size=(80, 24), run_before=run_before)


def test_checklist_below_80x24_scrolls_and_refuses_none_unseen(snap_compare, store, clock):
    """At 60x20 checklist 1 does not fit: a scroll bar shows beside the signs, and n
    pressed before sign 4 was on screen is refused with 'Scroll down and read every
    sign first' in the error colour below the list."""

    async def run_before(pilot):
        await _open(pilot)
        await pilot.press("n")

    assert snap_compare(app_for(store, clock), terminal_size=(60, 20), run_before=run_before)


def test_flag_help_one_key_away(snap_compare, store, clock):
    """h on checklist 2 with the cursor on sign 2 (stroke): a dialog with the question and
    its help (a passing mini-stroke is just as urgent), closed by escape, h or enter."""

    async def run_before(pilot):
        await _open(pilot)
        await pilot.press("n")
        await pilot.pause()
        await pilot.press("down", "i")

    assert snap_compare(app_for(store, clock), terminal_size=(80, 24), run_before=run_before)


def test_choice_question(snap_compare, store, clock):
    """The first question after the flags: 'What is your main symptom today?', its help
    text, eight numbered options (weakness says to choose it if any muscle is weak, the
    eighth is an ache or sore spot), no suggestion, 'Question 6, at most N more'."""

    async def run_before(pilot):
        await _open(pilot)
        for _ in range(5):
            await pilot.press("n")
            await pilot.pause()

    assert snap_compare(app_for(store, clock), terminal_size=(80, 24), run_before=run_before)


def test_prefilled_question(snap_compare, store, clock):
    """With today's log recording burning at the heel, the symptom question highlights
    'Burning' and says it is suggested because today's log records it."""
    store.save_entry(Entry(date=TODAY, pain=4, symptoms=("burning",), locations=("heel",)))

    async def run_before(pilot):
        await _open(pilot)
        for _ in range(5):
            await pilot.press("n")
            await pilot.pause()

    assert snap_compare(app_for(store, clock), terminal_size=(80, 24), run_before=run_before)


@pytest.mark.parametrize("disposition", ["emergency", "urgent_today", "see_clinician", "rest_and_treat",
                                         "modify_training", "keep_running"])
def test_result_screen(snap_compare, store, clock, disposition):
    """The result for each disposition. Emergency: a full-screen error-coloured panel
    saying to go to an emergency department now or call the local emergency number,
    'You ticked: new symptoms down both legs', not to drive yourself, and nothing else.
    urgent_today: its own error-tinted banner, 'You ticked: one swollen, warm or sore calf
    or leg', help today. Others: the disposition headline in its colour and the title,
    then what to do and 'When to act sooner' (the safety net), scrolling to the nerve,
    routines, why, sources and the not-a-doctor notice."""

    async def run_before(pilot):
        await _open(pilot)
        await answer_all(pilot, BY_DISPOSITION[disposition])

    assert snap_compare(app_for(store, clock), terminal_size=(80, 24), run_before=run_before)


def test_self_care_safety_net(snap_compare, store, clock):
    """A rest-and-treat result scrolled to its safety net: 'When to act sooner' lists the
    go-now signs, the get-help-today signs and the two-week review point."""

    async def run_before(pilot):
        await _open(pilot)
        await answer_all(pilot, BY_DISPOSITION["rest_and_treat"])
        await pilot.pause()
        pilot.app.screen.query_one("#result").scroll_to_widget(pilot.app.screen.query_one("#result-net"), animate=False, top=True)
        await pilot.pause()

    assert snap_compare(app_for(store, clock), terminal_size=(80, 24), run_before=run_before)


def test_result_large(snap_compare, store, clock):
    """A rest-and-treat result at 120x40: the heel nerve (jogger's foot), ice advice,
    shoe-fit test and the reasons, with more of it visible without scrolling."""

    async def run_before(pilot):
        await _open(pilot)
        await answer_all(pilot, BY_DISPOSITION["rest_and_treat"])

    assert snap_compare(app_for(store, clock), terminal_size=(120, 40), run_before=run_before)


def _skip_to(question: str, answers: dict[str, str]):
    """run_before for the question ``question``: none of the warning signs, then ``answers``."""
    from tests.check_flows import answer_flags, option_key

    async def run_before(pilot):
        await _open(pilot)
        await answer_flags(pilot, {})
        screen = pilot.app.screen
        while screen.session.current.id != question:
            await pilot.press(option_key(screen, answers[screen.session.current.id]))
            await pilot.pause()

    return run_before


SPELL_ANSWERS = {"symptom": "tingling", "location": "heel", "after_trauma": "no", "systemic_signs": "no",
                 "diabetes": "no", "pattern": "first_time"}


def test_suggested_duration(snap_compare, store, clock):
    """Tingling logged at the heel for 20 days (from Mon 2 Nov, a day without it before):
    the duration question with 'Two to six weeks' highlighted and, below the options in
    the accent colour, 'Suggested because tingling logged since Mon 2 Nov (20 days):
    enter accepts it, or press another number.'"""
    import datetime as dt

    store.save_entry(Entry(date=TODAY - dt.timedelta(days=20), pain=0))
    for ago in range(20):
        store.save_entry(Entry(date=TODAY - dt.timedelta(days=ago), pain=3, symptoms=("tingling",), locations=("heel",)))
    assert snap_compare(app_for(store, clock), terminal_size=(80, 24), run_before=_skip_to("duration", SPELL_ANSWERS))


def test_suggested_diabetes(snap_compare, store, clock):
    """A check on Thu 12 Nov answered diabetes yes: today's diabetes question has 'Yes'
    highlighted and 'Suggested because you answered yes on Thu 12 Nov: enter accepts
    it, or press another number.'"""
    import datetime as dt

    from nervecheck.engine.store.schema import check_record
    from nervecheck.engine.triage.loading import evaluate
    from tests.check_flows import BY_DISPOSITION

    answers = {**BY_DISPOSITION["rest_and_treat"], "diabetes": "yes"}
    store.add_check(check_record(evaluate(answers), clock.at(TODAY - dt.timedelta(days=9), dt.time(18))))
    assert snap_compare(app_for(store, clock), terminal_size=(80, 24), run_before=_skip_to("diabetes", SPELL_ANSWERS))
