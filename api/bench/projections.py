"""The read-model benchmark behind ``gongkai bench projections``.

A synthetic office (items drafted, reviewed, approved, published, some corrected and
withdrawn; requests received and answered, some extended) is written through the real
aggregates into a fresh SQLite ledger and integrated. Then, in the same run:

1. raw read: every stored event read back through the ``eventsourcing`` recorder's
   ``select_notifications`` in pages of 1000 (no parsing) — the floor any follower
   of the notification log pays;
2. rebuild: each read model dropped and rebuilt from entry 0 by ``ProjectionRunner``
   (reading the integrated log, parsing each entry, writing its rows), and checked
   equal to a second, scratch rebuild.

Figures are entries per second and the ratio of each rebuild rate to the raw read rate.
The target (DESIGN.md, issue 7) is ≥ 10,000 entries/s for the catalogue and the
register on SQLite. Nothing touches an existing ledger: everything lives in a fresh
temporary directory, removed at the end.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ledger.ledger import Ledger

Out = Callable[[str], object]
TARGET = 10_000  # entries per second, catalogue and register, SQLite
MEASURED = ("catalogue", "register")
START = datetime(2025, 1, 6, 2, 0, tzinfo=UTC)


def run(
    out: Out,
    *,
    entries: int = 20_000,
    quick: bool = False,
    work_dir: Path | None = None,
) -> dict[str, Any]:
    """Build a synthetic ledger of about ``entries`` entries (quick: 4,000), measure,
    print one line per figure through ``out`` and return the figures."""
    target = 4_000 if quick else entries
    started = time.perf_counter()
    if work_dir is not None:
        work_dir.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="gongkai-bench-projections-", dir=work_dir))
    try:
        with _environment(), _ledger(work) as ledger:
            out(f"bench projections: writing a synthetic office of ~{target} entries in {work}")
            built = time.perf_counter()
            _fill(ledger, target)
            ledger.integrate()
            size = ledger.tree_size()
            out(f"  {size} entries written and integrated in {time.perf_counter() - built:.1f} s")
            result = _measure(ledger, size, out)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    result["seconds"] = round(time.perf_counter() - started, 1)
    out(f"bench projections: done in {result['seconds']} s")
    return result


@contextmanager
def _environment() -> Iterator[None]:
    # keys of a throwaway ledger: a fixed passphrase, no development-key warning
    name = "GONGKAI_KEY_PASSPHRASE"
    saved = os.environ.get(name)
    os.environ[name] = saved or "bench-projections"
    try:
        yield
    finally:
        if saved is None:
            os.environ.pop(name, None)


@contextmanager
def _ledger(work: Path) -> Iterator[Ledger]:
    ledger = Ledger.open(work, f"sqlite:///{work / 'ledger.db'}")
    try:
        yield ledger
    finally:
        ledger.close()


def _measure(ledger: Ledger, size: int, out: Out) -> dict[str, Any]:
    from projections.registry import all_projections
    from projections.runner import ProjectionRunner

    raw_seconds = min(_raw_read(ledger) for _ in range(3))
    raw_rate = size / raw_seconds
    out(f"  raw notification-log read (select_notifications): {raw_rate:,.0f} entries/s")
    runner = ProjectionRunner(ledger, all_projections())
    runner.catch_up()
    result: dict[str, Any] = {
        "engine": "sqlite",
        "entries": size,
        "raw_read_per_s": round(raw_rate),
        "target_per_s": TARGET,
        "rebuild": {},
    }
    for name in runner.projections:
        seconds = min(_timed(runner.rebuild, name) for _ in range(2))
        rate = size / seconds
        identical = not runner.check(name)
        figure = {
            "per_s": round(rate),
            "ratio_to_raw_read": round(rate / raw_rate, 3),
            "identical_to_fresh_rebuild": identical,
        }
        if name in MEASURED:
            figure["meets_target"] = rate >= TARGET
        result["rebuild"][name] = figure
        mark = ""
        if name in MEASURED:
            mark = "  ✓ ≥ target" if rate >= TARGET else f"  ✗ below the {TARGET:,}/s target"
        out(
            f"  rebuild {name:15s} {rate:10,.0f} entries/s  ({rate / raw_rate:.2f}× raw read){mark}"
        )
    return result


def _timed(action: Callable[[str], object], name: str) -> float:
    started = time.perf_counter()
    action(name)
    return time.perf_counter() - started


def _raw_read(ledger: Ledger) -> float:
    recorder = ledger.backend.recorder
    started, start, count = time.perf_counter(), 1, 0
    while True:
        page = recorder.select_notifications(start, 1000)
        if not page:
            break
        count += len(page)
        start = page[-1].id + 1
    return time.perf_counter() - started


# --- the synthetic office -------------------------------------------------------------


def _fill(ledger: Ledger, target: int) -> None:
    from api.bench.office import SyntheticOffice

    office = SyntheticOffice.open(ledger, START)
    day = 0
    while office.written < target:
        office.publish_item(day)
        office.answer_request(day)
        day += 1
