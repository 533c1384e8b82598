"""Any corruption of a valid export is caught, and only ever as a verifier error.

A changed byte, a deleted, duplicated or swapped line never verifies (exit 0 never
happens), and arbitrary bytes fed to the reader raise InputError or VerificationError
only — so the CLI answers with exit status 1 or 2, never with a traceback.
"""

from __future__ import annotations

import contextlib
import io
import json
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from verify.cli import main
from verify.errors import InputError, VerificationError
from verify.export import verify_export
from verify.note import Vkey

VECTORS = Path(__file__).parents[1] / "vectors" / "exports"
VALID = (VECTORS / "valid.jsonl").read_bytes()
VKEY_TEXT = (VECTORS / "vkey.txt").read_text(encoding="utf-8").strip()
VKEY = Vkey.from_text(VKEY_TEXT)
LINES = VALID.split(b"\n")[:-1]

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.fixture(scope="module")
def scratch() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as directory:
        yield Path(directory) / "export.jsonl"


def rejected(path: Path, data: bytes) -> str:
    """Write ``data``, verify it, and return the error code it must be rejected with."""
    path.write_bytes(data)
    with pytest.raises((InputError, VerificationError)) as failure:
        verify_export(path, VKEY)
    return failure.value.code


def cli_status(path: Path, data: bytes) -> int:
    path.write_bytes(data)
    with contextlib.redirect_stdout(io.StringIO()) as printed:
        status = main(["export", str(path), "--vkey", VKEY_TEXT, "--json", "--jobs", "1"])
    assert json.loads(printed.getvalue())["valid"] is (status == 0)
    return status


def join(lines: list[bytes]) -> bytes:
    return b"".join(line + b"\n" for line in lines)


def test_the_uncorrupted_export_verifies(scratch: Path) -> None:
    scratch.write_bytes(VALID)
    assert verify_export(scratch, VKEY).entries == len(LINES) - 2


@SETTINGS
@given(position=st.integers(0, len(VALID) - 1), byte=st.integers(0, 255))
def test_a_changed_byte_is_always_caught(scratch: Path, position: int, byte: int) -> None:
    if VALID[position] == byte:
        byte ^= 0x01
    rejected(scratch, VALID[:position] + bytes([byte]) + VALID[position + 1 :])


@SETTINGS
@given(index=st.integers(0, len(LINES) - 1))
def test_a_deleted_line_is_always_caught(scratch: Path, index: int) -> None:
    rejected(scratch, join(LINES[:index] + LINES[index + 1 :]))


@SETTINGS
@given(index=st.integers(0, len(LINES) - 1), offset=st.integers(0, len(LINES)))
def test_a_duplicated_line_is_always_caught(scratch: Path, index: int, offset: int) -> None:
    rejected(scratch, join([*LINES[:offset], LINES[index], *LINES[offset:]]))


@SETTINGS
@given(st.lists(st.integers(0, len(LINES) - 1), min_size=2, max_size=2, unique=True))
def test_two_swapped_lines_are_always_caught(scratch: Path, pair: list[int]) -> None:
    i, j = pair
    lines = list(LINES)
    lines[i], lines[j] = lines[j], lines[i]
    rejected(scratch, join(lines))


@SETTINGS
@given(data=st.binary(max_size=2048))
def test_arbitrary_bytes_are_refused_with_status_1_or_2(scratch: Path, data: bytes) -> None:
    assert cli_status(scratch, data) in (1, 2)
    rejected(scratch, data)


@SETTINGS
@given(
    tail=st.lists(
        st.one_of(st.binary(max_size=300), st.sampled_from(LINES), st.just(b"{}"), st.just(b"[")),
        max_size=8,
    )
)
def test_a_valid_header_followed_by_anything_else_is_refused(
    scratch: Path, tail: list[bytes]
) -> None:
    data = join([LINES[0], *tail])
    assert cli_status(scratch, data) in (1, 2)
    rejected(scratch, data)


def test_deeply_nested_json_in_an_entry_is_refused_not_crashed(scratch: Path) -> None:
    data = join([LINES[0], b"[" * 100_000 + b"]" * 100_000, LINES[-1]])
    assert rejected(scratch, data) == "MALFORMED_INPUT"
    assert cli_status(scratch, data) == 1
