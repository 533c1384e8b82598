"""One rule for SHA-256 hex everywhere: exactly 64 lowercase hex digits, nothing around them."""

from __future__ import annotations

import pytest

from verify.entry import Entry
from verify.errors import InputError
from verify.hashes import SHA256_HEX_PATTERN, is_sha256_hex

EMPTY = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"


def test_sixty_four_lowercase_hex_digits_are_a_sha256() -> None:
    assert is_sha256_hex(EMPTY)


@pytest.mark.parametrize(
    "value",
    [EMPTY + "\n", EMPTY.upper(), EMPTY[:-1], EMPTY + "0", " " + EMPTY, "", None, 1, b"00" * 32],
)
def test_anything_else_is_not_a_sha256(value: object) -> None:
    assert not is_sha256_hex(value)


def test_the_published_pattern_states_the_same_rule() -> None:
    assert SHA256_HEX_PATTERN == "^[0-9a-f]{64}$"


def test_an_entry_whose_prev_link_ends_in_a_newline_is_malformed() -> None:
    entry = {
        "v": 1,
        "log": "example.gov.cn/log",
        "stream": "00000000-0000-4000-8000-000000000001",
        "seq": 2,
        "type": "InformationItem.Published",
        "at": "2025-09-26T01:30:00.123456Z",
        "actor": "officer",
        "key": "0011223344556677",
        "prev": EMPTY,
        "data": {},
        "sig": "",
    }
    assert Entry.from_json(entry).prev == EMPTY
    with pytest.raises(InputError):
        Entry.from_json({**entry, "prev": EMPTY + "\n"})
