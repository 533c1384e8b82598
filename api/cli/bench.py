"""``gongkai bench WHAT``: one entry per benchmark, each printing its figures and
ratios and returning them (``--output`` writes them as JSON).

Each runner gets the bench work directory, ``--quick`` and the ``--postgres`` URL.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path
from typing import Any

import typer

Runner = Callable[[Path, bool, str | None], dict[str, Any]]


def _ledger(work: Path, quick: bool, postgres: str | None) -> dict[str, Any]:
    from api.bench import ledger

    return ledger.run(f"sqlite:///{work}", postgres, quick=quick, out=typer.echo)


def _projections(work: Path, quick: bool, postgres: str | None) -> dict[str, Any]:
    from api.bench import projections

    return projections.run(typer.echo, quick=quick, work_dir=work)


def _api(work: Path, quick: bool, postgres: str | None) -> dict[str, Any]:
    from api.bench import api

    sizes = api.QUICK if quick else api.ApiBenchSizes()
    return api.run(typer.echo, work=work, postgres=postgres, sizes=sizes)


def _flood(work: Path, quick: bool, postgres: str | None) -> dict[str, Any]:
    from api.bench import flood

    return flood.run(typer.echo, work=work, sizes=flood.QUICK if quick else flood.FloodSizes())


def _witness(work: Path, quick: bool, postgres: str | None) -> dict[str, Any]:
    from api.bench import witness

    return witness.run(typer.echo, work=work, count=200 if quick else 2000)


def tiles_runner(monitor_entries: int | None) -> Runner:
    """``tiles``: static reads against proofs, and the monitor's catch-up over a
    synthetic log of ``monitor_entries`` (the size's default when None)."""

    def run(work: Path, quick: bool, postgres: str | None) -> dict[str, Any]:
        from api.bench import tiles

        sizes = tiles.QUICK if quick else tiles.TilesBenchSizes()
        if monitor_entries is not None:
            sizes = dataclasses.replace(sizes, entries=monitor_entries)
        return tiles.run(typer.echo, sizes=sizes)

    return run


def _audit(work: Path, quick: bool, postgres: str | None) -> dict[str, Any]:
    from api.bench import audit

    sizes = audit.QUICK if quick else audit.AuditBenchSizes()
    return audit.run(typer.echo, sizes=sizes, work_dir=work, postgres=postgres)


def _recovery(work: Path, quick: bool, postgres: str | None) -> dict[str, Any]:
    from api.bench import recovery

    return recovery.run(work, postgres, 2_000 if quick else 20_000, typer.echo)


def _feeds(work: Path, quick: bool, postgres: str | None) -> dict[str, Any]:
    from api.bench import feeds

    return feeds.run(typer.echo, work=work)


def _apply(work: Path, quick: bool, postgres: str | None) -> dict[str, Any]:
    from api.bench import apply

    return apply.run(typer.echo, work=work, postgres=postgres)


def _workbench(work: Path, quick: bool, postgres: str | None) -> dict[str, Any]:
    from api.bench import workbench

    sizes = workbench.QUICK if quick else workbench.WorkbenchBenchSizes()
    return workbench.run(typer.echo, work=work, postgres=postgres, sizes=sizes)


def platform_runner(agencies: int, entries: int) -> Runner:
    """``platform``: a synthetic platform of ``agencies`` × ``entries`` (resumable)."""

    def run(work: Path, quick: bool, postgres: str | None) -> dict[str, Any]:
        from api.bench import platform

        return platform.run(
            typer.echo, work=work, postgres=postgres, agencies=agencies, entries=entries
        )

    return run


BENCHES: dict[str, Runner] = {
    "ledger": _ledger,  # append, integration and verification against their raw costs
    "projections": _projections,  # read-model rebuild rates against the raw read rate
    "api": _api,  # the running server under concurrent clients
    "flood": _flood,  # expensive reads flooding, with and without rate limits
    "witness": _witness,  # checkpoints a witness cosigns per second
    "tiles": tiles_runner(None),  # static tile reads vs dynamic proofs; the monitor's catch-up
    # the self-audit's entries/s (signatures checked), CPU share, and the seconds from an
    # altered stored row to /readyz degraded
    "audit": _audit,
    # backup, restore (verification alone and whole) and repair on a log of 20k entries
    "recovery": _recovery,
    "feeds": _feeds,  # feeds and the catalogue CSV against /healthz
    "apply": _apply,  # online applications submitted per second, p99
    # eight officers' desk and console pages at once, and the inbox's first page
    "workbench": _workbench,
    "platform": platform_runner(20, 5000),  # --agencies N --entries M: a whole platform
}


def projections_met_targets(figures: dict[str, Any]) -> bool:
    return all(
        figure.get("meets_target", True) and figure["identical_to_fresh_rebuild"]
        for figure in figures["rebuild"].values()
    )
