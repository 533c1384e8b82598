"""The public pages over TestClient: each page answers 200 with its Chinese labels, shows
no personal data, escapes what it shows, and answers odd input with a 404 or 400 page
(never a 500)."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from api.http.app import create_app
from api.pages import catalogue as catalogue_pages
from api.pages import requests as request_pages
from api.services import Services

ORIGIN = "pages.gongkai.local/gongkai"
AGENCY = "示范市人民政府办公室"
T0 = datetime(2026, 3, 2, 1, 30, tzinfo=UTC)
# Officers' names are recorded in the ledger; the public pages show none of them.
OFFICERS = {
    "drafter": "李明",
    "attribute_reviewer": "刘洋",
    "secrecy_reviewer": "陈静",
    "approver": "赵敏",
    "request_handler": "周丽",
}
# Applicants' identities and the requests' texts are sealed; the register shows neither.
APPLICANTS = {"张三": "110101199001011234", "某某科技有限公司": "91110000MA00000000"}
DESCRIPTION = "申请公开某某项目环境影响评价报告全本"
BUDGET = "关于2026年财政预算的说明\n".encode()
RULES_V1 = "示范市政府信息公开工作规定（原文）\n".encode()
RULES_V2 = "示范市政府信息公开工作规定（更正后）\n".encode()
STATISTICS = "2025年统计公报\n".encode()
SCRIPT_TITLE = "<script>alert(1)</script>特殊标题"


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass
class Office:
    """A small disclosure office: a published, a corrected and a withdrawn item."""

    services: Services
    officers: dict[str, str] = field(default_factory=dict)
    items: dict[str, str] = field(default_factory=dict)
    clock: datetime = T0

    def at(self) -> datetime:
        self.clock += timedelta(minutes=5)
        return self.clock

    def publish(self, name: str, content: bytes, title: str, category: str, on: date) -> None:
        items, o = self.services.items, self.officers
        item_id = items.draft(
            o["drafter"],
            self.at(),
            title=title,
            category=category,
            doc_number=f"示政发〔2026〕{len(self.items) + 1}号",
            formed_on=date(2026, 3, 2),
            attribute="proactive",
            attribute_basis="涉及公众切身利益",
            content=content,
        ).id
        items.review_attribute(
            item_id, o["attribute_reviewer"], self.at(), attribute="proactive", basis="同意"
        )
        self.approve_and_publish(item_id, content, on)
        self.items[name] = item_id

    def approve_and_publish(self, item_id: str, content: bytes, on: date) -> None:
        items, o = self.services.items, self.officers
        digest = sha(content)
        items.review_secrecy(
            item_id, o["secrecy_reviewer"], self.at(), content_sha256=digest, result="passed"
        )
        items.approve(item_id, o["approver"], self.at(), content_sha256=digest)
        items.publish(
            item_id,
            o["approver"],
            self.at(),
            content_sha256=digest,
            channel="政府网站",
            url="https://www.example.gov.cn/zwgk/1.html",
            published_on=on,
        )


def build_office(services: Services) -> Office:
    services.office.initialise(ORIGIN, AGENCY, "管理员", T0)
    office = Office(services)
    for role, name in OFFICERS.items():
        office.officers[role] = services.office.add_officer(
            "officer-0001", name, "政务公开科", [role], T0
        )
    office.publish("budget", BUDGET, "示范市2026年财政预算公开说明", "budgets", date(2026, 3, 4))
    office.publish("rules", RULES_V1, "示范市政府信息公开工作规定", "rules", date(2026, 3, 5))
    office.publish("statistics", STATISTICS, "2025年统计公报", "statistics", date(2026, 3, 6))
    office.publish("script", b"odd title\n", SCRIPT_TITLE, "other", date(2026, 3, 6))
    items, o = services.items, office.officers
    rules = office.items["rules"]
    items.correct(
        rules,
        o["drafter"],
        office.at(),
        changed_on=date(2026, 3, 9),
        reason="更正文字错误",
        content=RULES_V2,
    )
    office.approve_and_publish(rules, RULES_V2, date(2026, 3, 10))
    items.withdraw(
        office.items["statistics"],
        o["approver"],
        office.at(),
        reason="error",
        legal_basis="《政府信息公开条例》第六条",
        withdrawn_on=date(2026, 3, 11),
    )
    receive_requests(office)
    services.settle()
    return office


def receive_requests(office: Office) -> None:
    """One answered request from a person, one open request from a company."""
    requests, handler = office.services.requests, office.officers["request_handler"]
    person, company = APPLICANTS
    answered = requests.receive(
        handler,
        office.at(),
        channel="in-person",
        received_on=date(2026, 3, 3),
        applicant={"name": person, "id_number": APPLICANTS[person]},
        applicant_type="natural-person",
        description=DESCRIPTION,
    )
    requests.answer(
        answered.id,
        handler,
        office.at(),
        on=date(2026, 3, 12),
        outcome="disclosed",
        item_ids=[office.items["budget"]],
    )
    requests.receive(
        handler,
        office.at(),
        channel="post",
        received_on=date(2026, 3, 4),
        applicant={"name": company, "credit_code": APPLICANTS[company]},
        applicant_type="commercial",
        description=DESCRIPTION,
    )


@pytest.fixture(scope="module")
def office(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Office]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("GONGKAI_KEY_PASSPHRASE", "test-passphrase")
        patch.delenv("GONGKAI_DATABASE_URL", raising=False)
        services = Services.open(tmp_path_factory.mktemp("pages") / "data")
        yield build_office(services)
        services.close()


@pytest.fixture(scope="module")
def client(office: Office) -> TestClient:
    return TestClient(create_app(office.services, background=False))


def get(client: TestClient, path: str, status: int = 200) -> httpx.Response:
    response = client.get(path)
    assert response.status_code == status, response.text[:500]
    assert response.headers["content-type"].startswith("text/html")
    return response


def assert_no_personal_data(html: str) -> None:
    for secret in [*OFFICERS.values(), "管理员", *APPLICANTS, *APPLICANTS.values(), DESCRIPTION]:
        assert secret not in html


class TestHome:
    def test_home_shows_the_agency_the_signed_checkpoint_and_the_verifier_key(
        self, client: TestClient, office: Office
    ) -> None:
        html = get(client, "/").text
        note = client.get("/v1/checkpoint").text
        vkey = client.get("/v1/vkey").text.strip()
        assert AGENCY in html
        assert note.splitlines()[2] in html  # the root hash line of the note
        assert vkey in html
        assert "如何核验" in html and "How to verify" in html
        assert "gongkai-verify document" in html

    def test_home_lists_the_latest_publications_without_personal_data(
        self, client: TestClient
    ) -> None:
        html = get(client, "/").text
        assert "最新公开" in html
        assert "示范市2026年财政预算公开说明" in html
        assert_no_personal_data(html)

    def test_pages_forbid_scripts_from_elsewhere(self, client: TestClient) -> None:
        response = get(client, "/")
        policy = response.headers["content-security-policy"]
        assert "script-src 'self'" in policy and "default-src 'none'" in policy

    def test_home_of_an_uninitialised_ledger_is_a_page_not_an_error(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        services = Services.open(tmp_path / "empty")
        try:
            client = TestClient(create_app(services, background=False))
            html = get(client, "/").text
            assert "政务公开" in html
            assert "尚无检查点" in html
        finally:
            services.close()


class TestCatalogue:
    def test_catalogue_lists_current_items_with_chinese_and_english_labels(
        self, client: TestClient
    ) -> None:
        html = get(client, "/catalogue").text
        assert "政务信息公开目录" in html and "Catalogue" in html
        assert "示范市2026年财政预算公开说明" in html
        assert "示范市政府信息公开工作规定" in html
        assert "财政预算" in html and "Budgets" in html
        assert "2025年统计公报" not in html  # withdrawn: not current
        assert_no_personal_data(html)

    def test_catalogue_escapes_titles(self, client: TestClient) -> None:
        html = get(client, "/catalogue").text
        assert "<script>alert(1)</script>" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;特殊标题" in html

    def test_search_finds_items_by_title(self, client: TestClient) -> None:
        html = get(client, "/catalogue?q=财政预算").text
        assert "示范市2026年财政预算公开说明" in html
        assert "示范市政府信息公开工作规定" not in html

    def test_search_finds_items_by_document_number(self, client: TestClient) -> None:
        html = get(client, "/catalogue?q=示政发〔2026〕1号").text
        assert "示范市2026年财政预算公开说明" in html
        assert "示范市政府信息公开工作规定" not in html

    def test_category_filter_shows_only_that_category(self, client: TestClient) -> None:
        html = get(client, "/catalogue?category=rules").text
        assert "示范市政府信息公开工作规定" in html
        assert "示范市2026年财政预算公开说明" not in html

    def test_withdrawn_items_are_listed_apart(self, client: TestClient) -> None:
        html = get(client, "/catalogue?status=withdrawn").text
        assert "2025年统计公报" in html
        assert "已撤回" in html
        assert "示范市2026年财政预算公开说明" not in html

    def test_pages_follow_one_another_through_the_next_link(
        self, client: TestClient, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setattr(catalogue_pages, "PAGE_SIZE", 2)
        first = get(client, "/catalogue").text
        link = re.search(r'rel="next" href="([^"]+)"', first)
        assert link is not None
        second = get(client, link.group(1).replace("&amp;", "&")).text
        assert "第一页" in second
        titles = ["示范市2026年财政预算公开说明", "示范市政府信息公开工作规定", "特殊标题"]
        assert all((t in first) != (t in second) for t in titles)

    def test_category_links_keep_the_search(self, client: TestClient) -> None:
        html = get(client, "/catalogue?q=规定").text
        assert 'href="/catalogue?q=%E8%A7%84%E5%AE%9A&amp;category=rules"' in html

    @pytest.mark.parametrize(
        "query",
        [
            "category=no-such-category",
            "status=draft",
            "cursor=abc",
            "cursor=-1",
            "q=" + "长" * 101,
            "q=%00",
        ],
    )
    def test_odd_catalogue_queries_get_a_400_page(self, client: TestClient, query: str) -> None:
        html = get(client, f"/catalogue?{query}", 400).text
        assert "请求有误" in html and "Bad request" in html


class TestItemPage:
    def test_item_page_shows_every_version_with_leaf_hashes_and_log_positions(
        self, client: TestClient, office: Office
    ) -> None:
        html = get(client, f"/items/{office.items['rules']}").text
        assert "版本历史" in html and "Version history" in html
        assert "第 1 版" in html and "第 2 版" in html
        assert sha(RULES_V1) in html and sha(RULES_V2) in html
        assert "已被更正" in html and "现行版本" in html
        for index in map(int, re.findall(r'href="/v1/entries/(\d+)"', html)):
            leaf_hash = client.get(f"/v1/entries/{index}").json()["leaf_hash"]
            assert leaf_hash in html
        assert_no_personal_data(html)

    def test_item_page_names_each_step(self, client: TestClient, office: Office) -> None:
        html = get(client, f"/items/{office.items['rules']}").text
        for step in ["起草", "属性审核", "保密审查", "发布审核", "发布", "更正"]:
            assert step in html

    def test_withdrawn_item_shows_its_withdrawal(self, client: TestClient, office: Office) -> None:
        html = get(client, f"/items/{office.items['statistics']}").text
        assert "已撤回 WITHDRAWN" in html
        assert "2026-03-11" in html
        assert "内容有误" in html
        assert "《政府信息公开条例》第六条" in html

    def test_item_page_links_to_the_download_and_the_verify_page(
        self, client: TestClient, office: Office
    ) -> None:
        html = get(client, f"/items/{office.items['budget']}").text
        assert f"/v1/content/{sha(BUDGET)}" in html
        assert f"/verify?sha256={sha(BUDGET)}" in html

    @pytest.mark.parametrize(
        "item_id",
        [
            "00000000-0000-0000-0000-000000000000",
            "not-an-id",
            "%3Cscript%3Ealert(1)%3C%2Fscript%3E",
            "x" * 5000,
            "%E4%B8%AD%E6%96%87",
        ],
    )
    def test_unknown_items_get_a_friendly_404_page(self, client: TestClient, item_id: str) -> None:
        html = get(client, f"/items/{item_id}", 404).text
        assert "未找到" in html and "Not found" in html
        assert "<script>alert(1)</script>" not in html


class TestVerifyPage:
    def test_verify_page_offers_a_file_picker_and_a_key_box(self, client: TestClient) -> None:
        html = get(client, "/verify").text
        assert "核验文件" in html and "Verify a document" in html
        assert 'type="file"' in html and 'id="vkey"' in html
        assert '<script src="/static/verify.js"></script>' in html
        assert "<script>" not in html  # no inline script: the CSP forbids it

    def test_verify_page_takes_a_fingerprint_to_check(self, client: TestClient) -> None:
        html = get(client, f"/verify?sha256={sha(BUDGET)}").text
        assert f'data-sha256="{sha(BUDGET)}"' in html

    @pytest.mark.parametrize("value", ["zz", "A" * 64, "0" * 63, "<b>"])
    def test_verify_page_refuses_a_malformed_fingerprint_with_a_400_page(
        self, client: TestClient, value: str
    ) -> None:
        html = get(client, f"/verify?sha256={value}", 400).text
        assert "请求有误" in html
        assert "<b>" not in html


class TestRequestRegister:
    def test_register_lists_requests_with_due_dates_and_outcomes(self, client: TestClient) -> None:
        html = get(client, "/requests").text
        assert "依申请公开办理登记" in html and "Register of disclosure requests" in html
        assert "2026-0001" in html and "2026-0002" in html
        assert "答复期限" in html and "Answer due" in html
        assert "已答复" in html and "予以公开" in html
        assert "2026-03-12" in html

    def test_register_holds_no_personal_data(self, client: TestClient) -> None:
        html = get(client, "/requests").text
        assert_no_personal_data(html)
        assert "商业企业" in html  # an organisation's type is shown, a person's is not
        assert "natural-person" not in html

    def test_register_pages_follow_one_another_through_the_next_link(
        self, client: TestClient, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setattr(request_pages, "PAGE_SIZE", 1)
        first = get(client, "/requests").text
        link = re.search(r'rel="next" href="([^"]+)"', first)
        assert link is not None and "2026-0002" in first and "2026-0001" not in first
        second = get(client, link.group(1).replace("&amp;", "&")).text
        assert "2026-0001" in second and "2026-0002" not in second

    def test_register_filters_by_status(self, client: TestClient) -> None:
        html = get(client, "/requests?status=answered").text
        assert "2026-0001" in html and "2026-0002" not in html

    @pytest.mark.parametrize(
        "query", ["year=twenty", "year=99999", "status=lost", "cursor=abc", "year=%EF%BC%92"]
    )
    def test_odd_register_queries_get_a_400_page(self, client: TestClient, query: str) -> None:
        html = get(client, f"/requests?{query}", 400).text
        assert "请求有误" in html


class TestAnnualReports:
    def test_reports_page_lists_the_years_of_the_ledger(self, client: TestClient) -> None:
        html = get(client, "/reports").text
        assert "政府信息公开工作年度报告" in html and "Annual reports" in html
        assert 'href="/reports/2026"' in html

    def test_report_shows_tables_two_to_four_and_their_checkpoint(self, client: TestClient) -> None:
        html = get(client, "/reports/2026").text
        for title in [
            "主动公开政府信息情况",
            "收到和处理政府信息公开申请情况",
            "行政复议、行政诉讼情况",
        ]:
            assert title in html
        assert "一、本年新收政府信息公开申请数量" in html
        assert "三、本年度办理结果" in html
        report = client.get("/v1/reports/annual/2026").json()
        assert report["sha256"] in html
        assert f"账本前 {report['checkpoint']['tree_size']} 个条目" in html
        assert "项全部一致" in html

    def test_report_counts_the_requests_of_the_year(self, client: TestClient) -> None:
        html = get(client, "/reports/2026").text
        row = re.search(r"<td>一、本年新收政府信息公开申请数量</td>(.*?)</tr>", html, re.S)
        assert row is not None
        assert re.findall(r'<td class="n">(\S+)</td>', row.group(1)) == [
            "1", "1", "0", "0", "0", "0", "2"
        ]  # fmt: skip

    @pytest.mark.parametrize("year", ["1999", "2031", "abc", "２０２６", "2026/extra", "-1"])
    def test_odd_report_years_get_a_404_page(self, client: TestClient, year: str) -> None:
        html = get(client, f"/reports/{year}", 404).text
        assert "未找到" in html


PUBLIC_PAGES = [
    "/",
    "/catalogue",
    "/catalogue?status=withdrawn",
    "/requests",
    "/reports",
    "/reports/2026",
    "/verify",
]


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_no_public_page_shows_personal_data(client: TestClient, path: str) -> None:
    assert_no_personal_data(get(client, path).text)


def test_no_item_page_shows_personal_data(client: TestClient, office: Office) -> None:
    for item_id in office.items.values():
        assert_no_personal_data(get(client, f"/items/{item_id}").text)


class TestStaticFiles:
    @pytest.mark.parametrize(
        ("name", "media_type"), [("site.css", "text/css"), ("verify.js", "text/javascript")]
    )
    def test_static_files_are_served_with_their_type(
        self, client: TestClient, name: str, media_type: str
    ) -> None:
        response = client.get(f"/static/{name}")
        assert response.status_code == 200
        assert response.headers["content-type"].startswith(media_type)

    @pytest.mark.parametrize("name", ["nope.js", "..%2Fapp.py", "%2E%2E"])
    def test_unknown_static_files_get_a_404_page(self, client: TestClient, name: str) -> None:
        get(client, f"/static/{name}", 404)
