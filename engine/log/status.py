"""``nervecheck status``: the home screen's "today at a glance" as one line and a verdict.

It reads what the home screen reads (:func:`home_summary`: today's entry, the newest
check, the log's notices) and decides nothing new about the log; what it adds is the
age of the last check and what that check's advice asks of the runner now:

* **act**: the check sent the runner for help (:data:`ACT`: the emergency department,
  medical help today, a clinician). It stays so until a newer check says otherwise,
  since only a check can tell the app that things have changed.
* **due**: the check's advice asks for another check the next day (:data:`RECHECK`:
  the rest-and-treat advice ends with the content's ``recheck`` paragraph, "Do a
  check again tomorrow"; a test holds this list to the content), and that day has come.

A runner needs to look at the app (:attr:`Status.needs_attention`) when today is not
logged, a check is due or says act, or the log shows a notice.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, NamedTuple

from nervecheck.engine.log.summary import home_summary
from nervecheck.engine.vocab import label

if TYPE_CHECKING:
    from nervecheck.engine.clock import Clock
    from nervecheck.engine.store.records import CheckView
    from nervecheck.engine.store.repository import Store

#: Dispositions whose advice is to get help: they need attention until a newer check.
ACT: tuple[str, ...] = ("emergency", "urgent_today", "see_clinician")
#: Dispositions whose advice asks for another check the next day.
RECHECK: tuple[str, ...] = ("rest_and_treat",)


class Status(NamedTuple):
    """Today at a glance, for a prompt or a status bar."""

    today: dt.date
    logged: bool
    pain: int | None
    check: CheckView | None
    check_day: dt.date | None
    notices: tuple[str, ...] = ()

    @property
    def check_age(self) -> int | None:
        """Whole days since the last check (0: today)."""
        return None if self.check_day is None else max(0, (self.today - self.check_day).days)

    @property
    def act(self) -> bool:
        return self.check is not None and self.check.disposition in ACT

    @property
    def check_due(self) -> bool:
        return self.check is not None and self.check.disposition in RECHECK and bool(self.check_age)

    @property
    def needs_attention(self) -> bool:
        return not self.logged or self.act or self.check_due or bool(self.notices)


def read_status(store: Store, clock: Clock) -> Status:
    """The status as of the clock's today (the check's day in the clock's zone)."""
    today = clock.today()
    summary = home_summary(store, today)
    check = summary.latest_check
    entry = summary.today_entry
    return Status(today, entry is not None, entry.pain if entry is not None else None, check,
                  clock.local(check.time).date() if check is not None else None, summary.notices)


def _ago(days: int) -> str:
    return "today" if days == 0 else "yesterday" if days == 1 else f"{days} days ago"


def status_line(status: Status) -> str:
    """One line, e.g. ``not logged today; last check 2 days ago: rest and treat, a new
    check is due``; the first notice follows, with how many more there are."""
    parts = [f"logged today, pain {status.pain if status.pain is not None else '-'}" if status.logged
             else "not logged today"]
    if status.check is None or status.check_age is None:
        parts.append("no check yet")
    else:
        advice = label(status.check.disposition)
        check = f"last check {_ago(status.check_age)}: {advice[:1].lower()}{advice[1:]}"
        if status.check_due:
            check += ", a new check is due"
        parts.append(check)
    if status.notices:
        more = len(status.notices) - 1
        notice = status.notices[0].rstrip(".")
        parts.append(notice[:1].lower() + notice[1:] + (f" (+{more} more)" if more else ""))
    return "; ".join(parts)
