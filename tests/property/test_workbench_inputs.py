"""Invariants of the workbench's input checks: the address to go to after signing in
never leaves the workbench, and a document whose first bytes do not match its type is
never accepted."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from api.workbench import sign_in, uploads


@given(st.text(max_size=200))
def test_the_address_after_sign_in_never_leaves_the_workbench(value: str) -> None:
    target = sign_in._next(value)
    assert target.startswith("/workbench")
    assert "//" not in target and "\\" not in target


@given(st.binary(max_size=200), st.sampled_from([".pdf", ".ofd", ".docx"]))
def test_a_file_without_its_types_signature_is_refused(data: bytes, suffix: str) -> None:
    signature = b"%PDF-" if suffix == ".pdf" else b"PK\x03\x04"
    assert uploads._accepted(f"document{suffix}", data) == data.startswith(signature)


@given(st.binary(max_size=200))
def test_a_text_file_is_accepted_only_as_utf8_without_nul(data: bytes) -> None:
    try:
        data.decode("utf-8")
        expected = b"\x00" not in data
    except UnicodeDecodeError:
        expected = False
    assert uploads._accepted("notice.txt", data) == expected


@given(st.text(min_size=1, max_size=20).filter(lambda s: "." not in s), st.binary(max_size=50))
def test_any_other_file_name_is_refused(stem: str, data: bytes) -> None:
    assert not uploads._accepted(f"{stem}.exe", data)
