"""The verify benchmark runs end to end on a small synthetic export (no timing asserted)."""

from __future__ import annotations

from pathlib import Path

from api.bench.verify import run, synthesize_export
from verify.export import verify_export


def test_the_synthetic_export_verifies(tmp_path: Path) -> None:
    made = synthesize_export(tmp_path / "x.jsonl", 3 + 60, per_stream=6)
    report = verify_export(made.path, made.vkey)
    assert (report.entries, report.streams) == (63, 1 + 60)  # 1000 requests open at once


def test_the_benchmark_reports_every_rate_and_ratio() -> None:
    printed: list[str] = []
    figures = run(printed.append, entries=200)
    assert figures["entries"] == 200
    assert {"jobs1_vs_raw", "jobs2_vs_jobs1", "jobs2_vs_raw"} <= figures.keys()
    assert len(printed) == 7
