"""One import: a file, a folder or a zip (a Strava or Garmin Connect export) read into
activities and one-line problems. Bad input is a problem line, never a traceback.

Which file is what, by its name (case ignored):

* ``.fit``, ``.gpx``, ``.tcx``, each also ``.gz``: an activity file;
* ``.zip``: opened (a zip in the export's zip too, as Garmin exports are; deeper is refused);
* ``activities.csv``: a Strava export's index, whose rows give the Strava ID, the gear
  (the shoe), the name and the sport the runner set, linked to the files by ``Filename``;
* other files in a folder or zip that are plainly not activities (JSON, other CSVs,
  photos, HTML) are listed in :attr:`ImportScan.skipped`; anything else is a problem
  ("unknown file type").
"""

from __future__ import annotations

import dataclasses
import posixpath
from collections.abc import Callable
from pathlib import Path

from nervecheck.engine.watch.activity import Activity, normalise_sport
from nervecheck.engine.watch.archive import Entry, folder_entries, open_zip, read_file, shown, zip_entries
from nervecheck.engine.watch.fit import NotAnActivity, read_fit
from nervecheck.engine.watch.limits import (
    MAX_FILE_BYTES,
    MAX_INNER_ZIP_BYTES,
    MAX_ZIP_DEPTH,
    Budget,
    Refused,
    gunzip,
    reason,
)
from nervecheck.engine.watch.strava import Row, read_activities_csv
from nervecheck.engine.watch.tracks import read_gpx, read_tcx

Progress = Callable[[int, int], None]

_READERS = {".fit": read_fit, ".gpx": read_gpx, ".tcx": read_tcx}
#: Files an export holds beside its activities, passed over without a problem line.
QUIET_SUFFIXES = (".json", ".csv", ".txt", ".html", ".htm", ".jpg", ".jpeg", ".png", ".gif", ".heic",
                  ".webp", ".mp4", ".mov", ".pdf", ".xml", ".md", ".ds_store")
READ_TYPES = ".fit, .gpx, .tcx (each also .gz), .zip and a Strava activities.csv"
_RUN_VARIANTS = ("trail_run", "treadmill")


@dataclasses.dataclass(frozen=True, slots=True)
class Problem:
    """A file not read (or not wholly), and why, for one line of output."""

    source: str  # the name inside the import
    message: str
    #: A Strava row whose file is missing, read from its own figures: the row's
    #: Strava ID. Once that activity is stored, re-importing the export is no fault of
    #: the runner's, so the command line drops the line then (and only then).
    row_id: str | None = None

    def __str__(self) -> str:
        return f"{shown(self.source)}: {self.message}"


@dataclasses.dataclass(slots=True)
class ImportScan:
    """What an import found: the activities (sorted by start), the problems, and the
    files passed over as plainly not activities."""

    activities: list[Activity] = dataclasses.field(default_factory=list)
    problems: list[Problem] = dataclasses.field(default_factory=list)
    skipped: list[str] = dataclasses.field(default_factory=list)


class _Stopped(Exception):
    """The import's decompression budget ran out: nothing more is read."""


def _kind(name: str) -> tuple[str | None, bool]:
    """(``.fit``/``.gpx``/``.tcx``/``.zip``/``activities.csv``/``quiet`` or ``None``, gzipped)."""
    lower = posixpath.basename(name.replace("\\", "/")).lower()
    gz = lower.endswith(".gz")
    base = lower[:-3] if gz else lower
    for suffix in _READERS:
        if base.endswith(suffix):
            return suffix, gz
    if gz:
        return None, gz
    if lower.endswith(".zip"):
        return ".zip", False
    if lower == "activities.csv":
        return "activities.csv", False
    if lower.endswith(QUIET_SUFFIXES) or lower.startswith("._"):
        return "quiet", False
    return None, False


class _Import:
    def __init__(self, progress: Progress | None) -> None:
        self.scan = ImportScan()
        self.budget = Budget()
        self.progress = progress
        self.done = 0
        self.total = 0
        self.files: dict[str, list[Activity]] = {}  # name -> what it held, in the order read
        self.seen: set[str] = set()
        self.indexes: list[tuple[str, bytes]] = []
        self.zips: list[object] = []

    def problem(self, source: str, message: str, row_id: str | None = None) -> None:
        self.scan.problems.append(Problem(source, message, row_id))

    def run(self, entries: list[Entry], refused: list[tuple[str, str]], top: bool = False) -> None:
        for name, why in refused:
            self.problem(name, why)
        self.total += len(entries)
        self._tick()
        for entry in entries:
            try:
                self.one(entry, top)
            except _Stopped:
                raise
            except Refused as refusal:
                if self.budget.left < 0:
                    self.problem(entry.name, str(refusal))
                    raise _Stopped from None
                self.problem(entry.name, str(refusal))
            except Exception as error:  # the last guard: a reader's bug is one line, not a traceback
                self.problem(entry.name, f"could not be read ({type(error).__name__}: {reason(error)})")
            self.done += 1
            self._tick()

    def _tick(self) -> None:
        if self.progress is not None:
            self.progress(self.done, self.total)

    def one(self, entry: Entry, top: bool) -> None:
        kind, gz = _kind(entry.name)
        self.seen.add(entry.name)
        if kind is None or (kind == "quiet" and top):
            suffix = posixpath.splitext(entry.name)[1] or "no suffix"
            self.problem(entry.name, f"unknown file type ({suffix}); NerveCheck reads {READ_TYPES}")
        elif kind == "quiet":
            self.scan.skipped.append(entry.name)
        elif kind == ".zip":
            if entry.depth >= MAX_ZIP_DEPTH:
                raise Refused(f"a zip nested more than {MAX_ZIP_DEPTH} deep; refused")
            opened = open_zip(entry.read(MAX_INNER_ZIP_BYTES))
            self.zips.append(opened)
            members, refused = zip_entries(opened, entry.name + "/", entry.depth + 1, self.budget)
            self.run(members, refused)
        elif kind == "activities.csv":
            self.indexes.append((entry.name, entry.read(MAX_FILE_BYTES)))
        else:
            data = entry.read(MAX_FILE_BYTES)
            if gz:
                data = gunzip(data, self.budget)
            try:
                self.files[entry.name] = _READERS[kind](data, entry.name)
            except NotAnActivity as other:
                self.scan.skipped.append(entry.name)
                del other

    def link(self) -> None:
        """Join each activities.csv's rows to the files they name."""
        linked: set[str] = set()
        for index_name, data in self.indexes:
            folder = posixpath.dirname(index_name)
            try:
                rows, problems = read_activities_csv(data, index_name)
            except Refused as refusal:
                self.problem(index_name, str(refusal))
                continue
            for message in problems:
                self.problem(index_name, message)
            for row in rows:
                file = posixpath.normpath(posixpath.join(folder, row.filename)) if row.filename else None
                if file is not None and self.files.get(file):
                    self.scan.activities.extend(_with_row(activity, row) for activity in self.files[file])
                    linked.add(file)
                    continue
                if file is not None and file not in self.seen:
                    self.problem(index_name, f"row {row.number}: its file {shown(row.filename or '')} is not in "
                                             f"the export; the row's own figures are used",
                                 row.external_id if row.start is not None else None)
                if row.start is not None:
                    self.scan.activities.append(_from_row(row, f"{index_name}#{row.number}"))
        for name, activities in self.files.items():
            if name not in linked:
                self.scan.activities.extend(activities)
        self.scan.activities.sort(key=lambda activity: (activity.start, activity.source))

    def close(self) -> None:
        for opened in self.zips:
            opened.close()  # type: ignore[attr-defined]


def _with_row(activity: Activity, row: Row) -> Activity:
    """A file's activity with what its Strava row adds: the ID, the shoe, the name, the
    sport the runner set (unless it only says "run" of a trail or treadmill run), and
    any figure the file lacks."""
    changes: dict[str, object] = {"external_id": row.external_id or activity.external_id,
                                  "shoe": row.shoe or activity.shoe, "name": row.name or activity.name}
    sport = normalise_sport(row.sport_raw) if row.sport_raw else "other"
    if sport != "other" and not (sport == "run" and activity.sport in _RUN_VARIANTS):
        changes["sport"], changes["sport_raw"] = sport, row.sport_raw
    for field in ("distance_km", "moving_s", "elapsed_s", "elevation_gain_m", "avg_hr"):
        if getattr(activity, field) is None and getattr(row, field) is not None:
            changes[field] = getattr(row, field)
    return dataclasses.replace(activity, **changes)  # type: ignore[arg-type]


def _from_row(row: Row, source: str) -> Activity:
    assert row.start is not None
    return Activity(start=row.start, sport=normalise_sport(row.sport_raw) if row.sport_raw else "other",
                    sport_raw=row.sport_raw, distance_km=row.distance_km, moving_s=row.moving_s,
                    elapsed_s=row.elapsed_s, elevation_gain_m=row.elevation_gain_m, avg_hr=row.avg_hr,
                    shoe=row.shoe, source=source, external_id=row.external_id, name=row.name,
                    from_index=True)


def _finish(job: _Import, entries: list[Entry], refused: list[tuple[str, str]], top: bool) -> ImportScan:
    try:
        job.run(entries, refused, top)
    except _Stopped:
        pass  # the problem line is written; what was read before is kept
    finally:
        job.close()
    job.link()
    return job.scan


def read_path(path: str | Path, progress: Progress | None = None) -> ImportScan:
    """Everything readable in ``path`` (a file, a folder, or a zip export).

    ``progress(done, total)`` is called as files are read (``total`` grows when a zip
    inside is opened). Sources are named relative to ``path`` ("activities/1.fit.gz").
    """
    path = Path(path)
    job = _Import(progress)
    if path.is_dir():
        entries, refused = folder_entries(path, job.budget)
        return _finish(job, entries, refused, False)
    if not path.exists():
        job.problem(str(path), "no such file or folder")
        return job.scan
    if _kind(path.name)[0] == ".zip":
        try:
            opened = open_zip(path)
            job.zips.append(opened)
            entries, refused = zip_entries(opened, "", 1, job.budget)
        except Refused as refusal:
            job.problem(path.name, str(refusal))
            return job.scan
        return _finish(job, entries, refused, False)
    entry = Entry(path.name, lambda cap: read_file(path, cap, job.budget), 0)
    return _finish(job, [entry], [], True)


def read_bytes(data: bytes, name: str, progress: Progress | None = None) -> ImportScan:
    """Like :func:`read_path`, for one file already in memory (``name`` picks its reader)."""
    job = _Import(progress)
    if _kind(name)[0] == ".zip":
        try:
            opened = open_zip(data)
            entries, refused = zip_entries(opened, "", 1, job.budget)
        except Refused as refusal:
            job.problem(name, str(refusal))
            return job.scan
        job.zips.append(opened)
        return _finish(job, entries, refused, False)

    def read(cap: int) -> bytes:
        if len(data) > cap:
            raise Refused(f"larger than {cap // (1024 * 1024)} MiB; refused")
        return data

    return _finish(job, [Entry(name, read, 0)], [], True)
