"""Inputs that crashed a parser of untrusted input (a RecursionError, not the parser's
own error), found while writing the fuzz harnesses of tests/fuzz/: each now answers
with the verifier's InputError (MALFORMED_INPUT), as any malformed input does."""

from __future__ import annotations

from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from verify.canonical import canonical_bytes
from verify.entry import Entry
from verify.errors import InputError, VerifyError
from verify.export import verify_export
from verify.note import Vkey
from verify.proofs import load_proof

DEEP = 100_000  # deeper than json.loads goes
NESTED = 600  # json.loads reads it; canonicalising it recursed past the limit


ENVELOPE = (
    b'{"actor":"a","at":"2026-01-05T01:00:00.000000Z","data":{"x":DATA},"key":"k",'
    b'"log":"t.gongkai.local/log","prev":null,"seq":1,"sig":"","stream":"s","type":"t","v":1}'
)


def _nested(depth: int) -> bytes:
    return b"[" * depth + b"]" * depth


def test_a_proof_file_nested_too_deeply_is_malformed(tmp_path: Path) -> None:
    path = tmp_path / "proof.json"
    path.write_bytes(_nested(DEEP))
    with pytest.raises(InputError):
        load_proof(path)


@pytest.mark.parametrize("depth", [NESTED, DEEP])
def test_entry_bytes_nested_too_deeply_are_malformed(depth: int) -> None:
    with pytest.raises(InputError):
        Entry.from_bytes(ENVELOPE.replace(b"DATA", _nested(depth)))


def test_a_value_nested_too_deeply_cannot_be_canonicalised() -> None:
    value: list[object] = []
    for _ in range(NESTED):
        value = [value]
    with pytest.raises(InputError):
        canonical_bytes(value)


@pytest.mark.parametrize("depth", [NESTED, DEEP])
def test_an_export_line_nested_too_deeply_is_refused(tmp_path: Path, depth: int) -> None:
    public = Ed25519PrivateKey.generate().public_key().public_bytes_raw()
    vkey = Vkey.for_key("t.gongkai.local/log", public)
    path = tmp_path / "export.jsonl"
    path.write_bytes(b'{"a":' + _nested(depth) + b"}\n")
    with pytest.raises(VerifyError):
        verify_export(path, vkey)
