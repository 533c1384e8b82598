"""A synthetic disclosure office for the read-model benchmark: items and requests
written through the real aggregates (so every entry is one the read models must
handle), in varied but valid sequences, one simulated day per step."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from api.demo.reasons import reasons_of
from domain.aggregate import Actor, Aggregate
from domain.calendar.working_calendar import WorkingCalendar
from domain.disclosure_request.outcomes import OUTCOME_CODES
from domain.disclosure_request.request import DisclosureRequest
from domain.information_item.item import InformationItem
from domain.office.office import FIRST_ADMIN, Office
from ledger.ledger import Ledger, new_stream_id

STAFF = {
    "drafter": ["drafter"],
    "attribute": ["attribute_reviewer"],
    "secrecy": ["secrecy_reviewer"],
    "approver": ["approver"],
    "handler": ["request_handler"],
    "head": ["office_head", "request_handler"],
}
CATEGORIES = ("normative_documents", "licensing", "penalties", "budgets", "plans", "rules")
APPLICANTS = ("natural-person", "commercial", "research", "public-interest", "legal-services")
# outcomes an answer can give without a supplement, fee or consultation behind it
PLAIN_OUTCOMES = tuple(
    c
    for c in OUTCOME_CODES
    if c not in ("other.no_supplement", "other.unpaid_fee") and c != "unavailable.still_unclear"
)


def _sha(label: str) -> str:
    return hashlib.sha256(label.encode()).hexdigest()


@dataclass
class SyntheticOffice:
    office: Office
    calendar: WorkingCalendar
    start: datetime
    actors: dict[str, Actor] = field(default_factory=dict)
    written: int = 0

    @classmethod
    def open(cls, ledger: Ledger, start: datetime) -> SyntheticOffice:
        office = Office(ledger)
        office.initialise(
            "bench.gongkai.example/projections", "基准测试市人民政府办公室", "管理员", start
        )
        result = cls(office, office.calendar(), start)
        for name, roles in STAFF.items():
            officer = office.add_officer(FIRST_ADMIN, name, "政务公开科", roles, start)
            result.actors[name] = office.actor(officer)
        return result

    def _at(self, day: int, minute: int) -> datetime:
        return self.start + timedelta(days=day, minutes=minute)

    def _on(self, day: int) -> date:
        return (self.start + timedelta(days=day)).astimezone(UTC).date()

    def _save(self, aggregate: Aggregate, stream: str) -> None:
        self.written += len(self.office.repo.save(aggregate, stream))

    # --- items ---------------------------------------------------------------------------

    def publish_item(self, n: int) -> None:
        """Draft → attribute review → secrecy review → approve + publish; every 5th item
        then corrected and republished, every 7th withdrawn."""
        stream, a, content = new_stream_id(), self.actors, _sha(f"item {n}")
        item = InformationItem.draft(
            stream,
            a["drafter"],
            self._at(n, 1),
            title=f"关于第{n}号事项的通知",
            category=CATEGORIES[n % len(CATEGORIES)],
            doc_number=f"基政发〔2025〕{n}号",
            formed_on=self._on(n),
            content_sha256=content,
            attribute="proactive",
            attribute_basis="应当主动公开",
        )
        self._save(item, stream)
        item.review_attribute(a["attribute"], self._at(n, 2), attribute="proactive", basis="同意")
        self._save(item, stream)
        self._approve_and_publish(item, stream, n, content, 3)
        if n % 5 == 0:
            corrected = _sha(f"item {n} v2")
            item.correct(
                a["drafter"],
                self._at(n, 10),
                content_sha256=corrected,
                changed_on=self._on(n),
                reason="更正文字错误",
            )
            self._save(item, stream)
            self._approve_and_publish(item, stream, n, corrected, 11)
        if n % 7 == 0:
            item.withdraw(
                a["approver"],
                self._at(n, 20),
                reason="repealed_or_expired",
                legal_basis="已废止",
                withdrawn_on=self._on(n),
            )
            self._save(item, stream)

    def _approve_and_publish(
        self, item: InformationItem, stream: str, n: int, content: str, minute: int
    ) -> None:
        a = self.actors
        item.review_secrecy(
            a["secrecy"], self._at(n, minute), content_sha256=content, result="passed"
        )
        self._save(item, stream)
        item.approve(a["approver"], self._at(n, minute + 1), content_sha256=content)
        item.publish(
            a["approver"],
            self._at(n, minute + 2),
            content_sha256=content,
            channel="政府网站",
            url=f"https://bench.example.gov.cn/{n}.html",
            published_on=self._on(n),
            calendar=self.calendar,
        )
        self._save(item, stream)

    # --- requests ------------------------------------------------------------------------

    def answer_request(self, n: int) -> None:
        """Received and answered; every 4th extended first by the office head, every 9th
        reconsidered afterwards."""
        stream, a, day = new_stream_id(), self.actors, self._on(n)
        request = DisclosureRequest.receive(
            stream,
            a["handler"],
            self._at(n, 30),
            number=f"{day.year}-{n:06d}",
            channel="in-person",
            received_on=day,
            applicant={"name": f"申请人{n}"},
            applicant_type=APPLICANTS[n % len(APPLICANTS)],
            description="请求公开某项信息",
            requested_form="electronic",
            calendar=self.calendar,
        )
        self._save(request, stream)
        if n % 4 == 0:
            request.extend(
                a["head"],
                self._at(n, 31),
                on=day,
                days=10,
                reason="需要检索",
                calendar=self.calendar,
                notified_on=day,
                no_personal_data=True,
            )
            self._save(request, stream)
        outcome = PLAIN_OUTCOMES[n % len(PLAIN_OUTCOMES)]
        provides = outcome in ("disclosed", "partially_disclosed")
        request.answer(
            a["handler"],
            self._at(n, 32),
            answered_on=day,
            outcome=outcome,
            items=1 if provides else 0,
            content_sha256s=[_sha(f"answer {n}")] if provides else [],
            delivery_form="electronic",
            calendar=self.calendar,
            **reasons_of(outcome),
        )
        if n % 9 == 0:
            request.file_reconsideration(
                a["handler"], self._at(n, 33), on=day, calendar=self.calendar
            )
            request.decide_reconsideration(a["handler"], self._at(n, 34), on=day, result="upheld")
        self._save(request, stream)
