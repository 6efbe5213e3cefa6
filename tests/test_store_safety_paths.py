"""Nothing NerveCheck writes lands outside its own folder's regular files (issue 15).

Symlinked lock files, backup folders and databases are refused, never followed;
read-only commands create nothing; a FIFO, a device or a huge file is refused before
it is read.
"""

from __future__ import annotations

import io
import os

import pytest

from nervecheck.cli import main
from nervecheck.engine.clock import FixedClock
from nervecheck.engine.store.locations import backup_dir, lock_path
from nervecheck.engine.store.schema import Entry
from nervecheck.engine.store.storage import StoreError
from nervecheck.engine.store.repository import open_store
from tests.conftest import NOW, TODAY


def run_cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = main(list(argv), out, err, clock=FixedClock(NOW))
    return status, out.getvalue(), err.getvalue()


def add(db, *more: str) -> tuple[int, str, str]:
    return run_cli("--db", str(db), "log", "add", "--pain", "3", *more)


# 1. the lock file ---------------------------------------------------------------


def test_a_symlinked_lock_file_is_refused_and_its_target_untouched(db_path, tmp_path) -> None:
    assert add(db_path)[0] == 0
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n")
    lock = lock_path(db_path)
    lock.unlink()
    lock.symlink_to(victim)
    status, _out, err = add(db_path, "--date", "2026-11-20")
    assert status == 2 and err.count("\n") == 1 and "lock" in err and str(lock) in err
    assert victim.read_text() == "precious\n"
    for verb in ("show", "export"):  # reads, which write the verified note, leave it alone too
        run_cli("--db", str(db_path), "log", verb)
    assert victim.read_text() == "precious\n" and lock.is_symlink()


def test_a_lock_path_that_is_a_fifo_is_refused_without_hanging(db_path) -> None:
    assert add(db_path)[0] == 0
    lock = lock_path(db_path)
    lock.unlink()
    os.mkfifo(lock)
    status, _out, err = add(db_path, "--date", "2026-11-20")
    assert status == 2 and err.count("\n") == 1 and "not a regular file" in err


# 2. the backup folder -----------------------------------------------------------


def test_a_symlinked_backup_folder_is_never_written_or_pruned(db_path, tmp_path, clock) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    names = [f"nervecheck-2020-01-{day:02d}.json" for day in range(1, 10)]
    for name in names:
        (elsewhere / name).write_text("theirs")
    (elsewhere / ".nervecheck-x.json.tmp-1").write_text("theirs")
    store = open_store(db_path, clock)
    backup_dir(db_path).symlink_to(elsewhere, target_is_directory=True)
    before = store.entries()
    with pytest.raises(StoreError, match="backup folder"):
        store.save_entry(Entry(date=TODAY, pain=2))
    assert store.entries() == before  # refused before anything changed
    assert sorted(p.name for p in elsewhere.iterdir()) == sorted(names + [".nervecheck-x.json.tmp-1"])
    open_store(db_path, clock)  # removing stray temps does not reach through it either
    assert (elsewhere / ".nervecheck-x.json.tmp-1").exists()
    status, _out, err = run_cli("--db", str(db_path), "db", "backups")
    assert status == 2 and err.count("\n") == 1 and "symbolic link" in err


def test_a_backup_path_that_is_a_file_refuses_the_save_clearly(db_path, clock) -> None:
    store = open_store(db_path, clock)
    backup_dir(db_path).write_text("not a folder")
    status, _out, err = add(db_path)
    assert status == 2 and err.count("\n") == 1 and "backup folder" in err
    assert store.entries() == []


# 3. the database itself ---------------------------------------------------------


def test_a_symlinked_database_is_refused_never_replaced(db_path, tmp_path, clock) -> None:
    real = tmp_path / "real" / "nervecheck.json"
    open_store(real, clock).save_entry(Entry(date=TODAY, pain=1))
    raw = real.read_bytes()
    db_path.parent.mkdir()
    db_path.symlink_to(real)
    for argv in (("log", "add", "--pain", "4"), ("log", "show"), ("report",), ("db", "check")):
        status, _out, err = run_cli("--db", str(db_path), *argv)
        assert status == 2 and err.count("\n") == 1, argv
        assert "symbolic link" in err and str(db_path) in err and "--db" in err, argv
    assert db_path.is_symlink() and real.read_bytes() == raw


# 7. reads create nothing --------------------------------------------------------


@pytest.mark.parametrize("argv", [("log", "show"), ("log", "export"), ("report",), ("db", "check"),
                                  ("db", "backups")])
def test_read_only_commands_on_a_mistyped_db_create_nothing(tmp_path, argv) -> None:
    missing = tmp_path / "typo" / "nervechek.json"
    status, out, err = run_cli("--db", str(missing), *argv)
    assert (status, out) == (2, "") and err == f"nervecheck: no database at {missing}\n"
    assert not missing.parent.exists()


def test_writing_commands_still_create_the_database(tmp_path) -> None:
    new = tmp_path / "new" / "nervecheck.json"
    assert add(new)[0] == 0 and new.is_file()


# 8. not a regular file, or far too big -------------------------------------------


@pytest.mark.parametrize("verb", [("log", "show"), ("log", "add", "--pain", "1"), ("db", "check"), ("report",)])
def test_a_fifo_database_is_refused_without_hanging(db_path, verb) -> None:
    db_path.parent.mkdir()
    os.mkfifo(db_path)
    status, _out, err = run_cli("--db", str(db_path), *verb)
    assert status == 2 and err.count("\n") == 1 and "not a regular file" in err
    assert sorted(p.name for p in db_path.parent.iterdir()) == [db_path.name]  # not even a lock file beside it


def test_a_device_database_is_refused() -> None:
    status, _out, err = run_cli("--db", "/dev/zero", "log", "show")
    assert status == 2 and err.count("\n") == 1 and "not a regular file" in err


def test_a_database_over_the_size_cap_is_refused_unread(db_path, monkeypatch) -> None:
    import nervecheck.engine.store.storage as storage

    assert add(db_path)[0] == 0
    monkeypatch.setattr(storage, "MAX_DATABASE_BYTES", 64)
    for argv in (("log", "show"), ("log", "add", "--pain", "2"), ("db", "check")):
        status, _out, err = run_cli("--db", str(db_path), *argv)
        assert status == 2 and err.count("\n") == 1 and "too big" in err, argv
    assert not list(db_path.parent.glob("*.corrupt-*"))  # not copied either


def test_the_size_cap_is_generous() -> None:
    import nervecheck.engine.store.storage as storage

    assert storage.MAX_DATABASE_BYTES == 256 * 1024 * 1024
