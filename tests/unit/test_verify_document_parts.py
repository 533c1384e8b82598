"""The pure parts of ``verify.document``: the one-pass proof generator and citations."""

from __future__ import annotations

import hashlib

import pytest

from verify._document_answer import cites
from verify.document import inclusion_proofs, verify_document
from verify.errors import InputError
from verify.merkle import inclusion_proof
from verify.note import Vkey

LEAVES = [hashlib.sha256(bytes([n])).digest() for n in range(70)]
H = "ab" * 32


@pytest.mark.parametrize("size", [1, 2, 3, 4, 5, 7, 8, 9, 16, 17, 31, 33, 64, 70])
def test_the_one_pass_generator_gives_the_rfc_reference_proof_of_every_leaf(size: int) -> None:
    leaves = LEAVES[:size]
    proofs = inclusion_proofs(b"".join(leaves), range(size))
    assert proofs == {i: inclusion_proof(leaves, i) for i in range(size)}


def test_a_leaf_outside_the_tree_has_no_proof() -> None:
    with pytest.raises(InputError):
        inclusion_proofs(b"".join(LEAVES[:5]), [5])


def test_a_document_hash_must_be_64_lowercase_hex_digits() -> None:
    vkey = Vkey.for_key("example.org/log", bytes(32))
    with pytest.raises(InputError):
        verify_document(H.upper(), "export.jsonl", vkey)


@pytest.mark.parametrize(
    "data",
    [{"content_sha256": H}, {"redacted_sha256": H}, {"content_sha256s": ["00" * 32, H]}],
)
def test_content_redacted_and_listed_hashes_are_citations(data: dict[str, object]) -> None:
    assert cites(data, H)


@pytest.mark.parametrize(
    "data",
    [{"previous_sha256": H}, {"content_sha256s": H}, {"title": H}, {}],
)
def test_other_fields_are_not_citations(data: dict[str, object]) -> None:
    assert not cites(data, H)
