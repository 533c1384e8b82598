"""``gongkai bench tiles`` runs end to end at a tiny size and reports every figure
(speed is judged by the benchmark's own run, never by a test)."""

from __future__ import annotations

from pathlib import Path

import pytest

from api.bench import tiles


def test_the_tiles_benchmark_reports_reads_and_monitor_figures(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GONGKAI_KEY_PASSPHRASE", "bench-smoke")
    printed: list[str] = []
    sizes = tiles.TilesBenchSizes(officers=5, clients=2, seconds=0.3, warmup=0.1, entries=600)
    figures = tiles.run(printed.append, work=tmp_path, sizes=sizes)
    reads, monitor = figures["reads"], figures["monitor"]
    assert reads["static"]["ok"] > 0 and reads["static"]["errors"] == 0
    assert reads["dynamic"]["ok"] > 0 and reads["dynamic"]["errors"] == 0
    assert reads["capacity_ratio"] > 0
    assert monitor["entries"] == 600 and monitor["jobs1"]["seconds"] > 0
    assert monitor["jobs2"]["peak_rss_mb"] > 0
    assert any("ratio static / dynamic" in line for line in printed)
    assert list(tmp_path.iterdir()) == []  # the work directory is removed
