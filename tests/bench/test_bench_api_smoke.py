"""Smoke test of ``gongkai bench api``: a real server, real clients, every figure there,
no request failed, nothing left behind. Tiny sizes; no thresholds (they depend on the
machine: the figures are in the report)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import psycopg
import pytest

from api.bench.api import ApiBenchSizes, run
from tests.conftest import POSTGRES_URL, postgres_url_or_skip

TINY = ApiBenchSizes(
    seed_items=4,
    workers=1,
    read_clients=4,
    write_clients=2,
    read_seconds=1.0,
    write_seconds=1.0,
    warmup_seconds=0.2,
)


def _schema_exists(name: str) -> bool:
    with psycopg.connect(POSTGRES_URL) as conn:
        row = conn.execute("SELECT 1 FROM pg_namespace WHERE nspname = %s", [name]).fetchone()
    return row is not None


@pytest.fixture(scope="module")
def bench(
    backend: str, tmp_path_factory: pytest.TempPathFactory
) -> tuple[dict[str, Any], list[str], Path, str]:
    postgres = postgres_url_or_skip().split("?")[0] if backend == "postgres" else None
    work = tmp_path_factory.mktemp("bench-api")
    lines: list[str] = []
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("GONGKAI_KEY_PASSPHRASE", "bench-smoke")
        result = run(lines.append, work=work, postgres=postgres, sizes=TINY, backends=(backend,))
    if postgres:
        schema = result[backend]["database"]
        assert schema.startswith("bench_api_") and not _schema_exists(schema), "schema left"
    return result, lines, work, backend


def test_the_api_bench_reports_reads_and_writes_without_errors(
    bench: tuple[dict[str, Any], list[str], Path, str],
) -> None:
    result, _, _, backend = bench
    for phase, names in (("reads", {"proof", "checkpoint", "catalogue"}), ("writes", {"draft"})):
        figures = result[backend][phase]
        assert figures["ok"] > 0 and figures["errors"] == 0, figures["error_statuses"]
        assert figures["per_s"] > 0 and 0 < figures["p50_ms"] <= figures["p99_ms"]
        assert set(figures["by_name"]) == names


def test_every_acknowledged_write_is_in_the_log(
    bench: tuple[dict[str, Any], list[str], Path, str],
) -> None:
    result, _, _, backend = bench
    seeded = 8 * 1 + 4 + 1 + 5 * TINY.seed_items  # officers, keys, content-free set-up
    assert result[backend]["caught_up_ms"] is not None  # integrated and projected, all of it
    assert result[backend]["tree_size_after"] >= result[backend]["writes"]["ok"] + seeded


def test_the_api_bench_prints_one_line_per_phase_and_is_json(
    bench: tuple[dict[str, Any], list[str], Path, str],
) -> None:
    result, lines, _, backend = bench
    phases = [line for line in lines if line.startswith(f"api {backend}") and "p99" in line]
    assert len(phases) == 3  # reads, writes, and the ceiling against /healthz
    assert "/healthz" in phases[2] and result[backend]["ceiling"]["ok"] > 0
    assert any(line.startswith(f"api {backend:8} caught up: ") for line in lines)
    assert json.loads(json.dumps(result)) == result


def test_the_api_bench_leaves_no_files_behind(
    bench: tuple[dict[str, Any], list[str], Path, str],
) -> None:
    assert list(bench[2].iterdir()) == []
