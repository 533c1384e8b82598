"""Evidence-bundle test support: a small request history, and taking bundles apart.

``reseal`` re-signs a changed bag with the log key, as only the log key's holder
could: it lets a test reach the checks behind the bag's signature (checkpoint,
proofs, registry, chains, disclosures, content).
"""

from __future__ import annotations

import base64
import hashlib
import zipfile
from datetime import datetime, timedelta
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from ledger.bundle import BundleSummary, Selection, write_bundle
from ledger.events import NewEvent, Sealed
from ledger.ledger import Ledger, new_stream_id
from tests.conftest import T0
from verify.bag import (
    BAG_INFO,
    MANIFEST,
    SIGNATURE,
    TAGMANIFEST,
    bag_info_text,
    manifest_text,
    parse_bag_info,
    payload_oxum,
)
from verify.bundle_format import SIGNING_PREFIX

NUMBER = "2026-0001"
DOCUMENT = "关于某某建设项目环境影响评价的批复（全文）".encode()
DOCUMENT_SHA256 = hashlib.sha256(DOCUMENT).hexdigest()
APPLICANT = {"name": "张三", "id_number": "110101199001011234"}
HANDLER = "officer-1"  # the conftest ledger's request handler and office head


def record_request(
    ledger: Ledger, number: str = NUMBER, at: datetime = T0, actor: str = HANDLER
) -> str:
    """Received (applicant sealed) → Extended (reason) → Answered (content cited)."""
    stream = new_stream_id()
    events = [
        NewEvent(
            "DisclosureRequest.Received",
            {
                "number": number,
                "channel": "in-person",
                "received_on": "2026-03-02",
                "applicant": Sealed(APPLICANT),
                "description": Sealed("某某建设项目的环评批复"),
            },
        ),
        NewEvent(
            "DisclosureRequest.Extended",
            {"on": "2026-03-20", "days": 15, "reason": "需征求第三方意见（《条例》第三十三条）"},
        ),
        NewEvent(
            "DisclosureRequest.Answered",
            {
                "answered_on": "2026-04-01",
                "outcome": "disclosed",
                "items": 1,
                "content_sha256s": [DOCUMENT_SHA256],
                "delivery_form": "electronic",
            },
        ),
    ]
    for seq, event in enumerate(events):
        ledger.append(stream, seq, [event], actor, at + timedelta(days=seq))
    return stream


def bundle_request(
    ledger: Ledger, out: Path, *, disclose: bool = True, number: str = NUMBER
) -> BundleSummary:
    return write_bundle(
        ledger,
        Selection("request", number),
        out,
        at=T0 + timedelta(days=40),
        content={DOCUMENT_SHA256: DOCUMENT}.get,
        disclose=["applicant"] if disclose else [],
        as_officer=HANDLER,
        organization="某市人民政府办公室",
    )


def log_key(ledger: Ledger) -> Ed25519PrivateKey:
    key = ledger.key_of("log")
    assert key is not None
    return ledger.keys.private_key(key.key_id)


def read_members(path: Path) -> tuple[str, dict[str, bytes]]:
    """The bag's base directory and its members, names relative to it, in zip order."""
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        base = names[0].split("/", 1)[0]
        return base, {n[len(base) + 1 :]: archive.read(n) for n in names}


def write_members(path: Path, base: str, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(f"{base}/{name}", data)
    return path


def reseal(members: dict[str, bytes], key: Ed25519PrivateKey) -> dict[str, bytes]:
    """Recompute manifests, Payload-Oxum and the signature after a change."""
    payload = {n: b for n, b in members.items() if n.startswith("data/")}
    info = [
        (label, payload_oxum(payload) if label == "Payload-Oxum" else value)
        for label, value in parse_bag_info(members[BAG_INFO])
    ]
    result = dict(members)
    result[BAG_INFO] = bag_info_text(info)
    result[MANIFEST] = manifest_text(payload)
    tags = {n: result[n] for n in ("bagit.txt", BAG_INFO, MANIFEST)}
    result[TAGMANIFEST] = manifest_text(tags)
    result[SIGNATURE] = base64.b64encode(key.sign(SIGNING_PREFIX + result[TAGMANIFEST])) + b"\n"
    return result


def flip(data: bytes, position: int | None = None) -> bytes:
    """``data`` with one byte changed (in the middle unless told)."""
    at = len(data) // 2 if position is None else position
    return data[:at] + bytes([data[at] ^ 0x01]) + data[at + 1 :]


def lines(data: bytes) -> list[bytes]:
    return data[:-1].split(b"\n") if data else []


def join(items: list[bytes]) -> bytes:
    return b"".join(i + b"\n" for i in items)
