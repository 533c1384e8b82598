"""``gongkai demo``: a realistic municipal disclosure office, built through the real
commands on a simulated clock (2025-01-02 to 2026-11), deterministic for a seed.

Each demo module (items, requests) contributes ``Step``s; they are merged by time and
run in order, so entry times never run backwards and every deadline is computed on
the recorded calendar as it stood.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from api.services import Services

ORIGIN = "demo.gongkai.local/gongkai"
AGENCY = "示范市人民政府办公室"
START = datetime(2025, 1, 2, 1, 0, tzinfo=UTC)

# (name, unit, roles): a dozen officers of a municipal government office.
ROSTER: list[tuple[str, str, list[str]]] = [
    ("李明", "政务公开科", ["drafter"]),
    ("王芳", "财政局", ["drafter"]),
    ("张伟", "市场监管局", ["drafter", "approver"]),
    ("刘洋", "政务公开科", ["attribute_reviewer"]),
    ("陈静", "保密办", ["secrecy_reviewer"]),
    ("杨磊", "保密办", ["secrecy_reviewer"]),
    ("赵敏", "办公室", ["approver"]),
    ("黄强", "办公室", ["approver"]),
    ("周丽", "政务公开科", ["request_handler"]),
    ("吴刚", "政务公开科", ["request_handler"]),
    ("徐婷", "政务公开科", ["office_head", "request_handler"]),
    ("孙杰", "纪检监察组", ["inspector"]),
]


@dataclass(frozen=True)
class Step:
    """One command at one simulated moment."""

    at: datetime
    label: str
    run: Callable[[], object]


@dataclass
class DemoContext:
    services: Services
    rng: random.Random
    admin: str = "officer-0001"
    officers: dict[str, list[str]] = field(default_factory=dict)  # role -> officer ids
    # Items published and neither corrected nor withdrawn since: what answers may provide.
    released: list[str] = field(default_factory=list)
    _ids: int = 0

    def released_now(self, item_id: str, result: object) -> object:
        self.released.append(item_id)
        return result

    def unreleased(self, item_id: str, result: object) -> object:
        self.released = [i for i in self.released if i != item_id]
        return result

    def officer(self, role: str, *, not_: Iterable[str] = ()) -> str:
        """A deterministic pick of an officer holding ``role`` (avoiding some)."""
        excluded = set(not_)
        choices = [o for o in self.officers[role] if o not in excluded]
        return self.rng.choice(choices)

    def new_id(self, kind: str) -> str:
        """Deterministic stream ids, so the same seed gives the same demo."""
        self._ids += 1
        return str(uuid.uuid5(uuid.NAMESPACE_URL, f"gongkai-demo:{kind}:{self._ids}"))


def _appoint(ctx: DemoContext, at: datetime) -> None:
    office = ctx.services.office
    for name, unit, roles in ROSTER:
        officer_id = office.add_officer(ctx.admin, name, unit, roles, at)
        for role in roles:
            ctx.officers.setdefault(role, []).append(officer_id)
        at += timedelta(minutes=7)


def run_demo(services: Services, seed: int = 2025, out: Callable[[str], object] = print) -> int:
    """Initialise a fresh ledger and fill it; return the number of steps run."""
    from api.demo import accounts as demo_accounts
    from api.demo import items as demo_items
    from api.demo import reports as demo_reports
    from api.demo import requests as demo_requests

    services.office.initialise(ORIGIN, AGENCY, "系统管理员", START)
    ctx = DemoContext(services, random.Random(seed))
    _appoint(ctx, START + timedelta(hours=1))
    steps = [*demo_items.schedule(ctx), *demo_requests.schedule(ctx)]
    steps += demo_reports.schedule(ctx)
    steps.sort(key=lambda s: s.at)  # stable: a stream's own steps keep their order
    for number, step in enumerate(steps, start=1):
        step.run()
        if number % 100 == 0:
            out(f"  … {number}/{len(steps)} demo steps ({step.at:%Y-%m-%d})")
    services.settle()
    chosen = demo_accounts.create_accounts(services, ctx.officers, ctx.admin, START)
    demo_accounts.print_sign_in(chosen, out)
    return len(steps)
