"""A disclosure office with request handlers, for the request tests (both backends):
an admin, two handlers in different units, an office head, and builders of requests."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from api.services import Services
from domain.disclosure_request.request import DisclosureRequest

ORIGIN = "requests.gongkai.local/gongkai"
T0 = datetime(2026, 1, 5, 1, 30, tzinfo=UTC)
ADMIN = "officer-0001"
PERSON = {"name": "张三丰", "id_number": "110101199001011234", "contact": "13800138000"}
FIRM = {"name": "示范市某某科技有限公司", "id_number": "91330100MA27XXXXXX"}


@dataclass
class Office:
    services: Services
    handler: str
    second_handler: str
    head: str
    _minutes: int = 0
    _item_officers: tuple[str, ...] = ()

    def at(self) -> datetime:
        """A fresh instant for each command (entries' times never run backwards)."""
        self._minutes += 1
        return T0 + timedelta(minutes=self._minutes)

    def receive(
        self,
        received_on: date,
        *,
        channel: str = "in-person",
        applicant: dict[str, Any] | None = None,
        applicant_type: str = "natural-person",
        description: str = "请求公开2025年度老旧小区改造资金使用明细",
    ) -> DisclosureRequest:
        return self.services.requests.receive(
            self.handler,
            self.at(),
            channel=channel,
            received_on=received_on,
            applicant=PERSON if applicant is None else applicant,
            applicant_type=applicant_type,
            description=description,
        )

    def approved_item(self, text: str = "依申请提供的政府信息", *, approve: bool = True) -> str:
        """An information item whose content passed secrecy review (and approval, unless
        ``approve`` is False): what an answer may provide (先审查后公开)."""
        services, at = self.services, self.at
        if not self._item_officers:
            roles = ("drafter", "attribute_reviewer", "secrecy_reviewer", "approver")
            add = services.office.add_officer
            self._item_officers = tuple(add(ADMIN, r, "科室", [r], at()) for r in roles)
        drafter, attribute, secrecy, approver = self._item_officers
        item_id = services.items.draft(
            drafter, at(), title="某项目征收补偿方案", category="normative_documents",
            doc_number=None, formed_on=date(2026, 1, 5), attribute="on_request",
            attribute_basis="依申请公开", content=text.encode(),
        ).id  # fmt: skip
        item = services.items.review_attribute(
            item_id, attribute, at(), attribute="on_request", basis="同意"
        )
        sha = str(item.current_sha256)
        services.items.review_secrecy(item_id, secrecy, at(), content_sha256=sha, result="passed")
        if approve:
            services.items.approve(item_id, approver, at(), content_sha256=sha)
        return item_id


def open_office(database_url: str, tmp_path: Path) -> Iterator[Office]:
    """Yield an initialised office over ``database_url``; close it afterwards."""
    services = Services.open(tmp_path / "data", database_url)
    services.office.initialise(ORIGIN, "示范市人民政府办公室", "管理员", T0)
    add = services.office.add_officer
    office = Office(
        services,
        handler=add(ADMIN, "周丽", "政务公开科", ["request_handler"], T0),
        second_handler=add(ADMIN, "吴刚", "信息科", ["request_handler"], T0),
        head=add(ADMIN, "徐婷", "办公室", ["office_head"], T0),
    )
    try:
        yield office
    finally:
        services.close()
