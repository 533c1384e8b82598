"""A disclosure office driven through the real aggregates into a real ledger, for the
inspection, accountability and annual-report tests: steps are scheduled on business
dates and run in date order, each recorded at 10:00 China Standard Time of its date
(unless a test back-fills one)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from api.demo.reasons import reasons_of
from api.services import Services
from api.tokens import TokenStore
from domain.aggregate import Aggregate
from domain.disclosure_request.request import DisclosureRequest
from domain.information_item.item import InformationItem
from domain.office.office import FIRST_ADMIN, Office
from ledger.content import ContentStore
from ledger.ledger import Ledger, new_stream_id
from projections.accountability import Accountability
from projections.report_inputs import ReportInputs
from projections.runner import ProjectionRunner
from tests.support.factories import sha

ORIGIN = "inspect.gongkai.local/gongkai"
T0 = datetime(2025, 1, 2, 1, 0, tzinfo=UTC)
CALENDAR_COMMANDS = frozenset(
    {
        "confirm_receipt",
        "request_supplement",
        "supplemented",
        "end_consultation",
        "extend",
        "notice_fee",
        "fee_paid",
        "answer",
        "file_reconsideration",
        "file_lawsuit",
        "publish",
    }
)
STAFF = {
    "handler": ("周丽", "政务公开科", ["request_handler"]),
    "handler2": ("吴刚", "政务公开科", ["request_handler"]),
    "head": ("徐婷", "政务公开科", ["office_head", "request_handler"]),
    "drafter": ("李明", "政务公开科", ["drafter"]),
    "attribute": ("刘洋", "政务公开科", ["attribute_reviewer"]),
    "secrecy": ("陈静", "保密办", ["secrecy_reviewer"]),
    "approver": ("赵敏", "办公室", ["approver", "drafter"]),
    "inspector": ("孙杰", "纪检监察组", ["inspector"]),
}


def cst_morning(day: date, minutes: int = 0) -> datetime:
    """10:00 China Standard Time on ``day`` (02:00 UTC), plus ``minutes``."""
    return datetime(day.year, day.month, day.day, 2, 0, tzinfo=UTC) + timedelta(minutes=minutes)


@dataclass
class Scenario:
    ledger: Ledger
    office: Office
    officers: dict[str, str] = field(default_factory=dict)
    streams: dict[str, str] = field(default_factory=dict)
    _serials: dict[int, int] = field(default_factory=dict)
    _steps: list[tuple[date, int, Callable[[], None]]] = field(default_factory=list)

    @classmethod
    def open(cls, ledger: Ledger) -> Scenario:
        office = Office(ledger)
        office.initialise(ORIGIN, "示范市人民政府办公室", "管理员", T0)
        scenario = cls(ledger, office)
        for role, (name, unit, roles) in STAFF.items():
            scenario.officers[role] = office.add_officer(FIRST_ADMIN, name, unit, roles, T0)
        return scenario

    # --- scheduling ----------------------------------------------------------------------

    def on(self, day: date, action: Callable[[], None]) -> None:
        self._steps.append((day, len(self._steps), action))

    def run(self) -> None:
        for _, _, action in sorted(self._steps, key=lambda s: (s[0], s[1])):
            action()
        self._steps.clear()
        self.ledger.integrate()

    def command(
        self,
        kind: type[Aggregate],
        label: str,
        role: str,
        day: date,
        verb: str,
        at: datetime | None = None,
        **args: Any,
    ) -> None:
        """Schedule ``verb`` on the aggregate ``label`` by the officer of ``role``."""

        def act() -> None:
            stream = self.streams[label]
            aggregate = self.office.repo.load(kind, stream, stream)
            actor = self.office.actor(self.officers[role])
            extra = {"calendar": self.office.calendar()} if verb in CALENDAR_COMMANDS else {}
            getattr(aggregate, verb)(actor, at or cst_morning(day, 5), **args, **extra)
            self.office.repo.save(aggregate, stream)

        self.on(day, act)

    # --- requests ------------------------------------------------------------------------

    def receive(
        self,
        label: str,
        applicant_type: str,
        received_on: date,
        *,
        channel: str = "in-person",
        role: str = "handler",
        at: datetime | None = None,
    ) -> None:
        self.streams[label] = new_stream_id()
        serial = self._serials[received_on.year] = self._serials.get(received_on.year, 0) + 1
        number = f"{received_on.year}-{serial:04d}"  # the register's YYYY-NNNN form

        def act() -> None:
            stream = self.streams[label]
            request = DisclosureRequest.receive(
                stream,
                self.office.actor(self.officers[role]),
                at or cst_morning(received_on),
                number=number,
                channel=channel,
                received_on=received_on,
                applicant={"name": f"申请人{label}"},
                applicant_type=applicant_type,
                description="请求公开某项政府信息",
                requested_form="electronic",
                calendar=self.office.calendar(),
            )
            self.office.repo.save(request, stream)

        self.on(received_on, act)

    def request(self, label: str, role: str, day: date, verb: str, **args: Any) -> None:
        self.command(DisclosureRequest, label, role, day, verb, **args)

    def answer(
        self,
        label: str,
        day: date,
        outcome: str,
        *,
        role: str = "handler",
        at: datetime | None = None,
    ) -> None:
        provides = outcome in ("disclosed", "partially_disclosed")
        self.request(
            label,
            role,
            day,
            "answer",
            at=at,
            answered_on=day,
            outcome=outcome,
            items=1 if provides else 0,
            content_sha256s=[sha(f"answer {label}")] if provides else [],
            delivery_form="electronic",
            **reasons_of(outcome),
        )

    # --- items -----------------------------------------------------------------------------

    def publish_item(
        self,
        label: str,
        category: str,
        formed_on: date,
        published_on: date,
        *,
        secrecy: str = "secrecy",
    ) -> None:
        """Draft, review, approve and publish an item (each step by its own officer)."""
        self.streams[label] = new_stream_id()
        content = sha(f"item {label}")

        def draft() -> None:
            stream = self.streams[label]
            item = InformationItem.draft(
                stream,
                self.office.actor(self.officers["drafter"]),
                cst_morning(formed_on),
                title=f"关于{label}的通知",
                category=category,
                doc_number=f"示政发〔{formed_on.year}〕{label}号",
                formed_on=formed_on,
                content_sha256=content,
                attribute="proactive",
                attribute_basis="应当主动公开",
            )
            self.office.repo.save(item, stream)

        self.on(formed_on, draft)
        item = (InformationItem, label)
        self.command(
            *item,
            "attribute",
            formed_on,
            "review_attribute",
            at=cst_morning(formed_on, 1),
            attribute="proactive",
            basis="同意",
        )
        self.command(
            *item,
            secrecy,
            formed_on,
            "review_secrecy",
            at=cst_morning(formed_on, 2),
            content_sha256=content,
            result="passed",
        )
        self.command(
            *item,
            "approver",
            formed_on,
            "approve",
            at=cst_morning(formed_on, 3),
            content_sha256=content,
        )
        self.command(
            *item,
            "approver",
            published_on,
            "publish",
            at=cst_morning(published_on, 4),
            content_sha256=content,
            channel="政府网站",
            url=None,
            published_on=published_on,
        )

    def withdraw_item(self, label: str, day: date, reason: str) -> None:
        self.command(
            InformationItem,
            label,
            "approver",
            day,
            "withdraw",
            reason=reason,
            legal_basis="依据有关规定",
            withdrawn_on=day,
        )


def services_for(ledger: Ledger, data_dir: Path) -> Services:
    """Services over ``ledger`` with only the inspection read models (tests of this
    feature stay independent of the other read models)."""
    return Services(
        ledger=ledger,
        office=Office(ledger),
        content=ContentStore(ledger.backend, data_dir / "content"),
        tokens=TokenStore(ledger.backend),
        projections=ProjectionRunner(ledger, [Accountability(), ReportInputs()]),
    )


def build_accountability_cases(s: Scenario) -> None:
    """One of each finding, in 2026: a late answer, an extension, a back-filled receipt,
    a decision corrected on reconsideration, an item passed in secrecy review and then
    withdrawn for secrecy, a late publication and a refused self-approval."""
    s.receive("LATE", "natural-person", date(2026, 3, 2))
    s.answer("LATE", date(2026, 4, 30), "disclosed")  # due 2026-03-30
    s.receive("EXT", "commercial", date(2026, 3, 3))
    s.request(
        "EXT",
        "head",
        date(2026, 3, 20),
        "extend",
        on=date(2026, 3, 20),
        days=10,
        reason="需要检索大量档案",
        notified_on=date(2026, 3, 20),
        no_personal_data=True,
    )
    s.answer("EXT", date(2026, 4, 10), "disclosed", role="handler2")
    s.receive("BACK", "research", date(2026, 3, 4), at=cst_morning(date(2026, 3, 12)))
    s.answer("BACK", date(2026, 3, 16), "unavailable.not_held")
    s.receive("COR", "other", date(2026, 3, 5), role="handler2")
    s.answer("COR", date(2026, 3, 10), "withheld.process_information", role="handler2")
    s.request("COR", "handler", date(2026, 3, 20), "file_reconsideration", on=date(2026, 3, 20))
    s.request(
        "COR",
        "handler",
        date(2026, 5, 6),
        "decide_reconsideration",
        on=date(2026, 5, 6),
        result="corrected",
    )
    s.publish_item("SEC", "other", date(2026, 3, 9), date(2026, 3, 11))
    s.withdraw_item("SEC", date(2026, 6, 1), "secrecy")
    s.publish_item("LATEPUB", "plans", date(2026, 3, 2), date(2026, 5, 6))

    def refused() -> None:
        approver = s.office.actor(s.officers["approver"])
        at = cst_morning(date(2026, 3, 11), 30)
        s.office.record_refused(approver, "SELF_APPROVAL", s.streams["SEC"], "approve", at)

    s.on(date(2026, 3, 11), refused)
