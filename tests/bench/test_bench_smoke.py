"""Smoke test of ``gongkai bench ledger``: every figure is there and positive.

Tiny sizes on SQLite only; no timing thresholds (the figures depend on the machine).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from api.bench.ledger import BenchSizes, run

TINY = BenchSizes(
    single_saves=12,
    batch_saves=3,
    batch_size=10,
    warmup_saves=2,
    proof_sizes=(100, 1_000, 1_000_000),
    proof_samples=20,
    fill_chunk=300,
    verify_rounds=1,
)

APPENDED = (12 + 2) * 1 + (3 + 2) * 10


@pytest.fixture(scope="module")
def bench(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Any], list[str], Path]:
    where = tmp_path_factory.mktemp("bench")
    lines: list[str] = []
    result = run(f"sqlite:///{where / 'bench.db'}", None, quick=True, out=lines.append, sizes=TINY)
    return result, lines, where


def _positive(figures: dict[str, Any], *names: str) -> None:
    for name in names:
        assert figures[name] > 0, name


def test_bench_reports_append_figures_for_ledger_and_plain_eventsourcing(
    bench: tuple[dict[str, Any], list[str], Path],
) -> None:
    result, _, _ = bench
    assert set(result["append"]) == {"sqlite"}
    sqlite = result["append"]["sqlite"]
    for mode, saves, per_save in (("single", 12, 1), ("batch", 3, 10)):
        figures = sqlite[mode]
        assert (figures["saves"], figures["events_per_save"]) == (saves, per_save)
        _positive(figures, "ratio_p50", "ratio_throughput")
        for side in ("ledger", "plain"):
            _positive(figures[side], "p50_ms", "p99_ms", "events_per_s")
    # The officer's key registration, then every save, warm-up saves included.
    cold, warm = sqlite["integrate_cold"], sqlite["integrate"]
    assert cold["entries"] > 0 and warm["entries"] > 0
    assert cold["entries"] + warm["entries"] == 1 + APPENDED
    _positive(cold, "us_per_entry")
    _positive(warm, "us_per_entry")


def test_bench_reports_verification_against_raw_ed25519(
    bench: tuple[dict[str, Any], list[str], Path],
) -> None:
    verify = bench[0]["verify"]
    assert verify["entries"] == 3 + APPENDED  # keyring: root, log key, officer key
    _positive(verify, "ledger_per_s", "raw_ed25519_per_s", "us_per_entry", "ratio")


def test_quick_bench_times_proofs_below_one_million_leaves_only(
    bench: tuple[dict[str, Any], list[str], Path],
) -> None:
    proofs = bench[0]["proof"]
    assert [p["leaves"] for p in proofs] == [100, 1_000]
    for figures in proofs:
        assert figures["samples"] == 20
        _positive(figures, "mean_ms", "p99_ms")
        assert figures["fill_s"] >= 0


def test_bench_result_is_json_and_printed_one_figure_per_line(
    bench: tuple[dict[str, Any], list[str], Path],
) -> None:
    result, lines, _ = bench
    assert json.loads(json.dumps(result)) == result
    assert sum(line.startswith("append sqlite") for line in lines) == 4
    assert any(line.startswith("verify:") for line in lines)
    assert sum(line.startswith("inclusion proof sqlite") for line in lines) == 2


def test_bench_leaves_no_files_behind(bench: tuple[dict[str, Any], list[str], Path]) -> None:
    assert list(bench[2].iterdir()) == []
