"""Publishing the log as static tiles (both backends): the files are the spec's, grow
incrementally, are written atomically, and prove every entry against the checkpoint."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from ledger.errors import TilesConflict
from ledger.events import NewEvent
from ledger.ledger import Ledger, new_stream_id
from ledger.tiles import TileWriter, publish_tiles
from tests.conftest import ORIGIN, T0, drop_schema, postgres_url_or_skip
from tests.support.tiles import memory_tiles
from verify.note import verify_checkpoint
from verify.tiled_tree import file_fetch, verified_tree


def _fill(ledger: Ledger, count: int) -> None:
    stream = new_stream_id()
    ledger.append(stream, 0, [NewEvent("DisclosureRequest.Received", {})], "officer-1", T0)
    events = [NewEvent("DisclosureRequest.Supplemented", {"n": n}) for n in range(1, count)]
    for start in range(0, len(events), 100):
        ledger.append(stream, start + 1, events[start : start + 100], "officer-1", T0)
    ledger.integrate()


@pytest.fixture
def tmp(tmp_path: Path) -> Path:
    """The tiles directory (the ledger's data directory is beside it)."""
    return tmp_path / "tiles"


def _files(directory: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(directory)): p.read_bytes()
        for p in directory.rglob("*")
        if p.is_file() and p.name != ".lock"
    }


def test_published_files_are_every_tile_and_bundle_of_the_checkpoint(
    ledger: Ledger, tmp: Path
) -> None:
    _fill(ledger, 20)
    publication = publish_tiles(ledger, tmp)
    expected, root = memory_tiles(ledger.entries())
    files = _files(tmp)
    assert files.pop("checkpoint").decode() == ledger.checkpoint_note()
    assert files == expected
    assert publication.size == ledger.checkpoint_size() and publication.previous == 0
    checkpoint = verify_checkpoint(ledger.checkpoint_note(), ledger.vkey())
    assert checkpoint.root_hash == root


def test_tiles_reproduce_every_inclusion_proof_of_the_ledger(ledger: Ledger, tmp: Path) -> None:
    _fill(ledger, 300)
    publish_tiles(ledger, tmp)
    checkpoint = verify_checkpoint((tmp / "checkpoint").read_text(), ledger.vkey())
    tree = verified_tree(file_fetch(tmp), checkpoint)
    for index in range(checkpoint.size):
        proof = ledger.inclusion_proof(index)
        assert [h.hex() for h in tree.inclusion_proof(index, checkpoint.root_hash)] == list(
            proof.hashes
        )


def test_publication_is_incremental_and_a_completed_tile_replaces_its_partials(
    ledger: Ledger, tmp: Path
) -> None:
    _fill(ledger, 200)
    first = publish_tiles(ledger, tmp)
    partial = f"tile/0/000.p/{first.size}"
    assert (tmp / partial).exists()
    _fill(ledger, 100)
    second = publish_tiles(ledger, tmp)
    assert second.previous == first.size
    assert "tile/0/000" in second.written and "tile/entries/000" in second.written
    assert not (tmp / "tile/0/000.p").exists()
    assert not (tmp / "tile/entries/000.p").exists()
    full = (tmp / "tile/0/000").stat()
    _fill(ledger, 10)
    third = publish_tiles(ledger, tmp)
    assert "tile/0/000" not in third.written  # a full tile is never written again
    assert (tmp / "tile/0/000").stat().st_ino == full.st_ino
    assert publish_tiles(ledger, tmp).written == []  # nothing new: nothing written
    expected, _ = memory_tiles(ledger.entries())
    files = _files(tmp)
    files.pop("checkpoint")
    assert {k: v for k, v in files.items() if ".p/" not in k or k in expected} == expected


def test_a_directory_of_another_log_is_refused(
    ledger: Ledger, tmp: Path, tmp_path: Path, backend: str
) -> None:
    _fill(ledger, 5)
    publish_tiles(ledger, tmp)
    sqlite = f"sqlite:///{tmp_path / 'other.db'}"
    other_url = sqlite if backend == "sqlite" else postgres_url_or_skip()
    other = Ledger.open(tmp_path / "other", other_url)
    try:
        other.genesis(ORIGIN, T0)  # the same origin, another key and history
        other.register_key("officer-1", ["request_handler"], "signing", T0)
        _fill(other, 30)
        with pytest.raises(TilesConflict) as raised:
            publish_tiles(other, tmp)
        assert raised.value.code == "TILES_CONFLICT"
    finally:
        other.close()
        if other_url != sqlite:
            drop_schema(other_url)


def test_an_altered_published_tile_stops_publication(ledger: Ledger, tmp: Path) -> None:
    _fill(ledger, 5)
    publication = publish_tiles(ledger, tmp)
    bundle = tmp / f"tile/entries/000.p/{publication.size}"
    bundle.write_bytes(bundle.read_bytes()[:-1] + b" ")
    (tmp / "checkpoint").unlink()  # as if the crash came before the checkpoint
    with pytest.raises(TilesConflict) as raised:
        publish_tiles(ledger, tmp)
    assert raised.value.code == "TILES_CONFLICT"


def test_a_crash_mid_publication_leaves_the_old_checkpoint_and_no_half_file(
    ledger: Ledger, tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fill(ledger, 10)
    publish_tiles(ledger, tmp)
    before = (tmp / "checkpoint").read_bytes()
    _fill(ledger, 300)
    real_replace, calls = os.replace, []

    def crashing_replace(src: str, dst: str) -> None:
        calls.append(dst)
        if len(calls) == 3:
            raise OSError("disk gone")
        real_replace(src, dst)

    monkeypatch.setattr("ledger.tiles.os.replace", crashing_replace)
    with pytest.raises(OSError):
        publish_tiles(ledger, tmp)
    monkeypatch.undo()
    assert (tmp / "checkpoint").read_bytes() == before
    assert not [p for p in tmp.rglob(".tmp-*")]
    publish_tiles(ledger, tmp)
    checkpoint = verify_checkpoint((tmp / "checkpoint").read_text(), ledger.vkey())
    assert verified_tree(file_fetch(tmp), checkpoint).root() == checkpoint.root_hash


def test_two_publishers_at_once_leave_a_whole_directory(ledger: Ledger, tmp: Path) -> None:
    _fill(ledger, 400)
    errors: list[BaseException] = []

    def publish() -> None:
        try:
            publish_tiles(ledger, tmp)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=publish) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    expected, _ = memory_tiles(ledger.entries())
    files = _files(tmp)
    files.pop("checkpoint")
    assert files == expected


def test_the_writer_refuses_to_overwrite_a_different_file(tmp_path: Path) -> None:
    writer = TileWriter(tmp_path)
    writer.put("tile/0/000", b"a" * 32)
    writer.put("tile/0/000", b"a" * 32)
    with pytest.raises(TilesConflict):
        writer.put("tile/0/000", b"b" * 32)
