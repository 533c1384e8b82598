"""The applicant's personal data never leaves the vault: a realistic flow through the CLI,
a running server and the API in process, with a distinctive applicant, then a search
for every piece of their data in the export, the stored entries, every table but the
vault (read models, tokens, the Merkle log), all CLI and server output, every HTTP
response and every log line, and after erasure in the public pages and the
``PersonalData.Erased`` entries — on both backends. A complaint and a proposed topic by
the same person go through the same search.

The vault itself must hold the data (otherwise the search proves nothing), and the
pseudonym must not be a bare hash of the ID number (PIPL: never hash personal data
without a secret key)."""

from __future__ import annotations

import hashlib
import json
import logging
import os
import socket
import subprocess
import sys
import time
from datetime import UTC, date, datetime
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from api.http.app import create_app
from api.services import Services
from domain.privacy.retention import DEFAULT_YEARS, RetentionPolicy
from domain.privacy.service import PersonalData
from ledger.vault import ERASURE_LOG
from tests.support.cli import gongkai as run_gongkai

BIN = Path(sys.executable).parent
ADMIN = "officer-0001"
NAME, ID_NUMBER = "欧阳测漏者", "11010119880808123X"
PHONE, ADDRESS = "13912345678", "示范市测漏路九十九号"
DESCRIPTION = f"请求公开{NAME}名下宅基地的确权登记材料"
SECRETS = (NAME, ID_NUMBER, PHONE, ADDRESS, DESCRIPTION)
PUBLIC_PAGES = (
    *("/", "/requests", "/catalogue", "/reports", "/reports/2026", "/topics", "/complain"),
    *("/track", "/apply", "/feeds/register.atom", "/feeds/register.json"),
    *("/downloads/register.csv", "/v1/entries?limit=1000", "/v1/requests/register"),
)


def needles() -> list[bytes]:
    """Each secret as UTF-8 and as JSON would escape it."""
    found = []
    for secret in SECRETS:
        found += [secret.encode(), json.dumps(secret).strip('"').encode()]
    return found


def leaked(haystack: bytes | str) -> list[str]:
    data = haystack.encode() if isinstance(haystack, str) else haystack
    return [n.decode() for n in needles() if n in data]


class Transcript:
    """Everything the CLI printed."""

    def __init__(self, env: dict[str, str]) -> None:
        self.env, self.text = env, ""

    def run(self, *args: str, ok: bool = True) -> str:
        result = run_gongkai(args, env=self.env)
        self.text += result.stdout + result.stderr
        if ok:
            assert result.returncode == 0, result.stderr + result.stdout
        return result.stdout


def cli_flow(cli: Transcript) -> str:
    cli.run("init", "--origin", "leaks.gongkai.local/x", "--agency", "示范市")
    add = ("officer", "add", "--as", ADMIN, "--name")
    handler = cli.run(*add, "周丽", "--roles", "request_handler").strip()
    head = cli.run(*add, "徐婷", "--roles", "office_head").strip()
    person = ("--applicant", NAME, "--id-number", ID_NUMBER, "--contact", PHONE)
    receive = ("request", "receive", "--channel", "post", "--date", "2026-03-02", *person)
    cli.run(*receive, "--address", ADDRESS, "--description", DESCRIPTION,
            "--applicant-type", "natural-person", "--as", handler, "--json")  # fmt: skip
    refused = ("--description", DESCRIPTION, "--applicant-type", "alien", "--as", handler)
    cli.run(*receive, *refused, ok=False)
    number = "2026-0001"
    extend = ("extend", number, "--days", "10", "--reason", "需调档", "--date", "2026-03-03",
              "--confirm-no-personal-data")  # fmt: skip
    leaky = ("extend", number, "--days", "10", "--reason", f"申请人电话{PHONE}",
             "--date", "2026-03-03", "--confirm-no-personal-data", "--as", head)  # fmt: skip
    assert "PERSONAL_DATA_IN_PUBLIC_TEXT" in cli.run("request", *leaky, ok=False) + cli.text
    cli.run("request", *extend, "--as", head)
    for verb in (
        ("supplement-notice", number, "--items", "身份证明", "--date", "2026-03-04"),
        ("supplemented", number, "--date", "2026-03-06"),
        ("fee-notice", number, "--items", "12", "--date", "2026-03-09"),
        ("fee-paid", number, "--date", "2026-03-10"),
        (
            "answer",
            number,
            "--outcome",
            "withheld.third_party_rights",
            "--reasons",
            "涉及第三方商业秘密",
            "--article",
            "15",
            "--date",
            "2026-03-20",
        ),
        ("reconsideration", number, "--date", "2026-04-10"),
    ):
        cli.run("request", *verb, "--as", handler, "--json")
    for read in (("show", number), ("list",), ("register", "--json")):
        cli.run("request", *read)
    privacy_flow(cli, handler, head, number)
    return handler


def privacy_flow(cli: Transcript, handler: str, head: str, number: str) -> None:
    """Openings, a disclosed bundle, the applicant's export and an erasure listing: the
    data is shown to the officer (a transcript of its own), never recorded in clear."""
    shown = Transcript(cli.env)
    assert NAME in shown.run("applicant", "show", "--request", number, "--as", handler)
    out = Path(cli.env["GONGKAI_DATA"]).parent
    proof = f"身份证{ID_NUMBER}原件核验，{NAME}本人到场"
    shown.run("applicant", "export", "--request", number, "--identity-proof", proof,
              "--as", head, "--out", str(out / "own.zip"))  # fmt: skip
    shown.run("bundle", "--request", number, "--disclose", "applicant", "--as", head,
              "--purpose", "review", "--out", str(out / "court.zip"))  # fmt: skip
    assert "PersonalData.Opened" in cli.run("accountability", "--officer", handler)
    cli.run("erase", "--due", "--dry-run")
    cli.run("privacy", "rebuild-index")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def server_flow(cli: Transcript, token: str) -> str:
    """One request through a real ``gongkai serve``; return the server's output."""
    port = free_port()
    server = subprocess.Popen(
        [str(BIN / "gongkai"), "serve", "--port", str(port)],
        env=cli.env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    base, replies = f"http://127.0.0.1:{port}", ""
    try:
        for _ in range(100):
            try:
                httpx.get(f"{base}/healthz", timeout=1)
                break
            except httpx.HTTPError:
                time.sleep(0.1)
        body = {
            "channel": "online", "received_on": "2026-03-03", "applicant_type": "natural-person",
            "applicant": {"name": NAME, "id_number": ID_NUMBER, "contact": PHONE},
            "description": DESCRIPTION,
        }  # fmt: skip
        headers = {"Authorization": f"Bearer {token}"}
        for payload, status in ((body, 201), (body | {"received_on": "someday"}, 422)):
            reply = httpx.post(f"{base}/v1/requests", json=payload, headers=headers)
            assert reply.status_code == status, reply.text
            replies += reply.text
        replies += httpx.get(f"{base}/v1/requests/register").text
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=30)
    return output + replies


def api_flow(services: Services, handler_token: str) -> str:
    """The officers' API in process: commands, reads and refusals; return every body."""
    client = TestClient(create_app(services, background=False))
    headers = {"Authorization": f"Bearer {handler_token}"}
    body = {
        "channel": "in-person", "received_on": "2026-03-05", "applicant_type": "natural-person",
        "applicant": {"name": NAME, "id_number": ID_NUMBER, "address": ADDRESS},
        "description": DESCRIPTION,
    }  # fmt: skip
    received = client.post("/v1/requests", json=body, headers=headers)
    refused = client.post("/v1/requests", json=body | {"applicant": {}}, headers=headers)
    assert (received.status_code, refused.status_code) == (201, 422), received.text
    texts = [received.text, refused.text]
    for path in (
        "/v1/requests/2026-0003",
        "/v1/requests",
        "/v1/requests/register",
        "/v1/entries?limit=1000",
    ):
        texts.append(client.get(path, headers=headers).text)
    answer = {"on": "2026-03-06", "outcome": "not_processed.duplicate", "reasons": "重复申请"}
    answer["articles"] = ["36(六)"]
    answered = client.post("/v1/requests/2026-0003/answer", json=answer, headers=headers)
    assert answered.status_code == 200, answered.text
    texts.append(answered.text)
    return "\n".join(texts)


def lifecycle_flow(services: Services, log: Path) -> str:
    """A complaint and a proposed topic by the same person, answered and declined; then
    every closed record erased (``PersonalData.Erased`` entries); return the public pages
    and API answers read afterwards."""
    at = datetime(2026, 3, 12, 2, 0, tzinfo=UTC)
    add = services.office.add_officer
    handler = add(ADMIN, "陈晨", "政务公开科", ["request_handler"], at)
    head = add(ADMIN, "何静", "办公室", ["office_head", "approver"], at)
    complaint = services.complaints.file(
        handler, at, kind="complaint", filed_on=date(2026, 3, 12), about="2026-0001", days=15,
        complainant={"name": NAME, "id_number": ID_NUMBER, "contact": PHONE}, text=DESCRIPTION,
    )  # fmt: skip
    services.complaints.answer(complaint.number, head, at, on=date(2026, 3, 13),
                               result="rejected", reply="经核查，答复未逾期")  # fmt: skip
    topic = services.topics.propose(
        handler, at, on=date(2026, 3, 12), text=DESCRIPTION,
        contact={"name": NAME, "contact": PHONE, "address": ADDRESS},
    )  # fmt: skip
    services.topics.moderate(topic.number, head, at, accepted=False, reason="属于依申请公开事项",
                             public_text=None)  # fmt: skip
    services.settle()
    privacy = PersonalData(services.office, services.requests)
    one_year = RetentionPolicy.from_mapping({"years": {k: 1 for k in DEFAULT_YEARS}})
    due = privacy.due(date(2040, 1, 1), one_year, 2041)
    erased = privacy.erase(due, ADMIN, at, log=log, years=dict(one_year.years))
    assert {complaint.number, topic.number, "2026-0001"} <= set(erased)
    services.settle()
    client = TestClient(create_app(services, background=False))
    pages = [client.get(path) for path in PUBLIC_PAGES]
    assert all(page.status_code == 200 for page in pages), [p.url for p in pages if p.is_error]
    texts = "\n".join(page.text for page in pages)
    assert texts.count("PersonalData.Erased") >= len(erased)  # the scan covers them
    return texts


def table_contents(services: Services) -> dict[str, bytes]:
    """Every table's rows as bytes (the vault apart), and the stored entries."""
    backend = services.ledger.backend
    with backend.transaction() as cur:
        if backend.events_table.endswith("gongkai_events"):
            names = [r[0] for r in cur.execute(
                "SELECT table_name FROM information_schema.tables "
                "WHERE table_schema = current_schema()"
            ).fetchall()]  # fmt: skip
        else:
            names = [
                r[0]
                for r in cur.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table'"
                ).fetchall()
            ]
        contents = {
            str(name): repr(cur.execute(f"SELECT * FROM {name}").fetchall()).encode()
            for name in names
            if name != "gk_vault"
        }
        states = cur.execute(f"SELECT state FROM {backend.events_table}").fetchall()
        contents["entries"] = b"\n".join(bytes(state) for (state,) in states)
        contents["gk_vault"] = repr(cur.execute("SELECT value FROM gk_vault").fetchall()).encode()
    return contents


def test_sealed_applicant_data_appears_nowhere_but_the_vault(
    database_url: str, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    env = {
        **os.environ,
        "GONGKAI_DATA": str(tmp_path / "data"),
        "GONGKAI_DATABASE_URL": database_url,
    }
    cli = Transcript(env)
    handler = cli_flow(cli)

    services = Services.open(tmp_path / "data", database_url)
    try:
        token = services.tokens.issue(handler, 1, datetime.now(UTC))
        server_output = server_flow(cli, token)
        responses = api_flow(services, token)
        responses += lifecycle_flow(services, tmp_path / "data" / ERASURE_LOG)
        services.settle()
        export = tmp_path / "export.jsonl"
        cli.run("export", str(export))
        tables = table_contents(services)
    finally:
        services.close()

    assert set(leaked(tables.pop("gk_vault"))) >= {NAME, ID_NUMBER, DESCRIPTION}
    places = {"export": export.read_bytes(), "cli": cli.text, "server": server_output,
              "responses": responses, "logs": caplog.text, **tables}  # fmt: skip
    assert {place: leaked(text) for place, text in places.items() if leaked(text)} == {}
    assert any(name.startswith("pj_request") for name in tables)
    bare_hash = hashlib.sha256(ID_NUMBER.encode()).hexdigest()
    assert bare_hash.encode() not in tables["entries"]
