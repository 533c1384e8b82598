"""A witness and a log (both backends): the witness cosigns a checkpoint only when it
is signed by the log and consistent with the last one it cosigned, answers every other
submission with the status of c2sp.org/tlog-witness, keeps its state across restarts,
and the log stores the cosignatures it gathers and serves them on its checkpoint."""

from __future__ import annotations

import base64
import hashlib
import threading
from datetime import timedelta
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from api.witness.client import Submitter, WitnessEndpoint
from api.witness.config import WitnessDirectory
from api.witness.witness import SIZE_TYPE, add_checkpoint
from ledger import cosignatures
from ledger.keys import raw_public_key
from ledger.ledger import Ledger
from tests.conftest import T0
from tests.support.witnesses import witness_for
from verify.cosignature import WitnessPolicy
from verify.note import Checkpoint, SignedNote, Vkey, signature_line


def grow(ledger: Ledger, entries: int, tag: str) -> int:
    for n in range(entries):
        ledger.register_key(f"{tag}-{n}", ["drafter"], "signing", T0 + timedelta(minutes=n))
    ledger.integrate()
    return ledger.checkpoint_size()


def submission(ledger: Ledger, old: int, size: int | None = None) -> bytes:
    size = size or ledger.checkpoint_size()
    proof = ledger.consistency_proof(old, size).hashes if 0 < old < size else ()
    lines = [f"old {old}", *(base64.b64encode(bytes.fromhex(h)).decode() for h in proof)]
    return ("\n".join(lines) + "\n\n" + ledger.checkpoint_note(size)).encode()


@pytest.fixture
def witness_dir(ledger: Ledger, tmp_path: Path) -> WitnessDirectory:
    witness_for(tmp_path / "witness", "jiwei.example/witness", ledger.vkey().to_text())
    return WitnessDirectory(tmp_path / "witness")


def test_a_witness_cosigns_consistent_checkpoints_and_refuses_the_rest(
    ledger: Ledger, witness_dir: WitnessDirectory
) -> None:
    witness = witness_dir.open()
    first = grow(ledger, 3, "a")
    answer = add_checkpoint(witness, submission(ledger, 0))
    assert answer.status == 200 and answer.body.startswith("— jiwei.example/witness ")
    note = ledger.checkpoint_note(first) + answer.body
    assert WitnessPolicy((witness.key,), 1).check(note)

    second = grow(ledger, 4, "b")
    stale = add_checkpoint(witness, submission(ledger, 0))
    assert (stale.status, stale.body, stale.content_type) == (409, f"{first}\n", SIZE_TYPE)
    lines = submission(ledger, first).split(b"\n")
    lines[1] = base64.b64encode(bytes(32))  # one proof hash altered
    assert add_checkpoint(witness, b"\n".join(lines)).status == 422
    assert add_checkpoint(witness, submission(ledger, first)).status == 200
    assert witness.state.latest(ledger.origin).size == second

    bigger_old = submission(ledger, second + 5)
    assert add_checkpoint(witness, bigger_old).status == 400
    assert add_checkpoint(witness, b"old 0\n\nnot a note").status == 400
    reasons = [r.status for r in witness.state.refusals()]
    assert reasons == [400, 422, 409]  # refusals of a known, validly signed log are kept


def test_unknown_logs_and_bad_signatures_are_refused(
    ledger: Ledger, witness_dir: WitnessDirectory
) -> None:
    witness = witness_dir.open()
    grow(ledger, 2, "a")
    note = ledger.checkpoint_note()
    body = SignedNote.from_text(note).body
    impostor = Ed25519PrivateKey.generate()
    other = Vkey.for_key("other.example/log", raw_public_key(impostor.public_key()))
    other_body = Checkpoint.from_body(body).__class__("other.example/log", 1, bytes(32)).body()
    unknown = other_body + "\n" + signature_line(other.name, other.key_hash, impostor.sign(b"x"))
    assert add_checkpoint(witness, ("old 0\n\n" + unknown).encode()).status == 404
    key = ledger.vkey()
    forged = body + "\n" + signature_line(key.name, key.key_hash, impostor.sign(body.encode()))
    assert add_checkpoint(witness, ("old 0\n\n" + forged).encode()).status == 403


def test_the_witness_state_survives_a_restart(
    ledger: Ledger, witness_dir: WitnessDirectory
) -> None:
    size = grow(ledger, 2, "a")
    assert add_checkpoint(witness_dir.open(), submission(ledger, 0)).status == 200
    reopened = witness_dir.open()  # a new process would read the same files
    assert reopened.state.latest(ledger.origin).size == size
    assert add_checkpoint(reopened, submission(ledger, 0)).status == 409


def test_the_log_gathers_cosignatures_and_serves_them_on_its_checkpoint(
    ledger: Ledger, witness_dir: WitnessDirectory
) -> None:
    from fastapi.testclient import TestClient

    from api.witness.app import create_witness_app

    witness = witness_dir.open()
    client = TestClient(create_witness_app(witness), base_url="http://witness.test")
    endpoint = WitnessEndpoint("http://witness.test", witness.key)
    submitter = Submitter(ledger, endpoint)
    submitter.client = client  # the witness app in process, over its real HTTP interface
    for batch in range(3):
        size = grow(ledger, 2, f"batch{batch}")
        while not submitter.up_to_date():  # a 409 first tells the size the witness knows
            pass
        note = ledger.checkpoint_note(size)
        assert WitnessPolicy((witness.key,), 1).check(note)
    assert cosignatures.cosigned_sizes(ledger.backend, witness.key.name) == size
    fetched = client.get(f"/{hashlib.sha256(ledger.origin.encode()).hexdigest()}/checkpoint")
    assert fetched.status_code == 200 and fetched.text.endswith(note.splitlines(keepends=True)[-1])


def test_a_down_witness_is_retried_and_delays_nothing(ledger: Ledger, tmp_path: Path) -> None:
    directory = WitnessDirectory(tmp_path / "w")
    key = directory.init("down.example/witness")
    submitter = Submitter(ledger, WitnessEndpoint("http://127.0.0.1:9", key), timeout=0.5)
    stop = threading.Event()
    thread = threading.Thread(target=submitter.run, args=(stop,), daemon=True)
    thread.start()
    size = grow(ledger, 2, "a")  # the log goes on integrating while the witness is down
    assert ledger.checkpoint_size() == size
    stop.set()
    thread.join(timeout=40)
    assert not thread.is_alive()
