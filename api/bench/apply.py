"""``gongkai bench apply``: online applications submitted to ``POST /apply`` by 16
concurrent clients, on SQLite and on PostgreSQL (a fresh schema, dropped at the end).

Each submission is a real multipart form with a small PDF attachment and its own
description (so none is refused as a duplicate); the per-client limit is lifted for the
run. Target: p99 < 200 ms on PostgreSQL with 16 clients.
"""

from __future__ import annotations

import os
import random
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from api.bench.api import set_up_office
from api.bench.load import Call, drive
from api.bench.scratch import scratch_database
from api.server.process import start_server
from api.services import Services
from domain.office.office import FIRST_ADMIN

Out = Callable[[str], None]
TARGET_P99_MS = 200.0
BOUNDARY = "gongkai-bench-boundary"


def _form(n: int) -> bytes:
    fields = {
        "applicant_type": "natural-person",
        "name": "压力测试申请人",
        "id_number": "11010119900307123X",
        "contact": "bench@example.cn",
        "description": f"申请公开压力测试第{n}号文件的全文",
        "requested_form": "electronic",
        "delivery": "online",
        "consent": "yes",
    }
    parts = [
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
        for k, v in fields.items()
    ]
    parts.append(
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="attachment"; '
        f'filename="id.pdf"\r\nContent-Type: application/pdf\r\n\r\n'.encode()
        + b"%PDF-1.4\n"
        + os.urandom(2048).hex().encode()
        + b"\r\n"
    )
    return b"".join(parts) + f"--{BOUNDARY}--\r\n".encode()


def _plan(rng: random.Random) -> Call:
    headers = {"Content-Type": f"multipart/form-data; boundary={BOUNDARY}"}
    return Call("apply", "POST", "/apply", headers, body=_form(rng.randrange(10**12)))


def _handler(data: Path, url: str, passphrase: str) -> str:
    os.environ.setdefault("GONGKAI_KEY_PASSPHRASE", passphrase)
    services = Services.open(data, url)
    try:
        now = datetime.now(UTC)
        return services.office.add_officer(
            FIRST_ADMIN, "网上受理", "政务公开科", ["request_handler"], now
        )
    finally:
        services.close()


def run(
    out: Out, *, work: Path, postgres: str | None, clients: int = 16, seconds: float = 4.0
) -> dict[str, Any]:
    figures: dict[str, Any] = {}
    for backend in ("sqlite", "postgres"):
        if backend == "postgres" and not postgres:
            out("apply postgres: skipped (no PostgreSQL URL)")
            continue
        figures[backend] = _one(out, backend, work, postgres, clients, seconds)
    return figures


def _one(
    out: Out, backend: str, work: Path, postgres: str | None, clients: int, seconds: float
) -> dict[str, Any]:
    with scratch_database(work, backend, postgres, "bench-apply") as (data, url):
        env = {**os.environ, "GONGKAI_DATABASE_URL": url, "GONGKAI_APPLY_RATE": "1000000/1"}
        env.setdefault("GONGKAI_KEY_PASSPHRASE", "bench-apply")
        set_up_office(data, url, env["GONGKAI_KEY_PASSPHRASE"], 1)
        env["GONGKAI_PORTAL_OFFICER"] = _handler(data, url, env["GONGKAI_KEY_PASSPHRASE"])
        server = start_server(data, env, workers=1)
        try:
            f = drive(server.base_url, _plan, clients=clients, seconds=seconds, warmup=0.5)
        finally:
            server.stop()
    met = f["p99_ms"] < TARGET_P99_MS and f["errors"] == 0
    out(
        f"apply {backend:8}: {f['per_s']:7.1f}/s  p50 {f['p50_ms']:6.1f} ms  "
        f"p99 {f['p99_ms']:7.1f} ms  errors {f['errors']}  "
        f"({clients} clients; target p99 < {TARGET_P99_MS:.0f} ms: "
        f"{'met' if met else 'NOT met'})"
    )
    return f
