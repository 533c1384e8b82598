"""How the golden exports in this folder were made (``gongkai-verify export`` vectors).

Rebuild them, from the project root, with::

    .venv/bin/python tests/vectors/exports/make_vectors.py

1. ``build_export`` makes a small ledger on SQLite — genesis, five officers each with one
   role, the information items and the request of ``fill`` — and writes its export
   with ``ledger.export.export``. A second, unrelated ledger of the same origin is
   built the same way (for the splice).
2. ``valid.jsonl`` is the first export; ``vkey.txt`` its verifier key.
3. Each negative case is the valid export with one thing changed (``MUTATIONS``),
   written as ``<name>.jsonl``; ``expected.json`` records the exit status, the error
   code and (for entry-level failures) the log index ``gongkai-verify export`` must
   report. Keys are fresh on every run, so rebuilding changes every byte but no
   expectation.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import sys
import tempfile
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from ledger.events import NewEvent, Sealed
from ledger.export import export
from ledger.ledger import Ledger, new_stream_id
from verify.canonical import canonical_bytes

HERE = Path(__file__).parent
ORIGIN = "vectors.gongkai.local/gongkai"
T0 = datetime(2026, 3, 2, 1, 30, tzinfo=UTC)
OFFICERS = {
    "dana": ["drafter"],
    "ari": ["attribute_reviewer"],
    "sam": ["secrecy_reviewer"],
    "paul": ["approver"],
    "rhea": ["request_handler"],
}
# The documents the items publish: label -> exact bytes (their SHA-256 is what is signed).
CONTENT = {
    label: f"关于印发某某办法的通知 — {label}\n".encode()
    for label in ("A1", "B1", "B2", "C1", "D1", "D1-redacted", "E1", "X1", "never-recorded")
}


def sha(label: str) -> str:
    return hashlib.sha256(CONTENT[label]).hexdigest()


class _Writer:
    """Appends events to streams in order, one minute apart."""

    def __init__(self, ledger: Ledger) -> None:
        self.ledger = ledger
        self.seqs: dict[str, int] = {}
        self.minute = 0

    def add(self, stream: str, actor: str, type_: str, **data: Any) -> None:
        seq = self.seqs.get(stream, 0)
        self.minute += 1
        at = T0 + timedelta(minutes=self.minute)
        self.ledger.append(stream, seq, [NewEvent(type_, data)], actor, at)
        self.seqs[stream] = seq + 1


def _publish(w: _Writer, stream: str, label: str, on: str, *, review: bool = True) -> None:
    if review:
        w.add(stream, "sam", "InformationItem.SecrecyReviewed", **_secrecy(label))
    w.add(stream, "paul", "InformationItem.Approved", content_sha256=sha(label))
    w.add(
        stream,
        "paul",
        "InformationItem.Published",
        content_sha256=sha(label),
        channel="门户网站",
        url=f"https://gongkai.example.gov.cn/{label}",
        published_on=on,
        publish_by="2026-03-30",
        publish_by_provisional=False,
        late=False,
    )


def _secrecy(label: str, redacted: str | None = None, subject: str = "version") -> dict[str, Any]:
    return {
        "subject": subject,
        "content_sha256": sha(label),
        "result": "passed_with_redactions" if redacted else "passed",
        "legal_basis": "《保密法》第九条" if redacted else None,
        "redacted_sha256": sha(redacted) if redacted else None,
    }


def _drafted(w: _Writer, label: str, attribute: str = "proactive") -> str:
    stream = new_stream_id()
    w.add(
        stream,
        "dana",
        "InformationItem.Drafted",
        title=f"关于印发某某办法的通知（{label}）",
        category="normative_documents",
        doc_number=f"某政办发〔2026〕{len(w.seqs) + 1}号",
        formed_on="2026-03-02",
        content_sha256=sha(label),
        proposed_attribute=attribute,
        attribute_basis="涉及公众切身利益",
    )
    w.add(stream, "ari", "InformationItem.AttributeReviewed", attribute=attribute, basis="同意")
    return stream


def fill(ledger: Ledger) -> dict[str, str]:
    """Record the scenario; return the item stream of each document label."""
    w = _Writer(ledger)
    a, b, c = _drafted(w, "A1"), _drafted(w, "B1"), _drafted(w, "C1")
    _publish(w, a, "A1", "2026-03-03")
    _publish(w, b, "B1", "2026-03-03")
    _publish(w, c, "C1", "2026-03-04")
    w.add(
        b,
        "dana",
        "InformationItem.Corrected",
        content_sha256=sha("B2"),
        previous_sha256=sha("B1"),
        changed_on="2026-03-05",
        reason="更正附件数据",
    )
    _publish(w, b, "B2", "2026-03-06")
    w.add(
        c,
        "paul",
        "InformationItem.Withdrawn",
        content_sha256=sha("C1"),
        reason="repealed_or_expired",
        legal_basis="某政发〔2026〕3号决定废止",
        withdrawn_on="2026-03-07",
    )
    d = _drafted(w, "D1")
    w.add(d, "sam", "InformationItem.SecrecyReviewed", **_secrecy("D1", redacted="D1-redacted"))
    _publish(w, d, "D1-redacted", "2026-03-08", review=False)
    e = _drafted(w, "E1", attribute="withheld")
    w.add(
        e,
        "paul",
        "InformationItem.NonDisclosureFiled",
        content_sha256=sha("E1"),
        ground="art14.state_secret",
        basis="《政府信息公开条例》第十四条",
    )
    w.add(a, "sam", "InformationItem.SecrecyReviewed", **_secrecy("X1", subject="clarification"))
    w.add(
        a,
        "paul",
        "InformationItem.ClarificationPublished",
        content_sha256=sha("X1"),
        clarifies="第三条所称“公共场所”的范围",
        channel="门户网站",
        url=None,
        published_on="2026-03-09",
    )
    request = new_stream_id()
    w.add(
        request,
        "rhea",
        "DisclosureRequest.Received",
        channel="online",
        received_on="2026-03-04",
        applicant=Sealed({"name": "张三", "id_number": "110101199001011234"}),
        applicant_type="natural_person",
    )
    w.add(
        request,
        "rhea",
        "DisclosureRequest.Answered",
        outcome="3.1",
        answered_on="2026-03-10",
        form="电子邮件",
        items=1,
        content_sha256s=[sha("A1")],
    )
    return {"A1": a, "B1": b, "B2": b, "C1": c, "D1": d, "D1-redacted": d, "E1": e, "X1": a}


def build_ledger(data_dir: Path, database_url: str, origin: str = ORIGIN) -> Ledger:
    """A ledger after genesis with the five officers' keys registered."""
    ledger = Ledger.open(data_dir, database_url)
    ledger.genesis(origin, T0)
    for officer, roles in OFFICERS.items():
        ledger.register_key(officer, roles, "signing", T0)
    return ledger


def build_export(directory: Path, origin: str = ORIGIN) -> tuple[bytes, str]:
    """Build the scenario on SQLite under ``directory``; return (export bytes, vkey)."""
    os.environ.setdefault("GONGKAI_KEY_PASSPHRASE", "make-vectors")
    ledger = build_ledger(directory / "data", f"sqlite:///{directory / 'ledger.db'}", origin)
    try:
        fill(ledger)
        export(ledger, directory / "export.jsonl")
        return (directory / "export.jsonl").read_bytes(), ledger.vkey().to_text()
    finally:
        ledger.close()


# -- the mutations ----------------------------------------------------------------------

Lines = list[bytes]
# Entry lines are file lines 2..n+1: the entry at log index i is line i + 2 (lines[i + 1]).
FIRST_ITEM_ENTRY = 7  # after genesis (2) and five officer keys (5): item A's Drafted


def _lines(data: bytes) -> Lines:
    return data.split(b"\n")[:-1]


def _join(lines: Lines) -> bytes:
    return b"".join(line + b"\n" for line in lines)


def _replace_in(line: bytes, old: bytes, new: bytes) -> bytes:
    at = line.index(old)
    return line[:at] + new + line[at + len(old) :]


def _change_at(lines: Lines) -> bytes:
    # a digit of the year of entry #9: still canonical JSON, but no longer what was signed
    line = lines[9 + 1]
    at = line.index(b'"at":"2') + 6
    lines[9 + 1] = line[:at] + b"3" + line[at + 1 :]
    return _join(lines)


def _checkpoint_root_byte(lines: Lines) -> bytes:
    note = json.loads(lines[-1])["checkpoint"]
    body_lines = note.split("\n")
    root = body_lines[2]
    body_lines[2] = ("B" if root[0] != "B" else "C") + root[1:]
    lines[-1] = canonical_bytes({"checkpoint": "\n".join(body_lines)})
    return _join(lines)


def _checkpoint_other_key(lines: Lines) -> bytes:
    # same body, same key name and key hash, signed by a key that is not the log key
    note = json.loads(lines[-1])["checkpoint"]
    body, signature_line = note.split("\n\n")
    name, blob = signature_line.removeprefix("\u2014 ").rstrip("\n").split(" ")
    key_hash = base64.b64decode(blob)[:4]
    forged = Ed25519PrivateKey.generate().sign((body + "\n").encode())
    line = f"\u2014 {name} {base64.b64encode(key_hash + forged).decode()}\n"
    lines[-1] = canonical_bytes({"checkpoint": body + "\n\n" + line})
    return _join(lines)


def _spliced(lines: Lines, other: Lines) -> bytes:
    # the other ledger's item entries replace this one's, from item A's Drafted on
    first = FIRST_ITEM_ENTRY + 1
    return _join(lines[:first] + other[first:-1] + lines[-1:])


def _swap(lines: Lines, i: int, j: int) -> bytes:
    lines[i + 1], lines[j + 1] = lines[j + 1], lines[i + 1]
    return _join(lines)


def _drop(lines: Lines, i: int) -> bytes:
    del lines[i + 1]
    return _join(lines)


# name -> (how the file is made from (valid lines, other export's lines), exit, code, index)
MUTATIONS: dict[str, tuple[Callable[[Lines, Lines], bytes], int, str, int | None]] = {
    "header_format_byte": (
        lambda v, o: _join([_replace_in(v[0], b"export/1", b"export/2"), *v[1:]]),
        2,
        "MALFORMED_INPUT",
        None,
    ),
    "header_origin_byte": (
        lambda v, o: _join([_replace_in(v[0], b"vectors.", b"vectorz."), *v[1:]]),
        1,
        "WRONG_LOG",
        None,
    ),
    "header_not_canonical": (
        lambda v, o: _join([v[0].replace(b'":"', b'": "', 1), *v[1:]]),
        1,
        "NOT_CANONICAL",
        None,
    ),
    "entry_at_byte": (lambda v, o: _change_at(v), 1, "SIGNATURE_INVALID", 9),
    "entry_breaks_json": (
        lambda v, o: _join([*v[:11], b"\xff" + v[11][1:], *v[12:]]),
        1,
        "MALFORMED_INPUT",
        10,
    ),
    "entry_not_canonical": (
        lambda v, o: _join([*v[:11], v[11].replace(b'{"actor"', b'{ "actor"', 1), *v[12:]]),
        1,
        "NOT_CANONICAL",
        10,
    ),
    "checkpoint_root_byte": (lambda v, o: _checkpoint_root_byte(v), 1, "SIGNATURE_INVALID", None),
    "checkpoint_other_key": (lambda v, o: _checkpoint_other_key(v), 1, "SIGNATURE_INVALID", None),
    # item A's SecrecyReviewed (#13) dropped: A's Approved, now #13, skips a seq
    "dropped_line": (lambda v, o: _drop(v, 13), 1, "SEQUENCE_GAP", 13),
    "duplicated_line": (lambda v, o: _join([*v[:10], v[9], *v[10:]]), 1, "SEQUENCE_GAP", 9),
    # two entries of one stream (A's Drafted #7, AttributeReviewed #8): seq out of order
    "swapped_lines_same_stream": (lambda v, o: _swap(v, 7, 8), 1, "SEQUENCE_GAP", 7),
    # entries of two streams (A's AttributeReviewed #8, B's Drafted #9): every chain
    # still holds, only the Merkle root tells
    "swapped_lines_two_streams": (lambda v, o: _swap(v, 8, 9), 1, "ROOT_MISMATCH", None),
    "spliced_from_other_ledger": (lambda v, o: _spliced(v, o), 1, "KEY_NOT_REGISTERED", 7),
    "checkpoint_dropped": (lambda v, o: _join(v[:-1]), 2, "MALFORMED_INPUT", None),
    "truncated_last_line": (lambda v, o: _join(v)[:-40], 2, "MALFORMED_INPUT", None),
    "empty": (lambda v, o: b"", 2, "MALFORMED_INPUT", None),
    "not_json": (lambda v, o: b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", 2, "MALFORMED_INPUT", None),
}


def mutate(name: str, valid: bytes, other: bytes) -> bytes:
    """The bytes of the negative case ``name``."""
    return MUTATIONS[name][0](_lines(valid), _lines(other))


def expected() -> dict[str, dict[str, Any]]:
    return {
        name: {"exit": status, "code": code, "log_index": index}
        for name, (_, status, code, index) in MUTATIONS.items()
    }


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "a").mkdir()
        (Path(tmp) / "b").mkdir()
        valid, vkey = build_export(Path(tmp) / "a")
        other, _ = build_export(Path(tmp) / "b")
    (HERE / "valid.jsonl").write_bytes(valid)
    (HERE / "vkey.txt").write_text(vkey + "\n", encoding="utf-8")
    for name in MUTATIONS:
        (HERE / f"{name}.jsonl").write_bytes(mutate(name, valid, other))
    text = json.dumps(expected(), indent=2, sort_keys=True)
    (HERE / "expected.json").write_text(text + "\n", encoding="utf-8")
    print(f"wrote valid.jsonl and {len(MUTATIONS)} negative cases to {HERE}", file=sys.stderr)


if __name__ == "__main__":
    main()
