"""Altered or deleted stored entries are put back from a copy proven by the log, and
only from such a copy: a backup, an export or a replica, on both backends."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from ledger.audit import audit
from ledger.backup import backup, read_info
from ledger.copies import BackupCopies, ExportCopies, ReplicaCopies, open_copies
from ledger.errors import ConfigError
from ledger.events import NewEvent
from ledger.export import export
from ledger.ledger import Ledger, new_stream_id
from ledger.repair import find_damage, repair
from ledger.restore import restore
from tests.conftest import T0, drop_schema, postgres_url_or_skip
from tests.support.tamper import set_stored_state, stored_rows
from verify.merkle import leaf_hash


@pytest.fixture
def filled(ledger: Ledger) -> Ledger:
    for _ in range(4):
        stream = new_stream_id()
        ledger.append(
            stream, 0, [NewEvent("DisclosureRequest.Received", {"d": "申请"})], "officer-1", T0
        )
        ledger.append(
            stream,
            1,
            [NewEvent("DisclosureRequest.Answered", {"outcome": "disclosed"})],
            "officer-1",
            T0,
        )
    ledger.integrate()
    return ledger


def _alter(ledger: Ledger, position: int) -> bytes:
    nid, state = stored_rows(ledger)[position]
    set_stored_state(ledger, nid, state.replace(b'"seq":', b'"seq": '))
    return state


def test_a_backup_names_its_checkpoint_and_verifies_as_a_ledger(
    filled: Ledger, tmp_path: Path
) -> None:
    info = backup(filled, tmp_path / "b.gkb")
    assert info.tree_size == filled.checkpoint_size() == info.events
    assert read_info(tmp_path / "b.gkb") == info
    assert info.checkpoint == filled.checkpoint_note()
    assert (tmp_path / "b.gkb").read_bytes()[18] == 1  # rollback journal: one whole file
    copy = Ledger.open(tmp_path / "copy", f"sqlite:///{tmp_path / 'b.gkb'}")
    try:
        result = audit(copy)
        assert result.ok and result.entries == info.tree_size, result.problems
    finally:
        copy.close()
    assert not list(tmp_path.glob(".*partial"))


@pytest.mark.parametrize("kind", ["backup", "export"])
def test_an_altered_and_a_deleted_entry_are_repaired(
    filled: Ledger, tmp_path: Path, kind: str
) -> None:
    source = tmp_path / f"copy.{kind}"
    (backup if kind == "backup" else export)(filled, source)  # type: ignore[operator]
    original = _alter(filled, 3)
    nid, _ = stored_rows(filled)[6]
    b = filled.backend
    with b.transaction(write=True) as cur:
        cur.execute(f"DELETE FROM {b.events_table} WHERE {b.notification_column} = ?", (nid,))
    assert [d.index for d in find_damage(filled)[1]] == [3, 6]
    assert not audit(filled).ok
    copies = open_copies(str(source))
    assert isinstance(copies, BackupCopies if kind == "backup" else ExportCopies)
    dry = repair(filled, copies, dry_run=True)
    assert [d.index for d in dry.repaired] == [3, 6] and dry.ok
    assert len(find_damage(filled)[1]) == 2  # a dry run writes nothing
    report = repair(filled, copies)
    copies.close()
    assert [d.index for d in report.repaired] == [3, 6] and report.ok
    assert dict(stored_rows(filled))[stored_rows(filled)[3][0]] == original
    result = audit(filled)
    assert result.ok, result.problems
    stream = new_stream_id()  # and the log goes on
    filled.append(stream, 0, [NewEvent("DisclosureRequest.Received", {})], "officer-1", T0)
    assert filled.integrate() == 1


def test_a_copy_that_does_not_hash_to_the_leaf_is_refused(filled: Ledger, tmp_path: Path) -> None:
    backup(filled, tmp_path / "b.gkb")
    _alter(filled, 5)
    source = Ledger.open(tmp_path / "copy", f"sqlite:///{tmp_path / 'b.gkb'}")
    _alter(source, 5)  # the backup's copy is altered too (differently would do as well)
    source.close()
    report = repair(filled, open_copies(str(tmp_path / "b.gkb")))
    assert not report.ok and not report.repaired
    ((damage, reason),) = report.refused
    assert damage.index == 5 and "refused" in reason
    assert not audit(filled).ok


@pytest.fixture
def replica_url(backend: str, tmp_path: Path) -> Iterator[str]:
    """A second, empty database of the same backend."""
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'replica.db'}"
        return
    url = postgres_url_or_skip()
    yield url
    drop_schema(url)


def test_a_replica_database_is_a_source(filled: Ledger, tmp_path: Path, replica_url: str) -> None:
    backup(filled, tmp_path / "b.gkb")
    replica = Ledger.open(tmp_path / "replica", replica_url)  # restored from the backup
    restore(replica, tmp_path / "b.gkb", vkey=filled.vkey(), published=filled.checkpoint_note())
    replica.close()
    _alter(filled, 2)
    copies = open_copies(replica_url)
    assert isinstance(copies, ReplicaCopies if "postgres" in replica_url else BackupCopies)
    report = repair(filled, copies)
    copies.close()
    assert [d.index for d in report.repaired] == [2]
    assert audit(filled).ok


def _set_leaf(ledger: Ledger, index: int, leaf: str) -> None:
    with ledger.backend.transaction(write=True) as cur:
        cur.execute("UPDATE gk_leaves SET leaf_hash = ? WHERE idx = ?", (leaf, index))


def _leaf(ledger: Ledger, index: int) -> str:
    with ledger.backend.transaction() as cur:
        row = cur.execute("SELECT leaf_hash FROM gk_leaves WHERE idx = ?", (index,)).fetchone()
    return str(row[0])


def test_an_altered_leaf_row_is_mended_from_the_proven_entry(
    filled: Ledger, tmp_path: Path
) -> None:
    export(filled, tmp_path / "e.jsonl")
    true_leaf = _leaf(filled, 4)
    _set_leaf(filled, 4, "00" * 32)  # only the leaf row: the entry is whole
    report = repair(filled, open_copies(str(tmp_path / "e.jsonl")))
    assert [d.index for d in report.leaf_rows] == [4] and not report.repaired and report.ok
    assert _leaf(filled, 4) == true_leaf
    assert audit(filled).ok


@pytest.mark.parametrize("kind", ["backup", "export"])
def test_an_entry_rewritten_with_its_leaf_row_is_found_and_repaired(
    filled: Ledger, tmp_path: Path, kind: str
) -> None:
    """The attacker rewrites an entry and its leaf row alike: the rows agree, but the
    tree (and the signed root) do not, and name it."""
    source = tmp_path / f"copy.{kind}"
    (backup if kind == "backup" else export)(filled, source)  # type: ignore[operator]
    true_leaf = _leaf(filled, 5)
    original = _alter(filled, 5)
    _set_leaf(filled, 5, leaf_hash(stored_rows(filled)[5][1]).hex())
    assert 5 in [d.index for d in find_damage(filled)[1]]  # without a copy: 4 or 5
    dry = repair(filled, open_copies(str(source)), dry_run=True)
    assert [(d.index, d.actual == d.leaf) for d in dry.repaired] == [(5, True)]
    assert "altered with its leaf row" in dry.repaired[0].describe()
    report = repair(filled, open_copies(str(source)))
    assert [d.index for d in report.repaired] == [5] and report.ok
    assert stored_rows(filled)[5][1] == original and _leaf(filled, 5) == true_leaf
    assert audit(filled).ok


def test_nothing_is_written_where_the_tree_itself_is_damaged(
    filled: Ledger, tmp_path: Path
) -> None:
    export(filled, tmp_path / "e.jsonl")
    _alter(filled, 4)
    with filled.backend.transaction(write=True) as cur:
        cur.execute("DELETE FROM gk_nodes")
    before = stored_rows(filled)
    report = repair(filled, open_copies(str(tmp_path / "e.jsonl")))
    assert 4 in [damage.index for damage, _ in report.refused] and not report.repaired
    assert all("restore" in reason for _, reason in report.refused)
    assert stored_rows(filled) == before


def test_an_altered_keyring_entry_is_repaired_with_the_published_key(
    filled: Ledger, tmp_path: Path
) -> None:
    """The ledger's own key comes from its keyring: when that is what was altered, the
    checkpoint is checked against the published verifier key instead."""
    export(filled, tmp_path / "e.jsonl")
    published = filled.vkey()
    _alter(filled, 2)  # officer-1's key registration, in the keyring
    reopened = Ledger.open(tmp_path / "again", filled.backend.url)  # nothing cached
    try:
        with pytest.raises(ConfigError) as caught:
            repair(reopened, open_copies(str(tmp_path / "e.jsonl")))
        assert "--vkey" in caught.value.message
        report = repair(reopened, open_copies(str(tmp_path / "e.jsonl")), vkey=published)
        assert [d.index for d in report.repaired] == [2]
        assert audit(reopened).ok
    finally:
        reopened.close()


@pytest.mark.parametrize("source", ["postgresql://someone:secret@127.0.0.1:1/none", "missing.gkb"])
def test_a_source_that_cannot_be_opened_is_one_line_without_a_password(
    tmp_path: Path, source: str
) -> None:
    with pytest.raises(ConfigError) as caught:
        open_copies(source if "://" in source else str(tmp_path / source))
    assert "\n" not in caught.value.message and "secret" not in caught.value.message
