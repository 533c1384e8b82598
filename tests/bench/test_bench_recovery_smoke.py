"""Smoke test of ``gongkai bench recovery``: every figure is there and positive, and the
benchmark's own repair really mended the entry it altered (tiny size, SQLite only)."""

from __future__ import annotations

from pathlib import Path

from api.bench.recovery import run


def test_every_recovery_figure_is_measured(tmp_path: Path) -> None:
    lines: list[str] = []
    figures = run(tmp_path / "bench", None, 60, lines.append)
    assert figures["entries"] == 60 and "postgresql" not in figures
    timed = figures["sqlite"]
    for name in ("backup_s", "restore_verify_s", "restore_s", "repair_scan_s", "repair_one_s"):
        assert timed[name] > 0, name
    assert any("repair_one_s" in line for line in lines)
    assert timed["repaired"] == 1 and timed["left"] == 0
    assert not list((tmp_path / "bench").iterdir())  # the scratch directory is gone
