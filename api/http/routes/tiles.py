"""The log's static tiles (C2SP ``tlog-tiles``), served from the tiles directory.

``/log/checkpoint`` is the latest published checkpoint (mutable: not cached);
``/log/tile/<L>/<N>[.p/<W>]`` and ``/log/tile/entries/<N>[.p/<W>]`` are hash tiles and
entry bundles, immutable once written: full tiles are cached for a year, partial tiles
briefly (they disappear once their tile is full). The files are the ones the background
worker publishes (``ledger.tiles``), so any static server (docs/nginx-tiles.conf) can
serve the same directory with the same headers.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Response
from starlette.concurrency import run_in_threadpool

from api.errors import ApiError
from api.http.deps import ServicesDep
from api.services import Services
from verify.errors import InputError
from verify.tiles import parse_tile_path

router = APIRouter(prefix="/log", tags=["static tiles (public)"])
FULL_TILE_CACHE = "public, max-age=31536000, immutable"
PARTIAL_TILE_CACHE = "public, max-age=60"
CHECKPOINT_CACHE = "no-cache"
TILE_TYPE = "application/octet-stream"


def _directory(services: Services) -> Path:
    if services.tiles_dir is None:
        raise ApiError("TILE_NOT_FOUND", "this server publishes no tiles")
    return services.tiles_dir


@router.get(
    "/checkpoint",
    summary="The latest checkpoint of the tiles (C2SP tlog-checkpoint, signed note)",
    response_class=Response,
    responses={200: {"content": {"text/plain": {}}}},
)
async def checkpoint(services: ServicesDep) -> Response:
    path = _directory(services) / "checkpoint"
    if not path.is_file():  # the worker has not published yet: publish now
        await run_in_threadpool(services.publish_tiles)
    try:
        body = await run_in_threadpool(path.read_bytes)
    except FileNotFoundError:
        raise ApiError("TILE_NOT_FOUND", "no checkpoint is published yet") from None
    return Response(
        body,
        media_type="text/plain; charset=utf-8",
        headers={"Cache-Control": CHECKPOINT_CACHE},
    )


@router.get(
    "/tile/{path:path}",
    summary="A hash tile tile/<L>/<N>[.p/<W>] or an entry bundle tile/entries/<N>[.p/<W>]",
    response_class=Response,
    responses={200: {"content": {TILE_TYPE: {}}}},
)
async def tile(path: str, services: ServicesDep) -> Response:
    try:
        ref = parse_tile_path(f"tile/{path}")
    except InputError as exc:
        raise ApiError("TILE_NOT_FOUND", exc.message) from None
    try:
        body = await run_in_threadpool((_directory(services) / ref.path()).read_bytes)
    except FileNotFoundError:
        raise ApiError("TILE_NOT_FOUND", f"tile {ref.path()} is not published") from None
    cache = FULL_TILE_CACHE if ref.full else PARTIAL_TILE_CACHE
    return Response(body, media_type=TILE_TYPE, headers={"Cache-Control": cache})
