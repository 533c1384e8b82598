"""``gongkai-verify consistency OLD NEW --proof FILE --vkey VKEY`` on both backends."""

from __future__ import annotations

import contextlib
import io
import json
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from ledger.events import NewEvent
from ledger.ledger import Ledger, new_stream_id
from tests.conftest import ORIGIN, T0
from verify.cli import main


@dataclass
class Files:
    old: Path
    new: Path
    proof: Path
    vkey: str
    sizes: tuple[int, int]


def grow(ledger: Ledger, count: int) -> int:
    """Append ``count`` entries and integrate; return the new tree size."""
    for n in range(count):
        data = {"channel": "online", "n": n}
        event = NewEvent("DisclosureRequest.Received", data)
        ledger.append(new_stream_id(), 0, [event], "officer-1", T0 + timedelta(minutes=n))
    ledger.integrate()
    return ledger.tree_size()


@pytest.fixture
def files(ledger: Ledger, tmp_path: Path) -> Files:
    ledger.integrate()
    old = ledger.tree_size()
    new = grow(ledger, 5)
    (tmp_path / "old.txt").write_text(ledger.checkpoint_note(old), encoding="utf-8")
    (tmp_path / "new.txt").write_text(ledger.checkpoint_note(new), encoding="utf-8")
    write_json(tmp_path / "proof.json", ledger.consistency_proof(old, new).to_json())
    return Files(
        tmp_path / "old.txt",
        tmp_path / "new.txt",
        tmp_path / "proof.json",
        ledger.vkey().to_text(),
        (old, new),
    )


def write_json(path: Path, value: Any) -> None:
    path.write_text(json.dumps(value), encoding="utf-8")


def consistency(old: Path, new: Path, proof: Path, vkey: str) -> tuple[int, dict[str, Any]]:
    argv = ["consistency", str(old), str(new), "--proof", str(proof), "--vkey", vkey, "--json"]
    with contextlib.redirect_stdout(io.StringIO()) as printed:
        status = main(argv)
    return status, json.loads(printed.getvalue())


def test_a_later_checkpoint_of_the_same_log_is_consistent(files: Files) -> None:
    status, answer = consistency(files.old, files.new, files.proof, files.vkey)
    assert (status, answer["first"], answer["second"]) == (0, *files.sizes)


def test_an_old_checkpoint_from_another_log_is_refused(files: Files, tmp_path: Path) -> None:
    other = Ledger.open(tmp_path / "other", f"sqlite:///{tmp_path / 'other.db'}")
    other.genesis(ORIGIN, T0)  # same origin name, its own keys
    (tmp_path / "other.txt").write_text(other.checkpoint_note(), encoding="utf-8")
    other.close()
    status, answer = consistency(tmp_path / "other.txt", files.new, files.proof, files.vkey)
    assert (status, answer["code"]) == (1, "SIGNATURE_INVALID")


def test_a_proof_for_other_sizes_is_refused(files: Files, ledger: Ledger) -> None:
    old, new = files.sizes
    write_json(files.proof, ledger.consistency_proof(old - 1, new).to_json())
    status, answer = consistency(files.old, files.new, files.proof, files.vkey)
    assert (status, answer["code"]) == (1, "PROOF_INVALID")


def test_a_tampered_proof_hash_is_refused(files: Files) -> None:
    proof = json.loads(files.proof.read_text(encoding="utf-8"))
    first = proof["hashes"][0]
    proof["hashes"][0] = ("0" if first[0] != "0" else "1") + first[1:]
    write_json(files.proof, proof)
    status, answer = consistency(files.old, files.new, files.proof, files.vkey)
    assert (status, answer["code"]) == (1, "ROOT_MISMATCH")


def test_a_new_checkpoint_older_than_the_old_one_is_refused(files: Files) -> None:
    status, answer = consistency(files.new, files.old, files.proof, files.vkey)
    assert (status, answer["code"]) == (1, "PROOF_INVALID")


def test_a_proof_claiming_the_log_shrank_is_refused(files: Files) -> None:
    old, new = files.sizes
    write_json(files.proof, {"first": new, "second": old, "hashes": []})
    status, answer = consistency(files.new, files.old, files.proof, files.vkey)
    assert (status, answer["code"]) == (1, "PROOF_INVALID")


def test_a_proof_that_is_not_json_is_unreadable_input(files: Files) -> None:
    files.proof.write_text("not json", encoding="utf-8")
    status, answer = consistency(files.old, files.new, files.proof, files.vkey)
    assert (status, answer["code"]) == (2, "MALFORMED_INPUT")
