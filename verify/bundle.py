"""Offline verification of a Gongkai evidence bundle (DESIGN.md, "Evidence bundle").

A bundle is a zipped BagIt bag (RFC 8493) whose payload is laid out as
``verify.bundle_format`` describes, and whose tag manifest is signed by the log key:
``tagmanifest-signature.txt`` holds the standard base64 of the Ed25519 signature over
``b"gongkai-bundle:v1\\n" ‖ bytes of tagmanifest-sha256.txt``. The tag manifest fixes
``manifest-sha256.txt``, which fixes every payload file, so the one signature covers
the whole bag. The checks, in order (the first failure is raised):

1. the zip is readable and holds one bag directory (else ``InputError``);
2. the tag manifest is signed by VKEY (``BUNDLE_SIGNATURE_INVALID``);
3. ``bagit.txt``, ``bag-info.txt`` and ``manifest-sha256.txt`` match the tag manifest,
   ``bagit.txt`` declares BagIt 1.0, bag-info names this format and this log;
4. every payload file matches the manifest, none is unlisted, Payload-Oxum agrees;
5. ``data/checkpoint.txt`` is a checkpoint of this log signed by VKEY;
6. every entry and keyring entry is canonical and of this log, and its inclusion proof
   (same line of the sibling proofs file) leads from its leaf hash to the checkpoint's
   root; log indices strictly increase (so they are distinct and in log order);
7. the keyring entries are the keyring stream's unbroken chain from ``RootDeclared`` at
   index 0; replaying them in log order, each selected entry's key is checked against
   the registry as it stood at that entry's index (registered, unrevoked, held by the
   actor, with the role its type needs), and its signature verified;
8. within each stream, entries with consecutive seq are linked by ``prev``; the entries
   are what ``Gongkai-Selection`` names (a stream or request complete from seq 1);
9. every disclosed value and nonce open the sealed field they name;
10. every content file hashes to its name and is cited; every cited hash is present
    or declared missing in bag-info.

What no verifier can check from a bundle alone: that the log key's holder left no
entry out (a later revocation, say). The signature over the bag is its statement
that it did not; ``gongkai-verify export`` checks the whole log.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from verify._bundle_checks import (
    Proven,
    check_chains,
    check_content,
    check_disclosures,
    check_keyring_chain,
    check_selection,
    check_signers,
    checking,
    load_proven,
)
from verify.bag import SIGNATURE, TAGMANIFEST, Bag
from verify.bundle_format import (
    BUNDLE_FORMAT,
    CHECKPOINT,
    ENTRIES,
    INFO_FORMAT,
    INFO_MISSING,
    INFO_ORIGIN,
    INFO_SELECTION,
    KEYRING,
    KEYRING_PROOFS,
    PROOFS,
    SIGNING_PREFIX,
    Selection,
)
from verify.errors import (
    BundleSignatureInvalid,
    InputError,
    MemberRejected,
    SignatureInvalid,
    WrongLog,
)
from verify.note import Checkpoint, Vkey, verify_checkpoint

__all__ = ["BundleReport", "BundleSignatureInvalid", "MemberRejected", "verify_bundle"]


@dataclass
class BundleReport:
    """What a valid bundle proved."""

    origin: str
    selection: str
    checkpoint: Checkpoint
    entries: int
    keyring: int
    streams: dict[str, tuple[int, int, int]]
    disclosed: int
    content: list[str]
    content_missing: list[str]
    bagging_date: str
    warnings: list[str] = field(default_factory=list)
    note: str = ""  # the checkpoint note as the bundle carries it (with cosignatures)

    def to_json(self) -> dict[str, Any]:
        return {
            "valid": True,
            "origin": self.origin,
            "selection": self.selection,
            "tree_size": self.checkpoint.size,
            "root": self.checkpoint.root_hash.hex(),
            "entries": self.entries,
            "keyring_entries": self.keyring,
            "streams": {
                s: {"first_seq": a, "last_seq": b, "entries": n}
                for s, (a, b, n) in self.streams.items()
            },
            "disclosed_fields": self.disclosed,
            "content_files": self.content,
            "content_missing": self.content_missing,
            "bagging_date": self.bagging_date,
            "warnings": self.warnings,
        }


@dataclass(frozen=True, slots=True)
class _Info:
    selection: Selection
    missing: list[str]
    bagging_date: str


def verify_bundle(path: Path, vkey: Vkey) -> BundleReport:
    """Verify an evidence bundle against the log's verifier key (steps 1-10 above).

    Raises InputError (unreadable or not a bundle) or a VerificationError naming the
    failed check, the bag member and the line.
    """
    bag = Bag.from_zip(path)
    _check_signature(bag, vkey)
    fields = bag.check_tags()
    info = _read_info(fields, vkey)
    bag.check_payload(fields)
    files = bag.payload()
    for member in (CHECKPOINT, ENTRIES, PROOFS, KEYRING, KEYRING_PROOFS):
        bag.require(member)
    note = _text(files[CHECKPOINT])
    with checking(CHECKPOINT):
        checkpoint = verify_checkpoint(note, vkey)
    entries = load_proven(files, (ENTRIES, PROOFS), checkpoint)
    keyring = load_proven(files, (KEYRING, KEYRING_PROOFS), checkpoint)
    check_keyring_chain(keyring)
    check_signers(keyring, entries)
    check_chains(entries)
    check_selection(info.selection, entries)
    disclosed = check_disclosures(files, entries)
    present, missing = check_content(files, entries, info.missing)
    return BundleReport(
        origin=vkey.name,
        selection=info.selection.to_text(),
        checkpoint=checkpoint,
        entries=len(entries),
        keyring=len(keyring),
        streams=_streams(entries),
        disclosed=disclosed,
        content=present,
        content_missing=missing,
        bagging_date=info.bagging_date,
        note=note,
    )


def _check_signature(bag: Bag, vkey: Vkey) -> None:
    tagmanifest = bag.require(TAGMANIFEST)
    raw = bag.files.get(SIGNATURE)
    if raw is None:
        raise BundleSignatureInvalid(f"the bag has no {SIGNATURE}: it is not signed")
    try:
        text = raw.decode("ascii").removesuffix("\n")
        signature = base64.b64decode(text, validate=True)
    except (UnicodeDecodeError, binascii.Error, ValueError):
        raise BundleSignatureInvalid(f"{SIGNATURE} does not hold a base64 signature") from None
    if len(signature) != 64 or base64.b64encode(signature).decode("ascii") != text:
        raise BundleSignatureInvalid(f"{SIGNATURE} does not hold one Ed25519 signature")
    try:
        vkey.verify(SIGNING_PREFIX + tagmanifest, signature)
    except SignatureInvalid:
        raise BundleSignatureInvalid(
            f"the tag manifest's signature does not verify with the key of {vkey.name}: "
            "the bag was altered, or made by another log",
            key=vkey.to_text(),
        ) from None


def _read_info(fields: list[tuple[str, str]], vkey: Vkey) -> _Info:
    values: dict[str, list[str]] = {}
    for label, value in fields:
        values.setdefault(label, []).append(value)
    if values.get(INFO_FORMAT) != [BUNDLE_FORMAT]:
        raise InputError(f"bag-info.txt does not declare {INFO_FORMAT}: {BUNDLE_FORMAT}")
    origin = values.get(INFO_ORIGIN, [""])[0]
    if origin != vkey.name:
        raise WrongLog(
            f"the bundle is of log {origin!r}, the verifier key of {vkey.name!r}",
            expected=vkey.name,
            actual=origin,
        )
    with checking("bag-info.txt"):
        selection = Selection.from_text(values.get(INFO_SELECTION, [""])[0])
    return _Info(selection, values.get(INFO_MISSING, []), values.get("Bagging-Date", [""])[0])


def _text(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise InputError("not UTF-8") from None


def _streams(entries: list[Proven]) -> dict[str, tuple[int, int, int]]:
    streams: dict[str, tuple[int, int, int]] = {}
    for item in entries:
        first, _, count = streams.get(item.entry.stream, (item.entry.seq, 0, 0))
        streams[item.entry.stream] = (first, item.entry.seq, count + 1)
    return streams
