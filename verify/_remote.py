"""The server's public read API as plain functions, and a small urllib client for it.

The verifier's checks never fetch: they are handed a ``Remote`` (as transparency-dev
passes remote data in as functions), so tests can serve canned answers and anything
a server says is checked against the signed checkpoint before it is believed. The
endpoints are listed in ``verify.document``.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from verify.errors import InputError, RemoteNotFound

MAX_RESPONSE_BYTES = 64 << 20


@dataclass(frozen=True, slots=True)
class Remote:
    """The four reads the online document check needs."""

    checkpoint: Callable[[], str]
    document: Callable[[str], Any]
    inclusion: Callable[[int, int], Any]
    keys: Callable[[], Any]


def http_remote(base_url: str, timeout: float = 10.0) -> Remote:
    """A ``Remote`` reading ``{base_url}/v1/...`` over HTTP(S).

    Raises InputError (from the functions) for network errors, HTTP errors, oversized
    or non-JSON answers; a 404 for a document is an empty listing.
    """
    base = base_url.rstrip("/")
    if urllib.parse.urlsplit(base).scheme not in ("http", "https"):
        raise InputError(f"{base_url!r} is not an http(s) URL")

    def get(path: str) -> bytes:
        return _get(f"{base}{path}", timeout)

    def document(sha256: str) -> Any:
        try:
            return _json(get(f"/v1/documents/{sha256}"), "document listing")
        except RemoteNotFound:
            return {"sha256": sha256, "entries": []}

    return Remote(
        checkpoint=lambda: _text(get("/v1/checkpoint")),
        document=document,
        inclusion=lambda i, n: _json(get(f"/v1/proof/inclusion?index={i}&size={n}"), "proof"),
        keys=lambda: _json(get("/v1/keys"), "key listing"),
    )


def _get(url: str, timeout: float) -> bytes:
    request = urllib.request.Request(url, headers={"Accept": "application/json, text/plain"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body: bytes = response.read(MAX_RESPONSE_BYTES + 1)
    except urllib.error.HTTPError as exc:
        if exc.code == 404:
            raise RemoteNotFound(f"{url}: 404 Not Found") from None
        raise InputError(f"cannot fetch {url}: HTTP {exc.code}") from None
    except (urllib.error.URLError, OSError, ValueError) as exc:
        raise InputError(f"cannot fetch {url}: {exc}") from None
    if len(body) > MAX_RESPONSE_BYTES:
        raise InputError(f"{url} answered more than {MAX_RESPONSE_BYTES} bytes")
    return body


def _text(body: bytes) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        raise InputError("the checkpoint is not UTF-8 text") from None


def _json(body: bytes, what: str) -> Any:
    try:
        return json.loads(body)
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise InputError(f"the {what} is not JSON") from None
