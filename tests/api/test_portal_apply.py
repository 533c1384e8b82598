"""Applying online over TestClient, on SQLite and PostgreSQL: an application is received
as a sealed online request awaiting confirmation, its status page needs its number and
secret and shows only that request, the clock starts at the officer's confirmation, and
bad input, duplicates and floods are refused with a page that says why."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.clock import now, today
from api.http.app import create_app
from api.services import Services
from domain.privacy.record import record_stream
from tests.api.test_pages import Office, build_office
from tests.conftest import drop_schema, postgres_url_or_skip
from tests.support.pdf import pdf_text

PDF = b"%PDF-1.4\n% a tiny test attachment\n"
PERSON = {
    "applicant_type": "natural-person",
    "name": "王小明",
    "id_number": "11010119900307123X",
    "contact": "wang@example.cn",
    "description": "申请公开本市2025年老旧小区改造资金的使用明细",
    "requested_form": "electronic",
    "delivery": "online",
    "consent": "yes",
}


@pytest.fixture(scope="module")
def office(backend: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Office]:
    data = tmp_path_factory.mktemp("apply") / "data"
    url = None if backend == "sqlite" else postgres_url_or_skip()
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("GONGKAI_KEY_PASSPHRASE", "test-passphrase")
        patch.setenv("GONGKAI_APPLY_RATE", "100/600")
        services = Services.open(data, url)
        try:
            built = build_office(services)
            patch.setenv("GONGKAI_PORTAL_OFFICER", built.officers["request_handler"])
            yield built
        finally:
            services.close()
            if url:
                drop_schema(url)


@pytest.fixture(scope="module")
def client(office: Office) -> TestClient:
    return TestClient(create_app(office.services, background=False))


def apply(
    client: TestClient, status: int = 201, attachment: bytes | None = PDF, **changes: str
) -> Any:
    files = {"attachment": ("证明.pdf", attachment, "application/pdf")} if attachment else None
    response = client.post("/apply", data={**PERSON, **changes}, files=files)
    assert response.status_code == status, response.text[-1500:]
    return response


def tracking(response: Any) -> tuple[str, str]:
    number = re.search(r'id="tracking-number">([^<]+)<', response.text)
    secret = re.search(r'id="tracking-secret">([^<]+)<', response.text)
    assert number and secret
    return number.group(1), secret.group(1)


def status_page(client: TestClient, number: str, secret: str, status: int = 200) -> str:
    response = client.post("/track", data={"number": number, "secret": secret})
    assert response.status_code == status, response.text[-800:]
    return response.text


class TestApplying:
    def test_an_application_is_received_online_sealed_and_awaiting_confirmation(
        self, client: TestClient, office: Office
    ) -> None:
        number, secret = tracking(apply(client, description="申请公开某路段改造的招标文件全文"))
        request = office.services.requests.get(number)
        assert request.channel == "online" and request.status == "awaiting_confirmation"
        assert request.clock_start is None
        office.services.settle()
        size = office.services.ledger.checkpoint_size()
        entries = client.get(f"/v1/entries?start=0&end={size}").text
        for secret_text in ("王小明", "11010119900307123X", "wang@example.cn", "某路段改造"):
            assert secret_text not in entries
            assert secret_text not in client.get("/requests").text
        html = status_page(client, number, secret)
        assert "等待确认收到" in html and "确认收到后计算" in html

    def test_the_clock_starts_when_an_officer_confirms_and_the_answer_reaches_the_applicant(
        self, client: TestClient, office: Office
    ) -> None:
        number, secret = tracking(apply(client, description="申请公开2025年部门预算的三公经费明细"))
        requests, handler = office.services.requests, office.officers["request_handler"]
        requests.confirm_receipt(number, handler, now(), on=today())
        office.services.settle()
        html = status_page(client, number, secret)
        due = requests.get(number).answer_due(requests.calendar())
        assert (
            due is not None and due.due.isoformat() in html and "确认收到 Receipt confirmed" in html
        )
        requests.answer(
            number, handler, now(), on=today(), outcome="disclosed",
            item_ids=[office.items["budget"]],
        )  # fmt: skip
        html = status_page(client, number, secret)
        assert "答复 Answer" in html and "/verify?sha256=" in html

    def test_the_applicant_downloads_their_letters_and_only_with_their_secret(
        self, client: TestClient, office: Office
    ) -> None:
        """The supplement notice (告知书) as the PDF the office issued, its sealed items
        opened for the applicant on the record (applicant_access); a wrong secret or
        another request's number gets no letter."""
        number, secret = tracking(apply(client, description="申请公开2025年公园绿地养护合同"))
        requests, handler = office.services.requests, office.officers["request_handler"]
        requests.confirm_receipt(number, handler, now(), on=today())
        requests.request_supplement(number, handler, now(), on=today(), items=["合同的签订年份"])
        office.services.settle()
        assert 'id="letter-supplement"' in status_page(client, number, secret)
        form = {"number": number, "secret": secret, "kind": "supplement"}
        letter = client.post("/track/letter", data=form)
        assert letter.status_code == 200 and letter.headers["content-type"] == "application/pdf"
        assert letter.headers["cache-control"] == "no-store"
        text = pdf_text(letter.content)
        assert number in text and "合同的签订年份" in text
        office.services.settle()
        record = record_stream(office.services.office, requests.get(number).id)
        opened = office.services.ledger.read(record)
        assert opened[-1].entry.type == "PersonalData.Opened"
        assert b'"applicant_access"' in opened[-1].entry.raw
        wrong = client.post("/track/letter", data={**form, "secret": "not-the-secret"})
        assert wrong.status_code == 404 and not wrong.content.startswith(b"%PDF")
        unknown = client.post("/track/letter", data={**form, "kind": "nonsense"})
        assert unknown.status_code == 404

    def test_a_wrong_secret_or_another_number_shows_nothing(self, client: TestClient) -> None:
        mine = tracking(apply(client, description="申请公开第一份文件：环境监测季报"))
        theirs = tracking(apply(client, name="李四", id_number="110101198001011231",
                                description="申请公开第二份文件：河道整治方案"))  # fmt: skip
        refused = status_page(client, theirs[0], mine[1], status=404)
        assert "不正确" in refused and "河道整治" not in refused and 'id="state"' not in refused
        assert "李四" not in status_page(client, *theirs)  # not even its own applicant's name
        status_page(client, "2026-9999", mine[1], status=404)

    def test_attachments_are_kept_to_pdf_png_and_jpeg_of_at_most_two_megabytes(
        self, client: TestClient
    ) -> None:
        html = apply(client, 422, attachment=b"MZ\x90\x00 not a document").text
        assert "只能是 PDF" in html and 'aria-invalid="true"' in html
        html = apply(client, 422, attachment=PDF + b"0" * (2 * 1024 * 1024)).text
        assert "不能超过 2 MB" in html

    def test_a_form_with_mistakes_names_each_field_and_keeps_what_was_typed(
        self, client: TestClient
    ) -> None:
        html = apply(
            client, 422, attachment=None, id_number="123", consent="", description="短"
        ).text
        assert 'role="alert"' in html and html.count('class="field-error"') == 3
        assert 'aria-describedby="id_number-error' in html and 'value="王小明"' in html

    def test_the_same_application_twice_in_a_day_is_received_once(self, client: TestClient) -> None:
        first = tracking(apply(client, description="申请公开重复检测用的同一份文件"))
        again = apply(client, 409, description="申请公开重复检测用的同一份文件").text
        assert first[0] in again and first[1] not in again


def test_one_client_sending_too_many_applications_is_slowed_down(
    office: Office, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GONGKAI_APPLY_RATE", "2/600")
    monkeypatch.setenv("GONGKAI_PORTAL_OFFICER", office.officers["request_handler"])
    client = TestClient(create_app(office.services, background=False))
    for n in range(2):
        apply(client, description=f"申请公开频率限制测试文件第{n}号")
    assert "提交过于频繁" in apply(client, 429, description="申请公开第三份").text


def test_without_a_portal_officer_the_form_says_to_apply_in_person(
    office: Office, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("GONGKAI_PORTAL_OFFICER")
    client = TestClient(create_app(office.services, background=False))
    assert "尚未开通在线申请" in client.get("/apply").text
    assert client.post("/apply", data=PERSON).status_code == 503


def test_register_counts_the_online_application_only_once_confirmed(
    client: TestClient, office: Office
) -> None:
    html = client.get("/requests?status=awaiting_confirmation").text
    assert "待确认收到" in html and "王小明" not in html
