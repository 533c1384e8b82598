"""Smoke test of ``gongkai bench audit``: every figure is there, and the tamper of the
newest, a middle and the oldest entry each turned the server degraded within the wait.

Tiny sizes, on SQLite and (with the PostgreSQL half) PostgreSQL; no timing thresholds
beyond the wait (figures depend on the machine).
"""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from api.bench.audit import AuditBenchSizes, run
from api.cli.main import app
from tests.conftest import postgres_url_or_skip


def test_the_audit_bench_reports_rates_cpu_shares_and_tamper_times(
    backend: str, tmp_path: Path
) -> None:
    lines: list[str] = []
    sizes = AuditBenchSizes(entries=300, batch=100, timeout_s=20.0)
    postgres = postgres_url_or_skip() if backend == "postgres" else None
    figures = run(lines.append, sizes=sizes, work_dir=tmp_path, postgres=postgres)
    assert set(figures) >= {"sqlite", backend, "batch", "interval_s", "seconds"}
    result = figures[backend]
    assert result["entries"] >= 300
    for phase in ("first_round", "steady_state"):
        figures = result["rate"][phase]
        assert figures["per_s"] > 0 and figures["steps"] > 0
        assert figures["cpu_share_at_pace"] > 0
        assert figures["entries"] <= figures["steps"] * sizes.batch
    assert result["rate"]["first_round"]["entries"] == result["entries"]
    times = result["tamper_to_degraded_s"]
    assert set(times) == {"newest", "middle", "oldest"}
    assert all(seconds is not None and seconds < 20 for seconds in times.values())
    assert any("entries/s" in line for line in lines)
    assert list(tmp_path.iterdir()) == []  # nothing left behind


def test_an_unknown_benchmark_lists_audit() -> None:
    answer = CliRunner().invoke(app, ["bench", "nothing"])
    assert answer.exit_code == 2
    assert "audit" in answer.output
