"""The platform benchmark behind ``gongkai bench platform --agencies N --entries M``.

Builds (or resumes building) a synthetic platform under ``WORK/platform``: N agencies,
each its own ledger (PostgreSQL schema ``agency_bench_NNNN`` with ``--postgres``, else
SQLite files), each filled to M signed entries in saves of ``batch`` events, integrated
into its Merkle log after each agency. Run again with the same sizes, it appends only
what is missing (the registry and every agency's log persist). Figures: aggregate
signed-append + integration throughput of this run, inclusion-proof p99 on one agency,
RSS of this process with every agency open and the platform app answering, database
size per million entries, one agency's read-model rebuild and full verification.
"""

from __future__ import annotations

import random
import resource
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psycopg
from eventsourcing.persistence import PersistenceError

from api.bench.ledger import EVENT_DATA
from api.platform.agencies import create_agency, open_agency
from api.platform.registry import Registry
from api.services import Services
from ledger.audit import audit
from ledger.backend import PostgresBackend
from ledger.events import NewEvent
from ledger.ledger import Ledger, new_stream_id

Out = Callable[[str], None]
ACTOR = "officer-bench"
# A type no read model projects (they read it and pass on): the rebuild figure is the
# scan of a whole log, not per-model work (``gongkai bench projections`` measures that).
EVENT_TYPE = "Complaint.Filed"
PROOF_SAMPLES = 500


def run(
    out: Out,
    *,
    work: Path,
    postgres: str | None,
    agencies: int,
    entries: int,
    batch: int = 100,
) -> dict[str, Any]:
    registry = Registry(work / "platform")
    slugs = [f"bench_{n:04d}" for n in range(agencies)]
    out(f"bench platform: {agencies} agencies × {entries:,} entries on "
        f"{'PostgreSQL' if postgres else 'SQLite'}, under {registry.data}")  # fmt: skip
    appended, append_s, integrate_s = 0, 0.0, 0.0
    for n, slug in enumerate(slugs):
        services = _agency(registry, slug, n, postgres)
        try:
            done, a_s, i_s = _fill(services.ledger, entries, batch)
        finally:
            services.close()
        appended, append_s, integrate_s = appended + done, append_s + a_s, integrate_s + i_s
        rate = done / (a_s + i_s) if done else 0.0
        out(f"  agency {n + 1}/{agencies} {slug}: +{done:,} entries ({rate:,.0f}/s)")
    total = appended / (append_s + integrate_s) if appended else None
    result: dict[str, Any] = {
        "agencies": agencies,
        "entries_per_agency": entries,
        "appended_this_run": appended,
        "append_seconds": round(append_s, 2),
        "integrate_seconds": round(integrate_s, 2),
        "append_integrate_per_s": None if total is None else round(total),
    }
    if total is not None:
        seconds = append_s + integrate_s
        out(f"append + integrate: {appended:,} entries in {seconds:.1f} s = {total:,.0f}/s "
            f"(append {append_s:.1f} s, integrate {integrate_s:.1f} s)")  # fmt: skip
    result |= _measure_one(registry, slugs[0], postgres, out)
    result |= _rss(registry, postgres, out)
    if postgres:
        result |= _db_size(registry, slugs, postgres, out)
    return result


def _agency(registry: Registry, slug: str, n: int, postgres: str | None) -> Services:
    """The bench agency ``slug``, created (with a bench signing key) if missing."""
    at = datetime.now(UTC)
    if slug not in {a.slug for a in registry.list()}:
        kind = "department" if n % 2 == 0 else "local-government"
        agency = (slug, f"{slug}.bench.platform.example/gk", f"基准机关 {n}", kind)
        create_agency(registry, agency, "管理员", at, postgres)
    services = open_agency(registry, slug, postgres)
    if services.ledger.registry().active_key_of(ACTOR) is None:
        services.ledger.register_key(ACTOR, ["request_handler"], "signing", at)
    return services


def _fill(ledger: Ledger, entries: int, batch: int) -> tuple[int, float, float]:
    """Append signed entries until the log holds ``entries``; integrate them."""
    missing = entries - ledger.last_notification_id()
    events = [NewEvent(EVENT_TYPE, EVENT_DATA)] * batch
    started = time.perf_counter()
    done = 0
    while done < missing:
        count = min(batch, missing - done)
        ledger.append(new_stream_id(), 0, events[:count], ACTOR, datetime.now(UTC))
        done += count
    appended = time.perf_counter()
    ledger.integrate()
    return max(done, 0), appended - started, time.perf_counter() - appended


def _measure_one(registry: Registry, slug: str, postgres: str | None, out: Out) -> dict[str, Any]:
    services = open_agency(registry, slug, postgres)
    try:
        ledger = services.ledger
        size = ledger.checkpoint_size()
        rng = random.Random(7)
        times = []
        for _ in range(PROOF_SAMPLES):
            t0 = time.perf_counter()
            ledger.inclusion_proof(rng.randrange(size), size)
            times.append(time.perf_counter() - t0)
        times.sort()
        p99 = times[int(len(times) * 0.99) - 1] * 1000
        out(f"inclusion proof at {size:,} leaves: p99 {p99:.3f} ms over {PROOF_SAMPLES}")
        t0 = time.perf_counter()
        for name in services.projections.positions():
            services.projections.rebuild(name)
        rebuild_s = time.perf_counter() - t0
        out(f"rebuild of {slug}'s read models: {rebuild_s:.1f} s ({size:,} entries)")
        t0 = time.perf_counter()
        checked = audit(ledger)
        verify_s = time.perf_counter() - t0
        out(f"gongkai verify of {slug}: {verify_s:.1f} s, valid={checked.ok}")
    finally:
        services.close()
    return {
        "one_agency_entries": size,
        "inclusion_p99_ms": round(p99, 3),
        "rebuild_seconds": round(rebuild_s, 2),
        "verify_seconds": round(verify_s, 2),
        "verify_valid": checked.ok,
    }


def _rss(registry: Registry, postgres: str | None, out: Out) -> dict[str, Any | None]:
    """Peak RSS of this process after opening every agency it can (all of them, unless
    PostgreSQL's ``max_connections`` stops it first) and answering a proof and a page of
    each through the platform app (what one platform server holds)."""
    from fastapi.testclient import TestClient

    from api.platform.app import create_platform_app

    services, refused = _open_what_fits(registry, postgres)
    try:
        app = create_platform_app(registry.data, services, background=False)
        with TestClient(app) as client:
            for slug in services:
                client.get(f"/a/{slug}/v1/proof/inclusion?index=0")
                client.get(f"/a/{slug}/catalogue")
    finally:
        for opened in services.values():
            opened.close()
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    out(f"peak RSS with {len(services)} agencies open and served: {rss_mb:.0f} MB")
    if refused:
        out(f"  the next agency did not open in this process: {refused}")
    return {"peak_rss_mb": round(rss_mb), "agencies_open": len(services), "refused": refused}


def _open_what_fits(
    registry: Registry, postgres: str | None
) -> tuple[dict[str, Services], str | None]:
    """Every agency, opened one by one until one cannot be (its error, else None)."""
    opened: dict[str, Services] = {}
    for agency in registry.list():
        try:
            opened[agency.slug] = open_agency(registry, agency.slug, postgres)
        except (PersistenceError, psycopg.Error) as exc:  # max_connections, mostly
            return opened, str(exc).strip().splitlines()[-1]
    return opened, None


def _db_size(registry: Registry, slugs: list[str], postgres: str, out: Out) -> dict[str, Any]:
    total_bytes, total_entries = 0, 0
    for slug in slugs:
        services = open_agency(registry, slug, postgres)
        try:
            backend = services.ledger.backend
            assert isinstance(backend, PostgresBackend)
            with backend.transaction() as cur:
                row = cur.execute(
                    "SELECT COALESCE(SUM(pg_total_relation_size(c.oid)), 0) FROM pg_class c "
                    "JOIN pg_namespace n ON n.oid = c.relnamespace "
                    "WHERE n.nspname = ? AND c.relkind IN ('r', 'm')",
                    (backend.schema,),
                ).fetchone()
            total_bytes += int(row[0]) if row else 0
            total_entries += services.ledger.checkpoint_size()
        finally:
            services.close()
    per_million = total_bytes / max(total_entries, 1) * 1_000_000 / 2**30
    out(f"database: {total_bytes / 2**20:,.0f} MB for {total_entries:,} entries "
        f"= {per_million:.2f} GiB per million entries")  # fmt: skip
    return {"db_bytes": total_bytes, "db_entries": total_entries, "gib_per_million": per_million}
