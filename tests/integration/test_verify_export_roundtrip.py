"""A ledger's export verifies offline on both backends; what the verifier warns about
and what it refuses when keys are revoked (docs/threat-model.md)."""

from __future__ import annotations

import contextlib
import io
from datetime import datetime, timedelta
from pathlib import Path

import pytest

import verify._parallel as parallel
from ledger.events import NewEvent
from ledger.export import export
from ledger.keys import raw_public_key
from ledger.ledger import Ledger, new_stream_id
from ledger.seal import format_timestamp, seal_event
from tests.conftest import T0
from verify.canonical import canonical_bytes
from verify.cli import main
from verify.entry import Entry
from verify.errors import VerificationError
from verify.export import verify_export
from verify.merkle import root_of
from verify.note import Checkpoint, signature_line

HOUR = timedelta(hours=1)


def received(ledger: Ledger, at: datetime, stream: str | None = None, seq: int = 0) -> str:
    stream = stream or new_stream_id()
    event = NewEvent("DisclosureRequest.Received", {"channel": "online"})
    ledger.append(stream, seq, [event], "officer-1", at)
    return stream


def exported(ledger: Ledger, path: Path) -> Path:
    export(ledger, path)
    return path


def test_an_export_verifies_offline_against_the_ledgers_checkpoint(
    ledger: Ledger, tmp_path: Path
) -> None:
    for minute in range(6):
        stream = received(ledger, T0 + timedelta(minutes=minute))
        event = NewEvent("DisclosureRequest.Answered", {"outcome": "3.1"})
        ledger.append(stream, 1, [event], "officer-1", T0 + timedelta(minutes=minute, seconds=30))
    report = verify_export(exported(ledger, tmp_path / "x.jsonl"), ledger.vkey())
    assert report.entries == report.checkpoint.size == ledger.tree_size() == 3 + 12
    assert report.note == ledger.checkpoint_note()
    assert report.warnings == []


def test_worker_processes_give_the_same_report(
    ledger: Ledger, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for minute in range(10):
        received(ledger, T0 + timedelta(minutes=minute))
    path = exported(ledger, tmp_path / "x.jsonl")
    monkeypatch.setattr(parallel, "CHUNK_SIZE", 4)
    assert verify_export(path, ledger.vkey(), jobs=2) == verify_export(path, ledger.vkey())


def test_an_entry_timestamped_well_before_the_one_logged_ahead_of_it_is_warned(
    ledger: Ledger, tmp_path: Path
) -> None:
    received(ledger, T0 + HOUR)
    received(ledger, T0)  # an hour earlier than the entry before it in the log
    report = verify_export(exported(ledger, tmp_path / "x.jsonl"), ledger.vkey())
    assert report.warnings == [
        "entry #4 (DisclosureRequest.Received) is timestamped 3600s before "
        "the latest entry logged ahead of it"
    ]


def test_a_clock_step_back_within_the_tolerance_is_not_warned(
    ledger: Ledger, tmp_path: Path
) -> None:
    received(ledger, T0 + HOUR)
    received(ledger, T0 + HOUR - timedelta(seconds=60))
    report = verify_export(exported(ledger, tmp_path / "x.jsonl"), ledger.vkey())
    assert report.warnings == []


def test_the_cli_prints_the_warning_and_still_exits_0(ledger: Ledger, tmp_path: Path) -> None:
    received(ledger, T0 + HOUR)
    received(ledger, T0)
    path = exported(ledger, tmp_path / "x.jsonl")
    argv = ["export", str(path), "--vkey", ledger.vkey().to_text(), "--jobs", "1"]
    with contextlib.redirect_stdout(io.StringIO()) as printed:
        assert main(argv) == 0
    assert "警告 warning: entry #4 (DisclosureRequest.Received) is timestamped 3600s" in (
        printed.getvalue()
    )


# -- revoked keys --------------------------------------------------------------------


def forged_export(ledger: Ledger, path: Path, key_id: str, at: datetime) -> Path:
    """The ledger's export plus one entry signed by ``key_id`` at ``at``, and a new
    checkpoint signed by the log key: what a dishonest operator holding both could make."""
    lines = exported(ledger, path).read_bytes().split(b"\n")[:-1]
    entry, _ = seal_event(
        NewEvent("DisclosureRequest.Received", {"channel": "online"}),
        origin=ledger.origin,
        stream=new_stream_id(),
        seq=1,
        prev=None,
        actor="officer-1",
        key_id=key_id,
        private_key=ledger.keys.private_key(key_id),
        at=format_timestamp(at),
    )
    entries = [*lines[1:-1], entry.raw]
    root = root_of([Entry.from_bytes(raw).leaf_hash() for raw in entries])
    log_key = ledger.keys.private_key(ledger.registry().active_key_of("log").key_id)  # type: ignore[union-attr]
    body = Checkpoint(ledger.origin, len(entries), root).body()
    vkey = ledger.vkey()
    assert vkey.public_key == raw_public_key(log_key.public_key())
    note = body + "\n" + signature_line(vkey.name, vkey.key_hash, log_key.sign(body.encode()))
    checkpoint = canonical_bytes({"checkpoint": note})
    path.write_bytes(b"".join(x + b"\n" for x in [lines[0], *entries, checkpoint]))
    return path


def test_an_entry_signed_after_its_key_was_revoked_is_refused(
    ledger: Ledger, tmp_path: Path
) -> None:
    key_id = ledger.key_of("officer-1").key_id  # type: ignore[union-attr]
    received(ledger, T0)
    ledger.revoke_key(key_id, "compromised", T0 + HOUR)
    path = forged_export(ledger, tmp_path / "x.jsonl", key_id, T0 + 2 * HOUR)
    with pytest.raises(VerificationError) as refused:
        verify_export(path, ledger.vkey())
    assert (refused.value.code, refused.value.evidence["log_index"]) == ("KEY_REVOKED", 5)


def test_entries_signed_before_the_revocation_stay_valid(ledger: Ledger, tmp_path: Path) -> None:
    key_id = ledger.key_of("officer-1").key_id  # type: ignore[union-attr]
    received(ledger, T0)
    ledger.revoke_key(key_id, "left the office", T0 + HOUR)
    report = verify_export(exported(ledger, tmp_path / "x.jsonl"), ledger.vkey())
    assert report.entries == 5  # genesis 2, officer key, the entry, the revocation
