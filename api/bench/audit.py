"""The self-audit benchmark behind ``gongkai bench audit``.

A synthetic office (``api.bench.office``) is written into a fresh ledger (SQLite, and
PostgreSQL in a fresh schema when a URL is given) and integrated. Then, in the same run:

1. rate: the self-audit (leaf hash, canonical form, chain link and Ed25519 signature of
   every entry it checks) steps back to back, over its first round (the whole log) and
   then over as many steady-state steps (newest tenth plus the rolling window);
   entries per second of wall time and per CPU second (a loaded machine shows in the
   first, hardly in the second);
2. CPU share: the auditor's CPU seconds per step (``time.process_time``) divided by
   the background worker's interval, i.e. the share of one core it takes at the
   configured pace (``GONGKAI_AUDIT_BATCH`` entries a step, one step per interval),
   for the first round and the steady state;
3. tamper to degraded: the server's app with its background worker; one stored row
   is altered by an SQL UPDATE (the newest entry, one in the middle, the oldest) and
   ``/readyz`` is polled until it answers ``degraded``; the row is then put back.

Nothing touches an existing ledger: everything lives in a fresh temporary directory,
removed at the end.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from api.bench.projections import START, _environment
from api.bench.scratch import scratch_database
from api.services import AUDIT_BATCH_ENV, WORKER_INTERVAL, Services
from ledger.self_audit import SelfAudit

Out = Callable[[str], object]


@dataclass(frozen=True)
class AuditBenchSizes:
    entries: int = 10_000
    batch: int = 1_000  # entries per step, as GONGKAI_AUDIT_BATCH sets it
    timeout_s: float = 60.0  # longest wait for /readyz to notice a tamper


QUICK = AuditBenchSizes(entries=2_000, batch=200, timeout_s=30.0)


def run(
    out: Out,
    *,
    sizes: AuditBenchSizes = QUICK,
    work_dir: Path | None = None,
    postgres: str | None = None,
) -> dict[str, Any]:
    """Measure as the module says on SQLite and, given a URL, on PostgreSQL (a fresh
    schema, dropped at the end); print one line per figure and return the figures."""
    started = time.perf_counter()
    result: dict[str, Any] = {"batch": sizes.batch, "interval_s": WORKER_INTERVAL}
    for backend in ("sqlite", "postgres") if postgres else ("sqlite",):
        scratch = scratch_database(work_dir, backend, postgres, "gongkai-bench-audit")
        with scratch as (work, url), _environment():
            result[backend] = _one_backend(out, backend, url, work, sizes)
    result["seconds"] = round(time.perf_counter() - started, 1)
    out(f"bench audit: done in {result['seconds']} s (on a loaded machine, figures vary)")
    return result


def _one_backend(
    out: Out, backend: str, url: str, work: Path, sizes: AuditBenchSizes
) -> dict[str, Any]:
    services = Services.open(work, url)
    try:
        out(f"bench audit {backend}: writing a synthetic office of ~{sizes.entries} entries")
        _fill(services, sizes.entries)
        size = services.ledger.tree_size()
        out(f"  {size} entries integrated; {sizes.batch} entries a step")
        result: dict[str, Any] = {"entries": size, **_rates(services, sizes.batch, out)}
    finally:
        services.close()
    result["tamper_to_degraded_s"] = _tamper_to_degraded(work, url, sizes, out)
    return result


def _fill(services: Services, target: int) -> None:
    from api.bench.office import SyntheticOffice

    office = SyntheticOffice.open(services.ledger, START)
    day = 0
    while office.written < target:
        office.publish_item(day)
        office.answer_request(day)
        day += 1
    services.settle()


def _rates(services: Services, batch: int, out: Out) -> dict[str, Any]:
    audit = SelfAudit(services.ledger.backend, services.ledger.keyring_stream, batch)
    first = _phase(audit, None)
    figures = {"first_round": first, "steady_state": _phase(audit, first["steps"])}
    for name, phase in figures.items():
        phase["per_s"] = round(phase["entries"] / phase["wall_s"])
        phase["per_cpu_s"] = round(phase["entries"] / max(phase["cpu_s"], 1e-6))
        phase["cpu_share_at_pace"] = round(phase["cpu_s"] / phase["steps"] / WORKER_INTERVAL, 4)
        out(
            f"  self-audit {name.replace('_', ' '):13s} {phase['per_s']:9,} entries/s "
            f"({phase['per_cpu_s']:,} per CPU second; signatures checked), "
            f"{phase['steps']} steps; CPU share at one step "
            f"per {WORKER_INTERVAL} s: {phase['cpu_share_at_pace']:.1%}"
        )
    return {"rate": figures}


def _phase(audit: SelfAudit, steps: int | None) -> dict[str, Any]:
    """Step back to back: ``steps`` steps, or (None) until the first round is done."""
    checked, wall, cpu, done = audit.checked, time.perf_counter(), time.process_time(), 0
    while (not audit.schedule.first_round_done) if steps is None else done < steps:
        audit.step()
        done += 1
    return {
        "steps": done,
        "entries": audit.checked - checked,
        "wall_s": round(time.perf_counter() - wall, 4),
        "cpu_s": round(time.process_time() - cpu, 4),
    }


def _tamper_to_degraded(
    work: Path, url: str, sizes: AuditBenchSizes, out: Out
) -> dict[str, float | None]:
    """Seconds from an UPDATE of one stored row to ``/readyz`` answering degraded, for
    the newest entry, one in the middle and the oldest (None: not within the timeout)."""
    from fastapi.testclient import TestClient

    from api.http.app import create_app

    saved = os.environ.get(AUDIT_BATCH_ENV)
    os.environ[AUDIT_BATCH_ENV] = str(sizes.batch)
    services = Services.open(work, url)
    try:
        with TestClient(create_app(services)) as client:  # the worker runs: settle, audit
            _wait(lambda: services.auditor.schedule.first_round_done, sizes.timeout_s)
            size = services.ledger.tree_size()
            found: dict[str, float | None] = {}
            for name, index in (("newest", size - 1), ("middle", size // 2), ("oldest", 0)):
                found[name] = _time_one_tamper(client, services, index, sizes.timeout_s)
                shown = "not within the timeout" if found[name] is None else f"{found[name]} s"
                out(f"  tamper of the {name} entry (#{index}) → /readyz degraded: {shown}")
    finally:
        if saved is None:
            os.environ.pop(AUDIT_BATCH_ENV, None)
        else:
            os.environ[AUDIT_BATCH_ENV] = saved
    return found


def _time_one_tamper(client: Any, services: Services, index: int, timeout: float) -> float | None:
    backend = services.ledger.backend
    table, column = backend.events_table, backend.notification_column
    with backend.transaction() as cur:
        row = cur.execute(
            f"SELECT l.notification_id, e.state FROM gk_leaves l JOIN {table} e "
            f"ON e.{column} = l.notification_id WHERE l.idx = ?",
            (index,),
        ).fetchone()
    if row is None:
        return None
    nid, original = int(row[0]), bytes(row[1])
    _set_state(services, nid, original.replace(b'"seq":', b'"seq": '))
    tampered = time.perf_counter()
    degraded = _wait(lambda: client.get("/readyz").status_code == 503, timeout)
    elapsed = round(time.perf_counter() - tampered, 2)
    _set_state(services, nid, original)
    _wait(lambda: client.get("/readyz").status_code == 200, timeout)
    return elapsed if degraded else None


def _set_state(services: Services, nid: int, state: bytes) -> None:
    backend = services.ledger.backend
    with backend.transaction(write=True) as cur:
        cur.execute(
            f"UPDATE {backend.events_table} SET state = ? WHERE {backend.notification_column} = ?",
            (state, nid),
        )


def _wait(condition: Callable[[], bool], timeout: float) -> bool:
    deadline = time.perf_counter() + timeout
    while not condition():
        if time.perf_counter() > deadline:
            return False
        time.sleep(0.02)
    return True
