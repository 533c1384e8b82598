"""政府信息 — a government information item, from draft to proactive disclosure (主动公开).

先审查、后公开; 谁审查谁公开、谁公开谁负责; 一事一审. An item is drafted with the SHA-256
of its exact content and a proposed attribute; 属性审核 decides 主动公开 / 依申请公开 /
不予公开; 保密审查 (OGI Regulation Art. 17) passes one exact content hash; 发布审核
approves that same hash, never by its author; only then may that hash be published
(Art. 26: within 20 working days of formation or change). A correction creates a new
version that needs its own review and approval; a withdrawal ends the item; a 不予公开
decision is filed with its ground (Arts. 14–16); Art. 6 clarifications are published
on the item once their own text has passed secrecy review.
"""

from __future__ import annotations

from datetime import date, datetime

from domain.aggregate import Actor
from domain.calendar.working_calendar import WorkingCalendar
from domain.checks import (
    check_choice,
    check_date,
    check_not_before,
    check_optional_text,
    check_sha256,
    check_text,
)
from domain.errors import RuleViolation
from domain.information_item._state import ItemState
from domain.information_item.rules import (
    ATTRIBUTES,
    CATEGORIES,
    NON_DISCLOSURE_GROUNDS,
    PUBLISH_WITHIN_WORKING_DAYS,
    SECRECY_RESULTS,
    WITHDRAWAL_REASONS,
    Choice,
    check_title,
    check_url,
    secrecy_data,
    slugs,
)
from domain.information_item.versions import (
    Clarification,
    EntryRef,
    NonDisclosure,
    Version,
    Withdrawal,
)
from ledger.events import Sealed

__all__ = [
    "ATTRIBUTES",
    "CATEGORIES",
    "NON_DISCLOSURE_GROUNDS",
    "SECRECY_RESULTS",
    "WITHDRAWAL_REASONS",
    "Choice",
    "Clarification",
    "EntryRef",
    "InformationItem",
    "NonDisclosure",
    "Version",
    "Withdrawal",
]


class InformationItem(ItemState):
    """政府信息: the commands; state, read properties and guards are in ``ItemState``."""

    aggregate_type = "InformationItem"

    # --- commands (arguments after ``at`` are keyword-only) ---------------------------

    @classmethod
    def draft(
        cls,
        id: str,
        actor: Actor,
        at: datetime,
        *,
        title: str | Sealed,
        category: str,
        doc_number: str | None,
        formed_on: date,
        content_sha256: str,
        attribute: str,
        attribute_basis: str,
    ) -> InformationItem:
        actor.require("drafter")
        data = {
            "title": check_title(title),
            "category": check_choice(category, slugs(CATEGORIES), "INVALID_CATEGORY", "category"),
            "doc_number": check_optional_text(doc_number, "doc_number"),
            "formed_on": check_date(formed_on, "formed_on"),
            "content_sha256": check_sha256(content_sha256),
            "proposed_attribute": _check_attribute(attribute),
            "attribute_basis": check_text(attribute_basis, "attribute_basis"),
        }
        item = cls(id)
        item._record("Drafted", actor, at, **data)
        return item

    def review_attribute(self, actor: Actor, at: datetime, *, attribute: str, basis: str) -> None:
        actor.require("attribute_reviewer")
        self._check_open()
        if self._live is not None:
            raise RuleViolation("ALREADY_PUBLISHED", "the attribute of a published item is fixed")
        data = {"attribute": _check_attribute(attribute), "basis": check_text(basis, "basis")}
        self._record("AttributeReviewed", actor, at, **data)

    def review_secrecy(
        self,
        actor: Actor,
        at: datetime,
        *,
        content_sha256: str,
        result: str,
        legal_basis: str | None = None,
        redacted_sha256: str | None = None,
    ) -> None:
        actor.require("secrecy_reviewer")
        self._check_open()
        data = secrecy_data("version", content_sha256, result, legal_basis, redacted_sha256)
        if self._check_current(content_sha256).secrecy is not None:
            raise _already_reviewed(content_sha256)
        self._record("SecrecyReviewed", actor, at, **data)

    def review_clarification_secrecy(
        self,
        actor: Actor,
        at: datetime,
        *,
        content_sha256: str,
        result: str,
        legal_basis: str | None = None,
        redacted_sha256: str | None = None,
    ) -> None:
        actor.require("secrecy_reviewer")
        self._check_open()
        data = secrecy_data("clarification", content_sha256, result, legal_basis, redacted_sha256)
        review = self._clarification_reviews.get(content_sha256)
        if review is not None and review.result is not None:
            raise _already_reviewed(content_sha256)
        self._record("SecrecyReviewed", actor, at, **data)

    def approve(self, actor: Actor, at: datetime, *, content_sha256: str) -> None:
        actor.require("approver")
        self._check_open()
        self._check_attribute_reviewed()
        version = self._check_current(check_sha256(content_sha256))
        _check_secrecy_passed(version)
        if actor.officer_id in version.authors:
            raise RuleViolation(
                "SELF_APPROVAL",
                "the author of a version cannot approve it",
                officer=actor.officer_id,
                content_sha256=content_sha256,
            )
        if version.approved_by is not None:
            raise RuleViolation(
                "ALREADY_APPROVED", "this version is approved", approved_by=version.approved_by
            )
        self._record("Approved", actor, at, content_sha256=content_sha256)

    def publish(
        self,
        actor: Actor,
        at: datetime,
        *,
        content_sha256: str,
        channel: str,
        url: str | None,
        published_on: date,
        calendar: WorkingCalendar,
    ) -> None:
        actor.require("approver")
        self._check_open()
        data = {
            "content_sha256": check_sha256(content_sha256),
            "channel": check_text(channel, "channel"),
            "url": check_url(url),
            "published_on": check_date(published_on, "published_on"),
        }
        self._check_attribute_reviewed()
        if self._attribute != "proactive":
            raise RuleViolation(
                "NOT_PROACTIVE", "only 主动公开 items are published", attribute=self._attribute
            )
        version = self._check_current(content_sha256)
        if version.published_on is not None:
            raise RuleViolation("ALREADY_PUBLISHED", "this version is published")
        _check_secrecy_passed(version)
        if version.approved_by is None:
            raise RuleViolation("APPROVAL_MISSING", "this version is not approved")
        check_not_before(published_on, version.since, "published_on")
        due = calendar.add_working_days(version.since, PUBLISH_WITHIN_WORKING_DAYS)
        self._record(
            "Published",
            actor,
            at,
            **data,
            publish_by=due.due.isoformat(),
            publish_by_provisional=due.provisional,
            late=published_on > due.due,
        )

    def correct(
        self, actor: Actor, at: datetime, *, content_sha256: str, changed_on: date, reason: str
    ) -> None:
        actor.require("drafter")
        self._check_open()
        current = self._versions[-1]
        data = {
            "content_sha256": check_sha256(content_sha256),
            "previous_sha256": current.content_sha256,
            "changed_on": check_date(changed_on, "changed_on"),
            "reason": check_text(reason, "reason"),
        }
        if content_sha256 == current.content_sha256:
            raise RuleViolation("HASH_UNCHANGED", "a correction changes the content")
        check_not_before(changed_on, current.since, "changed_on")
        self._record("Corrected", actor, at, **data)

    def withdraw(
        self, actor: Actor, at: datetime, *, reason: str, legal_basis: str, withdrawn_on: date
    ) -> None:
        actor.require("approver")
        self._check_open()
        live = self._check_live()
        data = {
            "content_sha256": live.content_sha256,
            "reason": check_choice(reason, slugs(WITHDRAWAL_REASONS), "INVALID_REASON", "reason"),
            "legal_basis": check_text(legal_basis, "legal_basis"),
            "withdrawn_on": check_date(withdrawn_on, "withdrawn_on"),
        }
        if live.published_on is not None:  # always: a live version is published
            check_not_before(withdrawn_on, live.published_on, "withdrawn_on")
        self._record("Withdrawn", actor, at, **data)

    def file_non_disclosure(self, actor: Actor, at: datetime, *, ground: str, basis: str) -> None:
        actor.require("approver")
        self._check_open()
        self._check_attribute_reviewed()
        if self._attribute != "withheld":
            raise RuleViolation(
                "ATTRIBUTE_NOT_WITHHELD", "only 不予公开 items are filed", attribute=self._attribute
            )
        grounds = slugs(NON_DISCLOSURE_GROUNDS)
        data = {
            "content_sha256": self._versions[-1].content_sha256,
            "ground": check_choice(ground, grounds, "INVALID_GROUND", "ground"),
            "basis": check_text(basis, "basis"),
        }
        self._record("NonDisclosureFiled", actor, at, **data)

    def publish_clarification(
        self,
        actor: Actor,
        at: datetime,
        *,
        content_sha256: str,
        clarifies: str,
        channel: str,
        url: str | None,
        published_on: date,
    ) -> None:
        actor.require("approver")
        self._check_open()
        self._check_live()
        data = {
            "content_sha256": check_sha256(content_sha256),
            "clarifies": check_text(clarifies, "clarifies"),
            "channel": check_text(channel, "channel"),
            "url": check_url(url),
            "published_on": check_date(published_on, "published_on"),
        }
        review = self._clarification_reviews.get(content_sha256)
        if review is not None and review.result == "failed":
            raise RuleViolation("SECRECY_REVIEW_FAILED", "this clarification failed review")
        if review is None or review.result != "passed":
            raise RuleViolation(
                "HASH_NOT_REVIEWED",
                "this exact clarification has not passed secrecy review",
                content_sha256=content_sha256,
            )
        if any(c.content_sha256 == content_sha256 for c in self._clarifications):
            raise RuleViolation("ALREADY_PUBLISHED", "this clarification is published")
        self._record("ClarificationPublished", actor, at, **data)


def _check_attribute(attribute: object) -> str:
    return check_choice(attribute, slugs(ATTRIBUTES), "INVALID_ATTRIBUTE", "attribute")


def _check_secrecy_passed(version: Version) -> None:
    if version.secrecy is None:
        raise RuleViolation(
            "SECRECY_REVIEW_MISSING",
            "this exact content has not been through secrecy review",
            content_sha256=version.content_sha256,
        )
    if version.secrecy != "passed":
        raise RuleViolation(
            "SECRECY_REVIEW_FAILED",
            "this exact content did not pass secrecy review",
            content_sha256=version.content_sha256,
            result=version.secrecy,
        )


def _already_reviewed(content_sha256: str) -> RuleViolation:
    return RuleViolation(
        "SECRECY_ALREADY_REVIEWED",
        "this exact content has been through secrecy review (一事一审)",
        content_sha256=content_sha256,
    )
