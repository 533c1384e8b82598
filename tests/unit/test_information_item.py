"""政府信息: 先审查、后公开 — nothing is published that was not reviewed in that exact form."""

from __future__ import annotations

import dataclasses
import json
from datetime import date, datetime

import pytest

from domain.aggregate import Actor
from domain.calendar.working_calendar import WorkingCalendar
from domain.information_item.item import (
    ATTRIBUTES,
    CATEGORIES,
    NON_DISCLOSURE_GROUNDS,
    EntryRef,
    InformationItem,
)
from ledger.events import Sealed
from tests.support.factories import (
    APPROVER,
    ATTRIBUTE_REVIEWER,
    CONTENT,
    DRAFTER,
    FORMED_ON,
    PUBLISH_BY,
    SECRECY_REVIEWER,
    actor,
    approve,
    approved_item,
    at,
    attribute_reviewed_item,
    calendar_2026,
    drafted_item,
    expect_refused,
    item_state,
    pass_secrecy,
    publish,
    published_item,
    refusal,
    reviewed_item,
    sha,
)
from verify.roles import ANY, REQUIRED_ROLE

CORRECTED = sha("content v2")
REDACTED = sha("content v1, redacted")
CLARIFICATION = sha("clarification text")
DRAFTING_APPROVER = actor("dora", "drafter", "approver")


def draft(**overrides: object) -> InformationItem:
    fields: dict[str, object] = {
        "title": "关于印发某某办法的通知",
        "category": "normative_documents",
        "doc_number": None,
        "formed_on": FORMED_ON,
        "content_sha256": CONTENT,
        "attribute": "proactive",
        "attribute_basis": "涉及公众切身利益",
    }
    by = overrides.pop("by", DRAFTER)
    assert isinstance(by, Actor)
    return InformationItem.draft("item-1", by, at(), **{**fields, **overrides})  # type: ignore[arg-type]


def review_secrecy(item: InformationItem, content: str = CONTENT, **overrides: object) -> None:
    fields: dict[str, object] = {"content_sha256": content, "result": "passed"}
    by = overrides.pop("by", SECRECY_REVIEWER)
    assert isinstance(by, Actor)
    item.review_secrecy(by, at(2), **{**fields, **overrides})  # type: ignore[arg-type]


def publish_hash(
    item: InformationItem,
    content: str | None = None,
    *,
    published_on: date = date(2026, 2, 10),
    by: Actor = APPROVER,
    url: str | None = "https://www.example.gov.cn/zwgk/1.html",
    calendar: WorkingCalendar | None = None,
) -> None:
    item.publish(
        by,
        at(4),
        content_sha256=content or item.current_sha256 or "",
        channel="政府网站",
        url=url,
        published_on=published_on,
        calendar=calendar or calendar_2026(),
    )


def correct(item: InformationItem, content: str = CORRECTED, by: Actor = DRAFTER) -> None:
    item.correct(by, at(5), content_sha256=content, changed_on=date(2026, 3, 2), reason="数据有误")


def withdraw(item: InformationItem, **overrides: object) -> None:
    fields: dict[str, object] = {
        "reason": "repealed_or_expired",
        "legal_basis": "某政发〔2026〕9号废止",
        "withdrawn_on": date(2026, 4, 1),
    }
    item.withdraw(APPROVER, at(6), **{**fields, **overrides})  # type: ignore[arg-type]


def review_attribute(item: InformationItem, by: Actor, attribute: str) -> None:
    item.review_attribute(by, at(1), attribute=attribute, basis="x")


def file_non_disclosure(item: InformationItem, by: Actor, ground: str, basis: str) -> None:
    item.file_non_disclosure(by, at(3), ground=ground, basis=basis)


def withheld_item() -> InformationItem:
    item = attribute_reviewed_item("withheld")
    file_non_disclosure(item, APPROVER, "art16.process_information", "过程稿")
    item.collect()
    return item


def review_clarification(item: InformationItem, content: str = CLARIFICATION, **kw: object) -> None:
    fields: dict[str, object] = {"content_sha256": content, "result": "passed"}
    item.review_clarification_secrecy(SECRECY_REVIEWER, at(7), **{**fields, **kw})  # type: ignore[arg-type]


def publish_clarification(item: InformationItem, content: str = CLARIFICATION) -> None:
    item.publish_clarification(
        APPROVER,
        at(8),
        content_sha256=content,
        clarifies="网传该办法已废止的说法不实",
        channel="政府网站",
        url="https://www.example.gov.cn/zwgk/cq.html",
        published_on=date(2026, 2, 20),
    )


class TestDraft:
    def test_drafting_records_the_exact_content_hash_and_the_proposed_attribute(self) -> None:
        item = draft(doc_number="某政办发〔2026〕1号")

        [event] = item.collect()
        assert event.type == "InformationItem.Drafted"
        assert event.data == {
            "title": "关于印发某某办法的通知",
            "category": "normative_documents",
            "doc_number": "某政办发〔2026〕1号",
            "formed_on": "2026-02-06",
            "content_sha256": CONTENT,
            "proposed_attribute": "proactive",
            "attribute_basis": "涉及公众切身利益",
        }

    def test_a_drafted_item_is_a_draft_whose_current_version_is_the_drafted_content(self) -> None:
        item = draft()

        assert (item.status, item.current_sha256, item.drafter) == ("draft", CONTENT, "dana")
        assert (item.attribute, item.proposed_attribute, item.formed_on) == (
            None,
            "proactive",
            FORMED_ON,
        )
        [version] = item.versions
        assert (version.origin, version.since, version.secrecy) == ("drafted", FORMED_ON, None)

    def test_drafting_needs_the_drafter_role(self) -> None:
        assert refusal(lambda: draft(by=APPROVER)) == "ROLE_REQUIRED"

    def test_drafting_refuses_an_unknown_category(self) -> None:
        assert refusal(lambda: draft(category="gossip")) == "INVALID_CATEGORY"

    @pytest.mark.parametrize("bad", ["", "abc", CONTENT.upper(), CONTENT + "0", CONTENT[:-1] + "g"])
    def test_drafting_refuses_anything_but_64_lowercase_hex_characters(self, bad: str) -> None:
        assert refusal(lambda: draft(content_sha256=bad)) == "INVALID_HASH"

    def test_drafting_refuses_an_unknown_attribute(self) -> None:
        assert refusal(lambda: draft(attribute="secret")) == "INVALID_ATTRIBUTE"

    def test_drafting_refuses_a_blank_title(self) -> None:
        assert refusal(lambda: draft(title=" ")) == "FIELD_REQUIRED"

    def test_drafting_refuses_a_datetime_as_formation_date(self) -> None:
        assert refusal(lambda: draft(formed_on=datetime(2026, 2, 6))) == "INVALID_DATE"

    def test_a_sealed_title_is_handed_to_the_ledger_sealed_and_never_read(self) -> None:
        item = draft(title=Sealed("涉密事项的标题"))

        [event] = item.collect()
        assert event.data["title"] == Sealed("涉密事项的标题")
        assert (item.title, item.title_sealed) == (None, True)

    def test_the_catalogue_categories_have_unique_slugs_and_chinese_labels(self) -> None:
        assert len({c.slug for c in CATEGORIES}) == len(CATEGORIES) == 13
        assert [c.label for c in CATEGORIES][:2] == ["规章", "行政规范性文件"]
        assert [a.label for a in ATTRIBUTES] == ["主动公开", "依申请公开", "不予公开"]


class TestReviewAttribute:
    def test_attribute_review_records_the_agreed_attribute_and_basis(self) -> None:
        item = drafted_item()

        item.review_attribute(ATTRIBUTE_REVIEWER, at(1), attribute="on_request", basis="依申请")

        [event] = item.collect()
        assert event.type == "InformationItem.AttributeReviewed"
        assert event.data == {"attribute": "on_request", "basis": "依申请"}
        assert item.attribute == "on_request"

    def test_attribute_review_needs_the_attribute_reviewer_role(self) -> None:
        item = drafted_item()
        expect_refused(
            item,
            "ROLE_REQUIRED",
            lambda: review_attribute(item, DRAFTER, "proactive"),
        )

    def test_attribute_review_refuses_an_unknown_attribute(self) -> None:
        item = drafted_item()
        expect_refused(
            item,
            "INVALID_ATTRIBUTE",
            lambda: review_attribute(item, ATTRIBUTE_REVIEWER, "x"),
        )

    def test_the_attribute_of_a_published_item_cannot_be_reviewed_again(self) -> None:
        item = published_item()
        expect_refused(
            item,
            "ALREADY_PUBLISHED",
            lambda: item.review_attribute(
                ATTRIBUTE_REVIEWER, at(9), attribute="withheld", basis="x"
            ),
        )

    def test_an_item_that_was_never_drafted_cannot_be_reviewed(self) -> None:
        item = InformationItem("item-1")
        expect_refused(
            item,
            "ITEM_NOT_FOUND",
            lambda: item.review_attribute(
                ATTRIBUTE_REVIEWER, at(), attribute="proactive", basis="x"
            ),
        )


class TestReviewSecrecy:
    def test_secrecy_review_records_its_result_for_one_exact_hash(self) -> None:
        item = drafted_item()

        review_secrecy(item)

        [event] = item.collect()
        assert event.type == "InformationItem.SecrecyReviewed"
        assert event.data == {
            "subject": "version",
            "content_sha256": CONTENT,
            "result": "passed",
            "legal_basis": None,
            "redacted_sha256": None,
        }
        assert (item.versions[-1].secrecy, item.versions[-1].secrecy_reviewer) == ("passed", "sam")

    def test_secrecy_review_needs_the_secrecy_reviewer_role(self) -> None:
        item = drafted_item()
        expect_refused(item, "ROLE_REQUIRED", lambda: review_secrecy(item, by=APPROVER))

    def test_secrecy_review_refuses_a_hash_other_than_the_current_version(self) -> None:
        item = drafted_item()
        expect_refused(item, "HASH_NOT_CURRENT", lambda: review_secrecy(item, sha("other")))

    def test_secrecy_review_refuses_an_unknown_result(self) -> None:
        item = drafted_item()
        expect_refused(item, "INVALID_SECRECY_RESULT", lambda: review_secrecy(item, result="ok"))

    def test_a_failed_secrecy_review_states_its_legal_basis(self) -> None:
        item = drafted_item()
        expect_refused(item, "FIELD_REQUIRED", lambda: review_secrecy(item, result="failed"))

    def test_the_same_version_is_not_reviewed_twice(self) -> None:
        item = drafted_item()
        review_secrecy(item, result="failed", legal_basis="《保守国家秘密法》第九条")
        item.collect()

        expect_refused(item, "SECRECY_ALREADY_REVIEWED", lambda: review_secrecy(item))

    def test_a_pass_with_redactions_names_the_redacted_hash(self) -> None:
        item = drafted_item()
        expect_refused(
            item,
            "REDACTED_HASH_REQUIRED",
            lambda: review_secrecy(
                item, result="passed_with_redactions", legal_basis="删除个人信息"
            ),
        )

    def test_a_plain_pass_names_no_redacted_hash(self) -> None:
        item = drafted_item()
        expect_refused(
            item, "REDACTED_HASH_UNEXPECTED", lambda: review_secrecy(item, redacted_sha256=REDACTED)
        )

    def test_the_redacted_hash_differs_from_the_reviewed_one(self) -> None:
        item = drafted_item()
        expect_refused(
            item,
            "HASH_UNCHANGED",
            lambda: review_secrecy(
                item, result="passed_with_redactions", legal_basis="x", redacted_sha256=CONTENT
            ),
        )

    def test_a_redaction_makes_the_redacted_content_the_current_version(self) -> None:
        item = attribute_reviewed_item()

        redact(item)

        original, redacted = item.versions
        assert original.secrecy == "passed_with_redactions"
        assert (redacted.content_sha256, redacted.origin, redacted.since) == (
            REDACTED,
            "redacted",
            FORMED_ON,
        )
        assert (redacted.secrecy, redacted.redacted_by, item.current_sha256) == (
            None,
            "sam",
            REDACTED,
        )

    def test_a_redacted_version_needs_its_own_secrecy_review_before_approval(self) -> None:
        item = attribute_reviewed_item()
        redact(item)
        expect_refused(
            item,
            "SECRECY_REVIEW_MISSING",
            lambda: item.approve(APPROVER, at(3), content_sha256=REDACTED),
        )

    def test_the_officer_who_redacted_a_version_cannot_approve_it(self) -> None:
        redactor = actor("sam", "secrecy_reviewer", "approver")
        item = attribute_reviewed_item()
        redact(item, by=redactor)
        pass_secrecy(item)
        expect_refused(
            item, "SELF_APPROVAL", lambda: item.approve(redactor, at(3), content_sha256=REDACTED)
        )

    def test_an_item_whose_version_passed_and_whose_attribute_was_reviewed_is_reviewed(
        self,
    ) -> None:
        assert reviewed_item().status == "reviewed"


def redact(item: InformationItem, by: Actor = SECRECY_REVIEWER) -> None:
    review_secrecy(
        item,
        result="passed_with_redactions",
        legal_basis="删除第三方个人信息（第十五条）",
        redacted_sha256=REDACTED,
        by=by,
    )
    item.collect()


class TestApprove:
    def test_approval_records_the_exact_hash_approved(self) -> None:
        item = reviewed_item()

        item.approve(APPROVER, at(3), content_sha256=CONTENT)

        [event] = item.collect()
        assert (event.type, event.data) == ("InformationItem.Approved", {"content_sha256": CONTENT})
        assert (item.status, item.versions[-1].approved_by) == ("approved", "paul")

    def test_approval_needs_the_approver_role(self) -> None:
        item = reviewed_item()
        expect_refused(
            item, "ROLE_REQUIRED", lambda: item.approve(DRAFTER, at(3), content_sha256=CONTENT)
        )

    def test_approval_is_refused_before_the_attribute_review(self) -> None:
        item = drafted_item()
        review_secrecy(item)
        item.collect()
        expect_refused(
            item,
            "ATTRIBUTE_REVIEW_MISSING",
            lambda: item.approve(APPROVER, at(3), content_sha256=CONTENT),
        )

    def test_approval_is_refused_before_the_secrecy_review(self) -> None:
        item = attribute_reviewed_item()
        expect_refused(
            item,
            "SECRECY_REVIEW_MISSING",
            lambda: item.approve(APPROVER, at(3), content_sha256=CONTENT),
        )

    def test_approval_is_refused_after_a_failed_secrecy_review(self) -> None:
        item = attribute_reviewed_item()
        review_secrecy(item, result="failed", legal_basis="涉及国家秘密")
        item.collect()
        expect_refused(
            item,
            "SECRECY_REVIEW_FAILED",
            lambda: item.approve(APPROVER, at(3), content_sha256=CONTENT),
        )

    def test_approval_is_refused_for_a_hash_other_than_the_current_version(self) -> None:
        item = reviewed_item()
        expect_refused(
            item,
            "HASH_NOT_CURRENT",
            lambda: item.approve(APPROVER, at(3), content_sha256=sha("other")),
        )

    def test_approval_refuses_a_malformed_hash(self) -> None:
        item = reviewed_item()
        expect_refused(
            item, "INVALID_HASH", lambda: item.approve(APPROVER, at(3), content_sha256="abc")
        )

    def test_the_drafter_of_a_version_cannot_approve_it_even_holding_the_approver_role(
        self,
    ) -> None:
        item = reviewed_item(drafter=DRAFTING_APPROVER)
        expect_refused(
            item,
            "SELF_APPROVAL",
            lambda: item.approve(DRAFTING_APPROVER, at(3), content_sha256=CONTENT),
        )

    def test_the_officer_who_corrected_a_version_cannot_approve_the_correction(self) -> None:
        item = published_item()
        correct(item, by=DRAFTING_APPROVER)
        pass_secrecy(item)
        expect_refused(
            item,
            "SELF_APPROVAL",
            lambda: item.approve(DRAFTING_APPROVER, at(6), content_sha256=CORRECTED),
        )

    def test_the_first_drafter_may_approve_a_correction_drafted_by_someone_else(self) -> None:
        item = published_item(drafter=DRAFTING_APPROVER)
        correct(item, by=DRAFTER)
        pass_secrecy(item)

        item.approve(DRAFTING_APPROVER, at(6), content_sha256=CORRECTED)

        assert item.versions[-1].approved_by == "dora"

    def test_a_version_is_approved_once(self) -> None:
        item = approved_item()
        expect_refused(
            item,
            "ALREADY_APPROVED",
            lambda: item.approve(actor("olga", "approver"), at(4), content_sha256=CONTENT),
        )


class TestPublish:
    def test_publication_records_channel_url_and_the_art_26_deadline(self) -> None:
        item = approved_item()

        publish_hash(item, CONTENT)

        [event] = item.collect()
        assert event.type == "InformationItem.Published"
        assert event.data == {
            "content_sha256": CONTENT,
            "channel": "政府网站",
            "url": "https://www.example.gov.cn/zwgk/1.html",
            "published_on": "2026-02-10",
            "publish_by": "2026-03-12",
            "publish_by_provisional": False,
            "late": False,
        }

    def test_a_published_version_shows_its_dates_and_the_entries_behind_it(self) -> None:
        item = published_item()

        [version] = item.versions
        assert (item.status, item.published_sha256) == ("published", CONTENT)
        assert (version.published_on, version.publish_by, version.late) == (
            date(2026, 2, 10),
            PUBLISH_BY,
            False,
        )
        assert [e.event for e in version.entries] == [
            "Drafted",
            "SecrecyReviewed",
            "Approved",
            "Published",
        ]

    def test_publication_after_twenty_working_days_is_marked_late(self) -> None:
        item = approved_item()

        publish_hash(item, published_on=date(2026, 3, 13))

        assert item.collect()[0].data["late"] is True
        assert item.versions[-1].late is True

    def test_publication_on_the_last_working_day_is_not_late(self) -> None:
        item = approved_item()
        publish_hash(item, published_on=PUBLISH_BY)
        assert item.versions[-1].late is False

    def test_a_deadline_reaching_into_an_unrecorded_year_is_provisional(self) -> None:
        item = drafted_item(formed_on=date(2026, 12, 15))
        item.review_attribute(ATTRIBUTE_REVIEWER, at(1), attribute="proactive", basis="同意")
        pass_secrecy(item)
        approve(item)

        publish_hash(item, published_on=date(2026, 12, 20))

        data = item.collect()[0].data
        # 元旦 (Friday 1 January) is a statutory holiday known before the 2027 notice
        assert (data["publish_by"], data["publish_by_provisional"]) == ("2027-01-13", True)

    def test_publication_needs_the_approver_role(self) -> None:
        item = approved_item()
        expect_refused(item, "ROLE_REQUIRED", lambda: publish_hash(item, by=actor("x", "drafter")))

    def test_publish_is_refused_when_content_changed_after_review(self) -> None:
        item = approved_item()
        correct(item)
        item.collect()
        expect_refused(item, "HASH_NOT_CURRENT", lambda: publish_hash(item, CONTENT))

    def test_a_correction_needs_a_fresh_secrecy_review_before_publication(self) -> None:
        item = approved_item()
        correct(item)
        item.collect()
        expect_refused(item, "SECRECY_REVIEW_MISSING", lambda: publish_hash(item, CORRECTED))

    def test_a_correction_needs_a_fresh_approval_before_publication(self) -> None:
        item = approved_item()
        correct(item)
        pass_secrecy(item)
        expect_refused(item, "APPROVAL_MISSING", lambda: publish_hash(item, CORRECTED))

    def test_publication_is_refused_without_approval(self) -> None:
        item = reviewed_item()
        expect_refused(item, "APPROVAL_MISSING", lambda: publish_hash(item))

    def test_publication_is_refused_without_secrecy_review(self) -> None:
        item = attribute_reviewed_item()
        expect_refused(item, "SECRECY_REVIEW_MISSING", lambda: publish_hash(item))

    def test_publication_is_refused_after_a_failed_secrecy_review(self) -> None:
        item = attribute_reviewed_item()
        review_secrecy(item, result="failed", legal_basis="涉密")
        item.collect()
        expect_refused(item, "SECRECY_REVIEW_FAILED", lambda: publish_hash(item))

    def test_publication_is_refused_before_the_attribute_review(self) -> None:
        item = drafted_item()
        expect_refused(item, "ATTRIBUTE_REVIEW_MISSING", lambda: publish_hash(item))

    def test_only_proactive_items_are_published(self) -> None:
        item = attribute_reviewed_item("on_request")
        pass_secrecy(item)
        approve(item)
        expect_refused(item, "NOT_PROACTIVE", lambda: publish_hash(item))

    def test_the_original_of_a_redacted_version_cannot_be_published(self) -> None:
        item = attribute_reviewed_item()
        redact(item)
        pass_secrecy(item)
        approve(item)
        expect_refused(item, "HASH_NOT_CURRENT", lambda: publish_hash(item, CONTENT))

    def test_the_redacted_version_is_published_once_reviewed_and_approved(self) -> None:
        item = attribute_reviewed_item()
        redact(item)
        pass_secrecy(item)
        approve(item)

        publish_hash(item, REDACTED)

        assert (item.published_sha256, item.versions[-1].publish_by) == (REDACTED, PUBLISH_BY)

    def test_a_version_is_published_once(self) -> None:
        item = published_item()
        expect_refused(item, "ALREADY_PUBLISHED", lambda: publish_hash(item))

    def test_publication_refuses_a_hash_never_drafted(self) -> None:
        item = approved_item()
        expect_refused(item, "HASH_NOT_CURRENT", lambda: publish_hash(item, sha("forged")))

    def test_publication_cannot_predate_the_formation_of_the_information(self) -> None:
        item = approved_item()
        expect_refused(
            item, "INVALID_DATE", lambda: publish_hash(item, published_on=date(2026, 2, 5))
        )

    def test_publication_refuses_a_url_that_is_not_http(self) -> None:
        item = approved_item()
        expect_refused(item, "INVALID_URL", lambda: publish_hash(item, url="ftp://x/1"))

    def test_publication_in_print_needs_no_url(self) -> None:
        item = approved_item()
        publish_hash(item, url=None)
        assert item.collect()[0].data["url"] is None

    def test_a_republished_correction_counts_its_deadline_from_the_correction_date(self) -> None:
        item = published_item()
        correct(item)
        pass_secrecy(item)
        approve(item)

        publish_hash(item, CORRECTED, published_on=date(2026, 3, 3))

        old, new = item.versions
        assert (old.published_on, new.published_on) == (date(2026, 2, 10), date(2026, 3, 3))
        assert new.publish_by == date(2026, 3, 30)  # 20 working days after Mon 2 March
        assert item.published_sha256 == CORRECTED


class TestCorrect:
    def test_a_correction_records_the_new_and_previous_hash_date_and_reason(self) -> None:
        item = published_item()

        correct(item)

        [event] = item.collect()
        assert event.type == "InformationItem.Corrected"
        assert event.data == {
            "content_sha256": CORRECTED,
            "previous_sha256": CONTENT,
            "changed_on": "2026-03-02",
            "reason": "数据有误",
        }

    def test_a_correction_keeps_the_old_version_which_stays_public_until_republished(self) -> None:
        item = published_item()

        correct(item)

        assert [v.content_sha256 for v in item.versions] == [CONTENT, CORRECTED]
        assert (item.current_sha256, item.published_sha256) == (CORRECTED, CONTENT)
        assert (item.status, item.drafter) == ("published", "dana")

    def test_a_correction_needs_the_drafter_role(self) -> None:
        item = published_item()
        expect_refused(item, "ROLE_REQUIRED", lambda: correct(item, by=APPROVER))

    def test_a_correction_changes_the_content(self) -> None:
        item = published_item()
        expect_refused(item, "HASH_UNCHANGED", lambda: correct(item, CONTENT))

    def test_a_correction_cannot_predate_the_version_it_corrects(self) -> None:
        item = published_item()
        expect_refused(
            item,
            "INVALID_DATE",
            lambda: item.correct(
                DRAFTER, at(5), content_sha256=CORRECTED, changed_on=date(2026, 2, 1), reason="x"
            ),
        )


class TestWithdraw:
    def test_withdrawal_records_the_withdrawn_hash_reason_basis_and_date(self) -> None:
        item = published_item()

        withdraw(item)

        [event] = item.collect()
        assert event.type == "InformationItem.Withdrawn"
        assert event.data == {
            "content_sha256": CONTENT,
            "reason": "repealed_or_expired",
            "legal_basis": "某政发〔2026〕9号废止",
            "withdrawn_on": "2026-04-01",
        }

    def test_a_withdrawn_item_has_no_public_version_but_keeps_its_history(self) -> None:
        item = published_item()

        withdraw(item)

        assert (item.status, item.published_sha256) == ("withdrawn", None)
        assert item.versions[-1].withdrawn_on == date(2026, 4, 1)
        assert item.versions[-1].published_on == date(2026, 2, 10)

    def test_withdrawal_needs_the_approver_role(self) -> None:
        item = published_item()
        expect_refused(
            item,
            "ROLE_REQUIRED",
            lambda: item.withdraw(
                DRAFTER, at(6), reason="error", legal_basis="x", withdrawn_on=date(2026, 4, 1)
            ),
        )

    def test_an_unpublished_item_cannot_be_withdrawn(self) -> None:
        item = approved_item()
        expect_refused(item, "NOT_PUBLISHED", lambda: withdraw(item))

    def test_an_item_is_withdrawn_once(self) -> None:
        item = published_item()
        withdraw(item)
        item.collect()
        expect_refused(item, "ALREADY_WITHDRAWN", lambda: withdraw(item))

    def test_withdrawal_refuses_an_unknown_reason(self) -> None:
        item = published_item()
        expect_refused(item, "INVALID_REASON", lambda: withdraw(item, reason="boredom"))

    def test_withdrawal_states_its_legal_basis(self) -> None:
        item = published_item()
        expect_refused(item, "FIELD_REQUIRED", lambda: withdraw(item, legal_basis=""))

    def test_withdrawal_cannot_predate_publication(self) -> None:
        item = published_item()
        expect_refused(item, "INVALID_DATE", lambda: withdraw(item, withdrawn_on=date(2026, 2, 9)))

    def test_a_withdrawn_item_is_not_corrected_or_published_again(self) -> None:
        item = published_item()
        withdraw(item, reason="error")
        item.collect()
        expect_refused(item, "ALREADY_WITHDRAWN", lambda: correct(item))
        expect_refused(item, "ALREADY_WITHDRAWN", lambda: publish_hash(item, CONTENT))


class TestFileNonDisclosure:
    def test_non_disclosure_is_filed_with_its_ground_and_basis(self) -> None:
        item = attribute_reviewed_item("withheld")

        item.file_non_disclosure(APPROVER, at(3), ground="art14.state_secret", basis="经定密")

        [event] = item.collect()
        assert event.type == "InformationItem.NonDisclosureFiled"
        assert event.data == {
            "content_sha256": CONTENT,
            "ground": "art14.state_secret",
            "basis": "经定密",
        }
        assert item.status == "withheld"
        assert item.non_disclosure is not None
        assert item.non_disclosure.ground == "art14.state_secret"

    def test_filing_needs_the_approver_role(self) -> None:
        item = attribute_reviewed_item("withheld")
        expect_refused(
            item,
            "ROLE_REQUIRED",
            lambda: item.file_non_disclosure(
                DRAFTER, at(3), ground="art14.state_secret", basis="x"
            ),
        )

    def test_filing_is_refused_before_the_attribute_review(self) -> None:
        item = drafted_item(attribute="withheld")
        expect_refused(
            item,
            "ATTRIBUTE_REVIEW_MISSING",
            lambda: item.file_non_disclosure(
                APPROVER, at(3), ground="art14.state_secret", basis="x"
            ),
        )

    def test_only_an_item_reviewed_as_withheld_is_filed(self) -> None:
        item = attribute_reviewed_item("on_request")
        expect_refused(
            item,
            "ATTRIBUTE_NOT_WITHHELD",
            lambda: item.file_non_disclosure(
                APPROVER, at(3), ground="art14.state_secret", basis="x"
            ),
        )

    def test_filing_refuses_a_ground_outside_articles_14_to_16(self) -> None:
        item = attribute_reviewed_item("withheld")
        expect_refused(
            item,
            "INVALID_GROUND",
            lambda: item.file_non_disclosure(
                APPROVER, at(3), ground="art99.inconvenient", basis="x"
            ),
        )

    def test_filing_states_its_legal_basis(self) -> None:
        item = attribute_reviewed_item("withheld")
        expect_refused(
            item,
            "FIELD_REQUIRED",
            lambda: item.file_non_disclosure(
                APPROVER, at(3), ground="art14.state_secret", basis=""
            ),
        )

    def test_a_filed_item_accepts_no_further_commands(self) -> None:
        item = withheld_item()
        expect_refused(item, "ITEM_WITHHELD", lambda: correct(item))
        expect_refused(
            item,
            "ITEM_WITHHELD",
            lambda: item.file_non_disclosure(
                APPROVER, at(4), ground="art14.state_secret", basis="x"
            ),
        )

    def test_the_grounds_are_those_of_articles_14_15_and_16(self) -> None:
        prefixes = {ground.slug.split(".")[0] for ground in NON_DISCLOSURE_GROUNDS}
        assert prefixes == {"art14", "art15", "art16"}
        assert len(NON_DISCLOSURE_GROUNDS) == 7


class TestClarification:
    def test_a_clarification_whose_text_passed_review_is_published_on_the_item(self) -> None:
        item = published_item()
        review_clarification(item)

        publish_clarification(item)

        review, published = item.collect()
        assert review.data["subject"] == "clarification"
        assert published.type == "InformationItem.ClarificationPublished"
        assert published.data == {
            "content_sha256": CLARIFICATION,
            "clarifies": "网传该办法已废止的说法不实",
            "channel": "政府网站",
            "url": "https://www.example.gov.cn/zwgk/cq.html",
            "published_on": "2026-02-20",
        }
        [clarification] = item.clarifications
        assert [e.event for e in clarification.entries] == [
            "SecrecyReviewed",
            "ClarificationPublished",
        ]

    def test_publishing_a_clarification_needs_the_approver_role(self) -> None:
        item = published_item()
        review_clarification(item)
        item.collect()
        expect_refused(
            item,
            "ROLE_REQUIRED",
            lambda: item.publish_clarification(
                DRAFTER,
                at(8),
                content_sha256=CLARIFICATION,
                clarifies="x",
                channel="政府网站",
                url=None,
                published_on=date(2026, 2, 20),
            ),
        )

    def test_a_clarification_is_published_only_on_a_published_item(self) -> None:
        item = approved_item()
        review_clarification(item)
        item.collect()
        expect_refused(item, "NOT_PUBLISHED", lambda: publish_clarification(item))

    def test_a_clarification_whose_text_was_not_reviewed_is_refused(self) -> None:
        item = published_item()
        expect_refused(item, "HASH_NOT_REVIEWED", lambda: publish_clarification(item))

    def test_the_secrecy_review_of_a_version_does_not_clear_a_clarification(self) -> None:
        item = published_item()
        expect_refused(item, "HASH_NOT_REVIEWED", lambda: publish_clarification(item, CONTENT))

    def test_a_clarification_whose_text_failed_review_is_refused(self) -> None:
        item = published_item()
        review_clarification(item, result="failed", legal_basis="涉密")
        item.collect()
        expect_refused(item, "SECRECY_REVIEW_FAILED", lambda: publish_clarification(item))

    def test_only_the_reviewed_redaction_of_a_clarification_is_published(self) -> None:
        item = published_item()
        redacted = sha("clarification, redacted")
        review_clarification(
            item, result="passed_with_redactions", legal_basis="删减", redacted_sha256=redacted
        )
        item.collect()
        expect_refused(item, "HASH_NOT_REVIEWED", lambda: publish_clarification(item))
        expect_refused(item, "HASH_NOT_REVIEWED", lambda: publish_clarification(item, redacted))

        review_clarification(item, redacted)
        publish_clarification(item, redacted)

        assert [c.content_sha256 for c in item.clarifications] == [redacted]

    def test_a_clarification_text_is_reviewed_once(self) -> None:
        item = published_item()
        review_clarification(item)
        item.collect()
        expect_refused(item, "SECRECY_ALREADY_REVIEWED", lambda: review_clarification(item))

    def test_a_clarification_is_published_once(self) -> None:
        item = published_item()
        review_clarification(item)
        publish_clarification(item)
        item.collect()
        expect_refused(item, "ALREADY_PUBLISHED", lambda: publish_clarification(item))


def full_lifecycle() -> InformationItem:
    item = published_item()
    review_clarification(item)
    publish_clarification(item)
    correct(item)
    redact_current = sha("content v2, redacted")
    review_secrecy(
        item,
        CORRECTED,
        result="passed_with_redactions",
        legal_basis="删减",
        redacted_sha256=redact_current,
    )
    pass_secrecy(item)
    approve(item)
    publish(item, date(2026, 3, 3))
    withdraw(item, reason="secrecy")
    return item


class TestHistory:
    def test_replaying_the_history_rebuilds_the_same_item(self) -> None:
        item = full_lifecycle()

        replayed = InformationItem.replay(item.id, item.history)

        assert item_state(replayed) == item_state(item)

    def test_versions_carry_the_leaf_hashes_of_the_recorded_entries_behind_them(self) -> None:
        item = published_item()
        recorded = [dataclasses.replace(e, leaf_hash=sha(f"leaf {e.seq}")) for e in item.history]

        replayed = InformationItem.replay(item.id, recorded)

        assert replayed.versions[0].entries[-1] == EntryRef("Published", 5, sha("leaf 5"))
        assert replayed.versions[0].leaf_hashes == tuple(sha(f"leaf {n}") for n in (1, 3, 4, 5))

    def test_event_data_are_plain_json_values_with_no_floats(self) -> None:
        item = full_lifecycle()
        for event in item.history:
            assert json.loads(json.dumps(event.data)) == event.data
            assert not any(isinstance(v, float) for v in event.data.values())

    def test_each_command_requires_exactly_the_role_the_verifier_expects(self) -> None:
        # every officer in the lifecycle holds one role, so the role a command accepted
        # is the one the verifier's table demands for the event it recorded
        held = {a.officer_id: a.roles for a in (DRAFTER, ATTRIBUTE_REVIEWER, SECRECY_REVIEWER)}
        held[APPROVER.officer_id] = APPROVER.roles
        for event in full_lifecycle().history:
            assert REQUIRED_ROLE[event.type] in held[event.actor] | {ANY}, event.type
