"""Witnesses end to end, as real processes (issue 15's "done when"):

- two witnesses (``gongkai witness serve``) cosign what ``gongkai serve`` submits; the
  served checkpoint and the tiles' checkpoint carry both cosignatures;
  ``gongkai-verify export … --witness A --witness B --quorum 2`` passes, and fails with
  ``--quorum 3`` or a wrong witness key; so does ``gongkai-verify bundle`` on an
  evidence bundle made afterwards;
- a split view: two forks of one log under the same key, served by two servers; the
  witness cosigns the first and refuses the second; both forks verify on the log's key
  alone, and ``gongkai-verify`` with a quorum policy refuses the fork; the monitor that
  followed one fork through its tiles alarms on the other, naming it.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest

from api.server.process import ServerProcess, start_server
from tests.support.serve_office import PASSPHRASE, Office, auth, draft_body, set_up_office
from tests.support.witnesses import start_witness, witness_for, witness_list
from verify.cosignature import WitnessKey, WitnessPolicy

BIN = Path(sys.executable).parent


def run(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, capture_output=True, text=True, env=env, timeout=120)


def wait_for(condition: Callable[[], bool], what: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"not within {timeout:.0f} s: {what}")
        time.sleep(0.2)


def cosigned_by(server: ServerProcess, policy: WitnessPolicy, after: int = 0) -> Callable[[], bool]:
    """The served checkpoint is past size ``after`` and carries the policy's quorum."""

    def check() -> bool:
        note = httpx.get(f"{server.base_url}/v1/checkpoint", timeout=10).text
        return int(note.split("\n")[1]) > after and len(policy.cosigners(note)) >= policy.quorum

    return check


def export(office: Office, out: Path) -> Path:
    done = run(str(BIN / "gongkai"), "--data", str(office.data), "export", str(out), env=office.env)
    assert done.returncode == 0, done.stderr
    return out


def vkey(office: Office) -> str:
    services = office.services()
    try:
        return services.ledger.vkey().to_text()
    finally:
        services.close()


def test_two_witnesses_cosign_and_the_verifier_requires_its_quorum(
    database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GONGKAI_KEY_PASSPHRASE", PASSPHRASE)
    office = set_up_office(database_url, tmp_path / "data")
    log_key = vkey(office)
    keys = {n: witness_for(tmp_path / n, f"{n}.example.gov.cn/witness", log_key) for n in "abc"}
    witnesses = [start_witness(tmp_path / n, office.env) for n in "ab"]  # c never runs
    listing = witness_list(
        tmp_path / "witnesses.toml",
        {w.base_url: keys[n] for w, n in zip(witnesses, "ab", strict=True)},
    )
    server = start_server(office.data, {**office.env, "GONGKAI_WITNESSES": str(listing)})
    both = WitnessPolicy((keys["a"], keys["b"]), 2)
    try:
        before = int(httpx.get(f"{server.base_url}/v1/checkpoint", timeout=10).text.split("\n")[1])
        drafted = httpx.post(
            f"{server.base_url}/v1/items",
            json=draft_body(office, 1),
            headers=auth(office, "drafter"),
            timeout=10,
        )
        assert drafted.status_code == 201, drafted.text
        wait_for(cosigned_by(server, both, after=before), "2 cosignatures on the item's checkpoint")
        tiles = f"{server.base_url}/log/checkpoint"
        wait_for(lambda: len(both.cosigners(httpx.get(tiles, timeout=10).text)) == 2, "tiles")
        exported = export(office, tmp_path / "ledger.jsonl")
    finally:
        server.stop()
        for witness in witnesses:
            witness.stop()
    verify = [str(BIN / "gongkai-verify"), "export", str(exported), "--vkey", log_key]
    a, b, c = (["--witness", keys[n].to_text()] for n in "abc")
    passed = run(*verify, *a, *b, "--quorum", "2", env=office.env)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "witnessed: 2 of 2" in passed.stdout
    too_many = run(*verify, *a, *b, "--quorum", "3", env=office.env)
    assert too_many.returncode == 2 and "quorum of 3" in too_many.stdout
    wrong_key = run(*verify, *a, *c, "--quorum", "2", env=office.env)
    assert wrong_key.returncode == 1 and "QUORUM_NOT_MET" in wrong_key.stdout

    # an evidence bundle carries the cosigned checkpoint, and its verifier takes the policy
    bundle = tmp_path / "item.zip"
    gongkai = [str(BIN / "gongkai"), "--data", str(office.data)]
    made = run(*gongkai, "bundle", "--stream", drafted.json()["item_id"], "--out", str(bundle),
               env=office.env)  # fmt: skip
    assert made.returncode == 0, made.stderr
    check = [str(BIN / "gongkai-verify"), "bundle", str(bundle), "--vkey", log_key]
    witnessed = run(*check, *a, *b, "--quorum", "2", env=office.env)
    assert witnessed.returncode == 0, witnessed.stdout + witnessed.stderr
    unwitnessed = run(*check, *a, *c, "--quorum", "2", env=office.env)
    assert unwitnessed.returncode == 1 and "QUORUM_NOT_MET" in unwitnessed.stdout


def fork(office: Office, into: Path, officer_name: str) -> Office:
    """A copy of the office's whole log (same key), then one entry of its own."""
    shutil.copytree(office.data, into)
    url = f"sqlite:///{into / 'ledger.db'}"
    forked = Office(into, {**office.env, "GONGKAI_DATABASE_URL": url}, office.tokens, office.sha256)
    services = forked.services()
    try:
        admin = services.office.officers()[0].id
        services.office.add_officer(admin, officer_name, "办公室", ["drafter"], datetime.now(UTC))
        services.settle()
    finally:
        services.close()
    return forked


def published(url: str, size: int) -> Callable[[], bool]:
    def check() -> bool:
        return httpx.get(url, timeout=10).text.split("\n")[1:2] == [str(size)]

    return check


def monitor_sees_the_fork(
    servers: list[ServerProcess], log_key: str, state: Path, env: dict[str, str]
) -> None:
    """``gongkai-verify monitor`` follows the first fork's tiles, then alarms on the
    second's: one size, two roots under one key."""
    sizes = [httpx.get(f"{s.base_url}/readyz", timeout=10).json()["tree_size"] for s in servers]
    for server, size in zip(servers, sizes, strict=True):
        wait_for(published(f"{server.base_url}/log/checkpoint", size), "the tiles published")
    command = [str(BIN / "gongkai-verify"), "monitor", "--vkey", log_key, "--state", str(state)]
    seen = run(*command, f"{servers[0].base_url}/log", env=env)
    assert seen.returncode == 0, seen.stdout + seen.stderr
    alarm = run(*command, f"{servers[1].base_url}/log", env=env)
    assert alarm.returncode == 1, alarm.stdout
    assert "SPLIT_VIEW" in alarm.stdout and servers[1].base_url in alarm.stdout


def test_a_split_view_is_refused_by_the_witness_and_by_a_quorum_policy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GONGKAI_KEY_PASSPHRASE", PASSPHRASE)
    base = set_up_office(f"sqlite:///{tmp_path / 'base' / 'ledger.db'}", tmp_path / "base")
    shown_to_court = fork(base, tmp_path / "court", "甲")
    shown_to_public = fork(base, tmp_path / "public", "乙")
    log_key = vkey(base)
    key: WitnessKey = witness_for(tmp_path / "w", "jiwei.example.gov.cn/witness", log_key)
    witness = start_witness(tmp_path / "w", base.env)
    listing = witness_list(tmp_path / "witnesses.toml", {witness.base_url: key})
    policy = WitnessPolicy((key,), 1)
    servers = []
    try:
        for forked in (shown_to_court, shown_to_public):
            env = {**forked.env, "GONGKAI_WITNESSES": str(listing)}
            servers.append(start_server(forked.data, env))
            if forked is shown_to_court:
                wait_for(cosigned_by(servers[0], policy), "the first fork cosigned")
        refusals = [str(BIN / "gongkai"), "witness", "refusals", "--dir", str(tmp_path / "w")]
        wait_for(
            lambda: " 422 " in run(*refusals, env=base.env).stdout, "the witness refuses the fork"
        )
        assert not policy.cosigners(httpx.get(f"{servers[1].base_url}/v1/checkpoint").text)
        monitor_sees_the_fork(servers, log_key, tmp_path / "monitor.json", base.env)
    finally:
        for server in servers:
            server.stop()
        witness.stop()
    verify = [str(BIN / "gongkai-verify"), "export"]
    for forked, cosigned in ((shown_to_court, True), (shown_to_public, False)):
        exported = export(forked, tmp_path / f"{forked.data.name}.jsonl")
        alone = run(*verify, str(exported), "--vkey", log_key, env=base.env)
        assert alone.returncode == 0, alone.stdout  # the log's key alone cannot tell
        witnessed = run(
            *verify, str(exported), "--vkey", log_key, "--witness", key.to_text(), env=base.env
        )
        assert (witnessed.returncode == 0) is cosigned, witnessed.stdout
        if not cosigned:
            assert "QUORUM_NOT_MET" in witnessed.stdout
