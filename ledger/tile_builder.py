"""Tiles of a log built from its entries in order, without a database.

``TileBuilder`` keeps one unfinished tile per level (at most 256 hashes each) and the
unfinished entry bundle, so memory stays flat however many entries pass through it:
the benchmarks build large synthetic logs with it, and the tests use it as a second,
independent way to the same files ``ledger.tiles.publish_tiles`` writes.
"""

from __future__ import annotations

from collections.abc import Callable

from verify.merkle import EMPTY_ROOT, leaf_hash, node_hash, root_of
from verify.tiles import TILE_WIDTH, TileRef, encode_bundle, encode_hash_tile

Put = Callable[[str, bytes], None]  # tile path, bytes


class TileBuilder:
    """Feeds entries in log order; ``put`` receives each full tile as it completes and,
    at ``finish``, the partial ones."""

    def __init__(self, put: Put) -> None:
        self.put = put
        self.size = 0
        self._levels: list[list[bytes]] = [[]]  # unfinished tile per level
        self._done: list[int] = [0]  # full tiles written per level
        self._bundle: list[bytes] = []
        self._frontier: list[tuple[int, bytes]] = []

    def add(self, raw: bytes) -> bytes:
        """Add the next entry; return its leaf hash."""
        leaf = leaf_hash(raw)
        self._bundle.append(raw)
        if len(self._bundle) == TILE_WIDTH:
            self.put(TileRef(None, self.size // TILE_WIDTH).path(), encode_bundle(self._bundle))
            self._bundle = []
        self._push(0, leaf)
        self._fold(leaf)
        self.size += 1
        return leaf

    def _push(self, level: int, value: bytes) -> None:
        pending = self._levels[level]
        pending.append(value)
        if len(pending) < TILE_WIDTH:
            return
        self.put(TileRef(level, self._done[level]).path(), encode_hash_tile(pending))
        self._done[level] += 1
        self._levels[level] = []
        if level + 1 == len(self._levels):
            self._levels.append([])
            self._done.append(0)
        self._push(level + 1, root_of(pending))

    def _fold(self, leaf: bytes) -> None:
        level, current = 0, leaf
        while self._frontier and self._frontier[-1][0] == level:
            current = node_hash(self._frontier.pop()[1], current)
            level += 1
        self._frontier.append((level, current))

    def root(self) -> bytes:
        """The RFC 9162 root of every entry added so far."""
        if not self._frontier:
            return EMPTY_ROOT
        result = self._frontier[-1][1]
        for _, left in reversed(self._frontier[:-1]):
            result = node_hash(left, result)
        return result

    def finish(self) -> None:
        """Hand over the partial tiles and bundle of the current size (none if empty)."""
        for level, pending in enumerate(self._levels):
            if pending:
                ref = TileRef(level, self._done[level], len(pending))
                self.put(ref.path(), encode_hash_tile(pending))
        if self._bundle:
            ref = TileRef(None, self.size // TILE_WIDTH, len(self._bundle))
            self.put(ref.path(), encode_bundle(self._bundle))
