"""行政机关 — the administrative agency that keeps this ledger, and its internal units.

Each agency keeps one ledger (OGI Regulation Art. 4: every agency sets up its own
government information disclosure work); ``origin`` is the log's name in its signed
checkpoints (C2SP tlog-checkpoint), so it must fit on one line with no spaces or ``+``.
"""

from __future__ import annotations

import re
from datetime import datetime
from types import MappingProxyType

from domain.aggregate import Actor, Aggregate
from domain.checks import check_text
from domain.errors import RuleViolation
from domain.office.guide import check_guide
from ledger.events import Recorded

_ORIGIN = re.compile(r"[^\s+]+")


class Agency(Aggregate):
    """An agency: registered with its log origin; units (内设机构) added by an admin."""

    aggregate_type = "Agency"

    def __init__(self, id: str) -> None:
        super().__init__(id)
        self._name = ""
        self._origin = ""
        self._units: dict[str, str] = {}
        self._guide: dict[str, str] = {}
        self._guide_version = 0

    @classmethod
    def register(cls, id: str, actor: Actor, at: datetime, name: str, origin: str) -> Agency:
        actor.require("admin")
        name = check_text(name, "name")
        if not isinstance(origin, str) or _ORIGIN.fullmatch(origin) is None:
            raise RuleViolation(
                "INVALID_ORIGIN",
                "origin must be one line with no whitespace and no '+'",
                origin=repr(origin),
            )
        agency = cls(id)
        agency._record("Registered", actor, at, agency_name=name, origin=origin)
        return agency

    def add_unit(self, actor: Actor, at: datetime, unit_id: str, name: str) -> None:
        actor.require("admin")
        if not self.exists:
            raise RuleViolation("AGENCY_NOT_FOUND", f"no agency {self.id}", agency=self.id)
        unit_id = check_text(unit_id, "unit_id")
        if unit_id in self._units:
            raise RuleViolation(
                "UNIT_EXISTS",
                f"unit {unit_id} already exists",
                unit_id=unit_id,
                name=self._units[unit_id],
            )
        name = check_text(name, "name")
        self._record("UnitAdded", actor, at, unit_id=unit_id, unit_name=name)

    def publish_guide(self, actor: Actor, at: datetime, settings: dict[str, object]) -> int:
        """Record a new version of the disclosure guide (公开指南); return its number."""
        actor.require("admin")
        if not self.exists:
            raise RuleViolation("AGENCY_NOT_FOUND", f"no agency {self.id}", agency=self.id)
        found = check_guide(settings)
        if found == self._guide:
            raise RuleViolation("GUIDE_UNCHANGED", "the guide already says exactly this")
        version = self._guide_version + 1
        self._record("GuidePublished", actor, at, version=version, settings=found)
        return version

    @property
    def guide(self) -> MappingProxyType[str, str]:
        return MappingProxyType(self._guide)

    @property
    def guide_version(self) -> int:
        return self._guide_version

    @property
    def name(self) -> str:
        return self._name

    @property
    def origin(self) -> str:
        return self._origin

    @property
    def units(self) -> MappingProxyType[str, str]:
        """Unit id → unit name, in the order added."""
        return MappingProxyType(self._units)

    def _on_Registered(self, event: Recorded) -> None:
        self._name = event.data["agency_name"]
        self._origin = event.data["origin"]

    def _on_UnitAdded(self, event: Recorded) -> None:
        self._units[event.data["unit_id"]] = event.data["unit_name"]

    def _on_GuidePublished(self, event: Recorded) -> None:
        self._guide = dict(event.data["settings"])
        self._guide_version = int(event.data["version"])
