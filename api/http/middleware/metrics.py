"""Prometheus metrics at ``GET /metrics``: every series of the API is defined, fed and
served here (request latency, append latency, the size of the integrated Merkle log
and how far the read models lag behind it).

- ``gongkai_http_request_duration_seconds{method,route,status}``: every request, by
  route template (never the raw path), fed by ``Metrics.observe_request`` (which
  ``api.http.middleware.observe.Observe`` calls once per request);
- ``gongkai_ledger_append_duration_seconds`` and ``gongkai_ledger_appends_total
  {outcome}``: every ``Ledger.append`` of this process (sealing, signing, committing);
- gauges read from the database at scrape time, so every worker reports the same:
  ``gongkai_tree_size`` (integrated leaves), ``gongkai_checkpoint_size``,
  ``gongkai_integration_pending`` (committed, not yet integrated),
  ``gongkai_projection_position{projection}`` and ``gongkai_projection_lag``
  (tree size − the lowest projection position);
- with a read replica (``GONGKAI_REPLICA_URL``): ``gongkai_replica_up``,
  ``gongkai_replica_lag_bytes`` and ``gongkai_replica_lag_seconds``, measured at scrape
  time as ``/readyz`` does (``api/public_log.py``).

With several server processes (``gongkai serve --workers N``) the counters and
histograms are aggregated across processes through ``PROMETHEUS_MULTIPROC_DIR``
(set by ``serve``), as prometheus_client's multiprocess mode prescribes.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Iterator
from typing import Any

from fastapi import FastAPI, Response
from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.exposition import CONTENT_TYPE_LATEST
from prometheus_client.metrics_core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from api.services import Services
from ledger.errors import ConcurrencyError, KeyRefused
from ledger.ledger import latest_checkpoint_size

MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"
LATENCY_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0)
log = logging.getLogger("gongkai.metrics")


class LedgerGauges(Collector):
    """Gauges read from the database at each scrape."""

    def __init__(self, services: Services) -> None:
        self.services = services

    def collect(self) -> Iterator[Metric]:
        try:
            replica = list(self._replica())
        except Exception as exc:  # the primary's side of the lag did not answer
            log.warning("metrics: measuring the replica's lag failed: %s", exc)
            replica = []
        yield from replica
        try:
            figures = self._read()
        except Exception as exc:  # a scrape must not fail because the database did
            log.warning("metrics: reading the ledger failed: %s", exc)
            yield GaugeMetricFamily("gongkai_ledger_readable", "1 if the ledger answered", 0)
            return
        tree, checkpoint, pending, positions = figures
        yield GaugeMetricFamily("gongkai_ledger_readable", "1 if the ledger answered", 1)
        yield CounterMetricFamily(
            "gongkai_integrity_failures",
            "Self-audit steps and integrations that found a stored entry altered or gone",
            self.services.integrity_failures,
        )
        checked = self.services.auditor.checked
        yield GaugeMetricFamily(
            "gongkai_self_audit_checked", "Entries the self-audit has re-checked", checked
        )
        yield GaugeMetricFamily("gongkai_tree_size", "Leaves in the integrated Merkle log", tree)
        yield GaugeMetricFamily(
            "gongkai_checkpoint_size", "Tree size of the latest signed checkpoint", checkpoint
        )
        yield GaugeMetricFamily(
            "gongkai_integration_pending", "Entries committed but not yet integrated", pending
        )
        family = GaugeMetricFamily(
            "gongkai_projection_position", "Entries applied by each projection", labels=["name"]
        )
        for name, position in sorted(positions.items()):
            family.add_metric([name], position)
        yield family
        lowest = min(positions.values(), default=tree)
        yield GaugeMetricFamily(
            "gongkai_projection_lag",
            "Tree size minus the lowest projection position",
            tree - lowest,
        )

    def _replica(self) -> Iterator[Metric]:
        """With a read replica: whether it serves, and its lag (measured now)."""
        state = self.services.public_log.replica_state()
        if state is None:
            return
        lag = state.lag
        up = "1 if the read replica answers (else the primary serves the public reads)"
        yield GaugeMetricFamily("gongkai_replica_up", up, int(lag is not None))
        if lag is None:
            return
        yield GaugeMetricFamily(
            "gongkai_replica_lag_bytes",
            "Bytes of the primary's WAL the replica has not replayed",
            lag.lag_bytes,
        )
        if lag.lag_seconds is not None:
            yield GaugeMetricFamily(
                "gongkai_replica_lag_seconds",
                "0 if the replica has replayed all, else the age of its last replayed commit",
                lag.lag_seconds,
            )

    def _read(self) -> tuple[int, int, int, dict[str, int]]:
        ledger = self.services.ledger
        backend = ledger.backend
        names = list(self.services.projections.projections)
        with backend.transaction() as cur:
            row = cur.execute(
                "SELECT COALESCE(MAX(idx) + 1, 0), COALESCE(MAX(notification_id), 0) FROM gk_leaves"
            ).fetchone()
            tree, last = (int(row[0]), int(row[1])) if row else (0, 0)
            checkpoint = latest_checkpoint_size(cur)
            row = cur.execute(
                f"SELECT COUNT(*) FROM {backend.events_table} "
                f"WHERE {backend.notification_column} > ?",
                (last,),
            ).fetchone()
            pending = int(row[0]) if row else 0
            rows = cur.execute("SELECT name, position FROM gk_positions").fetchall()
        stored = {str(name): int(position) for name, position in rows}
        return tree, checkpoint, pending, {n: stored.get(n, 0) for n in names}


class Metrics:
    """The metrics of one app (its own registry, so several apps can share a process)."""

    def __init__(self, services: Services) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        self.gauges = LedgerGauges(services)
        self.requests = Histogram(
            "gongkai_http_request_duration_seconds",
            "HTTP request latency by route template and status",
            ["method", "route", "status"],
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.append_latency = Histogram(
            "gongkai_ledger_append_duration_seconds",
            "Ledger.append latency: seal, sign and commit",
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.appends = Counter(
            "gongkai_ledger_appends",
            "Ledger.append calls by outcome (ok, conflict, refused, error)",
            ["outcome"],
            registry=self.registry,
        )
        self.registry.register(self.gauges)

    def observe_request(self, method: str, route: str, status: int, seconds: float) -> None:
        self.requests.labels(method, route, str(status)).observe(seconds)

    def instrument(self, services: Services) -> None:
        """Time every ``Ledger.append`` of ``services`` (wrapping the bound method)."""
        ledger = services.ledger
        if getattr(ledger.append, "_gongkai_timed", False):
            return
        setattr(ledger, "append", self._timed(ledger.append))  # noqa: B010

    def _timed(self, append: Callable[..., Any]) -> Callable[..., Any]:
        def timed(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            outcome = "error"
            try:
                result = append(*args, **kwargs)
                outcome = "ok"
                return result
            except ConcurrencyError:
                outcome = "conflict"
                raise
            except KeyRefused:
                outcome = "refused"
                raise
            finally:
                self.append_latency.observe(time.perf_counter() - start)
                self.appends.labels(outcome).inc()

        timed._gongkai_timed = True  # type: ignore[attr-defined]
        return timed

    def render(self) -> tuple[bytes, str]:
        """The text exposition format, aggregated over processes in multiprocess mode."""
        if os.environ.get(MULTIPROC_ENV):
            from prometheus_client import multiprocess

            registry = CollectorRegistry()
            multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
            registry.register(self.gauges)
            return generate_latest(registry), CONTENT_TYPE_LATEST
        return generate_latest(self.registry), CONTENT_TYPE_LATEST


def expose(app: FastAPI, services: Services) -> Metrics:
    """The metrics of ``app``: every ``Ledger.append`` of ``services`` timed, and
    ``GET /metrics`` answering them (``app.state.metrics``)."""
    metrics = Metrics(services)
    metrics.instrument(services)
    app.state.metrics = metrics

    @app.get("/metrics", include_in_schema=False, tags=["operations"])
    def prometheus_metrics() -> Response:
        body, media_type = metrics.render()
        return Response(body, media_type=media_type, headers={"Cache-Control": "no-store"})

    return metrics
