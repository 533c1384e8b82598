"""Read replicas (issue 20, item 5): writes go to the primary, public reads of the log
and their proofs come from a real PostgreSQL streaming replica (``.ci/pg-replica``),
``/readyz`` and ``/metrics`` report its lag, and a replica that cannot be reached
leaves the primary serving with readiness degraded. PostgreSQL only: without a server
or a replica these tests skip (fail under ``GONGKAI_REQUIRE_POSTGRES=1``)."""

from __future__ import annotations

import hashlib
import re
import socket
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest

from api.services import Services
from ledger.errors import ConfigError
from tests.conftest import drop_schema, postgres_url_or_skip
from tests.support.hardening_office import PASSPHRASE, HttpOffice, open_office
from tests.support.replica import REPLICA_URL, replay_paused, replica_urls_or_skip, wait_for_replay
from verify.merkle import verify_consistency, verify_inclusion
from verify.note import Checkpoint, verify_checkpoint


@pytest.fixture(scope="module")
def office(tmp_path_factory: pytest.TempPathFactory) -> Iterator[HttpOffice]:
    """An office on a fresh PostgreSQL schema, its public reads served by the replica."""
    primary, replica = replica_urls_or_skip()
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("GONGKAI_KEY_PASSPHRASE", PASSPHRASE)
        opened = open_office(tmp_path_factory.mktemp("replica") / "data", primary, replica)
        try:
            wait_for_replay()
            yield opened
        finally:
            opened.client.close()
            opened.services.close()
            drop_schema(primary)


def _checkpoint(office: HttpOffice, size: int | None = None) -> Checkpoint:
    note = office.client.get("/v1/checkpoint", params={"size": size} if size else {})
    assert note.status_code == 200, note.text
    return verify_checkpoint(note.text, office.services.ledger.vkey())


def _metric(text: str, name: str) -> float:
    found = re.search(rf"^{name} ([0-9.e+-]+)$", text, re.MULTILINE)
    assert found, f"no sample {name} in /metrics"
    return float(found.group(1))


def test_public_reads_come_from_the_replica_and_lag_while_its_replay_is_paused(
    office: HttpOffice,
) -> None:
    before = _checkpoint(office).size
    with replay_paused():
        office.receive_online()  # through the app, to the primary
        office.services.settle()
        written = office.services.ledger.checkpoint_size()
        assert written > before

        assert _checkpoint(office).size == before  # the replica's own latest checkpoint
        page = office.client.get("/v1/entries", params={"start": before}).json()
        assert (page["tree_size"], page["entries"]) == (before, [])
        assert office.client.get(f"/v1/entries/{written - 1}").status_code == 404
        replica = office.client.get("/readyz").json()["replica"]
        assert replica["replay_paused"] is True and replica["lag_bytes"] > 0

    wait_for_replay()
    assert _checkpoint(office).size == written


def test_entries_and_proofs_served_by_the_replica_verify_against_its_checkpoint(
    office: HttpOffice,
) -> None:
    old = _checkpoint(office)
    office.receive_online()
    office.services.settle()
    wait_for_replay()
    new = _checkpoint(office)
    assert new.size == office.services.ledger.checkpoint_size() > old.size

    primary = dict(office.services.ledger.indexed_entries(old.size, new.size))
    for index in range(old.size, new.size):
        entry = office.client.get(f"/v1/entries/{index}").json()
        assert entry["leaf_hash"] == hashlib.sha256(b"\x00" + primary[index]).hexdigest()
        proof = office.client.get("/v1/proof/inclusion", params={"index": index}).json()
        assert proof["tree_size"] == new.size
        hashes = [bytes.fromhex(h) for h in proof["hashes"]]
        verify_inclusion(index, new.size, bytes.fromhex(entry["leaf_hash"]), hashes, new.root_hash)
    asked = {"first": old.size, "second": new.size}
    consistency = office.client.get("/v1/proof/consistency", params=asked).json()
    hashes = [bytes.fromhex(h) for h in consistency["hashes"]]
    verify_consistency(old.size, new.size, old.root_hash, new.root_hash, hashes)
    assert _checkpoint(office, old.size) == old


def test_readyz_and_metrics_report_the_replica_lag(office: HttpOffice) -> None:
    wait_for_replay()
    ready = office.client.get("/readyz")
    assert ready.status_code == 200, ready.text
    replica = ready.json()["replica"]
    where = urlparse(REPLICA_URL)
    assert replica["url_host"] == f"{where.hostname}:{where.port}"
    assert replica["streaming"] is True  # paused or not: another test may pause it now
    assert isinstance(replica["replay_paused"], bool)
    assert replica["lag_bytes"] >= 0 and replica["lag_seconds"] >= 0

    text = office.client.get("/metrics").text
    assert _metric(text, "gongkai_replica_up") == 1
    assert _metric(text, "gongkai_replica_lag_bytes") >= 0
    assert _metric(text, "gongkai_replica_lag_seconds") >= 0


def _unused_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_an_unreachable_replica_degrades_readiness_and_the_primary_serves(
    tmp_path: Path,
) -> None:
    primary = postgres_url_or_skip()
    schema = primary.split("?", 1)[1]
    nowhere = f"postgresql://postgres@127.0.0.1:{_unused_port()}/test?{schema}"
    office = open_office(tmp_path / "data", primary, nowhere)
    try:
        ready = office.client.get("/readyz")
        body = ready.json()
        assert (ready.status_code, body["code"], body["readiness"]) == (
            503,
            "NOT_READY",
            "degraded",
        )
        assert body["replica"]["url_host"] == nowhere.split("@")[1].split("/")[0]
        assert "public reads are served by the primary" in body["detail"]

        note = office.client.get("/v1/checkpoint")
        assert note.status_code == 200
        assert note.text == office.services.ledger.checkpoint_note()
        text = office.client.get("/metrics").text
        assert _metric(text, "gongkai_replica_up") == 0
    finally:
        office.client.close()
        office.services.close()
        drop_schema(primary)


def test_a_replica_is_refused_for_a_ledger_on_sqlite(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="PostgreSQL primary"):
        Services.open(tmp_path, f"sqlite:///{tmp_path / 'ledger.db'}", REPLICA_URL)
