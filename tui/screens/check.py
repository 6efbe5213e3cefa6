"""The symptom check: checklists of warning signs, then one question per screen, then the result.

All clinical decisions come from :class:`nervecheck.engine.triage.session.TriageSession`; this screen only
shows what it asks and passes the answers back ("not sure" is passed on as yes). A
result is saved the moment it is reached; a check left halfway saves nothing.
"""

from __future__ import annotations

import datetime as dt

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from nervecheck.engine.log.prefill import RUNNER_ANSWERS, SPELL_LOOKBACK_DAYS, Suggestion, remembered, suggestions
from nervecheck.engine.store.schema import CheckRecord, Entry, check_record
from nervecheck.engine.triage.saved import saved_outcome
from nervecheck.engine.store import StoreError
from nervecheck.engine.triage.tree import Checklist, Outcome
from nervecheck.engine.triage.session import TriageSession
from nervecheck.tui.widgets.dialogs import InfoDialog
from nervecheck.tui.widgets.red_flags import RedFlagList
from nervecheck.tui.widgets.result import result_view


FLAG_TICKED = "You ticked a warning sign: press enter to confirm it, or untick it first."
NOT_ALL_SEEN = "Scroll down and read every sign first: n works once each one has been on screen."
FLAGS_HINT = ("A number ticks a sign (again: not sure, which counts as yes). "
              "n: none of these. i: about the sign. enter: go on.")


class QuestionView(Vertical):
    """One question: its text, help, numbered options (0 is the tenth) and any suggestion."""

    DEFAULT_CSS = """
    QuestionView {
        height: 1fr;
        padding: 0 1;
        & #question-text { text-style: bold; margin-bottom: 1; }
        & #question-help { color: $text-muted; margin-bottom: 1; }
        & #question-suggestion { color: $accent; }
        & OptionList {
            height: auto;
            max-height: 1fr;
            border: none;
            padding: 0;
            background: transparent;
            &:focus { border: none; background-tint: transparent; }
        }
    }
    """

    def compose(self) -> ComposeResult:
        yield Static(id="question-text")
        yield Static(id="question-help")
        yield OptionList(id="options", markup=False)
        yield Static(id="question-suggestion")


class CheckScreen(Screen[None]):
    """A symptom check, or (with ``review``) a saved one reopened read-only."""

    DEFAULT_CSS = """
    CheckScreen #flags-message { color: $error; text-style: bold; padding: 0 1; }
    """
    BINDINGS = [
        *(Binding(str(n % 10), f"number({n})", f"Answer {n}", show=False) for n in range(1, 11)),
        Binding("n", "none_apply", "None of these"),
        Binding("enter", "confirm_flags", "Confirm"),
        Binding("i", "flag_help", "About this sign"),
        Binding("down", "cursor(1)", "Next sign", show=False),
        Binding("up", "cursor(-1)", "Previous sign", show=False),
        Binding("backspace", "back", "Back", show=False),
        Binding("escape", "back", "Back"),
        Binding("r", "routines", "Routines"),
    ]

    def __init__(self, *, review: CheckRecord | None = None, prefill_from_log: bool = True) -> None:
        super().__init__()
        self.session = TriageSession()
        self.review = review
        self.prefill = prefill_from_log
        self.phase = "flags"
        self.recent: list[Entry] = []  # the log the suggestions come from
        self.remembered: dict[str, Suggestion] | None = None  # answers about the runner, read when first asked
        self.outcome: Outcome | None = None

    def compose(self) -> ComposeResult:
        yield Header(icon="")
        yield Static(id="progress")
        with Vertical(id="check-body"):
            yield Static(id="flags-note")
            yield RedFlagList(id="flags")
            yield Static(id="flags-message")
            yield QuestionView(id="question")
        yield Footer()

    def on_mount(self) -> None:
        if self.review is not None:
            outcome = saved_outcome(self.review)
            when = self.app.clock.local(self.review.time).strftime("%-d %b %Y, %H:%M")
            self._show_result(outcome, f"Saved check from {when} (read-only)")
            return
        if self.prefill:
            today = self.app.clock.today()
            self.recent = self.app.store.entries(today - dt.timedelta(days=SPELL_LOOKBACK_DAYS), today)
        self._show_current()

    # -- phases ---------------------------------------------------------------

    def _set_phase(self, phase: str) -> None:
        self.phase = phase
        self.query_one("#flags").display = phase == "flags"
        self.query_one("#flags-note").display = phase == "flags"
        self._flags_message("")
        question = self.query_one("#question")
        question.display = phase == "question"
        question.disabled = phase != "question"  # a hidden option list must not take enter
        self.refresh_bindings()

    def _show_current(self) -> None:
        """Show whatever the session asks now: a checklist, a question, or the result."""
        if isinstance(self.session.current, Checklist):
            self._show_flags(self.session.current)
        else:
            self._show_question()

    def _show_flags(self, checklist: Checklist) -> None:
        self._set_phase("flags")
        self.set_focus(None)
        questions = self.session.tree.questions
        earlier = {f: "yes" for f in checklist.flags if self.session.previous_answer(f) == "yes"}
        self.query_one(RedFlagList).show_flags([(f, questions[f].text) for f in checklist.flags], earlier)
        more = self.session.max_remaining
        self._progress(f"{checklist.title} (then at most {more} more)", FLAGS_HINT)
        self.query_one("#flags-note", Static).update(
            Content.styled("Tick any that apply to you now. Not sure? Tick it: not sure counts as yes.", "bold"))

    def _progress(self, text: str, hint: str = "") -> None:
        line = Content.styled(text, "bold")
        if hint:
            line = Content.assemble(line, "\n", (hint, "dim"))
        self.query_one("#progress", Static).update(line)

    def _show_question(self) -> None:
        question = self.session.current
        if question is None:
            self._finish()
            return
        self._set_phase("question")
        self._progress(self._position(), "A number answers. Backspace goes back.")
        view = self.query_one(QuestionView)
        view.query_one("#question-text", Static).update(Content(question.text))
        view.query_one("#question-help", Static).update(Content(question.help))
        options = view.query_one(OptionList)
        options.clear_options()
        options.add_options(Option(Content(f"{n % 10:>2}  {o.label}"), id=o.value) for n, o in enumerate(question.options, 1))
        self._offer(question, options)
        options.focus()

    def _position(self) -> str:
        """Where the runner is: ``Question 7, at most 5 more`` or ``Question 12, the last one``."""
        number, more = self.session.step_number, self.session.max_remaining
        return f"Question {number}, the last one" if more == 0 else f"Question {number}, at most {more} more"

    def _suggestion(self, question_id: str) -> Suggestion | None:
        """The suggestion for this question (from the log or a past check), given the
        answers on the path so far."""
        answers = dict(self.session.steps)
        if question_id in RUNNER_ANSWERS and self.remembered is None and self.prefill:
            self.remembered = self._remembered()
        return suggestions(self.recent, self.app.clock.today(), answers, self.remembered).get(question_id)

    def _remembered(self) -> dict[str, Suggestion]:
        """What past checks said about the runner, read only when such a question comes.
        A store that cannot be read costs the suggestion, not the check (saving it says why)."""
        clock = self.app.clock
        try:
            checks = self.app.store.checks()
        except StoreError:
            return {}
        return remembered(checks, lambda moment: clock.local(moment).date(), clock.today())

    def _offer(self, question, options: OptionList) -> None:
        """Highlight the earlier answer (after going back) or the log's suggestion."""
        values = [o.value for o in question.options]
        earlier, suggestion = self.session.previous_answer(question.id), self._suggestion(question.id)
        note, pick = "", None
        if earlier in values:
            pick, note = earlier, "Your earlier answer is highlighted: enter keeps it."
        elif suggestion is not None and suggestion.value in values:
            pick = suggestion.value
            note = f"Suggested because {suggestion.reason}: enter accepts it, or press another number."
        options.highlighted = values.index(pick) if pick is not None else None
        self.query_one("#question-suggestion", Static).update(Content(note))

    def _finish(self) -> None:
        outcome = self.session.outcome
        assert outcome is not None
        self._save(outcome)
        self._show_result(outcome)

    def _save(self, outcome: Outcome) -> None:
        record: CheckRecord = check_record(outcome, self.app.clock.now())
        try:
            self.app.store.add_check(record)
        except StoreError as error:
            self.app.report_store_error(error)

    def _show_result(self, outcome: Outcome, subtitle: str = "") -> None:
        self.outcome = outcome
        self._set_phase("result")
        self.query_one("#progress").display = False
        body = self.query_one("#check-body")
        body.mount(result_view(outcome, subtitle))
        self.query_one("#result").focus()

    # -- actions --------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("none_apply", "confirm_flags", "flag_help", "cursor"):
            return self.phase == "flags"
        if action == "number":
            return self.phase in ("flags", "question")
        if action == "routines":
            return self.phase == "result" and self.outcome is not None and self.outcome.disposition != "emergency"
        return True

    def action_number(self, number: int) -> None:
        if self.phase == "flags":
            if number <= len(self.query_one(RedFlagList).flags):
                self._toggle_flag(number - 1)
            return
        question = self.session.current
        if question is not None and number <= len(question.options):
            self._answer(question.options[number - 1].value)

    def on_red_flag_row_toggled(self, message) -> None:
        self._toggle_flag(message.index)

    def _toggle_flag(self, index: int) -> None:
        flags = self.query_one(RedFlagList)
        flags.toggle(index)
        if not flags.ticked:
            self._flags_message("")  # nothing ticked: the warning about n no longer applies

    def _flags_message(self, text: str) -> None:
        message = self.query_one("#flags-message", Static)
        message.update(Content(text))
        message.display = bool(text)

    def action_none_apply(self) -> None:
        """``n``: none of the warning signs on this checklist apply. With one ticked, n
        contradicts the tick, and a tick must never quietly become "no": keep it and say
        what to do. Nor may a sign become "no" unread: every row must have been seen."""
        flags = self.query_one(RedFlagList)
        if flags.ticked:
            self._flags_message(FLAG_TICKED)
            self.app.bell()
            return
        if flags.pending:  # not drawn yet (keys typed ahead): decide once it is on screen
            self.call_after_refresh(self.action_none_apply)
            return
        flags.note_seen()
        if not flags.all_seen:
            self._flags_message(NOT_ALL_SEEN)
            self.app.bell()
            return
        self._answer_checklist(set())

    def action_confirm_flags(self) -> None:
        ticked = self.query_one(RedFlagList).ticked
        if not ticked:
            self.action_none_apply()
            return
        self._answer_checklist(ticked)

    def _answer_checklist(self, ticked: set[str]) -> None:
        self.session.answer_checklist(ticked)  # "not sure" is already in ticked: it counts as yes
        self._show_current()

    def action_cursor(self, step: int) -> None:
        flags = self.query_one(RedFlagList)
        flags.move_cursor(flags.cursor + step)

    def action_flag_help(self) -> None:
        flag = self.query_one(RedFlagList).current_flag
        if flag is None:
            return
        question = self.session.tree.questions[flag]
        self.app.push_screen(InfoDialog(question.text, question.help))

    def on_option_list_option_selected(self, message: OptionList.OptionSelected) -> None:
        message.stop()
        if self.phase == "question" and message.option.id is not None:
            self._answer(message.option.id)

    def _answer(self, value: str) -> None:
        self.session.answer(value)
        self._show_current()

    def action_back(self) -> None:
        if self.phase == "result" or not self.session.back():
            self.dismiss()
            return
        self._show_current()

    def action_routines(self) -> None:
        self.app.open_section("routines")
