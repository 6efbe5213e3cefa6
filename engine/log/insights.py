"""Symptoms against load: four comparisons, each only with enough data, each saying what
it rests on, none claiming a cause (issue 17; ``docs/insights.md``).

- ``after_jump``: symptom days a week in weeks after a jump in weekly distance (a full
  week over 1.3 times the average of the 4 full weeks before it) against other weeks.
- ``long_runs``: the next day's pain after long runs against after other runs.
- ``shoes``: the share of runs in each shoe with symptoms that day or the next.
- ``two_hour``: the share of the last runs after which pain lasted over two hours.

Every :class:`Insight` carries a plain sentence, the numbers behind it, its
minimum-data rule and ``stands_out`` (for a one-line mention on the home screen). The
functions read a :class:`~nervecheck.engine.log.load.Log` and ``today``, nothing else.
"""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from typing import Any, NamedTuple

from nervecheck.engine.log import load as ld
from nervecheck.engine.log.load import DAY, Log, LoadSummary
from nervecheck.engine.units import km_to

SCHEMA_VERSION = 1
DEFAULT_DAYS = 90
NOT_A_CAUSE = "This is what went together in your log, not a cause."

JUMP = Fraction(13, 10)
BASELINE_WEEKS = 4
MIN_AFTER_JUMP_WEEKS = 2
MIN_OTHER_WEEKS = 4
JUMP_STANDS_OUT_DAYS = 1  # symptom days a week more after jumps
MIN_LONG = 3
MIN_OTHER_RUNS = 3
LONG_STANDS_OUT_POINTS = 1  # next-day pain points higher after long runs
MIN_SHOE_RUNS = 5
MIN_SHOES = 2
SHOE_STANDS_OUT = Fraction(1, 4)  # 25 percentage points between shoes
TWO_HOUR_RUNS = 10
MIN_TWO_HOUR_RUNS = 5
TWO_HOUR_STANDS_OUT = 2  # as the training-load pattern: 2 runs with pain over 2 hours


class Insight(NamedTuple):
    id: str
    title: str
    enough: bool
    sentence: str  # the finding, or "not enough data yet: ..."
    rests_on: str  # "12 weeks", "9 runs"; "" when not enough
    rule: str  # its minimum data, in words
    numbers: dict[str, Any]
    stands_out: bool = False
    short: str = ""  # the finding in a few words, for home's one line when it stands out

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "enough": self.enough, "stands_out": self.stands_out,
                "sentence": self.sentence, "rests_on": self.rests_on, "rule": self.rule, "numbers": self.numbers}


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _need(title: str, text: str) -> str:
    return f"{title}: not enough data yet: {text}"


def _avg(total: int, n: int) -> float:
    return round(total / n, 1)


def distance(km: float, units: str = "km") -> str:
    """``12.3 km`` or ``7.6 mi``, one decimal, in the runner's units."""
    return f"{km_to(km, units):.1f} {units}"


# -- weeks after a jump ------------------------------------------------------------------------


class WeekGroups(NamedTuple):
    after_jump: list[ld.WeekLoad]
    other: list[ld.WeekLoad]
    full_weeks: int  # full weeks logged up to today (in or before the window)


def is_jump(week: ld.WeekLoad, baseline: list[ld.WeekLoad]) -> bool:
    """``week`` over 1.3 times the average of ``baseline`` (4 full weeks); any distance
    after 4 weeks of none is a jump too."""
    base = sum(ld.metres(w.distance_km) for w in baseline)
    now = ld.metres(week.distance_km)
    return now * len(baseline) > JUMP * base if base else now > 0


def week_groups(log: Log, today: dt.date, days: int) -> WeekGroups:
    """The full weeks inside the window whose week before can be judged (it and the 4
    before it full): those after a jump, and the others."""
    start = today - (days - 1) * DAY
    lead = BASELINE_WEEKS + 1
    weeks = ld.weeks(log, start - 7 * lead * DAY, today)
    after, other = [], []
    for i in range(lead, len(weeks)):
        week = weeks[i]
        if not week.full or week.start < start:
            continue
        before = weeks[i - lead:i]
        if not all(w.full for w in before):
            continue
        (after if is_jump(before[-1], before[:-1]) else other).append(week)
    return WeekGroups(after, other, ld.full_weeks(log.logged_from, today))


def after_jump(log: Log, today: dt.date, days: int) -> Insight:
    title = "Symptoms after a load jump"
    rule = (f"full weeks (Monday to Sunday) in the last {days} days whose week before can be judged against "
            f"the 4 full weeks before it; a jump is over 1.3 times their average; needs "
            f"{MIN_AFTER_JUMP_WEEKS} weeks after a jump and {MIN_OTHER_WEEKS} other weeks")
    groups = week_groups(log, today, days)
    a, o = groups.after_jump, groups.other
    numbers: dict[str, Any] = {"weeks_after_jump": len(a), "other_weeks": len(o)}
    classified = len(a) + len(o)
    in_window = ld.full_weeks(today - (days - 1) * DAY, today)  # whole weeks the window holds
    if in_window < MIN_AFTER_JUMP_WEEKS + MIN_OTHER_WEEKS:
        numbers["window_weeks"] = in_window
        return Insight("after_jump", title, False,
                       _need(title, f"the last {days} days hold {_plural(in_window, 'whole week')}; "
                                    f"needs {MIN_AFTER_JUMP_WEEKS + MIN_OTHER_WEEKS} (a longer window)"),
                       "", rule, numbers)
    if classified < MIN_AFTER_JUMP_WEEKS + MIN_OTHER_WEEKS or len(o) < MIN_OTHER_WEEKS:
        need = max(MIN_OTHER_WEEKS - len(o), MIN_AFTER_JUMP_WEEKS + MIN_OTHER_WEEKS - classified)
        if not classified:
            need += max(0, BASELINE_WEEKS + 1 - groups.full_weeks)
        numbers["need_weeks"] = need
        return Insight("after_jump", title, False, _need(title, f"need {_plural(need, 'more full week')}"),
                       "", rule, numbers)
    if len(a) < MIN_AFTER_JUMP_WEEKS:
        return Insight("after_jump", title, False,
                       _need(title, f"{_plural(len(a), 'week')} after a jump so far; needs {MIN_AFTER_JUMP_WEEKS}"),
                       "", rule, numbers)
    sa, so = sum(w.symptom_days for w in a), sum(w.symptom_days for w in o)
    numbers.update(after_jump_symptom_days_per_week=_avg(sa, len(a)), other_symptom_days_per_week=_avg(so, len(o)))
    stands = Fraction(sa, len(a)) - Fraction(so, len(o)) >= JUMP_STANDS_OUT_DAYS
    sentence = (f"In the {_plural(len(a), 'week')} after a jump in weekly distance you logged symptoms on "
                f"{_avg(sa, len(a))} days a week; in the {_plural(len(o), 'other week')}, {_avg(so, len(o))}. "
                + NOT_A_CAUSE)
    short = f"more symptom days after load jumps ({_avg(sa, len(a))} vs {_avg(so, len(o))} a week)"
    return Insight("after_jump", title, True, sentence, _plural(classified, "week"), rule, numbers, stands, short)


# -- next-day pain after long runs -----------------------------------------------------------


def _by_day(log: Log) -> dict[dt.date, ld.DayLog]:
    return {d.day: d for d in log.days}


def long_run_pain(log: Log, today: dt.date, days: int, units: str = "km") -> Insight:
    title = "Next-day pain after long runs"
    rule = (f"runs in the last {days} days followed by a day with pain logged; long means over 1.5 times your "
            f"median run of the last {ld.LONG_RUN_DAYS} days (needs {ld.LONG_RUN_MIN_RUNS} runs); "
            f"needs {MIN_LONG} long and {MIN_OTHER_RUNS} other runs")
    longs = ld.long_runs(log, today)
    if not longs.enough:
        need = ld.LONG_RUN_MIN_RUNS - longs.runs
        return Insight("long_runs", title, False,
                       _need(title, f"need {_plural(need, 'more run')} in the last {ld.LONG_RUN_DAYS} days"),
                       "", rule, {"runs": longs.runs, "need_runs": need})
    start = today - (days - 1) * DAY
    twice_median_m = round(longs.median_km * 2000)
    long_days: dict[dt.date, bool] = {}
    for run in log.runs:
        if start <= run.day < today and ld.metres(run.distance_km) > 0:
            long_days[run.day] = long_days.get(run.day, False) or ld.is_long(run, twice_median_m)
    logged = _by_day(log)
    after_long, after_other = [], []
    for day, is_long in long_days.items():
        nxt = logged.get(day + DAY)
        if nxt is not None and nxt.pain is not None:
            (after_long if is_long else after_other).append(nxt.pain)
    numbers: dict[str, Any] = {"long_runs": len(after_long), "other_runs": len(after_other),
                               "long_over_km": longs.threshold_km}
    if len(after_long) < MIN_LONG or len(after_other) < MIN_OTHER_RUNS:
        parts = []
        if len(after_long) < MIN_LONG:
            parts.append(f"{_plural(MIN_LONG - len(after_long), 'more long run')}")
        if len(after_other) < MIN_OTHER_RUNS:
            parts.append(f"{_plural(MIN_OTHER_RUNS - len(after_other), 'more other run')}")
        return Insight("long_runs", title, False,
                       _need(title, f"need {' and '.join(parts)} with the next day's pain logged"), "", rule, numbers)
    sl, so = sum(after_long), sum(after_other)
    numbers.update(long_next_day_pain=_avg(sl, len(after_long)), other_next_day_pain=_avg(so, len(after_other)))
    stands = Fraction(sl, len(after_long)) - Fraction(so, len(after_other)) >= LONG_STANDS_OUT_POINTS
    sentence = (f"The day after your {_plural(len(after_long), 'long run')} (over {distance(longs.threshold_km, units)}) "
                f"pain averaged {_avg(sl, len(after_long))} of 10; after {_plural(len(after_other), 'other run')}, "
                f"{_avg(so, len(after_other))}. " + NOT_A_CAUSE)
    short = (f"more pain the day after long runs ({_avg(sl, len(after_long))} vs "
             f"{_avg(so, len(after_other))} of 10)")
    return Insight("long_runs", title, True, sentence, _plural(len(after_long) + len(after_other), "run"),
                   rule, numbers, stands, short)


# -- shoes -------------------------------------------------------------------------------------


def shoes(log: Log, today: dt.date, days: int) -> Insight:
    title = "Symptoms by shoe"
    rule = (f"runs in the last {days} days that carry a shoe (an imported run's own, a typed run's the default "
            f"shoe of its day); a run counts when nerve symptoms were logged "
            f"that day or the next; needs {MIN_SHOES} shoes with {MIN_SHOE_RUNS} runs each")
    start = today - (days - 1) * DAY
    logged = _by_day(log)
    counts: dict[str, list[int]] = {}
    for run in log.runs:
        if run.shoe is None or not start <= run.day <= today:
            continue
        row = counts.setdefault(run.shoe, [0, 0])
        row[0] += 1
        row[1] += any(d is not None and d.symptoms for d in (logged.get(run.day), logged.get(run.day + DAY)))
    enough = {shoe: row for shoe, row in sorted(counts.items()) if row[0] >= MIN_SHOE_RUNS}
    numbers: dict[str, Any] = {"shoes": [{"shoe": shoe, "runs": runs, "runs_with_symptoms": sick,
                                          "share": round(sick / runs, 2)} for shoe, (runs, sick) in enough.items()]}
    if len(enough) < MIN_SHOES:
        why = ("no runs carry a shoe yet (imported runs with one will, and typed runs once a default shoe is set)"
               if not counts else
               f"needs {MIN_SHOES} shoes with {MIN_SHOE_RUNS} runs each; {_plural(len(enough), 'shoe')} so far")
        return Insight("shoes", title, False, _need(title, why), "", rule, numbers)
    rates = {shoe: Fraction(sick, runs) for shoe, (runs, sick) in enough.items()}
    high = max(rates, key=lambda s: (rates[s], s))
    low = min(rates, key=lambda s: (rates[s], s))
    stands = rates[high] - rates[low] >= SHOE_STANDS_OUT
    parts = [f"{shoe}: {sick} of {runs} runs" for shoe, (runs, sick) in enough.items()]
    sentence = "Runs followed by symptoms (that day or the next): " + "; ".join(parts) + ". " + NOT_A_CAUSE
    runs_total = sum(runs for runs, _ in enough.values())
    sick, runs = enough[high][1], enough[high][0]
    short = f"more symptoms after runs in {_clip(high)} ({sick} of {runs} runs)"
    return Insight("shoes", title, True, sentence, _plural(runs_total, "run"), rule, numbers, stands, short)


def _clip(name: str, width: int = 24) -> str:
    """A shoe's name for a short line: control characters shown as symbols, cut at ``width``."""
    from nervecheck.engine.textsafe import visible

    return _fit(visible(name), width)


# -- the two-hour rule -------------------------------------------------------------------------


def two_hour(log: Log, today: dt.date, days: int) -> Insight:
    title = "The two-hour rule"
    rule = (f"the last {TWO_HOUR_RUNS} runs in the last {days} days with how long pain lasted afterwards logged; "
            f"needs {MIN_TWO_HOUR_RUNS}; pain settling within two hours is a common rule of thumb for a "
            "tolerated run, not advice")
    start = today - (days - 1) * DAY
    logged = _by_day(log)
    run_days = sorted({r.day for r in log.runs if start <= r.day <= today}, reverse=True)
    answers = [logged[d].pain_after for d in run_days if d in logged and logged[d].pain_after is not None]
    answers = answers[:TWO_HOUR_RUNS]
    over = answers.count("over_2h")
    numbers: dict[str, Any] = {"runs": len(answers), "over_2h": over}
    if len(answers) < MIN_TWO_HOUR_RUNS:
        need = MIN_TWO_HOUR_RUNS - len(answers)
        numbers["need_runs"] = need
        return Insight("two_hour", title, False,
                       _need(title, f"need {_plural(need, 'more run')} with pain-after logged"), "", rule, numbers)
    numbers["share"] = round(over / len(answers), 2)
    sentence = (f"Pain lasted over two hours after {over} of your last {_plural(len(answers), 'run')} "
                f"({round(100 * over / len(answers))}%).")
    return Insight("two_hour", title, True, sentence, _plural(len(answers), "run"), rule, numbers,
                   over >= TWO_HOUR_STANDS_OUT, f"pain over 2 hours after {over} of your last {len(answers)} runs")


# -- all of them -------------------------------------------------------------------------------


class Insights(NamedTuple):
    today: dt.date
    days: int
    load: LoadSummary
    items: tuple[Insight, ...]
    units: str = "km"  # for the sentences and text lines; the JSON is in km

    @property
    def standing_out(self) -> list[Insight]:
        return [item for item in self.items if item.stands_out]

    @property
    def with_enough_data(self) -> list[Insight]:
        return [item for item in self.items if item.enough]


HOME_LINE_WIDTH = 64  # home's "Insight" row: 80 columns less the padding and the row's name


def home_line(found: Insights, width: int = HOME_LINE_WIDTH) -> str | None:
    """What home shows on its "Insight" row when an insight stands out (the first, in
    the order above), or ``None``: ``more pain the day after long runs (4.2 vs 2.1 of
    10), press i``, cut to ``width`` cells; never claiming a cause."""
    if not found.standing_out:
        return None
    item = found.standing_out[0]
    tail = ", press i"
    return _fit(item.short or item.title.lower(), width - len(tail)) + tail


def _cells(char: str) -> int:
    import unicodedata

    return 2 if unicodedata.east_asian_width(char) in "WF" else 1


def _fit(text: str, width: int) -> str:
    """``text`` cut to ``width`` terminal cells (wide characters take two), with "..."."""
    if sum(map(_cells, text)) <= width:
        return text
    out, used = [], 1
    for char in text:
        if used + _cells(char) > width:
            break
        out.append(char)
        used += _cells(char)
    return "".join(out) + "\u2026"


def insights(log: Log, today: dt.date, days: int = DEFAULT_DAYS, units: str = "km") -> Insights:
    """The load summary and every insight over the last ``days`` days (today included);
    distances in sentences in ``units`` (``km`` or ``mi``)."""
    if days < 1:
        raise ValueError("days must be at least 1")
    whole = log.up_to(today)
    log = whole.since(needed_from(today, days))
    items = (after_jump(log, today, days), long_run_pain(log, today, days, units), shoes(log, today, days),
             two_hour(log, today, days))
    # Days since a rest day may reach back before the window: it reads all it was given.
    load = ld.summary(log, today, days)._replace(rest=ld.rest(whole, today))
    return Insights(today, days, load, items, units)


def needed_from(today: dt.date, days: int) -> dt.date:
    """The first day any figure over the last ``days`` days reads (but the first day
    logged, which a :class:`~nervecheck.engine.log.load.Log` keeps): the window's weeks
    and the 5 full weeks before them, the ratio's 35 days, the long runs' 90 days (days
    since a rest day look as far: a longer streak shows as "none in the last N days").
    Pass it to :func:`~nervecheck.engine.log.load.from_entries` as ``since``."""
    window = today - (days - 1) * DAY
    return min(ld.week_start(window) - 7 * (BASELINE_WEEKS + 1) * DAY,
               today - (ld.RATIO_LOGGED_DAYS + 1) * DAY, today - (ld.LONG_RUN_DAYS - 1) * DAY)


# -- as text and as JSON -----------------------------------------------------------------------


def _duration(minutes: float) -> str:
    whole = round(minutes)
    return f"{whole // 60}h {whole % 60:02d}m"


def ratio_line(r: ld.Ratio, units: str = "km") -> str:
    head = "Last 7 days against the 4 weeks before"
    if not r.enough:
        return f"{head}: not enough data yet: need {_plural(r.need_weeks, 'more week')} of logging"
    if r.value is None:
        return f"{head}: no running in the 4 weeks before, nothing to compare with"
    return (f"{head}: {distance(r.acute_km, units)} against {distance(r.chronic_week_km, units)} a week = {r.value:.2f}, "
            f"{r.band} ({ld.RULE_OF_THUMB})")


def long_line(longs: ld.LongRuns, units: str = "km") -> str:
    if not longs.enough:
        return (f"Long runs: not enough data yet: need {_plural(ld.LONG_RUN_MIN_RUNS - longs.runs, 'more run')} "
                f"in the last {ld.LONG_RUN_DAYS} days")
    last = f"; the latest on {longs.long[-1].day.isoformat()}" if longs.long else ""
    return (f"Long runs: {len(longs.long)} of {longs.runs} runs in the last {ld.LONG_RUN_DAYS} days were over "
            f"{distance(longs.threshold_km, units)} (1.5 times your median run, {distance(longs.median_km, units)}){last}")


def rest_line(rest: ld.Rest) -> str:
    if rest.logged_days == 0:
        return "Rest days: nothing logged yet"
    if rest.days_since is None and rest.looked < rest.logged_days:
        return f"Rest days: none in the last {_plural(rest.looked, 'day')}"
    if rest.days_since is None:
        return f"Rest days: none in the {_plural(rest.logged_days, 'day')} since you started logging"
    if rest.days_since == 0:
        return "Days since a rest day: 0 (no run logged today so far)"
    return f"Days since a rest day: {rest.days_since} (the last was {rest.last_rest_day.isoformat()})"


def week_line(week: ld.WeekLoad, units: str = "km") -> str:
    time = _duration(week.minutes)
    if week.runs_without_time:
        time += f" (+{week.runs_without_time} untimed)"
    mark = f"  ({week.partial}: not compared)" if week.partial else ""
    return (f"  week of {week.start.isoformat()}  {distance(week.distance_km, units):>9}  {time}  "
            f"{_plural(week.runs, 'run')}{mark}")


def text_lines(found: Insights) -> list[str]:
    """The load summary, then one line per insight."""
    lines = [f"Load, weeks Monday to Sunday, last {found.days} days to {found.today.isoformat()}:"]
    lines += [week_line(week, found.units) for week in found.load.weeks] or ["  nothing logged yet"]
    lines += [ratio_line(found.load.ratio, found.units), long_line(found.load.long_runs, found.units),
              rest_line(found.load.rest)]
    lines.append("Insights:")
    for item in found.items:
        mark = "! " if item.stands_out else "  "
        rests = f" [{item.rests_on}]" if item.rests_on else ""
        lines.append(f"{mark}{item.sentence}{rests}")
    return lines


def to_json(found: Insights) -> dict[str, Any]:
    """The stable structure of ``insights --format json`` (``docs/insights.md``)."""
    load = found.load
    r, longs, rest = load.ratio, load.long_runs, load.rest
    return {
        "version": SCHEMA_VERSION,
        "today": found.today.isoformat(),
        "days": found.days,
        "load": {
            "weeks": [{"start": w.start.isoformat(), "distance_km": w.distance_km, "minutes": w.minutes,
                       "runs": w.runs, "runs_without_time": w.runs_without_time, "symptom_days": w.symptom_days,
                       "full": w.full, "partial": w.partial} for w in load.weeks],
            "ratio": {"enough": r.enough, "need_weeks": r.need_weeks, "acute_km": r.acute_km if r.enough else None,
                      "chronic_week_km": r.chronic_week_km if r.enough else None, "value": r.value,
                      "band": r.band, "note": ld.RULE_OF_THUMB},
            "long_runs": {"enough": longs.enough, "runs": longs.runs, "median_km": longs.median_km,
                          "threshold_km": longs.threshold_km,
                          "long": [{"day": run.day.isoformat(), "distance_km": run.distance_km} for run in longs.long]},
            "rest": {"last_rest_day": None if rest.last_rest_day is None else rest.last_rest_day.isoformat(),
                     "days_since": rest.days_since, "logged_days": rest.logged_days, "looked_days": rest.looked},
        },
        "insights": [item.to_json() for item in found.items],
    }
