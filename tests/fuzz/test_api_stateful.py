"""Stateful schemathesis (``make fuzz-api``, not ``make test``): sequences of API calls
chained through links (OpenAPI links, or those schemathesis infers from the responses'
fields and Location headers, e.g. an item drafted, then approved, then read), on a real
ledger on both backends, with an officer token holding every role. No 5xx, responses
within the schema, every error problem+json with a ``code``.

Slow: runs only with GONGKAI_FUZZ_API=1 (make fuzz-api sets it);
GONGKAI_SCHEMATHESIS_SCALE scales the number of sequences.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from hypothesis.stateful import run_state_machine_as_test
from schemathesis.config._checks import PositiveDataAcceptanceConfig

from tests.support.hardening_office import EVERY_ROLE, HttpOffice, office_on
from tests.support.problem_checks import errors_are_problem_json

SCALE = int(os.environ.get("GONGKAI_SCHEMATHESIS_SCALE", "1"))
pytestmark = pytest.mark.skipif(
    not os.environ.get("GONGKAI_FUZZ_API"), reason="slow: run by make fuzz-api"
)


@pytest.fixture(scope="module")
def office(backend: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[HttpOffice]:
    with office_on(backend, tmp_path_factory.mktemp("stateful")) as opened:
        yield opened


def test_chained_operations_stay_within_the_schema(office: HttpOffice) -> None:
    assert errors_are_problem_json is not None  # registered as a check by its import
    schema = schemathesis.openapi.from_asgi("/openapi.json", office.client.app)
    schema.config.checks.positive_data_acceptance = PositiveDataAcceptanceConfig(
        expected_statuses=["2xx", "3xx", "401", "403", "404", "409", "410", "422", "429"]
    )
    schema.config.update(headers=office.auth(EVERY_ROLE))
    machine = schema.as_state_machine()
    run_state_machine_as_test(
        machine,
        settings=settings(
            max_examples=10 * SCALE,
            stateful_step_count=8,
            deadline=None,
            database=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
        ),
    )
