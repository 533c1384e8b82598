"""Whatever byte of a published log is altered (a tile, an entry bundle, the
checkpoint), or whichever file is cut short, the monitor refuses it with a verify error,
never passes and never fails another way."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from api.bench.verify import SyntheticExport, synthesize_export
from tests.support.tiles import dict_fetch, memory_tiles
from verify.errors import VerifyError
from verify.monitor import log_signature_policy, run_monitor

ENTRIES = 300


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, bytes], SyntheticExport]:
    export = synthesize_export(tmp_path_factory.mktemp("monitor") / "log.jsonl", ENTRIES)
    lines = Path(export.path).read_bytes().splitlines()
    files, _ = memory_tiles(lines[1:-1])
    files["checkpoint"] = json.loads(lines[-1])["checkpoint"].encode()
    return files, export


def test_the_untouched_log_passes(published: tuple[dict[str, bytes], SyntheticExport]) -> None:
    files, export = published
    report = run_monitor(dict_fetch(files), log_signature_policy(export.vkey), None)
    assert report.checked == report.state.size == ENTRIES


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_any_altered_byte_is_refused(
    published: tuple[dict[str, bytes], SyntheticExport], data: st.DataObject
) -> None:
    files, export = published
    path = data.draw(st.sampled_from(sorted(files)))
    position = data.draw(st.integers(0, len(files[path]) - 1))
    flip = data.draw(st.integers(1, 255))
    altered = bytearray(files[path])
    altered[position] ^= flip
    with pytest.raises(VerifyError):
        run_monitor(
            dict_fetch({**files, path: bytes(altered)}), log_signature_policy(export.vkey), None
        )


@settings(max_examples=40, deadline=None)
@given(st.data())
def test_a_file_cut_short_is_refused(
    published: tuple[dict[str, bytes], SyntheticExport], data: st.DataObject
) -> None:
    files, export = published
    path = data.draw(st.sampled_from(sorted(files)))
    cut = data.draw(st.integers(0, len(files[path]) - 1))
    with pytest.raises(VerifyError):
        run_monitor(
            dict_fetch({**files, path: files[path][:cut]}), log_signature_policy(export.vkey), None
        )
