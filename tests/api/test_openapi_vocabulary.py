"""The OpenAPI document lists the domain's vocabularies and the hash format on every
command field that takes one, so schema-valid requests are ones the domain can take;
a value outside a list still gets the domain's own error code (tests of the routes)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.commands.vocabulary import SHA256_PATTERN
from api.http.app import create_app
from api.services import Services
from domain.disclosure_request import rules as requests
from domain.disclosure_request.outcomes import OUTCOME_CODES
from domain.information_item import rules as items

# (component schema, property) → the vocabulary it must list
FIELDS = {
    ("DraftIn", "category"): [c.slug for c in items.CATEGORIES],
    ("DraftIn", "attribute"): [c.slug for c in items.ATTRIBUTES],
    ("AttributeReviewIn", "attribute"): [c.slug for c in items.ATTRIBUTES],
    ("SecrecyReviewIn", "result"): [c.slug for c in items.SECRECY_RESULTS],
    ("WithdrawIn", "reason"): [c.slug for c in items.WITHDRAWAL_REASONS],
    ("NonDisclosureIn", "ground"): [c.slug for c in items.NON_DISCLOSURE_GROUNDS],
    ("ReceiveIn", "channel"): list(requests.CHANNELS),
    ("ReceiveIn", "applicant_type"): list(requests.APPLICANT_TYPES),
    ("ConsultIn", "party"): list(requests.CONSULTATION_PARTIES),
    ("FeeNoticeIn", "method"): list(requests.FEE_METHODS),
    ("AnswerIn", "outcome"): list(OUTCOME_CODES),
    ("DecisionIn", "result"): list(requests.REMEDY_RESULTS),
}
HASHES = [
    ("DraftIn", "content_sha256"),
    ("SecrecyReviewIn", "content_sha256"),
    ("SecrecyReviewIn", "redacted_sha256"),
    ("ApproveIn", "content_sha256"),
    ("PublishIn", "content_sha256"),
    ("CorrectIn", "content_sha256"),
    ("ClarifyIn", "content_sha256"),
]


@pytest.fixture(scope="module")
def components(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    services = Services.open(tmp_path_factory.mktemp("openapi"), "sqlite:///:memory:")
    try:
        with TestClient(create_app(services, background=False)) as client:
            schemas: dict[str, Any] = client.get("/openapi.json").json()["components"]["schemas"]
    finally:
        services.close()
    return schemas


def _property(components: dict[str, Any], model: str, name: str) -> dict[str, Any]:
    schema: dict[str, Any] = components[model]["properties"][name]
    return next((s for s in schema.get("anyOf", [schema]) if s.get("type") == "string"), schema)


@pytest.mark.parametrize(("model", "name"), sorted(FIELDS))
def test_a_vocabulary_field_lists_exactly_the_domains_values(
    components: dict[str, Any], model: str, name: str
) -> None:
    assert _property(components, model, name)["enum"] == FIELDS[model, name]


@pytest.mark.parametrize(("model", "name"), HASHES)
def test_a_hash_field_gives_the_sha256_pattern(
    components: dict[str, Any], model: str, name: str
) -> None:
    pattern = _property(components, model, name)["pattern"]
    assert pattern == SHA256_PATTERN
    assert re.fullmatch(pattern.strip("^$"), "ab" * 32)
    assert not re.fullmatch(pattern.strip("^$"), "AB" * 32)
