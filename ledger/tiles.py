"""Publishing the log as static tiles (C2SP ``tlog-tiles``) into a directory.

``publish_tiles`` brings a directory up to the log's latest checkpoint: the hash tiles
and entry bundles that changed since the checkpoint the directory holds, then the
checkpoint itself, last, so a reader who sees a checkpoint finds every tile it needs.
Each file is written atomically (a temporary file, fsync, rename). A full tile never
changes: one already present is compared, never rewritten, and a difference stops
publication (``TilesConflict``). A partial tile's path names its width, so it is
immutable too; partial tiles of a tile that became full are deleted after the new
checkpoint is in place (the spec allows it; readers fall back to the full tile). An
exclusive lock on ``<dir>/.lock`` keeps two processes (server workers, the CLI) from
interleaving.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from ledger.errors import TilesConflict
from ledger.merkle_log import MerkleLogReads
from ledger.tree import StoredTree
from verify.errors import VerifyError
from verify.note import Checkpoint, SignedNote
from verify.tiled_tree import file_fetch, verified_tree
from verify.tiles import (
    TILE_HEIGHT,
    TILE_WIDTH,
    TileRef,
    encode_bundle,
    encode_hash_tile,
    tile_width,
)

CHECKPOINT = "checkpoint"
TILES_PER_READ = 64  # tiles of one level read from the database at a time


@dataclass
class Publication:
    """What one ``publish_tiles`` call did."""

    size: int
    previous: int
    written: list[str] = field(default_factory=list)


class TileWriter:
    """Atomic, write-once files under one directory (fsync'd, renamed into place)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.written: list[str] = []
        self._dirs: set[Path] = set()

    def put(self, path: str, data: bytes) -> None:
        """Write ``path`` unless it holds exactly ``data``. Raises TilesConflict if it
        holds anything else."""
        target = self.root / path
        try:
            present = target.read_bytes()
        except FileNotFoundError:
            self.replace(path, data)
            return
        if present != data:
            raise TilesConflict(
                f"{target} differs from the log's: a published tile is never rewritten",
                path=path,
            )

    def replace(self, path: str, data: bytes) -> None:
        """Write ``path`` atomically, replacing what it held."""
        target = self.root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temp, target)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
        self._dirs.add(target.parent)
        self.written.append(path)

    def sync(self) -> None:
        """fsync every directory a file was renamed into (the renames themselves)."""
        for directory in self._dirs:
            fd = os.open(directory, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
        self._dirs.clear()


def publish_tiles(
    ledger: MerkleLogReads, directory: Path, note_for: Callable[[], str] | None = None
) -> Publication:
    """Publish the tiles, entry bundles and checkpoint of the log's latest checkpoint
    (``note_for``: the checkpoint note to publish, e.g. with cosignatures attached).

    Raises TilesConflict (the directory holds another log's tiles, or altered ones),
    ProofUnavailable (no checkpoint yet) or OSError.
    """
    directory.mkdir(parents=True, exist_ok=True)
    with _locked(directory):
        note = note_for() if note_for is not None else ledger.checkpoint_note()
        checkpoint = Checkpoint.from_body(SignedNote.from_text(note).body)
        published = published_checkpoint(directory)
        previous = published.size if published else 0
        if published is not None and (
            published.origin != checkpoint.origin
            or published.size > checkpoint.size
            or (published.size == checkpoint.size and published.root_hash != checkpoint.root_hash)
        ):
            raise TilesConflict(
                f"{directory} holds the checkpoint of {published.origin!r} at size "
                f"{published.size}, not a prefix of this log at size {checkpoint.size}",
                published=previous,
                size=checkpoint.size,
            )
        writer = TileWriter(directory)
        if published is not None and previous == checkpoint.size:
            if (directory / CHECKPOINT).read_text(encoding="utf-8") != note:
                writer.replace(CHECKPOINT, note.encode("utf-8"))  # e.g. a new cosignature
                writer.sync()
            return Publication(checkpoint.size, previous, writer.written)
        _write_hash_tiles(ledger, writer, previous, checkpoint.size)
        _write_bundles(ledger, writer, previous, checkpoint.size)
        writer.sync()
        try:  # the files give its root, and extend what was published before
            tree = verified_tree(file_fetch(directory), checkpoint)
            if published is not None:
                tree.consistency_proof(previous, published.root_hash, checkpoint.root_hash)
        except VerifyError as exc:
            raise TilesConflict(f"the published tiles do not prove the checkpoint: {exc}") from None
        writer.replace(CHECKPOINT, note.encode("utf-8"))
        writer.sync()
        _drop_completed_partials(directory, writer.written)
        return Publication(checkpoint.size, previous, writer.written)


def published_checkpoint(directory: Path) -> Checkpoint | None:
    """The checkpoint a tiles directory holds (None if none); its signatures are not
    checked here (it was written by this log, or will be refused as another's).

    Raises TilesConflict if the file is not a checkpoint.
    """
    try:
        note = (directory / CHECKPOINT).read_text(encoding="utf-8")
        return Checkpoint.from_body(SignedNote.from_text(note).body)
    except FileNotFoundError:
        return None
    except (VerifyError, UnicodeDecodeError):
        raise TilesConflict(f"{directory / CHECKPOINT} is not a checkpoint") from None


def _write_hash_tiles(ledger: MerkleLogReads, writer: TileWriter, previous: int, size: int) -> None:
    level = 0
    while size >> (TILE_HEIGHT * level):
        count = size >> (TILE_HEIGHT * level)
        first = (previous >> (TILE_HEIGHT * level)) // TILE_WIDTH
        last = (count + TILE_WIDTH - 1) // TILE_WIDTH
        for start in range(first, last, TILES_PER_READ):
            stop = min(last, start + TILES_PER_READ)
            with ledger.backend.transaction() as cur:
                hashes = StoredTree(cur).level_hashes(
                    TILE_HEIGHT * level, start * TILE_WIDTH, min(count, stop * TILE_WIDTH)
                )
            for index in range(start, stop):
                offset = (index - start) * TILE_WIDTH
                ref = TileRef(level, index, tile_width(level, index, size))
                writer.put(ref.path(), encode_hash_tile(hashes[offset : offset + ref.width]))
        level += 1


def _write_bundles(ledger: MerkleLogReads, writer: TileWriter, previous: int, size: int) -> None:
    first = previous // TILE_WIDTH
    for index, entries in _bundles(ledger, first * TILE_WIDTH, size):
        writer.put(TileRef(None, index, len(entries)).path(), encode_bundle(entries))


def _bundles(ledger: MerkleLogReads, start: int, stop: int) -> Iterator[tuple[int, list[bytes]]]:
    bundle: list[bytes] = []
    for position, raw in ledger.indexed_entries(start, stop):
        bundle.append(raw)
        if len(bundle) == TILE_WIDTH or position == stop - 1:
            yield position // TILE_WIDTH, bundle
            bundle = []


def _drop_completed_partials(directory: Path, written: list[str]) -> None:
    for path in written:
        if ".p/" not in path and path != CHECKPOINT:
            shutil.rmtree(directory / f"{path}.p", ignore_errors=True)


@contextmanager
def _locked(directory: Path) -> Iterator[None]:
    with open(directory / ".lock", "a+b") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
