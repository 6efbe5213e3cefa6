"""Writing the clinician report to files, safely (``report --output`` and the app's key).

:func:`write_file` creates a new file, owner-readable only (it holds health data), never
through a symbolic link; an existing file is replaced only with ``force``, and never
when it is the database, its lock, a backup or a kept copy, whatever name or link leads
to it. :func:`write_reports` writes the markdown and html reports beside the database,
named by the day (``nervecheck-report-2026-11-21.md`` and ``.html``): the app's key and
palette command call it; writing again the same day replaces that day's reports.

Nothing here imports Textual: the app calls it, the command line wraps it.
"""

from __future__ import annotations

import datetime as dt
import os
import stat
from pathlib import Path
from typing import Any

FORMATS = ("md", "html")


class ReportFileError(Exception):
    """Why a report file was not written, in plain words naming the file."""


class ReportExistsError(ReportFileError):
    """The file is there already and ``force`` was not given."""


def nervecheck_file(target: Path, db: Path) -> bool:
    """Whether ``target`` is, or leads to, a file NerveCheck keeps for ``db``."""
    from nervecheck.engine.store.locations import backup_dir

    real, db_real = Path(os.path.realpath(target)), Path(os.path.realpath(db))
    if real.parent == db_real.parent and (real.name == db_real.name or real.name.startswith(f"{db_real.name}.")
                                          or real.name.startswith(f".{db_real.name}.")):
        return True  # the database, its lock, kept copies, temp files
    if real.parent == Path(os.path.realpath(backup_dir(db))):
        return True
    try:
        mine = os.stat(target)
    except OSError:
        return False
    for path in (db_real, db_real.with_name(f"{db_real.name}.lock")):
        try:
            theirs = os.stat(path)
        except OSError:
            continue
        if (mine.st_dev, mine.st_ino) == (theirs.st_dev, theirs.st_ino):
            return True  # a hard link
    return False


def _open_existing(target: Path, flags: int) -> int:
    if os.path.islink(target):
        raise ReportFileError(f"{target} is a symbolic link; give the real file")
    fd = os.open(target, flags | os.O_NONBLOCK, 0o600)
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise ReportFileError(f"{target} is not a regular file")
    os.ftruncate(fd, 0)
    return fd


def write_file(target: Path, text: str, db: Path | None = None, force: bool = False) -> None:
    """Write ``text`` into ``target`` as the module says, or raise :class:`ReportFileError`."""
    if db is not None and nervecheck_file(target, db):
        raise ReportFileError(f"{target} is one of NerveCheck's own files for {db}; choose another name")
    flags = os.O_WRONLY | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC
    try:
        try:
            fd = os.open(target, flags | os.O_EXCL, 0o600)
        except FileExistsError:
            if not force:
                raise ReportExistsError(f"{target} already exists") from None
            fd = _open_existing(target, flags)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
    except OSError as error:
        raise ReportFileError(f"cannot write {target}: {error.strerror or error}") from None


def report_paths(folder: Path, today: dt.date) -> list[Path]:
    """Where :func:`write_reports` writes the day's reports, markdown first."""
    return [folder / f"nervecheck-report-{today.isoformat()}.{fmt}" for fmt in FORMATS]


def write_reports(store: Any, today: dt.date, days: int | None = None, folder: Path | None = None) -> list[Path]:
    """The report for the ``days`` days up to ``today`` (28 by default), as markdown and
    html, written into ``folder`` (the database's own folder by default). Returns the
    paths written; raises :class:`ReportFileError` (nothing half-said: a file written
    before the failure is named in the message)."""
    from nervecheck.engine.log import report

    data = report.gather(store, today, days or report.DEFAULT_DAYS)
    folder = Path(store.path).parent if folder is None else folder
    written: list[Path] = []
    for path, fmt in zip(report_paths(folder, today), FORMATS):
        try:
            write_file(path, report.html(data) if fmt == "html" else report.markdown(data), Path(store.path), True)
        except ReportFileError as error:
            if written:
                raise ReportFileError(f"{error} (the markdown report was written: {written[0]})") from None
            raise
        written.append(path)
    return written
