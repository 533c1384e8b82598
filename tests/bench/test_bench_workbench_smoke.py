"""Smoke test of ``gongkai bench workbench`` at tiny sizes on SQLite: officers sign in
through the real form, every desk page answers, and the figures are all there."""

from __future__ import annotations

from pathlib import Path

from api.bench.workbench import WorkbenchBenchSizes, run

TINY = WorkbenchBenchSizes(
    items=2, open_requests=6, seconds=1.0, inbox_rounds=3, warmup_seconds=0.2
)


def test_the_workbench_benchmark_reports_pages_and_the_inbox(tmp_path: Path) -> None:
    lines: list[str] = []
    figures = run(lines.append, work=tmp_path, postgres=None, sizes=TINY)
    pages, inbox = figures["sqlite"]["pages"], figures["sqlite"]["inbox_first_page"]
    assert pages["ok"] > 0 and pages["errors"] == 0
    assert {"home", "items", "requests", "inspect", "admin", "office"} <= set(pages["by_name"])
    assert inbox["open_requests"] == TINY.open_requests and inbox["p99_ms"] > 0
    assert any("inbox first page of 6 open requests" in line for line in lines)
