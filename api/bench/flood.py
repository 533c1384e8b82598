"""``gongkai bench flood``: what a flood of expensive reads does to everyone else.

Sixteen clients page ``/v1/entries?limit=1000`` (the largest page, about 1.7 MB on the
demo office) as fast as they can while one more client polls ``/healthz``; the probe's
latency is what any other reader would feel. Run twice on one office: rate limits off,
then the ``gongkai serve`` defaults on. All clients are on loopback, so with limits on
the flood is one client over its budget and gets 429s, as one abusive address would.
(A flood from many addresses is for the proxy or network in front; see README.)
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from api.bench.api import set_up_office
from api.bench.load import Call, drive_groups
from api.http.middleware.rate_settings import SERVE_DEFAULT, SERVE_EXPENSIVE
from api.server.process import start_server

Out = Callable[[str], None]


@dataclass(frozen=True, slots=True)
class FloodSizes:
    items: int = 200  # published items, five entries each
    flood_clients: int = 16
    seconds: float = 10.0


QUICK = FloodSizes(items=20, flood_clients=4, seconds=2.0)
SETTINGS = {"off": ("off", "off"), "on": (SERVE_DEFAULT, SERVE_EXPENSIVE)}


def run(out: Out, *, work: Path, sizes: FloodSizes = FloodSizes()) -> dict[str, Any]:
    """Both runs on one SQLite office; one line per run and the ratio; the figures."""
    work.mkdir(parents=True, exist_ok=True)
    data = Path(tempfile.mkdtemp(prefix="bench-flood-", dir=work))
    url = f"sqlite:///{data / 'ledger.db'}"
    env = {**os.environ, "GONGKAI_DATABASE_URL": url}
    env.setdefault("GONGKAI_KEY_PASSPHRASE", "bench-flood")
    figures: dict[str, Any] = {"sizes": asdict(sizes)}
    try:
        office = set_up_office(data, url, env["GONGKAI_KEY_PASSPHRASE"], sizes.items)
        out(
            f"flood: office of {office.tree_size} entries; {sizes.flood_clients} clients on "
            f"/v1/entries?limit=1000 for {sizes.seconds:g} s, one client on /healthz"
        )
        for label, (default, expensive) in SETTINGS.items():
            figures[label] = _one_run(data, env, sizes, default, expensive)
            _report(out, label, figures[label])
        off, on = figures["off"]["healthz"]["p50_ms"], figures["on"]["healthz"]["p50_ms"]
        if on:
            out(f"flood: /healthz p50 with limits off is {off / on:.1f}x its p50 with limits on")
    finally:
        shutil.rmtree(data, ignore_errors=True)
    return figures


def _one_run(
    data: Path, env: dict[str, str], sizes: FloodSizes, default: str, expensive: str
) -> dict[str, Any]:
    server = start_server(
        data, env, access_log=False, rate_limit=default, rate_limit_expensive=expensive
    )
    try:
        return drive_groups(
            server.base_url,
            {
                "flood": (
                    lambda _: Call("entries", "GET", "/v1/entries?limit=1000"),
                    sizes.flood_clients,
                ),
                "healthz": (lambda _: Call("healthz", "GET", "/healthz"), 1),
            },
            seconds=sizes.seconds,
        )
    finally:
        server.stop()


def _report(out: Out, label: str, figures: dict[str, Any]) -> None:
    flood, probe = figures["flood"], figures["healthz"]
    refused = flood["error_statuses"].get("429", 0)
    out(
        f"flood limits {label:3}: /healthz p50 {probe['p50_ms']} ms p99 {probe['p99_ms']} ms "
        f"({probe['per_s']}/s); entries pages served {flood['per_s']}/s, {refused} refused 429"
    )
