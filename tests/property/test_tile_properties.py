"""Properties of static tiles (C2SP tlog-tiles): paths, formats, and proofs computed
from tiles equal to the RFC 9162 proofs computed from all leaves."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.support.tiles import dict_fetch, memory_tiles
from verify.errors import InputError
from verify.merkle import consistency_proof, inclusion_proof, leaf_hash, root_of
from verify.tiled_tree import TiledTree
from verify.tiles import (
    TileRef,
    decode_bundle,
    encode_bundle,
    index_path,
    parse_tile_path,
    tiles_of,
)

MAX_SIZE = 1500
ENTRIES = [b"entry %d" % i for i in range(MAX_SIZE)]
LEAVES = [leaf_hash(raw) for raw in ENTRIES]
PROPERTY = settings(max_examples=60, deadline=None)


def test_index_paths_are_written_in_x_prefixed_groups_of_three_digits() -> None:
    assert index_path(0) == "000"
    assert index_path(7) == "007"
    assert index_path(1000) == "x001/000"
    assert index_path(1234067) == "x001/x234/067"


def test_tile_paths_name_level_index_and_partial_width() -> None:
    assert TileRef(0, 1234067).path() == "tile/0/x001/x234/067"
    assert TileRef(2, 5, 17).path() == "tile/2/005.p/17"
    assert TileRef(None, 0, 3).path() == "tile/entries/000.p/3"


@given(
    st.one_of(st.none(), st.integers(0, 63)),
    st.integers(0, 10**12),
    st.integers(1, 256),
)
def test_a_tile_path_parses_back_to_its_tile(level: int | None, index: int, width: int) -> None:
    ref = TileRef(level, index, width)
    assert parse_tile_path(ref.path()) == ref


@pytest.mark.parametrize(
    "path",
    [
        "tile/0/x000/001",  # a leading zero group
        "tile/00/000",  # leading zero in the level
        "tile/64/000",  # beyond level 63
        "tile/0/1234",  # not groups of three
        "tile/0/001/002",  # a non-last group without x
        "tile/0/000.p/256",  # a partial tile is narrower than 256
        "tile/0/000.p/0",
        "tile/0/000.p/05",
        "tile/0/000.p",
        "tile/entries",
        "tiles/0/000",
        "tile/0/x001/../000",
    ],
)
def test_a_non_canonical_tile_path_is_refused(path: str) -> None:
    with pytest.raises(InputError):
        parse_tile_path(path)


def test_a_tree_of_70000_leaves_has_the_tiles_the_spec_lists() -> None:
    tiles = list(tiles_of(70_000))
    level0 = [t for t in tiles if t.level == 0]
    assert len(level0) == 274 and level0[-1].width == 112 and level0[-2].full
    assert [t for t in tiles if t.level == 1] == [TileRef(1, 0), TileRef(1, 1, 17)]
    assert [t for t in tiles if t.level == 2] == [TileRef(2, 0, 1)]
    assert [t.path() for t in tiles_of(256)] == ["tile/0/000", "tile/1/000.p/1"]


@given(st.lists(st.binary(max_size=300), max_size=40))
def test_an_entry_bundle_decodes_to_its_entries(entries: list[bytes]) -> None:
    if entries:
        assert decode_bundle(encode_bundle(entries), len(entries)) == entries


@given(st.lists(st.binary(min_size=1, max_size=50), min_size=1, max_size=10), st.data())
def test_a_cut_or_padded_bundle_is_refused(entries: list[bytes], data: st.DataObject) -> None:
    raw = encode_bundle(entries)
    cut = data.draw(st.integers(0, len(raw) - 1))
    with pytest.raises(InputError):
        decode_bundle(raw[:cut], len(entries))
    with pytest.raises(InputError):
        decode_bundle(raw + b"\x00", len(entries))


def _tree(size: int) -> TiledTree:
    files, root = memory_tiles(ENTRIES[:size])
    assert root == root_of(LEAVES[:size])
    return TiledTree(dict_fetch(files), size)


@PROPERTY
@given(st.data())
def test_tile_derived_inclusion_proofs_equal_the_rfc_proofs(data: st.DataObject) -> None:
    size = data.draw(st.integers(1, MAX_SIZE))
    index = data.draw(st.integers(0, size - 1))
    tree = _tree(size)
    root = root_of(LEAVES[:size])
    assert tree.root() == root
    assert tree.inclusion_proof(index, root) == inclusion_proof(LEAVES[:size], index)


@PROPERTY
@given(st.data())
def test_tile_derived_consistency_proofs_equal_the_rfc_proofs(data: st.DataObject) -> None:
    size = data.draw(st.integers(1, MAX_SIZE))
    old = data.draw(st.integers(1, size))
    tree = _tree(size)
    proof = tree.consistency_proof(old, root_of(LEAVES[:old]), root_of(LEAVES[:size]))
    assert proof == consistency_proof(LEAVES[:size], old)


@PROPERTY
@given(st.integers(1, MAX_SIZE), st.data())
def test_entries_read_from_bundles_are_the_log_in_order(size: int, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, size - 1))
    stop = data.draw(st.integers(start, size))
    assert [raw for _, raw in _tree(size).entries(start, stop)] == ENTRIES[start:stop]


@PROPERTY
@given(st.integers(1, 255))
def test_a_partial_tile_since_completed_is_read_from_the_full_one(size: int) -> None:
    files, _ = memory_tiles(ENTRIES[:600])  # tile 0 is full: no partial of width `size`
    tree = TiledTree(dict_fetch(files), size)
    assert tree.root() == root_of(LEAVES[:size])
    assert [raw for _, raw in tree.entries(0, size)] == ENTRIES[:size]


def test_a_tiled_tree_keeps_a_bounded_number_of_tiles_however_much_it_reads() -> None:
    files, root = memory_tiles(ENTRIES)
    tree = TiledTree(dict_fetch(files), MAX_SIZE, cache=3)
    assert sum(1 for _ in tree.entries(0, MAX_SIZE)) == MAX_SIZE
    for index in range(0, MAX_SIZE, 97):
        tree.inclusion_proof(index, root)
    assert len(tree._tiles) <= 3
