"""Benchmark of ``gongkai-verify export`` (DESIGN.md, "Performance budget").

A synthetic export of ``entries`` signed entries is written directly (sealed by
``ledger.seal.seal_event``, the ledger's only sealing code, and closed by a checkpoint
signed with a log key made here), which is far faster than appending through a
database and gives byte-for-byte the entries a ledger would hold. Then, in one run:

1. a bare Ed25519 verify loop over the same signatures (the "raw" rate);
2. ``gongkai-verify export --jobs 1`` (one process);
3. ``gongkai-verify export --jobs 2`` (signatures in two worker processes).

Targets: (2) at ≥ 0.7× the raw rate; (3) close to twice (2) on two cores.
Run it with ``python -m api.bench.verify [ENTRIES]``.
"""

from __future__ import annotations

import base64
import contextlib
import gc
import hashlib
import io
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from ledger.events import NewEvent
from ledger.keys import public_key_b64, raw_public_key
from ledger.ledger import singleton_stream
from ledger.seal import format_timestamp, seal_event
from verify.canonical import canonical_bytes
from verify.cli import main as verify_main
from verify.entry import Entry
from verify.merkle import root_of
from verify.note import Checkpoint, Vkey, signature_line
from verify.registry import key_id_of

Out = Callable[[str], None]

ORIGIN = "bench.gongkai.local/gongkai"
OFFICER = "officer-1"
T0 = datetime(2026, 3, 2, 1, 30, tzinfo=UTC)
# A disclosure request: received, consulted on (twice per round), answered; an answer is
# ~500 bytes of JSON, mostly Chinese.
CONSULTATION = ("ConsultationStarted", "ConsultationEnded")
ANSWER: dict[str, Any] = {
    "outcome": "3.1",
    "outcome_name": "予以公开",
    "answered_on": "2026-03-20",
    "form": "电子邮件",
    "items_provided": 3,
    "fee_fen": 0,
    "handler_unit": "市人民政府办公室政务公开科",
    "reference": "政府信息公开答复〔2026〕第0142号",
    "summary": "经审查，您申请获取的《2025年度城市道路维修养护资金使用情况》属于公开范围，"
    "现将相关文件随本告知书一并提供。如对本答复不服，可依法申请行政复议或提起行政诉讼。",
}


@dataclass(frozen=True, slots=True)
class SyntheticExport:
    path: Path
    vkey: Vkey
    keys: dict[str, Ed25519PublicKey]
    entries: int


def _key(label: str) -> Ed25519PrivateKey:
    return Ed25519PrivateKey.from_private_bytes(hashlib.sha256(label.encode()).digest())


class _Sealer:
    """Appends sealed entries to open streams, remembering each stream's head."""

    def __init__(self) -> None:
        self.heads: dict[str, tuple[int, str | None]] = {}
        self.count = 0

    def seal(self, stream: str, event: NewEvent, actor: str, key: Ed25519PrivateKey) -> Entry:
        seq, prev = self.heads.get(stream, (0, None))
        entry, _ = seal_event(
            event,
            origin=ORIGIN,
            stream=stream,
            seq=seq + 1,
            prev=prev,
            actor=actor,
            key_id=key_id_of(raw_public_key(key.public_key())),
            private_key=key,
            at=format_timestamp(T0 + timedelta(milliseconds=self.count)),
        )
        self.heads[stream] = (seq + 1, entry.leaf_hash().hex())
        self.count += 1
        return entry


def _genesis(sealer: _Sealer, keys: dict[str, Ed25519PrivateKey]) -> Iterator[Entry]:
    stream, root = singleton_stream(ORIGIN, "keyring"), keys["root"]
    root_data = {
        "key_id": key_id_of(raw_public_key(root.public_key())),
        "public_key": public_key_b64(root.public_key()),
        "alg": "ed25519",
    }
    yield sealer.seal(stream, NewEvent("Keyring.RootDeclared", root_data), "root", root)
    for holder, roles in (("log", []), (OFFICER, ["request_handler"])):
        data = {
            "key_id": key_id_of(raw_public_key(keys[holder].public_key())),
            "holder": holder,
            "public_key": public_key_b64(keys[holder].public_key()),
            "roles": roles,
            "purpose": "log" if holder == "log" else "signing",
            "alg": "ed25519",
        }
        yield sealer.seal(stream, NewEvent("Keyring.KeyRegistered", data), "root", root)


def _event(seq: int, per_stream: int) -> NewEvent:
    if seq == 0:
        name = "Received"
    elif seq == per_stream - 1:
        name = "Answered"
    else:
        name = CONSULTATION[(seq - 1) % 2]
    data = ANSWER if name == "Answered" else {"step": name, "on": "2026-03-02"}
    return NewEvent(f"DisclosureRequest.{name}", data)


def _requests(
    sealer: _Sealer, key: Ed25519PrivateKey, count: int, per_stream: int
) -> Iterator[Entry]:
    # 1000 requests open at a time, so every stream's entries interleave in the log.
    window = [f"00000000-0000-4000-8000-{n:012d}" for n in range(1000)]
    opened = len(window)
    for n in range(count):
        slot = n % len(window)
        seq = sealer.heads.get(window[slot], (0, None))[0]
        yield sealer.seal(window[slot], _event(seq, per_stream), OFFICER, key)
        if seq + 1 == per_stream:
            window[slot] = f"00000000-0000-4000-8000-{opened:012d}"
            opened += 1


def synthesize_export(path: Path, entries: int, per_stream: int = 4) -> SyntheticExport:
    """Write a valid ``gongkai-export/1`` file of ``entries`` entries (at least 3), in
    request streams of ``per_stream`` entries (at least 2)."""
    keys = {name: _key(f"gongkai-bench-{name}") for name in ("root", "log", OFFICER)}
    log_key = keys["log"]
    vkey = Vkey.for_key(ORIGIN, raw_public_key(log_key.public_key()))
    sealer, leaves = _Sealer(), []
    header = {"format": "gongkai-export/1", "origin": ORIGIN, "vkey": vkey.to_text()}
    with open(path, "wb") as handle:
        handle.write(canonical_bytes(header) + b"\n")
        requests = _requests(sealer, keys[OFFICER], entries - 3, per_stream)
        for stream in (_genesis(sealer, keys), requests):
            for entry in stream:
                handle.write(entry.raw + b"\n")
                leaves.append(entry.leaf_hash())
        body = Checkpoint(ORIGIN, len(leaves), root_of(leaves)).body()
        note = body + "\n" + signature_line(vkey.name, vkey.key_hash, log_key.sign(body.encode()))
        handle.write(canonical_bytes({"checkpoint": note}) + b"\n")
    public = {key_id_of(raw_public_key(k.public_key())): k.public_key() for k in keys.values()}
    return SyntheticExport(path, vkey, public, len(leaves))


def _signatures(export: SyntheticExport) -> list[tuple[Ed25519PublicKey, bytes, bytes]]:
    with open(export.path, "rb") as handle:
        lines = handle.read().splitlines()[1:-1]
    result = []
    for raw in lines:
        entry = Entry.from_bytes(raw)
        signature = base64.b64decode(entry.sig)
        result.append((export.keys[entry.key], signature, entry.signed_bytes()))
    return result


Timing = tuple[float, float]  # wall seconds, CPU seconds (this process and its children)


def _cpu() -> float:
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def _time_raw(signatures: list[tuple[Ed25519PublicKey, bytes, bytes]]) -> Timing:
    gc.collect()
    wall, cpu = time.perf_counter(), _cpu()
    for key, signature, message in signatures:
        key.verify(signature, message)
    return time.perf_counter() - wall, _cpu() - cpu


def _time_cli(export: SyntheticExport, jobs: int) -> Timing:
    argv = ["export", str(export.path), "--vkey", export.vkey.to_text(), "--json"]
    gc.collect()
    wall, cpu = time.perf_counter(), _cpu()
    with contextlib.redirect_stdout(io.StringIO()) as printed:
        status = verify_main([*argv, "--jobs", str(jobs)])
    timing = time.perf_counter() - wall, _cpu() - cpu
    if status != 0:
        raise RuntimeError(f"the synthetic export did not verify: {printed.getvalue()}")
    return timing


def run(out: Out, *, entries: int = 100_000, rounds: int = 1) -> dict[str, Any]:
    """Measure, print one line per figure through ``out``, return the figures.

    Each timing is the best of ``rounds`` (the three alternate within a round, so all
    see the same machine). Wall-clock ratios are the targets; CPU seconds are printed
    too, as a shared machine's other load shows in wall time only.
    Raises RuntimeError if the export fails to verify.
    """
    work = Path(tempfile.mkdtemp(prefix="gongkai-bench-verify-"))
    try:
        started = time.perf_counter()
        export = synthesize_export(work / "export.jsonl", entries)
        made = time.perf_counter() - started
        out(f"bench verify: {entries:,} entries synthesized in {made:.1f} s")
        signatures = _signatures(export)
        timings: list[list[Timing]] = [[], [], []]
        for _ in range(rounds):
            timings[0].append(_time_raw(signatures))
            timings[1].append(_time_cli(export, 1))
            timings[2].append(_time_cli(export, 2))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    raw, one, two = (min(t) for t in timings)
    figures = _figures(entries, raw, one, two)
    _print(out, figures)
    return figures


def _figures(n: int, raw: Timing, one: Timing, two: Timing) -> dict[str, Any]:
    return {
        "entries": n,
        "raw_ed25519_per_s": round(n / raw[0]),
        "verify_jobs1_per_s": round(n / one[0]),
        "verify_jobs2_per_s": round(n / two[0]),
        "jobs1_vs_raw": round(raw[0] / one[0], 3),
        "jobs2_vs_jobs1": round(one[0] / two[0], 3),
        "jobs2_vs_raw": round(raw[0] / two[0], 3),
        "cpu_us_per_entry": {
            "raw": round(raw[1] / n * 1e6, 1),
            "jobs1": round(one[1] / n * 1e6, 1),
            "jobs2": round(two[1] / n * 1e6, 1),
        },
    }


def _print(out: Out, f: dict[str, Any]) -> None:
    cpu = f["cpu_us_per_entry"]
    out(
        f"raw Ed25519 verify loop: {f['raw_ed25519_per_s']:,} signatures/s "
        f"(one core; {cpu['raw']} µs CPU each)"
    )
    out(
        f"gongkai-verify export --jobs 1: {f['verify_jobs1_per_s']:,} entries/s "
        f"({cpu['jobs1']} µs CPU each)"
    )
    out(
        f"gongkai-verify export --jobs 2: {f['verify_jobs2_per_s']:,} entries/s "
        f"({cpu['jobs2']} µs CPU each, all processes)"
    )
    out(f"ratio jobs 1 / raw: {f['jobs1_vs_raw']:.2f}× (target ≥ 0.70)")
    out(f"ratio jobs 2 / jobs 1: {f['jobs2_vs_jobs1']:.2f}× (target: near 2 on two cores)")
    out(f"ratio jobs 2 / raw (one core): {f['jobs2_vs_raw']:.2f}×")


if __name__ == "__main__":
    run(print, entries=int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
