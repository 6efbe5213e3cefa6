"""The checked-bytes note names the rules that judged the bytes, computed from the code.

A note written under other rules (any module of the store package changed, the
contract's ids, the routines' exercise ids) must not vouch for anything.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from nervecheck.engine.store import verified

STORE = Path(verified.__file__).resolve().parent


@pytest.fixture
def changed(monkeypatch: pytest.MonkeyPatch):
    """Call with a file name: its bytes read back changed, and the rules are computed again."""
    real = Path.read_bytes

    def change(name: str) -> bytes:
        def read(path: Path) -> bytes:
            data = real(path)
            return data + b"\n# changed\n" if path.name == name else data

        verified.rules.cache_clear()
        monkeypatch.setattr(Path, "read_bytes", read)
        try:
            return verified.rules()
        finally:
            monkeypatch.undo()
            verified.rules.cache_clear()

    return change


@pytest.mark.parametrize("name", sorted(path.name for path in STORE.glob("*.py")) + ["vocab.py", "routines.json"])
def test_any_change_to_the_rules_changes_the_digest(changed, name: str) -> None:
    assert changed(name) != verified.rules()


def test_every_module_of_the_store_is_covered() -> None:
    """The store's own modules, whatever they are called now: no list kept by hand."""
    assert {"records.py", "schema.py", "storage.py", "repository.py"} <= {path.name for path in STORE.glob("*.py")}


def test_a_note_made_under_other_rules_vouches_for_nothing(tmp_path: Path, changed,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "nervecheck.json"
    db.write_text("{}")
    other = changed("records.py")
    with monkeypatch.context() as patch:
        patch.setattr(verified, "rules", lambda: other)  # an older NerveCheck writes its note
        verified.write(db, b"\x01" * 20)
        assert verified.vouches_for(db, b"\x01" * 20)
    assert not verified.vouches_for(db, b"\x01" * 20)  # this one does not trust it
    verified.write(db, b"\x01" * 20)
    assert verified.vouches_for(db, b"\x01" * 20)
