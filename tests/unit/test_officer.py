"""工作人员: appointment, roles, leaving, and self-recorded refused attempts."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from domain.aggregate import Actor
from domain.office.officer import Officer, RefusedAttempt
from tests.support.factories import ADMIN, actor, appointed_officer, at, expect_refused, refusal

LEFT_ON = date(2026, 3, 31)


def appoint(by: Actor = ADMIN, name: str = "王丹", roles: Iterable[str] = ("drafter",)) -> Officer:
    return Officer.appoint("dana", by, at(), name, "office", roles)


def left_officer() -> Officer:
    officer = appointed_officer("dana", "drafter")
    officer.leave(ADMIN, at(1), LEFT_ON, "调离")
    officer.collect()
    return officer


class TestAppoint:
    def test_appointment_records_name_unit_and_sorted_roles(self) -> None:
        officer = Officer.appoint("dana", ADMIN, at(), "王丹", "office", ["approver", "drafter"])

        [event] = officer.collect()
        assert event.type == "Officer.Appointed"
        assert event.data == {
            "officer_name": "王丹",
            "unit": "office",
            "roles": ["approver", "drafter"],
        }

    def test_an_appointed_officer_is_active_with_their_roles(self) -> None:
        officer = appointed_officer("dana", "drafter", "approver")

        assert (officer.name, officer.unit, officer.active) == ("王丹", "office", True)
        assert officer.roles == {"drafter", "approver"}

    def test_appointment_needs_the_admin_role(self) -> None:
        assert refusal(lambda: appoint(by=actor("x", "drafter"))) == "ROLE_REQUIRED"

    def test_appointment_refuses_an_unknown_role(self) -> None:
        assert refusal(lambda: appoint(roles=["drafter", "emperor"])) == "ROLE_UNKNOWN"

    def test_appointment_refuses_a_role_name_given_as_a_bare_string(self) -> None:
        assert refusal(lambda: appoint(roles="drafter")) == "ROLE_UNKNOWN"

    def test_appointment_refuses_an_empty_set_of_roles(self) -> None:
        assert refusal(lambda: appoint(roles=[])) == "ROLES_EMPTY"

    def test_appointment_refuses_a_blank_name(self) -> None:
        assert refusal(lambda: appoint(name="  ")) == "FIELD_REQUIRED"


class TestChangeRoles:
    def test_changing_roles_records_the_new_roles_and_the_reason(self) -> None:
        officer = appointed_officer("dana", "drafter")

        officer.change_roles(ADMIN, at(1), ["secrecy_reviewer", "drafter"], "轮岗")

        [event] = officer.collect()
        assert event.type == "Officer.RolesChanged"
        assert event.data == {"roles": ["drafter", "secrecy_reviewer"], "reason": "轮岗"}
        assert officer.roles == {"drafter", "secrecy_reviewer"}

    def test_changing_roles_needs_the_admin_role(self) -> None:
        officer = appointed_officer("dana", "drafter")
        expect_refused(
            officer,
            "ROLE_REQUIRED",
            lambda: officer.change_roles(actor("dana", "drafter"), at(1), ["admin"], "自授"),
        )

    def test_changing_roles_refuses_an_unknown_role(self) -> None:
        officer = appointed_officer("dana", "drafter")
        expect_refused(
            officer, "ROLE_UNKNOWN", lambda: officer.change_roles(ADMIN, at(1), ["boss"], "x")
        )

    def test_changing_roles_refuses_the_roles_already_held(self) -> None:
        officer = appointed_officer("dana", "drafter")
        expect_refused(
            officer,
            "ROLES_UNCHANGED",
            lambda: officer.change_roles(ADMIN, at(1), ["drafter"], "x"),
        )

    def test_changing_roles_needs_a_reason(self) -> None:
        officer = appointed_officer("dana", "drafter")
        expect_refused(
            officer,
            "FIELD_REQUIRED",
            lambda: officer.change_roles(ADMIN, at(1), ["approver"], ""),
        )

    def test_an_officer_who_left_cannot_change_roles(self) -> None:
        officer = left_officer()
        expect_refused(
            officer,
            "OFFICER_LEFT",
            lambda: officer.change_roles(ADMIN, at(2), ["approver"], "返聘"),
        )

    def test_roles_of_an_unknown_officer_cannot_be_changed(self) -> None:
        officer = Officer("nobody")
        expect_refused(
            officer,
            "OFFICER_NOT_FOUND",
            lambda: officer.change_roles(ADMIN, at(), ["approver"], "x"),
        )


class TestLeave:
    def test_leaving_records_the_date_and_reason_and_makes_the_officer_inactive(self) -> None:
        officer = appointed_officer("dana", "drafter")

        officer.leave(ADMIN, at(1), LEFT_ON, "调离")

        [event] = officer.collect()
        assert event.type == "Officer.Left"
        assert event.data == {"left_on": "2026-03-31", "reason": "调离"}
        assert (officer.active, officer.left_on) == (False, LEFT_ON)

    def test_an_officer_cannot_leave_twice(self) -> None:
        officer = left_officer()
        expect_refused(
            officer, "OFFICER_ALREADY_LEFT", lambda: officer.leave(ADMIN, at(2), LEFT_ON, "x")
        )

    def test_leaving_needs_the_admin_role(self) -> None:
        officer = appointed_officer("dana", "drafter")
        expect_refused(
            officer,
            "ROLE_REQUIRED",
            lambda: officer.leave(actor("dana", "drafter"), at(1), LEFT_ON, "辞职"),
        )

    def test_leaving_needs_a_date_not_a_datetime(self) -> None:
        officer = appointed_officer("dana", "drafter")
        expect_refused(
            officer,
            "INVALID_DATE",
            lambda: officer.leave(ADMIN, at(1), datetime(2026, 3, 31), "调离"),
        )


class TestRecordRefusedAttempt:
    def test_an_officer_records_their_own_refused_attempt_without_any_role(self) -> None:
        officer = appointed_officer("dana", "drafter")

        officer.record_refused_attempt(
            actor("dana"), at(1), "SELF_APPROVAL", "item-1", "InformationItem.approve"
        )

        [event] = officer.collect()
        assert event.type == "Officer.AttemptRefused"
        assert event.data == {
            "code": "SELF_APPROVAL",
            "stream": "item-1",
            "command": "InformationItem.approve",
        }
        assert officer.refused_attempts == (
            RefusedAttempt("SELF_APPROVAL", "item-1", "InformationItem.approve", at(1)),
        )

    def test_no_one_else_records_an_officers_refused_attempt_not_even_an_admin(self) -> None:
        officer = appointed_officer("dana", "drafter")
        expect_refused(
            officer,
            "NOT_THIS_OFFICER",
            lambda: officer.record_refused_attempt(ADMIN, at(1), "SELF_APPROVAL", "i", "approve"),
        )

    def test_a_refused_attempt_names_a_stable_error_code(self) -> None:
        officer = appointed_officer("dana", "drafter")
        expect_refused(
            officer,
            "INVALID_CODE",
            lambda: officer.record_refused_attempt(
                actor("dana"), at(1), "you may not", "i", "approve"
            ),
        )

    def test_an_officer_who_left_records_no_attempts(self) -> None:
        officer = left_officer()
        expect_refused(
            officer,
            "OFFICER_LEFT",
            lambda: officer.record_refused_attempt(
                actor("dana"), at(2), "SELF_APPROVAL", "i", "approve"
            ),
        )


def test_replaying_the_history_rebuilds_the_same_officer() -> None:
    officer = appointed_officer("dana", "drafter")
    officer.change_roles(ADMIN, at(1), ["drafter", "approver"], "晋升")
    officer.record_refused_attempt(actor("dana"), at(2), "SELF_APPROVAL", "item-1", "approve")
    officer.leave(ADMIN, at(3), LEFT_ON, "退休")

    replayed = Officer.replay("dana", officer.history)

    assert (replayed.name, replayed.unit, replayed.roles, replayed.active) == (
        officer.name,
        officer.unit,
        officer.roles,
        officer.active,
    )
    assert (replayed.left_on, replayed.refused_attempts) == (LEFT_ON, officer.refused_attempts)
