"""Letters (告知书) on both backends: the answer's PDF carries the outcome, reasons,
articles, the content provided and the remedies; its SHA-256 is in the signed entry; it
re-renders byte for byte from the ledger; ``gongkai-verify document`` proves it from an
export; notices and the re-answer have letters too."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from api.letters import LetterPress, reissue
from api.letters.press import LetterMismatch, recorded_letters, rerender
from domain.disclosure_request.letter_opening import LetterOpening
from domain.errors import DomainError
from domain.privacy.retention import RetentionPolicy
from domain.privacy.service import PersonalData
from ledger.export import export
from tests.support.pdf import pdf_text
from tests.support.request_office import ADMIN, Office, open_office
from verify.document import verify_document_export
from verify.note import Vkey


@pytest.fixture
def office(database_url: str, tmp_path: Path) -> Iterator[Office]:
    yield from open_office(database_url, tmp_path)


def partly_disclosed(office: Office, press: LetterPress) -> tuple[str, str]:
    item_id = office.approved_item("征收补偿方案（删除第三方商业信息后）")
    request = office.receive(date(2026, 3, 2))
    office.services.requests.answer(
        request.id, office.handler, office.at(), on=date(2026, 3, 20),
        outcome="partially_disclosed", item_ids=[item_id],
        reasons="部分内容涉及第三方商业秘密，经书面征求意见，第三方不同意公开。",
        articles=["15", "37"], letter=press,
    )  # fmt: skip
    return str(request.number), office.services.items.get(item_id).current_sha256 or ""


def test_the_answer_letter_states_outcome_reasons_articles_content_and_remedies(
    office: Office,
) -> None:
    press = LetterPress()
    number, provided = partly_disclosed(office, press)
    [rendered] = press.rendered
    text = pdf_text(rendered.pdf)
    for expected in (
        "政府信息公开申请答复告知书",
        number,
        "（二）部分公开",
        "第三方商业秘密",
        "第15条、第37条",
        provided,
        "六十日内",
        "行政复议",
        "六个月内",
        "行政诉讼",
        "示范市人民政府办公室",
        "2026-03-20",
    ):
        assert expected in text, expected
    assert "张三丰" not in text and "张三丰" not in rendered.html  # no personal data
    entry = office.services.requests.get(number).history[-1]
    assert entry.data["letter_sha256"] == hashlib.sha256(rendered.pdf).hexdigest()


def test_a_recorded_letter_re_renders_to_the_same_bytes(office: Office) -> None:
    press = LetterPress()
    number, _ = partly_disclosed(office, press)
    [again] = reissue(office.services.requests, number, "answer", as_officer=None, at=office.at())
    assert again.pdf == press.rendered[0].pdf and again.html == press.rendered[0].html


def test_a_letter_that_no_longer_matches_its_entry_is_refused(office: Office) -> None:
    number, _ = partly_disclosed(office, LetterPress())
    request = office.services.requests.get(number)
    opening = LetterOpening(office.services.office, request.id, number, None, office.at())
    [(letter, recorded)] = recorded_letters(request, "示范市人民政府办公室", opening, "answer")
    assert recorded is not None
    with pytest.raises(LetterMismatch):
        rerender(letter, "0" * 64)


def test_gongkai_verify_document_proves_a_letter_from_an_export(
    office: Office, tmp_path: Path
) -> None:
    press = LetterPress()
    number, _ = partly_disclosed(office, press)
    ledger = office.services.ledger
    export(ledger, tmp_path / "export.jsonl")
    vkey = Vkey.from_text(ledger.vkey().to_text())
    letter_sha = press.rendered[0].sha256
    report = verify_document_export(letter_sha, tmp_path / "export.jsonl", vkey)
    [stream] = report.answers
    assert stream.status == "letter"
    assert "告知书 LETTER of DisclosureRequest.Answered" in stream.lines[0]
    assert stream.stream == office.services.requests.get(number).id
    tampered = hashlib.sha256(press.rendered[0].pdf + b"\n").hexdigest()
    assert not verify_document_export(tampered, tmp_path / "export.jsonl", vkey).found


def test_notices_have_letters_rebuilt_from_their_entries(office: Office) -> None:
    requests, h, at = office.services.requests, office.handler, office.at
    request = office.receive(date(2026, 3, 2))
    requests.request_supplement(request.id, h, at(), on=date(2026, 3, 4), items=["所需信息的文号"])
    requests.supplemented(request.id, h, at(), on=date(2026, 3, 6))
    requests.start_consultation(request.id, h, at(), party="third-party", on=date(2026, 3, 9))
    requests.end_consultation(request.id, h, at(), on=date(2026, 3, 13))
    requests.extend(
        request.id,
        office.head,
        at(),
        on=date(2026, 3, 16),
        days=10,
        reason="档案量大",
        no_personal_data=True,
    )
    requests.notice_fee(request.id, h, at(), on=date(2026, 3, 17), method="pages", count=45)
    rendered = reissue(requests, str(request.number), as_officer=h, at=at())
    letters = {done.letter.kind: done for done in rendered}
    assert sorted(letters) == ["consultation", "extension", "fee", "supplement"]
    assert "所需信息的文号" in pdf_text(letters["supplement"].pdf)
    assert "延长10个工作日" in pdf_text(letters["extension"].pdf)
    assert "150.00元" in pdf_text(letters["fee"].pdf)
    assert "15个工作日内" in pdf_text(letters["consultation"].pdf)


def test_a_request_without_the_letter_asked_for_is_not_found(office: Office) -> None:
    request, at = office.receive(date(2026, 3, 2)), office.at()
    with pytest.raises(DomainError) as missing:
        reissue(office.services.requests, str(request.number), "answer", as_officer=None, at=at)
    assert missing.value.code == "LETTER_NOT_FOUND"


def test_a_reanswer_after_a_corrected_decision_has_its_own_letter(office: Office) -> None:
    requests, h, at = office.services.requests, office.handler, office.at
    number, _ = partly_disclosed(office, LetterPress())
    requests.file_reconsideration(number, h, at(), on=date(2026, 4, 1))
    requests.decide_reconsideration(number, h, at(), on=date(2026, 5, 20), result="corrected")
    press = LetterPress()
    requests.reanswer(
        number, h, at(), on=date(2026, 6, 1), outcome="disclosed",
        item_ids=[office.approved_item("征收补偿方案全文")], letter=press,
    )  # fmt: skip
    entry = requests.get(number).history[-1]
    assert (entry.name, entry.data["decision"]["kind"]) == ("Reanswered", "reconsideration")
    assert entry.data["letter_sha256"] == press.rendered[0].sha256
    text = pdf_text(press.rendered[0].pdf)
    assert "重新答复告知书" in text and "2026-05-20" in text and "行政复议" in text
    office.services.settle()
    assert requests.get(number).status == "answered"


def test_a_notice_letter_issued_is_proven_by_gongkai_verify_document(
    office: Office, tmp_path: Path
) -> None:
    requests, h, at = office.services.requests, office.handler, office.at
    request = office.receive(date(2026, 3, 2))
    requests.notice_fee(request.id, h, at(), on=date(2026, 3, 5), method="pages", count=45)
    press = LetterPress()
    requests.issue_letter(request.id, h, at(), kind="fee", on=date(2026, 3, 5), letter=press)
    # checked against LetterIssued; a fee letter prints nothing sealed: no officer needed
    [fee] = reissue(requests, str(request.number), "fee", as_officer=None, at=at())
    assert fee.pdf == press.rendered[0].pdf
    ledger = office.services.ledger
    export(ledger, tmp_path / "export.jsonl")
    vkey = Vkey.from_text(ledger.vkey().to_text())
    [stream] = verify_document_export(fee.sha256, tmp_path / "export.jsonl", vkey).answers
    assert stream.status == "letter" and "the fee notice (seq 2)" in stream.lines[0]


def supplement_issued(office: Office, what: str) -> tuple[str, bytes]:
    requests, h, at = office.services.requests, office.handler, office.at
    request = office.receive(date(2025, 3, 3))
    requests.request_supplement(request.id, h, at(), on=date(2025, 3, 4), items=[what])
    press = LetterPress()
    requests.issue_letter(request.id, h, at(), kind="supplement", on=date(2025, 3, 4), letter=press)
    return str(request.number), press.rendered[0].pdf


def openings(office: Office, number: str) -> list[tuple[str, list[str], str, str]]:
    record = PersonalData(office.services.office).record(office.services.requests.get(number).id)
    return [
        (o.actor, o.data["fields"], o.data["scope"], o.data["purpose"]) for o in record.openings
    ]  # type: ignore[misc]


def test_the_supplement_letter_prints_its_sealed_items_opened_on_the_record(
    office: Office,
) -> None:
    number, pdf = supplement_issued(office, "身份证复印件")
    assert "身份证复印件" in pdf_text(pdf)  # the applicant is told what to supplement
    stream = office.services.requests.get(number).id
    entries = [e.entry.data for e in office.services.ledger.read(stream)]
    assert "身份证" not in json.dumps(entries, ensure_ascii=False)  # sealed in the entry
    assert openings(office, number) == [(office.handler, ["items"], "letter", "handling")]
    [again] = reissue(office.services.requests, number, "supplement", as_officer=office.head,
                      at=office.at())  # fmt: skip
    assert again.pdf == pdf  # the same bytes as issued: its hash matches LetterIssued
    assert [o[0] for o in openings(office, number)] == [office.handler, office.head]
    with pytest.raises(DomainError) as nobody:
        reissue(office.services.requests, number, "supplement", as_officer=None, at=office.at())
    assert nobody.value.code == "OFFICER_REQUIRED"


def test_an_erased_supplement_letter_says_so_instead_of_the_items(
    office: Office, tmp_path: Path
) -> None:
    number, _ = supplement_issued(office, "房产证复印件")
    requests = office.services.requests
    requests.supplemented(number, office.handler, office.at(), on=date(2025, 3, 5))
    requests.answer(
        number, office.handler, office.at(), on=date(2025, 3, 5), outcome="unavailable.not_held",
        reasons="本机关未制作、获取该信息", articles=["36(四)"],
    )  # fmt: skip
    service, policy = (
        PersonalData(office.services.office),
        RetentionPolicy.from_mapping({"years": {"request": 1}}),
    )
    due = service.due(date(2026, 12, 1), policy, 2027)
    service.erase(due, ADMIN, office.at(), log=tmp_path / "erasures.log", years=policy.years)
    before = openings(office, number)
    [erased] = reissue(requests, number, "supplement", as_officer=office.handler, at=office.at())
    text = pdf_text(erased.pdf)
    assert "已删除" in text and "房产证" not in text
    assert openings(office, number) == before  # nothing left to open, nothing recorded
