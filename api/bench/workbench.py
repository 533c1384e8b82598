"""``gongkai bench workbench``: the officers' workbench and the inspectors' console
served by ``gongkai serve``, on each backend (SQLite; PostgreSQL when a URL is given).

1. An office like the demo's is set up in-process: eight officers (one per desk, each
   with a workbench account), ``items`` items carried to publication, and
   ``open_requests`` open disclosure requests (5,000 by default) for the handlers' inbox.
2. Eight officers work at once: each signs in through the real form and keeps asking
   for the pages of their desk (queues, item pages, the inbox, a request, the office
   head's and admin's desks, the console's replay) for ``seconds``.
3. The inbox's first page (the open requests, the soonest due first, 50 a page) is
   asked for ``inbox_rounds`` times by one officer alone.

Targets (issue 18): workbench and console pages p99 < 150 ms with eight officers; the
inbox of 5,000 open requests renders its first page in < 200 ms.
"""

from __future__ import annotations

import os
import random
import re
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx

from api.bench.api import DOCUMENT, _publish
from api.bench.load import Call, drive, percentile
from api.bench.scratch import scratch_database
from api.server.process import start_server
from api.services import Services
from api.workbench.sessions import COOKIE
from projections import catalogue_queries as cq

Out = Callable[[str], None]
PAGES_P99_MS = 150.0
INBOX_MS = 200.0
PASSWORD = "bench-workbench-password"
ROLES = (
    "drafter",
    "attribute_reviewer",
    "secrecy_reviewer",
    "approver",
    "request_handler",
    "office_head",
    "inspector",
)


@dataclass(frozen=True, slots=True)
class WorkbenchBenchSizes:
    items: int = 100
    open_requests: int = 5000
    officers: int = 8
    workers: int = 2
    seconds: float = 10.0
    inbox_rounds: int = 40
    warmup_seconds: float = 1.0


QUICK = WorkbenchBenchSizes(items=20, open_requests=500, seconds=3.0, inbox_rounds=15)


@dataclass(frozen=True, slots=True)
class Office:
    officers: dict[str, str]  # role → officer id (admin included)
    item_id: str
    request_number: str
    request_stream: str


def run(
    out: Out,
    *,
    work: Path,
    postgres: str | None = None,
    sizes: WorkbenchBenchSizes = WorkbenchBenchSizes(),
) -> dict[str, Any]:
    """Benchmark the workbench on each backend; print the figures; return them all."""
    figures: dict[str, Any] = {"sizes": asdict(sizes), "cpus": os.cpu_count()}
    for backend in ("sqlite", "postgres"):
        if backend == "postgres" and not postgres:
            out("workbench postgres: skipped (no PostgreSQL URL)")
            continue
        figures[backend] = _bench_backend(out, backend, work, postgres, sizes)
    return figures


def _bench_backend(
    out: Out, backend: str, work: Path, postgres: str | None, sizes: WorkbenchBenchSizes
) -> dict[str, Any]:
    with scratch_database(work, backend, postgres, "bench-workbench") as (data, url):
        return _measure(out, backend, data, url, sizes)


def _measure(
    out: Out, backend: str, data: Path, url: str, sizes: WorkbenchBenchSizes
) -> dict[str, Any]:
    env = {**os.environ, "GONGKAI_DATABASE_URL": url, "GONGKAI_SIGN_IN_DELAY": "0"}
    env.setdefault("GONGKAI_KEY_PASSPHRASE", "bench-workbench")
    started = time.perf_counter()
    office = _set_up(data, url, env["GONGKAI_KEY_PASSPHRASE"], sizes)
    out(f"workbench {backend:8} office set up in {time.perf_counter() - started:.1f} s")
    server = start_server(data, env, workers=sizes.workers, access_log=False)
    try:
        cookies = {role: _sign_in(server.base_url, o) for role, o in office.officers.items()}
        pages = drive(
            server.base_url,
            _plan(office, cookies),
            clients=sizes.officers,
            seconds=sizes.seconds,
            warmup=sizes.warmup_seconds,
        )
        inbox = _inbox(server.base_url, cookies["request_handler"], sizes.inbox_rounds)
    finally:
        server.stop()
    _report(out, backend, pages, inbox, sizes)
    return {"pages": pages, "inbox_first_page": inbox}


def _set_up(data: Path, url: str, passphrase: str, sizes: WorkbenchBenchSizes) -> Office:
    previous = os.environ.get("GONGKAI_KEY_PASSPHRASE")
    os.environ["GONGKAI_KEY_PASSPHRASE"] = passphrase
    services = Services.open(data, url)
    try:
        now = datetime.now(UTC)
        admin = services.office.initialise(
            "bench.gongkai.local/log", "示范市政府办公室", "管理员", now
        )
        officers = {"admin": admin}
        for role in ROLES:
            officers[role] = services.office.add_officer(admin, role, "政务公开科", [role], now)
        for officer in officers.values():
            services.accounts.set_password(officer, PASSWORD, now)
        sha = services.content.put(DOCUMENT)
        for n in range(sizes.items):
            _publish(services, officers, sha, n)
        request = _receive_many(services, officers["request_handler"], sizes.open_requests)
        services.settle()
        with services.ledger.backend.transaction() as cur:
            rows = cq.officer_page(cur, limit=1).rows
        item_id = rows[0].item_id if rows else ""
        return Office(officers, item_id, request[0], request[1])
    finally:
        services.close()
        if previous is None:
            os.environ.pop("GONGKAI_KEY_PASSPHRASE", None)
        else:
            os.environ["GONGKAI_KEY_PASSPHRASE"] = previous


def _receive_many(services: Services, handler: str, count: int) -> tuple[str, str]:
    """``count`` open requests received over the last 40 days; the first's number and id."""
    first: tuple[str, str] | None = None
    today = date.today()
    for n in range(count):
        received = services.requests.receive(
            handler,
            datetime.now(UTC),
            channel=("in-person", "post")[n % 2],
            received_on=today - timedelta(days=n % 40),
            applicant={"name": f"申请人{n}"},
            applicant_type="natural-person",
            description=f"申请公开第{n}项信息",
        )
        first = first or (str(received.number), received.id)
    return first or ("", "")


_CSRF = re.compile(r'name="csrf" value="([^"]+)"')


def _sign_in(base_url: str, officer: str) -> str:
    """Sign in through the real form; the session cookie's value."""
    with httpx.Client(base_url=base_url, timeout=30) as client:
        form = client.get("/workbench/sign-in")
        found = _CSRF.search(form.text)
        data = {"csrf": found.group(1) if found else "", "officer": officer, "password": PASSWORD}
        answer = client.post("/workbench/sign-in", data=data)
        session = answer.cookies.get(COOKIE) or client.cookies.get(COOKIE)
    if not session:
        raise RuntimeError(f"{officer} could not sign in to the workbench ({answer.status_code})")
    return str(session)


def _pages(office: Office) -> dict[str, list[str]]:
    """The pages each desk keeps asking for."""
    item, number = f"/workbench/items/{office.item_id}", office.request_number
    return {
        "drafter": ["/workbench", "/workbench/drafter", item],
        "attribute_reviewer": ["/workbench/review", item],
        "secrecy_reviewer": ["/workbench/review", item],
        "approver": ["/workbench/publish", "/workbench/review", item],
        "request_handler": ["/workbench/requests", f"/workbench/requests/{number}"],
        "office_head": ["/workbench/office", f"/workbench/requests/{number}"],
        "inspector": [
            f"/workbench/inspect/streams/{office.request_stream}",
            f"/workbench/inspect?request={number}",
            f"/workbench/inspect/streams/{office.item_id}",
        ],
        "admin": ["/workbench/admin", "/workbench"],
    }


def _plan(office: Office, cookies: dict[str, str]) -> Callable[[random.Random], Call]:
    pages = _pages(office)
    roles = sorted(pages)

    def plan(rng: random.Random) -> Call:
        role = rng.choice(roles)
        path = rng.choice(pages[role])
        headers = {"Cookie": f"{COOKIE}={cookies[role]}"}
        return Call(
            path.split("?")[0].split("/")[2] if path.count("/") > 1 else "home",
            "GET",
            path,
            headers,
        )

    return plan


def _inbox(base_url: str, session: str, rounds: int) -> dict[str, Any]:
    """The inbox's first page, asked for ``rounds`` times by one officer alone."""
    timings = []
    with httpx.Client(base_url=base_url, timeout=30, cookies={COOKIE: session}) as client:
        client.get("/workbench/requests")  # warm
        for _ in range(rounds):
            begin = time.perf_counter()
            answer = client.get("/workbench/requests")
            timings.append(time.perf_counter() - begin)
            if answer.status_code != 200:
                raise RuntimeError(f"the inbox answered {answer.status_code}")
    open_count = re.search(r'id="open-count">(\d+)', answer.text)
    return {
        "open_requests": int(open_count.group(1)) if open_count else None,
        "rounds": rounds,
        "p50_ms": round(percentile(timings, 0.5) * 1000, 2),
        "p99_ms": round(percentile(timings, 0.99) * 1000, 2),
    }


def _report(
    out: Out, backend: str, pages: dict[str, Any], inbox: dict[str, Any], sizes: WorkbenchBenchSizes
) -> None:
    met = "met" if pages["p99_ms"] < PAGES_P99_MS and pages["errors"] == 0 else "NOT met"
    out(
        f"workbench {backend:8} pages: {pages['per_s']:7.1f}/s  p50 {pages['p50_ms']:6.2f} ms  "
        f"p99 {pages['p99_ms']:7.2f} ms  errors {pages['errors']}  ({sizes.officers} officers, "
        f"{sizes.workers} workers; target p99 < {PAGES_P99_MS:.0f} ms: {met})"
    )
    for name, g in pages["by_name"].items():
        rate, p50, p99 = g["per_s"], g["p50_ms"], g["p99_ms"]
        out(f"    {name:10} {rate:7.1f}/s  p50 {p50:6.2f} ms  p99 {p99:7.2f} ms")
    inbox_met = inbox["p99_ms"] < INBOX_MS
    out(
        f"workbench {backend:8} inbox first page of {inbox['open_requests']} open requests: "
        f"p50 {inbox['p50_ms']:.2f} ms  p99 {inbox['p99_ms']:.2f} ms  "
        f"(target < {INBOX_MS:.0f} ms: {'met' if inbox_met else 'NOT met'})"
    )
