"""依申请公开: a notice's letter issued (告知书送达): the supplement notice (Art. 30), the
extension notice (Art. 33), the fee notice (Art. 42, 109号) and the consultation letter
(Arts. 32, 34). The letter is rendered from the notice's own entry and its PDF's SHA-256
is recorded as ``LetterIssued``, chained right after the notice in the request's stream
and naming it by ``of_seq``; once per notice. (An answer's letter hash is recorded in
the ``Answered`` or ``Reanswered`` entry itself.)
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from domain.aggregate import Actor
from domain.checks import check_choice, check_sha256
from domain.disclosure_request._guards import check_on, check_received
from domain.disclosure_request.answer import LetterHasher
from domain.disclosure_request.letters import EVENT_OF, LetterData, letter_for
from domain.errors import RuleViolation
from ledger.events import Recorded

if TYPE_CHECKING:
    from domain.disclosure_request.request import DisclosureRequest

NOTICES = ("supplement", "extension", "fee", "consultation")


def issue_letter(
    request: DisclosureRequest,
    actor: Actor,
    at: datetime,
    *,
    kind: str,
    on: date,
    office: str,
    letter: LetterHasher,
    opened: LetterData,
) -> None:
    """Record the hash of the letter of the latest notice of ``kind``, built from the
    notice's data as ``opened`` returns it (sealed fields it prints opened, on the
    record) (``LETTER_KIND_UNKNOWN``, ``LETTER_NOT_DUE``, ``LETTER_ALREADY_ISSUED``)."""
    actor.require("request_handler")
    check_received(request)
    chosen = check_choice(kind, NOTICES, "LETTER_KIND_UNKNOWN", "kind")
    notice = _latest(request, chosen)
    iso = check_on(request, on)
    drafted = letter_for(chosen, str(request.number), opened(chosen, notice.data), office)
    data = {
        "kind": chosen,
        "of_seq": notice.seq,
        "on": iso,
        "letter_sha256": check_sha256(letter(drafted), "letter_sha256"),
    }
    request._record("LetterIssued", actor, at, **data)


def _latest(request: DisclosureRequest, kind: str) -> Recorded:
    notices = [e for e in request.history if e.name == EVENT_OF[kind]]
    if not notices:
        raise RuleViolation(
            "LETTER_NOT_DUE", f"request {request.number} has no {kind} notice", kind=kind
        )
    notice = notices[-1]
    issued = {e.data.get("of_seq") for e in request.history if e.name == "LetterIssued"}
    if notice.seq in issued:
        raise RuleViolation(
            "LETTER_ALREADY_ISSUED",
            f"the letter of the {kind} notice (seq {notice.seq}) is already recorded",
            kind=kind,
            of_seq=notice.seq,
        )
    return notice
