"""依申请公开: what the consulted party answered (Arts. 32, 34) and the written notice to
a third party the agency discloses over (Art. 32).

The reply is recorded when the consultation ends: ``consent``, ``objection`` or ``none``
(no reply). Art. 34: another agency that has not replied within its 15 working days is
deemed to consent (``deemed_consent`` in the ``ConsultationEnded`` entry). Art. 32: a
third party that objects may still see the information disclosed when withholding would
harm the public interest, but only with a written notice of the content and the reasons
(``ThirdPartyNotified``); a disclosing answer over a recorded objection without that
notice is refused (``THIRD_PARTY_NOT_NOTIFIED``)."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any, Final

from domain.aggregate import Actor
from domain.checks import check_choice
from domain.disclosure_request._guards import check_on, check_open
from domain.disclosure_request.rules import Pause
from domain.errors import RuleViolation
from domain.privacy.public_text import check_public_text

if TYPE_CHECKING:
    from domain.disclosure_request.request import DisclosureRequest

REPLIES: Final = ("consent", "objection", "none")
DISCLOSING: Final = frozenset({"disclosed", "partially_disclosed"})


def reply_data(pause: Pause, reply: str, on: date, reply_due: date) -> dict[str, Any]:
    """The reply fields of ``ConsultationEnded``; Art. 34: an agency silent past its
    reply date is deemed to consent."""
    chosen = check_choice(reply, REPLIES, "CONSULTATION_REPLY_UNKNOWN", "reply")
    silent_agency = pause.party == "agency" and chosen == "none" and on > reply_due
    return {"party": pause.party, "reply": chosen, "deemed_consent": silent_agency}


def third_party_objected(request: DisclosureRequest) -> bool:
    """Whether a consulted third party objected (Art. 32)."""
    return any(
        e.name == "ConsultationEnded"
        and e.data.get("party") == "third-party"
        and e.data.get("reply") == "objection"
        for e in request.history
    )


def third_party_notified(request: DisclosureRequest) -> bool:
    return any(e.name == "ThirdPartyNotified" for e in request.history)


def notify_third_party(
    request: DisclosureRequest, actor: Actor, at: datetime, *, on: date, reasons: str
) -> None:
    """Art. 32: the written notice to an objecting third party that the agency will
    disclose, with the reasons (the public interest)."""
    actor.require("request_handler")
    check_open(request)
    if not third_party_objected(request):
        raise RuleViolation(
            "NO_THIRD_PARTY_OBJECTION",
            "Art. 32: no third party objection is recorded; nothing to notify",
        )
    data = {"on": check_on(request, on), "reasons": _public(reasons, "reasons")}
    request._record("ThirdPartyNotified", actor, at, **data)


def check_third_party_notified(request: DisclosureRequest, outcome: str) -> None:
    """Art. 32: disclosing over a third party's objection needs the written notice first."""
    objected = outcome in DISCLOSING and third_party_objected(request)
    if objected and not third_party_notified(request):
        raise RuleViolation(
            "THIRD_PARTY_NOT_NOTIFIED",
            "Art. 32: the third party objected; notify it in writing of the content "
            "and the reasons before disclosing (request third-party-notice)",
            outcome=outcome,
        )


def _public(text: object, field: str) -> str:
    """The text is in the signed entry: ID and mobile numbers are refused
    (``PERSONAL_DATA_IN_PUBLIC_TEXT``)."""
    return check_public_text(text, field, confirmed=True)
