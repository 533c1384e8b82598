"""Canonical JSON (RFC 8785, JCS) with a proven fast path.

Our entries have ASCII keys and integer numbers, and for such values the sorted,
compact ``json.dumps`` output is byte-identical to JCS (a hypothesis property in
``tests/property/test_canonical_properties.py`` proves it on arbitrary entries).
Anything outside that domain (floats, huge integers, non-ASCII keys) goes through
the ``rfc8785`` package.
"""

from __future__ import annotations

import json
from typing import Any

import rfc8785

from verify.errors import InputError

_MAX_SAFE_INT = 2**53 - 1


def _in_fast_domain(value: Any) -> bool:
    kind = type(value)
    if kind is str or kind is bool or value is None:
        return True
    if kind is int:
        return bool(-_MAX_SAFE_INT <= value <= _MAX_SAFE_INT)
    if kind is dict:
        return all(
            isinstance(k, str) and k.isascii() and _in_fast_domain(v) for k, v in value.items()
        )
    if kind is list:
        return all(_in_fast_domain(v) for v in value)
    return False  # anything else (floats, subclasses, tuples) takes the rfc8785 path


def canonical_bytes(value: Any) -> bytes:
    """Return the RFC 8785 canonical UTF-8 bytes of a JSON value.

    Raises InputError if the value cannot be canonicalised (NaN, lone surrogates,
    nesting deeper than the interpreter's recursion limit, ...).
    """
    try:
        if _in_fast_domain(value):
            return json.dumps(
                value, sort_keys=True, separators=(",", ":"), ensure_ascii=False
            ).encode("utf-8")
        return rfc8785.dumps(value)
    except RecursionError:
        raise InputError("value cannot be canonicalised: nested too deeply") from None
    except (UnicodeEncodeError, ValueError, TypeError, rfc8785.CanonicalizationError) as exc:
        raise InputError(f"value cannot be canonicalised: {exc}") from None
