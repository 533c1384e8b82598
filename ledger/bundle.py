"""``gongkai bundle``: an evidence bundle for a court or an inspector.

A zipped BagIt bag (RFC 8493) whose payload layout is the wire format in
``verify.bundle_format`` and whose checks are ``verify.bundle``. Selections:

- ``stream ID``: every entry of that stream;
- ``request NUMBER``: the stream of the DisclosureRequest whose ``Received`` entry has
  ``data.number == NUMBER``;
- ``officer ID FROM/TO``: every entry whose actor is ID, dated FROM to TO inclusive in
  China Standard Time.

Pending entries are integrated first; every entry, and every Keyring entry up to the
last selected one, gets an inclusion proof against the one latest checkpoint. Sealed
fields are opened (value and nonce from the vault) only for ``disclose`` and only when
the acting officer holds ``inspector`` or ``office_head``. The tag manifest is signed
by the log key: ``tagmanifest-signature.txt`` = base64(Ed25519(b"gongkai-bundle:v1\\n"
‖ tagmanifest-sha256.txt)) and a newline. ``ledger._bundle_bag`` writes the zip
(atomically), ``ledger._bundle_report`` the pages for people.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from ledger._bundle_bag import bag_info, tag_files, write_zip
from ledger._bundle_report import ReportInput, render_report, verify_text
from ledger._bundle_select import Row, keyring_rows, select
from ledger.errors import BundleError, DisclosureRefused, IntegrityFailure, SelectionEmpty
from ledger.keys import raw_public_key
from ledger.ledger import Ledger
from ledger.vault import Vault
from verify.bundle_format import (
    CHECKPOINT,
    CONTENT_DIR,
    DISCLOSED,
    ENTRIES,
    KEYRING,
    KEYRING_PROOFS,
    PROOFS,
    REPORT,
    SIGNING_PREFIX,
    VERIFY_TXT,
    Disclosure,
    Selection,
    cited_hashes,
    sealed_paths,
)
from verify.hashes import is_sha256_hex
from verify.note import Checkpoint, SignedNote, Vkey

ContentSource = Callable[[str], bytes | None]
DISCLOSING_ROLES = frozenset({"inspector", "office_head"})
LOG_HOLDER = "log"  # the holder genesis registers the log key under

__all__ = [
    "BundleError",
    "BundleSummary",
    "ContentSource",
    "DisclosureRefused",
    "Selection",
    "SelectionEmpty",
    "write_bundle",
]


@dataclass(frozen=True)
class Gathered:
    """Everything a bundle holds, read from the ledger before anything is written."""

    note: str
    size: int
    rows: list[Row]
    keyring: list[Row]
    disclosed: list[Disclosure]
    unavailable: list[str]
    files: dict[str, bytes]
    missing: list[str]


@dataclass(frozen=True)
class BundleSummary:
    path: Path
    selection: str
    entries: int
    keyring: int
    tree_size: int
    content: list[str]
    content_missing: list[str]
    disclosed: int
    unavailable: list[str]
    vkey: str


def write_bundle(
    ledger: Ledger,
    selection: Selection,
    out: Path,
    *,
    at: datetime,
    content: ContentSource | None = None,
    disclose: Sequence[str] = (),
    as_officer: str | None = None,
    organization: str | None = None,
    progress: Callable[[str], None] | None = None,
) -> BundleSummary:
    """Select, prove and write the bundle to ``out``.

    Raises SelectionEmpty, DisclosureRefused, BundleError, IntegrityFailure (the tree,
    a vault value or a content file disagrees with an entry), or a LedgerError.
    """
    say = progress or (lambda _: None)
    if disclose:
        check_disclosing(ledger, as_officer)
    got = gather(ledger, selection, content, disclose)
    say(f"{len(got.rows)} entries, {len(got.keyring)} key registry entries, tree size {got.size}")
    say(f"{len(got.files)} content files, {len(got.missing)} missing")
    say(f"{len(got.disclosed)} sealed fields disclosed")
    vkey = ledger.vkey()
    organization = organization or ledger.origin
    report = _report_input(ledger, got, selection, organization, at, out.name)
    payload = _payload(ledger, got, report, with_disclosures=bool(disclose))
    info = bag_info(
        organization=organization,
        origin=ledger.origin,
        vkey=vkey.to_text(),
        selection=selection.to_text(),
        size=got.size,
        at=at,
        payload=payload,
        missing=got.missing,
    )
    members = tag_files(info, payload, lambda tags: _sign(ledger, vkey, tags))
    write_zip(out, members + list(payload.items()), at)
    say(f"wrote {out}")
    return _summary(out, selection, got, vkey)


def _summary(out: Path, selection: Selection, got: Gathered, vkey: Vkey) -> BundleSummary:
    return BundleSummary(
        path=out,
        selection=selection.to_text(),
        entries=len(got.rows),
        keyring=len(got.keyring),
        tree_size=got.size,
        content=sorted(got.files),
        content_missing=got.missing,
        disclosed=len(got.disclosed),
        unavailable=got.unavailable,
        vkey=vkey.to_text(),
    )


def gather(
    ledger: Ledger, selection: Selection, content: ContentSource | None, disclose: Sequence[str]
) -> Gathered:
    """Integrate, take the latest checkpoint, and read what the bundle will hold.

    Raises SelectionEmpty, BundleError or IntegrityFailure.
    """
    ledger.integrate()
    note = ledger.checkpoint_note()
    size = Checkpoint.from_body(SignedNote.from_text(note).body).size
    rows = select(ledger, selection, size)
    keyring = keyring_rows(ledger, rows[-1].index + 1)
    disclosed, unavailable = _disclosures(ledger, rows, disclose)
    files, missing = _content(rows, content)
    return Gathered(note, size, rows, keyring, disclosed, unavailable, files, missing)


def disclosable(
    ledger: Ledger, selection: Selection, fields: Sequence[str]
) -> dict[str, list[str]]:
    """The streams of the selection whose sealed ``fields`` a disclosure would open,
    with the field names: what ``PersonalData.Opened`` must record before the bundle is
    written. Raises SelectionEmpty, BundleError."""
    ledger.integrate()
    size = Checkpoint.from_body(SignedNote.from_text(ledger.checkpoint_note()).body).size
    wanted = {f.removeprefix("data.") for f in fields}
    found: dict[str, set[str]] = {}
    for row in select(ledger, selection, size):
        for path, _ in sealed_paths(row.entry.data):
            name = _wanted_name(path, wanted)
            if name is not None:
                top = re.split(r"[.\[]", name, maxsplit=1)[0]
                found.setdefault(row.entry.stream, set()).add(top)
    return {stream: sorted(names) for stream, names in found.items()}


def _report_input(
    ledger: Ledger, got: Gathered, selection: Selection, organization: str, at: datetime, name: str
) -> ReportInput:
    return ReportInput(
        origin=ledger.origin,
        organization=organization,
        selection=selection.to_text(),
        checkpoint_note=got.note,
        vkey=ledger.vkey().to_text(),
        at=at,
        entries=[(r.index, r.entry, r.leaf) for r in got.rows],
        keyring=[(r.index, r.entry) for r in got.keyring],
        disclosed={(d.leaf_hash, d.field): d.value for d in got.disclosed},
        unavailable=got.unavailable,
        content={h: len(b) for h, b in got.files.items()},
        missing=got.missing,
        filename=name,
    )


def _payload(
    ledger: Ledger, got: Gathered, report: ReportInput, *, with_disclosures: bool
) -> dict[str, bytes]:
    # The order here is the order of the members in the zip.
    payload = {
        VERIFY_TXT: verify_text(report).encode("utf-8"),
        REPORT: render_report(report).encode("utf-8"),
        CHECKPOINT: got.note.encode("utf-8"),
        ENTRIES: b"".join(r.raw + b"\n" for r in got.rows),
        PROOFS: _proof_lines(ledger, got.rows, got.size),
        KEYRING: b"".join(r.raw + b"\n" for r in got.keyring),
        KEYRING_PROOFS: _proof_lines(ledger, got.keyring, got.size),
    }
    if with_disclosures:
        payload[DISCLOSED] = _json([d.to_json() for d in got.disclosed])
    payload.update({CONTENT_DIR + h: b for h, b in sorted(got.files.items())})
    return payload


def check_disclosing(ledger: Ledger, as_officer: str | None) -> None:
    if as_officer is None:
        raise DisclosureRefused("disclosing sealed fields needs --as OFFICER")
    key = ledger.key_of(as_officer)
    if key is None:
        raise DisclosureRefused(f"{as_officer} holds no registered, unrevoked key")
    if not key.roles & DISCLOSING_ROLES:
        raise DisclosureRefused(
            f"{as_officer} may not disclose sealed fields: needs inspector or office_head",
            actor=as_officer,
        )


def _disclosures(
    ledger: Ledger, rows: Sequence[Row], fields: Sequence[str]
) -> tuple[list[Disclosure], list[str]]:
    wanted = {f.removeprefix("data.") for f in fields}
    found: set[str] = set()
    disclosed, unavailable = [], []
    for row in rows:
        for path, sealed in sealed_paths(row.entry.data):
            name = _wanted_name(path, wanted)
            if name is None:
                continue
            found.add(name)
            opened = Vault(ledger.backend).opening(sealed, path)
            if opened is None:
                unavailable.append(f"{row.leaf} {path}")
            else:
                disclosed.append(Disclosure(row.leaf, path, *opened))
    if wanted - found:
        raise BundleError(f"no sealed field {sorted(wanted - found)[0]!r} in the selection")
    return disclosed, unavailable


def _wanted_name(path: str, wanted: set[str]) -> str | None:
    # "applicant" opens data.applicant and everything sealed inside it.
    name = path.removeprefix("data.")
    top = re.split(r"[.\[]", name, maxsplit=1)[0]
    return name if name in wanted else top if top in wanted else None


def _content(
    rows: Sequence[Row], source: ContentSource | None
) -> tuple[dict[str, bytes], list[str]]:
    files: dict[str, bytes] = {}
    missing: list[str] = []
    for digest in dict.fromkeys(h for r in rows for h in cited_hashes(r.entry.data)):
        data = source(digest) if source is not None and is_sha256_hex(digest) else None
        if data is None:
            missing.append(digest)
        elif hashlib.sha256(data).hexdigest() != digest:
            raise IntegrityFailure(f"the content store's file {digest} has another SHA-256")
        else:
            files[digest] = data
    return files, missing


def _proof_lines(ledger: Ledger, rows: Sequence[Row], size: int) -> bytes:
    lines = []
    for row in rows:
        proof = ledger.inclusion_proof(row.index, size)
        if proof.leaf_hash != row.leaf:
            raise IntegrityFailure(f"leaf {row.index} of the tree is not the stored entry")
        lines.append(_json(proof.to_json()))
    return b"".join(lines)


def _json(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8") + b"\n"


def _sign(ledger: Ledger, vkey: Vkey, tagmanifest: bytes) -> bytes:
    key = ledger.key_of(LOG_HOLDER)
    if key is None:
        raise BundleError("the log key is not registered: cannot sign the bundle")
    private = ledger.keys.private_key(key.key_id)
    if Vkey.for_key(ledger.origin, raw_public_key(private.public_key())) != vkey:
        raise BundleError("the registered log key is not the log's verifier key")
    return base64.b64encode(private.sign(SIGNING_PREFIX + tagmanifest)) + b"\n"
