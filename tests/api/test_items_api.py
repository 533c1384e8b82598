"""Officer item commands and the public catalogue over HTTP, on SQLite and PostgreSQL."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from api.http.app import create_app
from api.services import Services
from ledger.errors import ConcurrencyError
from ledger.export import export
from projections import catalogue_queries
from verify.export import verify_export
from verify.note import verify_checkpoint
from verify.proofs import check_inclusion

ORIGIN = "api.gongkai.local/gongkai"
T0 = datetime(2026, 3, 2, 1, 30, tzinfo=UTC)
FORMED_ON = date(2026, 3, 2)
ROLES = {
    "drafter": ["drafter"],
    "attribute_reviewer": ["attribute_reviewer"],
    "secrecy_reviewer": ["secrecy_reviewer"],
    "approver": ["approver"],
    "drafting_approver": ["drafter", "approver"],
}


@dataclass
class Desk:
    """The disclosure office over HTTP: one officer and token per role."""

    client: TestClient
    services: Services
    officers: dict[str, str]
    tokens: dict[str, str]

    def post(self, path: str, role: str | None, body: Any = None, **kw: Any) -> httpx.Response:
        headers = {"Authorization": f"Bearer {self.tokens[role]}"} if role else {}
        response: httpx.Response = self.client.post(path, json=body, headers=headers, **kw)
        return response

    def upload(self, text: str, role: str = "drafter") -> str:
        headers = {"Authorization": f"Bearer {self.tokens[role]}"}
        response = self.client.post("/v1/content", content=text.encode(), headers=headers)
        assert response.status_code == 201, response.text
        return str(response.json()["sha256"])

    def draft(self, text: str = "通知正文", role: str = "drafter", **fields: Any) -> dict[str, Any]:
        body = {
            "title": "关于印发《示范市政府信息公开工作规定》的通知",
            "category": "normative_documents",
            "doc_number": "示政办发〔2026〕3号",
            "formed_on": FORMED_ON.isoformat(),
            "attribute": "proactive",
            "attribute_basis": "涉及公众切身利益，应当主动公开",
            "content_sha256": self.upload(text, role),
        } | fields
        response = self.post("/v1/items", role, body)
        assert response.status_code == 201, response.text
        return dict(response.json())

    def command(self, item_id: str, verb: str, role: str, **body: Any) -> dict[str, Any]:
        response = self.post(f"/v1/items/{item_id}/{verb}", role, body)
        assert response.status_code == 200, response.text
        return dict(response.json())

    def approved(self, text: str = "通知正文", **fields: Any) -> tuple[str, str]:
        item = self.draft(text, **fields)
        item_id, sha = item["item_id"], item["current_sha256"]
        attribute = fields.get("attribute", "proactive")
        self.command(
            item_id, "attribute-review", "attribute_reviewer", attribute=attribute, basis="同意"
        )
        self.command(
            item_id, "secrecy-review", "secrecy_reviewer", content_sha256=sha, result="passed"
        )
        self.command(item_id, "approve", "approver", content_sha256=sha)
        return item_id, sha

    def published(
        self, text: str = "通知正文", published_on: date = date(2026, 3, 4), **fields: Any
    ) -> tuple[str, str]:
        item_id, sha = self.approved(text, **fields)
        self.command(
            item_id,
            "publish",
            "approver",
            content_sha256=sha,
            channel="政府网站",
            url="https://www.example.gov.cn/zwgk/1.html",
            published_on=published_on.isoformat(),
        )
        return item_id, sha


@pytest.fixture
def services(database_url: str, tmp_path: Path) -> Iterator[Services]:
    opened = Services.open(tmp_path / "data", database_url)
    opened.office.initialise(ORIGIN, "示范市人民政府办公室", "管理员", T0)
    yield opened
    opened.close()


@pytest.fixture
def desk(services: Services) -> Desk:
    admin, now = "officer-0001", datetime.now(UTC)
    officers = {
        role: services.office.add_officer(admin, f"officer {role}", "政务公开科", roles, T0)
        for role, roles in ROLES.items()
    }
    tokens = {role: services.tokens.issue(o, 1, now) for role, o in officers.items()}
    client = TestClient(create_app(services, background=False))
    return Desk(client, services, officers, tokens)


def problem(response: httpx.Response, status: int) -> str:
    """The problem+json code of a refused request, checking its status and media type."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    return str(response.json()["code"])


class TestPublishFlow:
    def test_a_reviewed_and_approved_item_is_published_in_the_catalogue(self, desk: Desk) -> None:
        item_id, sha = desk.published()

        page = desk.client.get("/v1/catalogue").json()
        [row] = page["items"]
        assert (row["item_id"], row["sha256"], row["status"]) == (item_id, sha, "published")
        assert (row["publish_by"], row["late"]) == ("2026-03-30", False)
        assert row["category_label"] == "行政规范性文件"

    def test_the_catalogue_entry_cites_every_entry_behind_the_version(self, desk: Desk) -> None:
        item_id, _ = desk.published()

        detail = desk.client.get(f"/v1/catalogue/{item_id}").json()
        [version] = detail["versions"]
        officer_view = desk.client.get(
            f"/v1/items/{item_id}", headers={"Authorization": f"Bearer {desk.tokens['drafter']}"}
        ).json()
        stream_leaves = [e["leaf_hash"] for e in officer_view["versions"][0]["entries"]]
        cited = [e["leaf_hash"] for e in version["entries"]]
        assert len(cited) == 5  # drafted, attribute and secrecy reviews, approved, published
        assert set(stream_leaves) <= set(cited)

    def test_every_cited_entry_has_an_inclusion_proof_in_the_signed_checkpoint(
        self, desk: Desk
    ) -> None:
        item_id, _ = desk.published()
        vkey = desk.services.ledger.vkey()
        checkpoint = verify_checkpoint(desk.client.get("/v1/checkpoint").text, vkey)

        for cited in desk.client.get(f"/v1/catalogue/{item_id}").json()["versions"][0]["entries"]:
            proof = desk.client.get(cited["proof"]).json()
            check_inclusion(checkpoint, proof, bytes.fromhex(cited["leaf_hash"]))

    def test_a_publication_after_twenty_working_days_is_marked_late_and_counted(
        self, desk: Desk
    ) -> None:
        desk.published(published_on=date(2026, 4, 8))

        [row] = desk.client.get("/v1/catalogue").json()["items"]
        summary = desk.client.get("/v1/catalogue/summary").json()
        assert row["late"] is True
        assert summary["late_publications"] == 1

    def test_a_draft_is_not_in_the_public_catalogue(self, desk: Desk) -> None:
        item_id = desk.draft()["item_id"]

        assert desk.client.get("/v1/catalogue").json()["items"] == []
        assert problem(desk.client.get(f"/v1/catalogue/{item_id}"), 404) == "ITEM_NOT_FOUND"

    def test_a_correction_is_published_as_a_second_version_after_fresh_review(
        self, desk: Desk
    ) -> None:
        item_id, _ = desk.published()
        new = desk.upload("更正后的通知正文")
        desk.command(
            item_id,
            "correct",
            "drafter",
            content_sha256=new,
            changed_on="2026-03-05",
            reason="附件有误",
        )
        desk.command(
            item_id, "secrecy-review", "secrecy_reviewer", content_sha256=new, result="passed"
        )
        desk.command(item_id, "approve", "approver", content_sha256=new)
        desk.command(
            item_id,
            "publish",
            "approver",
            content_sha256=new,
            channel="政府网站",
            published_on="2026-03-06",
        )

        detail = desk.client.get(f"/v1/catalogue/{item_id}").json()
        assert [v["origin"] for v in detail["versions"]] == ["drafted", "corrected"]
        assert detail["item"]["sha256"] == new

    def test_a_correction_under_review_is_not_shown_publicly(self, desk: Desk) -> None:
        item_id, sha = desk.published()
        new = desk.upload("更正稿")
        desk.command(
            item_id,
            "correct",
            "drafter",
            content_sha256=new,
            changed_on="2026-03-05",
            reason="附件有误",
        )

        detail = desk.client.get(f"/v1/catalogue/{item_id}").json()
        assert [v["sha256"] for v in detail["versions"]] == [sha]
        assert problem(desk.client.get(f"/v1/content/{new}"), 404) == "CONTENT_NOT_FOUND"


class TestRefusals:
    def test_a_command_without_a_token_is_unauthenticated(self, desk: Desk) -> None:
        response = desk.post("/v1/items", None, {"title": "x"})

        assert problem(response, 401) == "UNAUTHENTICATED"
        assert response.headers["www-authenticate"] == "Bearer"

    def test_an_unknown_token_is_refused(self, desk: Desk) -> None:
        response = desk.client.post(
            "/v1/items/x/approve", json={}, headers={"Authorization": "Bearer gk_forged"}
        )

        assert problem(response, 401) == "TOKEN_INVALID"

    def test_a_drafter_cannot_approve(self, desk: Desk) -> None:
        item_id = desk.draft()["item_id"]

        response = desk.post(
            f"/v1/items/{item_id}/approve", "drafter", {"content_sha256": "0" * 64}
        )

        assert problem(response, 403) == "ROLE_REQUIRED"

    def test_the_role_is_checked_before_the_body(self, desk: Desk) -> None:
        item_id = desk.draft()["item_id"]

        response = desk.post(f"/v1/items/{item_id}/publish", "secrecy_reviewer", {})

        assert problem(response, 403) == "ROLE_REQUIRED"

    def test_publishing_before_secrecy_review_is_refused(self, desk: Desk) -> None:
        item = desk.draft()
        desk.command(
            item["item_id"],
            "attribute-review",
            "attribute_reviewer",
            attribute="proactive",
            basis="同意",
        )

        response = desk.post(
            f"/v1/items/{item['item_id']}/approve",
            "approver",
            {"content_sha256": item["current_sha256"]},
        )

        assert problem(response, 422) == "SECRECY_REVIEW_MISSING"

    def test_publishing_an_unapproved_version_is_refused(self, desk: Desk) -> None:
        item = desk.draft()
        item_id, sha = item["item_id"], item["current_sha256"]
        desk.command(
            item_id, "attribute-review", "attribute_reviewer", attribute="proactive", basis="同意"
        )
        desk.command(
            item_id, "secrecy-review", "secrecy_reviewer", content_sha256=sha, result="passed"
        )

        response = desk.post(
            f"/v1/items/{item_id}/publish",
            "approver",
            {"content_sha256": sha, "channel": "政府网站", "published_on": "2026-03-04"},
        )

        assert problem(response, 422) == "APPROVAL_MISSING"

    def test_self_approval_is_refused_and_recorded_on_the_officers_stream(self, desk: Desk) -> None:
        item = desk.draft(role="drafting_approver")
        item_id, sha = item["item_id"], item["current_sha256"]
        desk.command(
            item_id, "attribute-review", "attribute_reviewer", attribute="proactive", basis="同意"
        )
        desk.command(
            item_id, "secrecy-review", "secrecy_reviewer", content_sha256=sha, result="passed"
        )

        response = desk.post(
            f"/v1/items/{item_id}/approve", "drafting_approver", {"content_sha256": sha}
        )

        assert problem(response, 422) == "SELF_APPROVAL"
        officer = desk.services.office.officer(desk.officers["drafting_approver"])
        [refused] = officer.refused_attempts
        assert (refused.code, refused.stream) == ("SELF_APPROVAL", item_id)

    def test_an_unknown_category_is_refused_with_its_code(self, desk: Desk) -> None:
        response = desk.post(
            "/v1/items",
            "drafter",
            {
                "title": "t",
                "category": "gossip",
                "doc_number": None,
                "formed_on": "2026-03-02",
                "attribute": "proactive",
                "attribute_basis": "b",
                "content_sha256": desk.upload("x"),
            },
        )

        assert problem(response, 422) == "INVALID_CATEGORY"

    def test_citing_a_hash_that_was_never_uploaded_is_refused(self, desk: Desk) -> None:
        response = desk.post(
            "/v1/items",
            "drafter",
            {
                "title": "t",
                "category": "budgets",
                "doc_number": None,
                "formed_on": "2026-03-02",
                "attribute": "proactive",
                "attribute_basis": "b",
                "content_sha256": "ab" * 32,
            },
        )

        assert problem(response, 422) == "CONTENT_NOT_STORED"

    def test_a_malformed_body_is_a_validation_problem(self, desk: Desk) -> None:
        response = desk.post("/v1/items", "drafter", {"title": "t", "formed_on": "tomorrow"})

        assert problem(response, 422) == "VALIDATION_FAILED"

    def test_a_nul_character_in_a_text_field_is_refused(self, desk: Desk) -> None:
        response = desk.post(
            "/v1/items",
            "drafter",
            {"title": "含\u0000空字符", "category": "budgets", "formed_on": "2026-03-02",
             "attribute": "proactive", "attribute_basis": "b", "content_sha256": desk.upload("x")},
        )  # fmt: skip

        assert problem(response, 422) == "VALIDATION_FAILED"

    def test_an_entry_holding_a_nul_character_does_not_stop_the_catalogue(self, desk: Desk) -> None:
        services = desk.services
        item = services.items.draft(
            desk.officers["drafter"], T0, title="含\u0000空字符", category="budgets",
            doc_number=None, formed_on=FORMED_ON, attribute="proactive", attribute_basis="b",
            content=b"nul",
        )  # fmt: skip

        services.settle()

        with services.ledger.backend.transaction() as cur:
            row = catalogue_queries.item(cur, item.id, public=False)
        assert row is not None and row.title == "含\ufffd空字符"

    def test_an_unknown_item_is_not_found(self, desk: Desk) -> None:
        response = desk.post(
            "/v1/items/00000000-0000-4000-8000-000000000000/approve",
            "approver",
            {"content_sha256": "0" * 64},
        )

        assert problem(response, 404) == "ITEM_NOT_FOUND"

    def test_withdrawing_an_unpublished_item_is_refused(self, desk: Desk) -> None:
        item_id = desk.draft()["item_id"]

        response = desk.post(
            f"/v1/items/{item_id}/withdraw",
            "approver",
            {"reason": "error", "legal_basis": "内容有误", "withdrawn_on": "2026-03-05"},
        )

        assert problem(response, 422) == "NOT_PUBLISHED"

    def test_a_stale_expected_version_is_a_conflict(self, desk: Desk) -> None:
        item = desk.draft()
        desk.command(
            item["item_id"],
            "attribute-review",
            "attribute_reviewer",
            attribute="proactive",
            basis="同意",
        )

        response = desk.post(
            f"/v1/items/{item['item_id']}/secrecy-review",
            "secrecy_reviewer",
            {
                "content_sha256": item["current_sha256"],
                "result": "passed",
                "expected_version": item["version"],
            },
        )

        assert problem(response, 409) == "CONCURRENT_APPEND"

    def test_drafting_under_an_existing_item_id_is_a_conflict(self, desk: Desk) -> None:
        first = desk.draft()

        response = desk.post(
            "/v1/items",
            "drafter",
            {
                "title": "t",
                "category": "budgets",
                "formed_on": "2026-03-02",
                "attribute": "proactive",
                "attribute_basis": "b",
                "content_sha256": first["current_sha256"],
                "item_id": first["item_id"],
            },
        )

        assert problem(response, 409) == "CONCURRENT_APPEND"

    def test_two_saves_of_one_stale_item_conflict(self, desk: Desk) -> None:
        item = desk.draft()
        items, office = desk.services.items, desk.services.office
        first, second = items.get(item["item_id"]), items.get(item["item_id"])
        reviewer = office.actor(desk.officers["attribute_reviewer"])
        first.review_attribute(reviewer, T0, attribute="proactive", basis="同意")
        second.review_attribute(reviewer, T0, attribute="on_request", basis="仅依申请")
        office.repo.save(first, first.id)

        with pytest.raises(ConcurrencyError):
            office.repo.save(second, second.id)


class TestContent:
    def test_published_bytes_are_served_with_their_hash_as_etag(self, desk: Desk) -> None:
        _, sha = desk.published("示范市财政预算公开说明")

        response = desk.client.get(f"/v1/content/{sha}")

        assert response.status_code == 200
        assert response.content == "示范市财政预算公开说明".encode()
        assert response.headers["etag"] == f'"{sha}"'
        assert "immutable" in response.headers["cache-control"]

    def test_the_bytes_of_a_draft_are_not_public(self, desk: Desk) -> None:
        sha = desk.draft("尚未发布的草稿")["current_sha256"]

        assert problem(desk.client.get(f"/v1/content/{sha}"), 404) == "CONTENT_NOT_FOUND"

    def test_a_withdrawal_for_secrecy_makes_the_bytes_gone_but_keeps_the_history(
        self, desk: Desk
    ) -> None:
        item_id, sha = desk.published("含有敏感信息的文件")
        desk.command(
            item_id,
            "withdraw",
            "approver",
            reason="secrecy",
            legal_basis="《保守国家秘密法》第三十条",
            withdrawn_on="2026-03-05",
        )

        gone = desk.client.get(f"/v1/content/{sha}")
        register = desk.client.get("/v1/catalogue/withdrawals").json()["withdrawals"]
        detail = desk.client.get(f"/v1/catalogue/{item_id}").json()
        assert problem(gone, 410) == "CONTENT_WITHDRAWN"
        assert gone.json()["withdrawal_leaf_hash"] == register[0]["entry"]["leaf_hash"]
        assert detail["versions"][0]["sha256"] == sha
        assert detail["item"]["status"] == "withdrawn"

    def test_a_withdrawal_as_repealed_keeps_the_bytes_public(self, desk: Desk) -> None:
        item_id, sha = desk.published("已废止的规定")
        desk.command(
            item_id,
            "withdraw",
            "approver",
            reason="repealed_or_expired",
            legal_basis="示政发〔2026〕9号废止",
            withdrawn_on="2026-03-05",
        )

        assert desk.client.get(f"/v1/content/{sha}").status_code == 200

    def test_an_upload_needs_a_role_that_writes_documents(self, desk: Desk) -> None:
        response = desk.client.post(
            "/v1/content",
            content=b"x",
            headers={"Authorization": f"Bearer {desk.tokens['attribute_reviewer']}"},
        )

        assert problem(response, 403) == "ROLE_REQUIRED"

    def test_an_oversized_upload_is_refused(
        self, desk: Desk, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setattr("api.http.routes.catalogue.MAX_UPLOAD_BYTES", 10)

        response = desk.client.post(
            "/v1/content",
            content=b"x" * 11,
            headers={"Authorization": f"Bearer {desk.tokens['drafter']}"},
        )

        assert problem(response, 413) == "TOO_LARGE"


class TestRegisters:
    def test_a_non_disclosure_filing_shows_its_ground_but_not_the_item(self, desk: Desk) -> None:
        item = desk.draft("内部讨论记录", attribute="withheld", title="关于某项目的内部讨论记录")
        desk.command(
            item["item_id"],
            "attribute-review",
            "attribute_reviewer",
            attribute="withheld",
            basis="过程性信息",
        )
        desk.command(
            item["item_id"],
            "non-disclosure",
            "approver",
            ground="art16.process_information",
            basis="条例第十六条第二款",
        )

        [row] = desk.client.get("/v1/catalogue/non-disclosures").json()["non_disclosures"]
        assert (row["item_id"], row["ground"]) == (item["item_id"], "art16.process_information")
        assert "title" not in row and "关于某项目" not in str(row)
        assert desk.client.get(f"/v1/catalogue/{item['item_id']}").status_code == 404

    def test_a_clarification_is_published_on_the_item_after_its_own_review(
        self, desk: Desk
    ) -> None:
        item_id, _ = desk.published()
        text = desk.upload("关于网传信息的澄清说明", role="approver")
        desk.command(
            item_id,
            "secrecy-review",
            "secrecy_reviewer",
            content_sha256=text,
            result="passed",
            subject="clarification",
        )
        desk.command(
            item_id,
            "clarify",
            "approver",
            content_sha256=text,
            clarifies="网传“停止受理”不实",
            channel="政府网站",
            published_on="2026-03-06",
        )

        [clarification] = desk.client.get(f"/v1/catalogue/{item_id}").json()["clarifications"]
        assert clarification["sha256"] == text
        assert desk.client.get(clarification["content"]).status_code == 200


class TestCataloguePages:
    def test_pages_follow_a_stable_cursor_through_every_item(self, desk: Desk) -> None:
        published = {
            desk.published(f"文件 {n}", doc_number=f"示政办发〔2026〕{n}号")[0] for n in range(5)
        }

        seen: list[str] = []
        url: str | None = "/v1/catalogue?limit=2"
        while url:
            page = desk.client.get(url).json()
            seen.extend(row["item_id"] for row in page["items"])
            url = page["next"]
        assert len(seen) == 5 and set(seen) == published

    def test_the_catalogue_filters_by_category_and_searches_doc_numbers(self, desk: Desk) -> None:
        budget, _ = desk.published("预算", category="budgets", doc_number="示财预〔2026〕1号")
        desk.published("许可", category="licensing", doc_number="示市监许〔2026〕7号")

        by_category = desk.client.get("/v1/catalogue?category=budgets").json()["items"]
        by_search = desk.client.get("/v1/catalogue", params={"q": "财预"}).json()["items"]
        assert [r["item_id"] for r in by_category] == [budget]
        assert [r["item_id"] for r in by_search] == [budget]

    def test_a_cursor_that_is_not_a_log_index_is_refused(self, desk: Desk) -> None:
        response = desk.client.get("/v1/catalogue", params={"cursor": "9" * 40})

        assert problem(response, 422) == "VALIDATION_FAILED"

    def test_a_search_for_a_percent_sign_matches_it_literally(self, desk: Desk) -> None:
        desk.published("x", doc_number="示政办发〔2026〕1号")

        assert desk.client.get("/v1/catalogue", params={"q": "%"}).json()["items"] == []


def test_the_history_of_an_item_verifies_from_an_export(desk: Desk, tmp_path: Path) -> None:
    item_id, _ = desk.published()
    path = tmp_path / "ledger.jsonl"
    export(desk.services.ledger, path)

    report = verify_export(path, desk.services.ledger.vkey())

    lines = path.read_bytes().splitlines()[1 : 1 + report.entries]
    exported = {hashlib.sha256(b"\x00" + line).hexdigest() for line in lines}
    detail = desk.client.get(f"/v1/catalogue/{item_id}").json()
    cited = {e["leaf_hash"] for e in detail["versions"][0]["entries"]}
    assert cited <= exported
