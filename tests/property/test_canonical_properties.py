"""The fast canonicaliser equals RFC 8785 (the ``rfc8785`` package) on every JSON value
our entries can hold — including non-ASCII text, control characters and escapes —
and falls back to ``rfc8785`` outside that domain."""

from __future__ import annotations

from typing import Any

import rfc8785
from hypothesis import given, settings
from hypothesis import strategies as st

from verify.canonical import _in_fast_domain, canonical_bytes

texts = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40
)  # any Unicode scalar value: CJK, emoji, controls, quotes, backslashes, U+2028
ascii_keys = st.text(alphabet=st.characters(max_codepoint=127), max_size=12)
safe_ints = st.integers(min_value=-(2**53) + 1, max_value=2**53 - 1)
scalars = st.none() | st.booleans() | safe_ints | texts
entry_values = st.recursive(
    scalars,
    lambda children: (
        st.lists(children, max_size=5) | st.dictionaries(ascii_keys, children, max_size=6)
    ),
    max_leaves=30,
)


@settings(max_examples=800)
@given(entry_values)
def test_fast_path_is_byte_identical_to_rfc8785_on_our_domain(value: Any) -> None:
    assert _in_fast_domain(value)
    assert canonical_bytes(value) == rfc8785.dumps(value)


@settings(max_examples=300)
@given(st.dictionaries(texts, entry_values, max_size=5))
def test_any_keys_canonicalise_like_rfc8785(value: dict[str, Any]) -> None:
    assert canonical_bytes(value) == rfc8785.dumps(value)


@given(st.floats(allow_nan=False, allow_infinity=False) | st.integers(min_value=2**53))
def test_values_outside_the_fast_domain_take_the_rfc8785_path(value: float | int) -> None:
    assert not _in_fast_domain({"x": value})
    try:
        expected = rfc8785.dumps({"x": value})
    except rfc8785.CanonicalizationError:
        return
    assert canonical_bytes({"x": value}) == expected
