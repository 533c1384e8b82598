"""The ledger benchmark behind ``gongkai bench ledger`` (DESIGN.md, "Performance budget").

Three measurements, each against the baseline the budget names:

1. appends through ``Ledger.append`` (one event per save, and saves of 100) against the
   same events saved by a plain ``eventsourcing`` application on the same kind of
   database, interleaved save by save so both see the same machine; then
   ``Ledger.integrate`` per entry;
2. inclusion proofs from the stored tree at 10k, 100k and 1M leaves (SQLite), the tree
   filled with synthetic leaves by the integrator's own node-writing logic;
3. full verification (``LogVerifier.add``) of the appended entries against a bare
   Ed25519 verify loop over the same signatures.

Nothing here touches an existing ledger: SQLite files go to a fresh temporary directory
beside the path of ``url_sqlite``, PostgreSQL data to fresh ``bench_*`` schemas that are
dropped at the end.
"""

from __future__ import annotations

import gc
import hashlib
import math
import random
import secrets
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, LiteralString
from urllib.parse import parse_qsl, unquote, urlencode, urlparse, urlunparse
from uuid import UUID

import psycopg
from eventsourcing.application import Application
from eventsourcing.domain import Aggregate
from psycopg import sql
from psycopg.conninfo import make_conninfo

from api.bench._ledger_verify import verify_bench
from ledger.backend import Backend, PostgresBackend, open_backend
from ledger.errors import ConfigError, IntegrityFailure
from ledger.events import NewEvent
from ledger.ledger import Ledger, new_stream_id
from ledger.tree import StoredTree, extend
from verify.canonical import canonical_bytes
from verify.merkle import verify_inclusion
from verify.ranges import fold

Out = Callable[[str], None]

ACTOR = "officer-1"
EVENT_TYPE = "DisclosureRequest.Answered"
# A realistic answer to a disclosure request: ~500 bytes of JSON, mostly Chinese.
EVENT_DATA: dict[str, Any] = {
    "outcome": "3.1",
    "outcome_name": "予以公开",
    "answered_on": "2025-09-26",
    "form": "电子邮件",
    "items_provided": 3,
    "fee_fen": 0,
    "handler_unit": "市人民政府办公室政务公开科",
    "reference": "政府信息公开答复〔2025〕第0142号",
    "summary": "经审查，您申请获取的《2024年度城市道路维修养护资金使用情况》属于公开范围，"
    "现将相关文件随本告知书一并提供。如对本答复不服，可依法申请行政复议或提起行政诉讼。",
}


@dataclass(frozen=True, slots=True)
class BenchSizes:
    """How much work each measurement does (tests shrink it)."""

    single_saves: int = 2000
    batch_saves: int = 50
    batch_size: int = 100
    warmup_saves: int = 30
    proof_sizes: tuple[int, ...] = (10_000, 100_000, 1_000_000)
    proof_samples: int = 500
    proof_seconds: float = 20.0  # per tree size: fewer samples if proofs are slow
    fill_chunk: int = 100_000
    verify_rounds: int = 3


def run(
    url_sqlite: str,
    url_postgres: str | None,
    *,
    quick: bool,
    out: Callable[[str], None],
    sizes: BenchSizes | None = None,
) -> dict[str, Any]:
    """Run every measurement, print one line per figure through ``out``, return them all.

    ``url_sqlite`` (``sqlite:///PATH``) names where SQLite files go: a fresh temporary
    directory beside PATH, removed afterwards. ``url_postgres`` names a server and
    database; the benchmark works in fresh schemas and drops them. ``quick`` skips
    the 1M-leaf proof tree and shortens the proof and verification timing.
    ``sizes`` overrides how much work each measurement does (tests).
    Raises ConfigError for an unusable SQLite URL or an unreachable PostgreSQL.
    """
    sizes = sizes or BenchSizes()
    if quick:
        sizes = replace(
            sizes,
            proof_sizes=tuple(n for n in sizes.proof_sizes if n < 1_000_000),
            proof_seconds=min(sizes.proof_seconds, 5.0),
            verify_rounds=min(sizes.verify_rounds, 2),
        )
    started = time.perf_counter()
    work = Path(tempfile.mkdtemp(prefix="gongkai-bench-", dir=_sqlite_dir(url_sqlite)))
    event_bytes = len(canonical_bytes(EVENT_DATA))
    result: dict[str, Any] = {"quick": quick, "event_data_bytes": event_bytes, "append": {}}
    out(f"bench ledger: event data {event_bytes} bytes, work directory {work}")
    try:
        with _fresh_ledger(f"sqlite:///{work / 'ledger.db'}", work / "sqlite") as ledger:
            plain = {"PERSISTENCE_MODULE": "eventsourcing.sqlite"}
            plain["SQLITE_DBNAME"] = str(work / "plain.db")
            result["append"]["sqlite"] = _append_bench(ledger, plain, "sqlite", sizes, out)
            result["verify"] = verify_bench(ledger, sizes.verify_rounds, out)
        if url_postgres:
            result["append"]["postgres"] = _postgres_append(url_postgres, work, sizes, out)
        result["proof"] = _proof_bench(work / "proofs.db", sizes, out)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    result["seconds"] = round(time.perf_counter() - started, 1)
    out(f"bench ledger: done in {result['seconds']} s")
    return result


def _sqlite_dir(url: str) -> Path:
    if not url.startswith("sqlite:///"):
        raise ConfigError(f"the SQLite benchmark needs a sqlite:///PATH URL, not {url!r}")
    path = Path(url.removeprefix("sqlite:///"))
    directory = path if path.is_dir() else path.parent
    directory.mkdir(parents=True, exist_ok=True)
    return directory


@contextmanager
def _fresh_ledger(url: str, data_dir: Path) -> Iterator[Ledger]:
    ledger = Ledger.open(data_dir, database_url=url)
    try:
        at = datetime.now(UTC)
        ledger.genesis("bench.gongkai.example/log", at)
        ledger.register_key(ACTOR, ["request_handler"], "signing", at)
        yield ledger
    finally:
        if isinstance(ledger.backend, PostgresBackend):
            ledger.backend.drop_schema()
        ledger.close()


# -- 1. appends ---------------------------------------------------------------------


class Answer(Aggregate):
    """The plain-eventsourcing twin of a disclosure request answered (no signing)."""

    class Created(Aggregate.Created):
        data: dict[str, Any]

    class Answered(Aggregate.Event):
        data: dict[str, Any]

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data

    def answer(self, data: dict[str, Any]) -> None:
        self.trigger_event(self.Answered, data=data)


class Answers(Application[UUID]):
    """A plain application saving ``Answer`` aggregates."""


def _postgres_append(url: str, work: Path, sizes: BenchSizes, out: Out) -> dict[str, Any]:
    tag = secrets.token_hex(4)
    parsed = urlparse(url)
    query = [(k, v) for k, v in parse_qsl(parsed.query) if k != "schema"]
    ledger_url = urlunparse(parsed._replace(query=urlencode([*query, ("schema", f"bench_{tag}")])))
    plain_schema = f"bench_plain_{tag}"
    conninfo = {
        "dbname": (parsed.path or "/postgres").lstrip("/") or "postgres",
        "host": parsed.hostname or "127.0.0.1",
        "port": str(parsed.port or 5432),
        "user": unquote(parsed.username or "postgres"),
        "password": unquote(parsed.password or ""),
    }
    _admin(conninfo, "CREATE SCHEMA {}", plain_schema)
    plain = {"PERSISTENCE_MODULE": "eventsourcing.postgres", "POSTGRES_SCHEMA": plain_schema}
    plain.update({f"POSTGRES_{k.upper()}": v for k, v in conninfo.items()})
    try:
        with _fresh_ledger(ledger_url, work / "postgres") as ledger:
            return _append_bench(ledger, plain, "postgres", sizes, out)
    finally:
        _admin(conninfo, "DROP SCHEMA IF EXISTS {} CASCADE", plain_schema)


def _admin(conninfo: dict[str, str], statement: LiteralString, schema: str) -> None:
    try:
        conn = psycopg.connect(make_conninfo(**conninfo), autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as exc:
        raise ConfigError(f"cannot reach PostgreSQL for the benchmark: {exc}") from None
    with conn:
        conn.execute(sql.SQL(statement).format(sql.Identifier(schema)))


def _append_bench(
    ledger: Ledger, plain_env: dict[str, str], backend: str, sizes: BenchSizes, out: Out
) -> dict[str, Any]:
    app = Answers(env={**plain_env, "CREATE_TABLE": "y"})
    try:
        figures: dict[str, Any] = {}
        for key, saves, per_save in (
            ("single", sizes.single_saves, 1),
            ("batch", sizes.batch_saves, sizes.batch_size),
        ):
            figures[key] = _compare_saves(ledger, app, saves, per_save, sizes.warmup_saves)
            _print_append(out, backend, per_save, figures[key])
            if key == "single":  # as another process's integrator sees them: checked in full
                elsewhere = Ledger(ledger.backend, ledger.keys)
                figures["integrate_cold"] = _integrate(
                    elsewhere, f"{backend}, sealed elsewhere", out
                )
    finally:
        app.close()
    figures["integrate"] = _integrate(ledger, f"{backend}, sealed here", out)
    return figures


def _integrate(ledger: Ledger, label: str, out: Out) -> dict[str, float]:
    """Integrate what is committed; entries this ``ledger`` sealed skip the re-check of
    their signature and canonical form (``ledger.sealed_here``), others are checked in full."""
    gc.collect()
    started = time.perf_counter()
    integrated = ledger.integrate()
    seconds = time.perf_counter() - started
    per_entry = seconds / max(integrated, 1)
    out(f"integrate {label}: {integrated} entries, {per_entry * 1e6:.0f} µs/entry, "
        f"{integrated / max(seconds, 1e-9):,.0f} entries/s")  # fmt: skip
    return {"entries": integrated, "us_per_entry": per_entry * 1e6}


def _compare_saves(
    ledger: Ledger, app: Answers, saves: int, per_save: int, warmup: int
) -> dict[str, Any]:
    """Ledger and plain saves of ``per_save`` events, interleaved save by save."""
    at = datetime.now(UTC)
    events = [NewEvent(EVENT_TYPE, EVENT_DATA)] * per_save
    ledger_times: list[float] = []
    plain_times: list[float] = []
    gc.collect()
    for i in range(warmup + saves):
        aggregate = Answer(EVENT_DATA)
        for _ in range(per_save - 1):
            aggregate.answer(EVENT_DATA)
        stream = new_stream_id()
        t0 = time.perf_counter()
        ledger.append(stream, 0, events, ACTOR, at)
        t1 = time.perf_counter()
        app.save(aggregate)
        t2 = time.perf_counter()
        if i >= warmup:
            ledger_times.append(t1 - t0)
            plain_times.append(t2 - t1)
    mine, theirs = _latency(ledger_times, per_save), _latency(plain_times, per_save)
    return {
        "saves": saves,
        "events_per_save": per_save,
        "ledger": mine,
        "plain": theirs,
        "ratio_p50": mine["p50_ms"] / theirs["p50_ms"],
        "ratio_throughput": theirs["events_per_s"] / mine["events_per_s"],
    }


def _latency(times: Sequence[float], per_save: int) -> dict[str, float]:
    return {
        "p50_ms": _percentile(times, 0.50) * 1e3,
        "p99_ms": _percentile(times, 0.99) * 1e3,
        "events_per_s": per_save * len(times) / sum(times),
    }


def _percentile(values: Sequence[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q * len(ordered)) - 1)]


def _print_append(out: Out, backend: str, per_save: int, f: dict[str, Any]) -> None:
    mine, theirs = f["ledger"], f["plain"]
    per_event = "" if per_save == 1 else f" ({mine['p50_ms'] * 1e3 / per_save:.0f} µs/event)"
    target = "target ≤ 1.3×" if per_save == 1 else "aim ≤ 2.5×"
    out(
        f"append {backend} {per_save}/save: ledger p50 {mine['p50_ms']:.2f} ms{per_event} "
        f"p99 {mine['p99_ms']:.2f} ms, plain p50 {theirs['p50_ms']:.2f} ms "
        f"p99 {theirs['p99_ms']:.2f} ms → ratio {f['ratio_p50']:.2f}× ({target})"
    )
    out(
        f"append {backend} {per_save}/save throughput: ledger {mine['events_per_s']:,.0f} "
        f"events/s, plain {theirs['events_per_s']:,.0f} events/s "
        f"→ ratio {f['ratio_throughput']:.2f}×"
    )


# -- 2. inclusion proofs ----------------------------------------------------------------


def _synthetic_leaf(index: int) -> bytes:
    return hashlib.sha256(b"\x00" + index.to_bytes(8, "big")).digest()


def _proof_bench(path: Path, sizes: BenchSizes, out: Out) -> list[dict[str, Any]]:
    backend = open_backend(f"sqlite:///{path}")
    try:
        backend.create_tables()
        frontier: list[tuple[int, bytes]] = []
        figures: list[dict[str, Any]] = []
        filled = 0
        for size in sorted(sizes.proof_sizes):
            started = time.perf_counter()
            for start in range(filled, size, sizes.fill_chunk):
                _fill(backend, frontier, start, min(size, start + sizes.fill_chunk))
            fill_s = time.perf_counter() - started
            out(f"proof tree sqlite: filled {filled:,} → {size:,} leaves in {fill_s:.1f} s")
            filled = size
            figure = _time_proofs(backend, size, frontier, sizes)
            figure["fill_s"] = fill_s
            figures.append(figure)
            out(
                f"inclusion proof sqlite {size:,} leaves: mean {figure['mean_ms']:.3f} ms "
                f"p99 {figure['p99_ms']:.3f} ms over {figure['samples']} proofs (target < 2 ms)"
            )
        return figures
    finally:
        backend.close()


def _fill(backend: Backend, frontier: list[tuple[int, bytes]], start: int, stop: int) -> None:
    """Append synthetic leaves [start, stop) as the integrator writes them."""
    leaves: list[tuple[object, ...]] = []
    nodes: list[tuple[int, int, str]] = []
    for index in range(start, stop):
        leaf = _synthetic_leaf(index)
        stream = f"00000000-0000-4000-8000-{index >> 4:012x}"
        at = f"2025-09-26T01:30:00.{index % 1_000_000:06d}Z"
        actor = f"officer-{index % 37}"
        seq = (index & 15) + 1
        leaves.append((index, index + 1, stream, seq, EVENT_TYPE, actor, at, leaf.hex()))
        nodes.extend((lv, i, h.hex()) for lv, i, h in extend(frontier, index, leaf))
    with backend.transaction(write=True) as cur:
        cur.executemany(
            "INSERT INTO gk_leaves (idx, notification_id, stream, seq, type, actor, at, leaf_hash)"
            " VALUES (?,?,?,?,?,?,?,?)",
            leaves,
        )
        cur.executemany("INSERT INTO gk_nodes (level, idx, hash) VALUES (?,?,?)", nodes)


def _time_proofs(
    backend: Backend, size: int, frontier: list[tuple[int, bytes]], sizes: BenchSizes
) -> dict[str, Any]:
    rng = random.Random(size)
    indices = [rng.randrange(size) for _ in range(sizes.proof_samples)]
    with backend.transaction() as cur:
        root = StoredTree(cur).root(size)
    if root != fold([h for _, h in frontier]):
        raise IntegrityFailure(f"stored root of size {size} differs from the frontier's")
    for index in indices[:10]:  # warm the connection and page cache, as a server would be
        with backend.transaction() as cur:
            StoredTree(cur).inclusion_proof(index, size)
    times: list[float] = []
    proofs: list[list[bytes]] = []
    gc.collect()
    deadline = time.perf_counter() + sizes.proof_seconds
    for index in indices:
        t0 = time.perf_counter()
        with backend.transaction() as cur:
            proof = StoredTree(cur).inclusion_proof(index, size)
        times.append(time.perf_counter() - t0)
        proofs.append(proof)
        if t0 > deadline:
            break
    for index, proof in zip(indices, proofs, strict=False):
        verify_inclusion(index, size, _synthetic_leaf(index), proof, root)
    return {
        "leaves": size,
        "samples": len(times),
        "mean_ms": sum(times) / len(times) * 1e3,
        "p99_ms": _percentile(times, 0.99) * 1e3,
    }


__all__ = ["BenchSizes", "run"]
