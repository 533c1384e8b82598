"""政府信息: the information item aggregate (``item``), its rules and its service.

items = InformationItems(office, content)
item = items.draft(drafter, at, title="…", category="…", doc_number=None,
    formed_on=date(2026, 3, 2), attribute="…", attribute_basis="…", content=b"…")
items.review_secrecy(item.id, reviewer, at, content_sha256=item.current_sha256,
    result="…")
# each command: get (replay the stream) → call (the aggregate decides) → save
"""

from domain.information_item.item import InformationItem
from domain.information_item.service import InformationItems

__all__ = ["InformationItem", "InformationItems"]
