"""``gongkai bench projections`` runs end to end on a small synthetic ledger."""

from __future__ import annotations

from pathlib import Path

from api.bench import projections as bench_projections


def test_the_projection_bench_reports_rates_ratios_and_equality_for_every_read_model(
    tmp_path: Path,
) -> None:
    lines: list[str] = []
    figures = bench_projections.run(lines.append, entries=300, work_dir=tmp_path)
    assert figures["entries"] >= 300 and figures["raw_read_per_s"] > 0
    assert {"catalogue", "register", "accountability", "report_inputs"} <= set(figures["rebuild"])
    for figure in figures["rebuild"].values():
        assert figure["per_s"] > 0 and figure["ratio_to_raw_read"] > 0
        assert figure["identical_to_fresh_rebuild"]
    assert "meets_target" in figures["rebuild"]["catalogue"]
    assert list(tmp_path.iterdir()) == []  # the synthetic ledger is removed
    assert any("raw notification-log read" in line for line in lines)
