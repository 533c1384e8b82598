"""依申请公开: the statutory numbers, value types and deadline arithmetic of a request.

Counting (OGI Regulation Arts. 30–34, 42): the day the clock starts is not counted; day 1
is the first working day after it; working days inside a consultation (Arts. 32, 34) or
while a fee is awaited (Art. 42) are not counted, each pause covering the days d with
start < d <= end, as ``WorkingCalendar.add_working_days`` counts them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date
from typing import Any, Final

from domain.calendar.working_calendar import Deadline, WorkingCalendar
from domain.errors import RuleViolation

ANSWER_PERIOD: Final = 20  # Art. 33, first paragraph
MAX_EXTENSION: Final = 20  # Art. 33, second paragraph
SUPPLEMENT_NOTICE_PERIOD: Final = 7  # Art. 30
CONSULTATION_REPLY_PERIOD: Final = 15  # Art. 32 (third party), Art. 34 (other agency)
FEE_PAYMENT_PERIOD: Final = 20  # 国办函〔2020〕109号 (Art. 42 only stops the clock)
# Art. 30 asks for "a reasonable period" to supplement and sets no bound; this product
# refuses more than 60 working days (about three months) as unreasonable.
MAX_SUPPLEMENT_DAYS: Final = 60

CHANNELS: Final = ("in-person", "post", "mail-unsigned", "online", "fax")
# Art. 31: online and fax requests are received on the day both sides confirm receipt;
# ordinary mail that needs no signature ("mail-unsigned", 平常信函) on the day the
# disclosure office confirms it with the applicant.
CONFIRMED_CHANNELS: Final = frozenset({"mail-unsigned", "online", "fax"})
APPLICANT_TYPES: Final = (
    "natural-person",
    "commercial",
    "research",
    "public-interest",
    "legal-services",
    "other",
)
CONSULTATION_PARTIES: Final = ("third-party", "agency")
FEE_METHODS: Final = ("items", "pages")
REMEDY_RESULTS: Final = ("upheld", "corrected", "other", "pending")
PENDING: Final = "pending"


@dataclass(frozen=True, slots=True)
class Pause:
    """Days not counted in the answer period: (start, end], ``end`` None while open."""

    kind: str  # "consultation" | "fee"
    start: date
    end: date | None
    party: str | None = None
    reply_due: date | None = None  # a consultation's: the party's 15 working days
    reply_provisional: bool = False

    def closed(self, end: date) -> Pause:
        return replace(self, end=end)

    def replied_by(self, due: date | None, provisional: bool) -> Pause:
        """With the party's reply deadline (a consultation's), as recorded."""
        return replace(self, reply_due=due, reply_provisional=provisional)


@dataclass(frozen=True, slots=True)
class FeeNotice:
    """A written fee notice (收费通知, Art. 42) and its payment, if any. The 20 working
    days to pay (109号) run from ``received_on``, the day the applicant received the
    notice; ``payment_due`` is None until that day is recorded."""

    noticed_on: date
    method: str
    fee_fen: int
    payment_due: date | None
    paid_on: date | None = None
    received_on: date | None = None
    provisional: bool = False


@dataclass(frozen=True, slots=True)
class Supplement:
    """The one supplement notice (补正, Art. 30) and the supplement received, if any.
    ``late``: the notice itself was given after Art. 30's 7 working days."""

    requested_on: date
    due: date
    supplemented_on: date | None = None
    allowed_days: int = 0
    provisional: bool = False
    late: bool = False
    notice_due: date | None = None  # Art. 30's 7 working days from receipt
    notice_provisional: bool = False


@dataclass(frozen=True, slots=True)
class Remedy:
    """A reconsideration (行政复议) or lawsuit (行政诉讼), Art. 51."""

    filed_on: date
    result: str = PENDING
    after_reconsideration: bool = False


def uncounted_until(calendar: WorkingCalendar, pause: Pause, end: date) -> date:
    """The last day of ``pause`` (ending ``end``) not counted in the answer period: a
    consultation is not counted for at most the consulted party's 15 working days
    (Arts. 32, 34); beyond them the clock runs though the reply is still awaited."""
    if pause.kind != "consultation":
        return end
    return min(end, calendar.add_working_days(pause.start, CONSULTATION_REPLY_PERIOD).due)


def answer_due(
    calendar: WorkingCalendar, start: date, period: int, pauses: Iterable[Pause]
) -> Deadline:
    """``period`` working days after ``start``, skipping closed pauses."""
    paused = [(p.start, uncounted_until(calendar, p, p.end)) for p in pauses if p.end is not None]
    return calendar.add_working_days(start, period, paused=paused)


def counted_days(
    calendar: WorkingCalendar, start: date, pauses: Iterable[Pause], today: date
) -> int:
    """Working days of the answer period used up by ``today`` (open pauses run to today)."""
    used = calendar.working_days_between(start, today)
    for pause in pauses:
        low = max(pause.start, start)
        high = uncounted_until(calendar, pause, today if pause.end is None else pause.end)
        used -= calendar.working_days_between(low, min(high, today))
    return used


def deadline_json(deadline: Deadline | None) -> dict[str, Any]:
    """The two fields every deadline-setting event records."""
    if deadline is None:
        return {"answer_due": None, "answer_due_provisional": None}
    return {
        "answer_due": deadline.due.isoformat(),
        "answer_due_provisional": deadline.provisional,
    }


def deadline_from(data: Mapping[str, Any]) -> Deadline | None:
    due = data["answer_due"]
    if due is None:
        return None
    return Deadline(date.fromisoformat(due), bool(data["answer_due_provisional"]))


def optional_day(value: object) -> date | None:
    """An ISO date from event data, or None."""
    return None if value is None else date.fromisoformat(str(value))


def check_count(value: object, field: str, code: str, minimum: int) -> int:
    """An integer (not a bool) of at least ``minimum`` (``code``)."""
    if not isinstance(value, int) or isinstance(value, bool) or value < minimum:
        raise RuleViolation(
            code, f"{field} must be an integer of at least {minimum}", field=field, value=value
        )
    return value


def check_texts(values: object, field: str) -> list[str]:
    """A non-empty list of non-blank strings (``FIELD_REQUIRED``)."""
    if isinstance(values, str) or not isinstance(values, Iterable):
        raise RuleViolation("FIELD_REQUIRED", f"{field} must be a list of texts", field=field)
    texts = list(values)
    if not texts or not all(isinstance(t, str) and t.strip() for t in texts):
        raise RuleViolation("FIELD_REQUIRED", f"{field} must list non-blank texts", field=field)
    return texts
