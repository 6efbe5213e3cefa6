"""The symptom check: red flags on one screen, then one question per screen, then the result.

All clinical decisions come from :class:`engine.triage.TriageSession`; this screen only
shows the questions it asks and passes the answers back. A result is saved the moment
it is reached; a check left halfway saves nothing.
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

from engine.check_prefill import Suggestion, suggestions
from engine.models import CheckRecord, Entry, PathStep
from engine.storage import StoreError
from engine.triage import Outcome, TriageSession, evaluate
from tui.widgets.red_flags import RedFlagList
from tui.widgets.result import result_view


FLAG_TICKED = "You ticked a warning sign: press enter to confirm it, or untick it first."


def _short(text: str) -> str:
    """The first sentence of a help text: one line under each red flag."""
    first = text.split(". ")[0].rstrip(".")
    return first if len(first) <= 66 else first[:65].rstrip() + "…"


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
        Binding("n", "none_apply", "None apply"),
        Binding("enter", "confirm_flags", "Confirm"),
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
        self.outcome: Outcome | None = None

    def compose(self) -> ComposeResult:
        yield Header(icon="")
        yield Static(id="progress")
        flags = [(q.id, q.text, q.hint or _short(q.help)) for q in self.session.red_flags()]
        with Vertical(id="check-body"):
            yield RedFlagList(flags, id="flags")
            yield Static(id="flags-message")
            yield QuestionView(id="question")
        yield Footer()

    def on_mount(self) -> None:
        if self.review is not None:
            outcome = evaluate(self.review.answers)
            when = self.app.clock.local(self.review.time).strftime("%-d %b %Y, %H:%M")
            self._show_result(outcome, f"Saved check from {when} (read-only)")
            return
        if self.prefill:
            today = self.app.clock.today()
            self.recent = self.app.store.entries(today - dt.timedelta(days=30), today)
        self._show_flags()

    # -- phases ---------------------------------------------------------------

    def _set_phase(self, phase: str) -> None:
        self.phase = phase
        self.query_one("#flags").display = phase == "flags"
        self._flags_message("")
        question = self.query_one("#question")
        question.display = phase == "question"
        question.disabled = phase != "question"  # a hidden option list must not take enter
        self.refresh_bindings()

    def _show_flags(self) -> None:
        self._set_phase("flags")
        self.set_focus(None)
        after = self.session.tree.depth[self.session.tree.start] - 5
        self._progress(f"Questions 1 to 5: warning signs first (then at most {after} more)",
                       "Press the number of any that apply, then enter. Press n if none apply.")

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
        """The log's suggestion for this question, given the answers on the path so far."""
        answers = dict(self.session.steps)
        return suggestions(self.recent, self.app.clock.today(), answers).get(question_id)

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
        path = tuple(PathStep(id=step.id, answer=step.answer) for step in outcome.path)
        record = CheckRecord(time=self.app.clock.now(), path=path, disposition=outcome.disposition,
                             nerve=outcome.nerve, care=outcome.care, routines=outcome.routines)
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
        if action == "none_apply" or action == "confirm_flags":
            return self.phase == "flags"
        if action == "number":
            return self.phase in ("flags", "question")
        if action == "routines":
            return self.phase == "result" and self.outcome is not None and self.outcome.disposition != "emergency"
        return True

    def action_number(self, number: int) -> None:
        if self.phase == "flags":
            if number <= 5:
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
        """``n``: none of the warning signs apply. With one ticked, n contradicts the
        tick, and a tick must never quietly become "no": keep it and say what to do."""
        if self.query_one(RedFlagList).ticked:
            self._flags_message(FLAG_TICKED)
            self.app.bell()
            return
        self.action_confirm_flags()

    def action_confirm_flags(self) -> None:
        ticked = self.query_one(RedFlagList).ticked
        while self.session.current is not None and self.session.step_number <= 5:
            self.session.answer("yes" if self.session.current.id in ticked else "no")
        self._show_question()

    def on_option_list_option_selected(self, message: OptionList.OptionSelected) -> None:
        message.stop()
        if self.phase == "question" and message.option.id is not None:
            self._answer(message.option.id)

    def _answer(self, value: str) -> None:
        self.session.answer(value)
        self._show_question()

    def action_back(self) -> None:
        if self.phase == "result" or self.phase == "flags":
            self.dismiss()
            return
        if self.session.step_number <= 6:  # first question after the flags: back to them
            ticked = {s.id for s in self.session.path if s.answer == "yes"}
            while self.session.back():
                pass
            self.query_one(RedFlagList).set_ticked(ticked)
            self._show_flags()
            return
        self.session.back()
        self._show_question()

    def action_routines(self) -> None:
        self.app.open_section("routines")
