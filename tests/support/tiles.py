"""Tiles held in memory, for tests: built by ``TileBuilder``, read as a ``Fetch``."""

from __future__ import annotations

from collections.abc import Iterable

from ledger.tile_builder import TileBuilder
from verify.errors import RemoteNotFound
from verify.tiled_tree import Fetch


def memory_tiles(entries: Iterable[bytes]) -> tuple[dict[str, bytes], bytes]:
    """Every tile and bundle of a log of ``entries`` (path → bytes), and its root."""
    files: dict[str, bytes] = {}
    builder = TileBuilder(files.__setitem__)
    for raw in entries:
        builder.add(raw)
    builder.finish()
    return files, builder.root()


def dict_fetch(files: dict[str, bytes]) -> Fetch:
    def fetch(path: str) -> bytes:
        try:
            return files[path]
        except KeyError:
            raise RemoteNotFound(f"{path}: not found") from None

    return fetch
