"""Golden vectors of the privacy schemas (issue 17): ``DisclosureRequest.Received`` schema 1
(applicant pseudonym in clear: old entries, still valid) and schema 2 (pseudonym sealed),
``FeeNoticed`` schema 2 (items_before_this_month sealed), ``PersonalData.Opened`` and
``PersonalData.Erased``; signed with the contract-v1 officer key, sealed with fixed
nonces, so every byte is reproducible.

    .venv/bin/python -m tests.vectors.make_privacy_vectors   # rewrites privacy-v2.json
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from verify.canonical import canonical_bytes
from verify.entry import ENTRY_VERSION, SIGNING_PREFIX, seal_commitment

HERE = Path(__file__).parent
CONTRACT = json.loads((HERE / "contract-v1.json").read_text(encoding="utf-8"))
STREAM = "6f1c1a8e-3b0c-4a51-9d0e-2f4b8c9a7d10"
PRIVACY_STREAM = "0b5d3f1e-8c2a-5e7f-9a1b-3c4d5e6f7a8b"
PSEUDONYM = "8212a1fac0f2116e429431ddfb48a7cc7799b739d086c6de658c8669f434309d"


def _nonce(byte: int) -> bytes:
    return bytes([byte]) * 32


def _sealed(value: Any, byte: int) -> dict[str, str]:
    return seal_commitment(value, _nonce(byte))


APPLICANT = _sealed({"name": "张三"}, 0x33)
DESCRIPTION = _sealed("某某项目环境影响评价报告", 0x34)
_RECEIVED = {
    "number": "2026-0001", "channel": "in-person", "received_on": "2026-02-06",
    "applicant": APPLICANT, "applicant_type": "natural-person", "description": DESCRIPTION,
    "requested_form": "electronic", "answer_due": "2026-03-12", "answer_due_provisional": False,
}  # fmt: skip
EXAMPLES: list[tuple[str, str, int, dict[str, Any]]] = [
    ("DisclosureRequest.Received", STREAM, 1, {**_RECEIVED, "applicant_pseudonym": PSEUDONYM}),
    ("DisclosureRequest.Received", STREAM, 1,
     {**_RECEIVED, "schema": 2, "applicant_pseudonym": _sealed(PSEUDONYM, 0x35)}),
    ("DisclosureRequest.FeeNoticed", STREAM, 2,
     {"on": "2026-02-09", "method": "items", "count": 12, "schema": 2,
      "items_before_this_month": _sealed(3, 0x36), "fee_fen": 50000,
      "payment_due": "2026-03-09"}),
    ("PersonalData.Opened", PRIVACY_STREAM, 1,
     {"record": STREAM, "number": "2026-0001", "fields": ["applicant", "description"],
      "purpose": "handling", "legal_basis": "PIPL Art. 13(1)(3); OGI Regulation Arts. 29-45",
      "scope": "officer_view"}),
    ("PersonalData.Erased", PRIVACY_STREAM, 2,
     {"record": STREAM, "number": "2026-0001",
      "fields": ["data.applicant", "data.applicant_pseudonym", "data.description"],
      "commitments": sorted([APPLICANT["c"], DESCRIPTION["c"]]),
      "retention": {"class": "request", "years": 10, "last_on": "2026-03-02",
                    "ended": "2036-03-02"},
      "legal_basis": "PIPL Art. 47(1)(2)"}),
]  # fmt: skip


def build() -> dict[str, Any]:
    key = Ed25519PrivateKey.from_private_bytes(bytes.fromhex(CONTRACT["officer_key"]["seed_hex"]))
    entries = []
    for type_, stream, seq, data in EXAMPLES:
        envelope = {
            "v": ENTRY_VERSION, "log": CONTRACT["origin"], "stream": stream, "seq": seq,
            "type": type_, "at": f"2026-02-0{5 + seq}T01:30:00.000000Z",
            "actor": "officer-0001", "key": CONTRACT["officer_key"]["key_id"],
            "prev": None, "data": data,
        }  # fmt: skip
        signed = SIGNING_PREFIX + canonical_bytes(envelope)
        entry = {**envelope, "sig": _b64(key.sign(signed))}
        entries.append({"envelope": envelope, "entry_bytes_utf8": canonical_bytes(entry).decode()})
    return {
        "about": "privacy schemas of issue 17; the envelope is contract v1 unchanged",
        "nonces": {
            "applicant": "33" * 32,
            "description": "34" * 32,
            "pseudonym": "35" * 32,
            "items_before_this_month": "36" * 32,
        },
        "pseudonym": PSEUDONYM,
        "entries": entries,
    }


def _b64(raw: bytes) -> str:
    import base64

    return base64.b64encode(raw).decode("ascii")


if __name__ == "__main__":
    text = json.dumps(build(), ensure_ascii=False, indent=1) + "\n"
    (HERE / "privacy-v2.json").write_text(text, encoding="utf-8")
