"""依申请公开: the disclosure request aggregate (``request``), one module per command
(``receipt``, ``supplement``, ``consultation``, ``extension``, ``fees``, ``answer``,
``remedies``), its deadlines, rules, outcomes and the ``DisclosureRequests`` service.

    requests = DisclosureRequests(office)
    request = requests.receive(handler, at, channel="in-person",
        received_on=date(2026, 2, 6), applicant={...}, applicant_type="natural-person",
        description="…")
    requests.extend(request.number, head, at, on=date(2026, 3, 5), days=10, reason="…")
"""

from domain.disclosure_request.request import DisclosureRequest
from domain.disclosure_request.service import DisclosureRequests

__all__ = ["DisclosureRequest", "DisclosureRequests"]
