"""Malformed bundles never crash the verifier: every input is valid, an InputError
(exit 2) or a VerificationError (exit 1), and the CLI never prints a traceback."""

from __future__ import annotations

import contextlib
import io
import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ledger.ledger import Ledger
from tests.conftest import ORIGIN, T0
from tests.support.bundles import HANDLER, bundle_request, record_request
from verify.bundle import verify_bundle
from verify.cli import load_vkey, main
from verify.errors import InputError, VerifyError

FUZZ = settings(max_examples=150, deadline=None)


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[bytes, str]]:
    """A valid bundle's bytes and its verifier key text."""
    root = tmp_path_factory.mktemp("fuzz")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("GONGKAI_KEY_PASSPHRASE", "test-passphrase")
        ledger = Ledger.open(root / "data", f"sqlite:///{root / 'ledger.db'}")
        try:
            ledger.genesis(ORIGIN, T0)
            ledger.register_key(HANDLER, ["office_head", "request_handler"], "signing", T0)
            record_request(ledger)
            path = bundle_request(ledger, root / "sample.zip").path
            yield path.read_bytes(), ledger.vkey().to_text()
        finally:
            ledger.close()


def _outcome(data: bytes, vkey: str) -> VerifyError | None:
    """Verify ``data`` as a bundle; the error, or None if it is valid."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "fuzzed.zip"
        path.write_bytes(data)
        try:
            verify_bundle(path, load_vkey(vkey))
        except VerifyError as exc:
            return exc
    return None


def _cli(data: bytes, vkey: str) -> tuple[int, str]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "fuzzed.zip"
        path.write_bytes(data)
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            status = main(["bundle", str(path), "--vkey", vkey])
    return status, out.getvalue() + err.getvalue()


@FUZZ
@given(data=st.binary(max_size=4096))
def test_random_bytes_are_malformed_input(sample: tuple[bytes, str], data: bytes) -> None:
    assert isinstance(_outcome(data, sample[1]), InputError)


@FUZZ
@given(fraction=st.floats(0, 1, exclude_max=True))
def test_a_truncated_bundle_is_rejected(sample: tuple[bytes, str], fraction: float) -> None:
    bundle, vkey = sample
    assert _outcome(bundle[: int(len(bundle) * fraction)], vkey) is not None


@FUZZ
@given(st.data())
def test_changed_bytes_anywhere_in_the_zip_never_crash_the_verifier(
    sample: tuple[bytes, str], data: st.DataObject
) -> None:
    bundle, vkey = sample
    changed = bytearray(bundle)
    for _ in range(data.draw(st.integers(1, 4))):
        position = data.draw(st.integers(0, len(bundle) - 1))
        changed[position] = data.draw(st.integers(0, 255))
    _outcome(bytes(changed), vkey)  # valid (metadata only), or a VerifyError


@FUZZ
@given(
    name=st.text(min_size=1, max_size=40),
    content=st.binary(max_size=256),
)
def test_a_junk_member_never_crashes_the_verifier(
    sample: tuple[bytes, str], name: str, content: bytes
) -> None:
    bundle, vkey = sample
    buffer = io.BytesIO(bundle)
    with zipfile.ZipFile(buffer, "a") as archive:
        try:
            archive.writestr(name, content)
        except (ValueError, UnicodeEncodeError, IndexError):
            return  # names zipfile itself refuses to write
    _outcome(buffer.getvalue(), vkey)


@settings(max_examples=40, deadline=None)
@given(data=st.binary(max_size=2048))
def test_the_cli_exits_2_without_a_traceback_on_random_bytes(
    sample: tuple[bytes, str], data: bytes
) -> None:
    status, output = _cli(data, sample[1])
    assert status == 2
    assert "Traceback" not in output and output.startswith("无法读取 UNREADABLE")


@settings(max_examples=40, deadline=None)
@given(fraction=st.floats(0, 0.99))
def test_the_cli_exits_2_without_a_traceback_on_a_truncated_zip(
    sample: tuple[bytes, str], fraction: float
) -> None:
    bundle, vkey = sample
    status, output = _cli(bundle[: int(len(bundle) * fraction)], vkey)
    assert status == 2 and "Traceback" not in output


def test_the_cli_accepts_the_untouched_sample(sample: tuple[bytes, str]) -> None:
    status, output = _cli(*sample)
    assert status == 0 and output.startswith("有效 VALID")
