"""``gongkai serve`` with an unreadable GONGKAI_WITNESS_POLICY: one clear line, exit 2,
before anything is served."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from api.witness.policy import POLICY_ENV


def test_serve_refuses_an_unreadable_policy_in_one_line(tmp_path: Path) -> None:
    gongkai = Path(sys.executable).with_name("gongkai")
    env = {**os.environ, POLICY_ENV: str(write(tmp_path / "policy.toml", "quorum = 3\n"))}
    env.pop("GONGKAI_WITNESSES", None)
    command = [str(gongkai), "--data", str(tmp_path / "data"), "serve", "--port", "1"]
    done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        f"error: {POLICY_ENV}: {tmp_path / 'policy.toml'}: "
        "a quorum of 3 needs at least 3 witness keys; 0 given"
    ]


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path
