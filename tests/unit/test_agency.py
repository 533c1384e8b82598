"""行政机关: registration with the log origin, and its units."""

from __future__ import annotations

import pytest

from domain.office.agency import Agency
from tests.support.factories import ADMIN, actor, at, expect_refused, refusal, registered_agency

ORIGIN = "gongkai.example.gov.cn"


def test_registration_records_the_name_and_the_log_origin() -> None:
    agency = Agency.register(
        "agency-1", ADMIN, at(), "某市人民政府办公室", "gongkai.example.gov.cn"
    )

    [event] = agency.collect()
    assert event.type == "Agency.Registered"
    assert event.data == {"agency_name": "某市人民政府办公室", "origin": ORIGIN}
    assert (agency.name, agency.origin) == ("某市人民政府办公室", ORIGIN)


def test_registration_needs_the_admin_role() -> None:
    code = refusal(lambda: Agency.register("a", actor("x", "drafter"), at(), "办公室", "o.example"))
    assert code == "ROLE_REQUIRED"


@pytest.mark.parametrize("origin", ["", "has space", "a+b", "two\nlines"])
def test_registration_refuses_an_origin_unfit_for_a_checkpoint(origin: str) -> None:
    assert refusal(lambda: Agency.register("a", ADMIN, at(), "办公室", origin)) == "INVALID_ORIGIN"


def test_registration_refuses_a_blank_name() -> None:
    assert refusal(lambda: Agency.register("a", ADMIN, at(), " ", "o.example")) == "FIELD_REQUIRED"


def test_adding_a_unit_records_its_id_and_name() -> None:
    agency = registered_agency()

    agency.add_unit(ADMIN, at(1), "office", "政务公开办公室")

    [event] = agency.collect()
    assert event.type == "Agency.UnitAdded"
    assert event.data == {"unit_id": "office", "unit_name": "政务公开办公室"}
    assert dict(agency.units) == {"office": "政务公开办公室"}


def test_adding_a_unit_twice_is_refused() -> None:
    agency = registered_agency()
    agency.add_unit(ADMIN, at(1), "office", "政务公开办公室")
    agency.collect()

    expect_refused(agency, "UNIT_EXISTS", lambda: agency.add_unit(ADMIN, at(2), "office", "别名"))


def test_adding_a_unit_needs_the_admin_role() -> None:
    agency = registered_agency()
    expect_refused(
        agency,
        "ROLE_REQUIRED",
        lambda: agency.add_unit(actor("x", "office_head"), at(1), "office", "政务公开办公室"),
    )


def test_a_unit_cannot_be_added_to_an_unregistered_agency() -> None:
    agency = Agency("agency-1")
    expect_refused(
        agency, "AGENCY_NOT_FOUND", lambda: agency.add_unit(ADMIN, at(), "office", "办公室")
    )


def test_replaying_the_history_rebuilds_the_same_agency() -> None:
    agency = registered_agency()
    agency.add_unit(ADMIN, at(1), "office", "政务公开办公室")
    agency.add_unit(ADMIN, at(2), "legal", "法制科")

    replayed = Agency.replay(agency.id, agency.history)

    assert (replayed.name, replayed.origin) == (agency.name, agency.origin)
    assert list(replayed.units.items()) == [("office", "政务公开办公室"), ("legal", "法制科")]
