"""The witness's HTTP interface (c2sp.org/tlog-witness):

- ``POST /add-checkpoint``: cosign a checkpoint (see ``witness.add_checkpoint``);
- ``GET /{sha256(origin) hex}/checkpoint``: the latest checkpoint it cosigned for a log;
- ``GET /healthz``.
"""

from __future__ import annotations

import hashlib

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from api.witness.config import Witness
from api.witness.witness import MAX_BODY, add_checkpoint


def create_witness_app(witness: Witness) -> Starlette:
    by_hash = {hashlib.sha256(origin.encode()).hexdigest(): origin for origin in witness.logs}

    async def add(request: Request) -> Response:
        declared = request.headers.get("content-length", "0")
        if not declared.isdigit() or int(declared) > MAX_BODY:
            return PlainTextResponse(f"request body over {MAX_BODY} bytes\n", status_code=400)
        body = await request.body()
        answer = await run_in_threadpool(add_checkpoint, witness, body)
        return Response(answer.body, status_code=answer.status, media_type=answer.content_type)

    async def checkpoint(request: Request) -> Response:
        origin = by_hash.get(request.path_params["origin_hash"])
        latest = None if origin is None else witness.state.latest(origin)
        if latest is None or latest.note is None:
            return PlainTextResponse("no checkpoint cosigned for this log\n", status_code=404)
        return PlainTextResponse(latest.note, headers={"Cache-Control": "no-cache"})

    async def healthz(request: Request) -> Response:
        return PlainTextResponse(f"ok {witness.key.name}\n")

    return Starlette(
        routes=[
            Route("/add-checkpoint", add, methods=["POST"]),
            Route("/healthz", healthz),
            Route("/{origin_hash:str}/checkpoint", checkpoint),
        ]
    )
