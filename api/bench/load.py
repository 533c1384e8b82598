"""The load generator of ``gongkai bench api``: concurrent keep-alive HTTP/1.1 clients
on one asyncio loop, for a bounded time, recording every request's latency.

Each client sends one request at a time (closed loop), so the concurrency is exactly
the number of clients and the throughput is what the server sustains at it.
"""

from __future__ import annotations

import asyncio
import json
import math
import random
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import httpx


@dataclass(frozen=True, slots=True)
class Call:
    """One request to make: ``name`` groups the figures (e.g. ``proof``)."""

    name: str
    method: str
    path: str
    headers: dict[str, str] | None = None
    json: Any = None
    body: bytes | None = None  # a raw body (its Content-Type among ``headers``)


@dataclass(frozen=True, slots=True)
class Sample:
    name: str
    seconds: float
    status: int


Plan = Callable[[random.Random], Call]


def percentile(values: Sequence[float], q: float) -> float:
    """The nearest-rank percentile (0 for no values)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q * len(ordered)) - 1)]


class _Connection:
    """One keep-alive HTTP/1.1 connection: a lean client, so that the load generator
    leaves the CPU to the server (httpx spends ~0.5 ms of CPU per request here)."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def request(self, call: Call) -> int:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        assert self.reader is not None
        body = call.body or b"" if call.json is None else json.dumps(call.json).encode()
        head = [f"{call.method} {call.path} HTTP/1.1", f"Host: {self.host}:{self.port}"]
        head += [f"{k}: {v}" for k, v in (call.headers or {}).items()]
        if call.json is not None:
            head += ["Content-Type: application/json", f"Content-Length: {len(body)}"]
        elif call.body is not None:
            head.append(f"Content-Length: {len(body)}")
        self.writer.write(("\r\n".join(head) + "\r\n\r\n").encode() + body)
        status_line = await self.reader.readline()
        length, close = 0, False
        while (line := await self.reader.readline()) not in (b"\r\n", b""):
            name, _, value = line.decode("latin-1").partition(":")
            if name.lower() == "content-length":
                length = int(value)
            elif name.lower() == "connection" and "close" in value.lower():
                close = True
        await self.reader.readexactly(length)
        if close:
            await self.close()
        return int(status_line.split()[1])

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            self.reader = self.writer = None


async def _drive(
    base_url: str, plan: Plan, clients: int, seconds: float, seed: int
) -> tuple[list[Sample], float]:
    url = httpx.URL(base_url)
    samples: list[Sample] = []
    started = time.perf_counter()
    stop = started + seconds

    async def one_client(number: int) -> None:
        rng = random.Random(seed * 1000 + number)
        connection = _Connection(url.host, url.port or 80)
        try:
            while time.perf_counter() < stop:
                call = plan(rng)
                begin = time.perf_counter()
                try:
                    status = await connection.request(call)
                except (OSError, asyncio.IncompleteReadError, ValueError, IndexError):
                    await connection.close()
                    status = 0
                samples.append(Sample(call.name, time.perf_counter() - begin, status))
        finally:
            await connection.close()

    await asyncio.gather(*(one_client(n) for n in range(clients)))
    return samples, time.perf_counter() - started


def drive(
    base_url: str, plan: Plan, *, clients: int, seconds: float, warmup: float = 1.0, seed: int = 1
) -> dict[str, Any]:
    """Run ``plan`` from ``clients`` clients for ``seconds`` (after ``warmup``); figures."""
    if warmup > 0:
        asyncio.run(_drive(base_url, plan, clients, warmup, seed + 7919))
    samples, elapsed = asyncio.run(_drive(base_url, plan, clients, seconds, seed))
    return summarise(samples, elapsed, clients)


def drive_groups(
    base_url: str, groups: Mapping[str, tuple[Plan, int]], *, seconds: float, seed: int = 1
) -> dict[str, dict[str, Any]]:
    """Run each group's plan from its own clients, all at once, for ``seconds``; the
    figures per group (a flood and a probe measured under it, say)."""

    async def together() -> list[tuple[list[Sample], float]]:
        runs = [
            _drive(base_url, plan, clients, seconds, seed + number)
            for number, (plan, clients) in enumerate(groups.values())
        ]
        return list(await asyncio.gather(*runs))

    results = asyncio.run(together())
    return {
        name: summarise(samples, elapsed, clients)
        for (name, (_, clients)), (samples, elapsed) in zip(groups.items(), results, strict=True)
    }


def _figures(samples: Sequence[Sample], elapsed: float) -> dict[str, Any]:
    ok = [s.seconds for s in samples if 200 <= s.status < 300]
    return {
        "requests": len(samples),
        "ok": len(ok),
        "errors": len(samples) - len(ok),
        "per_s": round(len(ok) / elapsed, 1) if elapsed else 0.0,
        "p50_ms": round(percentile(ok, 0.50) * 1000, 2),
        "p99_ms": round(percentile(ok, 0.99) * 1000, 2),
        "max_ms": round(max(ok, default=0.0) * 1000, 2),
    }


def summarise(samples: Sequence[Sample], elapsed: float, clients: int) -> dict[str, Any]:
    names = sorted({s.name for s in samples})
    statuses: dict[str, int] = {}
    for sample in samples:
        if not 200 <= sample.status < 300:
            key = str(sample.status)
            statuses[key] = statuses.get(key, 0) + 1
    return {
        "clients": clients,
        "seconds": round(elapsed, 2),
        **_figures(samples, elapsed),
        "error_statuses": statuses,
        "by_name": {n: _figures([s for s in samples if s.name == n], elapsed) for n in names},
    }
