"""Owner-only files whatever the umask: database, backups, temps, lock, damaged copies."""

from __future__ import annotations

import datetime as dt
import os
import stat
from pathlib import Path

import pytest

from nervecheck.engine.store import backups, restore, storage
from nervecheck.engine.store.schema import Entry
from nervecheck.engine.store.storage import DamagedStoreError
from nervecheck.engine.store.repository import open_store
from tests.conftest import TODAY


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture(params=[0o022, 0o000, 0o002], ids=["umask022", "umask000", "umask002"])
def umask(request):
    old = os.umask(request.param)
    yield request.param
    os.umask(old)


def test_every_file_the_store_makes_is_owner_only(tmp_path: Path, clock, umask, monkeypatch) -> None:
    temp_modes = []
    real_replace = os.replace

    def spy_replace(src, dst, *args, **kwargs):
        temp_modes.append(stat.S_IMODE(os.stat(src).st_mode))
        return real_replace(src, dst, *args, **kwargs)

    monkeypatch.setattr(storage.os, "replace", spy_replace)
    db = tmp_path / "fresh" / "deeper" / "nervecheck.json"
    store = open_store(db, clock)
    store.save_entry(Entry(date=TODAY, pain=1))
    store.clock.advance(86400)
    store.save_entry(Entry(date=TODAY, pain=2))

    assert mode(db.parent) == mode(db.parent.parent) == 0o700  # every folder it made
    assert mode(db) == 0o600
    assert mode(db.with_name("nervecheck.json.lock")) == 0o600
    folder = db.with_name("nervecheck-backups")
    assert mode(folder) == 0o700
    found = backups.list_backups(db)
    assert len(found) == 2 and all(mode(b) == 0o600 for b in found)
    assert temp_modes and set(temp_modes) == {0o600}


def test_damaged_copy_is_owner_only_and_the_original_mode_is_kept(db_path: Path, clock, umask) -> None:
    db_path.parent.mkdir(parents=True)
    db_path.write_bytes(b"{not json")
    os.chmod(db_path, 0o644)
    with pytest.raises(DamagedStoreError) as caught:
        open_store(db_path, clock)
    assert mode(caught.value.kept_copy) == 0o600
    assert mode(db_path) == 0o644  # the damaged file itself is not touched at all


def test_restore_writes_an_owner_only_database(store, clock, umask) -> None:
    store.save_entry(Entry(date=TODAY))
    os.chmod(store.path, 0o644)
    restore.restore(store.path, clock, force=True)  # the database is healthy
    assert mode(store.path) == 0o600


def test_a_rewrite_tightens_a_loose_database(store, umask) -> None:
    """A file copied in with 0644 becomes 0600 on the next save (it is a new file)."""
    os.chmod(store.path, 0o644)
    store.save_entry(Entry(date=TODAY - dt.timedelta(days=1)))
    assert mode(store.path) == 0o600


def test_an_existing_folder_is_left_as_it_is(tmp_path: Path, clock, umask) -> None:
    """The store only decides the mode of folders it creates (the user's ~ stays theirs)."""
    folder = tmp_path / "mine"
    folder.mkdir(mode=0o755)
    os.chmod(folder, 0o755)
    open_store(folder / "nervecheck.json", clock)
    assert mode(folder) == 0o755
