"""A schema_version this NerveCheck does not know is damage, everywhere (issue 15)."""

from __future__ import annotations

import io
import json

import pytest

from nervecheck.engine.store import backups
from nervecheck.cli import main
from nervecheck.engine.clock import FixedClock
from nervecheck.engine.store.schema import Entry
from nervecheck.engine.store.storage import DamagedStoreError
from nervecheck.engine.store.repository import file_problems, open_store
from tests.conftest import NOW, TODAY


def run_cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = main(list(argv), out, err, clock=FixedClock(NOW))
    return status, out.getvalue(), err.getvalue()


@pytest.mark.parametrize("version", [0, -1, 7])
def test_an_unknown_schema_version_is_damage_and_keeps_the_good_backup(db_path, clock, version) -> None:
    store = open_store(db_path, clock)
    store.save_entry(Entry(date=TODAY, pain=3))  # today's backup: the good empty database
    [backup] = backups.list_backups(db_path)
    good_backup = backup.read_bytes()
    data = json.loads(db_path.read_bytes())
    data["_meta"]["1"]["schema_version"] = version
    db_path.write_text(json.dumps(data))
    bad = db_path.read_bytes()
    with pytest.raises(DamagedStoreError, match="schema"):
        open_store(db_path, clock)
    for argv in (("log", "show"), ("log", "add", "--pain", "1"), ("report",)):
        status, _out, err = run_cli("--db", str(db_path), *argv)
        assert status == 2 and err.count("\n") == 1 and "schema" in err and "Traceback" not in err, argv
    status, out, _err = run_cli("--db", str(db_path), "db", "check")
    assert status == 1 and "schema" in out and "OK" not in out
    assert file_problems(db_path)
    assert backup.read_bytes() == good_backup and db_path.read_bytes() == bad


async def test_the_app_shows_its_damaged_screen_for_an_unknown_schema(db_path, clock) -> None:
    from nervecheck.tui.app import build_app
    from nervecheck.tui.screens.damaged import DamagedScreen

    open_store(db_path, clock)
    data = json.loads(db_path.read_bytes())
    data["_meta"]["1"]["schema_version"] = 0
    db_path.write_text(json.dumps(data))
    try:
        store, damage = open_store(db_path, clock, check_later=True, long_lived=True), None
    except DamagedStoreError as error:
        store, damage = None, error
    assert damage is not None
    app = build_app(store, clock, db_path=db_path, damage=damage)
    async with app.run_test(size=(80, 24)):
        assert isinstance(app.screen, DamagedScreen)
