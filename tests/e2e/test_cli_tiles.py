"""``gongkai tiles`` and ``gongkai-verify monitor`` as an operator and a watchdog run
them (both backends): publish, monitor, grow, monitor again; an altered log alarms with
exit 1 and leaves the monitor's state as it was; an unreadable state file is exit 2."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.cli import gongkai as run_gongkai
from verify.cosignature import WitnessKey

BIN = Path(sys.executable).parent


def _run(tool: str, *args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    if tool == "gongkai":
        return run_gongkai(args, env=env)
    return subprocess.run(
        [str(BIN / tool), *args], capture_output=True, text=True, env=env, timeout=120
    )


@pytest.fixture
def env(database_url: str, tmp_path: Path) -> dict[str, str]:
    env = {
        **os.environ,
        "GONGKAI_DATA": str(tmp_path / "data"),
        "GONGKAI_DATABASE_URL": database_url,
        "GONGKAI_KEY_PASSPHRASE": "e2e-passphrase",
    }
    made = _run(
        "gongkai", "init", "--origin", "e2e.gongkai.local/log", "--agency", "测试局", env=env
    )
    assert made.returncode == 0, made.stderr
    return env


def test_publish_then_monitor_then_grow_then_monitor_again(
    env: dict[str, str], tmp_path: Path
) -> None:
    tiles, state = tmp_path / "tiles", tmp_path / "monitor.json"
    published = _run("gongkai", "tiles", "--out", str(tiles), env=env)
    assert published.returncode == 0, published.stderr
    assert published.stdout.startswith("published tree size ")
    vkey = _run("gongkai", "vkey", env=env).stdout.strip()
    monitor = ["monitor", str(tiles), "--vkey", vkey, "--state", str(state), "--json"]
    first = _run("gongkai-verify", *monitor, env=env)
    assert first.returncode == 0, first.stdout + first.stderr
    size = json.loads(first.stdout)["tree_size"]
    grown = _run(
        "gongkai", "officer", "add", "--name", "李四", "--unit", "政务公开科",
        "--roles", "drafter", "--as", "officer-0001", env=env,
    )  # fmt: skip
    assert grown.returncode == 0, grown.stderr + grown.stdout
    assert _run("gongkai", "tiles", "--out", str(tiles), env=env).returncode == 0
    second = _run("gongkai-verify", *monitor, env=env)
    assert second.returncode == 0, second.stdout
    report = json.loads(second.stdout)
    assert (
        report["previous_size"] == size and report["entries_checked"] == report["tree_size"] - size
    )


def test_an_altered_log_alarms_and_keeps_the_state(env: dict[str, str], tmp_path: Path) -> None:
    tiles, state = tmp_path / "tiles", tmp_path / "monitor.json"
    assert _run("gongkai", "tiles", "--out", str(tiles), env=env).returncode == 0
    vkey = _run("gongkai", "vkey", env=env).stdout.strip()
    monitor = ["monitor", str(tiles), "--vkey", vkey, "--state", str(state)]
    assert _run("gongkai-verify", *monitor, env=env).returncode == 0
    kept = state.read_bytes()
    bundle = next((tiles / "tile" / "entries").rglob("*[0-9]"))
    bundle.write_bytes(bundle.read_bytes().replace(b"ed25519", b"ED25519"))
    (tiles / "checkpoint").write_text((tiles / "checkpoint").read_text())  # same checkpoint
    state.write_bytes(b'{"format": "gongkai-monitor/1"}')  # a broken state: unreadable
    broken = _run("gongkai-verify", *monitor, env=env)
    assert broken.returncode == 2 and "UNREADABLE" in broken.stdout
    state.write_bytes(kept)
    fresh = tmp_path / "fresh.json"
    alarm = _run("gongkai-verify", *monitor[:-1], str(fresh), env=env)
    assert alarm.returncode == 1
    assert alarm.stdout.startswith("无效 INVALID: LEAF_MISMATCH")
    assert not fresh.exists() and state.read_bytes() == kept


def test_the_monitor_takes_the_witness_policy_of_the_other_subcommands(
    env: dict[str, str], tmp_path: Path
) -> None:
    tiles, state = tmp_path / "tiles", tmp_path / "monitor.json"
    assert _run("gongkai", "tiles", "--out", str(tiles), env=env).returncode == 0
    vkey = _run("gongkai", "vkey", env=env).stdout.strip()
    monitor = ["monitor", str(tiles), "--vkey", vkey, "--state", str(state)]
    alone = _run("gongkai-verify", *monitor, "--quorum", "1", env=env)
    assert alone.returncode == 2 and "--quorum needs --witness" in alone.stdout
    witness = WitnessKey.for_key("court.example/witness", bytes(32)).to_text()
    refused = _run("gongkai-verify", *monitor, "--witness", witness, env=env)  # no cosignature
    assert refused.returncode == 1 and "QUORUM_NOT_MET" in refused.stdout
    assert not state.exists()
