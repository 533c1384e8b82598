"""个人信息处理记录 — the personal-data record of one ledger record (a disclosure request):
every opening of its sealed fields and their erasure, as signed entries.

The stream is ``personal-data:<record stream>``. Its entries say who opened which
fields of whose record, when, for which purpose and on which legal basis — never the
data. ``PersonalData.Opened`` is appended *before* the data is shown (PIPL Arts. 44–45,
51: accountability for every processing); ``PersonalData.Erased`` after the vault rows
are shredded at the end of the retention period (PIPL Art. 47). Once erased, a record
can no longer be opened.

    record = PersonalDataRecord.replay(id, history)
    record.open(actor, at, record="…", number="2026-0001", fields=["applicant"],
                purpose="handling", scope="officer_view")
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from domain.aggregate import Actor, Aggregate
from domain.checks import check_choice, check_text
from domain.errors import RoleRequired, RuleViolation
from domain.office.office import Office
from ledger.events import Recorded, Sealed

__all__ = [
    "ERASED",
    "OPENING_ROLES",
    "PURPOSES",
    "SCOPES",
    "PersonalDataRecord",
    "personal_data_of",
    "record_stream",
]

ERASED = "〔已删除 erased〕"  # shown where an erased value was

# purpose → (what for, the legal basis recorded with it)
PURPOSES: dict[str, tuple[str, str]] = {
    "handling": ("办理政府信息公开申请", "PIPL Art. 13(1)(3); OGI Regulation Arts. 29-45"),
    "review": ("行政复议、行政诉讼举证", "PIPL Art. 13(1)(3); OGI Regulation Art. 51"),
    "inspection": ("纪检监察、责任追究", "PIPL Art. 13(1)(3); OGI Regulation Art. 47"),
    "applicant_access": ("申请人查阅、复制本人个人信息", "PIPL Art. 45"),
}
# how the data was shown: to the officer, in a bundle or export leaving the office, or
# printed in a letter to the applicant (the supplement notice's items)
SCOPES = ("officer_view", "bundle", "applicant_export", "letter")
# scopes that hand the data to someone other than the officer or the applicant
HANDING_OVER_SCOPES = frozenset({"bundle", "applicant_export"})
OPENING_ROLES = frozenset({"request_handler", "office_head", "inspector"})
# a copy leaving the office (bundle, applicant export): as for ``bundle --disclose``
HANDING_OVER_ROLES = frozenset({"office_head", "inspector"})


def record_stream(office: Office, record: str) -> str:
    """The stream of the personal-data record of ledger record ``record``."""
    return office.stream(f"personal-data:{record}")


def personal_data_of(office: Office, record: str) -> PersonalDataRecord:
    """The personal-data record (openings, erasure) of ledger record ``record``."""
    stream = record_stream(office, record)
    return office.repo.load(PersonalDataRecord, stream, stream, must_exist=False)


class PersonalDataRecord(Aggregate):
    """Openings and erasure of one record's sealed personal data."""

    aggregate_type = "PersonalData"

    def __init__(self, id: str) -> None:
        super().__init__(id)
        self.openings: list[Recorded] = []
        self.erased: Recorded | None = None

    def open(
        self,
        actor: Actor,
        at: datetime,
        *,
        record: str,
        number: str | None,
        fields: Sequence[str],
        purpose: str,
        scope: str,
        sealed: dict[str, Any] | None = None,
    ) -> None:
        """Record an opening; ``sealed`` holds what must stay private (identity proof,
        the applicant's other requests). Raises PERSONAL_DATA_ERASED, ROLE_REQUIRED."""
        if not actor.roles & OPENING_ROLES:
            raise RoleRequired(
                f"officer {actor.officer_id} may not open personal data: needs one of "
                f"{sorted(OPENING_ROLES)}",
                officer=actor.officer_id,
                role="request_handler",
            )
        if scope in HANDING_OVER_SCOPES and not actor.roles & HANDING_OVER_ROLES:
            raise RoleRequired(
                f"officer {actor.officer_id} may not hand personal data over ({scope}): "
                f"needs one of {sorted(HANDING_OVER_ROLES)}",
                officer=actor.officer_id,
                role="office_head",
            )
        self._check_not_erased(record)
        chosen = check_choice(purpose, PURPOSES, "PURPOSE_UNKNOWN", "purpose")
        data: dict[str, Any] = {
            "record": check_text(record, "record"),
            "number": number,
            "fields": sorted({check_text(f, "fields") for f in fields}),
            "purpose": chosen,
            "legal_basis": PURPOSES[chosen][1],
            "scope": check_choice(scope, SCOPES, "SCOPE_UNKNOWN", "scope"),
        }
        data.update({name: Sealed(value) for name, value in (sealed or {}).items()})
        self._record("Opened", actor, at, **data)

    def erase(
        self,
        actor: Actor,
        at: datetime,
        *,
        record: str,
        number: str | None,
        fields: Sequence[str],
        commitments: Sequence[str],
        retention: dict[str, Any],
    ) -> None:
        """Record the shredding of ``fields`` (vault rows ``commitments``)."""
        actor.require("admin")
        self._check_not_erased(record)
        self._record(
            "Erased",
            actor,
            at,
            record=record,
            number=number,
            fields=sorted(set(fields)),
            commitments=sorted(set(commitments)),
            retention=retention,
            legal_basis="PIPL Art. 47(1)(2)",
        )

    def _check_not_erased(self, record: str) -> None:
        if self.erased is not None:
            raise RuleViolation(
                "PERSONAL_DATA_ERASED",
                f"the personal data of {record} was erased on {self.erased.at.date()}",
                record=record,
            )

    def _on_Opened(self, event: Recorded) -> None:
        self.openings.append(event)

    def _on_Erased(self, event: Recorded) -> None:
        self.erased = event
