"""Every change to an evidence bundle is rejected, with the code of the check it breaks.

One bundle is made per module (SQLite). Raw changes are caught by the bag layer (the
manifests and the log key's signature); changes re-signed with the log key, as only
its holder could, reach the checks behind the signature.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ledger.events import NewEvent
from ledger.ledger import Ledger, new_stream_id
from tests.conftest import ORIGIN, T0
from tests.support.bundles import (
    DOCUMENT_SHA256,
    HANDLER,
    bundle_request,
    flip,
    join,
    lines,
    log_key,
    read_members,
    record_request,
    reseal,
    write_members,
)
from verify._bundle_checks import Proven, check_signers
from verify.bundle import verify_bundle
from verify.entry import Entry
from verify.errors import VerificationError, VerifyError
from verify.note import Vkey

CONTENT = f"data/content/{DOCUMENT_SHA256}"
ENTRIES, PROOFS = "data/entries.jsonl", "data/proofs.jsonl"
KEYRING, KEYRING_PROOFS = "data/keyring.jsonl", "data/keyring-proofs.jsonl"
CHECKPOINT, DISCLOSED = "data/checkpoint.txt", "data/disclosed.json"


@dataclass(frozen=True)
class Made:
    vkey: Vkey
    key: Ed25519PrivateKey
    base: str
    members: dict[str, bytes]
    other: dict[str, bytes]  # a bundle of the same request in another ledger
    other_key: Ed25519PrivateKey


def _ledger(root: Path, name: str) -> Ledger:
    ledger = Ledger.open(root / name, f"sqlite:///{root / name}.db")
    ledger.genesis(ORIGIN, T0)
    ledger.register_key(HANDLER, ["office_head", "request_handler"], "signing", T0)
    record_request(ledger)
    return ledger


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Made]:
    root = tmp_path_factory.mktemp("bundles")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("GONGKAI_KEY_PASSPHRASE", "test-passphrase")
        mine, other = _ledger(root, "mine"), _ledger(root, "other")
        try:
            base, members = read_members(bundle_request(mine, root / "mine.zip").path)
            _, theirs = read_members(bundle_request(other, root / "other.zip").path)
            yield Made(mine.vkey(), log_key(mine), base, members, theirs, log_key(other))
        finally:
            mine.close()
            other.close()


def rejected(made: Made, members: dict[str, bytes], tmp_path: Path) -> VerificationError:
    path = write_members(tmp_path / "changed.zip", made.base, members)
    with pytest.raises(VerificationError) as caught:
        verify_bundle(path, made.vkey)
    return caught.value


def resealed(made: Made, tmp_path: Path, changes: dict[str, bytes]) -> VerificationError:
    """Apply changes (member → bytes), re-sign with the log key, verify."""
    return rejected(made, reseal({**made.members, **changes}, made.key), tmp_path)


def test_the_unchanged_bundle_verifies(made: Made, tmp_path: Path) -> None:
    path = write_members(tmp_path / "same.zip", made.base, made.members)
    assert verify_bundle(path, made.vkey).entries == 3


class TestOneChangedByte:
    @pytest.mark.parametrize(
        "member",
        [
            "bagit.txt",
            "bag-info.txt",
            "manifest-sha256.txt",
            "data/VERIFY.txt",
            "data/report.html",
            CHECKPOINT,
            ENTRIES,
            PROOFS,
            KEYRING,
            KEYRING_PROOFS,
            DISCLOSED,
            CONTENT,
        ],
    )
    def test_a_changed_byte_in_a_listed_file_breaks_its_checksum(
        self, made: Made, tmp_path: Path, member: str
    ) -> None:
        error = rejected(made, {**made.members, member: flip(made.members[member])}, tmp_path)
        assert error.code == "BAG_CHECKSUM_MISMATCH"
        assert error.evidence["file"] == member

    @pytest.mark.parametrize("member", ["tagmanifest-sha256.txt", "tagmanifest-signature.txt"])
    def test_a_changed_byte_in_the_tag_manifest_or_its_signature_breaks_the_signature(
        self, made: Made, tmp_path: Path, member: str
    ) -> None:
        error = rejected(made, {**made.members, member: flip(made.members[member])}, tmp_path)
        assert error.code == "BUNDLE_SIGNATURE_INVALID"

    @settings(
        max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
    )
    @given(data=st.data())
    def test_any_changed_byte_of_any_member_is_rejected_by_the_bag_layer(
        self, made: Made, tmp_path: Path, data: st.DataObject
    ) -> None:
        member = data.draw(st.sampled_from(sorted(made.members)))
        position = data.draw(st.integers(0, len(made.members[member]) - 1))
        changed = {**made.members, member: flip(made.members[member], position)}
        error = rejected(made, changed, tmp_path)
        assert error.code in ("BAG_CHECKSUM_MISMATCH", "BUNDLE_SIGNATURE_INVALID")


class TestBagLayer:
    def test_a_payload_file_missing_from_the_manifest_is_rejected(
        self, made: Made, tmp_path: Path
    ) -> None:
        error = rejected(made, {**made.members, "data/extra.txt": b"junk"}, tmp_path)
        assert (error.code, error.evidence["file"]) == ("BAG_UNLISTED_FILE", "data/extra.txt")

    def test_a_listed_file_removed_from_the_bag_is_rejected(
        self, made: Made, tmp_path: Path
    ) -> None:
        members = {n: b for n, b in made.members.items() if n != "data/report.html"}
        error = rejected(made, members, tmp_path)
        assert (error.code, error.evidence["file"]) == ("BAG_FILE_MISSING", "data/report.html")

    def test_an_unsigned_bag_is_rejected(self, made: Made, tmp_path: Path) -> None:
        members = {n: b for n, b in made.members.items() if n != "tagmanifest-signature.txt"}
        assert rejected(made, members, tmp_path).code == "BUNDLE_SIGNATURE_INVALID"

    def test_a_bag_resigned_by_another_key_is_rejected(self, made: Made, tmp_path: Path) -> None:
        members = reseal({**made.members, "data/VERIFY.txt": b"trust me\n"}, made.other_key)
        assert rejected(made, members, tmp_path).code == "BUNDLE_SIGNATURE_INVALID"

    def test_the_verifier_key_of_another_log_is_refused(self, made: Made, tmp_path: Path) -> None:
        path = write_members(tmp_path / "same.zip", made.base, made.members)
        other = Vkey.for_key(ORIGIN, made.other_key.public_key().public_bytes_raw())
        with pytest.raises(VerificationError) as caught:
            verify_bundle(path, other)
        assert caught.value.code == "BUNDLE_SIGNATURE_INVALID"


class TestBehindTheSignature:
    def test_a_changed_checkpoint_fails_its_signature(self, made: Made, tmp_path: Path) -> None:
        origin, size, rest = made.members[CHECKPOINT].split(b"\n", 2)
        changed = b"\n".join([origin, str(int(size) + 1).encode(), rest])
        error = resealed(made, tmp_path, {CHECKPOINT: changed})
        assert (error.code, error.evidence["member"]) == ("SIGNATURE_INVALID", CHECKPOINT)

    def test_a_checkpoint_signed_by_another_key_is_rejected(
        self, made: Made, tmp_path: Path
    ) -> None:
        error = resealed(made, tmp_path, {CHECKPOINT: made.other[CHECKPOINT]})
        assert (error.code, error.evidence["member"]) == ("SIGNATURE_INVALID", CHECKPOINT)

    def test_a_changed_entry_no_longer_matches_its_proof(self, made: Made, tmp_path: Path) -> None:
        entries = made.members[ENTRIES].replace(b'"days":15', b'"days":25')
        error = resealed(made, tmp_path, {ENTRIES: entries})
        assert (error.code, error.evidence["line"]) == ("LEAF_MISMATCH", 2)

    def test_a_changed_entry_with_a_matching_leaf_hash_misses_the_root(
        self, made: Made, tmp_path: Path
    ) -> None:
        entries = made.members[ENTRIES].replace(b'"days":15', b'"days":25')
        proofs = lines(made.members[PROOFS])
        proof = json.loads(proofs[1])
        proof["leaf_hash"] = hashlib.sha256(b"\0" + lines(entries)[1]).hexdigest()
        proofs[1] = json.dumps(proof).encode()
        error = resealed(made, tmp_path, {ENTRIES: entries, PROOFS: join(proofs)})
        assert (error.code, error.evidence["member"]) == ("ROOT_MISMATCH", PROOFS)

    def test_a_changed_proof_hash_misses_the_root(self, made: Made, tmp_path: Path) -> None:
        proofs = lines(made.members[PROOFS])
        proof = json.loads(proofs[0])
        proof["hashes"][0] = "00" * 32
        proofs[0] = json.dumps(proof).encode()
        error = resealed(made, tmp_path, {PROOFS: join(proofs)})
        assert (error.code, error.evidence["line"]) == ("ROOT_MISMATCH", 1)

    def test_a_proof_for_another_tree_size_is_rejected(self, made: Made, tmp_path: Path) -> None:
        proofs = lines(made.members[PROOFS])
        proof = json.loads(proofs[2])
        proof["tree_size"] += 1
        proofs[2] = json.dumps(proof).encode()
        error = resealed(made, tmp_path, {PROOFS: join(proofs)})
        assert (error.code, error.evidence["line"]) == ("PROOF_INVALID", 3)

    def test_a_dropped_entry_line_leaves_its_proof_alone(self, made: Made, tmp_path: Path) -> None:
        entries = join(lines(made.members[ENTRIES])[1:])
        error = resealed(made, tmp_path, {ENTRIES: entries})
        assert error.code == "PROOF_MISSING"

    def test_a_dropped_entry_and_proof_leave_the_request_incomplete(
        self, made: Made, tmp_path: Path
    ) -> None:
        entries, proofs = lines(made.members[ENTRIES]), lines(made.members[PROOFS])
        error = resealed(
            made,
            tmp_path,
            {
                ENTRIES: join([entries[0], entries[2]]),
                PROOFS: join([proofs[0], proofs[2]]),
            },
        )
        assert (error.code, error.evidence["line"]) == ("SEQUENCE_GAP", 2)

    def test_two_swapped_entry_lines_no_longer_match_their_proofs(
        self, made: Made, tmp_path: Path
    ) -> None:
        entries = lines(made.members[ENTRIES])
        swapped = join([entries[1], entries[0], entries[2]])
        error = resealed(made, tmp_path, {ENTRIES: swapped})
        assert (error.code, error.evidence["line"]) == ("LEAF_MISMATCH", 1)

    def test_two_swapped_entries_with_their_proofs_are_out_of_log_order(
        self, made: Made, tmp_path: Path
    ) -> None:
        entries, proofs = lines(made.members[ENTRIES]), lines(made.members[PROOFS])
        error = resealed(
            made,
            tmp_path,
            {
                ENTRIES: join([entries[1], entries[0], entries[2]]),
                PROOFS: join([proofs[1], proofs[0], proofs[2]]),
            },
        )
        assert (error.code, error.evidence["line"]) == ("LOG_ORDER_INVALID", 2)

    def test_an_entry_spliced_from_another_ledger_is_not_in_this_checkpoint(
        self, made: Made, tmp_path: Path
    ) -> None:
        entries, proofs = lines(made.members[ENTRIES]), lines(made.members[PROOFS])
        entries[1], proofs[1] = lines(made.other[ENTRIES])[1], lines(made.other[PROOFS])[1]
        error = resealed(made, tmp_path, {ENTRIES: join(entries), PROOFS: join(proofs)})
        assert (error.code, error.evidence["member"]) == ("ROOT_MISMATCH", PROOFS)

    def test_a_spliced_entry_beside_this_ledgers_proof_is_not_that_proofs_leaf(
        self, made: Made, tmp_path: Path
    ) -> None:
        entries = lines(made.members[ENTRIES])
        entries[2] = lines(made.other[ENTRIES])[2]
        error = resealed(made, tmp_path, {ENTRIES: join(entries)})
        assert (error.code, error.evidence["line"]) == ("LEAF_MISMATCH", 3)

    def test_a_keyring_without_its_root_declaration_is_incomplete(
        self, made: Made, tmp_path: Path
    ) -> None:
        keyring, proofs = lines(made.members[KEYRING]), lines(made.members[KEYRING_PROOFS])
        error = resealed(
            made,
            tmp_path,
            {
                KEYRING: join(keyring[1:]),
                KEYRING_PROOFS: join(proofs[1:]),
            },
        )
        assert error.code == "REGISTRY_INCOMPLETE"

    def test_a_keyring_entry_dropped_with_its_proof_breaks_the_registry_chain(
        self, made: Made, tmp_path: Path
    ) -> None:
        keyring, proofs = lines(made.members[KEYRING]), lines(made.members[KEYRING_PROOFS])
        error = resealed(
            made,
            tmp_path,
            {
                KEYRING: join(keyring[:1] + keyring[2:]),
                KEYRING_PROOFS: join(proofs[:1] + proofs[2:]),
            },
        )
        assert (error.code, error.evidence["member"]) == ("SEQUENCE_GAP", KEYRING)

    def test_a_tampered_disclosed_value_does_not_open_its_commitment(
        self, made: Made, tmp_path: Path
    ) -> None:
        disclosed = made.members[DISCLOSED].replace("张三".encode(), "李四".encode())
        error = resealed(made, tmp_path, {DISCLOSED: disclosed})
        assert (error.code, error.evidence["line"]) == ("COMMITMENT_MISMATCH", 1)

    def test_a_disclosure_of_a_field_that_is_not_sealed_is_rejected(
        self, made: Made, tmp_path: Path
    ) -> None:
        disclosed = made.members[DISCLOSED].replace(b'"data.applicant"', b'"data.number"')
        error = resealed(made, tmp_path, {DISCLOSED: disclosed})
        assert error.code == "DISCLOSURE_INVALID"

    def test_a_tampered_content_file_does_not_match_its_name(
        self, made: Made, tmp_path: Path
    ) -> None:
        members = dict(made.members)
        members[CONTENT] = flip(members[CONTENT])
        error = rejected(made, reseal(members, made.key), tmp_path)
        assert (error.code, error.evidence["member"]) == ("CONTENT_MISMATCH", CONTENT)

    def test_a_removed_content_file_is_cited_but_missing(self, made: Made, tmp_path: Path) -> None:
        members = {n: b for n, b in made.members.items() if n != CONTENT}
        error = rejected(made, reseal(members, made.key), tmp_path)
        assert (error.code, error.evidence["sha256"]) == ("CONTENT_MISSING", DOCUMENT_SHA256)

    def test_a_content_file_no_entry_cites_is_rejected(self, made: Made, tmp_path: Path) -> None:
        extra = hashlib.sha256(b"extra").hexdigest()
        members = {**made.members, f"data/content/{extra}": b"extra"}
        assert rejected(made, reseal(members, made.key), tmp_path).code == "CONTENT_UNCITED"

    def test_a_bag_info_claiming_another_request_is_rejected(
        self, made: Made, tmp_path: Path
    ) -> None:
        info = made.members["bag-info.txt"].replace(b"request 2026-0001", b"request 2026-0002")
        error = resealed(made, tmp_path, {"bag-info.txt": info})
        assert error.code == "SELECTION_MISMATCH"

    def test_a_bag_info_naming_another_log_is_rejected(self, made: Made, tmp_path: Path) -> None:
        info = made.members["bag-info.txt"].replace(
            f"Gongkai-Origin: {ORIGIN}".encode(), b"Gongkai-Origin: elsewhere.example/log"
        )
        assert resealed(made, tmp_path, {"bag-info.txt": info}).code == "WRONG_LOG"


class TestRegistryAtEachPosition:
    """The key registry is replayed to each entry's own log index."""

    @pytest.fixture
    def revoked(self, tmp_path: Path) -> Iterator[Ledger]:
        ledger = Ledger.open(tmp_path / "r", f"sqlite:///{tmp_path / 'r.db'}")
        ledger.genesis(ORIGIN, T0)
        key_id = ledger.register_key("officer-2", ["request_handler"], "signing", T0)
        received = NewEvent("DisclosureRequest.Received", {"number": "2026-0003"})
        ledger.append(new_stream_id(), 0, [received], "officer-2", T0)
        ledger.revoke_key(key_id, "left", T0 + timedelta(days=1))
        ledger.integrate()
        yield ledger
        ledger.close()

    def _proven(self, ledger: Ledger) -> list[Proven]:
        return [
            Proven(i, e, e.leaf_hash().hex(), "data/x.jsonl", i + 1)
            for i, e in enumerate(Entry.from_bytes(raw) for raw in ledger.entries())
        ]

    def test_an_entry_before_its_keys_revocation_verifies(self, revoked: Ledger) -> None:
        proven = self._proven(revoked)
        keyring = [p for p in proven if p.entry.type.startswith("Keyring.")]
        check_signers(keyring, [p for p in proven if p not in keyring])

    def test_the_same_entry_placed_after_the_revocation_is_rejected(self, revoked: Ledger) -> None:
        proven = self._proven(revoked)
        keyring = [p for p in proven if p.entry.type.startswith("Keyring.")]
        entry = next(p for p in proven if p not in keyring)
        moved = Proven(len(proven), entry.entry, entry.leaf, entry.member, entry.line)
        with pytest.raises(VerificationError) as caught:
            check_signers(keyring, [moved])
        assert caught.value.code == "KEY_REVOKED"

    def test_the_same_entry_placed_before_its_key_was_registered_is_rejected(
        self, revoked: Ledger
    ) -> None:
        proven = self._proven(revoked)
        keyring = [p for p in proven if p.entry.type.startswith("Keyring.")]
        entry = next(p for p in proven if p not in keyring)
        moved = Proven(1, entry.entry, entry.leaf, entry.member, entry.line)
        with pytest.raises(VerifyError) as caught:
            check_signers(keyring, [moved])
        assert caught.value.code == "KEY_NOT_REGISTERED"
