"""Smoke test of ``gongkai bench flood``: both runs happen on a real server, the probe
is answered throughout, and with the serve defaults on the flood from one address is
refused with 429 while /healthz never is. Tiny sizes; no thresholds (figures depend on
the machine and are in the report)."""

from __future__ import annotations

from pathlib import Path

import pytest

from api.bench.flood import FloodSizes, run

TINY = FloodSizes(items=4, flood_clients=3, seconds=1.5)


def test_the_flood_bench_measures_the_probe_with_limits_off_and_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GONGKAI_KEY_PASSPHRASE", "bench-flood-smoke")
    lines: list[str] = []
    figures = run(lines.append, work=tmp_path, sizes=TINY)
    off, on = figures["off"], figures["on"]
    assert off["flood"]["error_statuses"] == {}  # no limits: every page served
    assert on["flood"]["error_statuses"].get("429", 0) > 0  # 60/minute from one address
    for run_figures in (off, on):
        assert run_figures["healthz"]["ok"] > 0
        assert run_figures["healthz"]["errors"] == 0  # the probe is never limited
    assert any(line.startswith("flood limits off") for line in lines)
    assert any(line.startswith("flood limits on") for line in lines)
    assert list(tmp_path.iterdir()) == []  # the office is removed
