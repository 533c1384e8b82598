"""``gongkai bench tiles``: static tiles against the dynamic API, and the monitor's
catch-up against raw Ed25519 verification (issue 15's targets).

1. Reads: an office of ``officers`` officers (about two entries each) is served by
   ``gongkai serve --workers 2``, whose worker publishes the tiles; a static server
   (nginx with docs/nginx-tiles.conf when installed, else Python's http.server) serves
   the same directory. The same load generator (``api.bench.load``, the same clients
   and seconds) reads random tiles and bundles from the static server, then random
   inclusion proofs from ``/v1/proof/inclusion``. Target: static ≥ 10× dynamic.
2. Monitor: a synthetic log of ``entries`` signed entries (``api.bench.verify``'s
   builder, the ledger's own sealing code) is written as tiles by ``TileBuilder``
   with a signed checkpoint; ``gongkai-verify monitor`` (a child process, so its peak
   memory is measured alone) catches up from nothing, with ``--jobs 1`` and
   ``--jobs 2``, against a bare Ed25519 verify loop over the same signatures.
   Target: monitor ≤ 1.5× the raw time.
"""

from __future__ import annotations

import gc
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx

from api.bench import verify as verify_bench
from api.bench.load import Call, drive
from api.bench.static import static_server
from api.bench.wrk import run_wrk, wrk_available
from api.server.process import start_server
from api.services import Services
from ledger.tile_builder import TileBuilder
from ledger.tiles import TileWriter
from verify.tiles import tiles_of

Out = Callable[[str], None]
# gongkai-verify, then its own peak memory: VmHWM is reset by exec, so it is the
# monitor's alone (ru_maxrss would count the forked copy of this process)
_PEAK_MEMORY = (
    "import sys\nfrom verify.cli import main\ncode = main(sys.argv[1:])\n"
    "peak = [l for l in open('/proc/self/status') if l.startswith('VmHWM')][0].split()[1]\n"
    "print('PEAK_KB', peak, file=sys.stderr)\nsys.exit(code)\n"
)
READ_TARGET = 10.0  # static reads / dynamic proofs
MONITOR_TARGET = 1.5  # monitor time / raw Ed25519 time


@dataclass(frozen=True, slots=True)
class TilesBenchSizes:
    officers: int = 400
    clients: int = 16
    seconds: float = 8.0
    warmup: float = 1.0
    entries: int = 200_000  # the monitor's synthetic log


QUICK = TilesBenchSizes(officers=150, seconds=2.0, warmup=0.5, entries=20_000)


def run(
    out: Out, *, work: Path | None = None, sizes: TilesBenchSizes = TilesBenchSizes()
) -> dict[str, Any]:
    """Measure both parts, print them through ``out``, return the figures."""
    base = Path(tempfile.mkdtemp(prefix="gongkai-bench-tiles-", dir=work))
    try:
        reads = _reads(out, base / "reads", sizes)
        monitor = _monitor(out, base / "monitor", sizes.entries)
    finally:
        shutil.rmtree(base, ignore_errors=True)
    return {"reads": reads, "monitor": monitor}


def _office(data: Path, officers: int) -> tuple[dict[str, str], int]:
    env = {**os.environ, "GONGKAI_DATABASE_URL": f"sqlite:///{data / 'ledger.db'}"}
    services = Services.open(data, env["GONGKAI_DATABASE_URL"])
    try:
        now = datetime.now(UTC)
        admin = services.office.initialise("bench.gongkai.local/tiles", "测试局", "管理员", now)
        for n in range(officers):
            services.office.add_officer(admin, f"officer {n}", "政务公开科", ["drafter"], now)
        services.settle()
        return env, services.ledger.checkpoint_size()
    finally:
        services.close()


def _reads(out: Out, work: Path, sizes: TilesBenchSizes) -> dict[str, Any]:
    env, size = _office(work / "data", sizes.officers)
    paths = [t.path() for t in tiles_of(size)]
    paths += [f"tile/entries/{p.split('/', 2)[2]}" for p in paths if p.startswith("tile/0/")]
    server = start_server(work / "data", env, workers=2, access_log=False)
    try:
        _wait_published(server.base_url, size)
        with static_server(work / "data" / "tiles", work / "static") as (static, kind):

            def tile(rng: random.Random) -> Call:
                return Call("tile", "GET", "/" + rng.choice(paths))

            def proof(rng: random.Random) -> Call:
                return Call("proof", "GET", f"/v1/proof/inclusion?index={rng.randrange(size)}")

            static_figures, static_cpu = _measured(static, tile, static_pid(work / "static"), sizes)
            dynamic_figures, dynamic_cpu = _measured(server.base_url, proof, server.pid, sizes)
            by_wrk = _by_wrk(static, server.base_url, paths, size, sizes, work / "wrk")
    finally:
        server.stop()
    return _report_reads(
        out, sizes, kind, size, len(paths), (static_figures, static_cpu),
        (dynamic_figures, dynamic_cpu), by_wrk,
    )  # fmt: skip


def _report_reads(
    out: Out,
    sizes: TilesBenchSizes,
    kind: str,
    size: int,
    tiles: int,
    static: tuple[dict[str, Any], float],
    dynamic: tuple[dict[str, Any], float],
    by_wrk: dict[str, Any],
) -> dict[str, Any]:
    (static_figures, static_cpu), (dynamic_figures, dynamic_cpu) = static, dynamic
    ratio = static_figures["per_s"] / max(dynamic_figures["per_s"], 1e-9)
    static_us = _per_request_us(static_cpu, static_figures)
    dynamic_us = _per_request_us(dynamic_cpu, dynamic_figures)
    capacity = dynamic_us / max(static_us, 1e-9)
    out(f"bench tiles: tree size {size}, {tiles} tiles and bundles, {sizes.clients} clients")
    out(
        f"static tiles ({kind}): {static_figures['per_s']:,.0f}/s "
        f"p99 {static_figures['p99_ms']} ms, errors {static_figures['errors']}"
    )
    out(
        f"dynamic proofs (gongkai serve --workers 2): {dynamic_figures['per_s']:,.0f}/s "
        f"p99 {dynamic_figures['p99_ms']} ms, errors {dynamic_figures['errors']}"
    )
    out(f"ratio static / dynamic: {ratio:.1f}× (target ≥ {READ_TARGET:.0f}×)")
    out(
        f"server CPU per request: static {static_us:.0f} µs, dynamic {dynamic_us:.0f} µs: "
        f"{capacity:.1f}× the reads per CPU second (the load generator's own CPU, on "
        "the same cores, caps the measured rates)"
    )
    if by_wrk:
        out(
            f"with wrk (C load generator, {sizes.clients} connections): static "
            f"{by_wrk['static']['per_s']:,.0f}/s (p99 {by_wrk['static']['p99_ms']} ms), "
            f"dynamic {by_wrk['dynamic']['per_s']:,.0f}/s (p99 {by_wrk['dynamic']['p99_ms']} ms): "
            f"{by_wrk['ratio']:.1f}× (target ≥ {READ_TARGET:.0f}×)"
        )
    return {
        "wrk": by_wrk,
        "server_cpu_us_per_request": {"static": static_us, "dynamic": dynamic_us},
        "capacity_ratio": round(capacity, 1),
        "server": kind,
        "tree_size": size,
        "static": static_figures,
        "dynamic": dynamic_figures,
        "ratio": round(ratio, 2),
    }


def _by_wrk(
    static: str, dynamic: str, paths: list[str], size: int, sizes: TilesBenchSizes, work: Path
) -> dict[str, Any]:
    """Both sides under wrk, if installed ({} otherwise)."""
    if not wrk_available():
        return {}
    proofs = [f"/v1/proof/inclusion?index={i}" for i in range(size)]
    connections, seconds = sizes.clients, sizes.seconds
    static_paths = ["/" + p for p in paths]
    static_figures = run_wrk(
        static, static_paths, connections=connections, seconds=seconds, work=work / "static"
    )
    dynamic_figures = run_wrk(
        dynamic, proofs, connections=connections, seconds=seconds, work=work / "dynamic"
    )
    ratio = static_figures["per_s"] / max(dynamic_figures["per_s"], 1e-9)
    return {"static": static_figures, "dynamic": dynamic_figures, "ratio": round(ratio, 2)}


def _measured(
    base_url: str, plan: Callable[[random.Random], Call], pid: int, sizes: TilesBenchSizes
) -> tuple[dict[str, Any], float]:
    """The load figures of ``plan``, and the CPU seconds the server spent on them."""
    drive(base_url, plan, clients=sizes.clients, seconds=sizes.warmup, warmup=0)
    cpu = tree_cpu_seconds(pid)
    figures = drive(base_url, plan, clients=sizes.clients, seconds=sizes.seconds, warmup=0)
    return figures, tree_cpu_seconds(pid) - cpu


def _per_request_us(cpu_seconds: float, figures: dict[str, Any]) -> float:
    return round(cpu_seconds / max(int(figures["requests"]), 1) * 1e6, 1)


def static_pid(work: Path) -> int:
    """The static server's process id (recorded by ``static_server``)."""
    return int((work / "server.pid").read_text())


def tree_cpu_seconds(root: int) -> float:
    """CPU seconds (user + system) of a process and all its live descendants (Linux)."""
    return sum(tree_cpu_times(root).values())


def tree_cpu_times(root: int) -> dict[int, float]:
    """CPU seconds (user + system) of a process and of each live descendant, by pid."""
    parents: dict[int, int] = {}
    times: dict[int, float] = {}
    tick = os.sysconf("SC_CLK_TCK")
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid = int(stat.parent.name)
        parents[pid] = int(fields[1])
        times[pid] = (int(fields[11]) + int(fields[12])) / tick
    tree, frontier = {root}, [root]
    while frontier:
        parent = frontier.pop()
        children = [p for p, pp in parents.items() if pp == parent and p not in tree]
        tree.update(children)
        frontier.extend(children)
    return {pid: times[pid] for pid in tree if pid in times}


def _wait_published(base_url: str, size: int) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        response = httpx.get(f"{base_url}/log/checkpoint", timeout=10)
        if response.status_code == 200 and response.text.split("\n")[1] == str(size):
            return
        time.sleep(0.2)
    raise RuntimeError("the server did not publish its tiles")


def synthesize_tiles(directory: Path, entries: int, out: Out) -> verify_bench.SyntheticExport:
    """A tiles directory (and the export it was made from) of ``entries`` signed entries."""
    started = time.perf_counter()
    directory.mkdir(parents=True, exist_ok=True)
    export = verify_bench.synthesize_export(directory.parent / "export.jsonl", entries)
    writer = TileWriter(directory)
    builder = TileBuilder(writer.replace)
    with open(export.path, "rb") as handle:
        handle.readline()  # the export's header
        for line in handle:  # entries, then the checkpoint line
            if line.startswith(b'{"checkpoint":'):
                writer.replace("checkpoint", json.loads(line)["checkpoint"].encode())
                break
            builder.add(line.rstrip(b"\n"))
            if builder.size % 200_000 == 0:
                out(f"  … {builder.size:,} entries written as tiles")
    builder.finish()
    writer.sync()
    out(f"synthetic log of {entries:,} entries as tiles in {time.perf_counter() - started:.1f} s")
    return export


def _monitor(out: Out, work: Path, entries: int) -> dict[str, Any]:
    tiles = work / "tiles"
    export = synthesize_tiles(tiles, entries, out)
    signatures = verify_bench._signatures(export)
    raw, raw_cpu = verify_bench._time_raw(signatures)
    del signatures
    runs = {
        jobs: _time_monitor(tiles, export, work / f"state-{jobs}.json", jobs) for jobs in (1, 2)
    }
    figures: dict[str, Any] = {
        "entries": entries,
        "raw_seconds": round(raw, 2),
        "raw_cpu_seconds": round(raw_cpu, 2),
    }
    out(
        f"raw Ed25519 verify of {entries:,} signatures: {raw:.1f} s ({entries / raw:,.0f}/s), "
        f"{raw_cpu:.1f} s CPU"
    )
    for jobs, (seconds, cpu, rss) in runs.items():
        figures[f"jobs{jobs}"] = {
            "seconds": round(seconds, 2),
            "cpu_seconds": round(cpu, 2),
            "vs_raw": round(seconds / raw, 3),
            "cpu_vs_raw": round(cpu / raw_cpu, 3),
            "peak_rss_mb": rss,
        }
        out(
            f"gongkai-verify monitor --jobs {jobs}, catch-up from nothing: {seconds:.1f} s "
            f"= {seconds / raw:.2f}× raw wall time (target ≤ {MONITOR_TARGET}×), "
            f"{cpu:.1f} s CPU = {cpu / raw_cpu:.2f}× raw CPU; peak RSS {rss} MB"
        )
    return figures


def _time_monitor(
    tiles: Path, export: verify_bench.SyntheticExport, state: Path, jobs: int
) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds (the monitor and its workers, sampled every 0.1 s) and
    the monitor's peak RSS in MB."""
    command = [sys.executable, "-c", _PEAK_MEMORY, "monitor", str(tiles)]
    command += [
        "--vkey",
        export.vkey.to_text(),
        "--state",
        str(state),
        "--jobs",
        str(jobs),
        "--json",
    ]
    gc.collect()
    started = time.perf_counter()
    cpu: dict[int, float] = {}  # the monitor and its workers, sampled (they exit with it)
    with tempfile.TemporaryFile() as printed:
        process = subprocess.Popen(command, stdout=printed, stderr=subprocess.STDOUT)
        while process.poll() is None:
            for pid, seconds_used in tree_cpu_times(process.pid).items():
                cpu[pid] = max(cpu.get(pid, 0.0), seconds_used)
            time.sleep(0.1)
        seconds = time.perf_counter() - started
        status = process.returncode
        printed.seek(0)
        text = printed.read().decode("utf-8", "replace")
    if status != 0:
        raise RuntimeError(f"the monitor failed on the synthetic log: {text}")
    rss = int(text.rsplit("PEAK_KB ", 1)[1].split()[0]) / 1024  # the monitor process
    return seconds, sum(cpu.values()), round(rss, 1)
