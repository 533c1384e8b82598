"""The operator's drill, on both backends, with the server running: a stored entry is
altered → the server turns degraded by itself and ``gongkai verify`` names the entry →
``gongkai repair`` puts it back from a backup, and another from an export → verify
passes, the server is ready again, new writes integrate and nothing acknowledged is
lost. Then ``gongkai restore``: an altered backup is refused, a whole one restored."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from uuid import uuid4

import httpx
import pytest
from fastapi.testclient import TestClient

from api.http.app import create_app
from api.services import Services
from ledger.backup import backup
from ledger.errors import IntegrityFailure
from ledger.export import export
from tests.conftest import ORIGIN, T0, drop_schema, postgres_url_or_skip
from tests.support.cli import gongkai as run_gongkai
from tests.support.tamper import set_stored_state, stored_rows

BIN = Path(sys.executable).parent


@pytest.fixture
def url(backend: str, tmp_path: Path) -> Iterator[str]:
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'ledger.db'}"
        return
    url = postgres_url_or_skip()
    yield url
    drop_schema(url)


def _office(url: str, tmp_path: Path) -> Services:
    services = Services.open(tmp_path / "data", url)
    admin = services.office.initialise(ORIGIN, "示范市人民政府办公室", "管理员", T0)
    for number in range(3):
        services.office.add_officer(admin, f"科员{number}", "政务公开科", ["drafter"], T0)
    services.settle()
    return services


@pytest.fixture
def served(url: str, tmp_path: Path) -> Iterator[tuple[TestClient, Services]]:
    services = _office(url, tmp_path)
    with TestClient(create_app(services)) as client:  # lifespan: worker and self-audit run
        yield client, services


def gongkai(url: str, tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "GONGKAI_DATA": str(tmp_path / "data"), "GONGKAI_DATABASE_URL": url}
    return run_gongkai(args, env=env, timeout=120)


def _readiness(client: TestClient, wanted: int, seconds: float = 20) -> httpx.Response:
    deadline = time.monotonic() + seconds
    while True:
        answer = client.get("/readyz")
        if answer.status_code == wanted or time.monotonic() > deadline:
            return answer
        time.sleep(0.1)


def _alter(services: Services, position: int) -> None:
    nid, state = stored_rows(services.ledger)[position]
    set_stored_state(services.ledger, nid, state.replace(b'"seq":', b'"seq": '))


def _drill(client: TestClient, services: Services, url: str, tmp_path: Path, source: str) -> None:
    """Tamper entry 3 → detected → repaired from ``source`` → verified → ready."""
    _alter(services, 3)
    degraded = _readiness(client, 503)
    assert degraded.json()["readiness"] == "degraded" and "entry 3 " in degraded.json()["detail"]
    assert client.get("/v1/checkpoint").status_code == 200  # public reads go on
    found = gongkai(url, tmp_path, "verify")
    assert found.returncode == 1 and "entry #3 " in found.stdout, found.stdout + found.stderr
    dry = gongkai(url, tmp_path, "repair", "--from", source, "--dry-run")
    assert dry.returncode == 0 and "would repair: entry #3 " in dry.stdout, dry.stderr
    assert gongkai(url, tmp_path, "verify").returncode == 1  # a dry run writes nothing
    fixed = gongkai(url, tmp_path, "repair", "--from", source)
    assert fixed.returncode == 0 and "repaired: entry #3 " in fixed.stdout, fixed.stderr
    verified = gongkai(url, tmp_path, "verify")
    assert verified.returncode == 0 and verified.stdout.startswith("VALID"), verified.stdout
    assert _readiness(client, 200).status_code == 200


def test_tamper_detect_repair_verify_resume(
    served: tuple[TestClient, Services], url: str, tmp_path: Path
) -> None:
    client, services = served
    backup(services.ledger, tmp_path / "ledger.gkb")
    export(services.ledger, tmp_path / "ledger.jsonl")
    admin = services.office.officer_ids()[0]
    services.office.add_officer(admin, "王五", "办公室", ["drafter"], T0)  # after both copies
    services.wrote()
    acknowledged = services.ledger.last_notification_id()

    _drill(client, services, url, tmp_path, str(tmp_path / "ledger.gkb"))
    _drill(client, services, url, tmp_path, str(tmp_path / "ledger.jsonl"))

    refused = gongkai(url, tmp_path, "repair", "--from", str(tmp_path / "missing.gkb"))
    assert refused.returncode == 1 and refused.stderr.startswith("error: ")
    before = services.ledger.checkpoint_size()
    services.office.add_officer(admin, "赵六", "办公室", ["drafter"], T0)  # writes go on
    services.settle()
    assert services.ledger.checkpoint_size() > before
    assert services.ledger.last_notification_id() > acknowledged
    names = [o.name for o in services.office.officers()]
    assert "王五" in names and "赵六" in names
    assert gongkai(url, tmp_path, "verify").returncode == 0


def test_a_copy_that_does_not_match_is_refused_by_repair(
    served: tuple[TestClient, Services], url: str, tmp_path: Path
) -> None:
    _client, services = served
    export(services.ledger, tmp_path / "ledger.jsonl")
    lines = (tmp_path / "ledger.jsonl").read_bytes().split(b"\n")
    lines[4] = lines[4].replace(b'"seq":', b'"seq": ')  # entry 3's copy is altered too
    (tmp_path / "ledger.jsonl").write_bytes(b"\n".join(lines))
    _alter(services, 3)
    refused = gongkai(url, tmp_path, "repair", "--from", str(tmp_path / "ledger.jsonl"))
    assert refused.returncode == 1 and "NOT repaired: entry #3 " in refused.stdout
    assert gongkai(url, tmp_path, "verify").returncode == 1


def test_restore_refuses_an_altered_backup_and_restores_a_whole_one(
    url: str, tmp_path: Path
) -> None:
    services = _office(url, tmp_path)  # no server: a restore runs with it stopped
    args = ["backup", str(tmp_path / "ledger.gkb")]
    if url.startswith("postgresql"):
        args.append("--pg-dump")
    made = gongkai(url, tmp_path, *args)
    assert made.returncode == 0, made.stderr
    assert f"entries, checkpoint {services.ledger.checkpoint_size()}" in made.stdout
    if url.startswith("postgresql"):
        assert (tmp_path / "ledger.gkb.pgdump").stat().st_size > 0
    admin = services.office.officer_ids()[0]
    services.office.add_officer(admin, "王五", "办公室", ["drafter"], T0)
    services.settle()
    raw = stored_rows(services.ledger)[2][1]
    vkey = services.ledger.vkey().to_text()
    _alter(services, 2)  # the live store is damaged: a key registration
    services.close()
    data = (tmp_path / "ledger.gkb").read_bytes()
    at = data.index(raw) + raw.index(b'"seq":') + 2
    (tmp_path / "altered.gkb").write_bytes(data[:at] + b"S" + data[at + 1 :])

    assert gongkai(url, tmp_path, "verify").returncode == 1
    unanchored = gongkai(url, tmp_path, "restore", str(tmp_path / "ledger.gkb"))
    assert unanchored.returncode == 1 and "--vkey" in unanchored.stderr, unanchored.stderr
    refused = gongkai(url, tmp_path, "restore", str(tmp_path / "altered.gkb"), "--vkey", vkey)
    assert refused.returncode == 1 and "RESTORE_REFUSED" in refused.stderr, refused.stderr
    restored = gongkai(url, tmp_path, "restore", str(tmp_path / "ledger.gkb"), "--vkey", vkey)
    assert restored.returncode == 0, restored.stderr
    assert "2 integrated since" in restored.stdout  # the officer and their key
    assert gongkai(url, tmp_path, "verify").returncode == 0
    listed = gongkai(url, tmp_path, "officer", "list")
    assert "王五" in listed.stdout, listed.stdout


def test_a_write_on_the_altered_stream_is_refused_until_repaired(
    served: tuple[TestClient, Services], url: str, tmp_path: Path
) -> None:
    """The issue's sequence: alter a stream's head (still canonical JSON), write to that
    stream (refused, naming the entry) and to others (integrated); public reads go on;
    verify names the entry; repair restores it and the refused write then succeeds."""
    client, services = served
    office = services.office
    admin, officer = office.officer_ids()[0], office.officer_ids()[-1]
    backup(services.ledger, tmp_path / "ledger.gkb")
    with services.ledger.backend.transaction() as cur:
        index, nid = cur.execute(
            "SELECT idx, notification_id FROM gk_leaves WHERE stream = ? ORDER BY seq DESC",
            (office.officer_stream(officer),),
        ).fetchone()
    state = dict(stored_rows(services.ledger))[nid]
    set_stored_state(services.ledger, nid, state.replace("科员2".encode(), "科员9".encode()))

    with pytest.raises(IntegrityFailure) as caught:
        office.change_roles(admin, officer, ["drafter", "secrecy_reviewer"], "轮岗", T0)
    assert caught.value.log_index == index
    before = services.ledger.checkpoint_size()
    office.add_officer(admin, "王五", "办公室", ["drafter"], T0)  # another stream goes on
    services.settle()
    assert services.ledger.checkpoint_size() == before + 2
    assert client.get("/v1/checkpoint").status_code == 200
    found = gongkai(url, tmp_path, "verify")
    assert found.returncode == 1 and f"entry #{index} " in found.stdout, found.stdout

    fixed = gongkai(url, tmp_path, "repair", "--from", str(tmp_path / "ledger.gkb"))
    assert fixed.returncode == 0 and f"repaired: entry #{index} " in fixed.stdout, fixed.stderr
    office.change_roles(admin, officer, ["drafter", "secrecy_reviewer"], "轮岗", T0)
    services.settle()
    assert gongkai(url, tmp_path, "verify").returncode == 0
    assert office.officer(officer).name == "科员2"


def test_what_was_read_while_altered_is_read_again_once_repaired(
    served: tuple[TestClient, Services], url: str, tmp_path: Path
) -> None:
    """The server keeps the streams it replays; once its self-audit finds the store whole
    again it forgets them, so it never goes on serving bytes read while altered."""
    client, services = served
    officer = services.office.officer_ids()[-1]
    export(services.ledger, tmp_path / "ledger.jsonl")
    with services.ledger.backend.transaction() as cur:
        (nid,) = cur.execute(
            "SELECT notification_id FROM gk_leaves WHERE stream = ? ORDER BY seq DESC",
            (services.office.officer_stream(officer),),
        ).fetchone()
    state = dict(stored_rows(services.ledger))[nid]
    set_stored_state(services.ledger, nid, state.replace("科员2".encode(), "科员9".encode()))
    assert services.office.officer(officer).name == "科员9"  # replayed and kept, altered
    assert _readiness(client, 503).status_code == 503
    fixed = gongkai(url, tmp_path, "repair", "--from", str(tmp_path / "ledger.jsonl"))
    assert fixed.returncode == 0, fixed.stderr
    assert _readiness(client, 200).status_code == 200
    assert services.office.officer(officer).name == "科员2"


def test_the_issues_sequence_over_http(
    served: tuple[TestClient, Services], url: str, tmp_path: Path
) -> None:
    """Over HTTP, as the issue found it: draft and correct an item (its head is seq 2),
    change one byte of that stored row, correct again → 409 problem+json naming the
    entry, nothing written; drafts on other streams → 201 and integrated; public reads
    served throughout; verify names the entry; repair mends it; the correction goes on."""
    client, services = served
    drafter = services.office.officer_ids()[-1]
    auth = {"Authorization": f"Bearer {services.tokens.issue(drafter, 1, datetime.now(UTC))}"}

    def content(text: str) -> str:
        stored = client.post("/v1/content", content=text.encode(), headers=auth)
        assert stored.status_code == 201, stored.text
        return str(stored.json()["sha256"])

    def draft(n: int) -> httpx.Response:
        body = {
            "title": f"关于第{n}批政府信息的通知",
            "category": "normative_documents",
            "doc_number": f"示政办发〔2026〕{n}号",
            "formed_on": "2026-03-02",
            "attribute": "proactive",
            "attribute_basis": "涉及公众切身利益，应当主动公开",
            "content_sha256": content(f"正文{n}"),
        }
        return client.post("/v1/items", json=body, headers=auth)

    def correct(item: str) -> httpx.Response:
        body = {"content_sha256": content(f"更正后的正文 {uuid4()}"), "changed_on": "2026-03-03"}
        return client.post(f"/v1/items/{item}/correct", json=body | {"reason": "fix"}, headers=auth)

    item = draft(1).json()["item_id"]
    assert correct(item).status_code == 200
    services.settle()
    backup(services.ledger, tmp_path / "ledger.gkb")
    with services.ledger.backend.transaction() as cur:
        index, nid = cur.execute(
            "SELECT idx, notification_id FROM gk_leaves WHERE stream = ? ORDER BY seq DESC",
            (item,),
        ).fetchone()
    state = dict(stored_rows(services.ledger))[nid]
    assert b'"reason":"fix"' in state
    set_stored_state(services.ledger, nid, state.replace(b'"reason":"fix"', b'"reason":"gix"'))
    rows = len(stored_rows(services.ledger))

    refused = correct(item)
    assert refused.status_code == 409, refused.text
    assert refused.headers["content-type"].startswith("application/problem+json")
    assert refused.json()["code"] == "INTEGRITY_FAILURE"
    assert refused.json()["evidence"]["stream"] == item and str(index) in refused.text
    assert len(stored_rows(services.ledger)) == rows  # nothing signed on the altered bytes
    size = services.ledger.checkpoint_size()
    others = [draft(n) for n in (2, 3)]
    assert [answer.status_code for answer in others] == [201, 201]
    deadline = time.monotonic() + 30  # the log integrates them (the server's worker too)
    while services.ledger.checkpoint_size() < size + 2 and time.monotonic() < deadline:
        time.sleep(0.1)
    assert services.ledger.checkpoint_size() >= size + 2
    for path in ("/v1/checkpoint", "/catalogue", f"/v1/entries/{index - 1}"):
        assert client.get(path).status_code == 200, path  # public reads go on
    assert client.get(f"/v1/entries/{index}").json()["code"] == "INTEGRITY_FAILURE"  # never served
    found = gongkai(url, tmp_path, "verify")
    assert found.returncode == 1 and f"entry #{index} " in found.stdout, found.stdout

    fixed = gongkai(url, tmp_path, "repair", "--from", str(tmp_path / "ledger.gkb"))
    assert fixed.returncode == 0 and f"repaired: entry #{index} " in fixed.stdout, fixed.stderr
    ready = _readiness(client, 200)
    assert ready.status_code == 200, ready.text
    corrected = correct(item)
    assert corrected.status_code == 200, corrected.text
    assert gongkai(url, tmp_path, "verify").returncode == 0
