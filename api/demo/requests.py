"""Demo requests: about 150 disclosure requests (依申请公开) received from January 2025 to
November 2026, each taken through the real commands on working days of the recorded
calendar, in office hours.

Every Table 3 outcome code occurs; there are supplements (received, and lapsed), third-
party and agency consultations, extensions by the office head, fees by items (one
applicant twice in a month, so the second notice counts the first) and by pages, paid
and unpaid, answers given late (overdue, recorded against the handling officer),
withdrawals, reconsiderations and lawsuits (direct and after reconsideration, decided
or pending), requests left overdue without an answer (one challenged for that) and,
at the end, requests still open (carried over). Choices come from ``ctx.rng`` and
numbers from the order of receipt, so a seed gives the same ledger.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from api.demo.office import DemoContext, Step
from api.demo.reasons import reasons_of
from api.demo.request_specs import (
    LAST_RECEIPT,
    Spec,
    description,
    dressed,
    every_outcome,
    features,
    organisation,
    person,
    random_spec,
)
from domain.calendar.working_calendar import WorkingCalendar
from domain.disclosure_request import outcomes
from domain.disclosure_request.service import DisclosureRequests

FIRST_DAY = date(2025, 1, 6)
CARRY_FROM = date(2026, 10, 26)  # received from here on: still open at the end
END = date(2026, 11, 25)  # no step after this day
TOTAL = 150
CARRIED = 8
PROVIDING = outcomes.PROVIDING
RESULTS = ("upheld", "corrected", "other")

Run = Callable[[datetime, date], object]
Verb = Callable[[DisclosureRequests], Callable[..., object]]


class _Plan:
    """One request being scheduled: its officers, applicant and simulated clock.

    ``used`` counts the working days of the answer period spent so far (pauses not
    counted), so the planned answer lands on time — or, for a late one, after the due
    date — exactly as the aggregate will count it."""

    def __init__(self, ctx: DemoContext, calendar: WorkingCalendar, spec: Spec) -> None:
        self.ctx, self.calendar, self.spec, self.rng = ctx, calendar, spec, ctx.rng
        self.handler = ctx.officer("request_handler")
        self.head = ctx.officer("office_head")
        self.steps: list[Step] = []
        self.ref = ""  # the number, known once the receipt step has run
        self.day = FIRST_DAY
        self.last_at: datetime | None = None
        self.used, self.period, self.open = 0, 20, True

    # --- the clock ----------------------------------------------------------------------

    def wd(self, count: int, start: date | None = None) -> date:
        return self.calendar.add_working_days(start or self.day, count).due

    def working_day(self, day: date) -> date:
        return self.calendar.add_working_days(day - timedelta(days=1), 1).due

    def step(self, day: date, label: str, run: Run) -> bool:
        """Schedule ``run(at, day)`` on ``day`` in office hours, after the last step."""
        if not self.open or day > END:
            self.open = False
            return False
        minutes = self.rng.randrange(8 * 60)  # 09:00–16:59 in Beijing is 01:00–08:59 UTC
        at = datetime.combine(day, time(1), tzinfo=UTC) + timedelta(minutes=minutes)
        if self.last_at is not None and at <= self.last_at:
            at = self.last_at + timedelta(minutes=self.rng.randint(5, 30))
        self.day, self.last_at = day, at
        self.steps.append(Step(at, f"request {label}", lambda: run(at, day)))
        return True

    @property
    def requests(self) -> DisclosureRequests:
        return self.ctx.services.requests

    # --- the phases ---------------------------------------------------------------------

    def build(self, received: date, applicant: dict[str, Any], text: str) -> list[Step]:
        self.receive(received, applicant, text)
        spec = self.spec
        if spec.withdraw:
            self.step(self.wd(self.rng.randint(2, 8)), "withdrawn", self._withdraw)
            return self.steps
        if spec.supplement and not self.supplement():
            return self.steps
        if spec.consult:
            self.consult(spec.consult)
        if spec.fee and not self.fee():
            return self.steps
        if spec.extend:
            self.extend()
        if spec.overdue:
            self.leave_overdue()
        elif spec.outcome is not None:
            self.answer(spec.outcome)
            self.remedies()
        return self.steps

    def receive(self, received: date, applicant: dict[str, Any], text: str) -> None:
        spec, form = self.spec, self.rng.choice(("electronic", "paper"))

        def run(at: datetime, day: date) -> None:
            request = self.requests.receive(
                self.handler,
                at,
                channel=spec.channel,
                received_on=day,
                applicant=applicant,
                applicant_type=spec.applicant_type,
                description=text,
                requested_form=form,
            )
            self.ref = str(request.number)

        self.step(received, "received", run)
        if spec.channel in ("online", "fax"):
            confirm = self.wd(self.rng.choice((0, 1, 1, 2)))
            self.step(confirm, "receipt confirmed", self._on(lambda r: r.confirm_receipt))

    def supplement(self) -> bool:
        """Art. 30: notice within 7 working days; supplied (the period restarts) or lapsed."""
        items = [
            self.rng.choice(("所需信息的具体名称或文号", "信息所属的时间范围", "申请人身份证明"))
        ]

        def notice(at: datetime, day: date) -> None:
            self.requests.request_supplement(self.ref, self.handler, at, on=day, items=items)

        self.step(self.wd(self.rng.randint(1, 6)), "supplement notice", notice)
        if self.spec.supplement == "lapsed":
            self.close_for_default(self.wd(15 + self.rng.randint(1, 4)), lambda r: r.deem_abandoned)
            return False
        self.step(
            self.wd(self.rng.randint(2, 12)), "supplemented", self._on(lambda r: r.supplemented)
        )
        self.used = 0
        return True

    def consult(self, party: str) -> None:
        start = self.rng.randint(2, 5)
        self.used += start

        def begin(at: datetime, day: date) -> None:
            self.requests.start_consultation(self.ref, self.handler, at, party=party, on=day)

        self.step(self.wd(start), f"consultation ({party})", begin)
        self.step(
            self.wd(self.rng.randint(4, 15)),
            "consultation ended",
            self._on(lambda r: r.end_consultation),
        )

    def fee(self) -> bool:
        """Art. 42: notice; paid within 20 working days, or not (deemed withdrawn, 109号)."""
        spec, wait = self.spec, self.rng.randint(1, 3)
        self.used += wait
        method = "pages" if spec.fee == "pages" else "items"
        if spec.fee == "unpaid":
            method = self.rng.choice(("items", "pages"))
        count = spec.fee_count or (
            self.rng.randint(11, 16) if method == "items" else self.rng.randint(35, 160)
        )

        def notice(at: datetime, day: date) -> None:
            self.requests.notice_fee(
                self.ref, self.handler, at, on=day, method=method, count=count, received_on=day
            )  # handed to the applicant the same day

        self.step(self.wd(wait), f"fee notice ({count} {method})", notice)
        if spec.fee == "unpaid":
            self.close_for_default(
                self.wd(20 + self.rng.randint(1, 3)), lambda r: r.deem_withdrawn_unpaid
            )
            return False
        self.step(self.wd(self.rng.randint(2, 15)), "fee paid", self._on(lambda r: r.fee_paid))
        return True

    def extend(self) -> None:
        """Art. 33: the office head extends before the answer falls due."""
        wait = self.rng.randint(max(1, 14 - self.used), 19 - self.used)
        self.used += wait
        days = self.rng.choice((10, 15, 20))
        self.period += days
        reason = self.rng.choice(("涉及信息量大，需要调取多年档案", "需要会同多个部门核查"))

        def run(at: datetime, day: date) -> None:
            self.requests.extend(
                self.ref,
                self.head,
                at,
                on=day,
                days=days,
                reason=reason,
                notified_on=day,
                no_personal_data=True,
            )

        self.step(self.wd(wait), f"extended {days} days", run)

    def answer(self, outcome: str) -> None:
        remaining = self.period - self.used
        if self.spec.late:
            wait = remaining + self.rng.randint(1, 8)
        else:
            wait = self.rng.randint(max(1, remaining - 12), max(1, remaining))
        items = self.rng.randint(1, 5) if outcome in PROVIDING else 0
        form = self.rng.choice(("electronic", "paper"))

        def run(at: datetime, day: date) -> None:
            provided = self.ctx.released[-items:] if items else []
            self.requests.answer(
                self.ref, self.handler, at, on=day, outcome=outcome, item_ids=provided,
                items=items, delivery_form=form, **reasons_of(outcome),
            )  # fmt: skip

        self.step(self.wd(wait), f"answered {outcome}", run)

    def close_for_default(self, day: date, deem: Verb) -> None:
        """The applicant's default (Arts. 30, 42): the deeming command, or an answer
        with the matching outcome — both are recorded in practice."""
        if self.spec.outcome is not None and self.rng.random() < 0.4:
            self.answer_on(day, self.spec.outcome)
        else:
            self.step(day, "deemed closed", self._on(deem))

    def answer_on(self, day: date, outcome: str) -> None:
        def run(at: datetime, on: date) -> None:
            self.requests.answer(
                self.ref, self.handler, at, on=on, outcome=outcome, items=0, **reasons_of(outcome)
            )

        self.step(day, f"answered {outcome}", run)

    def leave_overdue(self) -> None:
        """No answer at all; with a remedy, the applicant challenges the inaction."""
        due = self.wd(self.period - self.used)
        if self.spec.remedy == "reconsideration":
            filed = self.wd(self.rng.randint(3, 10), due)
            self.step(
                filed, "reconsideration (no answer)", self._on(lambda r: r.file_reconsideration)
            )

    def remedies(self) -> None:
        remedy = self.spec.remedy
        if remedy in ("reconsideration", "both"):
            filed = self.working_day(self.day + timedelta(days=self.rng.randint(10, 45)))
            self.step(filed, "reconsideration filed", self._on(lambda r: r.file_reconsideration))
            decided = self.working_day(self.day + timedelta(days=self.rng.randint(30, 70)))
            self._decide(decided, "reconsideration", lambda r: r.decide_reconsideration)
        if remedy in ("lawsuit", "both"):
            wait = self.rng.randint(5, 15) if remedy == "both" else self.rng.randint(20, 90)
            filed = self.working_day(self.day + timedelta(days=wait))
            self.step(filed, "lawsuit filed", self._on(lambda r: r.file_lawsuit))
            decided = self.working_day(self.day + timedelta(days=self.rng.randint(60, 150)))
            self._decide(decided, "lawsuit", lambda r: r.decide_lawsuit)

    def _decide(self, day: date, kind: str, verb: Verb) -> None:
        """The decision, unless it would fall after the demo's end (then: pending)."""
        result = self.rng.choices(RESULTS, weights=(6, 3, 1))[0]

        def run(at: datetime, on: date) -> None:
            verb(self.requests)(self.ref, self.handler, at, on=on, result=result)

        self.step(day, f"{kind} decided: {result}", run)

    def _withdraw(self, at: datetime, day: date) -> None:
        self.requests.withdraw(self.ref, self.handler, at, on=day)

    def _on(self, verb: Verb) -> Run:
        """A command that records only its date."""

        def run(at: datetime, day: date) -> None:
            verb(self.requests)(self.ref, self.handler, at, on=day)

        return run


def _receipt_days(
    ctx: DemoContext, calendar: WorkingCalendar, low: date, high: date, n: int
) -> list[date]:
    days = [low + timedelta(days=k) for k in range((high - low).days + 1)]
    working = [day for day in days if calendar.is_working_day(day)]
    return sorted(ctx.rng.sample(working, n))


def _assign(ctx: DemoContext, specs: list[Spec], days: list[date]) -> list[tuple[Spec, date]]:
    """Shuffle specs over days, then swap the ones that need time to finish earlier."""
    ctx.rng.shuffle(specs)
    pairs = list(zip(specs, days, strict=True))
    for i, (spec, day) in enumerate(pairs):
        if day <= spec.latest_receipt:
            continue
        j = next(
            j
            for j, (other, other_day) in enumerate(pairs)
            if other_day <= spec.latest_receipt and day <= other.latest_receipt
        )
        pairs[i], pairs[j] = (spec, pairs[j][1]), (pairs[j][0], day)
    return pairs


def _frequent_applicant(ctx: DemoContext, calendar: WorkingCalendar) -> list[Step]:
    """One person, two requests in April 2025, both charged by items: the second notice
    counts the 12 items of the first (国办函〔2020〕109号: per applicant per month)."""
    applicant = person(ctx.rng)
    steps: list[Step] = []
    for received, count in ((date(2025, 4, 7), 12), (date(2025, 4, 14), 5)):
        spec = Spec("disclosed", fee="items", fee_count=count)
        text = description(ctx.rng, received.year)
        steps += _Plan(ctx, calendar, spec).build(received, applicant, text)
    return steps


def schedule(ctx: DemoContext) -> list[Step]:
    calendar = ctx.services.office.calendar()
    fixed = [replace(s, required=True) for s in (*every_outcome(), *features())]
    overdue = [s for s in fixed if s.overdue]
    fixed = [s for s in fixed if not s.overdue]
    rest = [random_spec(ctx.rng) for _ in range(TOTAL - CARRIED - len(fixed) - len(overdue))]
    early = [dressed(ctx.rng, s) for s in (*fixed, *rest)]
    days = _receipt_days(ctx, calendar, FIRST_DAY, CARRY_FROM - timedelta(days=1), len(early))
    pairs = _assign(ctx, early, days)
    late_days = _receipt_days(ctx, calendar, date(2026, 8, 17), date(2026, 9, 18), len(overdue))
    pairs += zip((dressed(ctx.rng, s) for s in overdue), late_days, strict=True)
    carried = [dressed(ctx.rng, random_spec(ctx.rng)) for _ in range(CARRIED)]
    pairs += zip(
        carried, _receipt_days(ctx, calendar, CARRY_FROM, LAST_RECEIPT, CARRIED), strict=True
    )
    steps = _frequent_applicant(ctx, calendar)
    for spec, received in pairs:
        applicant = (
            person(ctx.rng)
            if spec.applicant_type == "natural-person"
            else organisation(ctx.rng, spec.applicant_type)
        )
        text = description(ctx.rng, received.year)
        steps += _Plan(ctx, calendar, spec).build(received, applicant, text)
    return steps
