"""Runs from your watch (issue 16, first layer): activity files read into plain records.

* :mod:`.activity`: :class:`Activity`, the sports, and :func:`same_activity` (the
  same run from two sources) with :func:`merge` and :func:`dedupe`;
* :mod:`.limits`: the safety limits and the bounded reads (gzip and zip bombs);
* :mod:`.fit`, :mod:`.tracks`: one file each: FIT (via ``fitdecode``), GPX and TCX
  (via ``defusedxml``);
* :mod:`.strava`: a Strava bulk export's ``activities.csv``;
* :mod:`.archive`: the members of a folder or a zip, safely, never extracted to disk;
* :mod:`.scan`: :func:`read_path`, which reads a file, a folder or an export into an
  :class:`ImportScan` of activities and one-line problems.

It imports only the kernel modules of :mod:`nervecheck.engine` (and may import the
store); nothing here writes anything. ``fitdecode`` and ``defusedxml`` are imported
only when a file of theirs is read, so the command line starts without them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from nervecheck.engine.watch.activity import SPORTS, Activity, dedupe, merge, normalise_sport, same_activity
    from nervecheck.engine.watch.scan import ImportScan, Problem, read_bytes, read_path

__all__ = [
    "SPORTS", "Activity", "ImportScan", "Problem", "dedupe", "merge", "normalise_sport",
    "read_bytes", "read_path", "same_activity",
]

_WHERE = {
    "SPORTS": "activity", "Activity": "activity", "dedupe": "activity", "merge": "activity",
    "normalise_sport": "activity", "same_activity": "activity",
    "ImportScan": "scan", "Problem": "scan", "read_bytes": "scan", "read_path": "scan",
}


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(f"{__name__}.{_WHERE[name]}"), name)
