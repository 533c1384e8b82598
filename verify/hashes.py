"""SHA-256 digests in lowercase hex: the one definition of what a valid one looks like.

Content hashes, leaf hashes, ``prev`` links and nonces are all 64 lowercase hex digits.

    >>> is_sha256_hex("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    True
"""

from __future__ import annotations

import re
from typing import Final

SHA256_HEX_PATTERN: Final = "^[0-9a-f]{64}$"
_SHA256_HEX: Final = re.compile(r"[0-9a-f]{64}")


def is_sha256_hex(value: object) -> bool:
    """True for a string of exactly 64 lowercase hex digits (no surrounding whitespace)."""
    return isinstance(value, str) and _SHA256_HEX.fullmatch(value) is not None
