"""The privacy schemas' golden vectors (tests/vectors/privacy-v2.json): reproducible byte
for byte, verified by verify/, and both Received schemas replay in the domain."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from domain.disclosure_request.fees import FEE_NOTICE_SCHEMA
from domain.disclosure_request.receipt import RECEIVED_SCHEMA
from domain.disclosure_request.request import DisclosureRequest
from ledger.events import Recorded
from tests.vectors.make_privacy_vectors import CONTRACT, PSEUDONYM, build
from verify.entry import Entry, check_disclosure, is_sealed
from verify.roles import ANY, REQUIRED_ROLE

VECTORS = json.loads(
    (Path(__file__).parents[1] / "vectors" / "privacy-v2.json").read_text(encoding="utf-8")
)
ENTRIES = [Entry.from_bytes(v["entry_bytes_utf8"].encode("utf-8")) for v in VECTORS["entries"]]


def test_the_vectors_are_reproduced_byte_for_byte() -> None:
    assert build() == VECTORS


@pytest.mark.parametrize("number", range(len(VECTORS["entries"])))
def test_the_verifier_checks_each_privacy_entry(number: int) -> None:
    key = Ed25519PrivateKey.from_private_bytes(bytes.fromhex(CONTRACT["officer_key"]["seed_hex"]))
    ENTRIES[number].verify_signature(key.public_key())
    assert ENTRIES[number].type in REQUIRED_ROLE


def test_schema_two_seals_what_schema_one_showed() -> None:
    old, new, fee = ENTRIES[0], ENTRIES[1], ENTRIES[2]
    assert old.data["applicant_pseudonym"] == PSEUDONYM and "schema" not in old.data
    assert new.data["schema"] == RECEIVED_SCHEMA == 2 and fee.data["schema"] == FEE_NOTICE_SCHEMA
    sealed = new.data["applicant_pseudonym"]
    assert is_sealed(sealed) and PSEUDONYM not in new.raw.decode()
    check_disclosure(sealed, PSEUDONYM, bytes.fromhex(VECTORS["nonces"]["pseudonym"]))
    check_disclosure(
        fee.data["items_before_this_month"],
        3,
        bytes.fromhex(VECTORS["nonces"]["items_before_this_month"]),
    )


@pytest.mark.parametrize(("number", "pseudonym"), [(0, PSEUDONYM), (1, None)])
def test_both_receipt_schemas_replay(number: int, pseudonym: str | None) -> None:
    entry = ENTRIES[number]
    at = datetime(2026, 2, 6, 1, 30, tzinfo=UTC)
    request = DisclosureRequest.replay(
        entry.stream, [Recorded(entry.type, entry.data, entry.actor, at, entry.seq)]
    )
    assert (request.number, request.applicant_pseudonym) == ("2026-0001", pseudonym)


def test_openings_are_signed_by_the_officer_who_opens_and_erasures_by_an_admin() -> None:
    assert REQUIRED_ROLE["PersonalData.Opened"] == ANY
    assert REQUIRED_ROLE["PersonalData.Erased"] == "admin"
