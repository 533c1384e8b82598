"""The platform witness (both backends): the platform cosigns every agency's new
checkpoints in process; each agency serves the cosignature on its own checkpoint and
its export verifies with the platform witness's key and a quorum of one; the witness
refuses one agency's checkpoint presented under another's origin; agencies that
predate the witness are registered when the platform starts."""

from __future__ import annotations

import contextlib
import io
import shutil
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from fastapi.testclient import TestClient

from api.platform.app import create_platform_app, open_all
from api.platform.registry import Registry
from api.platform.witness import open_witness
from api.services import Services
from api.witness.witness import add_checkpoint
from ledger.export import export
from ledger.keys import raw_public_key
from tests.conftest import postgres_url_or_skip
from tests.support.platform import close_platform, two_agencies
from verify.cli import main as verify_main
from verify.cosignature import WitnessKey, WitnessPolicy

T0 = datetime(2026, 1, 5, 1, 30, tzinfo=UTC)
STRANGER = WitnessKey.for_key(
    "other.example/witness", raw_public_key(Ed25519PrivateKey.generate().public_key())
)


@dataclass
class Platform:
    registry: Registry
    services: dict[str, Services]
    slugs: tuple[str, str]


@pytest.fixture(params=["sqlite", "postgres"])
def platform(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Platform]:
    base = None if request.param == "sqlite" else postgres_url_or_skip()
    registry = Registry(tmp_path / "data")
    slugs = two_agencies(registry, T0, base)
    services = open_all(registry, base)
    try:
        yield Platform(registry, services, slugs)
    finally:
        close_platform(services, base, slugs)


def _write(services: Services) -> int:
    """An officer added by the agency's first admin; the size its checkpoint reaches."""
    services.office.add_officer("officer-0001", "周丽", "政务公开科", ["drafter"], T0)
    services.settle()
    return services.ledger.checkpoint_size()


def _wait_cosigned(client: TestClient, slug: str, key: WitnessKey, size: int) -> str:
    policy = WitnessPolicy((key,), 1)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        note = client.get(f"/a/{slug}/v1/checkpoint").text
        if int(note.split("\n")[1]) >= size and policy.cosigners(note):
            return note
        time.sleep(0.1)
    pytest.fail(f"{slug}'s checkpoint of size {size} not cosigned within 20 s: {note}")


def _verify(*args: str) -> int:
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        return verify_main(list(args))


def test_every_agency_s_checkpoints_are_cosigned_by_the_platform_witness(
    platform: Platform, tmp_path: Path
) -> None:
    app = create_platform_app(platform.registry.data, platform.services, background=True)
    with TestClient(app) as client:
        published = client.get("/witness.json").json()
        key = WitnessKey.from_text(published["vkey"])
        assert published["vkey"] in client.get("/").text
        for slug in platform.slugs:
            agency = platform.services[slug]
            size = _write(agency)
            _wait_cosigned(client, slug, key, size)
            path = tmp_path / f"{slug}.jsonl"
            export(agency.ledger, path)
            vkey = agency.ledger.vkey().to_text()
            witnessed = ("--witness", key.to_text(), "--quorum", "1")
            assert _verify("export", str(path), "--vkey", vkey, "--jobs", "1", *witnessed) == 0
            other = ("--witness", STRANGER.to_text(), "--quorum", "1")
            assert _verify("export", str(path), "--vkey", vkey, "--jobs", "1", *other) != 0
        logs = {log["slug"]: log for log in client.get("/witness.json").json()["logs"]}
        assert all(logs[s]["registered"] and logs[s]["witnessed_size"] > 0 for s in logs)
        token = platform.registry.issue_supervisor_token("政务公开办", 1, datetime.now(UTC))
        auth = {"Authorization": f"Bearer {token}"}
        summary = client.get("/supervise.json", headers=auth).json()
        assert all(row["witnessed_size"] > 0 for row in summary["agencies"])


def test_the_platform_witness_refuses_one_agency_s_checkpoint_under_another_s_origin(
    platform: Platform,
) -> None:
    witness = open_witness(platform.registry, platform.services)
    a, b = (platform.services[s].ledger for s in platform.slugs)
    a.integrate()
    note = a.checkpoint_note()
    presented = note.replace(a.origin + "\n", b.origin + "\n", 1)  # signed by A's key
    assert add_checkpoint(witness, ("old 0\n\n" + presented).encode()).status == 403
    assert add_checkpoint(witness, ("old 0\n\n" + note).encode()).status == 200
    assert witness.state.latest(b.origin).size == 0


def test_agencies_that_predate_the_witness_are_registered_when_the_platform_starts(
    platform: Platform,
) -> None:
    shutil.rmtree(platform.registry.data / "platform" / "witness")
    platform.registry.retire(platform.slugs[1], T0)
    witness = open_witness(platform.registry, platform.services)
    origins = {s.ledger.origin: s.ledger.vkey() for s in platform.services.values()}
    assert witness.logs == origins  # a retired agency's log stays witnessed
    again = open_witness(platform.registry, platform.services)
    assert again.logs == origins and again.key == witness.key
