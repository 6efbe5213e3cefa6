"""Pilot tests of the symptom check by keys: what a runner presses, what gets saved."""

from __future__ import annotations

import pytest
from textual.widgets import OptionList, Static

from nervecheck.engine.store.schema import CheckRecord, Entry, PathStep
from nervecheck.engine.triage.tree import Step
from nervecheck.engine.vocab import ROUTINES_BY_DISPOSITION
from tests.check_flows import BY_DISPOSITION, NO_FLAGS, answer_all, option_key
from tests.conftest import NOW, TODAY, app_for


async def skip_flags(pilot) -> None:
    """n on each of the five checklists: none of the warning signs apply."""
    for _ in range(5):
        await pilot.press("n")
        await pilot.pause()


async def open_check(pilot):
    await pilot.press("c")
    await pilot.pause()
    assert type(pilot.app.screen).__name__ == "CheckScreen"
    return pilot.app.screen


async def test_emergency_in_two_keys(store, clock):
    app = app_for(store, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_check(pilot)
        await pilot.press("1", "enter")
        await pilot.pause()
        assert screen.phase == "result"
        assert screen.query_one("#result").__class__.__name__ == "EmergencyView"
    saved = store.checks()
    assert [c.disposition for c in saved] == ["emergency"]
    assert saved[0].path == (PathStep(id="bladder_bowel", answer="yes"),)
    assert saved[0].routines == ()


async def test_a_daily_check_with_nothing_to_report_takes_seven_keys(store, clock):
    """n on each of the five checklists, then "nothing bothers me" and "no pain after
    exercise": seven keys after c, every one of the 17 warning signs answered."""
    app = app_for(store, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_check(pilot)
        presses = await answer_all(pilot, BY_DISPOSITION["keep_running"])
    assert presses == 7
    (saved,) = store.checks()
    assert saved.disposition == "keep_running" and saved.contract == 2 and saved.leaf == "keep_running"
    assert len(saved.path) == 19 and saved.flag is None
    assert saved.time == NOW


@pytest.mark.parametrize("disposition", sorted(BY_DISPOSITION))
async def test_each_disposition_saved_with_its_routines(store, clock, disposition):
    app = app_for(store, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_check(pilot)
        await answer_all(pilot, BY_DISPOSITION[disposition])
        assert screen.outcome.disposition == disposition
    (saved,) = store.checks()
    assert saved.disposition == disposition
    assert saved.routines == ROUTINES_BY_DISPOSITION[disposition]


async def test_going_back_keeps_answers(store, clock):
    app = app_for(store, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_check(pilot)
        await skip_flags(pilot)
        await pilot.press(option_key(screen, "burning"))
        await pilot.pause()
        assert screen.session.current.id == "location"
        await pilot.press("backspace")
        await pilot.pause()
        assert screen.session.current.id == "symptom"
        options = screen.query_one(OptionList)
        assert options.get_option_at_index(options.highlighted).id == "burning"
        await pilot.press("enter")
        await pilot.pause()
        assert screen.session.current.id == "location"
        assert screen.session.path[-1] == Step("symptom", "burning")


async def test_back_from_first_question_returns_to_flags_with_ticks(store, clock):
    app = app_for(store, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_check(pilot)
        await skip_flags(pilot)
        await pilot.pause()
        assert screen.phase == "question"
        await pilot.press("escape")
        await pilot.pause()
        assert screen.phase == "flags" and screen.session.current.id == "flags_5"
        for _ in range(5):  # back through every checklist, then out
            await pilot.press("escape")
            await pilot.pause()
        assert type(app.screen).__name__ == "HomeScreen"
    assert store.checks() == []


async def test_abandoned_halfway_saves_nothing(store, clock):
    app = app_for(store, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_check(pilot)
        await skip_flags(pilot)
        await pilot.pause()
        await pilot.press(option_key(screen, "tingling"))
        await pilot.pause()
        assert screen.session.current.id == "location"
        app.action_go_home()
        await pilot.pause()
        assert type(app.screen).__name__ == "HomeScreen"
    assert store.checks() == []


async def test_todays_log_is_offered_and_confirmed_with_enter(store, clock):
    store.save_entry(Entry(date=TODAY, pain=4, symptoms=("burning",), locations=("heel",),
                           pain_after_exercise="under_2h"))
    app = app_for(store, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_check(pilot)
        await skip_flags(pilot)
        await pilot.pause()
        note = str(screen.query_one("#question-suggestion", Static).content)
        assert "today's log records burning" in note
        await pilot.press("enter")  # symptom = burning
        await pilot.pause()
        assert screen.session.current.id == "location"
        await pilot.press("enter")  # location = heel
        await pilot.pause()
    assert screen.session.path[17:19] == (Step("symptom", "burning"), Step("location", "heel"))


async def test_enter_without_suggestion_answers_nothing(store, clock):
    app = app_for(store, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_check(pilot)
        await skip_flags(pilot)
        await pilot.press("enter")
        await pilot.pause()
        assert screen.session.current.id == "symptom"


async def test_mouse_click_answers(store, clock):
    app = app_for(store, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_check(pilot)
        await pilot.click("RedFlagRow", offset=(2, 0))
        await pilot.pause()
        assert screen.query_one("RedFlagList").ticked == {"bladder_bowel"}
        await pilot.click("RedFlagRow", offset=(2, 0))  # not sure: still counts as yes
        await pilot.pause()
        assert screen.query_one("RedFlagList").states == {"bladder_bowel": "not_sure"}
        await pilot.click("RedFlagRow", offset=(2, 0))  # and clear
        await pilot.press("enter")
        await pilot.pause()
        for _ in range(4):  # n on the four other checklists
            await pilot.press("n")
            await pilot.pause()
        options = screen.query_one(OptionList)
        await pilot.click(options, offset=(4, 0))  # the first option: no symptoms
        await pilot.pause()
        assert screen.session.current.id == "pain_after_exercise"


async def test_progress_line_counts_down(store, clock):
    app = app_for(store, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_check(pilot)
        await skip_flags(pilot)
        await pilot.pause()
        text = str(screen.query_one("#progress", Static).content)
        assert f"Question 6, at most {screen.session.max_remaining} more" in text


async def reopened(pilot, record):
    """The check screen showing a saved check, read-only."""
    pilot.app.open_section("check", review=record)
    await pilot.pause()
    return pilot.app.screen


#: The answers of a quiet day: every sign no, nothing bothers you, no pain after exercise.
QUIET = tuple(PathStep(id=k, answer=v) for k, v in {**NO_FLAGS, "symptom": "none", "pain_after_exercise": "none"}.items())


async def test_reopen_saved_check_read_only(store, clock):
    record = CheckRecord(time=NOW, path=QUIET, disposition="keep_running",
                         routines=ROUTINES_BY_DISPOSITION["keep_running"])
    store.add_check(record)
    app = app_for(store, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await reopened(pilot, record)
        assert screen.phase == "result"
        banner = str(screen.query_one("#banner", Static).content)
        assert "read-only" in banner and "Keep running" in banner
    assert store.checks() == [record]


async def test_result_r_opens_routines(store, clock):
    app = app_for(store, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_check(pilot)
        await answer_all(pilot, BY_DISPOSITION["keep_running"])
        await pilot.press("r")
        await pilot.pause()
        assert type(app.screen).__name__ == "RoutinesScreen"


async def test_n_with_a_flag_ticked_keeps_the_tick_and_says_why(store, clock):
    """"None apply" with a warning sign ticked contradicts the tick: never save it as no."""
    app = app_for(store, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_check(pilot)
        flags = screen.query_one("RedFlagList")
        message = screen.query_one("#flags-message", Static)
        await pilot.press("2", "n")
        await pilot.pause()
        assert screen.phase == "flags" and flags.ticked == {flags.flags[1][0]}
        assert message.display and "You ticked a warning sign" in str(message.content)
        assert store.checks() == []
        await pilot.press("enter")  # confirming the tick is the emergency
        await pilot.pause()
        assert screen.outcome.disposition == "emergency"
    (saved,) = store.checks()
    assert saved.path[-1] == PathStep(id=flags.flags[1][0], answer="yes")


async def test_n_after_unticking_goes_on(store, clock):
    app = app_for(store, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_check(pilot)
        await pilot.press("3", "n")
        await pilot.pause()
        assert screen.query_one("#flags-message", Static).display
        await pilot.press("3", "3")  # not sure, then unticked: the warning goes
        await pilot.pause()
        assert not screen.query_one("#flags-message", Static).display
        await skip_flags(pilot)
        assert screen.phase == "question" and screen.session.current.id == "symptom"
        assert all(step.answer == "no" for step in screen.session.path)


async def test_progress_line_on_the_last_question(store, clock):
    app = app_for(store, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_check(pilot)
        await skip_flags(pilot)
        await pilot.press(option_key(screen, "none"))
        await pilot.pause()
        assert screen.session.current.id == "pain_after_exercise" and screen.session.max_remaining == 0
        text = str(screen.query_one("#progress", Static).content)
        assert "Question 7, the last one" in text and "at most 0" not in text


RECURRING_ANSWERS = {"location": "heel", "diabetes": "no", "after_trauma": "no", "systemic_signs": "no"}


async def _to_pattern_question(pilot, screen, symptom: str) -> None:
    await skip_flags(pilot)
    answers = {**RECURRING_ANSWERS, "symptom": symptom}
    while screen.session.current.id != "pattern":
        await pilot.press(option_key(screen, answers[screen.session.current.id]))
        await pilot.pause()


@pytest.mark.parametrize("symptom, suggested", [("numbness", False), ("tingling", True)])
async def test_recurring_is_suggested_for_the_symptom_answered(store, clock, symptom, suggested):
    """Tingling on 6 of the last 14 days makes a tingling check recurring, not a numbness one."""
    import datetime as dt

    for days_ago in range(1, 7):
        store.save_entry(Entry(date=TODAY - dt.timedelta(days=days_ago), pain=3,
                               symptoms=("tingling",), locations=("heel",)))
    app = app_for(store, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_check(pilot)
        await _to_pattern_question(pilot, screen, symptom)
        note = str(screen.query_one("#question-suggestion", Static).content)
        options = screen.query_one(OptionList)
        if suggested:
            assert "Suggested because tingling on 6 of the last 14 days" in note
            assert options.get_option_at_index(options.highlighted).id == "recurring"
        else:
            assert note == "" and options.highlighted is None


async def test_not_sure_counts_as_yes_and_is_saved_as_yes(store, clock):
    """A runner unsure about a calf that is sore and warm: 'not sure' is the urgent result."""
    app = app_for(store, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_check(pilot)
        for _ in range(3):
            await pilot.press("n")
            await pilot.pause()
        assert screen.session.current.id == "flags_4"
        await pilot.press("1", "1")  # ticked, then not sure
        await pilot.pause()
        assert screen.query_one("RedFlagList").states == {"calf_swelling": "not_sure"}
        await pilot.press("enter")
        await pilot.pause()
        assert screen.outcome.disposition == "urgent_today"
        assert "#banner" and screen.query_one("#banner").has_class("-urgent-today")
    (saved,) = store.checks()
    assert saved.path[-1] == PathStep(id="calf_swelling", answer="yes") and saved.flag == "calf_swelling"


async def test_the_emergency_names_every_sign_ticked_on_its_checklist(store, clock):
    app = app_for(store, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_check(pilot)
        await pilot.press("n")
        await pilot.pause()
        await pilot.press("2", "3", "enter")  # stroke signs and chest pain
        await pilot.pause()
        title = str(screen.query_one("#emergency-title", Static).content)
        tree = screen.session.tree
        assert title.startswith("You ticked: ")
        assert tree.short("stroke_signs") in title and tree.short("chest_breathless") in title
    (saved,) = store.checks()
    assert saved.flag == "stroke_signs" and saved.ticked == ("stroke_signs", "chest_breathless")
    assert saved.path[-1] == PathStep(id="stroke_signs", answer="yes")


async def test_below_80x24_none_of_these_waits_until_every_sign_was_on_screen(store, clock):
    app = app_for(store, clock)
    async with app.run_test(size=(60, 20)) as pilot:
        screen = await open_check(pilot)
        flags = screen.query_one("RedFlagList")
        assert flags.max_scroll_y > 0  # it does not fit: it scrolls
        await pilot.press("n")
        await pilot.pause()
        message = str(screen.query_one("#flags-message", Static).content)
        assert screen.session.current.id == "flags_1" and "read every sign" in message
        for _ in range(3):
            await pilot.press("down")
            await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        assert screen.session.current.id == "flags_2"
    assert store.checks() == []


async def test_every_sign_fits_at_80x24(store, clock):
    app = app_for(store, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_check(pilot)
        for number in range(1, 6):
            flags = screen.query_one("RedFlagList")
            for _ in range(50):  # until it has been laid out (a loaded machine is slow)
                if not flags.pending:
                    break
                await pilot.pause(0.02)
            flags.note_seen()
            assert screen.session.current.id == f"flags_{number}"
            assert flags.max_scroll_y == 0 and flags.all_seen, screen.session.current.id
            await pilot.press("n")
            await pilot.pause()
        assert screen.phase == "question"


async def test_h_shows_the_help_of_the_sign_under_the_cursor(store, clock):
    app = app_for(store, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_check(pilot)
        await pilot.press("n")
        await pilot.pause()
        await pilot.press("down", "i")
        await pilot.pause()
        assert type(app.screen).__name__ == "InfoDialog"
        assert str(app.screen.query_one("#info-text", Static).content) == screen.session.tree.questions["stroke_signs"].help
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen and screen.phase == "flags"


async def test_a_saved_check_reopens_as_it_was_decided_not_recomputed(store, clock):
    """A v2 check shows its stored decision even where today's tree would decide
    otherwise for the same answers (here: keep running, where it said go lighter)."""
    record = CheckRecord(time=NOW, path=QUIET, disposition="modify_training", contract=2, leaf="go_lighter",
                         routines=ROUTINES_BY_DISPOSITION["modify_training"])
    store.add_check(record)
    app = app_for(store, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await reopened(pilot, record)
        assert screen.outcome.disposition == "modify_training"
        banner = str(screen.query_one("#banner", Static).content)
        assert "read-only" in banner and "go lighter" in banner and "Keep running" not in banner
        assert screen.query_one("#result-net", Static).display


async def test_a_version_1_check_reopens_with_its_old_questions(store, clock):
    v1_path = {"bladder_bowel": "no", "saddle_numbness": "no", "both_legs": "no", "sudden_unresolved": "no",
               "worsening_weakness": "no", "symptom": "none", "pain_after_exercise": "none"}
    record = CheckRecord(time=NOW, path=tuple(PathStep(id=k, answer=v) for k, v in v1_path.items()),
                         disposition="keep_running", routines=ROUTINES_BY_DISPOSITION["keep_running"])
    store.add_check(record)
    app = app_for(store, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await reopened(pilot, record)
        why = str(screen.query_one("#result-why", Static).content)
        assert "Any numbness around your groin, buttocks, genitals or inner thighs? You answered: No." in why
        assert "version 1" in str(screen.query_one("#banner", Static).content)
    assert store.checks()[0].contract == 1


async def test_a_burst_of_n_answers_each_checklist_only_once_it_is_drawn(store, clock):
    """Five n's typed ahead (fast fingers, SSH lag) at 80x24: five checklists answered,
    in order, each one laid out on screen before its n counts."""
    app = app_for(store, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_check(pilot)
        await pilot.press("n", "n", "n", "n", "n")
        await pilot.pause()
        assert screen.phase == "question" and screen.session.current.id == "symptom"
        assert [step.id for step in screen.session.path] == list(screen.session.tree.flag_order())


async def test_a_burst_of_n_below_80x24_stops_at_the_first_unseen_sign(store, clock):
    app = app_for(store, clock)
    async with app.run_test(size=(60, 20)) as pilot:
        screen = await open_check(pilot)
        await pilot.press("n", "n", "n", "n", "n")
        await pilot.pause()
        assert screen.session.current.id == "flags_1" and screen.session.path == ()


# -- suggestions from the spell and from past checks (issues 17.5 and 18.5) ----------

SPELL_ANSWERS = {"symptom": "tingling", "location": "heel", "after_trauma": "no", "systemic_signs": "no",
                 "diabetes": "no", "pattern": "first_time"}


def _log_spell(store, days: int) -> None:
    """Tingling at the heel on today and the ``days - 1`` days before, and a day
    logged without it before that: a spell whose first day is known."""
    import datetime as dt

    store.save_entry(Entry(date=TODAY - dt.timedelta(days=days), pain=0))
    for ago in range(days):
        store.save_entry(Entry(date=TODAY - dt.timedelta(days=ago), pain=3, symptoms=("tingling",), locations=("heel",)))


async def _answer_until(pilot, screen, question: str, answers: dict[str, str]) -> None:
    await skip_flags(pilot)
    while screen.session.current.id != question:
        await pilot.press(option_key(screen, answers[screen.session.current.id]))
        await pilot.pause()


def _highlighted(screen) -> str | None:
    options = screen.query_one(OptionList)
    return None if options.highlighted is None else options.get_option_at_index(options.highlighted).id


async def test_the_spell_suggests_its_duration_and_enter_confirms_it(store, clock):
    """Tingling logged for 20 days: a runner who says it is the first time is offered
    'weeks', with the spell's first day; enter confirms it and the check goes on."""
    _log_spell(store, 20)
    app = app_for(store, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_check(pilot)
        await _answer_until(pilot, screen, "pattern", SPELL_ANSWERS)
        assert _highlighted(screen) == "constant"
        assert "tingling logged since Mon 2 Nov (20 days)" in str(screen.query_one("#question-suggestion", Static).content)
        await pilot.press(option_key(screen, "first_time"))  # another answer than the one suggested
        await pilot.pause()
        assert screen.session.current.id == "duration"
        note = str(screen.query_one("#question-suggestion", Static).content)
        assert note.startswith("Suggested because tingling logged since Mon 2 Nov (20 days)")
        assert _highlighted(screen) == "weeks"
        await pilot.press("enter")
        await pilot.pause()
        assert screen.session.current.id == "cleared_by_clinician"
    assert Step("pattern", "first_time") in screen.session.path and Step("duration", "weeks") in screen.session.path


async def test_choosing_another_duration_than_the_one_suggested(store, clock):
    _log_spell(store, 20)
    app = app_for(store, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_check(pilot)
        await _answer_until(pilot, screen, "duration", SPELL_ANSWERS)
        assert _highlighted(screen) == "weeks"
        await pilot.press(option_key(screen, "days"))
        await pilot.pause()
        assert screen.session.current.id == "area"
    assert Step("duration", "days") in screen.session.path


def _check_with_diabetes(clock, answer: str, days_ago: int):
    import datetime as dt

    from nervecheck.engine.store.schema import check_record
    from nervecheck.engine.triage.loading import evaluate

    answers = {**BY_DISPOSITION["rest_and_treat"], "diabetes": answer}
    return check_record(evaluate(answers), clock.at(TODAY - dt.timedelta(days=days_ago), dt.time(18)))


async def test_diabetes_is_offered_from_the_last_check_with_its_date(store, clock):
    """Diabetes answered yes on 12 Nov; a later check saying no was marked as entered
    by mistake: the check offers yes, 'you answered yes on Thu 12 Nov', and enter takes it."""
    store.add_check(_check_with_diabetes(clock, "yes", 9))
    store.add_check(_check_with_diabetes(clock, "no", 2))
    mistaken = next(key for key, record in store.checks_with_ids() if record.time.day == 19)
    store.mark_check(mistaken)
    app = app_for(store, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_check(pilot)
        await _answer_until(pilot, screen, "diabetes", SPELL_ANSWERS)
        note = str(screen.query_one("#question-suggestion", Static).content)
        assert note.startswith("Suggested because you answered yes on Thu 12 Nov")
        assert _highlighted(screen) == "yes"
        await pilot.press("enter")
        await pilot.pause()
        assert screen.phase == "result"
    assert store.checks()[-1].disposition == "see_clinician"
    assert PathStep(id="diabetes", answer="yes") in store.checks()[-1].path


async def test_diabetes_is_not_offered_without_a_check_that_asked_it(store, clock):
    store.add_check(_check_with_diabetes(clock, "yes", 3))
    store.mark_check(store.checks_with_ids()[0][0])
    app = app_for(store, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_check(pilot)
        await _answer_until(pilot, screen, "diabetes", SPELL_ANSWERS)
        assert str(screen.query_one("#question-suggestion", Static).content) == ""
        assert _highlighted(screen) is None
