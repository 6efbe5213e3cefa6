"""Issue 16: Strava and Garmin exports, as folders and zips, read safely in memory."""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import io
import os
import stat
import zipfile
from pathlib import Path

import pytest

from nervecheck.engine.watch import dedupe, read_bytes, read_path, same_activity
from nervecheck.engine.watch import scan as scan_module
from nervecheck.engine.watch.limits import Budget
from nervecheck.engine.watch.strava import strava_date
from tests.fitwriter import fit_file

UTC = dt.timezone.utc
START = dt.datetime(2026, 3, 4, 7, 15, tzinfo=UTC)

ENGLISH = ["Activity ID", "Activity Date", "Activity Name", "Activity Type", "Activity Description",
           "Elapsed Time", "Distance", "Max Heart Rate", "Relative Effort", "Commute", "Activity Private Note",
           "Activity Gear", "Filename", "Athlete Weight", "Bike Weight", "Elapsed Time", "Moving Time",
           "Distance", "Max Speed", "Average Speed", "Elevation Gain", "Elevation Loss", "Average Heart Rate"]
GERMAN = ["Aktivitäts-ID", "Aktivitätsdatum", "Name der Aktivität", "Aktivitätsart", "Beschreibung der Aktivität",
          "Verstrichene Zeit", "Distanz", "Maximale Herzfrequenz", "Relative Leistung", "Pendeln",
          "Private Notiz zur Aktivität", "Aktivitätsausrüstung", "Dateiname", "Gewicht des Athleten",
          "Fahrradgewicht", "Verstrichene Zeit", "Bewegungszeit", "Distanz", "Maximale Geschwindigkeit",
          "Durchschnittsgeschwindigkeit", "Höhenzunahme", "Höhenverlust", "Durchschnittliche Herzfrequenz"]


def _row(activity_id: str, date: str, kind: str, miles: str, gear: str, filename: str, metres: str,
         moving: str, gain: str, hr: str) -> list[str]:
    return [activity_id, date, f"Run {activity_id}", kind, "", "3100", miles, "170", "50", "false", "", gear,
            filename, "", "", "3100.0", moving, metres, "4.1", "3.3", gain, "40.0", hr]


def _csv(header: list[str], rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows([header, *rows])
    return out.getvalue().encode("utf-8")


def _strava_rows(dates: tuple[str, str, str]) -> list[list[str]]:
    return [
        # the first Distance is in miles (this athlete's display unit): 6.23 mi is the 10.02 km in metres later
        _row("12345", dates[0], "Run", "6.23", "Pegasus 40", "activities/12345.fit.gz", "10020.0", "3005.5",
             "42.0", "151.0"),
        _row("12346", dates[1], "Walk", "1.86", "", "", "3000.0", "1800", "5", ""),  # a manual entry: no file
        _row("12347", dates[2], "Run", "3.1", "Pegasus 40", "activities/12347.gpx", "5000.0", "1500", "", ""),
    ]


def _zip(members: dict[str, bytes], symlinks: tuple[str, ...] = ()) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            info = zipfile.ZipInfo(name, date_time=(2026, 3, 4, 8, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            if name in symlinks:
                info.external_attr = (stat.S_IFLNK | 0o777) << 16
            archive.writestr(info, data)
    return out.getvalue()


def _strava_export(header: list[str] = ENGLISH,
                   dates: tuple[str, str, str] = ("Mar 4, 2026, 7:15:02 AM", "Mar 5, 2026, 6:00:00 PM",
                                                  "Mar 6, 2026, 7:00:00 AM")) -> dict[str, bytes]:
    fit = fit_file(start=START, distance_m=10_000.0, timer_s=3000.0, elapsed_s=3100.0)
    return {
        "activities.csv": _csv(header, _strava_rows(dates)),
        "activities/12345.fit.gz": gzip.compress(fit),
        "profile.csv": b"Email\nrunner@example.org\n",
        "media/photo.jpg": b"\xff\xd8\xff",
    }


def test_a_strava_zip_links_rows_to_files_with_the_gear_as_shoe(tmp_path: Path) -> None:
    export = tmp_path / "export_1.zip"
    export.write_bytes(_zip(_strava_export()))
    seen: list[tuple[int, int]] = []
    scan = read_path(export, progress=lambda done, total: seen.append((done, total)))
    by_source = {a.source: a for a in scan.activities}
    run = by_source["activities/12345.fit.gz"]
    assert (run.external_id, run.shoe, run.name, run.sport) == ("12345", "Pegasus 40", "Run 12345", "run")
    assert (run.distance_km, run.moving_s) == (10.0, 3000.0)  # the file's figures, not the row's
    walk = by_source["activities.csv#2"]
    assert (walk.start, walk.sport, walk.distance_km, walk.moving_s, walk.shoe, walk.elevation_gain_m) == (
        dt.datetime(2026, 3, 5, 18, 0, tzinfo=UTC), "walk", 3.0, 1800.0, None, 5.0)
    missing = by_source["activities.csv#3"]
    assert missing.distance_km == 5.0 and missing.shoe == "Pegasus 40"  # metres from the later column, not 3.1 mi
    assert [str(p) for p in scan.problems] == [
        "activities.csv: row 3: its file activities/12347.gpx is not in the export; the row's own figures are used"]
    assert sorted(scan.skipped) == ["media/photo.jpg", "profile.csv"]
    assert seen[-1] == (4, 4) and seen[0] == (0, 4)


def test_a_strava_folder_reads_the_same(tmp_path: Path) -> None:
    for name, data in _strava_export().items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(data)
    scan = read_path(tmp_path)
    assert [a.source for a in scan.activities] == ["activities/12345.fit.gz", "activities.csv#2", "activities.csv#3"]


def test_a_german_export_is_read_by_its_column_names() -> None:
    scan = read_bytes(_zip(_strava_export(GERMAN, ("04.03.2026, 07:15:02", "05.03.2026, 18:00:00",
                                                   "06.03.2026, 07:00:00"))), "export.zip")
    run, walk, _ = scan.activities
    assert (run.shoe, run.external_id, walk.start, walk.distance_km) == (
        "Pegasus 40", "12345", dt.datetime(2026, 3, 5, 18, 0, tzinfo=UTC), 3.0)


def test_an_unknown_language_is_named_and_the_files_still_read() -> None:
    members = _strava_export()
    members["activities.csv"] = _csv(["Идентификатор занятия", "Дата занятия", "Имя файла"],
                                     [["12345", "4 мар. 2026 г., 7:15:02", "activities/12345.fit.gz"]])
    scan = read_bytes(_zip(members), "export.zip")
    assert [a.source for a in scan.activities] == ["activities/12345.fit.gz"]
    (problem,) = scan.problems
    assert problem.source == "activities.csv" and "language this version does not read" in problem.message
    assert "'Идентификатор занятия'" in problem.message


@pytest.mark.parametrize(("text", "moment"), [
    ("Mar 4, 2026, 7:15:02 AM", dt.datetime(2026, 3, 4, 7, 15, 2, tzinfo=UTC)),
    ("Dec 31, 2025, 12:05:00 PM", dt.datetime(2025, 12, 31, 12, 5, tzinfo=UTC)),
    ("Jan 1, 2026, 12:05:00 AM", dt.datetime(2026, 1, 1, 0, 5, tzinfo=UTC)),
    ("04.03.2026, 07:15:02", dt.datetime(2026, 3, 4, 7, 15, 2, tzinfo=UTC)),
    ("4 mars 2026, 07:15:02", dt.datetime(2026, 3, 4, 7, 15, 2, tzinfo=UTC)),
    ("4 dic. 2026 19:15:02", dt.datetime(2026, 12, 4, 19, 15, 2, tzinfo=UTC)),
    ("2026-03-04 07:15:02", dt.datetime(2026, 3, 4, 7, 15, 2, tzinfo=UTC)),
    ("yesterday", None), ("", None), ("Foo 4, 2026, 7:15:02 AM", None), ("31.02.2026, 07:00:00", None),
])
def test_strava_dates(text: str, moment: dt.datetime | None) -> None:
    assert strava_date(text) == moment


def test_traversal_absolute_and_symlink_members_are_refused_and_the_rest_read() -> None:
    members = {"../evil.fit": fit_file(start=START), "/etc/cron.d/x.gpx": b"<gpx/>", "C:\\x.fit": b"",
               "link.fit": b"/etc/passwd", "runs/ok.fit": fit_file(start=START)}
    scan = read_bytes(_zip(members, symlinks=("link.fit",)), "runs.zip")
    assert [a.source for a in scan.activities] == ["runs/ok.fit"]
    problems = {p.source: p.message for p in scan.problems}
    assert "path traversal" in problems["../evil.fit"]
    assert "absolute" in problems["/etc/cron.d/x.gpx"] and "absolute" in problems["C:\\x.fit"]
    assert "symbolic link" in problems["link.fit"]


def test_a_garmin_export_of_zips_of_fit_files_is_read_two_deep_and_no_deeper() -> None:
    inner = _zip({"1_ACTIVITY.fit": fit_file(start=START), "2_ACTIVITY.fit": fit_file(start=START + dt.timedelta(days=1)),
                  "deeper.zip": _zip({"3.fit": fit_file(start=START)})})
    outer = _zip({"DI_CONNECT/DI-Connect-Uploaded-Files/UploadedFiles_0-_Part1.zip": inner,
                  "DI_CONNECT/DI-Connect-Fitness/x_summarizedActivities.json": b"[]"})
    scan = read_bytes(outer, "garmin.zip")
    prefix = "DI_CONNECT/DI-Connect-Uploaded-Files/UploadedFiles_0-_Part1.zip/"
    assert [a.source for a in scan.activities] == [prefix + "1_ACTIVITY.fit", prefix + "2_ACTIVITY.fit"]
    assert [(p.source, p.message) for p in scan.problems] == [(prefix + "deeper.zip", "a zip nested more than 2 deep; refused")]


def test_a_zip_bomb_member_is_refused_by_its_ratio() -> None:
    scan = read_bytes(_zip({"bomb.gpx": b"\0" * (8 * 1024 * 1024), "ok.fit": fit_file(start=START)}), "x.zip")
    assert [a.source for a in scan.activities] == ["ok.fit"]
    assert "zip bomb" in scan.problems[0].message and scan.problems[0].source == "bomb.gpx"


def test_the_whole_import_stops_at_its_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(scan_module, "Budget", lambda: Budget(1024))
    scan = read_bytes(_zip({"a.fit": fit_file(start=START), "b.tcx": b"<x/>" * 400, "c.fit": fit_file(start=START)}),
                      "x.zip")
    assert [a.source for a in scan.activities] == ["a.fit"]
    assert [p.source for p in scan.problems] == ["b.tcx"] and "zip bomb" in scan.problems[0].message


def test_a_damaged_zip_is_one_problem(tmp_path: Path) -> None:
    path = tmp_path / "broken.zip"
    path.write_bytes(_zip({"a.fit": fit_file(start=START)})[:-30])
    scan = read_path(path)
    assert scan.activities == [] and str(scan.problems[0]).startswith("broken.zip: damaged zip file")


def test_a_corrupted_zip_member_is_named_damaged() -> None:
    data = bytearray(_zip({"a.gpx": b"<gpx>" + b"x" * 5000 + b"</gpx>"}))
    data[60] ^= 0xFF  # inside the deflated bytes
    scan = read_bytes(bytes(data), "x.zip")
    assert scan.activities == [] and scan.problems and scan.problems[0].source == "a.gpx"


def test_a_folder_does_not_follow_symbolic_links(tmp_path: Path) -> None:
    (tmp_path / "ok.fit").write_bytes(fit_file(start=START))
    outside = tmp_path.parent / f"{tmp_path.name}-outside"
    outside.mkdir()
    (outside / "secret.fit").write_bytes(fit_file(start=START))
    os.symlink(outside / "secret.fit", tmp_path / "link.fit")
    os.symlink(outside, tmp_path / "linked")
    scan = read_path(tmp_path)
    assert [a.source for a in scan.activities] == ["ok.fit"]
    assert sorted(p.source for p in scan.problems) == ["link.fit", "linked"]


def test_an_unknown_docx_in_an_export_is_named() -> None:
    scan = read_bytes(_zip({"plan.docx": b"PK..", "ok.fit": fit_file(start=START)}), "x.zip")
    assert [p.source for p in scan.problems] == ["plan.docx"] and "unknown file type (.docx)" in scan.problems[0].message


def test_the_same_run_from_the_watch_and_a_strava_row_matches() -> None:
    watch = read_bytes(fit_file(start=START + dt.timedelta(seconds=40), distance_m=10_150.0), "garmin/1.fit").activities[0]
    members = _strava_export()
    del members["activities/12345.fit.gz"]  # the row alone: Strava's own figures
    strava = read_bytes(_zip(members), "strava.zip")
    row = next(a for a in strava.activities if a.external_id == "12345")
    assert row.source == "activities.csv#1" and row.distance_km == 10.02
    assert same_activity(watch, row) and same_activity(row, watch)
    (merged, *rest) = dedupe([row, watch, *strava.activities[1:]])
    assert (merged.source, merged.shoe, merged.external_id, merged.distance_km) == ("garmin/1.fit", "Pegasus 40", "12345", 10.15)
    assert len(rest) == 2


def test_a_hostile_member_name_cannot_reach_the_terminal_raw() -> None:
    scan = read_bytes(_zip({"\x1b]0;pwned\x07plan.docx": b"x"}), "x.zip")
    (problem,) = scan.problems
    assert "\x1b" not in str(problem) and "\x07" not in str(problem) and "plan.docx" in str(problem)
