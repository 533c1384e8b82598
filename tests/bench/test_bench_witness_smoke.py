"""Smoke test of ``gongkai bench witness``: every synthetic checkpoint is cosigned (none
refused: the consistency proofs the bench builds are right), and the figure is printed.
No threshold: the rate depends on the machine's disk (one fsync per answer)."""

from __future__ import annotations

from pathlib import Path

from api.bench.witness import run


def test_the_witness_bench_cosigns_every_checkpoint(tmp_path: Path) -> None:
    lines: list[str] = []
    figures = run(lines.append, work=tmp_path, count=30, step=3)
    assert figures["refused"] == 0 and figures["checkpoints"] == 30
    assert lines and lines[0].startswith("witness: 30 checkpoints")
    assert list(tmp_path.iterdir()) == []
