"""``gongkai-verify document``: offline from an export, online from a server's read API.

The online mode is tested against a stdlib ``http.server`` serving canned answers made
from a real ledger (the scenario of ``tests/vectors/exports/make_vectors.py``), to the
contract in ``verify/document.py`` — not against the API, which is built separately.
"""

from __future__ import annotations

import contextlib
import io
import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from ledger.export import export
from ledger.ledger import Ledger
from tests.vectors.exports.make_vectors import CONTENT, build_ledger, fill, sha
from verify._document_answer import cites
from verify.cli import main
from verify.merkle import verify_inclusion
from verify.note import Checkpoint, SignedNote

STATUSES = {  # label -> the status of each citing stream, in log order
    "A1": ["current", "provided"],
    "B1": ["superseded"],
    "B2": ["current"],
    "C1": ["withdrawn"],
    "D1": ["not_published"],
    "D1-redacted": ["current"],
    "E1": ["withheld"],
    "X1": ["current"],
}


@dataclass
class Scenario:
    ledger: Ledger
    vkey: str
    export: Path
    files: Path
    entries: list[dict[str, Any]]  # every entry object, in log order
    other_checkpoint: str  # signed by another ledger's log key, same origin


@pytest.fixture(scope="module")
def scenario(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Scenario]:
    base = tmp_path_factory.mktemp("document")
    with pytest.MonkeyPatch.context() as env:
        env.setenv("GONGKAI_KEY_PASSPHRASE", "test-passphrase")
        ledger = build_ledger(base / "a", f"sqlite:///{base / 'a.db'}")
        other = build_ledger(base / "b", f"sqlite:///{base / 'b.db'}")
        fill(ledger)
        export(ledger, base / "export.jsonl")
        other.integrate()
        other_note = other.checkpoint_note()
        other.close()
    files = base / "files"
    files.mkdir()
    for label, content in CONTENT.items():
        (files / label).write_bytes(content)
    entries = [json.loads(raw) for raw in ledger.entries()]
    yield Scenario(
        ledger, ledger.vkey().to_text(), base / "export.jsonl", files, entries, other_note
    )
    ledger.close()


def run(*argv: str) -> tuple[int, dict[str, Any]]:
    with contextlib.redirect_stdout(io.StringIO()) as printed:
        status = main([*argv, "--json"])
    return status, json.loads(printed.getvalue())


def document(s: Scenario, label: str, ledger: str) -> tuple[int, dict[str, Any]]:
    return run("document", str(s.files / label), "--ledger", ledger, "--vkey", s.vkey)


# -- offline ---------------------------------------------------------------------------


@pytest.mark.parametrize("label", sorted(STATUSES))
def test_an_export_answers_for_each_document_with_its_status(
    scenario: Scenario, label: str
) -> None:
    status, answer = document(scenario, label, str(scenario.export))
    assert (status, answer["found"]) == (0, True)
    assert [a["status"] for a in answer["answers"]] == STATUSES[label]


def test_a_document_never_recorded_is_not_found_with_exit_status_1(scenario: Scenario) -> None:
    status, answer = document(scenario, "never-recorded", str(scenario.export))
    assert (status, answer["valid"], answer["found"], answer["answers"]) == (1, True, False, [])


def test_the_published_answer_says_when_and_by_whom(scenario: Scenario) -> None:
    _, answer = document(scenario, "C1", str(scenario.export))
    lines = answer["answers"][0]["lines"]
    assert lines[0].startswith("已发布 PUBLISHED on 2026-03-04 by paul (log #")
    assert lines[1].startswith("已撤回 WITHDRAWN on 2026-03-07 (repealed_or_expired: ")


def test_the_offline_proofs_are_the_ledgers_own_and_prove_against_the_checkpoint(
    scenario: Scenario,
) -> None:
    _, answer = document(scenario, "B1", str(scenario.export))
    checkpoint = Checkpoint.from_body(SignedNote.from_text(answer["checkpoint"]).body)
    for entry in answer["answers"][0]["entries"]:
        proof = entry["proof"]
        assert proof == scenario.ledger.inclusion_proof(entry["index"], checkpoint.size).to_json()
        leaf, path = bytes.fromhex(proof["leaf_hash"]), [bytes.fromhex(h) for h in proof["hashes"]]
        verify_inclusion(proof["index"], checkpoint.size, leaf, path, checkpoint.root_hash)


def test_a_tampered_export_fails_the_document_check_as_the_export_check(
    scenario: Scenario, tmp_path: Path
) -> None:
    data = scenario.export.read_bytes()
    at = data.index(b'"published_on":"2026-03-04"') + 25  # C1's publication day: 04 -> 05
    (tmp_path / "tampered.jsonl").write_bytes(data[:at] + b"5" + data[at + 1 :])
    status, answer = document(scenario, "C1", str(tmp_path / "tampered.jsonl"))
    assert (status, answer["code"]) == (1, "SIGNATURE_INVALID")


# -- online: a canned server -----------------------------------------------------------


def listing(entries: list[dict[str, Any]], sha256: str) -> dict[str, Any]:
    """What the server contract returns for a document: citing entries and later ones."""
    streams: set[str] = set()
    kept = []
    for index, entry in enumerate(entries):
        if entry["stream"] in streams or cites(entry["data"], sha256):
            streams.add(entry["stream"])
            kept.append({"index": index, "entry": entry})
    return {"sha256": sha256, "entries": kept}


def canned_routes(s: Scenario) -> dict[str, Any]:
    size = len(s.entries)
    routes: dict[str, Any] = {"/v1/checkpoint": s.ledger.checkpoint_note(size)}
    keyring = [
        {"index": i, "entry": e}
        for i, e in enumerate(s.entries)
        if e["type"].startswith("Keyring.")
    ]
    routes["/v1/keys"] = {"entries": keyring}
    for label in STATUSES:
        routes[f"/v1/documents/{sha(label)}"] = listing(s.entries, sha(label))
    for tree in (2, size):  # the genesis checkpoint, and the latest
        for index in range(tree):
            proof = s.ledger.inclusion_proof(index, tree).to_json()
            routes[f"/v1/proof/inclusion?index={index}&size={tree}"] = proof
    return routes


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        routes: dict[str, Any] = self.server.routes  # type: ignore[attr-defined]
        body = routes.get(self.path)
        if body is None:
            self.send_response(404)
            self.end_headers()
            return
        text = body if isinstance(body, str) else json.dumps(body, ensure_ascii=False)
        kind = "text/plain" if isinstance(body, str) else "application/json"
        self.send_response(200)
        self.send_header("Content-Type", f"{kind}; charset=utf-8")
        self.end_headers()
        self.wfile.write(text.encode("utf-8"))

    def log_message(self, format: str, *args: Any) -> None:
        pass


@dataclass
class Server:
    url: str
    routes: dict[str, Any]


@pytest.fixture
def server(scenario: Scenario) -> Iterator[Server]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.routes = canned_routes(scenario)  # type: ignore[attr-defined]
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield Server(f"http://127.0.0.1:{httpd.server_address[1]}", httpd.routes)  # type: ignore[attr-defined]
    httpd.shutdown()
    httpd.server_close()


def listed(server: Server, label: str) -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = server.routes[f"/v1/documents/{sha(label)}"]["entries"]
    return entries


@pytest.mark.parametrize("label", sorted(STATUSES))
def test_a_server_gives_the_same_answers_and_proofs_as_the_export(
    scenario: Scenario, server: Server, label: str
) -> None:
    online = document(scenario, label, server.url)
    offline = document(scenario, label, str(scenario.export))
    assert online[0] == offline[0] == 0
    assert online[1]["source"] == "server"
    assert online[1]["answers"] == offline[1]["answers"]


def test_a_server_that_cites_nothing_gives_not_found(scenario: Scenario, server: Server) -> None:
    status, answer = document(scenario, "never-recorded", server.url)
    assert (status, answer["found"]) == (1, False)


def test_a_checkpoint_signed_by_another_key_is_refused(scenario: Scenario, server: Server) -> None:
    server.routes["/v1/checkpoint"] = scenario.other_checkpoint
    status, answer = document(scenario, "A1", server.url)
    assert (status, answer["code"]) == (1, "SIGNATURE_INVALID")


def test_an_altered_entry_is_refused_and_named(scenario: Scenario, server: Server) -> None:
    item = listed(server, "C1")[0]
    item["entry"] = {**item["entry"], "actor": "someone-else"}
    status, answer = document(scenario, "C1", server.url)
    assert (status, answer["code"]) == (1, "PROOF_INVALID")
    assert answer["message"].startswith(f"entry #{item['index']} ")


def test_a_tampered_proof_hash_is_refused(scenario: Scenario, server: Server) -> None:
    index = listed(server, "B2")[-1]["index"]
    proof = server.routes[f"/v1/proof/inclusion?index={index}&size={len(scenario.entries)}"]
    first = proof["hashes"][0]
    proof["hashes"][0] = ("0" if first[0] != "0" else "1") + first[1:]
    status, answer = document(scenario, "B2", server.url)
    assert (status, answer["code"]) == (1, "ROOT_MISMATCH")


def test_an_entry_left_out_in_the_middle_of_a_stream_is_refused(
    scenario: Scenario, server: Server
) -> None:
    del listed(server, "B1")[2]
    status, answer = document(scenario, "B1", server.url)
    assert (status, answer["code"]) == (1, "SEQUENCE_GAP")


def test_a_withheld_key_registration_leaves_the_officers_entries_unverifiable(
    scenario: Scenario, server: Server
) -> None:
    keyring = server.routes["/v1/keys"]["entries"]
    assert keyring[-1]["entry"]["data"]["holder"] == "rhea"  # the last key registered
    del keyring[-1]
    status, answer = document(scenario, "A1", server.url)  # A1 was provided by rhea
    assert (status, answer["code"]) == (1, "KEY_NOT_REGISTERED")


def test_entries_beyond_the_served_checkpoint_are_refused(
    scenario: Scenario, server: Server
) -> None:
    server.routes["/v1/checkpoint"] = scenario.ledger.checkpoint_note(2)  # genesis only
    status, answer = document(scenario, "A1", server.url)
    assert (status, answer["code"]) == (1, "PROOF_INVALID")


def test_an_unreachable_server_is_unreadable_input(scenario: Scenario, server: Server) -> None:
    status, answer = document(scenario, "A1", "http://127.0.0.1:9/")
    assert (status, answer["code"]) == (2, "MALFORMED_INPUT")


def test_a_server_can_hide_the_last_entry_of_a_stream_which_only_an_export_reveals(
    scenario: Scenario, server: Server
) -> None:
    # The documented limit of online mode (docs/threat-model.md): a withdrawal at the end
    # of the item's stream, left out by the server, cannot be noticed from the listing.
    entries = listed(server, "C1")
    assert entries[-1]["entry"]["type"] == "InformationItem.Withdrawn"
    del entries[-1]
    online = document(scenario, "C1", server.url)[1]
    offline = document(scenario, "C1", str(scenario.export))[1]
    assert online["answers"][0]["status"] == "current"
    assert offline["answers"][0]["status"] == "withdrawn"
