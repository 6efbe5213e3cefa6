"""The clinician report: what it says (md and html), that notes stay inert, the CLI."""

from __future__ import annotations

import datetime as dt
import io
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from nervecheck.cli import main
from nervecheck.engine.clock import FixedClock
from nervecheck.engine.store.schema import CheckRecord, Entry, ExerciseDone, PathStep, Run, Settings
from nervecheck.engine.log.report import gather, html, markdown, render
from nervecheck.cli.report import parse_days
from nervecheck.engine.triage.loading import load_tree
from nervecheck.engine.vocab import FLAGS
from nervecheck.cli.errors import UsageError

from tests.conftest import NOW, TODAY

NASTY_NOTE = "ouch [/b] knee <script>alert(1)</script> & ``` # not a heading \x1b[31mred\x1b[0m"
RED_FLAGS_NO = [PathStep(id=flag, answer="no") for flag in
                ("bladder_bowel", "saddle_numbness", "both_legs", "sudden_unresolved", "worsening_weakness")]


def ago(days: int) -> dt.date:
    return TODAY - dt.timedelta(days=days)


def seed(store) -> None:
    squat = ExerciseDone(routine="runner_strength", exercise="goblet_squat", sets=3, reps=10)
    store.merge_entries([
        Entry(date=ago(0), pain=4, symptoms=("burning",), locations=("heel",), run=Run(distance_km=10.0,
              duration_min=55), pain_after_exercise="over_2h", note=NASTY_NOTE),
        Entry(date=ago(2), pain=2, symptoms=("burning", "tingling"), locations=("heel", "toes"),
              exercises=(squat,)),
        Entry(date=ago(9), pain=0, run=Run(distance_km=8.0), pain_after_exercise="none", exercises=(squat,)),
        Entry(date=ago(27), pain=1, note="first day of the period"),
        Entry(date=ago(28), pain=9, symptoms=("weakness",), note="outside the period"),
    ])
    store.add_check(CheckRecord(
        time=NOW - dt.timedelta(days=1), disposition="see_clinician", nerve="medial_calcaneal",
        path=(*RED_FLAGS_NO, PathStep(id="symptom", answer="burning"), PathStep(id="location", answer="heel"),
              PathStep(id="after_trauma", answer="yes"))))
    store.add_check(CheckRecord(
        time=NOW - dt.timedelta(days=3), disposition="emergency",
        path=(PathStep(id="bladder_bowel", answer="no"), PathStep(id="saddle_numbness", answer="yes"))))
    store.add_check(CheckRecord(time=NOW - dt.timedelta(days=40), disposition="keep_running",
                                path=(*RED_FLAGS_NO, PathStep(id="symptom", answer="none"))))


def test_markdown_content(store) -> None:
    seed(store)
    text = markdown(gather(store, TODAY, 28))
    assert "Sun 25 Oct 2026 to Sat 21 Nov 2026 (28 days); 4 days logged" in text
    assert "outside the period" not in text and "weakness" not in text.split("## Symptom checks")[0]
    assert "- burning: 2 days" in text and "- tingling: 1 day" in text
    assert "- heel (medial calcaneal nerve): 2 days" in text and "- toes (interdigital nerve): 1 day" in text
    assert "2 runs, 18.0 km in all." in text
    assert "Average 1.8 out of 10, highest 4, pain-free (0) on 1 of 4 scored days." in text
    # The chart as a table: pain by weekday ("." not logged, blank before the period),
    # then the week's runs, distance and symptom days.
    assert "| 19 Oct (part logged) |  |  |  |  |  |  | 1 | 0 | 0.0 | 0 |" in text  # logging began Sat 24 Oct
    assert "| 9 Nov | . | . | . | 0 | . | . | . | 1 | 8.0 | 0 |" in text
    assert "| 16 Nov (so far) | . | . | . | 2 | . | 4 |  | 1 | 10.0 | 2 |" in text
    assert "Runner strength: on 2 days (goblet squat x2)" in text


def test_markdown_checks_show_red_flags_and_outcome(store) -> None:
    seed(store)
    text = markdown(gather(store, TODAY, 28))
    assert "Fri 20 Nov 2026, 09:30: See a clinician; nerve: medial calcaneal" in text
    assert "(version 1 check: five warning signs asked)" in text and "after trauma: yes" in text
    tree = load_tree()
    emergency = text[text.index("Emergency department now"):]
    assert f"yes: {tree.short('saddle_numbness')}" in emergency
    assert f"no: {tree.short('bladder_bowel')}." in emergency and tree.short("stroke_signs") in emergency
    assert "not asked:" in emergency
    assert "Keep running" not in text  # 40 days ago: outside the period


def test_the_report_gives_the_latest_checks_safety_net(store, clock) -> None:
    """A physio reads when the runner was told to act sooner, as the app told them."""
    from nervecheck.engine.store.schema import check_record
    from nervecheck.engine.triage.loading import evaluate

    answers = {**dict.fromkeys(FLAGS, "no"), "symptom": "cramping", "location": "outer_knee", "after_trauma": "no",
               "systemic_signs": "no", "pattern": "first_time", "duration": "days", "area": "small"}
    outcome = evaluate(answers)
    store.add_check(check_record(outcome, NOW))
    for page in (markdown(gather(store, TODAY, 28)), html(gather(store, TODAY, 28))):
        assert "When to act sooner (from the latest check)" in page
        for line in outcome.safety_net:
            assert line in page.replace("&#x27;", "'").replace("&#39;", "'")


def test_markdown_notes_are_inert(store) -> None:
    seed(store)
    text = markdown(gather(store, TODAY, 28))
    notes = text[text.index("## Notes"):]
    fence = re.search(r"^(`{3,})text$", notes, re.M).group(1)
    assert len(fence) > 3  # longer than the ``` inside the note, so the note cannot close it
    assert notes.rstrip().endswith(fence)
    assert "\x1b" not in text and "\u241b[31mred" in notes  # the escape shown as a symbol
    assert "ouch [/b] knee <script>alert(1)</script> &" in notes  # otherwise exactly as typed


class _Checker(HTMLParser):
    """Collects tags, attributes and text; notes where tags do not nest."""

    VOID = {"meta", "br", "line", "rect"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.tags: list[str] = []
        self.attrs: list[str] = []
        self.text: list[str] = []
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs) -> None:
        self.tags.append(tag)
        self.attrs += [value or "" for _name, value in attrs]
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs) -> None:
        self.tags.append(tag)
        self.attrs += [value or "" for _name, value in attrs]

    def handle_endtag(self, tag) -> None:
        if tag in self.VOID:
            return
        if not self.stack or self.stack.pop() != tag:
            self.problems.append(f"unbalanced </{tag}>")

    def handle_data(self, data) -> None:
        self.text.append(data)


def test_html_parses_and_needs_no_network(store) -> None:
    seed(store)
    page = html(gather(store, TODAY, 28))
    checker = _Checker()
    checker.feed(page)
    checker.close()
    assert checker.problems == [] and checker.stack == []
    assert "script" not in checker.tags and "img" not in checker.tags and "link" not in checker.tags
    assert "svg" in checker.tags and "rect" in checker.tags  # the inline pain chart
    assert not re.search(r"https?://|src=|href=|url\(|@import", page)
    assert not any(value.startswith("//") for value in checker.attrs)
    assert "@media print" in page


def test_html_shows_the_note_escaped_and_literal(store) -> None:
    seed(store)
    page = html(gather(store, TODAY, 28))
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    checker = _Checker()
    checker.feed(page)
    text = "".join(checker.text)
    assert "ouch [/b] knee <script>alert(1)</script> & ``` # not a heading \u241b[31mred" in text
    assert "See a clinician" in text and f"yes: {load_tree().short('saddle_numbness')}" in text
    assert "Period:" in text and "28 days" in text


def test_units_follow_the_settings(store) -> None:
    seed(store)
    store.save_settings(Settings(units="mi"))
    text = render(store, TODAY, 28, "md")
    assert "2 runs, 11.2 mi in all." in text and "Distance (mi)" in text


def test_empty_log_reports_plainly(store) -> None:
    text = render(store, TODAY, 7, "md")
    assert "No pain scores logged." in text and "No runs logged." in text and "No notes." in text
    assert "<p" in render(store, TODAY, 7, "html")


def test_long_periods_chart_by_week(store) -> None:
    """90 days: a row per week from the period's first Monday, each dated."""
    seed(store)
    text = render(store, TODAY, 90, "md")
    rows = [line for line in text.splitlines() if re.match(r"\| \d+ \w{3}", line)]
    assert len(rows) == 13 and rows[0].startswith("| 24 Aug (before logging) | . |")
    assert rows[-1].startswith("| 16 Nov (so far) |")
    assert "| 19 Oct (part logged) | . | . | . | . | . | 9 | 1 | 0 | 0.0 | 1 |" in rows


def test_report_at_ten_years_covers_only_its_period(tmp_path, clock) -> None:
    """Ten years stored, 28 days reported (its speed is `make bench` figure e, not timed here)."""
    from nervecheck.cli.demo import build_demo
    from nervecheck.engine.store.repository import open_store

    store = open_store(tmp_path / "big.json", clock)
    store.merge_entries(build_demo(3650, clock)[0])
    store.entries()  # the first read validates the file; the report runs on the cache
    text = render(store, TODAY, 28, "md")
    assert "(28 days); 28 days logged" in text
    assert f"{TODAY - dt.timedelta(days=28):%a %-d %b %Y}" not in text
    assert "<svg" in render(store, TODAY, 28, "html")


# -- the command --------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["0", "-3", "abc", "2.5", "", "1e3", "٣"])
def test_days_must_be_a_positive_whole_number(value) -> None:
    with pytest.raises(UsageError, match="--days"):
        parse_days(value)


def test_cli_bad_days_is_one_line_and_status_2(db_path) -> None:
    out, err = io.StringIO(), io.StringIO()
    assert main(["--db", str(db_path), "report", "--days", "soon"], out, err, clock=FixedClock(NOW)) == 2
    assert err.getvalue().count("\n") == 1 and "--days" in err.getvalue() and "Traceback" not in err.getvalue()


def test_cli_prints_markdown_by_default(store, monkeypatch) -> None:
    seed(store)
    monkeypatch.setattr("nervecheck.cli.log.open_store", lambda path, clock=None, **_options: store)
    out = io.StringIO()
    assert main(["--db", str(store.path), "report"], out, io.StringIO(), clock=FixedClock(NOW)) == 0
    assert out.getvalue().startswith("# NerveCheck report") and "(28 days)" in out.getvalue()


def test_cli_writes_html_to_a_file(store, monkeypatch, tmp_path: Path) -> None:
    seed(store)
    monkeypatch.setattr("nervecheck.cli.log.open_store", lambda path, clock=None, **_options: store)
    target = tmp_path / "report.html"
    out = io.StringIO()
    assert main(["--db", str(store.path), "report", "--days", "7", "--format", "html", "-o", str(target)],
                out, io.StringIO(), clock=FixedClock(NOW)) == 0
    assert "written to" in out.getvalue()
    page = target.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "(7 days)" in page
    assert target.stat().st_mode & 0o077 == 0


def test_cli_unwritable_output_is_one_line(store, monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setattr("nervecheck.cli.log.open_store", lambda path, clock=None, **_options: store)
    err = io.StringIO()
    target = tmp_path / "missing" / "report.md"
    assert main(["--db", str(store.path), "report", "-o", str(target)], io.StringIO(), err, clock=FixedClock(NOW)) == 2
    assert "--output" in err.getvalue()


def test_the_pain_free_count_counts_zeros_only_among_scored_days(store) -> None:
    """A day logged without a pain score is neither pain-free nor scored."""
    store.merge_entries([Entry(date=ago(1), pain=0), Entry(date=ago(2), pain=0), Entry(date=ago(3), pain=3),
                         Entry(date=ago(4), symptoms=("tingling",)), Entry(date=ago(5), pain=10)])
    text = markdown(gather(store, TODAY, 28))
    assert "Average 3.2 out of 10, highest 10, pain-free (0) on 2 of 4 scored days." in text


# -- issue 17: the chart, imported runs, insights, shoes, checks left out, the files ---------


def _activity(day: dt.date, km: float, shoe: str | None = None, hour: int = 7) -> dict:
    from nervecheck.engine.store.activities import ACTIVITY_FIELDS

    doc = dict.fromkeys(ACTIVITY_FIELDS)
    doc.update(start=f"{day.isoformat()}T{hour:02d}:00:00Z", day=day.isoformat(), sport="run", sport_raw="Run",
               distance_km=km, moving_s=3000.0, shoe=shoe, source="strava", from_index=True)
    return doc


def _runs_and_shoes(store) -> None:
    """Ten imported km on the day 10 km were typed (the imported run counts), 12 km on
    a day with nothing typed, and two shoes, one retired."""
    from nervecheck.engine.store.activities import new_shoe

    acts = {1: _activity(ago(0), 10.5, "Peg [b]asus"), 2: _activity(ago(5), 12.0, "Old | one")}
    shoes = {1: new_shoe("Peg [b]asus", ago(20)), 2: {**new_shoe("Old | one", ago(40)), "retired": ago(1).isoformat()}}
    store.change_runs(lambda _acts, _shoes: (acts, shoes, None))


def test_imported_runs_count_over_typed_ones_and_shoes_are_listed(store) -> None:
    seed(store)
    _runs_and_shoes(store)
    text = markdown(gather(store, TODAY, 28))
    assert "3 runs, 30.5 km in all. 2 imported from a watch" in text  # 8 typed + 10.5 + 12, not + 10 typed
    assert "| 16 Nov (so far) | . | . | . | 2 | . | 4 |  | 2 | 22.5 | 2 |" in text
    shoes = text[text.index("## Shoes"):text.index("## Symptom checks")]
    assert r"- Peg \[b\]asus: 10.5 km, in use" in shoes  # shown, not read as markup
    assert fr"- Old \| one: 12.0 km, retired {ago(1).isoformat()}" in shoes
    page = html(gather(store, TODAY, 28))
    assert "Peg [b]asus: 10.5 km, in use" in page and "Old | one: 12.0 km, retired" in page


def test_every_run_is_listed_on_its_day_with_its_shoe_and_where_it_came_from(store) -> None:
    """Issue 16: the clinician sees each run as it counts: the typed 10 km of today is
    left out for the imported 10.5 km, and the shoe is shown, not read as markup."""
    seed(store)
    _runs_and_shoes(store)
    data = gather(store, TODAY, 28)
    text = markdown(data)
    listed = text[text.index("Runs, as they count for the day:"):text.index("## Patterns")]
    day = lambda d: f"{d:%a} {d.day} {d:%b}"  # noqa: E731
    assert [line for line in listed.splitlines() if line.startswith("- ")] == [
        f"- {day(ago(9))}: 8.0 km (typed)",
        f"- {day(ago(5))}: 12.0 km, 50 min, Old \\| one (watch)",
        f"- {day(ago(0))}: 10.5 km, 50 min, Peg \\[b\\]asus (watch)",
    ]
    page = html(data)
    runs = page[page.index("<h2>Runs</h2>"):]
    assert f"<li>{day(ago(0))}: 10.5 km, 50 min, Peg [b]asus (watch)</li>" in runs


def test_the_html_chart_has_both_scales_and_a_dated_axis(store) -> None:
    seed(store)
    _runs_and_shoes(store)
    page = html(gather(store, TODAY, 28))
    chart = page[page.index("<svg"):page.index("</svg>")]
    labels = re.findall(r"<text [^>]*>([^<]*)</text>", chart)
    assert {"0", "5", "10", "pain", "km/week"} <= set(labels)  # the pain scale and the distance scale's name
    assert {"26 Oct", "2 Nov", "9 Nov", "16 Nov"} <= set(labels)  # Mondays on the time axis
    assert "25 Oct 2026 to 21 Nov 2026" in labels
    assert {"25"} <= set(labels)  # the distance scale's top for a 22.5 km week
    assert chart.count("<line ") >= 3 + 3 + 3 + 4  # three axes, pain ticks, distance ticks, date ticks
    assert "Sat 21 Nov: pain 4" in chart and "Week of 16 Nov: 22.5 km (so far)" in chart


def test_a_check_marked_as_a_mistake_is_left_out(store) -> None:
    seed(store)
    key = next(key for key, check in store.checks_with_ids() if check.disposition == "emergency")
    store.mark_check(key)
    for page in (markdown(gather(store, TODAY, 28)), html(gather(store, TODAY, 28))):
        assert "Emergency department now" not in page and "See a clinician" in page
        assert "1 check in this period was marked by the runner as entered by mistake and is left out." in page


def test_the_insights_with_enough_data_are_listed_with_what_they_rest_on(demo_store, store) -> None:
    text = markdown(gather(demo_store, TODAY, 28))
    insights = text[text.index("## Insights"):text.index("## Symptoms and where")]
    assert "From the last 90 days of the log" in insights and "(rests on 11 weeks)" in insights
    assert "not enough data yet" not in insights  # only those with enough are listed
    assert "None has enough data yet." in markdown(gather(store, TODAY, 28))


def test_checks_show_each_tier_of_warning_signs(store) -> None:
    seed(store)
    text = markdown(gather(store, TODAY, 28))
    clinician = text[text.index("See a clinician"):]
    clinician = clinician[:clinician.index("  - Answers:")]
    assert "  - Red flags (emergency): no: " in clinician and "not asked: " in clinician  # a version 1 check
    assert "  - Urgent flags (help today): none asked" in clinician  # a whole tier not asked is not listed


def test_the_app_writes_both_reports_beside_the_database(store) -> None:
    import stat

    from nervecheck.engine.log.report_files import write_reports

    seed(store)
    paths = write_reports(store, TODAY)
    assert [p.name for p in paths] == ["nervecheck-report-2026-11-21.md", "nervecheck-report-2026-11-21.html"]
    assert all(p.parent == store.path.parent and stat.S_IMODE(p.stat().st_mode) == 0o600 for p in paths)
    assert paths[0].read_text().startswith("# NerveCheck report") and "<svg" in paths[1].read_text()
    store.merge_entries([Entry(date=ago(1), pain=7)])
    write_reports(store, TODAY)  # the same day again: replaced
    assert "highest 7" in paths[0].read_text()


def test_a_report_that_cannot_be_written_says_where_and_why(store, tmp_path: Path) -> None:
    from nervecheck.engine.log.report_files import ReportFileError, write_reports

    seed(store)
    folder = tmp_path / "no-such-folder"
    with pytest.raises(ReportFileError, match="cannot write .*no-such-folder.*No such file"):
        write_reports(store, TODAY, folder=folder)
