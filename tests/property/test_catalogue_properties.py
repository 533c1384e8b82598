"""The catalogue read model under random command sequences through ``InformationItems``:
whatever the officers try (refused commands included), a rebuild from zero equals the
live tables, and each item's row and versions agree with the aggregate replayed from
its stream — status, current and published hash, which versions are public, and
whether bytes may be served."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import suppress
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from itertools import count
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import event as observe
from hypothesis import strategies as st

from api.services import Services
from domain.errors import DomainError
from domain.information_item.service import InformationItems
from projections import catalogue_queries as queries

T0 = datetime(2026, 3, 2, 1, 30, tzinfo=UTC)
DAY = date(2026, 3, 2)
ROLES = ("drafter", "attribute_reviewer", "secrecy_reviewer", "approver")
SERIAL = count()


@dataclass
class Run:
    """One item under random commands. Its texts are its own: the same bytes in two
    items would let one item's secrecy withdrawal hide the other's (by design)."""

    items: InformationItems
    item_id: str
    officers: dict[str, str]
    texts: list[bytes]

    def sha(self) -> str:
        current = self.items.get(self.item_id).current_sha256
        assert current is not None
        return current


Command = Callable[[Run, datetime], object]


@pytest.fixture(scope="module")
def office(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Services, dict[str, str]]]:
    data: Path = tmp_path_factory.mktemp("catalogue-props")
    with pytest.MonkeyPatch.context() as env:
        env.setenv("GONGKAI_KEY_PASSPHRASE", "test-passphrase")
        services = Services.open(data, f"sqlite:///{data / 'ledger.db'}")
        services.office.initialise("props.gongkai.local/log", "示范市", "管理员", T0)
        officers = {r: services.office.add_officer("officer-0001", r, "科", [r], T0) for r in ROLES}
        yield services, officers
        services.close()


def _review(run: Run, at: datetime, result: str = "passed") -> object:
    redacted = run.texts[3] if result == "passed_with_redactions" else None
    return run.items.review_secrecy(
        run.item_id, run.officers["secrecy_reviewer"], at, content_sha256=run.sha(),
        result=result, legal_basis=None if result == "passed" else "依法", redacted=redacted,
    )  # fmt: skip


def _publish(run: Run, at: datetime) -> object:
    return run.items.publish(
        run.item_id, run.officers["approver"], at, content_sha256=run.sha(), channel="网站",
        url=None, published_on=DAY + timedelta(days=3),
    )  # fmt: skip


def _correct(run: Run, at: datetime) -> object:
    return run.items.correct(
        run.item_id, run.officers["drafter"], at, changed_on=DAY + timedelta(days=5),
        reason="更正", content=run.texts[at.minute % 3],
    )  # fmt: skip


def _withdraw(reason: str) -> Command:
    def withdraw(run: Run, at: datetime) -> object:
        return run.items.withdraw(
            run.item_id, run.officers["approver"], at, reason=reason, legal_basis="依法",
            withdrawn_on=DAY + timedelta(days=9),
        )  # fmt: skip

    return withdraw


def _attribute(attribute: str) -> Command:
    def review(run: Run, at: datetime) -> object:
        return run.items.review_attribute(
            run.item_id, run.officers["attribute_reviewer"], at, attribute=attribute, basis="审核"
        )

    return review


COMMANDS: dict[str, Command] = {
    "attribute": _attribute("proactive"),
    "withheld": _attribute("withheld"),
    "secrecy": _review,
    "redact": lambda run, at: _review(run, at, "passed_with_redactions"),
    "fail": lambda run, at: _review(run, at, "failed"),
    "approve": lambda run, at: run.items.approve(
        run.item_id, run.officers["approver"], at, content_sha256=run.sha()
    ),
    "publish": _publish,
    "correct": _correct,
    "withdraw": _withdraw("error"),
    "withdraw_secret": _withdraw("secrecy"),
    "non_disclosure": lambda run, at: run.items.file_non_disclosure(
        run.item_id, run.officers["approver"], at, ground="art16.internal_affairs", basis="第十六条"
    ),
}


# Random sequences rarely publish: start most runs along the review chain.
HAPPY_PATH = ["attribute", "secrecy", "approve", "publish"]


def _check_item(services: Services, item_id: str) -> None:
    item = services.items.get(item_id)
    with services.ledger.backend.transaction() as cur:
        row = queries.item(cur, item_id, public=False)
        public = queries.versions(cur, item_id)
        statuses = [queries.content_status(cur, v.sha256) for v in public]
    assert row is not None
    assert (row.status, row.current_sha256, row.versions) == (
        item.status,
        item.current_sha256,
        len(item.versions),
    )
    published = [v.content_sha256 for v in item.versions if v.published_on is not None]
    assert [v.sha256 for v in public] == published
    if item.status == "published":
        assert row.published_sha256 == item.published_sha256
    secret = item.withdrawal is not None and item.withdrawal.reason == "secrecy"
    assert all(s is not None and s.available == (not secret) for s in statuses)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    first=st.integers(0, 2),
    commands=st.builds(
        lambda prefix, n, tail: [*prefix[:n], *tail],
        st.sampled_from([HAPPY_PATH, ["withheld", "non_disclosure"]]),
        st.sampled_from([0, 1, 2, 3, 4, 4, 4, 4, 4, 4]),
        st.lists(st.sampled_from(sorted(COMMANDS)), max_size=10),
    ),
)
def test_the_catalogue_agrees_with_the_item_and_with_a_rebuild(
    office: tuple[Services, dict[str, str]], first: int, commands: list[str]
) -> None:
    services, officers = office
    serial = next(SERIAL)
    texts = [f"文件{serial}第{n}稿".encode() for n in range(4)]
    item = services.items.draft(
        officers["drafter"], T0, title="关于某事项的通知", category="budgets",
        doc_number=None, formed_on=DAY, attribute="proactive", attribute_basis="主动公开",
        content=texts[first],
    )  # fmt: skip
    run = Run(services.items, item.id, officers, texts)
    for minute, name in enumerate(commands, start=1):
        # a refused command records nothing, so the projection must not move either
        with suppress(DomainError):
            COMMANDS[name](run, T0 + timedelta(minutes=minute))
    services.settle()

    _check_item(services, item.id)
    observe(services.items.get(item.id).status)
    assert services.projections.check("catalogue") == []
