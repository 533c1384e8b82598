"""No public value links two requests of one applicant (PIPL; issue 17), over the demo
office and over hypothesis-generated offices, while Art. 42 fees still count the
applicant's earlier items of the month.

A value *links* two requests when it appears in what the public gets of both (their
entries, their register rows) and in nothing public of any other applicant's request.
Timestamps, dates and content hashes of documents provided are not about the applicant
and are left out; everything else counts — pseudonyms, commitments, hashes, ids, text.
The secret linking values themselves (the private index's pseudonyms) must appear in
no public response or page at all.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from api.demo.office import run_demo
from api.http.app import create_app
from api.services import Services
from domain.disclosure_request.fee_schedule import fee_by_items
from domain.privacy.service import PersonalData
from ledger.vault import Vault
from tests.conftest import drop_schema, postgres_url_or_skip
from tests.support.request_office import Office, open_office

_NOT_ABOUT_THE_APPLICANT = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}(T[0-9:.]+Z)?")
# entry envelope members about the office, and vocabulary values (statuses, channels,
# methods, outcomes…) that a small office may happen to use for one applicant only
_SKIPPED_KEYS = {"sealed", "content_sha256s", "at", "log", "key", "actor", "status", "channel",
                 "applicant_type", "method", "outcome", "outcome_label", "requested_form",
                 "delivery_form", "party", "result"}  # fmt: skip


def scalars(value: Any, key: str = "") -> Iterator[str]:
    """Every string or number inside ``value`` that could be about the applicant."""
    if key in _SKIPPED_KEYS:
        return
    if isinstance(value, dict):
        for k, v in value.items():
            yield from scalars(v, k)
    elif isinstance(value, list):
        for v in value:
            yield from scalars(v, key)
    elif isinstance(value, str) and not _NOT_ABOUT_THE_APPLICANT.fullmatch(value):
        yield value


def public_values(services: Services, client: TestClient) -> dict[str, set[str]]:
    """Per request number: the values of its public entries (its own, and the openings
    and erasure of its personal data) and its register row."""
    by_stream: dict[str, set[str]] = defaultdict(set)
    numbers: dict[str, str] = {}
    start: int | None = 0
    while start is not None:
        page = client.get(f"/v1/entries?start={start}&limit=1000").json()
        for item in page["entries"]:
            entry = item["entry"]
            kind = str(entry.get("type", ""))
            if kind.startswith("DisclosureRequest."):
                record = entry["stream"]
            elif kind.startswith("PersonalData."):  # an opening or erasure of a request
                record = entry["data"]["record"]
            else:
                continue
            by_stream[record] |= set(scalars(entry["data"]))
            by_stream[record] |= {entry["sig"], entry["stream"]}
            if entry["type"] == "DisclosureRequest.Received":
                numbers[entry["stream"]] = entry["data"]["number"]
        start = page["next"]
    values = {numbers[s]: v for s, v in by_stream.items()}
    for row in register_rows(client):
        values[row["number"]] |= set(scalars(row))
    return values


def register_rows(client: TestClient) -> Iterator[dict[str, Any]]:
    cursor: str | None = ""
    while cursor is not None:
        query = f"&cursor={cursor}" if cursor else ""
        page = client.get(f"/v1/requests/register?limit=200{query}").json()
        yield from page["requests"]
        cursor = page.get("next_cursor")


def applicants_of(services: Services) -> dict[str, str]:
    """Request number → its applicant's pseudonym, from the private index."""
    with services.ledger.backend.transaction() as cur:
        rows = cur.execute("SELECT number, pseudonym FROM gk_applicants").fetchall()
    return {str(n): str(p) for n, p in rows}


def linking_values(values: dict[str, set[str]], applicant: dict[str, str]) -> dict[str, set[str]]:
    """Each value shared by two or more requests all of one applicant."""
    holders: dict[str, set[str]] = defaultdict(set)
    for number, found in values.items():
        for value in found:
            holders[value].add(number)
    linking: dict[str, set[str]] = {}
    for value, numbers in holders.items():
        people = {applicant.get(n, n) for n in numbers}
        if len(numbers) > 1 and len(people) == 1:
            linking[value] = numbers
    return linking


def public_texts(client: TestClient) -> Iterable[str]:
    for path in ("/requests", "/downloads/register.csv", "/feeds/register.atom",
                 "/feeds/register.json"):  # fmt: skip
        yield client.get(path).text
    yield client.get("/v1/entries?limit=1000").text
    yield json.dumps(list(register_rows(client)), ensure_ascii=False)


def check_unlinkable(services: Services) -> dict[str, str]:
    services.settle()
    client = TestClient(create_app(services, background=False))
    applicant = applicants_of(services)
    repeated = {p for p in applicant.values() if list(applicant.values()).count(p) > 1}
    assert repeated, "the office must hold an applicant with two requests"
    assert linking_values(public_values(services, client), applicant) == {}
    for text in public_texts(client):
        assert not [p for p in set(applicant.values()) if p in text]
    return applicant


@pytest.fixture(scope="module")
def demo(backend: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Services]:
    data = tmp_path_factory.mktemp("demo")
    url = f"sqlite:///{data / 'ledger.db'}" if backend == "sqlite" else postgres_url_or_skip()
    with pytest.MonkeyPatch.context() as env:
        env.setenv("GONGKAI_KEY_PASSPHRASE", "test-passphrase")
        services = Services.open(data, url)
        try:
            run_demo(services, 2025, out=lambda _: None)
            yield services
        finally:
            services.close()
    if backend == "postgres":
        drop_schema(url)


def test_in_the_demo_no_public_value_links_two_requests_of_one_applicant(
    demo: Services,
) -> None:
    applicant = check_unlinkable(demo)
    assert len(applicant) >= 100


PERSONS = [
    {"name": f"申请人{i}", "id_number": f"1101011990010{i:05d}", "contact": f"1380013{i:04d}"}
    for i in range(3)
]
Plan = list[tuple[int, int, int]]  # (applicant, day of March, items charged or 0)


@settings(max_examples=6, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    plan=st.lists(
        st.tuples(
            st.integers(0, 2),
            st.integers(2, 27),
            st.sampled_from([0, 0, 3, 12]),
        ),
        min_size=3,
        max_size=7,
    ).filter(lambda plan: 1 < len({a for a, _, _ in plan}) < len(plan))
)
def test_in_a_generated_office_requests_are_unlinkable_and_fees_still_cumulate(
    plan: Plan, backend: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    tmp = tmp_path_factory.mktemp("office")
    url = f"sqlite:///{tmp / 'ledger.db'}" if backend == "sqlite" else postgres_url_or_skip()
    try:
        _run_plan(plan, url, tmp)
    finally:
        if backend == "postgres":
            drop_schema(url)


def _run_plan(plan: Plan, url: str, tmp: Path) -> None:
    for office in open_office(url, tmp):
        requests, charged = office.services.requests, defaultdict(int)
        filed: dict[int, list[str]] = defaultdict(list)
        for who, day, items in sorted(plan, key=lambda p: p[1]):
            received_on = date(2026, 3, day)
            request = office.receive(received_on, applicant=PERSONS[who])
            if items and fee_by_items(charged[who], items) > 0:
                noticed = requests.notice_fee(
                    request.id, office.handler, office.at(),
                    on=received_on + timedelta(days=1), method="items", count=items,
                )  # fmt: skip
                before = charged[who]
                assert noticed.fees[-1].fee_fen == fee_by_items(before, items)
                sealed = noticed.history[-1].data["items_before_this_month"]
                assert Vault(office.services.ledger.backend).open_value(sealed) == before
            else:
                items = 0  # within the free items: no notice, counted as one item
            charged[who] += items or 1
            filed[who].append(str(request.number))
        _open_every_request(office, filed)
        check_unlinkable(office.services)


def _open_every_request(office: Office, filed: dict[int, list[str]]) -> None:
    """Openings as an office makes them: each request viewed by its handler, and an
    applicant's own copy (PIPL Art. 45) of a repeated applicant, which seals the list of
    their requests in its entry."""
    privacy = PersonalData(office.services.office, office.services.requests)
    for number in sorted(n for numbers in filed.values() for n in numbers):
        privacy.open_request(
            number, office.handler, office.at(), purpose="handling", scope="officer_view"
        )
    repeated = next(numbers for numbers in filed.values() if len(numbers) > 1)
    found = privacy.record_applicant_export(
        repeated[0], office.head, office.at(), identity_proof="身份证原件核验"
    )
    assert sorted(number for _, number, _ in found) == sorted(repeated)
