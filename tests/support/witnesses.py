"""Witnesses for the tests: a witness directory for a log, and ``gongkai witness serve``
as a real child process on a free port."""

from __future__ import annotations

import subprocess
from collections.abc import Mapping
from pathlib import Path

from api.server.process import ServerProcess, free_port, gongkai_executable
from api.witness.config import WitnessDirectory
from verify.cosignature import WitnessKey


def witness_for(directory: Path, name: str, log_vkey: str) -> WitnessKey:
    """A witness named ``name`` in ``directory`` that witnesses the log of ``log_vkey``."""
    witnesses = WitnessDirectory(directory)
    key = witnesses.init(name)
    witnesses.add_log(log_vkey)
    return key


def start_witness(directory: Path, env: Mapping[str, str]) -> ServerProcess:
    port = free_port()
    log = directory / f"witness-{port}.log"
    command = [gongkai_executable(), "witness", "serve", "--dir", str(directory)]
    command += ["--port", str(port)]
    with log.open("ab") as out:
        process = subprocess.Popen(
            command, env=dict(env), stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    server = ServerProcess(process, f"http://127.0.0.1:{port}", log, ready_path="/healthz")
    try:
        server.wait_ready(60)
    except Exception:
        server.kill()
        raise
    return server


def witness_list(path: Path, witnesses: Mapping[str, WitnessKey]) -> Path:
    """A GONGKAI_WITNESSES file naming each witness (URL -> key)."""
    path.write_text(
        "".join(
            f'[[witness]]\nurl = "{url}"\nvkey = "{key.to_text()}"\n\n'
            for url, key in witnesses.items()
        ),
        encoding="utf-8",
    )
    return path
