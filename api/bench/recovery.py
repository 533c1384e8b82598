"""The recovery benchmark behind ``gongkai bench recovery``: how long ``gongkai backup``,
``gongkai restore`` (verification alone, then the whole restore) and ``gongkai repair``
(the scan of every entry, and mending one altered entry) take on a log of N entries,
on SQLite and on PostgreSQL.

Nothing here touches an existing ledger: SQLite files go to a fresh temporary directory
under ``work``, PostgreSQL data to a fresh ``bench_*`` schema dropped at the end.
"""

from __future__ import annotations

import secrets
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ledger.backend import PostgresBackend
from ledger.backup import backup
from ledger.copies import open_copies
from ledger.events import NewEvent
from ledger.export import export
from ledger.ledger import Ledger, new_stream_id
from ledger.repair import RepairReport, repair
from ledger.restore import restore

Out = Callable[[str], None]
AT = datetime(2026, 3, 2, 1, 30, tzinfo=UTC)
DATA = {"description": "申请公开2024年度城市道路维修养护资金使用情况" * 4, "channel": "在线"}


def run(work: Path, postgres: str | None, entries: int, out: Out) -> dict[str, Any]:
    """Figures per backend (seconds, entries/s), printed as they are measured."""
    work.mkdir(parents=True, exist_ok=True)
    figures: dict[str, Any] = {"entries": entries}
    with tempfile.TemporaryDirectory(dir=work) as scratch:
        where = Path(scratch)
        urls = {"sqlite": f"sqlite:///{where / 'ledger.db'}"}
        if postgres:
            joiner = "&" if "?" in postgres else "?"
            urls["postgresql"] = f"{postgres}{joiner}schema=bench_{secrets.token_hex(6)}"
        for name, url in urls.items():
            out(f"{name}: filling {entries} entries …")
            ledger = _filled(where / name, url, entries)
            try:
                figures[name] = _measure(ledger, where / name, out, name)
            finally:
                if isinstance(ledger.backend, PostgresBackend):
                    ledger.backend.drop_schema()
                ledger.close()
    return figures


def _filled(data: Path, url: str, entries: int) -> Ledger:
    ledger = Ledger.open(data, url)
    ledger.genesis("bench.gongkai.local/recovery", AT)
    ledger.register_key("officer-1", ["request_handler"], "signing", AT)
    while ledger.last_notification_id() < entries:
        for _ in range(100):
            batch = [NewEvent("DisclosureRequest.Received", {**DATA, "n": n}) for n in range(10)]
            ledger.append(new_stream_id(), 0, batch, "officer-1", AT)
        ledger.integrate()
    return ledger


def _measure(ledger: Ledger, data: Path, out: Out, name: str) -> dict[str, float]:
    size = ledger.checkpoint_size()
    timed: dict[str, float] = {}

    def time_it(label: str, action: Callable[[], object]) -> None:
        start = time.perf_counter()
        action()
        timed[label] = round(time.perf_counter() - start, 3)
        rate = size / timed[label] if timed[label] else 0.0
        out(f"  {name} {label}: {timed[label]:.2f} s ({rate:,.0f} entries/s)")

    time_it("backup_s", lambda: backup(ledger, data / "ledger.gkb"))
    export(ledger, data / "ledger.jsonl")
    time_it("restore_verify_s", lambda: restore(ledger, data / "ledger.gkb", dry_run=True))
    time_it("restore_s", lambda: restore(ledger, data / "ledger.gkb"))
    copies = open_copies(str(data / "ledger.jsonl"))
    time_it("repair_scan_s", lambda: repair(ledger, copies, dry_run=True))
    backend = ledger.backend
    with backend.transaction(write=True) as cur:  # one altered entry, mended from the export
        cur.execute(
            f"UPDATE {backend.events_table} SET state = ? WHERE {backend.notification_column} = "
            "(SELECT notification_id FROM gk_leaves WHERE idx = ?)",
            (b"{}", size // 2),
        )
    mended: list[RepairReport] = []
    time_it("repair_one_s", lambda: mended.append(repair(ledger, copies)))
    copies.close()
    timed["repaired"], timed["left"] = len(mended[0].repaired), len(mended[0].refused)
    return timed
