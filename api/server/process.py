"""Run ``gongkai serve`` as a child process (load bench, end-to-end tests): start it on a
free loopback port, wait until ``/readyz`` answers, stop or kill it."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import httpx

from api.errors import ServerFailed


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def gongkai_executable() -> str:
    beside = Path(sys.executable).parent / "gongkai"
    found = str(beside) if beside.exists() else shutil.which("gongkai")
    if found is None:
        raise ServerFailed("the gongkai command is not installed")
    return found


@dataclass
class ServerProcess:
    process: subprocess.Popen[bytes]
    base_url: str
    log: Path
    ready_path: str = "/readyz"

    @property
    def pid(self) -> int:
        return self.process.pid

    def log_tail(self, lines: int = 20) -> str:
        text = self.log.read_text(errors="replace") if self.log.exists() else ""
        return "\n".join(text.splitlines()[-lines:])

    def wait_ready(self, timeout: float) -> None:
        """Poll ``ready_path`` until 200. Raises ServerFailed."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise ServerFailed(f"server exited ({self.process.returncode}):\n{self.log_tail()}")
            try:
                if httpx.get(f"{self.base_url}{self.ready_path}", timeout=2).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.1)
        raise ServerFailed(f"server not ready after {timeout:.0f} s:\n{self.log_tail()}")

    def stop(self, timeout: float = 15) -> None:
        """SIGTERM (graceful), then SIGKILL if it lingers."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.kill()

    def kill(self) -> None:
        """SIGKILL, as a crash would (workers of a multi-process server die with it)."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(10)


def start_server(
    data: Path,
    env: Mapping[str, str],
    *,
    workers: int = 1,
    port: int | None = None,
    ready_timeout: float = 90,
    access_log: bool = True,
    rate_limit: str = "off",
    rate_limit_expensive: str | None = None,
) -> ServerProcess:
    """``gongkai --data DATA serve`` on a free loopback port, ready. Raises ServerFailed.

    Its load generator is one client on loopback, so rate limits are off unless given."""
    port = port or free_port()
    log = data / f"serve-{port}.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    command = [gongkai_executable(), "--data", str(data), "serve", "--host", "127.0.0.1"]
    command += ["--port", str(port), "--workers", str(workers)]
    command += [] if access_log else ["--no-access-log"]
    command += ["--rate-limit", rate_limit]
    command += ["--rate-limit-expensive", rate_limit_expensive or rate_limit]
    with log.open("ab") as out:
        process = subprocess.Popen(
            command, env=dict(env), stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    server = ServerProcess(process, f"http://127.0.0.1:{port}", log)
    try:
        server.wait_ready(ready_timeout)
    except ServerFailed:
        server.kill()
        raise
    return server
