"""``gongkai bench api``: the running server under concurrent clients on loopback.

For each backend (SQLite; PostgreSQL when a URL is given) on a fresh data directory
(and a fresh PostgreSQL schema, dropped at the end):

1. set up an office in-process — officers, a drafter's token, ``seed_items`` items
   carried through review to publication — and start ``gongkai serve --workers N``;
2. public reads: clients mix RFC 9162 inclusion proofs of random entries (latest
   tree), the latest checkpoint and catalogue pages;
3. officer writes: clients draft items (``POST /v1/items``), one signed entry each,
   through the real endpoint (authentication, domain rules, signing, commit; the answer
   comes once the entry is committed, and the server's worker integrates it into the
   Merkle log and projects it meanwhile);
4. catch-up: how long after the last write the log has integrated every entry and every
   read model has applied it (``/metrics``: integration pending and projection lag 0).

Targets on the reference 2-core machine: ≥ 1,500 reads/s with p99 < 50 ms; ≥ 300
appends/s with p99 < 100 ms on PostgreSQL. The figures are printed and returned.
"""

from __future__ import annotations

import os
import random
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import httpx

from api.bench.load import Call, drive
from api.bench.scratch import scratch_database
from api.server.process import start_server
from api.services import Services

Out = Callable[[str], None]
READ_TARGET = (1500.0, 50.0)  # per second, p99 ms
WRITE_TARGET = (300.0, 100.0)
ROLES = ("drafter", "attribute_reviewer", "secrecy_reviewer", "approver")
DOCUMENT = "示范市人民政府关于印发《政府信息公开工作规定》的通知（正文）\n".encode() * 20


@dataclass(frozen=True, slots=True)
class ApiBenchSizes:
    """How much work each measurement does (the smoke test shrinks it)."""

    seed_items: int = 200
    workers: int = 2
    read_clients: int = 16
    write_clients: int = 8
    read_seconds: float = 10.0
    write_seconds: float = 10.0
    warmup_seconds: float = 1.5


QUICK = ApiBenchSizes(seed_items=40, read_seconds=3.0, write_seconds=3.0, warmup_seconds=0.5)


@dataclass(frozen=True, slots=True)
class Office:
    token: str
    sha256: str
    tree_size: int


def run(
    out: Out,
    *,
    work: Path,
    postgres: str | None = None,
    sizes: ApiBenchSizes = ApiBenchSizes(),
    backends: tuple[str, ...] = ("sqlite", "postgres"),
) -> dict[str, Any]:
    """Benchmark the API on each backend; print one line per figure; return them all."""
    figures: dict[str, Any] = {"sizes": asdict(sizes), "cpus": os.cpu_count()}
    for backend in backends:
        if backend == "postgres" and not postgres:
            out("api postgres: skipped (no PostgreSQL URL)")
            continue
        figures[backend] = _bench_backend(out, backend, work, postgres, sizes)
    return figures


def _bench_backend(
    out: Out, backend: str, work: Path, postgres: str | None, sizes: ApiBenchSizes
) -> dict[str, Any]:
    with scratch_database(work, backend, postgres, "bench-api") as (data, url):
        return _measure(out, backend, data, url, sizes)


def _measure(out: Out, backend: str, data: Path, url: str, sizes: ApiBenchSizes) -> dict[str, Any]:
    env = {**os.environ, "GONGKAI_DATABASE_URL": url}
    env.setdefault("GONGKAI_KEY_PASSPHRASE", "bench-api")
    office = set_up_office(data, url, env["GONGKAI_KEY_PASSPHRASE"], sizes.seed_items)
    server = start_server(data, env, workers=sizes.workers)
    try:
        load_before = os.getloadavg()[0]
        reads = drive(
            server.base_url,
            _read_plan(office),
            clients=sizes.read_clients,
            seconds=sizes.read_seconds,
            warmup=sizes.warmup_seconds,
        )
        _report(out, backend, "reads ", reads, READ_TARGET, sizes)
        writes = drive(
            server.base_url,
            _write_plan(office),
            clients=sizes.write_clients,
            seconds=sizes.write_seconds,
            warmup=sizes.warmup_seconds,
        )
        _report(out, backend, "writes", writes, WRITE_TARGET, sizes)
        caught_up = _report_catch_up(out, backend, server.base_url)
        ceiling = _ceiling(out, backend, server.base_url, sizes)
        readiness = _readiness(server.base_url)
        if readiness["not_ready"]:
            out(f"api {backend:8} /readyz was 503 after the writes: {readiness['not_ready']}")
    finally:
        server.stop()
    return {
        "database": url.rsplit("schema=", 1)[1] if backend == "postgres" else "sqlite",
        "reads": reads,
        "writes": writes,
        "caught_up_ms": None if caught_up is None else round(caught_up * 1000, 1),
        "ceiling": ceiling,
        **readiness,
        "load_average_before": round(load_before, 2),
    }


def _ceiling(out: Out, backend: str, base_url: str, sizes: ApiBenchSizes) -> dict[str, Any]:
    """The same clients against ``/healthz`` (no database, a fixed answer): the load
    generator and server's own ceiling on these two shared cores, beside which the
    read and write rates are to be read."""
    healthz = drive(
        base_url,
        lambda rng: Call("healthz", "GET", "/healthz"),
        clients=sizes.read_clients,
        seconds=sizes.read_seconds,
        warmup=sizes.warmup_seconds,
    )
    out(f"api {backend:8} ceiling: {healthz['per_s']:,.1f}/s p99 {healthz['p99_ms']:.2f} ms "
        f"against /healthz ({sizes.read_clients} clients: the generator's and the server's "
        "own limit on these cores, no database)")  # fmt: skip
    return healthz


def _report_catch_up(out: Out, backend: str, base_url: str) -> float | None:
    caught_up = _catch_up_seconds(base_url)
    out(
        f"api {backend:8} caught up: the log and every read model "
        + (
            f"{caught_up * 1000:.0f} ms after the last write"
            if caught_up is not None
            else "NOT within 60 s of the last write"
        )
    )
    return caught_up


def _catch_up_seconds(base_url: str, timeout: float = 60) -> float | None:
    """Seconds until ``/metrics`` shows nothing left to integrate or project."""
    started = time.monotonic()
    with httpx.Client(base_url=base_url, timeout=30) as client:
        while time.monotonic() - started < timeout:
            gauges = dict(
                line.rsplit(" ", 1)
                for line in client.get("/metrics").text.splitlines()
                if line.startswith(("gongkai_integration_pending ", "gongkai_projection_lag "))
            )
            if gauges and all(float(value) == 0 for value in gauges.values()):
                return time.monotonic() - started
            time.sleep(0.02)
    return None


def _readiness(base_url: str, timeout: float = 30) -> dict[str, Any]:
    """Wait for ``/readyz`` (the background worker settles what the writes left);
    report the tree size then, and why it was not ready at first, if it was not."""
    first: str | None = None
    deadline = time.monotonic() + timeout
    while True:
        answer = httpx.get(f"{base_url}/readyz", timeout=30)
        if answer.status_code == 200:
            return {"tree_size_after": answer.json()["tree_size"], "not_ready": first}
        first = first or str(answer.json().get("detail", answer.status_code))[:300]
        if time.monotonic() > deadline:
            return {"tree_size_after": None, "not_ready": first}
        time.sleep(0.25)


def set_up_office(data: Path, url: str, passphrase: str, items: int) -> Office:
    """An office with its officers, a drafter's token and ``items`` published items."""
    previous = os.environ.get("GONGKAI_KEY_PASSPHRASE")
    os.environ["GONGKAI_KEY_PASSPHRASE"] = passphrase
    services = Services.open(data, url)
    try:
        now = datetime.now(UTC)
        admin = services.office.initialise(
            "bench.gongkai.local/log", "示范市政府办公室", "管理员", now
        )
        officers = {
            role: services.office.add_officer(admin, role, "政务公开科", [role], now)
            for role in ROLES
        }
        sha = services.content.put(DOCUMENT)
        for n in range(items):
            _publish(services, officers, sha, n)
        services.settle()
        token = services.tokens.issue(officers["drafter"], 1, now)
        return Office(token, sha, services.ledger.tree_size())
    finally:
        services.close()
        if previous is None:
            os.environ.pop("GONGKAI_KEY_PASSPHRASE", None)
        else:
            os.environ["GONGKAI_KEY_PASSPHRASE"] = previous


def _publish(services: Services, officers: dict[str, str], sha: str, n: int) -> None:
    items, now, today = services.items, datetime.now(UTC), date.today()
    item = items.draft(
        officers["drafter"],
        now,
        title=f"关于第{n}批政务公开事项的通知",
        category=("normative_documents", "budgets", "plans")[n % 3],
        doc_number=f"示政发〔2026〕{n + 1}号",
        formed_on=today,
        attribute="proactive",
        attribute_basis="涉及公众切身利益",
        content_sha256=sha,
        sealed_title=False,
        item_id=None,
    )
    items.review_attribute(
        item.id, officers["attribute_reviewer"], now, attribute="proactive", basis="同意"
    )
    items.review_secrecy(
        item.id, officers["secrecy_reviewer"], now, content_sha256=sha, result="passed"
    )
    items.approve(item.id, officers["approver"], now, content_sha256=sha)
    items.publish(
        item.id,
        officers["approver"],
        now,
        content_sha256=sha,
        channel="政府网站",
        url=None,
        published_on=today,
    )


def _read_plan(office: Office) -> Callable[[random.Random], Call]:
    def plan(rng: random.Random) -> Call:
        pick = rng.random()
        if pick < 0.4:
            index = rng.randrange(office.tree_size)
            return Call("proof", "GET", f"/v1/proof/inclusion?index={index}")
        if pick < 0.7:
            return Call("checkpoint", "GET", "/v1/checkpoint")
        category = rng.choice(("", "&category=budgets", "&category=plans"))
        return Call("catalogue", "GET", f"/v1/catalogue?limit=20{category}")

    return plan


def _write_plan(office: Office) -> Callable[[random.Random], Call]:
    headers = {"Authorization": f"Bearer {office.token}"}

    def plan(rng: random.Random) -> Call:
        body = {
            "title": f"关于压力测试第{rng.randrange(10**9)}号的通知",
            "category": "normative_documents",
            "formed_on": date.today().isoformat(),
            "attribute": "proactive",
            "attribute_basis": "主动公开",
            "content_sha256": office.sha256,
        }
        return Call("draft", "POST", "/v1/items", headers, body)

    return plan


def _report(
    out: Out,
    backend: str,
    what: str,
    f: dict[str, Any],
    target: tuple[float, float],
    sizes: ApiBenchSizes,
) -> None:
    met = f["per_s"] >= target[0] and f["p99_ms"] < target[1] and f["errors"] == 0
    out(
        f"api {backend:8} {what}: {f['per_s']:8.1f}/s  p50 {f['p50_ms']:6.2f} ms  "
        f"p99 {f['p99_ms']:7.2f} ms  errors {f['errors']}  ({f['clients']} clients, "
        f"{sizes.workers} workers; target ≥ {target[0]:.0f}/s, p99 < {target[1]:.0f} ms: "
        f"{'met' if met else 'NOT met'})"
    )
    for name, g in f["by_name"].items():
        rate, p50, p99 = g["per_s"], g["p50_ms"], g["p99_ms"]
        out(f"    {name:10} {rate:8.1f}/s  p50 {p50:6.2f} ms  p99 {p99:7.2f} ms")
