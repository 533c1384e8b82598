"""Static tiles of the log (C2SP ``tlog-tiles``, c2sp.org/tlog-tiles): paths and formats.

A tile at level ``L`` holds up to 256 consecutive hashes of the RFC 9162 tree at
height ``8·L``: the n-th tile's i-th hash is MTH(D[(n·256 + i)·256^L : (n·256 + i + 1)·256^L]).
Level 0 tiles hold leaf hashes. A tile is served at ``tile/<L>/<N>``, a partial one (the
rightmost, 1 to 255 hashes) at ``tile/<L>/<N>.p/<W>``; ``<N>`` is written in groups of
three digits, all but the last prefixed with ``x`` (1234067 → ``x001/x234/067``). Entry
bundles are served at ``tile/entries/<N>[.p/<W>]``: the entries of the level 0 tile of the
same path, each as a big-endian uint16 length and the entry bytes (our canonical entry
bytes, so an entry's leaf hash is SHA-256(0x00 ‖ bytes), the tile's hash).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from verify.errors import InputError

TILE_HEIGHT = 8
TILE_WIDTH = 1 << TILE_HEIGHT  # hashes in a full tile
HASH_SIZE = 32
MAX_LEVEL = 63
MAX_ENTRY_BYTES = 0xFFFF  # the uint16 length prefix
ENTRIES = "entries"

_GROUP = re.compile(r"[0-9]{3}", re.ASCII)
_DECIMAL = re.compile(r"0|[1-9][0-9]*", re.ASCII)


@dataclass(frozen=True, slots=True)
class TileRef:
    """One tile: ``level`` (None for an entry bundle), index and width (256 when full)."""

    level: int | None
    index: int
    width: int = TILE_WIDTH

    def __post_init__(self) -> None:
        if self.level is not None and not 0 <= self.level <= MAX_LEVEL:
            raise InputError(f"tile level {self.level} is outside 0..{MAX_LEVEL}")
        if self.index < 0 or not 1 <= self.width <= TILE_WIDTH:
            raise InputError(f"no tile of index {self.index} and width {self.width}")

    @property
    def full(self) -> bool:
        return self.width == TILE_WIDTH

    def path(self) -> str:
        """The tile's path below the log's prefix. Raises nothing."""
        level = ENTRIES if self.level is None else str(self.level)
        suffix = "" if self.full else f".p/{self.width}"
        return f"tile/{level}/{index_path(self.index)}{suffix}"


def index_path(index: int) -> str:
    """``<N>`` of a tile path: groups of three digits, all but the last prefixed ``x``.

    Raises InputError for a negative index.
    """
    if index < 0:
        raise InputError(f"tile index {index} is negative")
    groups = [f"{index % 1000:03d}"]
    index //= 1000
    while index:
        groups.append(f"x{index % 1000:03d}")
        index //= 1000
    return "/".join(reversed(groups))


def tile_path(level: int, index: int, width: int = TILE_WIDTH) -> str:
    """``tile/<L>/<N>[.p/<W>]``. Raises InputError for an impossible tile."""
    return TileRef(level, index, width).path()


def entries_path(index: int, width: int = TILE_WIDTH) -> str:
    """``tile/entries/<N>[.p/<W>]``. Raises InputError for an impossible bundle."""
    return TileRef(None, index, width).path()


def parse_tile_path(path: str) -> TileRef:
    """The tile a path names; only the canonical spelling is accepted.

    Raises InputError if the path is not a tile or entry bundle path.
    """
    parts = path.split("/")
    width = TILE_WIDTH
    if len(parts) >= 2 and parts[-2].endswith(".p"):
        if not _DECIMAL.fullmatch(parts[-1]):
            raise InputError(f"{path!r}: the partial width is not a decimal number")
        width = int(parts[-1])
        if width >= TILE_WIDTH:
            raise InputError(f"{path!r}: a partial tile is 1 to 255 hashes wide")
        parts = [*parts[:-2], parts[-2][:-2]]
    if len(parts) < 3 or parts[0] != "tile":
        raise InputError(f"{path!r} is not a tile path")
    if parts[1] == ENTRIES:
        level = None
    elif _DECIMAL.fullmatch(parts[1]) and len(parts[1]) <= 2:
        level = int(parts[1])
    else:
        raise InputError(f"{path!r}: the tile level is not a decimal number")
    groups = parts[2:]
    if not all(_GROUP.fullmatch(g[1:]) and g[0] == "x" for g in groups[:-1]):
        raise InputError(f"{path!r}: the tile index is not in x-prefixed groups")
    if not _GROUP.fullmatch(groups[-1]):
        raise InputError(f"{path!r}: the tile index does not end in three digits")
    index = int("".join(g.lstrip("x") for g in groups))
    ref = TileRef(level, index, width)
    if ref.path() != path:
        raise InputError(f"{path!r} is not the canonical path of its tile")
    return ref


def tile_width(level: int, index: int, size: int) -> int:
    """How many hashes tile (level, index) holds in a tree of ``size`` leaves (0: none).

    Raises nothing.
    """
    count = size >> (TILE_HEIGHT * level)  # complete subtrees of height 8·level
    return max(0, min(TILE_WIDTH, count - index * TILE_WIDTH))


def tiles_of(size: int) -> Iterator[TileRef]:
    """Every hash tile of a tree of ``size`` leaves, level by level, left to right.

    Raises nothing.
    """
    level = 0
    while size >> (TILE_HEIGHT * level):
        count = size >> (TILE_HEIGHT * level)
        for index in range((count + TILE_WIDTH - 1) // TILE_WIDTH):
            yield TileRef(level, index, tile_width(level, index, size))
        level += 1


def encode_hash_tile(hashes: Sequence[bytes]) -> bytes:
    """The bytes of a hash tile: the hashes concatenated. Raises InputError if malformed."""
    if not 1 <= len(hashes) <= TILE_WIDTH or any(len(h) != HASH_SIZE for h in hashes):
        raise InputError("a tile holds 1 to 256 hashes of 32 bytes")
    return b"".join(hashes)


def decode_hash_tile(data: bytes, width: int) -> list[bytes]:
    """The hashes of a tile of ``width`` hashes. Raises InputError if the size is wrong."""
    if len(data) != width * HASH_SIZE:
        raise InputError(
            f"a tile of {width} hashes is {width * HASH_SIZE} bytes, not {len(data)}",
            expected=width * HASH_SIZE,
            actual=len(data),
        )
    return [data[i : i + HASH_SIZE] for i in range(0, len(data), HASH_SIZE)]


def encode_bundle(entries: Sequence[bytes]) -> bytes:
    """An entry bundle: each entry as a big-endian uint16 length and its bytes.

    Raises InputError if an entry is longer than 65,535 bytes.
    """
    out = bytearray()
    for raw in entries:
        if len(raw) > MAX_ENTRY_BYTES:
            raise InputError(f"an entry of {len(raw)} bytes does not fit an entry bundle")
        out += len(raw).to_bytes(2, "big") + raw
    return bytes(out)


def decode_bundle(data: bytes, width: int) -> list[bytes]:
    """The ``width`` entries of a bundle. Raises InputError if it is truncated or longer."""
    entries: list[bytes] = []
    offset = 0
    while offset < len(data) and len(entries) < width:
        length = int.from_bytes(data[offset : offset + 2], "big")
        end = offset + 2 + length
        if offset + 2 > len(data) or end > len(data):
            raise InputError(f"entry bundle is truncated in entry {len(entries)}")
        entries.append(data[offset + 2 : end])
        offset = end
    if len(entries) != width or offset != len(data):
        raise InputError(
            f"entry bundle holds other than {width} entries", expected=width, actual=len(entries)
        )
    return entries
