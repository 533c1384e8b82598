"""The rules of the OGI Regulation (政府信息公开条例): aggregates and application services.

Aggregates are pure (no I/O, no clock, no ids generated): time, ids, the acting officer
and the working-day calendar are passed in. One subpackage per aggregate or concern:
``information_item`` (主动公开), ``disclosure_request`` (依申请公开), ``calendar``
(工作日), ``office`` (agency, officers, the office service) and ``reporting`` (annual
report, accountability, replay). Every refusal is a ``DomainError`` with a stable code.

    office = Office(ledger)
    items = InformationItems(office, content)
    item = items.draft(officer_id, at, title="…", …)  # get → call → save
"""

from domain.aggregate import Actor, Aggregate
from domain.errors import DomainError, NotFound, RoleRequired, RuleViolation

__all__ = ["Actor", "Aggregate", "DomainError", "NotFound", "RoleRequired", "RuleViolation"]
