"""Evidence bundles round-trip on both backends: written by ``ledger.bundle``, verified
by ``verify.bundle``."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest

from ledger.bundle import (
    BundleError,
    DisclosureRefused,
    Selection,
    SelectionEmpty,
    write_bundle,
)
from ledger.events import NewEvent
from ledger.ledger import Ledger, new_stream_id
from tests.conftest import T0
from tests.support.bundles import (
    APPLICANT,
    DOCUMENT,
    DOCUMENT_SHA256,
    HANDLER,
    NUMBER,
    bundle_request,
    read_members,
    record_request,
)
from verify.bundle import verify_bundle
from verify.bundle_format import DISCLOSED, REPORT


def test_a_request_bundle_verifies_with_entries_proofs_keys_content_and_disclosure(
    ledger: Ledger, tmp_path: Path
) -> None:
    stream = record_request(ledger)
    summary = bundle_request(ledger, tmp_path / "evidence.zip")
    report = verify_bundle(summary.path, ledger.vkey())
    assert (report.entries, report.keyring, report.disclosed) == (3, 3, 1)
    assert report.streams == {stream: (1, 3, 3)}
    assert report.content == [DOCUMENT_SHA256] and report.content_missing == []
    assert report.checkpoint.size == ledger.checkpoint_size()
    _, members = read_members(summary.path)
    assert members[f"data/content/{DOCUMENT_SHA256}"] == DOCUMENT
    disclosed = json.loads(members[DISCLOSED])
    assert [(d["field"], d["value"]) for d in disclosed] == [("data.applicant", APPLICANT)]


def test_a_stream_bundle_holds_every_entry_of_the_stream(ledger: Ledger, tmp_path: Path) -> None:
    stream = record_request(ledger)
    record_request(ledger, number="2026-0002")
    out = tmp_path / "stream.zip"
    summary = write_bundle(ledger, Selection("stream", stream), out, at=T0)
    report = verify_bundle(out, ledger.vkey())
    assert summary.entries == report.entries == 3
    assert report.content_missing == [DOCUMENT_SHA256]  # no content source was given
    assert report.selection == f"stream {stream}"


def test_an_officer_bundle_holds_that_officers_entries_between_the_beijing_dates(
    ledger: Ledger, tmp_path: Path
) -> None:
    ledger.register_key("officer-2", ["office_head", "request_handler"], "signing", T0)
    # T0 is 09:30 Beijing time on 2 March; 16:30 UTC on 1 March is already 2 March there.
    record_request(ledger, at=T0 - timedelta(hours=9))
    record_request(ledger, number="2026-0002", at=T0 + timedelta(days=10), actor="officer-2")
    out = tmp_path / "officer.zip"
    selection = Selection("officer", HANDLER, date(2026, 3, 2), date(2026, 3, 3))
    summary = write_bundle(ledger, selection, out, at=T0)
    report = verify_bundle(out, ledger.vkey())
    assert summary.entries == report.entries == 2  # the third step is dated 4 March


def test_disclosure_is_refused_to_an_officer_without_inspector_or_office_head(
    ledger: Ledger, tmp_path: Path
) -> None:
    ledger.register_key("officer-2", ["request_handler"], "signing", T0)
    record_request(ledger)
    out = tmp_path / "refused.zip"
    with pytest.raises(DisclosureRefused):
        write_bundle(
            ledger,
            Selection("request", NUMBER),
            out,
            at=T0,
            disclose=["applicant"],
            as_officer="officer-2",
        )
    assert not out.exists()


def test_disclosure_needs_an_acting_officer(ledger: Ledger, tmp_path: Path) -> None:
    record_request(ledger)
    with pytest.raises(DisclosureRefused):
        write_bundle(
            ledger, Selection("request", NUMBER), tmp_path / "x.zip", at=T0, disclose=["applicant"]
        )


def test_disclosing_a_field_no_selected_entry_seals_is_refused(
    ledger: Ledger, tmp_path: Path
) -> None:
    record_request(ledger)
    with pytest.raises(BundleError, match="no sealed field"):
        write_bundle(
            ledger,
            Selection("request", NUMBER),
            tmp_path / "x.zip",
            at=T0,
            disclose=["appliacnt"],
            as_officer=HANDLER,
        )


def test_an_erased_vault_value_is_not_disclosed_and_the_bundle_still_verifies(
    ledger: Ledger, tmp_path: Path
) -> None:
    record_request(ledger)
    with ledger.backend.transaction(write=True) as cur:
        cur.execute("DELETE FROM gk_vault WHERE field = ?", ("data.applicant",))
    summary = bundle_request(ledger, tmp_path / "erased.zip")
    assert summary.disclosed == 0 and len(summary.unavailable) == 1
    assert verify_bundle(summary.path, ledger.vkey()).disclosed == 0


def test_an_unknown_request_number_selects_nothing(ledger: Ledger, tmp_path: Path) -> None:
    record_request(ledger)
    with pytest.raises(SelectionEmpty):
        write_bundle(ledger, Selection("request", "1999-0001"), tmp_path / "x.zip", at=T0)


def test_entries_signed_before_their_key_was_revoked_still_verify(
    ledger: Ledger, tmp_path: Path
) -> None:
    key_id = ledger.register_key("officer-2", ["request_handler"], "signing", T0)
    stream = new_stream_id()
    received = NewEvent("DisclosureRequest.Received", {"number": "2026-0009"})
    ledger.append(stream, 0, [received], "officer-2", T0)
    ledger.revoke_key(key_id, "left the office", T0 + timedelta(days=1))
    answered = NewEvent("DisclosureRequest.Answered", {"outcome": "other.other"})
    ledger.append(stream, 1, [answered], HANDLER, T0 + timedelta(days=2))
    out = tmp_path / "revoked.zip"
    write_bundle(ledger, Selection("stream", stream), out, at=T0)
    report = verify_bundle(out, ledger.vkey())
    assert report.keyring == 5  # root, log, officer-1, officer-2, the revocation


def test_the_same_selection_at_the_same_time_gives_the_same_bytes(
    ledger: Ledger, tmp_path: Path
) -> None:
    record_request(ledger)
    (tmp_path / "one").mkdir()
    (tmp_path / "two").mkdir()
    first = bundle_request(ledger, tmp_path / "one" / "evidence.zip")
    second = bundle_request(ledger, tmp_path / "two" / "evidence.zip")
    assert first.path.read_bytes() == second.path.read_bytes()


def test_no_partial_file_is_left_beside_the_bundle(ledger: Ledger, tmp_path: Path) -> None:
    record_request(ledger)
    (tmp_path / "out").mkdir()
    bundle_request(ledger, tmp_path / "out" / "evidence.zip")
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["evidence.zip"]


def test_the_report_is_a_self_contained_printable_page_in_chinese(
    ledger: Ledger, tmp_path: Path
) -> None:
    record_request(ledger)
    summary = bundle_request(ledger, tmp_path / "evidence.zip", disclose=False)
    _, members = read_members(summary.path)
    page = members[REPORT].decode("utf-8")
    for absent in ("http://", "https://", "<script", "src=", "<link"):
        assert absent not in page
    assert "@media print" in page and 'lang="zh-CN"' in page
    assert "收到公开申请" in page and "延长答复期限" in page and "作出答复" in page
    assert "需征求第三方意见" in page  # the legal basis of the extension
    assert "已密封" in page and "张三" not in page  # sealed, not disclosed


def test_an_inspector_may_disclose_sealed_fields(ledger: Ledger, tmp_path: Path) -> None:
    ledger.register_key("inspector-1", ["inspector"], "signing", T0)
    record_request(ledger)
    out = tmp_path / "inspected.zip"
    summary = write_bundle(
        ledger,
        Selection("request", NUMBER),
        out,
        at=T0,
        disclose=["applicant", "description"],
        as_officer="inspector-1",
    )
    assert summary.disclosed == verify_bundle(out, ledger.vkey()).disclosed == 2


def test_a_bundle_of_the_key_registry_itself_verifies(ledger: Ledger, tmp_path: Path) -> None:
    out = tmp_path / "keyring.zip"
    write_bundle(ledger, Selection("stream", ledger.keyring_stream), out, at=T0)
    report = verify_bundle(out, ledger.vkey())
    assert report.entries == report.keyring == 3
