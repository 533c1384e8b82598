"""Benchmark: verifying the evidence bundle of a 50-event request history.

Budget (DESIGN.md, performance): ``gongkai-verify bundle`` checks such a bundle in
under 300 ms, interpreter start-up included, as a court's clerk would run it. The
ledger holds ``noise`` other entries too, so the proofs have a realistic depth.

    python -m api.bench.bundle            # or: bundle_bench(events=50, runs=10)
"""

from __future__ import annotations

import hashlib
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from ledger.bundle import Selection, write_bundle
from ledger.events import NewEvent, Sealed
from ledger.ledger import Ledger, new_stream_id

ORIGIN = "bench.gongkai.local/gongkai"
T0 = datetime(2026, 3, 2, 1, 30, tzinfo=UTC)
OFFICER = "officer-1"
DOCUMENT = "某某政府信息全文".encode() * 200
_STEPS = (
    ("ReceiptConfirmed", {"confirmed_on": "2026-03-03"}),
    ("SupplementRequested", {"on": "2026-03-04", "items": ["申请内容描述"], "allowed_days": 15}),
    ("Supplemented", {"on": "2026-03-10", "late": False, "justification": None}),
    ("ConsultationStarted", {"on": "2026-03-11", "party": "third_party"}),
    ("ConsultationEnded", {"on": "2026-03-20"}),
    ("Extended", {"on": "2026-03-23", "days": 20, "reason": "《条例》第三十三条：需延长答复期限"}),
    ("FeeNoticed", {"on": "2026-03-24", "amount_fen": 10000}),
    ("FeePaid", {"on": "2026-03-25", "amount_fen": 10000}),
)


def request_history(ledger: Ledger, number: str, events: int) -> str:
    """Append a request stream of ``events`` entries (Received … Answered).

    Raises KeyRefused unless the ledger has registered officer-1 with both roles.
    """
    stream = new_stream_id()
    received = NewEvent(
        "DisclosureRequest.Received",
        {"number": number, "channel": "online", "applicant": Sealed({"name": "张三"})},
    )
    ledger.append(stream, 0, [received], OFFICER, T0)
    for seq in range(1, events - 1):
        name, data = _STEPS[(seq - 1) % len(_STEPS)]
        step = NewEvent(f"DisclosureRequest.{name}", data)
        ledger.append(stream, seq, [step], OFFICER, T0 + timedelta(hours=seq))
    answer = NewEvent(
        "DisclosureRequest.Answered",
        {"outcome": "disclosed", "items": 1, "content_sha256s": [_sha256(DOCUMENT)]},
    )
    ledger.append(stream, events - 1, [answer], OFFICER, T0 + timedelta(hours=events))
    return stream


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _noise(ledger: Ledger, count: int) -> None:
    for start in range(0, count, 100):
        events = [
            NewEvent("DisclosureRequest.Received", {"number": f"N-{start + i}"})
            for i in range(min(100, count - start))
        ]
        ledger.append(new_stream_id(), 0, events, OFFICER, T0)


def _verifier() -> list[str]:
    script = Path(sys.executable).parent / "gongkai-verify"
    return [str(script)] if script.exists() else [sys.executable, "-m", "verify.cli"]


def _time(command: list[str], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        result = subprocess.run(command, capture_output=True, text=True, timeout=60)
        times.append((time.perf_counter() - start) * 1000)
        if result.returncode != 0:
            raise RuntimeError(f"verification failed: {result.stdout}{result.stderr}")
    return times


def bundle_bench(
    events: int = 50, runs: int = 10, noise: int = 1000, out: Callable[[str], None] = print
) -> dict[str, Any]:
    """Build a request history, bundle it, and time ``gongkai-verify bundle`` runs.

    Raises RuntimeError if the bundle does not verify.
    """
    root = Path(tempfile.mkdtemp(prefix="gongkai-bench-bundle-"))
    os.environ.setdefault("GONGKAI_KEY_PASSPHRASE", "bench")
    try:
        ledger = Ledger.open(root / "data", f"sqlite:///{root / 'ledger.db'}")
        ledger.genesis(ORIGIN, T0)
        ledger.register_key(OFFICER, ["office_head", "request_handler"], "signing", T0)
        _noise(ledger, noise)
        request_history(ledger, "2026-0050", events)
        _noise(ledger, noise)
        path = write_bundle(
            ledger,
            Selection("request", "2026-0050"),
            root / "bundle.zip",
            at=T0 + timedelta(days=60),
            content={_sha256(DOCUMENT): DOCUMENT}.get,
            disclose=["applicant"],
            as_officer=OFFICER,
        ).path
        vkey = ledger.vkey().to_text()
        size = path.stat().st_size
        ledger.close()
        verify = _time([*_verifier(), "bundle", str(path), "--vkey", vkey], runs)
        bare = _time([sys.executable, "-c", "pass"], runs)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    figures = {
        "events": events,
        "log_entries": 3 + 2 * noise + events,
        "bundle_bytes": size,
        "verify_mean_ms": statistics.fmean(verify),
        "verify_p50_ms": statistics.median(verify),
        "verify_max_ms": max(verify),
        "interpreter_p50_ms": statistics.median(bare),
        "target_ms": 300,
    }
    out(
        f"gongkai-verify bundle, {events}-event request in a log of {figures['log_entries']} "
        f"entries: mean {figures['verify_mean_ms']:.0f} ms, p50 {figures['verify_p50_ms']:.0f} "
        f"ms, max {figures['verify_max_ms']:.0f} ms over {runs} runs (bare interpreter p50 "
        f"{figures['interpreter_p50_ms']:.0f} ms; target < 300 ms)"
    )
    return figures


if __name__ == "__main__":
    bundle_bench()
