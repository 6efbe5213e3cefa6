"""Rolling daily backups: the last 7 kept, owner-only, valid, restorable byte for byte."""

from __future__ import annotations

import datetime as dt
import stat
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from nervecheck.engine.store import backups, restore
from nervecheck.engine.clock import FixedClock
from nervecheck.engine.store.schema import Entry
from nervecheck.engine.store.storage import DamagedStoreError
from nervecheck.engine.store.repository import file_problems, open_store
from tests.conftest import NOW, TODAY


def use_for_days(store, days: int) -> list[bytes]:
    """One change a day; returns the file as it was before each day's first change."""
    before = []
    for n in range(days):
        before.append(store.path.read_bytes())
        store.save_entry(Entry(date=store.clock.today(), pain=n % 11, note=f"day {n}"))
        store.save_entry(Entry(date=store.clock.today(), pain=n % 11, note=f"day {n}, again"))
        store.clock.advance(86400)
    return before


def test_one_backup_a_day_of_the_file_before_that_days_first_change(store) -> None:
    before = use_for_days(store, 3)
    found = backups.list_backups(store.path)
    assert [p.name for p in found] == [f"nervecheck-{TODAY + dt.timedelta(days=n)}.json" for n in (2, 1, 0)]
    assert [p.read_bytes() for p in reversed(found)] == before


def test_only_the_newest_seven_are_kept(store) -> None:
    use_for_days(store, 10)
    found = backups.list_backups(store.path)
    assert len(found) == backups.KEEP == 7
    assert found[0].name == f"nervecheck-{TODAY + dt.timedelta(days=9)}.json"
    assert found[-1].name == f"nervecheck-{TODAY + dt.timedelta(days=3)}.json"


def test_every_backup_is_owner_only_and_valid(store) -> None:
    use_for_days(store, 9)
    folder = backups.list_backups(store.path)[0].parent
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    for backup in backups.list_backups(store.path):
        assert stat.S_IMODE(backup.stat().st_mode) == 0o600
        assert file_problems(backup) == []


def test_a_damaged_file_is_never_backed_up(store, db_path: Path) -> None:
    use_for_days(store, 1)
    db_path.write_bytes(b"{broken")
    store.clock.advance(86400)
    with pytest.raises(DamagedStoreError):
        store.save_entry(Entry(date=store.clock.today()))
    assert all(file_problems(b) == [] for b in backups.list_backups(db_path))
    assert len(backups.list_backups(db_path)) == 1


def test_restore_round_trips_byte_for_byte(store, db_path: Path, clock) -> None:
    use_for_days(store, 4)
    current = db_path.read_bytes()
    for backup in backups.list_backups(db_path):
        done = restore.restore(db_path, clock, backup, force=True)
        assert db_path.read_bytes() == backup.read_bytes() and done.backup.path == backup
        assert done.replaced_healthy and done.kept is not None and ".replaced-" in done.kept.name
        open_store(db_path, clock)  # and it opens
    kept = sorted(db_path.parent.glob("nervecheck.json.replaced-*"))
    assert any(copy.read_bytes() == current for copy in kept)  # the replaced file survives
    assert not list(db_path.parent.glob("nervecheck.json.corrupt-*"))  # it was not damaged


def test_newest_valid_backup_skips_damaged_ones_and_says_why(store, db_path: Path) -> None:
    use_for_days(store, 4)
    newest, second, third, _ = backups.list_backups(db_path)
    newest.write_bytes(b"")
    second.write_bytes(second.read_bytes().replace(b'"pain":', b'"pain":"x","was":'))
    chosen, skipped = restore.newest_valid_backup(db_path)
    assert chosen == third
    assert len(skipped) == 2 and "empty" in skipped[0] and "field" in skipped[1]


def test_different_damage_in_the_same_second_keeps_both_copies(db_path: Path, clock) -> None:
    db_path.parent.mkdir(parents=True)
    for raw in (b"", b"null", b""):
        db_path.write_bytes(raw)
        with pytest.raises(DamagedStoreError):
            open_store(db_path, clock)
    copies = sorted(db_path.parent.glob("nervecheck.json.corrupt-*"))
    assert sorted(c.read_bytes() for c in copies) == [b"", b"null"]
    assert copies[0].name == "nervecheck.json.corrupt-20261121T093000"


def test_stray_temp_files_of_every_kind_are_cleaned_on_open(store, db_path: Path, clock) -> None:
    use_for_days(store, 1)
    folder = backups.list_backups(db_path)[0].parent
    strays = [
        db_path.with_name(".nervecheck.json.tmp-123-abcd"),
        db_path.with_name(".nervecheck.json.corrupt-20261121T093000.tmp-123-abcd"),
        folder / ".nervecheck-2026-11-21.json.tmp-123-abcd",
    ]
    for stray in strays:
        stray.write_bytes(b"half")
    other = db_path.with_name(".other.json.tmp-1-2")  # another database's temp is not ours
    other.write_bytes(b"x")
    open_store(db_path, clock)
    assert not any(p.exists() for p in strays) and other.exists()


def test_backups_of_a_database_with_glob_characters_in_its_name(tmp_path: Path, clock) -> None:
    db = tmp_path / "log [2026]*.json"
    store = open_store(db, clock)
    use_for_days(store, 2)
    assert len(backups.list_backups(db)) == 2
    assert restore.newest_valid_backup(db)[0] is not None


def test_restore_without_any_backup_is_a_plain_error(db_path: Path, store) -> None:
    from nervecheck.engine.store.storage import StoreError

    with pytest.raises(StoreError, match="no valid backup"):
        restore.restore(db_path, FixedClock(NOW))


def test_backup_folder_sits_beside_the_database(store, db_path: Path) -> None:
    use_for_days(store, 1)
    assert backups.list_backups(db_path)[0].parent == db_path.with_name("nervecheck-backups")


# -- restore over a healthy database ---------------------------------------------

def _cli(*argv: str) -> tuple[int, str, str]:
    import io

    from nervecheck.cli import main

    out, err = io.StringIO(), io.StringIO()
    status = main(list(argv), out, err, clock=FixedClock(NOW))
    return status, out.getvalue(), err.getvalue()


def _full_log(store, db_path: Path) -> Path:
    """A healthy database of 6 entries whose newest backup holds 5 and oldest none."""
    use_for_days(store, 6)
    return backups.list_backups(db_path)[0]


def test_restore_refuses_to_replace_a_healthy_database(store, db_path: Path) -> None:
    newest = _full_log(store, db_path)
    before = db_path.read_bytes()
    with pytest.raises(restore.HealthyDatabaseError) as caught:
        restore.restore(db_path, FixedClock(NOW))
    message = str(caught.value)
    assert "is healthy (6 entries)" in message and str(newest) in message
    assert f"({newest.stem[-10:]}, 5 entries)" in message and "--force" in message
    assert db_path.read_bytes() == before
    assert not list(db_path.parent.glob("nervecheck.json.*-2*"))  # no copy kept either


def test_cli_restore_of_a_healthy_database_is_one_line_exit_2_naming_the_backup(store, db_path: Path) -> None:
    newest = _full_log(store, db_path)
    before = db_path.read_bytes()
    status, out, err = _cli("--db", str(db_path), "db", "restore")
    assert (status, out) == (2, "") and err.count("\n") == 1
    assert err.startswith(f"nervecheck: db restore: {db_path} is healthy (6 entries)")
    assert f"{newest} ({newest.stem[-10:]}, 5 entries)" in err and "add --force" in err
    assert db_path.read_bytes() == before
    oldest = backups.list_backups(db_path)[-1]
    status, out, err = _cli("--db", str(db_path), "db", "restore", "--backup", str(oldest))
    assert status == 2 and f"{oldest} ({oldest.stem[-10:]}, 0 entries)" in err
    assert db_path.read_bytes() == before


def test_cli_forced_restore_says_what_came_back_and_keeps_the_healthy_file_as_replaced(store, db_path: Path) -> None:
    newest = _full_log(store, db_path)
    before = db_path.read_bytes()
    status, out, err = _cli("--db", str(db_path), "db", "restore", "--force")
    assert (status, err) == (0, "")
    [kept] = db_path.parent.glob("nervecheck.json.replaced-*")
    assert out == (f"restored {db_path} from {newest} ({newest.stem[-10:]}, 5 entries); "
                   f"the replaced (healthy) file is kept as {kept}\n")
    assert kept.read_bytes() == before and db_path.read_bytes() == newest.read_bytes()
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600
    assert not list(db_path.parent.glob("nervecheck.json.corrupt-*"))


def test_cli_restore_of_a_damaged_database_needs_no_force_and_keeps_it_as_corrupt(store, db_path: Path) -> None:
    newest = _full_log(store, db_path)
    db_path.write_bytes(b"{broken")
    status, out, err = _cli("--db", str(db_path), "db", "restore")
    assert (status, err) == (0, "")
    [kept] = db_path.parent.glob("nervecheck.json.corrupt-*")
    assert out == (f"restored {db_path} from {newest} ({newest.stem[-10:]}, 5 entries); "
                   f"the replaced (damaged) file is kept as {kept}\n")
    assert kept.read_bytes() == b"{broken" and not list(db_path.parent.glob("nervecheck.json.replaced-*"))


def test_cli_restore_of_a_missing_database_says_there_was_nothing_to_keep(store, db_path: Path) -> None:
    newest = _full_log(store, db_path)
    db_path.unlink()
    status, out, err = _cli("--db", str(db_path), "db", "restore")
    assert (status, err) == (0, "") and out.endswith("; there was no database file to keep\n") and str(newest) in out
    assert db_path.read_bytes() == newest.read_bytes()


def test_a_chosen_backup_outside_the_folder_is_dated_by_its_file(store, db_path: Path, tmp_path: Path) -> None:
    import os

    _full_log(store, db_path)
    other = tmp_path / "copy.json"
    other.write_bytes(db_path.read_bytes())
    london, auckland = ZoneInfo("Europe/London"), ZoneInfo("Pacific/Auckland")
    stamp = dt.datetime(2026, 3, 4, 23, 30, tzinfo=london).timestamp()  # late evening in London
    os.utime(other, (stamp, stamp))
    info = restore.backup_info(other, FixedClock(NOW, zone=london))
    assert (info.day, info.entries) == (dt.date(2026, 3, 4), 6)
    assert info.describe() == f"{other} (2026-03-04, 6 entries)"
    # The same file, on a clock in Auckland: it was written on the 5th there.
    assert restore.backup_info(other, FixedClock(NOW, zone=auckland)).day == dt.date(2026, 3, 5)
    assert restore.BackupInfo(other, None, None).describe() == f"{other} (unknown date, unknown entries)"
    assert restore.BackupInfo(other, dt.date(2026, 3, 4), 1).describe().endswith("1 entry)")
