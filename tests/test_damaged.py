"""The damaged-file matrix: never overwritten, never treated as empty, always explained.

Every case: ``Store.open`` raises ``DamagedStoreError`` naming the path and the line
and column or the entry and field; the file is unchanged byte for byte (mode too);
a timestamped owner-only ``.corrupt`` copy holds the same bytes; the CLI answers in
one line with exit 2; ``db check`` lists every problem; ``db restore`` brings back
the newest valid backup byte for byte; the TUI offers the restore.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from nervecheck.engine.store import backups
from nervecheck.cli import main
from nervecheck.engine.clock import FixedClock
from nervecheck.engine.store.schema import Entry
from nervecheck.engine.store.storage import DamagedStoreError
from nervecheck.engine.store.repository import open_store
from tests.conftest import NOW, TODAY

ROOT = Path(__file__).resolve().parent.parent
META = '"_meta":{"1":{"schema_version":1}}'
DAY = TODAY - dt.timedelta(days=1)
ID = DAY.toordinal()


def good_entry(**fields) -> str:
    return json.dumps({**Entry(date=DAY, pain=3, note="fine").to_json(), **fields}, separators=(",", ":"))


GOOD = f'{{{META},"entries":{{"{ID}":{good_entry()}}},"checks":{{}}}}'

CASES = {
    "empty": (b"", "the file is empty"),
    "whitespace only": (b" \n\t\n", "the file is empty"),
    "null": (b"null", "the top level is null"),
    "empty object": (b"{}", "no _meta table"),
    "truncated": (GOOD[: len(GOOD) // 2].encode(), "line 1, column"),
    "truncated mid-line": (GOOD.replace(",", ",\n")[:-20].encode(), "column"),
    "trailing garbage": (GOOD.encode() + b"\x00garbage", "line 1, column"),
    "two documents": (GOOD.encode() + b"\n" + GOOD.encode(), "line 2, column 1"),
    "not utf-8": (GOOD.replace("fine", "f\udcffne").encode("utf-8", "surrogateescape"), "not UTF-8"),
    "deeply nested arrays": (b"[" * 100_000, "nested too deeply"),
    "deeply nested objects": (b'{"a":' * 100_000, "nested too deeply"),
    "top level is a list": (b"[]", "the top level is list"),
    "top level is a number": (b"42", "the top level is int"),
    "document is a string": (b'"nervecheck"', "the top level is str"),
    "table is a list": (f'{{{META},"entries":[]}}'.encode(), "table 'entries' is a list"),
    "entry is a string": (f'{{{META},"entries":{{"{ID}":"x"}}}}'.encode(), f"document {ID}: a str"),
    "document id not a number": (f'{{{META},"entries":{{"abc":{{}}}}}}'.encode(), "'abc' is not a number"),
    "duplicate keys": (f'{{{META},\n"entries":{{}},\n"entries":{{}}}}'.encode(), "line 3, column 1: duplicate key 'entries'"),
    "duplicate entry ids": (f'{{{META},"entries":{{"{ID}":{good_entry()},\n"{ID}":{good_entry()}}}}}'.encode(),
                            f"line 2, column 1: duplicate key '{ID}'"),
    "NaN": (f'{{{META},"entries":{{"{ID}":{good_entry()[:-1]},"x":NaN}}}}}}'.encode(), "NaN is not a valid JSON number"),
    "Infinity": (GOOD.replace('"pain":3', '"pain":-Infinity').encode(), "-Infinity is not a valid JSON number"),
    "no schema version": (b'{"_meta":{},"entries":{}}', "_meta has no schema_version"),
    "pain as text": (GOOD.replace('"pain":3', '"pain":"7"').encode(), f"entry {DAY}, field pain"),
    "pain as bool": (GOOD.replace('"pain":3', '"pain":true').encode(), f"entry {DAY}, field pain"),
    "pain out of range": (GOOD.replace('"pain":3', '"pain":11').encode(), f"entry {DAY}, field pain"),
    "unknown symptom": (GOOD.replace('"symptoms":[]', '"symptoms":["itch"]').encode(), "field symptoms[0]"),
    "unknown field": (GOOD.replace('"pain":3', '"pain":3,"mood":"ok"').encode(), "field mood"),
    "not a real day": (GOOD.replace(DAY.isoformat(), "2026-02-30").encode(), "field date"),
    "entry under the wrong id": (GOOD.replace(f'"{ID}"', f'"{ID + 1}"').encode(), "stored under the wrong id"),
    "bad saved check": (f'{{{META},"entries":{{}},"checks":{{"1":{{"time":"x"}}}}}}'.encode(), "saved check #1, field"),
    "bad settings": (f'{{{META},"settings":{{"1":{{"units":"furlongs"}}}}}}'.encode(), "settings, field units"),
}


def build_backups(db: Path) -> tuple[Path, Path]:
    """Two days of use: the older backup is the empty database, the newer holds one entry."""
    clock = FixedClock(NOW - dt.timedelta(days=2))
    store = open_store(db, clock)
    store.save_entry(Entry(date=TODAY - dt.timedelta(days=3), pain=1, note="kept"))
    clock.advance(86400)
    store.save_entry(Entry(date=TODAY - dt.timedelta(days=2), pain=2, note="newer"))
    newest, older = backups.list_backups(db)
    return newest, older


def damage(db: Path, raw: bytes) -> None:
    db.write_bytes(raw)
    os.chmod(db, 0o640)


def run_cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = main(list(argv), out, err, clock=FixedClock(NOW))
    return status, out.getvalue(), err.getvalue()


def corrupt_copies(db: Path) -> list[Path]:
    return sorted(db.parent.glob(f"{db.name}.corrupt-*"))


@pytest.mark.parametrize("raw, words", CASES.values(), ids=CASES.keys())
def test_open_refuses_keeps_a_copy_and_never_touches_the_file(db_path: Path, clock, raw, words) -> None:
    build_backups(db_path)
    damage(db_path, raw)
    with pytest.raises(DamagedStoreError) as caught:
        open_store(db_path, clock)
    message = str(caught.value)
    assert message.startswith(f"{db_path}: ") and words in message
    assert "\n" not in message and len(message) < 400
    assert db_path.read_bytes() == raw and stat.S_IMODE(db_path.stat().st_mode) == 0o640
    [copy] = corrupt_copies(db_path)
    assert copy == caught.value.kept_copy and copy.name == "nervecheck.json.corrupt-20261121T093000"
    assert copy.read_bytes() == raw and stat.S_IMODE(copy.stat().st_mode) == 0o600
    with pytest.raises(DamagedStoreError):
        open_store(db_path, clock)  # a second try keeps no second copy of the same bytes
    assert corrupt_copies(db_path) == [copy]


@pytest.mark.parametrize("raw, words", CASES.values(), ids=CASES.keys())
def test_cli_answers_in_one_line_changes_nothing_and_restores(db_path: Path, raw, words) -> None:
    newest, _ = build_backups(db_path)
    damage(db_path, raw)
    for argv in (["log", "show"], ["log", "export"], ["log", "add", "--pain", "2"]):
        status, out, err = run_cli("--db", str(db_path), *argv)
        assert (status, out) == (2, "")
        assert err.count("\n") == 1 and err.startswith("nervecheck: the database ")
        assert str(db_path) in err and words in err and "nervecheck db restore" in err
        assert "Traceback" not in err
        assert db_path.read_bytes() == raw

    status, out, err = run_cli("--db", str(db_path), "db", "check")
    assert status == 1 and err == "" and words in out and str(db_path) in out
    assert db_path.read_bytes() == raw

    status, out, err = run_cli("--db", str(db_path), "db", "restore")
    assert (status, err) == (0, "") and str(newest) in out
    assert db_path.read_bytes() == newest.read_bytes()
    assert [e.note for e in open_store(db_path).entries()] == ["kept"]
    assert any(copy.read_bytes() == raw for copy in corrupt_copies(db_path))  # the damaged bytes survive
    assert run_cli("--db", str(db_path), "db", "check")[0] == 0


def test_empty_object_without_backups_is_damaged_and_nothing_to_restore(db_path: Path, clock) -> None:
    db_path.parent.mkdir(parents=True)
    damage(db_path, b"{}")
    with pytest.raises(DamagedStoreError, match="no _meta table"):
        open_store(db_path, clock)
    status, out, err = run_cli("--db", str(db_path), "db", "restore")
    assert status == 2 and err.count("\n") == 1 and "no valid backup" in err
    assert db_path.read_bytes() == b"{}"


def test_db_check_reports_every_problem(db_path: Path, clock) -> None:
    open_store(db_path, clock)
    data = json.loads(db_path.read_bytes())
    days = [TODAY - dt.timedelta(days=n) for n in (1, 2, 3)]
    data["entries"] = {
        str(days[0].toordinal()): {"date": days[0].isoformat(), "pain": "7"},
        str(days[1].toordinal()): {"date": days[1].isoformat(), "pain": 2, "symptoms": ["itch"], "mood": 1},
        str(days[2].toordinal()): {"date": days[2].isoformat(), "pain": 4},
    }
    data["checks"] = {"1": {"time": "yesterday"}}
    db_path.write_text(json.dumps(data))
    status, out, _ = run_cli("--db", str(db_path), "db", "check")
    lines = out.splitlines()
    assert status == 1
    assert any(f"entry {days[0]}, field pain" in line for line in lines)
    assert any(f"entry {days[1]}, field symptoms[0]" in line for line in lines)
    assert any(f"entry {days[1]}, field mood" in line for line in lines)
    assert any("saved check #1, field time" in line for line in lines)
    assert not any(str(days[2]) in line for line in lines)
    assert lines[-1] == f"{len(lines) - 1} problem(s) in {db_path}" and len(lines) - 1 >= 5
    with pytest.raises(DamagedStoreError, match=r"more problem\(s\)"):
        open_store(db_path, clock)


def test_db_check_on_a_good_and_a_missing_file(db_path: Path, store) -> None:
    assert run_cli("--db", str(db_path), "db", "check") == (0, f"{db_path}: OK\n", "")
    status, out, err = run_cli("--db", str(db_path.with_name("none.json")), "db", "check")
    assert status == 2 and err.count("\n") == 1 and "no database at" in err


def test_restore_skips_a_damaged_newest_backup(db_path: Path) -> None:
    newest, older = build_backups(db_path)
    newest.write_bytes(b'{"_meta": trunc')
    damage(db_path, b"null")
    status, out, err = run_cli("--db", str(db_path), "db", "restore")
    assert status == 0 and str(older) in out
    assert db_path.read_bytes() == older.read_bytes()


def test_restore_a_chosen_backup_and_refuse_a_bad_one(db_path: Path, tmp_path: Path) -> None:
    newest, older = build_backups(db_path)
    damage(db_path, b"")
    assert run_cli("--db", str(db_path), "db", "restore", "--backup", str(older))[0] == 0
    assert db_path.read_bytes() == older.read_bytes()
    bad = tmp_path / "bad.json"
    bad.write_bytes(b"[]")
    before = db_path.read_bytes()
    status, _, err = run_cli("--db", str(db_path), "db", "restore", "--backup", str(bad))
    assert status == 2 and err.count("\n") == 1 and "not a valid NerveCheck database" in err
    assert db_path.read_bytes() == before


def test_db_backups_lists_newest_first(db_path: Path) -> None:
    newest, older = build_backups(db_path)
    assert run_cli("--db", str(db_path), "db", "backups") == (0, f"{newest}\n{older}\n", "")


def test_a_real_process_prints_no_traceback(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    damage(db_path, b"[" * 100_000)
    for argv in (["log", "show"], ["db", "check"]):
        result = subprocess.run([sys.executable, "-m", "nervecheck", "--db", str(db_path), *argv],
                                cwd=ROOT, capture_output=True, text=True, timeout=60)
        assert result.returncode in (1, 2) and "Traceback" not in result.stderr
        assert len((result.stderr + result.stdout).splitlines()) <= 2


def test_damage_appearing_under_a_long_lived_store_is_reported_and_kept(store, db_path: Path) -> None:
    store.save_entry(Entry(date=DAY))
    db_path.write_bytes(b"{truncated")
    with pytest.raises(DamagedStoreError, match="line 1, column 2") as caught:
        store.entries()
    assert caught.value.kept_copy.read_bytes() == b"{truncated"
    with pytest.raises(DamagedStoreError):
        store.save_entry(Entry(date=TODAY))
    assert db_path.read_bytes() == b"{truncated"


async def test_tui_on_a_damaged_file_offers_the_restore(db_path: Path, clock) -> None:
    from textual.widgets import Static

    from nervecheck.tui.app import build_app
    from nervecheck.tui.screens.damaged import DamagedScreen
    from nervecheck.tui.screens.home import HomeScreen

    newest, _ = build_backups(db_path)
    damage(db_path, b'{"_meta": [1, 2')
    with pytest.raises(DamagedStoreError) as caught:
        open_store(db_path, clock)
    app = build_app(None, clock, db_path=db_path, damage=caught.value)
    async with app.run_test(size=(80, 24)) as pilot:
        assert isinstance(app.screen, DamagedScreen)
        detail = app.screen.query_one("#damage-detail", Static).content.plain
        assert str(db_path) in detail and "line 1, column" in detail and "corrupt-" in detail
        assert newest.name in app.screen.query_one("#restore-offer", Static).content.plain
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert db_path.read_bytes() == newest.read_bytes()
        assert app.store is not None and [e.note for e in app.store.entries()] == ["kept"]
        await pilot.press("question_mark")
        await pilot.pause()
        app.action_go_home()
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)  # navigation works on the restored database


async def test_tui_on_a_damaged_file_without_backups_says_so(db_path: Path, clock) -> None:
    from textual.widgets import Static

    from nervecheck.tui.app import build_app
    from nervecheck.tui.screens.damaged import DamagedScreen

    db_path.parent.mkdir(parents=True)
    damage(db_path, b"")
    with pytest.raises(DamagedStoreError) as caught:
        open_store(db_path, clock)
    app = build_app(None, clock, db_path=db_path, damage=caught.value)
    async with app.run_test(size=(80, 24)) as pilot:
        assert "no valid backup" in app.screen.query_one("#restore-offer", Static).content.plain
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, DamagedScreen)
        assert db_path.read_bytes() == b""


# -- the TUI's deferred checks: first frame first, every document right after ------------


def _damaged_entry_file(path):
    import json

    path.parent.mkdir(parents=True, exist_ok=True)
    doc = {"_meta": {"1": {"schema_version": 1}}, "checks": {},
           "entries": {"739941": {"date": "2026-11-21", "pain": "7"}}}
    path.write_text(json.dumps(doc))


@pytest.mark.parametrize("make", [_damaged_entry_file], ids=["bad entry"])
async def test_tui_open_finds_damage_right_after_first_frame(tmp_path, make):
    """Opened the way `nervecheck` opens it (document checks after the first frame),
    a file whose damage only those checks see still ends on the restore screen, untouched."""
    from nervecheck.engine.clock import FixedClock
    from nervecheck.engine.store.repository import open_store
    from tests.conftest import NOW, app_for

    path = tmp_path / "db.json"
    make(path)
    before = path.read_bytes()
    store = open_store(path, FixedClock(NOW), check_later=True)
    app = app_for(store)
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(50):  # the checks run a quarter second after the first frame; a loaded machine takes longer
            await pilot.pause(0.1)
            if type(app.screen).__name__ == "DamagedScreen":
                break
        await pilot.pause()  # the restore screen's own mounting finishes before the app closes
        assert type(app.screen).__name__ == "DamagedScreen"
    assert path.read_bytes() == before
    assert list(tmp_path.glob("db.json.corrupt-*"))


def test_unchecked_store_checks_before_any_model_read_or_write(tmp_path):
    from nervecheck.engine.store.schema import Entry
    from nervecheck.engine.store.repository import open_store
    from nervecheck.engine.store.storage import DamagedStoreError

    path = tmp_path / "db.json"
    _damaged_entry_file(path)
    before = path.read_bytes()
    store = open_store(path, check_later=True)
    with pytest.raises(DamagedStoreError):
        store.save_entry(Entry(date="2026-11-20", pain=1))
    assert path.read_bytes() == before
    with pytest.raises(DamagedStoreError):
        open_store(path, check_later=True).entries()


def _bogus_disposition_file(path: Path) -> None:
    """A saved check, otherwise as NerveCheck writes it, whose disposition no version knows."""
    check = {"time": "2026-11-20T08:00:00Z", "path": [{"id": "start", "answer": "yes"}],
             "disposition": "bogus", "routines": [], "contract": 1, "ticked": []}
    doc = {"_meta": {"1": {"schema_version": 1}}, "entries": {}, "checks": {"1": check}}
    path.write_text(json.dumps(doc))


async def test_tui_on_a_check_with_an_unknown_disposition_shows_the_damage(tmp_path):
    """Issue 15: home drew the check's colour from the unchecked document and crashed (the
    app exited, status 0); now the restore screen names the check and the field."""
    from textual.widgets import Static

    from nervecheck.engine.clock import FixedClock
    from nervecheck.engine.store.repository import open_store
    from tests.conftest import NOW, app_for

    path = tmp_path / "db.json"
    _bogus_disposition_file(path)
    before = path.read_bytes()
    store = open_store(path, FixedClock(NOW), check_later=True, long_lived=True)
    app = app_for(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.5)
        assert type(app.screen).__name__ == "DamagedScreen"
        detail = app.screen.query_one("#damage-detail", Static).content.plain
        assert "saved check #1, field disposition" in detail
        assert app.return_code is None  # still running: nothing crashed
    assert path.read_bytes() == before


@pytest.mark.parametrize("key", ["h", "r"], ids=["history", "routines"])
async def test_a_section_opened_before_the_deferred_checks_shows_the_damage(tmp_path, key):
    """An older check is the bogus one (home's summary never reads it) and the runner opens
    history or routines before the deferred checks run: the restore screen, not a crash."""
    from nervecheck.engine.clock import FixedClock
    from nervecheck.engine.store.repository import open_store
    from tests.conftest import NOW, app_for

    path = tmp_path / "db.json"
    _bogus_disposition_file(path)
    doc = json.loads(path.read_text())
    doc["checks"]["2"] = {**doc["checks"]["1"], "time": "2026-11-21T08:00:00Z", "disposition": "keep_running"}
    path.write_text(json.dumps(doc))
    before = path.read_bytes()
    store = open_store(path, FixedClock(NOW), check_later=True, long_lived=True)
    app = app_for(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(key)
        await pilot.pause(0.5)
        assert type(app.screen).__name__ == "DamagedScreen"
        assert app.return_code is None
    assert path.read_bytes() == before
