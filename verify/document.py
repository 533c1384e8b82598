"""``gongkai-verify document``: was this exact file published, when, by whom, is it still
the current version, was it corrected or withdrawn — proven up to a signed checkpoint.

Usage::

    report = verify_document(sha256_of_file(Path("通知.pdf")), "export.jsonl", vkey)
    report = verify_document(sha256, "https://gongkai.example.gov.cn", vkey)

Offline (an export file): the export is verified in full, exactly as ``gongkai-verify
export`` does; as it streams past, the entries citing the document (see
``verify._document_answer``) and every later entry of their streams are kept, with all
leaf hashes (32 bytes per entry), from which each kept entry's RFC 9162 inclusion proof
is computed and checked against the signed checkpoint.

Online (a server URL). The server's public read API — **contract**:

- ``GET {base}/v1/checkpoint`` → ``text/plain``: the latest signed checkpoint note.
- ``GET {base}/v1/documents/{sha256}`` → ``{"sha256": "<hex>", "entries": [{"index": i,
  "entry": {…the full entry object…}}, …]}``: every entry whose data cite the hash
  (``content_sha256``, ``redacted_sha256``, ``letter_sha256``, ``content_sha256s``) and
  every later entry of the same streams, in log order; an empty list (or 404) when none does.
- ``GET {base}/v1/proof/inclusion?index=i&size=n`` → ``{"index": i, "tree_size": n,
  "leaf_hash": "<hex>", "hashes": ["<hex>", …]}``.
- ``GET {base}/v1/keys`` → ``{"entries": [{"index": i, "entry": {…}}, …]}``: every
  ``Keyring`` entry, in log order.

Online steps:
1. the listings are read first, then the checkpoint, which must be signed by the
   verifier key; every listed index must fall inside it;
2. every listed entry (keyring and document) has an inclusion proof of its canonical
   bytes against that checkpoint;
3. the key registry is replayed from the keyring entries in log order, and each
   document entry is checked at its own index (key registered by the root, unrevoked,
   held by its actor with the role its type needs) and its signature verified;
4. consecutive entries of a stream are chained (seq + 1, ``prev`` = leaf hash), and
   after the first citation no seq is skipped.

What online mode cannot prove: that the server listed the *last* entries of a stream
(a correction or withdrawal, or a key revocation at the end of the keyring, could be
left out). An export check can; see docs/threat-model.md.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from verify._document_answer import Found, StreamAnswer, answer, cites
from verify._remote import Remote, http_remote
from verify.entry import Entry
from verify.errors import (
    ChainBroken,
    EntryRejected,
    InputError,
    ProofInvalid,
    VerificationError,
    WrongLog,
)
from verify.export import verify_export
from verify.hashes import is_sha256_hex
from verify.log import LogVerifier
from verify.merkle import node_hash, verify_inclusion
from verify.note import Checkpoint, Vkey, verify_checkpoint
from verify.proofs import check_inclusion

__all__ = [
    "DocumentReport",
    "Remote",
    "http_remote",
    "sha256_of_file",
    "verify_document",
    "verify_document_export",
    "verify_document_online",
]


@dataclass(frozen=True, slots=True)
class DocumentReport:
    """What the log, verified up to ``checkpoint``, says about one document."""

    sha256: str
    checkpoint: Checkpoint
    note: str
    answers: list[StreamAnswer]
    proofs: dict[int, list[str]]
    source: str  # "export" or "server"

    @property
    def found(self) -> bool:
        return bool(self.answers)

    def lines(self) -> list[str]:
        """The human report, Chinese and English. Raises nothing."""
        cp = self.checkpoint
        if not self.found:
            return [
                f"未找到 NOT FOUND — no entry of log {cp.origin} up to checkpoint size "
                f"{cp.size} cites sha256 {self.sha256}"
            ]
        lines = [f"文件 document sha256 {self.sha256} — 日志 log {cp.origin}"]
        for item in self.answers:
            lines += [f"流 stream {item.stream}:", *(f"  {line}" for line in item.lines)]
        lines.append(
            f"包含证明 inclusion proofs of {len(self.proofs)} entries verified against the "
            f"signed checkpoint (size {cp.size}, root {cp.root_hash.hex()})"
        )
        if self.source == "server":
            lines.append(
                "注意 note: a server can leave out the latest entries of a stream; "
                "verify an export to rule that out"
            )
        return lines

    def to_json(self) -> dict[str, Any]:
        """The report as one JSON object (proofs in the contract's proof JSON)."""
        return {
            "valid": True,
            "found": self.found,
            "sha256": self.sha256,
            "source": self.source,
            "origin": self.checkpoint.origin,
            "checkpoint": self.note,
            "answers": [self._answer_json(a) for a in self.answers],
        }

    def _answer_json(self, item: StreamAnswer) -> dict[str, Any]:
        published = item.published.index if item.published else None
        return {
            "stream": item.stream,
            "status": item.status,
            "published_index": published,
            "lines": list(item.lines),
            "entries": [self._entry_json(f) for f in item.entries],
        }

    def _entry_json(self, found: Found) -> dict[str, Any]:
        e = found.entry
        proof = {
            "index": found.index,
            "tree_size": self.checkpoint.size,
            "leaf_hash": found.leaf.hex(),
            "hashes": self.proofs[found.index],
        }
        meta = {"type": e.type, "seq": e.seq, "at": e.at, "actor": e.actor, "data": e.data}
        return {"index": found.index, **meta, "proof": proof}


def sha256_of_file(path: Path) -> str:
    """Hex SHA-256 of a file's bytes. Raises InputError if it cannot be read."""
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror}") from None
    return digest.hexdigest()


def verify_document(
    sha256: str, ledger: str, vkey: Vkey, *, jobs: int = 1, timeout: float = 10.0
) -> DocumentReport:
    """Answer for ``sha256`` from an export path or a server URL.

    Raises InputError (unreadable input, network failure) or VerificationError.
    """
    if not is_sha256_hex(sha256):
        raise InputError("a document hash is 64 lowercase hex digits")
    if ledger.startswith(("http://", "https://")):
        return verify_document_online(sha256, vkey, http_remote(ledger, timeout))
    return verify_document_export(sha256, Path(ledger), vkey, jobs=jobs)


# -- offline --------------------------------------------------------------------------


class _Collector:
    """Keeps every leaf hash, and the entries of streams citing the document."""

    def __init__(self, sha256: str) -> None:
        self.sha256 = sha256
        self.found: list[Found] = []
        self.streams: set[str] = set()
        self.leaves = bytearray()

    def observe(self, index: int, entry: Entry) -> None:
        leaf = entry.leaf_hash()
        self.leaves += leaf
        if entry.stream in self.streams or cites(entry.data, self.sha256):
            self.streams.add(entry.stream)
            self.found.append(Found(index, entry, leaf))


def verify_document_export(sha256: str, path: Path, vkey: Vkey, *, jobs: int = 1) -> DocumentReport:
    """Verify the whole export and answer for ``sha256`` from it.

    Raises InputError or VerificationError as ``verify_export`` does.
    """
    collector = _Collector(sha256)
    report = verify_export(path, vkey, jobs=jobs, observe=collector.observe)
    paths = inclusion_proofs(collector.leaves, [f.index for f in collector.found])
    for found in collector.found:  # the generator, checked by the RFC verifier
        verify_inclusion(
            found.index, report.entries, found.leaf, paths[found.index], report.checkpoint.root_hash
        )
    proofs = {i: [h.hex() for h in path] for i, path in paths.items()}
    answers = answer(sha256, collector.found)
    return DocumentReport(sha256, report.checkpoint, report.note, answers, proofs, "export")


def inclusion_proofs(leaves: bytes | bytearray, indices: Iterable[int]) -> dict[int, list[bytes]]:
    """RFC 9162 inclusion proofs of ``indices`` in the tree of ``leaves`` (32 bytes each).

    Pairing each level and lifting an odd last node builds the RFC tree, so a leaf's
    audit path is its node's sibling on every level where it has one: one pass over the
    tree however many proofs. Raises InputError for an index outside the tree.
    """
    level, width = bytes(leaves), len(leaves) // 32
    paths: dict[int, list[bytes]] = {}
    for index in indices:
        if not 0 <= index < width:
            raise InputError(f"leaf index {index} is outside a tree of size {width}")
        paths[index] = []
    positions = {index: index for index in paths}
    while width > 1:
        for index, path in paths.items():
            sibling = positions[index] ^ 1
            if sibling < width:
                path.append(level[sibling * 32 : sibling * 32 + 32])
            positions[index] >>= 1
        level, width = _parents(level, width), (width + 1) // 2
    return paths


def _parents(level: bytes, width: int) -> bytes:
    pairs = range(0, width // 2 * 64, 64)
    parents = b"".join(node_hash(level[i : i + 32], level[i + 32 : i + 64]) for i in pairs)
    return parents + (level[-32:] if width % 2 else b"")


# -- online ---------------------------------------------------------------------------


def verify_document_online(sha256: str, vkey: Vkey, remote: Remote) -> DocumentReport:
    """Answer for ``sha256`` from a server's listings, checked as the module describes.

    Raises InputError (malformed or unreachable answers) or VerificationError (a check
    failed; ``EntryRejected`` names the entry).
    """
    listing = _listing(remote.document(sha256), "document listing", sha256)
    keyring = _listing(remote.keys(), "key listing")
    if any(not f.entry.type.startswith("Keyring.") for f in keyring):
        raise InputError("the key listing holds entries that are not Keyring entries")
    note = remote.checkpoint()
    checkpoint = verify_checkpoint(note, vkey)
    entries = _merge(keyring, listing)
    proofs = {f.index: _proven(f, remote, checkpoint) for f in entries}
    _replay(entries, checkpoint.origin)
    answers = answer(sha256, listing)
    return DocumentReport(sha256, checkpoint, note, answers, proofs, "server")


def _listing(obj: Any, what: str, sha256: str | None = None) -> list[Found]:
    if not isinstance(obj, dict) or not isinstance(obj.get("entries"), list):
        raise InputError(f"the {what} is not an object with a list of entries")
    if sha256 is not None and obj.get("sha256") != sha256:
        raise InputError(f"the {what} is for another document")
    found = []
    for item in obj["entries"]:
        index = item.get("index") if isinstance(item, dict) else None
        if not isinstance(index, int) or isinstance(index, bool) or index < 0:
            raise InputError(f"the {what} has an item without a valid log index")
        entry = _entry(item.get("entry"), index)
        found.append(Found(index, entry, entry.leaf_hash()))
    return found


def _entry(obj: Any, index: int) -> Entry:
    try:
        return Entry.from_json(obj)
    except InputError as exc:
        raise EntryRejected(exc, index, None) from None


def _merge(*listings: list[Found]) -> list[Found]:
    by_index: dict[int, Found] = {}
    for found in (f for listing in listings for f in listing):
        known = by_index.setdefault(found.index, found)
        if known.leaf != found.leaf:
            raise InputError(f"two different entries are listed at log index {found.index}")
    return [by_index[i] for i in sorted(by_index)]


def _proven(found: Found, remote: Remote, checkpoint: Checkpoint) -> list[str]:
    """The entry's inclusion proof hashes, checked.

    Raises EntryRejected (a check failed), InputError (the proof could not be fetched).
    """
    try:
        if found.entry.log != checkpoint.origin:
            raise WrongLog(f"the entry belongs to log {found.entry.log!r}")
        if found.index >= checkpoint.size:
            raise ProofInvalid(f"the entry is beyond the checkpoint of size {checkpoint.size}")
        proof = _check_proof(found, remote.inclusion(found.index, checkpoint.size), checkpoint)
    except VerificationError as exc:
        raise EntryRejected(exc, found.index, found.entry) from None
    return list(proof["hashes"])


def _check_proof(found: Found, proof: Any, checkpoint: Checkpoint) -> dict[str, Any]:
    """Raises ProofInvalid or RootMismatch unless ``proof`` proves ``found``."""
    if not isinstance(proof, dict) or proof.get("index") != found.index:
        raise ProofInvalid("the inclusion proof is not for this entry's index")
    if proof.get("leaf_hash", found.leaf.hex()) != found.leaf.hex():
        raise ProofInvalid("the inclusion proof is for another leaf hash")
    try:
        check_inclusion(checkpoint, proof, found.leaf)
    except InputError as exc:  # a malformed proof proves nothing
        raise ProofInvalid(exc.message) from None
    return proof


def _replay(entries: list[Found], origin: str) -> None:
    """Registry at each position, signatures, and chains, by ``LogVerifier`` itself.

    The verifier sees only the listed entries, so each stream's head is set from its
    first listed entry (whose inclusion is proven) and its log index is set per entry.
    Raises EntryRejected.
    """
    verifier = LogVerifier(origin=origin)
    for found in entries:
        entry = found.entry
        if entry.stream not in verifier.heads and not entry.type.startswith("Keyring."):
            if entry.seq > 1 and entry.prev is None:
                raise EntryRejected(ChainBroken("prev is null after seq 1"), found.index, entry)
            if entry.seq > 1 and entry.prev is not None:
                verifier.heads[entry.stream] = (entry.seq - 1, entry.prev)
        verifier.size = found.index
        verifier.add(entry.raw)
