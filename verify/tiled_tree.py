"""A log's tree read from its static tiles (C2SP ``tlog-tiles``): roots, proofs, entries.

Remote data is passed in as a function (``Fetch``: tile path → bytes), so the checks
never open a connection themselves; ``file_fetch`` and ``http_fetch`` are the two
usual sources. A ``TiledTree`` is made for one tree size (a checkpoint's); it fetches
only the tiles a question needs and keeps a bounded number of them, so memory stays
flat however large the log. Nothing a tile says is believed until it is checked:
``verified_tree`` compares the root the tiles give with the checkpoint's, and every
proof it builds is verified against that root before it is returned.
"""

from __future__ import annotations

import time
import urllib.error
import urllib.parse
import urllib.request
from collections import OrderedDict
from collections.abc import Callable, Iterator
from pathlib import Path

from verify.errors import InputError, LeafMismatch, RemoteNotFound, RootMismatch
from verify.merkle import EMPTY_ROOT, leaf_hash, root_of, verify_consistency, verify_inclusion
from verify.note import Checkpoint
from verify.ranges import consistency_ranges, fold, inclusion_ranges, range_nodes
from verify.tiles import (
    HASH_SIZE,
    TILE_HEIGHT,
    TILE_WIDTH,
    TileRef,
    decode_bundle,
    decode_hash_tile,
    tile_width,
)

Fetch = Callable[[str], bytes]  # tile path (below the log's prefix) -> its bytes
MAX_TILE_BYTES = 256 * (2 + 0xFFFF)  # the largest possible entry bundle


class TiledTree:
    """The RFC 9162 tree of the first ``size`` leaves, as its tiles describe it."""

    def __init__(self, fetch: Fetch, size: int, cache: int = 64) -> None:
        self.fetch, self.size, self.capacity = fetch, size, cache
        self._tiles: OrderedDict[tuple[int, int], list[bytes]] = OrderedDict()
        self.fetched = 0  # tiles read so far (the monitor reports it)

    def tile(self, level: int, index: int) -> list[bytes]:
        """The hashes of tile (level, index) at this size. Raises InputError."""
        key = (level, index)
        hashes = self._tiles.get(key)
        if hashes is None:
            width = tile_width(level, index, self.size)
            if width == 0:
                raise InputError(f"no tile ({level}, {index}) in a tree of size {self.size}")
            hashes = decode_hash_tile(self._read(TileRef(level, index, width)), width)
            self._tiles[key] = hashes
            if len(self._tiles) > self.capacity:
                self._tiles.popitem(last=False)
        else:
            self._tiles.move_to_end(key)
        return hashes

    def _read(self, ref: TileRef) -> bytes:
        """A tile's bytes; a partial tile the log has since completed (and may have
        deleted, as the spec allows) is read as the prefix of the full one."""
        self.fetched += 1
        try:
            data = self.fetch(ref.path())
        except RemoteNotFound:
            if ref.full:
                raise
            data = self.fetch(TileRef(ref.level, ref.index).path())
            if ref.level is not None:
                return data[: ref.width * HASH_SIZE]
        return data

    def node(self, level: int, index: int) -> bytes:
        """Hash of the perfect subtree (level, index) of the tree. Raises InputError."""
        tile_level, height = divmod(level, TILE_HEIGHT)
        first = index << height  # its leftmost hash in the tile level
        hashes = self.tile(tile_level, first // TILE_WIDTH)
        offset = first % TILE_WIDTH
        return root_of(hashes[offset : offset + (1 << height)])

    def range_hash(self, start: int, end: int) -> bytes:
        """MTH(D[start:end]) for a range the RFC's recursions use. Raises InputError."""
        return fold([self.node(level, i) for level, i in range_nodes(start, end)])

    def root(self) -> bytes:
        """The root hash the tiles give. Raises InputError."""
        return self.range_hash(0, self.size) if self.size else EMPTY_ROOT

    def leaf_hash(self, index: int) -> bytes:
        return self.node(0, index)

    def inclusion_proof(self, index: int, root: bytes) -> list[bytes]:
        """PATH(index, D[0:size]), checked against ``root``.

        Raises InputError (tiles unreadable), ProofInvalid, RootMismatch.
        """
        proof = [self.range_hash(s, e) for s, e in inclusion_ranges(index, self.size)]
        verify_inclusion(index, self.size, self.leaf_hash(index), proof, root)
        return proof

    def consistency_proof(self, old: int, old_root: bytes, root: bytes) -> list[bytes]:
        """PROOF(old, D[0:size]), checked against both roots.

        Raises InputError, ProofInvalid, RootMismatch (the old tree is not a prefix).
        """
        proof = [] if old in (0, self.size) else consistency_ranges(old, self.size)
        hashes = [self.range_hash(s, e) for s, e in proof]
        verify_consistency(old, self.size, old_root, root, hashes)
        return hashes

    def bundle(self, index: int) -> list[bytes]:
        """The entries of bundle ``index``, each checked against its level 0 tile hash.

        Raises InputError (unreadable, malformed) or LeafMismatch.
        """
        width = tile_width(0, index, self.size)
        if width == 0:
            raise InputError(f"no entry bundle {index} in a tree of size {self.size}")
        data = self._read(TileRef(None, index, width))
        entries = decode_bundle(data, width) if width == TILE_WIDTH else _prefix(data, width)
        hashes = self.tile(0, index)
        for i, (raw, expected) in enumerate(zip(entries, hashes, strict=True)):
            if leaf_hash(raw) != expected:
                raise LeafMismatch(
                    f"entry #{index * TILE_WIDTH + i} in its bundle does not hash to its tile",
                    log_index=index * TILE_WIDTH + i,
                )
        return entries

    def entries(self, start: int, stop: int) -> Iterator[tuple[int, bytes]]:
        """(log index, entry bytes) of leaves [start, stop), a bundle at a time."""
        for index in range(start // TILE_WIDTH, (stop + TILE_WIDTH - 1) // TILE_WIDTH):
            base = index * TILE_WIDTH
            for i, raw in enumerate(self.bundle(index)):
                if start <= base + i < stop:
                    yield base + i, raw


def verified_tree(fetch: Fetch, checkpoint: Checkpoint, cache: int = 64) -> TiledTree:
    """The tree of a verified checkpoint, once its tiles give the checkpoint's root.

    Raises InputError (tiles unreadable or malformed) or RootMismatch.
    """
    tree = TiledTree(fetch, checkpoint.size, cache)
    calculated = tree.root()
    if calculated != checkpoint.root_hash:
        raise RootMismatch(
            f"the tiles of tree size {checkpoint.size} give another root than the checkpoint",
            expected=checkpoint.root_hash,
            calculated=calculated,
        )
    return tree


def file_fetch(directory: Path) -> Fetch:
    """Read tiles from a directory laid out as the spec's paths."""

    def fetch(path: str) -> bytes:
        try:
            return (directory / path).read_bytes()
        except FileNotFoundError:
            raise RemoteNotFound(f"{directory / path}: not found") from None
        except OSError as exc:
            raise InputError(f"cannot read {directory / path}: {exc.strerror}") from None

    return fetch


def http_fetch(prefix: str, timeout: float = 10.0, retries: int = 5) -> Fetch:
    """Read tiles from ``<prefix>/<path>`` over HTTP(S) (stdlib urllib). A 429 or 503
    answer (a rate-limited server) is retried after its ``Retry-After`` (at most 30 s,
    ``retries`` times).

    Raises InputError (from the function) on network and HTTP errors; RemoteNotFound
    for a 404.
    """
    base = prefix.rstrip("/")
    if urllib.parse.urlsplit(base).scheme not in ("http", "https"):
        raise InputError(f"{prefix!r} is not an http(s) URL")

    def fetch(path: str) -> bytes:
        url = f"{base}/{path}"
        for attempt in range(retries + 1):
            try:
                return _get(url, timeout)
            except _RetryLater as later:
                if attempt == retries:
                    raise InputError(f"cannot fetch {url}: HTTP {later.status}") from None
                time.sleep(later.seconds)
        raise InputError(f"cannot fetch {url}")  # unreachable

    return fetch


class _RetryLater(Exception):
    def __init__(self, status: int, seconds: float) -> None:
        super().__init__(status)
        self.status, self.seconds = status, seconds


def _get(url: str, timeout: float) -> bytes:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            body: bytes = response.read(MAX_TILE_BYTES + 1)
    except urllib.error.HTTPError as exc:
        if exc.code == 404:
            raise RemoteNotFound(f"{url}: 404 Not Found") from None
        if exc.code in (429, 503):
            raise _RetryLater(exc.code, _retry_after(exc.headers.get("Retry-After"))) from None
        raise InputError(f"cannot fetch {url}: HTTP {exc.code}") from None
    except (urllib.error.URLError, OSError, ValueError) as exc:
        raise InputError(f"cannot fetch {url}: {exc}") from None
    if len(body) > MAX_TILE_BYTES:
        raise InputError(f"{url} answered more than {MAX_TILE_BYTES} bytes")
    return body


def _retry_after(value: str | None) -> float:
    try:
        return min(30.0, max(0.0, float(value))) if value else 1.0
    except ValueError:
        return 1.0


def _prefix(data: bytes, width: int) -> list[bytes]:
    """The first ``width`` entries of a bundle that may hold more (a completed one)."""
    entries: list[bytes] = []
    offset = 0
    while len(entries) < width and offset + 2 <= len(data):
        end = offset + 2 + int.from_bytes(data[offset : offset + 2], "big")
        entries.append(data[offset + 2 : end])
        offset = end
    return decode_bundle(data[:offset], width)
