"""Durability: the temp file is fsynced before ``os.replace``, the folder after it.

A spy on ``os.fsync`` and ``os.replace`` records what was synced and when: which
file (by inode, and whether it is the folder), how many bytes it held at that moment.
Deleting either fsync from :func:`atomic_write_bytes`, or moving the file's after the
replace, fails here (the surviving mutant "no fsync is ever checked").
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from nervecheck.engine.store import storage
from nervecheck.engine.store.repository import open_store
from nervecheck.engine.store.schema import Entry
from tests.conftest import TODAY


class Spy:
    """Every fsync and replace, in order, as plain facts about the files involved."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.events: list[tuple] = []
        real_fsync, real_replace = os.fsync, os.replace

        def fsync(fd: int) -> None:
            info = os.fstat(fd)
            self.events.append(("fsync", info.st_ino, stat.S_ISDIR(info.st_mode), info.st_size))
            real_fsync(fd)

        def replace(src, dst, *args, **kwargs) -> None:
            self.events.append(("replace", os.lstat(src).st_ino, Path(dst)))
            real_replace(src, dst, *args, **kwargs)

        monkeypatch.setattr(storage.os, "fsync", fsync)
        monkeypatch.setattr(storage.os, "replace", replace)

    def check_write(self, target: Path) -> None:
        """The one replace onto ``target`` came after its temp file's fsync (whole) and
        before the fsync of ``target``'s folder."""
        replaces = [i for i, event in enumerate(self.events) if event[0] == "replace" and event[2] == target]
        assert len(replaces) == 1, self.events
        at = replaces[0]
        _kind, inode, _dst = self.events[at]
        size = target.stat().st_size
        before = [e for e in self.events[:at] if e[0] == "fsync" and e[1] == inode and not e[2]]
        assert before and before[-1][3] == size, f"temp file not fsynced whole before the replace: {self.events}"
        after = [e for e in self.events[at + 1:] if e[0] == "fsync" and e[1] == target.parent.stat().st_ino]
        assert after and after[0][2], f"folder not fsynced after the replace: {self.events}"
        assert target.stat().st_ino == inode  # the synced file is the one now in place


def test_atomic_write_syncs_the_file_then_replaces_then_syncs_the_folder(tmp_path, monkeypatch):
    spy = Spy(monkeypatch)
    target = tmp_path / "data.json"
    storage.atomic_write_bytes(target, b'{"x": 1}' * 1000)
    spy.check_write(target)
    assert [event[0] for event in spy.events] == ["fsync", "replace", "fsync"]


def test_a_saved_entry_and_the_days_backup_are_both_synced_in_order(db_path, clock, monkeypatch):
    from nervecheck.engine.store import backups

    store = open_store(db_path, clock)
    spy = Spy(monkeypatch)
    store.save_entry(Entry(date=TODAY, pain=3, note="synced"))  # the day's first change: backup, then write
    (backup,) = backups.list_backups(db_path)
    spy.check_write(backup)
    spy.check_write(db_path)
    replaces = [event[2] for event in spy.events if event[0] == "replace"]
    assert replaces == [backup, db_path]  # the backup is durable before the database changes


def test_a_folder_that_cannot_be_synced_is_tolerated_only_for_the_known_reasons(tmp_path, monkeypatch):
    import errno

    target = tmp_path / "data.json"
    real = os.fsync

    def folder_fails(code):
        def fsync(fd):
            if stat.S_ISDIR(os.fstat(fd).st_mode):
                raise OSError(code, os.strerror(code))
            real(fd)
        return fsync

    monkeypatch.setattr(storage.os, "fsync", folder_fails(errno.EINVAL))
    storage.atomic_write_bytes(target, b"1")  # a file system that cannot sync a folder
    monkeypatch.setattr(storage.os, "fsync", folder_fails(errno.EIO))
    with pytest.raises(OSError):
        storage.atomic_write_bytes(target, b"2")  # a real failure is not swallowed
