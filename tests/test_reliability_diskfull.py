"""Disk full and read-only: a failed write changes nothing and says so plainly.

The faults are simulated inside ``nervecheck.engine.store.storage`` (``os.write``, ``os.open`` of a
temp file, ``os.replace``), as a full disk, an exhausted quota, a read-only file
system or a permission error would raise them.
"""

from __future__ import annotations

import datetime as dt
import errno
import io
import os
from pathlib import Path

import pytest

from nervecheck.engine.store import storage
from nervecheck.engine.store.backups import list_backups
from nervecheck.cli import main
from nervecheck.engine.clock import FixedClock
from nervecheck.engine.store.schema import Entry
from nervecheck.engine.store.storage import StoreError, StoreWriteError
from nervecheck.engine.store.repository import Store, open_store
from tests.conftest import NOW, TODAY

YESTERDAY = TODAY - dt.timedelta(days=1)
REAL_OPEN, REAL_WRITE, REAL_REPLACE = os.open, os.write, os.replace


def is_temp(target) -> bool:
    return ".tmp-" in os.fsdecode(target)


def fd_is_temp(fd: int) -> bool:
    try:
        return is_temp(os.readlink(f"/proc/self/fd/{fd}"))
    except OSError:
        return False


def fail_write(code: int):
    def write(fd, data):
        if fd_is_temp(fd):
            raise OSError(code, os.strerror(code))
        return REAL_WRITE(fd, data)
    return "write", write


def fail_open(code: int):
    def open_(path, flags, *args, **kwargs):
        if is_temp(path):
            raise OSError(code, os.strerror(code), os.fsdecode(path))
        return REAL_OPEN(path, flags, *args, **kwargs)
    return "open", open_


def fail_replace(code: int):
    def replace(src, dst, *args, **kwargs):
        if is_temp(src):
            raise OSError(code, os.strerror(code), os.fsdecode(src))
        return REAL_REPLACE(src, dst, *args, **kwargs)
    return "replace", replace


FAULTS = {
    "ENOSPC on write": (fail_write(errno.ENOSPC), "the disk is full"),
    "EDQUOT on write": (fail_write(errno.EDQUOT), "quota"),
    "EACCES on temp open": (fail_open(errno.EACCES), "permission denied"),
    "EROFS on temp open": (fail_open(errno.EROFS), "read-only"),
    "ENOSPC on temp open": (fail_open(errno.ENOSPC), "the disk is full"),
    "EACCES on replace": (fail_replace(errno.EACCES), "permission denied"),
}


@pytest.fixture
def used_store(store: Store) -> Store:
    """A store with an entry and today's backup already taken."""
    store.save_entry(Entry(date=YESTERDAY, pain=2, note="before"))
    assert list_backups(store.path)
    return store


def inject(monkeypatch: pytest.MonkeyPatch, fault) -> None:
    name, replacement = fault
    monkeypatch.setattr(storage.os, name, replacement)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("fault, words", FAULTS.values(), ids=FAULTS.keys())
@pytest.mark.parametrize("change", ["save", "modify", "delete", "merge", "settings"])
def test_failed_write_leaves_every_file_unchanged(used_store: Store, monkeypatch, fault, words, change) -> None:
    before = snapshot(used_store.path.parent)
    before_entries = used_store.entries()
    inject(monkeypatch, fault)
    from nervecheck.engine.store.schema import Settings

    action = {
        "save": lambda: used_store.save_entry(Entry(date=TODAY, pain=9)),
        "modify": lambda: used_store.modify_entry(YESTERDAY, lambda old: old.model_copy(update={"pain": 8})),
        "delete": lambda: used_store.delete_entry(YESTERDAY),
        "merge": lambda: used_store.merge_entries([Entry(date=TODAY, pain=1), Entry(date=YESTERDAY)]),
        "settings": lambda: used_store.save_settings(Settings(units="mi")),
    }[change]
    with pytest.raises(StoreWriteError) as caught:
        action()
    assert words in str(caught.value) and str(used_store.path) in str(caught.value)
    assert "\n" not in str(caught.value)
    assert snapshot(used_store.path.parent) == before  # byte for byte, no temp file left
    assert used_store.entries() == before_entries  # still readable, nothing phantom
    monkeypatch.undo()
    used_store.save_entry(Entry(date=TODAY, pain=3))  # and usable once the disk has room
    assert [e.pain for e in open_store(used_store.path, used_store.clock).entries()] == [2, 3]


@pytest.mark.parametrize("fault, words", FAULTS.values(), ids=FAULTS.keys())
def test_failed_daily_backup_stops_the_change_before_anything_is_written(store: Store, monkeypatch, fault, words) -> None:
    before = snapshot(store.path.parent)
    inject(monkeypatch, fault)
    with pytest.raises(StoreWriteError, match="could not back up"):
        store.save_entry(Entry(date=TODAY, pain=9))
    assert snapshot(store.path.parent) == before
    assert store.entries() == []


def test_failed_create_of_a_new_database_is_one_plain_error(db_path: Path, clock, monkeypatch) -> None:
    inject(monkeypatch, fail_open(errno.EACCES))
    with pytest.raises(StoreError, match="permission denied"):
        open_store(db_path, clock)
    assert not db_path.exists()


def test_unwritable_folder_can_still_be_read(used_store: Store, monkeypatch) -> None:
    """A read-only folder: the lock file cannot be created, yet the log can be read."""
    lock = used_store.path.with_name(used_store.path.name + ".lock")
    lock.unlink()

    def open_(path, flags, *args, **kwargs):
        if flags & (os.O_CREAT | os.O_WRONLY | os.O_RDWR) and not os.path.isdir(path):
            raise OSError(errno.EROFS, os.strerror(errno.EROFS), os.fsdecode(path))
        return REAL_OPEN(path, flags, *args, **kwargs)

    monkeypatch.setattr(storage.os, "open", open_)
    reader = open_store(used_store.path, used_store.clock)
    assert [e.note for e in reader.entries()] == ["before"]
    with pytest.raises(StoreWriteError, match="read-only"):
        reader.save_entry(Entry(date=TODAY))


@pytest.mark.parametrize("fault, words", FAULTS.values(), ids=FAULTS.keys())
def test_cli_exits_2_with_one_line(used_store: Store, monkeypatch, fault, words) -> None:
    before = used_store.path.read_bytes()
    inject(monkeypatch, fault)
    out, err = io.StringIO(), io.StringIO()
    status = main(["--db", str(used_store.path), "log", "add", "--date", str(YESTERDAY), "--pain", "7"], out, err,
                  clock=FixedClock(NOW))
    assert status == 2 and out.getvalue() == ""
    assert err.getvalue().count("\n") == 1 and words in err.getvalue()
    assert err.getvalue().startswith("nervecheck: could not save to")
    assert used_store.path.read_bytes() == before


def test_cli_import_on_a_full_disk_changes_nothing(used_store: Store, monkeypatch, tmp_path: Path) -> None:
    source = tmp_path / "in.json"
    source.write_text('[{"date": "2026-11-01", "pain": 1}]')
    before = used_store.path.read_bytes()
    inject(monkeypatch, fail_write(errno.ENOSPC))
    err = io.StringIO()
    assert main(["--db", str(used_store.path), "log", "import", str(source)], io.StringIO(), err,
                clock=FixedClock(NOW)) == 2
    assert err.getvalue().count("\n") == 1 and "the disk is full" in err.getvalue()
    assert used_store.path.read_bytes() == before


async def test_tui_reports_a_failed_write_and_stays_usable(used_store: Store, clock, monkeypatch) -> None:
    from textual.widgets import Static
    from textual.widgets._toast import Toast

    from nervecheck.tui.app import build_app

    app = build_app(used_store, clock)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        inject(monkeypatch, fail_write(errno.ENOSPC))
        with pytest.raises(StoreError) as caught:
            app.store.save_entry(Entry(date=TODAY, pain=9))
        app.report_store_error(caught.value)
        await pilot.pause()
        [notice] = list(app._notifications)
        assert "the disk is full" in notice.message and notice.severity == "error"
        [toast] = app.screen.query(Toast)
        assert "Not saved" in toast.render().plain
        await pilot.press("question_mark")  # navigating re-reads the store: still fine
        await pilot.press("escape")
        await pilot.pause()
        assert "not logged" in app.screen.query_one("#today", Static).content.plain
        monkeypatch.undo()
        app.store.save_entry(Entry(date=TODAY, pain=4))
        await pilot.press("question_mark", "escape")
        await pilot.pause()
        assert "logged, pain 4" in app.screen.query_one("#today", Static).content.plain


async def test_tui_error_notice_with_brackets_in_the_path_does_not_crash(tmp_path: Path, clock) -> None:
    """The message carries the path; a path like ``[/b]`` must not be read as markup."""
    from textual.widgets._toast import Toast

    from nervecheck.tui.app import build_app

    store = open_store(tmp_path / "odd [/b] [@click=app.quit]x[/]" / "nervecheck.json", clock)
    app = build_app(store, clock)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        app.report_store_error(StoreWriteError(f"could not save to {store.path}: the disk is full"))
        await pilot.pause()
        await pilot.pause()
        [toast] = app.screen.query(Toast)
        shown = toast.render()
        assert "odd [/b] [@click=app.quit]x[/]" in shown.plain
        assert not any("@click" in str(span.style) for span in shown.spans)
        assert app.is_running
