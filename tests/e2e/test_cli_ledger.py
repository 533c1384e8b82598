"""The ledger's command-line flow, as an operator runs it, on both backends:
init → entries → checkpoint → proof → export → gongkai-verify → verify."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

BIN = Path(sys.executable).parent


def _run(
    tool: str, *args: str, env: dict[str, str], ok: bool = True
) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [str(BIN / tool), *args], capture_output=True, text=True, env=env, timeout=120
    )
    if ok:
        assert result.returncode == 0, result.stderr + result.stdout
    return result


@pytest.fixture
def env(database_url: str, tmp_path: Path) -> dict[str, str]:
    return {
        **os.environ,
        "GONGKAI_DATA": str(tmp_path / "data"),
        "GONGKAI_DATABASE_URL": database_url,
        "GONGKAI_KEY_PASSPHRASE": "e2e-passphrase",
    }


def test_the_operator_flow_verifies_end_to_end(env: dict[str, str], tmp_path: Path) -> None:
    _run("gongkai", "init", "--origin", "e2e.gongkai.local/log", "--agency", "测试局", env=env)
    vkey = _run("gongkai", "vkey", env=env).stdout.strip()
    assert vkey.startswith("e2e.gongkai.local/log+")

    note = _run("gongkai", "checkpoint", env=env).stdout
    size = int(note.splitlines()[1])
    assert note.startswith("e2e.gongkai.local/log\n") and "\n\n— e2e.gongkai.local/log " in note

    proof = json.loads(_run("gongkai", "proof", "inclusion", "1", env=env).stdout)
    assert proof["index"] == 1 and proof["tree_size"] == size
    consistency = json.loads(
        _run("gongkai", "proof", "consistency", "2", str(size), env=env).stdout
    )
    assert consistency["first"] == 2 and consistency["hashes"]

    export = tmp_path / "ledger.jsonl"
    _run("gongkai", "export", str(export), env=env)
    checked = _run("gongkai-verify", "export", str(export), "--vkey", vkey, "--json", env=env)
    assert json.loads(checked.stdout)["valid"] is True

    verified = _run("gongkai", "verify", env=env)
    assert verified.stdout.startswith("VALID")


def test_init_twice_is_refused_with_one_clear_line(env: dict[str, str]) -> None:
    _run("gongkai", "init", "--origin", "e2e.gongkai.local/log", "--agency", "测试局", env=env)
    again = _run("gongkai", "init", "--origin", "x/y", "--agency", "x", env=env, ok=False)
    assert again.returncode == 1
    assert again.stderr.strip().startswith("error: LEDGER_ALREADY_INITIALISED")
    assert "Traceback" not in again.stderr


def test_commands_before_init_explain_what_to_do(env: dict[str, str]) -> None:
    result = _run("gongkai", "vkey", env=env, ok=False)
    assert result.returncode == 1
    assert "gongkai init" in result.stderr and "Traceback" not in result.stderr


def test_a_tampered_export_is_rejected_naming_the_entry(
    env: dict[str, str], tmp_path: Path
) -> None:
    _run("gongkai", "init", "--origin", "e2e.gongkai.local/log", "--agency", "测试局", env=env)
    vkey = _run("gongkai", "vkey", env=env).stdout.strip()
    export = tmp_path / "ledger.jsonl"
    _run("gongkai", "export", str(export), env=env)
    lines = export.read_bytes().split(b"\n")
    lines[4] = lines[4].replace(b'"at":"20', b'"at":"19', 1)  # entry #3: an earlier time
    export.write_bytes(b"\n".join(lines))
    result = _run("gongkai-verify", "export", str(export), "--vkey", vkey, env=env, ok=False)
    assert result.returncode == 1
    assert "entry #3 " in result.stdout
