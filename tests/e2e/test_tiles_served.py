"""Tiles served by ``gongkai serve`` (/log/...) and by a static server over the same
directory (nginx with docs/nginx-tiles.conf when installed, else http.server) reproduce
every inclusion proof and the checkpoint root, with the spec's cache headers; the
monitor follows the log through either (both backends)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest

from api.bench.static import static_server
from api.server.process import ServerProcess, start_server
from api.services import Services
from tests.support.serve_office import PASSPHRASE, Office, set_up_office
from verify.note import Vkey, verify_checkpoint
from verify.tiled_tree import http_fetch, verified_tree

IMMUTABLE = "public, max-age=31536000, immutable"
BIN = Path(sys.executable).parent


@pytest.fixture
def office(database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Office:
    monkeypatch.setenv("GONGKAI_KEY_PASSPHRASE", PASSPHRASE)
    office = set_up_office(database_url, tmp_path / "data")
    services = office.services()
    try:  # past one full tile: about 2 entries per officer
        admin = _admin(services)
        now = datetime.now(UTC)
        for n in range(140):
            services.office.add_officer(admin, f"officer {n}", "政务公开科", ["drafter"], now)
        services.settle()
    finally:
        services.close()
    return office


def _admin(services: Services) -> str:
    return next(
        key.holder for key in services.ledger.registry().keys.values() if "admin" in key.roles
    )


@pytest.fixture
def server(office: Office) -> Iterator[ServerProcess]:
    started = start_server(office.data, office.env)
    yield started
    started.stop()


def _published(server: ServerProcess, vkey: Vkey) -> int:
    size = int(httpx.get(f"{server.base_url}/readyz", timeout=10).json()["tree_size"])
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        response = httpx.get(f"{server.base_url}/log/checkpoint", timeout=10)
        if response.status_code == 200:
            checkpoint = verify_checkpoint(response.text, vkey)
            if checkpoint.size == size:
                return size
        time.sleep(0.2)
    raise AssertionError("the server did not publish its tiles")


def test_tiles_from_the_server_and_a_static_server_prove_every_entry(
    office: Office, server: ServerProcess, tmp_path: Path
) -> None:
    vkey = Vkey.from_text(httpx.get(f"{server.base_url}/v1/vkey", timeout=10).text.strip())
    size = _published(server, vkey)
    assert size > 256
    with (
        static_server(office.data / "tiles", tmp_path / "static") as (static, kind),
        httpx.Client(base_url=server.base_url, timeout=10) as client,  # one connection
    ):
        if kind != "nginx" and os.environ.get("GONGKAI_REQUIRE_NGINX") == "1":
            pytest.fail("nginx is not installed (make static installs nginx-light)")
        trees = []
        for prefix in (f"{server.base_url}/log", static):
            note = httpx.get(f"{prefix}/checkpoint", timeout=10)
            checkpoint = verify_checkpoint(note.text, vkey)
            full = httpx.get(f"{prefix}/tile/0/000", timeout=10)
            if prefix != static or kind == "nginx":  # http.server sends no cache headers
                assert note.headers["cache-control"] == "no-cache", kind
                assert full.headers["cache-control"] == IMMUTABLE, (prefix, kind)
            trees.append((prefix, verified_tree(http_fetch(prefix), checkpoint), checkpoint))
        assert trees[0][2] == trees[1][2]  # one checkpoint, whoever serves it
        for index in range(checkpoint.size):  # the server's own proof of every entry
            params = {"index": index, "size": checkpoint.size}
            proof = client.get("/v1/proof/inclusion", params=params).json()["hashes"]
            for prefix, tree, _ in trees:
                mine = tree.inclusion_proof(index, checkpoint.root_hash)
                assert [h.hex() for h in mine] == proof, (prefix, index)


def test_the_monitor_follows_the_log_through_the_static_server(
    office: Office, server: ServerProcess, tmp_path: Path
) -> None:
    vkey = httpx.get(f"{server.base_url}/v1/vkey", timeout=10).text.strip()
    size = _published(server, Vkey.from_text(vkey))
    state = tmp_path / "monitor.json"
    with static_server(office.data / "tiles", tmp_path / "static") as (static, _):
        command = [str(BIN / "gongkai-verify"), "monitor", static, "--vkey", vkey]
        command += ["--state", str(state), "--json"]
        first = subprocess.run(command, capture_output=True, text=True, timeout=120)
        assert first.returncode == 0, first.stdout + first.stderr
        assert json.loads(first.stdout)["entries_checked"] == size
        again = subprocess.run(command, capture_output=True, text=True, timeout=120)
        assert again.returncode == 0 and json.loads(again.stdout)["entries_checked"] == 0
