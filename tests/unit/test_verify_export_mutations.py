"""``gongkai-verify export`` rejects every tampered export with the right exit status and
error code, names the first bad entry, and gives the same answer with any ``--jobs``.

The negative cases are committed files (``tests/vectors/exports``, made by
``make_vectors.py``); a fresh build of the same scenario is mutated the same way and
must fail the same way, so the files never drift from the generator.
"""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path
from typing import Any

import pytest

import verify._parallel as parallel
from tests.vectors.exports.make_vectors import MUTATIONS, build_export, expected, mutate
from verify.cli import main

VECTORS = Path(__file__).parents[1] / "vectors" / "exports"
VKEY = (VECTORS / "vkey.txt").read_text(encoding="utf-8").strip()
EXPECTED: dict[str, dict[str, Any]] = json.loads((VECTORS / "expected.json").read_text())
ENTRY_LEVEL = [name for name, e in EXPECTED.items() if e["log_index"] is not None]


def verify(path: Path, vkey: str, jobs: int = 1) -> tuple[int, dict[str, Any]]:
    """Run the CLI with ``--json``; return its exit status and its JSON answer."""
    argv = ["export", str(path), "--vkey", vkey, "--json", "--jobs", str(jobs)]
    with contextlib.redirect_stdout(io.StringIO()) as printed:
        status = main(argv)
    return status, json.loads(printed.getvalue())


@pytest.fixture(scope="module")
def fresh(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A fresh build of the vector scenario: the folder of its cases, and its vkey."""
    with pytest.MonkeyPatch.context() as env:
        env.setenv("GONGKAI_KEY_PASSPHRASE", "test-passphrase")
        valid, vkey = build_export(tmp_path_factory.mktemp("valid"))
        other, _ = build_export(tmp_path_factory.mktemp("other"))
    cases = tmp_path_factory.mktemp("cases")
    (cases / "valid.jsonl").write_bytes(valid)
    for name in MUTATIONS:
        (cases / f"{name}.jsonl").write_bytes(mutate(name, valid, other))
    return cases, vkey


def test_the_committed_expectations_are_the_generators() -> None:
    assert expected() == EXPECTED
    assert {p.stem for p in VECTORS.glob("*.jsonl")} == {*EXPECTED, "valid"}


def test_the_committed_valid_export_verifies() -> None:
    status, answer = verify(VECTORS / "valid.jsonl", VKEY)
    assert (status, answer["valid"], answer["entries"]) == (0, True, answer["tree_size"])


def test_a_fresh_build_of_the_scenario_verifies(fresh: tuple[Path, str]) -> None:
    cases, vkey = fresh
    assert verify(cases / "valid.jsonl", vkey)[0] == 0


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_committed_negative_case_is_rejected_with_its_status_and_code(name: str) -> None:
    status, answer = verify(VECTORS / f"{name}.jsonl", VKEY)
    assert (status, answer["code"]) == (EXPECTED[name]["exit"], EXPECTED[name]["code"])
    assert answer["valid"] is False


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_fresh_negative_case_fails_as_its_committed_file_does(
    name: str, fresh: tuple[Path, str]
) -> None:
    cases, vkey = fresh
    status, answer = verify(cases / f"{name}.jsonl", vkey)
    assert (status, answer["code"]) == (EXPECTED[name]["exit"], EXPECTED[name]["code"])


@pytest.mark.parametrize("name", ENTRY_LEVEL)
def test_the_first_bad_entry_is_named_by_index_stream_seq_and_type(name: str) -> None:
    _, answer = verify(VECTORS / f"{name}.jsonl", VKEY)
    index = EXPECTED[name]["log_index"]
    assert answer["evidence"]["log_index"] == str(index)
    assert answer["message"].startswith(f"entry #{index}")
    if answer["code"] != "MALFORMED_INPUT":  # an unreadable entry has no stream to name
        assert {"stream", "seq", "type"} <= answer["evidence"].keys()
        evidence = answer["evidence"]
        named = f"(stream {evidence['stream']}, seq {evidence['seq']}, {evidence['type']})"
        assert named in answer["message"]


@pytest.mark.parametrize("name", sorted([*EXPECTED, "valid"]))
def test_parallel_verification_answers_exactly_as_the_sequential_one(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(parallel, "CHUNK_SIZE", 3)  # many chunks, real workers
    path = VECTORS / f"{name}.jsonl"
    assert verify(path, VKEY, jobs=2) == verify(path, VKEY, jobs=1)


def test_a_bad_vkey_is_malformed_input() -> None:
    status, answer = verify(VECTORS / "valid.jsonl", "not-a-key")
    assert (status, answer["code"]) == (2, "MALFORMED_INPUT")


def test_the_trusted_key_of_another_log_is_refused(fresh: tuple[Path, str]) -> None:
    _, other_vkey = fresh
    status, answer = verify(VECTORS / "valid.jsonl", other_vkey)
    assert (status, answer["code"]) == (1, "WRONG_LOG")


def test_a_missing_file_is_malformed_input(tmp_path: Path) -> None:
    status, answer = verify(tmp_path / "absent.jsonl", VKEY)
    assert (status, answer["code"]) == (2, "MALFORMED_INPUT")


def _lines() -> list[bytes]:
    return (VECTORS / "valid.jsonl").read_bytes().split(b"\n")[:-1]


def _resigned_year(line: bytes) -> bytes:
    at = line.index(b'"at":"2') + 6  # the year's first digit: the signature no longer holds
    return line[:at] + b"3" + line[at + 1 :]


def _other_prev(line: bytes) -> bytes:
    at = line.index(b'"prev":"') + 8  # chain and signature both broken
    return line[:at] + (b"0" if line[at : at + 1] != b"0" else b"1") + line[at + 1 :]


def _several(kind: str) -> list[bytes]:
    lines = _lines()
    entry = {i: i + 1 for i in range(len(lines) - 2)}  # log index -> line number
    if kind == "two bad signatures":
        lines[entry[12]], lines[entry[30]] = (_resigned_year(lines[entry[n]]) for n in (12, 30))
    elif kind == "a gap before a bad signature":
        lines[entry[30]] = _resigned_year(lines[entry[30]])
        del lines[entry[13]]
    elif kind == "a bad signature before a non-canonical entry":
        lines[entry[12]] = _resigned_year(lines[entry[12]])
        lines[entry[30]] = lines[entry[30]].replace(b'{"actor"', b'{ "actor"', 1)
    elif kind == "one entry with a bad signature and a broken chain":
        lines[entry[14]] = _other_prev(lines[entry[14]])
    return lines


SEVERAL = {
    "two bad signatures": ("SIGNATURE_INVALID", 12),
    "a gap before a bad signature": ("SEQUENCE_GAP", 13),
    "a bad signature before a non-canonical entry": ("SIGNATURE_INVALID", 12),
    "one entry with a bad signature and a broken chain": ("SIGNATURE_INVALID", 14),
}


@pytest.mark.parametrize("kind", sorted(SEVERAL))
@pytest.mark.parametrize("jobs", [1, 2])
def test_of_several_bad_entries_the_first_in_log_order_is_reported(
    kind: str, jobs: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(parallel, "CHUNK_SIZE", 2)
    path = tmp_path / "several.jsonl"
    path.write_bytes(b"".join(line + b"\n" for line in _several(kind)))
    status, answer = verify(path, VKEY, jobs=jobs)
    code, index = SEVERAL[kind]
    assert (status, answer["code"], answer["evidence"]["log_index"]) == (1, code, str(index))
