"""Reading tiles over HTTP: a rate-limited answer is retried after its Retry-After, a
404 is RemoteNotFound, anything else an input error (a local server in a thread)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from verify.errors import InputError, RemoteNotFound
from verify.tiled_tree import http_fetch


class _Handler(BaseHTTPRequestHandler):
    busy = 0  # answers 429 this many times first

    def do_GET(self) -> None:
        if self.path == "/log/tile/0/000" and type(self).busy > 0:
            type(self).busy -= 1
            self.send_response(429)
            self.send_header("Retry-After", "0")
            self.end_headers()
        elif self.path == "/log/tile/0/000":
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b"x" * 32)
        elif self.path == "/log/tile/0/001":
            self.send_response(500)
            self.end_headers()
        else:
            self.send_response(404)
            self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def prefix() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/log"
    server.shutdown()
    server.server_close()


def test_a_rate_limited_tile_is_fetched_after_retry_after(prefix: str) -> None:
    _Handler.busy = 2
    assert http_fetch(prefix)("tile/0/000") == b"x" * 32
    assert _Handler.busy == 0


def test_a_server_that_stays_busy_is_an_input_error(prefix: str) -> None:
    _Handler.busy = 10
    with pytest.raises(InputError, match="HTTP 429"):
        http_fetch(prefix, retries=2)("tile/0/000")


def test_a_missing_tile_is_not_found_and_a_server_error_unreadable(prefix: str) -> None:
    with pytest.raises(RemoteNotFound):
        http_fetch(prefix)("tile/0/002")
    with pytest.raises(InputError, match="HTTP 500"):
        http_fetch(prefix)("tile/0/001")


def test_only_http_prefixes_are_accepted() -> None:
    with pytest.raises(InputError):
        http_fetch("ftp://example.org/log")
