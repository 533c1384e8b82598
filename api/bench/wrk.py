"""Load from ``wrk`` (a C load generator) when it is installed: on a two-core machine
the Python load generator's own CPU (~100 µs a request) caps what a fast server can
show, so the tiles benchmark measures both sides with wrk too, same connections, same
seconds, random paths from a list."""

from __future__ import annotations

import random
import re
import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path
from typing import Any

WRK = shutil.which("wrk")

_SCRIPT = """
local paths = {}
for line in io.lines("%s") do paths[#paths + 1] = line end
math.randomseed(%d)
request = function()
  return wrk.format("GET", paths[math.random(#paths)])
end
"""


def wrk_available() -> bool:
    return WRK is not None


def run_wrk(
    base_url: str, paths: Sequence[str], *, connections: int, seconds: float, work: Path
) -> dict[str, Any]:
    """Requests per second, p99 latency and non-2xx answers of ``wrk`` over ``paths``.

    Raises RuntimeError if wrk is missing or fails."""
    if WRK is None:
        raise RuntimeError("wrk is not installed")
    work.mkdir(parents=True, exist_ok=True)
    listing = work / "paths.txt"
    listing.write_text("\n".join(paths) + "\n")
    script = work / "random-paths.lua"
    script.write_text(_SCRIPT % (listing, random.randrange(1 << 30)))
    command = [WRK, "-t2", f"-c{connections}", f"-d{max(1, round(seconds))}s", "--latency"]
    command += ["-s", str(script), base_url]
    done = subprocess.run(command, capture_output=True, text=True, check=False, timeout=120)
    if done.returncode != 0:
        raise RuntimeError(f"wrk failed: {done.stderr or done.stdout}")
    return parse_wrk(done.stdout)


def parse_wrk(text: str) -> dict[str, Any]:
    rate = re.search(r"Requests/sec:\s+([0-9.]+)", text)
    total = re.search(r"([0-9]+) requests in", text)
    p99 = re.search(r"99%\s+([0-9.]+)(us|ms|s)", text)
    bad = re.search(r"Non-2xx or 3xx responses:\s+([0-9]+)", text)
    errors = re.search(r"Socket errors:.*", text)
    scale = {"us": 0.001, "ms": 1.0, "s": 1000.0}
    return {
        "per_s": round(float(rate.group(1)), 1) if rate else 0.0,
        "requests": int(total.group(1)) if total else 0,
        "p99_ms": round(float(p99.group(1)) * scale[p99.group(2)], 2) if p99 else 0.0,
        "errors": int(bad.group(1)) if bad else 0,
        "socket_errors": errors.group(0) if errors else "",
    }
