"""先审查、后公开 under random commands by random officers.

Officers hold overlapping roles (some drafters are also approvers) and name hashes from a
small pool, so that corrections back to an earlier text, redactions, self-approvals and
stale hashes all occur. Whatever happens, every publication in the history must have been
reviewed and approved in that exact form, after the latest correction, by someone other
than its drafter; a refused command must record nothing; and a replay must rebuild the
same item.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta

from hypothesis import event as observe
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from domain.errors import DomainError
from domain.information_item.item import (
    ATTRIBUTES,
    NON_DISCLOSURE_GROUNDS,
    WITHDRAWAL_REASONS,
    InformationItem,
)
from ledger.events import Recorded
from tests.support.factories import actor, at, calendar_2026, item_state, sha
from verify.roles import ANY, REQUIRED_ROLE

OFFICERS = {
    officer.officer_id: officer
    for officer in (
        actor("ann", "drafter", "approver"),
        actor("bo", "drafter", "attribute_reviewer", "secrecy_reviewer", "approver"),
        actor("cy", "secrecy_reviewer", "approver"),
        actor("di", "attribute_reviewer", "secrecy_reviewer"),
        actor("ed", "drafter"),
    )
}
HASHES = [sha(f"text {n}") for n in range(4)]
BASE = date(2026, 1, 5)
CALENDAR = calendar_2026()


def officers(role: str) -> st.SearchStrategy[str]:
    """Any officer, but half the time one holding ``role``, so that commands get through."""
    holders = sorted(o.officer_id for o in OFFICERS.values() if role in o.roles)
    return st.one_of(st.sampled_from(holders), st.sampled_from(sorted(OFFICERS)))


drafters = st.sampled_from(["ann", "bo", "ed"])
# None stands for "the item's current hash": the interesting, often accepted, choice
hashes = st.sampled_from([None, None, None, *HASHES])
# days after the current version's formation or change; a few are before it
days = st.integers(min_value=-3, max_value=60)
results = st.sampled_from(["passed", "passed", "passed", "failed", "passed_with_redactions"])
attributes = st.sampled_from([a.slug for a in ATTRIBUTES] + ["proactive"])


class InformationItemMachine(RuleBasedStateMachine):
    item: InformationItem
    minutes: int

    @initialize(by=drafters, content=st.sampled_from(HASHES), attribute=attributes)
    def draft(self, by: str, content: str, attribute: str) -> None:
        self.minutes = 0
        self.item = InformationItem.draft(
            "item-1",
            OFFICERS[by],
            at(),
            title="某某通知",
            category="statistics",
            doc_number=None,
            formed_on=BASE,
            content_sha256=content,
            attribute=attribute,
            attribute_basis="依据",
        )

    # --- commands -------------------------------------------------------------------

    @rule(by=officers("attribute_reviewer"), attribute=attributes)
    def review_attribute(self, by: str, attribute: str) -> None:
        self._attempt(
            lambda: self.item.review_attribute(
                OFFICERS[by], self._at(), attribute=attribute, basis="依据"
            )
        )

    @rule(
        by=officers("secrecy_reviewer"),
        content=hashes,
        result=results,
        redacted=st.sampled_from(HASHES),
    )
    def review_secrecy(self, by: str, content: str | None, result: str, redacted: str) -> None:
        self._attempt(
            lambda: self.item.review_secrecy(
                OFFICERS[by],
                self._at(),
                content_sha256=self._hash(content),
                result=result,
                legal_basis=None if result == "passed" else "《保守国家秘密法》",
                redacted_sha256=redacted if result == "passed_with_redactions" else None,
            )
        )

    @rule(by=officers("approver"), content=hashes)
    def approve(self, by: str, content: str | None) -> None:
        self._attempt(
            lambda: self.item.approve(OFFICERS[by], self._at(), content_sha256=self._hash(content))
        )

    @rule(by=officers("approver"), content=hashes, day=days)
    def publish(self, by: str, content: str | None, day: int) -> None:
        self._attempt(
            lambda: self.item.publish(
                OFFICERS[by],
                self._at(),
                content_sha256=self._hash(content),
                channel="政府网站",
                url="https://www.example.gov.cn/1.html",
                published_on=self._day(day),
                calendar=CALENDAR,
            )
        )

    @rule(by=officers("drafter"), content=st.sampled_from(HASHES), day=days)
    def correct(self, by: str, content: str, day: int) -> None:
        self._attempt(
            lambda: self.item.correct(
                OFFICERS[by],
                self._at(),
                content_sha256=content,
                changed_on=self._day(day),
                reason="更正",
            )
        )

    @rule(
        by=officers("approver"),
        reason=st.sampled_from([r.slug for r in WITHDRAWAL_REASONS]),
        day=days,
    )
    def withdraw(self, by: str, reason: str, day: int) -> None:
        self._attempt(
            lambda: self.item.withdraw(
                OFFICERS[by],
                self._at(),
                reason=reason,
                legal_basis="依据",
                withdrawn_on=self._day(day),
            )
        )

    @rule(by=officers("approver"), ground=st.sampled_from([g.slug for g in NON_DISCLOSURE_GROUNDS]))
    def file_non_disclosure(self, by: str, ground: str) -> None:
        self._attempt(
            lambda: self.item.file_non_disclosure(
                OFFICERS[by], self._at(), ground=ground, basis="依据"
            )
        )

    @rule(by=officers("secrecy_reviewer"), content=st.sampled_from(HASHES), result=results)
    def review_clarification(self, by: str, content: str, result: str) -> None:
        self._attempt(
            lambda: self.item.review_clarification_secrecy(
                OFFICERS[by],
                self._at(),
                content_sha256=content,
                result=result,
                legal_basis=None if result == "passed" else "依据",
                redacted_sha256=sha(content) if result == "passed_with_redactions" else None,
            )
        )

    @rule(by=officers("approver"), content=st.sampled_from(HASHES))
    def publish_clarification(self, by: str, content: str) -> None:
        self._attempt(
            lambda: self.item.publish_clarification(
                OFFICERS[by],
                self._at(),
                content_sha256=content,
                clarifies="网传信息不实",
                channel="政府网站",
                url=None,
                published_on=BASE + timedelta(days=30),
            )
        )

    @rule(by=st.sampled_from(sorted(OFFICERS)), day=days)
    def advance(self, by: str, day: int) -> None:
        """The next step of the workflow, by anyone: reaches publication in a few steps."""
        version = self.item.versions[-1]
        if self.item.attribute is None:
            self.review_attribute(by, "proactive")
        elif version.secrecy is None:
            self.review_secrecy(by, None, "passed", HASHES[0])
        elif version.approved_by is None:
            self.approve(by, None)
        else:
            self.publish(by, None, day)

    # --- invariants -----------------------------------------------------------------

    @invariant()
    def every_publication_was_reviewed_and_approved_in_that_exact_form(self) -> None:
        history = self.item.history
        for index, event in enumerate(history):
            if event.name == "Published":
                check_publication(history, index)

    @invariant()
    def replaying_the_history_yields_the_same_item(self) -> None:
        replayed = InformationItem.replay(self.item.id, self.item.history)
        assert item_state(replayed) == item_state(self.item)

    @invariant()
    def every_event_was_recorded_by_an_officer_holding_the_role_it_needs(self) -> None:
        for event in self.item.history:
            assert REQUIRED_ROLE[event.type] in OFFICERS[event.actor].roles | {ANY}

    @invariant()
    def pending_events_are_exactly_the_recorded_history(self) -> None:
        assert [e.type for e in self.item.pending] == [e.type for e in self.item.history]

    def teardown(self) -> None:
        published = any(e.name == "Published" for e in self.item.history)
        observe(f"published at least once: {published}")

    # --- helpers --------------------------------------------------------------------

    def _hash(self, content: str | None) -> str:
        current = self.item.current_sha256
        assert current is not None
        return current if content is None else content

    def _day(self, offset: int) -> date:
        return self.item.versions[-1].since + timedelta(days=offset)

    def _at(self) -> datetime:
        self.minutes += 1
        return at(self.minutes)

    def _attempt(self, command: Callable[[], None]) -> None:
        before = (self.item.version, list(self.item.history), list(self.item.pending))
        try:
            command()
        except DomainError as refused:
            assert refused.code != "DOMAIN_ERROR"
            after = (self.item.version, self.item.history, self.item.pending)
            assert after == before, f"{refused.code} recorded something"
        else:
            assert self.item.version == before[0] + 1
            observe(self.item.history[-1].name)


def check_publication(history: Sequence[Recorded], index: int) -> None:
    """An oracle written from the rule, independent of the aggregate's own state."""
    published = history[index]
    content = published.data["content_sha256"]
    start = max(i for i in range(index) if history[i].name in ("Drafted", "Corrected"))
    drafter = history[start].actor
    window = list(enumerate(history))[start + 1 : index]
    passes = [
        i
        for i, e in window
        if e.name == "SecrecyReviewed"
        and e.data["subject"] == "version"
        and e.data["content_sha256"] == content
        and e.data["result"] == "passed"
    ]
    assert passes, f"published {content[:8]} without a passing secrecy review"
    approvals = [
        e
        for i, e in window
        if i > passes[0]
        and e.name == "Approved"
        and e.data["content_sha256"] == content
        and e.actor != drafter
    ]
    assert approvals, f"published {content[:8]} without approval by someone else"
    attributes = [e.data["attribute"] for e in history[:index] if e.name == "AttributeReviewed"]
    assert attributes and attributes[-1] == "proactive"


InformationItemMachine.TestCase.settings = settings(max_examples=200, stateful_step_count=50)
TestInformationItemStateMachine = InformationItemMachine.TestCase
