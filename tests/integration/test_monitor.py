"""The monitor (``verify.monitor``) following a log through its published tiles: it
checks only what is new, and alarms on a fork, a rollback, a rewritten history and a bad
entry the log signed anyway.

The monitor reads tiles, never a database; forks are made by copying a SQLite ledger's
data directory (same keys, same history up to the copy), so these tests run on SQLite.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from ledger.events import NewEvent
from ledger.ledger import Ledger, new_stream_id
from ledger.tiles import publish_tiles
from tests.conftest import ORIGIN, T0
from tests.support.tiles import dict_fetch, memory_tiles
from verify.cosignature import WitnessKey, WitnessPolicy, cosignature_line, cosigned_message
from verify.errors import EntryRejected, VerificationError
from verify.monitor import MonitorState, log_signature_policy, run_monitor
from verify.note import SignedNote
from verify.tiled_tree import file_fetch


@pytest.fixture
def log(tmp_path: Path) -> Iterator[Ledger]:
    opened = Ledger.open(tmp_path / "a", f"sqlite:///{tmp_path / 'a' / 'ledger.db'}")
    opened.genesis(ORIGIN, T0)
    opened.register_key("officer-1", ["request_handler"], "signing", T0)
    yield opened
    opened.close()


def _grow(ledger: Ledger, count: int, mark: str = "a") -> None:
    stream = new_stream_id()
    ledger.append(stream, 0, [NewEvent("DisclosureRequest.Received", {"m": mark})], "officer-1", T0)
    events = [NewEvent("DisclosureRequest.Supplemented", {"n": n}) for n in range(1, count)]
    for start in range(0, len(events), 100):
        ledger.append(stream, start + 1, events[start : start + 100], "officer-1", T0)
    ledger.integrate()


def _fork(ledger: Ledger, tmp_path: Path) -> Ledger:
    """Another ledger with the same keys and the same entries so far."""
    ledger.close()
    shutil.copytree(tmp_path / "a", tmp_path / "b")
    return Ledger.open(tmp_path / "b", f"sqlite:///{tmp_path / 'b' / 'ledger.db'}")


def _run(ledger: Ledger, tiles: Path, state: MonitorState | None):  # type: ignore[no-untyped-def]
    publish_tiles(ledger, tiles)
    policy = log_signature_policy(ledger.vkey())
    return run_monitor(file_fetch(tiles), policy, state, source=str(tiles))


def test_a_first_run_checks_every_entry_and_a_later_run_only_the_new(
    log: Ledger, tmp_path: Path
) -> None:
    _grow(log, 300)
    first = _run(log, tmp_path / "tiles", None)
    assert first.previous == 0 and first.checked == first.state.size == log.checkpoint_size()
    _grow(log, 10)
    second = _run(log, tmp_path / "tiles", first.state)
    assert second.previous == first.state.size
    assert second.checked == 10 == log.checkpoint_size() - first.state.size
    assert second.tiles < 12  # the new bundle and tiles, and O(log n) tiles for the proof
    again = _run(log, tmp_path / "tiles", second.state)
    assert again.checked == 0 and again.state.size == second.state.size


def test_the_state_survives_a_round_trip_through_its_file(log: Ledger, tmp_path: Path) -> None:
    _grow(log, 20)
    report = _run(log, tmp_path / "tiles", None)
    report.state.save(tmp_path / "state.json")
    loaded = MonitorState.load(tmp_path / "state.json")
    assert loaded == report.state
    assert json.loads((tmp_path / "state.json").read_text())["format"] == "gongkai-monitor/1"
    _grow(log, 5)
    assert _run(log, tmp_path / "tiles", loaded).checked == 5


def test_a_fork_of_the_same_size_is_a_split_view(log: Ledger, tmp_path: Path) -> None:
    _grow(log, 5)
    fork = _fork(log, tmp_path)
    log = Ledger.open(tmp_path / "a", f"sqlite:///{tmp_path / 'a' / 'ledger.db'}")
    try:
        _grow(log, 7, mark="court")
        _grow(fork, 7, mark="public")
        seen = _run(log, tmp_path / "tiles-a", None)
        with pytest.raises(VerificationError) as raised:
            _run(fork, tmp_path / "tiles-b", seen.state)
        assert raised.value.code == "SPLIT_VIEW"
        assert str(tmp_path / "tiles-b") in raised.value.message
        assert raised.value.evidence["seen_root"] == seen.state.root.hex()
    finally:
        log.close()
        fork.close()


def test_a_longer_fork_is_a_rewritten_history_and_a_shorter_one_a_rollback(
    log: Ledger, tmp_path: Path
) -> None:
    _grow(log, 5)
    fork = _fork(log, tmp_path)
    log = Ledger.open(tmp_path / "a", f"sqlite:///{tmp_path / 'a' / 'ledger.db'}")
    try:
        _grow(log, 7, mark="court")
        _grow(fork, 300, mark="public")
        seen = _run(log, tmp_path / "tiles-a", None)
        with pytest.raises(VerificationError) as raised:
            _run(fork, tmp_path / "tiles-b", seen.state)
        assert raised.value.code == "HISTORY_REWRITTEN"
        fork_seen = _run(fork, tmp_path / "tiles-b", None)
        with pytest.raises(VerificationError) as raised:
            _run(log, tmp_path / "tiles-a", fork_seen.state)
        assert raised.value.code == "LOG_ROLLED_BACK"
    finally:
        log.close()
        fork.close()


def test_a_bad_entry_the_log_signed_anyway_is_named(log: Ledger) -> None:
    _grow(log, 20)
    entries = list(log.entries())
    bad = next(i for i, raw in enumerate(entries) if b'"n":5' in raw)
    entries[bad] = entries[bad].replace(b'"n":5', b'"n":6')  # canonical, badly signed
    files, root = memory_tiles(entries)
    files["checkpoint"] = log._sign_checkpoint(len(entries), root).encode()
    with pytest.raises(EntryRejected) as raised:
        run_monitor(dict_fetch(files), log_signature_policy(log.vkey()), None)
    assert raised.value.code == "SIGNATURE_INVALID" and raised.value.log_index == bad


def test_tiles_that_do_not_give_the_checkpoint_root_are_refused(
    log: Ledger, tmp_path: Path
) -> None:
    _grow(log, 20)
    files, _ = memory_tiles(log.entries())
    files["checkpoint"] = log.checkpoint_note().encode()
    path = next(p for p in files if p.startswith("tile/0/"))
    files[path] = bytes(32) + files[path][32:]
    with pytest.raises(VerificationError) as raised:
        run_monitor(dict_fetch(files), log_signature_policy(log.vkey()), None)
    assert raised.value.code == "ROOT_MISMATCH"


def test_a_bundle_that_does_not_hash_to_its_tile_is_refused(log: Ledger) -> None:
    _grow(log, 20)
    files, _ = memory_tiles(log.entries())
    files["checkpoint"] = log.checkpoint_note().encode()
    path = next(p for p in files if p.startswith("tile/entries/"))
    files[path] = files[path][:-1] + b" "
    with pytest.raises(VerificationError) as raised:
        run_monitor(dict_fetch(files), log_signature_policy(log.vkey()), None)
    assert raised.value.code == "LEAF_MISMATCH"


def test_a_witness_policy_needs_its_quorum_of_cosignatures(log: Ledger) -> None:
    _grow(log, 10)
    witness = Ed25519PrivateKey.from_private_bytes(bytes(range(32)))
    key = WitnessKey.for_key("witness.example/court", witness.public_key().public_bytes_raw())
    policy = WitnessPolicy((key,), 1)
    files, _ = memory_tiles(log.entries())
    note = log.checkpoint_note()
    body = SignedNote.from_text(note).body
    files["checkpoint"] = note.encode()
    with pytest.raises(VerificationError) as raised:
        run_monitor(dict_fetch(files), log_signature_policy(log.vkey(), policy), None)
    assert raised.value.code == "QUORUM_NOT_MET"
    signature = witness.sign(cosigned_message(body, 1_700_000_000))
    files["checkpoint"] = (note + cosignature_line(key, 1_700_000_000, signature)).encode()
    report = run_monitor(dict_fetch(files), log_signature_policy(log.vkey(), policy), None)
    assert report.state.size == log.checkpoint_size()
