"""The committed static-tile vectors (tests/vectors/tiles): the code writes the same
bytes, and the files alone, read as a verifier reads them, give the signed root and the
expected proofs."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.support.tile_vectors import DIRECTORY, expected
from verify.merkle import leaf_hash, root_of
from verify.note import Vkey, verify_checkpoint
from verify.tiled_tree import TiledTree, file_fetch, verified_tree

SUMMARY: dict[str, Any] = json.loads((DIRECTORY / "expected.json").read_text())
LOG = DIRECTORY / "log"


def _tree() -> TiledTree:
    note = (LOG / "checkpoint").read_text(encoding="utf-8")
    checkpoint = verify_checkpoint(note, Vkey.from_text(SUMMARY["vkey"]))
    return verified_tree(file_fetch(LOG), checkpoint)


def test_the_code_writes_the_committed_files_byte_for_byte() -> None:
    files, summary = expected()
    on_disk = {str(p.relative_to(LOG)): p.read_bytes() for p in LOG.rglob("*") if p.is_file()}
    assert on_disk == files
    assert summary == SUMMARY


def test_the_committed_tiles_give_the_signed_root() -> None:
    assert _tree().root().hex() == SUMMARY["root"]


@pytest.mark.parametrize("case", SUMMARY["inclusion"], ids=lambda c: f"index-{c['index']}")
def test_tile_derived_inclusion_proofs_are_the_expected_ones(case: dict[str, Any]) -> None:
    tree = _tree()
    assert tree.leaf_hash(case["index"]).hex() == case["leaf_hash"]
    proof = tree.inclusion_proof(case["index"], bytes.fromhex(SUMMARY["root"]))
    assert [h.hex() for h in proof] == case["hashes"]


@pytest.mark.parametrize("case", SUMMARY["consistency"], ids=lambda c: f"from-{c['first']}")
def test_tile_derived_consistency_proofs_are_the_expected_ones(case: dict[str, Any]) -> None:
    tree = _tree()
    leaves = [leaf_hash(raw) for _, raw in tree.entries(0, case["first"])]
    old_root = root_of(leaves)
    proof = tree.consistency_proof(case["first"], old_root, bytes.fromhex(SUMMARY["root"]))
    assert [h.hex() for h in proof] == case["hashes"]


def test_every_bundled_entry_hashes_to_its_level_0_tile_hash() -> None:
    tree = _tree()
    entries = list(tree.entries(0, tree.size))
    assert [i for i, _ in entries] == list(range(SUMMARY["tree_size"]))
    assert all(leaf_hash(raw) == tree.leaf_hash(i) for i, raw in entries)


def test_the_vector_directory_holds_only_the_listed_files() -> None:
    listed = set(SUMMARY["files"])
    assert {str(p.relative_to(LOG)) for p in Path(LOG).rglob("*") if p.is_file()} == listed
