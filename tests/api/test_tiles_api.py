"""``/log/checkpoint`` and ``/log/tile/...``: the published tiles over HTTP, with the
cache headers the spec asks for, and tiles that prove every entry (both backends)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.http.app import create_app
from api.services import Services
from ledger.events import NewEvent
from ledger.ledger import Ledger, new_stream_id
from tests.conftest import T0
from verify.note import verify_checkpoint
from verify.tiled_tree import verified_tree

IMMUTABLE = "public, max-age=31536000, immutable"


@pytest.fixture
def served(ledger: Ledger, database_url: str, tmp_path: Path) -> Iterator[TestClient]:
    stream = new_stream_id()
    ledger.append(stream, 0, [NewEvent("DisclosureRequest.Received", {})], "officer-1", T0)
    for start in range(1, 300, 100):
        events = [NewEvent("DisclosureRequest.Supplemented", {"n": n}) for n in range(100)]
        ledger.append(stream, start, events, "officer-1", T0)
    ledger.integrate()
    services = Services.open(tmp_path / "data", database_url)
    with TestClient(create_app(services, background=False)) as client:
        yield client
    services.close()


def test_the_checkpoint_is_the_log_s_latest_and_never_cached(
    served: TestClient, ledger: Ledger
) -> None:
    response = served.get("/log/checkpoint")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/plain; charset=utf-8"
    assert response.headers["cache-control"] == "no-cache"
    assert response.text == ledger.checkpoint_note()


def test_full_tiles_are_immutable_and_partial_tiles_short_lived(served: TestClient) -> None:
    served.get("/log/checkpoint")
    full = served.get("/log/tile/0/000")
    assert full.status_code == 200 and len(full.content) == 256 * 32
    assert full.headers["cache-control"] == IMMUTABLE
    assert full.headers["content-type"] == "application/octet-stream"
    size = int(served.get("/log/checkpoint").text.split("\n")[1])
    partial = served.get(f"/log/tile/0/001.p/{size - 256}")
    assert partial.status_code == 200 and len(partial.content) == (size - 256) * 32
    assert partial.headers["cache-control"] == "public, max-age=60"
    assert served.get("/log/tile/entries/000").headers["cache-control"] == IMMUTABLE


@pytest.mark.parametrize("path", ["/log/tile/0/1", "/log/tile/0/x000/000", "/log/tile/0/999"])
def test_a_bad_or_unpublished_tile_is_a_404_problem(served: TestClient, path: str) -> None:
    served.get("/log/checkpoint")
    response = served.get(path)
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["code"] == "TILE_NOT_FOUND"


def test_tiles_over_http_prove_every_entry_against_the_checkpoint(
    served: TestClient, ledger: Ledger
) -> None:
    checkpoint = verify_checkpoint(served.get("/log/checkpoint").text, ledger.vkey())
    tree = verified_tree(lambda path: served.get(f"/log/{path}").content, checkpoint)
    for index in range(checkpoint.size):
        proof = tree.inclusion_proof(index, checkpoint.root_hash)
        assert [h.hex() for h in proof] == list(ledger.inclusion_proof(index).hashes)


def test_a_failing_publication_turns_readiness_degraded_with_its_reason(
    served: TestClient, tmp_path: Path
) -> None:
    services: Services = served.app.state.services  # type: ignore[attr-defined]
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("x")
    services.tiles_dir = blocker
    services.publish_tiles()
    response = served.get("/readyz")
    assert response.status_code == 503
    assert response.json()["readiness"] == "degraded"
    assert "tiles" in response.json()["detail"]
    services.tiles_dir = tmp_path / "tiles-again"
    services.publish_tiles()
    assert served.get("/readyz").status_code == 200
