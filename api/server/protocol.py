"""The HTTP/1.1 protocol every ``gongkai serve`` process speaks: uvicorn's httptools
protocol with a bound on what a request may send before its body.

llhttp (httptools' parser) has no limit of its own on a header or on the target, and
httptools keeps a header's value until its line ends: a client could stream a 64 MiB
header into the worker's memory before any middleware sees the request
(``HeaderLimit`` answers only once the headers are complete). Here the bytes of a
request's head are counted as they arrive; past ``HEAD_LIMIT`` before the headers end,
past ``HEADER_LIMIT`` of complete headers or past ``TARGET_LIMIT`` of request target the
connection gets one problem+json answer (431 or 414) and is closed, without reading the
rest.
"""

from __future__ import annotations

from http import HTTPStatus
from typing import Final

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from api.http.middleware.guards import HEADER_LIMIT
from api.http.problems import PROBLEM_JSON, problem

TARGET_LIMIT: Final = 16 * 1024  # the request target (path and query), in bytes
HEAD_LIMIT: Final = TARGET_LIMIT + HEADER_LIMIT + 1024  # request line and headers, raw


class _Refused(Exception):
    """The request grew past a limit; ``send_400_response`` answers with this."""

    def __init__(self, code: str, detail: str, limit: int) -> None:
        super().__init__(detail)
        self.answer = problem(code, detail, limit=limit)

    def response(self) -> bytes:
        """The whole HTTP/1.1 answer, closing the connection."""
        status = self.answer.status_code
        head = (
            f"HTTP/1.1 {status} {HTTPStatus(status).phrase}\r\n"
            f"content-type: {PROBLEM_JSON}\r\ncontent-length: {len(self.answer.body)}\r\n"
            "connection: close\r\n\r\n"
        )
        return head.encode("ascii") + bytes(self.answer.body)


class BoundedHttpTools(HttpToolsProtocol):
    """httptools with the request target and headers bounded while they stream in."""

    _refusal: _Refused | None = None
    _target_bytes = 0
    _header_bytes = 0
    _in_head = True  # until this message's headers are complete
    _head_bytes = 0

    def data_received(self, data: bytes) -> None:
        if self._in_head:
            self._head_bytes += len(data)
        super().data_received(data)
        if self._in_head and self._head_bytes > HEAD_LIMIT and not self.transport.is_closing():
            detail = f"the request headers exceed {HEADER_LIMIT} bytes"
            self._refusal = _Refused("HEADERS_TOO_LARGE", detail, HEADER_LIMIT)
            self.send_400_response(detail)

    def on_headers_complete(self) -> None:
        self._in_head, self._head_bytes = False, 0
        super().on_headers_complete()

    def on_message_complete(self) -> None:
        super().on_message_complete()
        self._in_head = True

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._refusal, self._target_bytes, self._header_bytes = None, 0, 0

    def on_url(self, url: bytes) -> None:
        self._target_bytes += len(url)
        if self._target_bytes > TARGET_LIMIT:
            detail = f"the request target exceeds {TARGET_LIMIT} bytes"
            self._refuse(_Refused("URI_TOO_LONG", detail, TARGET_LIMIT))
        super().on_url(url)

    def on_header(self, name: bytes, value: bytes) -> None:
        # as HeaderLimit counts them: name, value, ": " and CRLF
        self._header_bytes += len(name) + len(value) + 4
        if self._header_bytes > HEADER_LIMIT:
            detail = f"the request headers exceed {HEADER_LIMIT} bytes"
            self._refuse(_Refused("HEADERS_TOO_LARGE", detail, HEADER_LIMIT))
        super().on_header(name, value)

    def _refuse(self, refusal: _Refused) -> None:
        """Stop the parser: it raises a callback error, which uvicorn answers through
        ``send_400_response`` — with this refusal instead of a bare 400."""
        self._refusal = refusal
        raise refusal

    def send_400_response(self, msg: str) -> None:
        if self._refusal is None:
            super().send_400_response(msg)
            return
        self.transport.write(self._refusal.response())
        self.transport.close()
