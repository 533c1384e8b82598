"""A backup is restored only once proven to be the published log; nothing acknowledged
after it is lost; a backup altered by one byte, or of another log, is refused."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ledger import cosignatures
from ledger.audit import audit
from ledger.backup import backup
from ledger.errors import LedgerError
from ledger.events import NewEvent
from ledger.ledger import Ledger, new_stream_id
from ledger.restore import RestoreRefused, restore
from tests.conftest import ORIGIN, T0
from tests.support.tamper import set_stored_state, stored_rows
from verify.note import signature_line


def _request(ledger: Ledger) -> str:
    stream = new_stream_id()
    received = NewEvent("DisclosureRequest.Received", {"d": "申请"})
    ledger.append(stream, 0, [received], "officer-1", T0)
    return stream


@pytest.fixture
def backed_up(ledger: Ledger, tmp_path: Path) -> Path:
    for _ in range(5):
        _request(ledger)
    ledger.integrate()
    backup(ledger, tmp_path / "b.gkb")
    return tmp_path / "b.gkb"


def _checkpoints(ledger: Ledger) -> list[tuple[object, ...]]:
    with ledger.backend.transaction() as cur:
        rows = cur.execute("SELECT tree_size, root, note, created_at FROM gk_checkpoints")
        return sorted(tuple(r) for r in rows.fetchall())


def _reopen(ledger: Ledger, tmp_path: Path, url: str) -> Ledger:
    ledger.close()
    return Ledger.open(tmp_path / "data", url)


def test_a_damaged_store_is_restored_and_later_entries_are_kept(
    ledger: Ledger, backed_up: Path, tmp_path: Path, database_url: str
) -> None:
    later = _request(ledger)  # integrated after the backup: read back from the live store
    ledger.integrate()
    _request(ledger)  # acknowledged, never integrated: carried over
    size = ledger.checkpoint_size()
    rows = stored_rows(ledger)
    set_stored_state(ledger, rows[2][0], rows[2][1].replace(b'"seq":', b'"seq": '))
    with ledger.backend.transaction(write=True) as cur:  # and the tree is damaged too
        cur.execute("DELETE FROM gk_nodes WHERE level = 1")
    assert not audit(ledger).ok
    dry = restore(ledger, backed_up, dry_run=True)
    assert (dry.replayed, dry.pending, dry.restored_size) == (1, 1, size)
    assert not audit(ledger).ok  # a dry run writes nothing
    report = restore(ledger, backed_up)
    assert (report.replayed, report.pending, report.published_size) == (1, 1, size)
    ledger = _reopen(ledger, tmp_path, database_url)
    try:
        assert ledger.integrate() == 1  # the pending entry integrates
        result = audit(ledger)
        assert result.ok, result.problems
        assert ledger.read(later)[0].entry.seq == 1
        _request(ledger)
        assert ledger.integrate() == 1
        assert ledger.checkpoint_size() == size + 2
    finally:
        ledger.close()


def test_a_backup_altered_by_one_byte_is_refused(
    ledger: Ledger, backed_up: Path, tmp_path: Path
) -> None:
    raw = stored_rows(ledger)[3][1]
    data = backed_up.read_bytes()
    at = data.index(raw) + raw.index(b'"seq":') + 2
    backed_up.write_bytes(data[:at] + b"S" + data[at + 1 :])
    before = stored_rows(ledger)
    with pytest.raises(RestoreRefused) as caught:
        restore(ledger, backed_up)
    assert "backup entry #3" in caught.value.message
    assert stored_rows(ledger) == before


def test_a_backup_of_another_log_is_refused(
    ledger: Ledger, backed_up: Path, tmp_path: Path
) -> None:
    other = Ledger.open(tmp_path / "other", f"sqlite:///{tmp_path / 'other.db'}")
    other.genesis(ORIGIN, T0)  # the same origin, other keys
    backup(other, tmp_path / "other.gkb")
    other.close()
    with pytest.raises(RestoreRefused) as caught:
        restore(ledger, tmp_path / "other.gkb")
    assert "does not verify" in caught.value.message


def test_live_entries_after_the_backup_must_be_whole(ledger: Ledger, backed_up: Path) -> None:
    _request(ledger)
    ledger.integrate()
    nid, state = stored_rows(ledger)[-1]
    set_stored_state(ledger, nid, state.replace(b'"seq":', b'"seq": '))
    with pytest.raises(RestoreRefused) as caught:
        restore(ledger, backed_up)
    assert "integrated after the backup" in caught.value.message


def test_a_lost_store_is_restored_from_the_published_checkpoint(
    ledger: Ledger, backed_up: Path, tmp_path: Path, database_url: str
) -> None:
    size = ledger.checkpoint_size()
    line = signature_line("witness.example/w", b"\x01\x02\x03\x04", b"\x05" * 64)
    cosignatures.store(ledger.backend, size, "witness.example/w", line)
    backup(ledger, backed_up)  # again, with the witness's cosignature
    vkey, note = ledger.vkey(), ledger.checkpoint_note()
    assert note.endswith(line)
    fresh = Ledger.open(tmp_path / "data", f"sqlite:///{tmp_path / 'fresh.db'}")
    try:
        with pytest.raises(RestoreRefused):
            restore(fresh, backed_up)  # no published key or checkpoint to check against
        report = restore(fresh, backed_up, vkey=vkey, published=note)
        assert report.restored_size == ledger.checkpoint_size()
    finally:
        fresh.close()
    fresh = Ledger.open(tmp_path / "data", f"sqlite:///{tmp_path / 'fresh.db'}")
    try:
        assert audit(fresh).ok
        assert fresh.checkpoint_note() == note  # the cosignature once, as before
        assert _checkpoints(fresh) == _checkpoints(ledger)  # with when each was made
    finally:
        fresh.close()


def test_an_altered_pending_row_is_dropped_and_the_others_carried_over(
    ledger: Ledger, backed_up: Path, tmp_path: Path, database_url: str
) -> None:
    """A row committed but never integrated has no leaf to prove it: it is carried over
    only if it verifies (signature, key, chain), so the integrator is never stuck on it."""
    _request(ledger)
    _request(ledger)
    nid, state = stored_rows(ledger)[-2]
    set_stored_state(ledger, nid, state.replace(b'"seq":', b'"seq": '))
    report = restore(ledger, backed_up)
    assert report.pending == 1 and len(report.dropped) == 1
    assert report.dropped[0].startswith(f"pending event row {nid}: ")
    ledger = _reopen(ledger, tmp_path, database_url)
    try:
        assert ledger.integrate() == 1
        assert audit(ledger).ok
    finally:
        ledger.close()


def test_a_backup_of_a_fork_signed_with_the_same_keys_is_refused(
    ledger: Ledger, backed_up: Path, tmp_path: Path
) -> None:
    """A split view: the same keys signed two different entries at the same position.
    Each log verifies alone; the published checkpoint's root tells them apart."""
    shutil.copy(backed_up, tmp_path / "fork.db")
    fork = Ledger.open(tmp_path / "data", f"sqlite:///{tmp_path / 'fork.db'}")
    _request(fork)
    fork.integrate()
    backup(fork, tmp_path / "fork.gkb")
    fork.close()
    _request(ledger)
    ledger.integrate()
    assert ledger.checkpoint_size() == restore(ledger, backed_up, dry_run=True).restored_size
    with pytest.raises(RestoreRefused) as caught:
        restore(ledger, tmp_path / "fork.gkb")
    assert "another root" in caught.value.message


@pytest.mark.parametrize("content", [None, b"", b"not a database at all", b"SQLite format 3\x00"])
def test_what_is_not_a_backup_is_refused_in_one_line(
    ledger: Ledger, tmp_path: Path, content: bytes | None
) -> None:
    path = tmp_path / "not.gkb"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(LedgerError) as caught:
        restore(ledger, path)
    assert caught.value.code in ("CONFIG_ERROR", "RESTORE_REFUSED")
    assert str(path) in caught.value.message


def test_a_live_store_that_cannot_be_read_is_named(ledger: Ledger, backed_up: Path) -> None:
    with ledger.backend.transaction(write=True) as cur:
        cur.execute("DROP TABLE gk_leaves")
    with pytest.raises(RestoreRefused) as caught:
        restore(ledger, backed_up)
    assert "live store cannot be read" in caught.value.message


def test_a_write_that_fails_leaves_the_target_as_it_was(
    ledger: Ledger, backed_up: Path, backend: str
) -> None:
    rows = stored_rows(ledger)
    set_stored_state(ledger, rows[1][0], rows[1][1].replace(b'"seq":', b'"seq": '))
    before = stored_rows(ledger)
    with ledger.backend.transaction(write=True) as cur:  # the disk refuses one table
        if backend == "sqlite":
            cur.execute(
                "CREATE TRIGGER no_nodes BEFORE INSERT ON gk_nodes "
                "BEGIN SELECT RAISE(ABORT, 'disk says no'); END"
            )
        else:
            cur.execute(
                "CREATE FUNCTION no_nodes() RETURNS trigger LANGUAGE plpgsql AS "
                "$$ BEGIN RAISE EXCEPTION 'disk says no'; END $$"
            )
            cur.execute(
                "CREATE TRIGGER no_nodes BEFORE INSERT ON gk_nodes "
                "FOR EACH ROW EXECUTE FUNCTION no_nodes()"
            )
    with pytest.raises(RestoreRefused) as caught:
        restore(ledger, backed_up)
    assert "nothing was written" in caught.value.message
    assert stored_rows(ledger) == before
    assert not audit(ledger).ok
