"""``report --output`` never writes over a file it did not create (issue 15)."""

from __future__ import annotations

import io

import pytest

from nervecheck.cli import main
from nervecheck.engine.clock import FixedClock
from nervecheck.engine.store.locations import backup_dir, lock_path
from nervecheck.engine.store.schema import Entry
from nervecheck.engine.store.repository import open_store
from tests.conftest import NOW, TODAY


def run_cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = main(list(argv), out, err, clock=FixedClock(NOW))
    return status, out.getvalue(), err.getvalue()


@pytest.fixture
def used(db_path, clock):
    store = open_store(db_path, clock)
    store.save_entry(Entry(date=TODAY, pain=3))
    return db_path


def protected(db):
    return [db, lock_path(db), next(backup_dir(db).iterdir())]


@pytest.mark.parametrize("force", [False, True])
def test_report_never_writes_over_the_database_lock_or_backups(used, force) -> None:
    for target in protected(used):
        before = target.read_bytes()
        status, _out, err = run_cli("--db", str(used), "report", "--output", str(target), *(["--force"] if force else []))
        assert status == 2 and err.count("\n") == 1 and str(target) in err, target
        assert target.read_bytes() == before


def test_report_refuses_a_hard_link_or_symlink_to_the_database_even_forced(used, tmp_path) -> None:
    link = tmp_path / "link.md"
    link.symlink_to(used)
    hard = tmp_path / "hard.md"
    hard.hardlink_to(used)
    before = used.read_bytes()
    for target in (link, hard):
        status, _out, err = run_cli("--db", str(used), "report", "--output", str(target), "--force")
        assert status == 2 and err.count("\n") == 1
    assert used.read_bytes() == before


def test_report_refuses_an_existing_file_unless_forced(used, tmp_path) -> None:
    target = tmp_path / "report.md"
    target.write_text("my notes")
    status, _out, err = run_cli("--db", str(used), "report", "--output", str(target))
    assert status == 2 and err.count("\n") == 1 and "--force" in err and target.read_text() == "my notes"
    status, out, _err = run_cli("--db", str(used), "report", "--output", str(target), "--force")
    assert status == 0 and "my notes" not in target.read_text() and "report for" in out


def test_report_creates_a_new_file_owner_only(used, tmp_path) -> None:
    target = tmp_path / "new.md"
    assert run_cli("--db", str(used), "report", "--output", str(target))[0] == 0
    assert target.stat().st_mode & 0o777 == 0o600 and target.read_text()


def test_report_refuses_a_dangling_symlink_output(used, tmp_path) -> None:
    target = tmp_path / "dangling.md"
    target.symlink_to(tmp_path / "nowhere.md")
    status, _out, _err = run_cli("--db", str(used), "report", "--output", str(target), "--force")
    assert status == 2 and not (tmp_path / "nowhere.md").exists()
