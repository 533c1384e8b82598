"""``gongkai-verify monitor URL --vkey VKEY --state FILE``: the monitor's command line."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from verify.cosignature import WitnessPolicy
from verify.monitor import CheckpointPolicy, MonitorReport, log_signature_policy, run_monitor
from verify.monitor_state import MonitorState
from verify.note import Vkey
from verify.tiled_tree import Fetch, file_fetch, http_fetch


def add_monitor_command(
    commands: Any,
    add_jobs: Callable[[argparse.ArgumentParser], None],
    run: Callable[[argparse.Namespace], dict[str, Any]],
) -> argparse.ArgumentParser:
    mon: argparse.ArgumentParser = commands.add_parser(
        "monitor",
        help="follow a log through its static tiles; alarm on a fork, rewritten history "
        "or a bad entry",
        description="Read the log's checkpoint and only the tiles added since the last "
        "run (remembered in --state), prove that the log only grew, and check every new "
        "entry (signature, stream chain, key authority). Run it from cron: exit 1 is "
        "an alarm, and the state is kept as it was, so the alarm repeats.",
        epilog="Exit status: 0 the log only grew and every entry is valid, 1 alarm "
        "(split view, rollback, rewritten history, bad entry), 2 unreadable input.",
    )
    mon.add_argument(
        "url",
        metavar="URL",
        help="the log's tiles prefix (e.g. http://host:8000/log, or a tiles directory)",
    )
    mon.add_argument("--vkey", required=True, help="verifier key text or file")
    mon.add_argument("--state", required=True, type=Path, help="the monitor's state file")
    mon.add_argument("--json", action="store_true", help="print one JSON object")
    mon.add_argument("--timeout", type=float, default=10.0, help="seconds per HTTP request")
    add_jobs(mon)
    mon.set_defaults(run=run)
    return mon


def tiles_source(url: str, timeout: float) -> Fetch:
    """An http(s) prefix, or a local tiles directory."""
    if url.startswith(("http://", "https://")):
        return http_fetch(url, timeout)
    return file_fetch(Path(url))


def monitor_command(
    args: argparse.Namespace, vkey: Vkey, witnesses: WitnessPolicy | None = None
) -> dict[str, Any]:
    """Run the monitor once (a checkpoint is accepted with the log's signature and,
    with ``witnesses``, their quorum); save the new state only after every check passed."""
    policy: CheckpointPolicy = log_signature_policy(vkey, witnesses)

    def progress(done: int, total: int) -> None:
        if not args.json:
            print(f"  … {done}/{total} new entries checked", file=sys.stderr)

    state = MonitorState.load(args.state)
    report = run_monitor(
        tiles_source(args.url, args.timeout),
        policy,
        state,
        source=args.url,
        jobs=args.jobs,
        progress=progress,
    )
    report.state.save(args.state)
    result = _result(report)
    if witnesses is not None:
        cosigners = witnesses.check(report.state.checkpoint)
        result["lines"].append(
            f"见证 witnessed: {len(cosigners)} of {len(witnesses.witnesses)} trusted witnesses "
            f"cosigned (quorum {witnesses.quorum}): {', '.join(sorted(cosigners))}"
        )
    return result


def _result(report: MonitorReport) -> dict[str, Any]:
    state = report.state
    grown = (
        f"首次运行 first run: 树 tree 0 → {state.size}"
        if report.previous == 0
        else f"树 tree {report.previous} → {state.size}: 只增未改 the log only grew"
    )
    return {
        "valid": True,
        "origin": state.origin,
        "previous_size": report.previous,
        "tree_size": state.size,
        "root": state.root.hex(),
        "entries_checked": report.checked,
        "tiles_fetched": report.tiles,
        "warnings": report.warnings,
        "lines": [
            f"正常 OK — 日志 log {state.origin} ({report.source})",
            grown,
            f"新条目 new entries checked: {report.checked} "
            "(签名、哈希链、密钥权限 signatures, stream chains, key authority); "
            f"tiles fetched: {report.tiles}",
        ]
        + [f"警告 warning: {w}" for w in report.warnings],
    }
