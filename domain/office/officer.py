"""工作人员 — an officer of the agency and the roles they hold.

Roles are those of ``verify.roles.ROLES``; the verifier checks that the signer of each
entry held the role its type requires, so the ledger records who acted on what
authority (权力运行记录: "如实记载权力行使过程"). An officer also records their own
refused attempts (e.g. approving their own draft) so that accountability reviews
(考核与责任追究, OGI Regulation Arts. 47, 52, 53) see what was tried, not only what
succeeded.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from domain.aggregate import Actor, Aggregate
from domain.checks import check_date, check_text
from domain.errors import RuleViolation
from ledger.events import Recorded
from verify.roles import ROLES

_CODE = re.compile(r"[A-Z][A-Z0-9_]*")


@dataclass(frozen=True, slots=True)
class RefusedAttempt:
    """A command the officer issued that a rule refused (recorded for accountability)."""

    code: str
    stream: str
    command: str
    at: datetime


class Officer(Aggregate):
    """An officer: appointed with roles by an admin, roles changed, left."""

    aggregate_type = "Officer"

    def __init__(self, id: str) -> None:
        super().__init__(id)
        self._name = ""
        self._unit = ""
        self._roles: frozenset[str] = frozenset()
        self._left_on: date | None = None
        self._refused: list[RefusedAttempt] = []

    # --- commands -------------------------------------------------------------------

    @classmethod
    def appoint(
        cls, id: str, actor: Actor, at: datetime, name: str, unit: str, roles: Iterable[str]
    ) -> Officer:
        actor.require("admin")
        data = {
            "officer_name": check_text(name, "name"),
            "unit": check_text(unit, "unit"),
            "roles": _check_roles(roles),
        }
        officer = cls(id)
        officer._record("Appointed", actor, at, **data)
        return officer

    def change_roles(self, actor: Actor, at: datetime, roles: Iterable[str], reason: str) -> None:
        actor.require("admin")
        self._check_active()
        new_roles = _check_roles(roles)
        if frozenset(new_roles) == self._roles:
            raise RuleViolation(
                "ROLES_UNCHANGED", "the officer already holds these roles", roles=new_roles
            )
        reason = check_text(reason, "reason")
        self._record("RolesChanged", actor, at, roles=new_roles, reason=reason)

    def leave(self, actor: Actor, at: datetime, left_on: date, reason: str) -> None:
        actor.require("admin")
        self._check_exists()
        if self._left_on is not None:
            raise RuleViolation(
                "OFFICER_ALREADY_LEFT",
                f"officer {self.id} left on {self._left_on}",
                officer=self.id,
                left_on=self._left_on.isoformat(),
            )
        data = {"left_on": check_date(left_on, "left_on"), "reason": check_text(reason, "reason")}
        self._record("Left", actor, at, **data)

    def record_refused_attempt(
        self, actor: Actor, at: datetime, code: str, stream: str, command: str
    ) -> None:
        # No role needed (verify.roles: ANY), but only the officer themselves records it.
        if actor.officer_id != self.id:
            raise RuleViolation(
                "NOT_THIS_OFFICER",
                "only the officer themselves records their refused attempts",
                officer=self.id,
                actor=actor.officer_id,
            )
        self._check_active()
        if not isinstance(code, str) or _CODE.fullmatch(code) is None:
            raise RuleViolation("INVALID_CODE", "not a stable error code", refused_code=repr(code))
        data = {"stream": check_text(stream, "stream"), "command": check_text(command, "command")}
        self._record("AttemptRefused", actor, at, code=code, **data)

    # --- read -----------------------------------------------------------------------

    @property
    def name(self) -> str:
        return self._name

    @property
    def unit(self) -> str:
        return self._unit

    @property
    def roles(self) -> frozenset[str]:
        return self._roles

    @property
    def active(self) -> bool:
        return self.exists and self._left_on is None

    @property
    def left_on(self) -> date | None:
        return self._left_on

    @property
    def refused_attempts(self) -> tuple[RefusedAttempt, ...]:
        return tuple(self._refused)

    # --- guards ---------------------------------------------------------------------

    def _check_exists(self) -> None:
        if not self.exists:
            raise RuleViolation("OFFICER_NOT_FOUND", f"no officer {self.id}", officer=self.id)

    def _check_active(self) -> None:
        self._check_exists()
        if self._left_on is not None:
            raise RuleViolation(
                "OFFICER_LEFT",
                f"officer {self.id} left on {self._left_on}",
                officer=self.id,
                left_on=self._left_on.isoformat(),
            )

    # --- events ---------------------------------------------------------------------

    def _on_Appointed(self, event: Recorded) -> None:
        self._name = event.data["officer_name"]
        self._unit = event.data["unit"]
        self._roles = frozenset(event.data["roles"])

    def _on_RolesChanged(self, event: Recorded) -> None:
        self._roles = frozenset(event.data["roles"])

    def _on_Left(self, event: Recorded) -> None:
        self._left_on = date.fromisoformat(event.data["left_on"])

    def _on_AttemptRefused(self, event: Recorded) -> None:
        data = event.data
        self._refused.append(
            RefusedAttempt(data["code"], data["stream"], data["command"], event.at)
        )


def _check_roles(roles: Iterable[str]) -> list[str]:
    """A non-empty set of known roles, recorded sorted (``ROLES_EMPTY``, ``ROLE_UNKNOWN``)."""
    if isinstance(roles, str):
        raise RuleViolation("ROLE_UNKNOWN", "roles must be a collection of role names")
    chosen = set(roles)
    unknown = sorted(str(role) for role in chosen - set(ROLES))
    if unknown:
        raise RuleViolation(
            "ROLE_UNKNOWN", f"unknown roles {unknown}", unknown=unknown, known=list(ROLES)
        )
    if not chosen:
        raise RuleViolation("ROLES_EMPTY", "an officer holds at least one role")
    return sorted(chosen)
