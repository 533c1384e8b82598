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
