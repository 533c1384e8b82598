"""A static web server over a tiles directory, for the tiles benchmark and the tests:
nginx with docs/nginx-tiles.conf when it is installed, else Python's ``http.server``
(far slower: the benchmark says which one it measured)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from api.server.process import free_port

CONF = Path(__file__).resolve().parents[2] / "docs" / "nginx-tiles.conf"
WORKER_PROCESSES = 2
NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)


def nginx_conf(tiles: Path, port: int, work: Path) -> str:
    """A whole nginx.conf around the documented server block, on ``port`` over ``tiles``."""
    server = CONF.read_text().replace("listen 8080;", f"listen 127.0.0.1:{port};")
    server = server.replace("root /srv/tiles;", f"root {tiles};")
    temps = "\n".join(
        f"    {name}_temp_path {work / name};"
        for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    user = "user root;\n" if os.geteuid() == 0 else ""
    return (
        f"{user}daemon off;\nworker_processes {WORKER_PROCESSES};\npid {work / 'nginx.pid'};\n"
        f"error_log {work / 'error.log'};\nevents {{ worker_connections 256; }}\n"
        f"http {{\n{temps}\n{server}\n}}\n"
    )


@contextmanager
def static_server(tiles: Path, work: Path) -> Iterator[tuple[str, str]]:
    """(base URL, "nginx" or "http.server") of a static server over ``tiles``."""
    work.mkdir(parents=True, exist_ok=True)
    port = free_port()
    if NGINX is not None and CONF.is_file():
        (work / "nginx.conf").write_text(nginx_conf(tiles, port, work))
        command = [NGINX, "-p", str(work), "-c", str(work / "nginx.conf"), "-e", "stderr"]
        kind = "nginx"
    else:
        command = [sys.executable, "-m", "api.bench.plain_static", str(port), str(tiles)]
        kind = "http.server"
    log = (work / "static.log").open("wb")
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    (work / "server.pid").write_text(str(process.pid))
    try:
        _wait(base, process, work)
        yield base, kind
    finally:
        process.terminate()
        process.wait(10)
        log.close()


def _wait(base: str, process: subprocess.Popen[bytes], work: Path) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"static server exited: {(work / 'static.log').read_text()}")
        try:
            httpx.get(f"{base}/checkpoint", timeout=2)
            return
        except httpx.TransportError:
            time.sleep(0.1)
    raise RuntimeError("static server did not start")
