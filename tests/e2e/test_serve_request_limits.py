"""A real ``gongkai serve`` bounds what a request may send before its body while it
arrives (api/server/protocol.py): a 64 MiB header or a huge request target gets one
problem+json answer (431 or 414) after at most a few kilobytes past the limit, and
the connection is closed — the worker never reads the rest into memory. Both the
single-process server and gunicorn's workers speak this protocol.

The limits do not depend on the backend, so SQLite only.
"""

from __future__ import annotations

import json
import select
import socket
from collections.abc import Iterator

import httpx
import pytest

from api.server.process import ServerProcess, start_server
from tests.support.serve_office import PASSPHRASE, set_up_office

CHUNK = 64 * 1024
FLOOD = 64 * 1024 * 1024


@pytest.fixture(scope="module", params=[1, 2], ids=["one-process", "two-workers"])
def server(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[ServerProcess]:
    data = tmp_path_factory.mktemp("limits")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("GONGKAI_KEY_PASSPHRASE", PASSPHRASE)
        office = set_up_office(f"sqlite:///{data / 'ledger.db'}", data / "data")
        started = start_server(office.data, office.env, workers=request.param)
    yield started
    started.stop()


def _flood(server: ServerProcess, start: bytes) -> tuple[int, bytes]:
    """Send ``start`` then up to FLOOD more bytes of it, stopping once the server
    answers or closes; the bytes sent and the answer."""
    port = int(server.base_url.rsplit(":", 1)[1])
    sent, answer = 0, b""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as conn:
        conn.sendall(start)
        try:
            while sent < FLOOD:
                if select.select([conn], [], [], 0)[0]:
                    break
                conn.sendall(b"a" * CHUNK)
                sent += CHUNK
        except (BrokenPipeError, ConnectionResetError):
            pass
        try:
            while chunk := conn.recv(65536):
                answer += chunk
        except ConnectionResetError:
            pass
    return sent, answer


def _problem(answer: bytes) -> tuple[str, dict[str, object]]:
    head, _, body = answer.partition(b"\r\n\r\n")
    assert b"content-type: application/problem+json" in head.lower()
    assert b"connection: close" in head.lower()
    return head.split(b"\r\n")[0].decode(), json.loads(body)


def test_a_header_streamed_past_the_limit_is_refused_with_431_without_reading_it(
    server: ServerProcess,
) -> None:
    sent, answer = _flood(server, b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Pad: ")
    status, problem = _problem(answer)
    assert status.startswith("HTTP/1.1 431")
    assert problem["code"] == "HEADERS_TOO_LARGE" and problem["limit"] == 16 * 1024
    assert sent < 4 * 1024 * 1024, f"the server read {sent} bytes of header before refusing"


def test_a_request_target_streamed_past_the_limit_is_refused_with_414(
    server: ServerProcess,
) -> None:
    sent, answer = _flood(server, b"GET /catalogue?q=")
    status, problem = _problem(answer)
    assert status.startswith("HTTP/1.1 414")
    assert problem["code"] == "URI_TOO_LONG"
    assert sent < 4 * 1024 * 1024


def test_many_headers_each_small_are_counted_together(server: ServerProcess) -> None:
    headers = b"".join(b"X-H%d: %s\r\n" % (n, b"v" * 100) for n in range(400))
    port = int(server.base_url.rsplit(":", 1)[1])
    with socket.create_connection(("127.0.0.1", port), timeout=10) as conn:
        conn.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n" + headers + b"\r\n")
        answer = b""
        while chunk := conn.recv(65536):
            answer += chunk
    assert _problem(answer)[0].startswith("HTTP/1.1 431")


def test_a_request_within_the_limits_is_served_on_the_same_server(server: ServerProcess) -> None:
    port = int(server.base_url.rsplit(":", 1)[1])
    with socket.create_connection(("127.0.0.1", port), timeout=10) as conn:
        pad = b"v" * 8000
        conn.sendall(
            b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Pad: " + pad + b"\r\n"
            b"Connection: close\r\n\r\n"
        )
        answer = b""
        while chunk := conn.recv(65536):
            answer += chunk
    assert answer.startswith(b"HTTP/1.1 200")


def test_a_large_body_is_not_counted_as_head_and_the_connection_keeps_serving(
    server: ServerProcess,
) -> None:
    with httpx.Client(base_url=server.base_url, timeout=10) as client:
        for _ in range(3):  # one keep-alive connection: head, body, head, body, …
            posted = client.post("/v1/items", content=b'{"x": "' + b"v" * 300_000 + b'"}')
            assert posted.status_code == 401, posted.text
            assert client.get("/healthz").status_code == 200
