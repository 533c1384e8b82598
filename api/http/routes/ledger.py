"""Public reads of the ledger itself: checkpoints, entries, proofs, keys, documents.

Checkpoints, entries and proofs are read through ``services.public_log`` (the read
replica when one is set): each answer is computed on one database, so a proof is
always of that database's own checkpoint."""

from __future__ import annotations

import hashlib
import json
from typing import Annotated, Any

from fastapi import APIRouter, Query, Response
from fastapi.responses import PlainTextResponse

from api.errors import ApiError
from api.http.deps import ServicesDep
from ledger.content import check_sha256
from ledger.merkle_log import MerkleLogReads
from projections.content_refs import streams_citing

router = APIRouter(prefix="/v1", tags=["ledger (public)"])
IMMUTABLE = "public, max-age=31536000, immutable"
MAX_POSITION = 2**53  # log positions stay exact in JSON and fit every database integer


def _entry_json(index: int, raw: bytes) -> dict[str, Any]:
    return {
        "index": index,
        "leaf_hash": hashlib.sha256(b"\x00" + raw).hexdigest(),
        "entry": json.loads(raw),
    }


@router.get(
    "/checkpoint",
    response_class=PlainTextResponse,
    summary="The latest signed checkpoint (C2SP signed note), or that of ?size=",
)
def checkpoint(
    services: ServicesDep,
    response: Response,
    size: Annotated[int | None, Query(ge=1, le=MAX_POSITION)] = None,
) -> str:
    note = services.public_log.read(lambda log: log.checkpoint_note(size))
    response.headers["Cache-Control"] = IMMUTABLE if size else "no-cache"
    return note


@router.get("/vkey", response_class=PlainTextResponse, summary="The log's verifier key")
def vkey(services: ServicesDep) -> str:
    return services.ledger.vkey().to_text() + "\n"


@router.get("/entries", summary="Entries in log order, a page at a time")
def entries(
    services: ServicesDep,
    start: Annotated[int, Query(ge=0, le=MAX_POSITION)] = 0,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> dict[str, Any]:
    return services.public_log.read(lambda log: _page(log, start, limit))


def _page(log: MerkleLogReads, start: int, limit: int) -> dict[str, Any]:
    size = log.checkpoint_size()
    stop = min(size, start + limit)
    page = [_entry_json(i, raw) for i, raw in log.indexed_entries(start, stop)]
    return {"tree_size": size, "entries": page, "next": stop if stop < size else None}


@router.get("/entries/{index}", summary="One entry by log index (immutable)")
def entry(index: int, services: ServicesDep, response: Response) -> dict[str, Any]:
    result = services.public_log.read(lambda log: _one_entry(log, index))
    response.headers["Cache-Control"] = IMMUTABLE
    response.headers["ETag"] = f'"{result["leaf_hash"]}"'
    return result


def _one_entry(log: MerkleLogReads, index: int) -> dict[str, Any]:
    if index < 0 or index >= log.checkpoint_size():
        raise ApiError("ENTRY_NOT_FOUND", f"no integrated entry at index {index}")
    found = next(log.indexed_entries(index, index + 1), None)
    if found is None:
        raise ApiError("ENTRY_NOT_FOUND", f"no integrated entry at index {index}")
    return _entry_json(*found)


@router.get("/proof/inclusion", summary="RFC 9162 inclusion proof of entry ?index= in ?size=")
def proof_inclusion(
    services: ServicesDep,
    response: Response,
    index: Annotated[int, Query(ge=0, le=MAX_POSITION)],
    size: Annotated[int | None, Query(ge=1, le=MAX_POSITION)] = None,
) -> dict[str, Any]:
    if size is not None:
        response.headers["Cache-Control"] = IMMUTABLE
    return services.public_log.read(lambda log: log.inclusion_proof(index, size).to_json())


@router.get("/proof/consistency", summary="RFC 9162 consistency proof between two tree sizes")
def proof_consistency(
    services: ServicesDep,
    response: Response,
    first: Annotated[int, Query(ge=1, le=MAX_POSITION)],
    second: Annotated[int, Query(ge=1, le=MAX_POSITION)],
) -> dict[str, Any]:
    result = services.public_log.read(lambda log: _consistency(log, first, second))
    response.headers["Cache-Control"] = IMMUTABLE
    return result


def _consistency(log: MerkleLogReads, first: int, second: int) -> dict[str, Any]:
    if second > log.checkpoint_size():
        raise ApiError("PROOF_UNAVAILABLE", f"no checkpoint of size {second} yet")
    return log.consistency_proof(first, second).to_json()


@router.get("/keys", summary="The key registry: every Keyring entry with its log index")
def keys(services: ServicesDep) -> dict[str, Any]:
    ledger = services.ledger
    with ledger.backend.transaction() as cur:
        rows = cur.execute(
            "SELECT idx FROM gk_leaves WHERE stream = ? ORDER BY idx", (ledger.keyring_stream,)
        ).fetchall()
    found: list[dict[str, Any]] = []
    for (index,) in rows:
        for i, raw in ledger.indexed_entries(int(index), int(index) + 1):
            found.append(_entry_json(i, raw))
    return {"vkey": ledger.vkey().to_text(), "entries": found}


@router.get("/documents/{sha256}", summary="Every entry about a document, found by its SHA-256")
def document(sha256: str, services: ServicesDep) -> dict[str, Any]:
    try:
        check_sha256(sha256)
    except Exception:
        raise ApiError("INVALID_HASH", "give the SHA-256 as 64 lowercase hex digits") from None
    ledger = services.ledger
    with ledger.backend.transaction() as cur:
        streams = streams_citing(cur, sha256)
        indices: list[int] = []
        for stream in streams:
            rows = cur.execute(
                "SELECT idx FROM gk_leaves WHERE stream = ? ORDER BY seq", (stream,)
            ).fetchall()
            indices.extend(int(r[0]) for r in rows)
    if not indices:
        raise ApiError("DOCUMENT_NOT_FOUND", "no entry cites this SHA-256")
    found: list[dict[str, Any]] = []
    for index in sorted(indices):
        found.extend(_entry_json(i, raw) for i, raw in ledger.indexed_entries(index, index + 1))
    return {"sha256": sha256, "tree_size": ledger.checkpoint_size(), "entries": found}
