"""Harness: the parsing helpers behind cursors and query parameters, called directly
(fast, so the fuzzer covers them deeply): request numbers (the register's and the
officers' cursors), log-index cursors (catalogue pages), bundle selections. They never
raise but for their documented errors, and what parses round-trips."""

from __future__ import annotations

from domain.disclosure_request.index import format_number, parse_number
from projections.catalogue_queries import _cursor, is_cursor
from verify.bundle_format import Selection
from verify.errors import InputError


def seeds() -> list[bytes]:
    return [
        b"2026-0042",
        b"2026-9999999999999999999",
        "²".encode(),
        b"18446744073709551616",
        b"officer officer-0002 2026-01-01/2026-12-31",
        b"request 2026-0001",
        b"stream x",
    ]


def TestOneInput(data: bytes) -> None:
    text = data.decode("utf-8", errors="replace")
    number = parse_number(text)
    if number is not None:
        assert 1 <= number[1] < 2**63 and parse_number(format_number(*number)) == number
    position = _cursor(text)
    assert (position is not None) == is_cursor(text)
    if position is not None:
        assert 0 <= position < 2**63
    try:
        selection = Selection.from_text(text)
    except InputError:
        return
    assert Selection.from_text(selection.to_text()) == selection
