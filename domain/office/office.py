"""The disclosure office itself: the agency, its officers and their signing keys, and
the recorded working-day calendar.

Every officer holds one Ed25519 key registered (by the root key) with the officer's
roles; changing roles re-registers it, leaving revokes it — so the verifier can check,
at every log position, that each entry was signed by someone entitled to it.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from domain.aggregate import Actor
from domain.calendar.calendar_book import CalendarBook
from domain.calendar.seed import years_from_chinese_calendar
from domain.calendar.working_calendar import WorkingCalendar, YearCalendar
from domain.errors import NotFound, RuleViolation
from domain.office.agency import Agency
from domain.office.officer import Officer
from domain.repository import Repository
from ledger.ledger import Ledger, singleton_stream

FIRST_ADMIN = "officer-0001"


class Office:
    def __init__(self, ledger: Ledger) -> None:
        self.ledger = ledger
        self.repo = Repository(ledger)

    # -- streams ---------------------------------------------------------------------

    def stream(self, name: str) -> str:
        return singleton_stream(self.ledger.origin, name)

    def officer_stream(self, officer_id: str) -> str:
        return self.stream(f"officer:{officer_id}")

    # -- set-up ----------------------------------------------------------------------

    def initialise(self, origin: str, agency_name: str, admin_name: str, at: datetime) -> str:
        """Genesis, the agency, the first admin officer and the seeded calendar."""
        self.ledger.genesis(origin, at)
        self.ledger.register_key(FIRST_ADMIN, ["admin"], "signing", at)
        admin = Actor(FIRST_ADMIN, frozenset({"admin"}))
        officer = Officer.appoint(FIRST_ADMIN, admin, at, admin_name, "办公室", ["admin"])
        self.repo.save(officer, self.officer_stream(FIRST_ADMIN))
        agency = Agency.register(self.stream("agency"), admin, at, agency_name, origin)
        self.repo.save(agency, self.stream("agency"))
        self.seed_calendar(FIRST_ADMIN, at)
        self.ledger.integrate()
        return FIRST_ADMIN

    def seed_calendar(self, as_officer: str, at: datetime) -> list[int]:
        """Record every year the chinese-calendar package covers that is not yet recorded
        exactly so; return the years recorded."""
        return self.record_years(as_officer, years_from_chinese_calendar(), "chinese-calendar", at)

    def record_years(
        self, as_officer: str, years: Iterable[YearCalendar], source: str, at: datetime
    ) -> list[int]:
        actor = self.actor(as_officer)
        book = self.calendar_book()
        recorded = []
        for year in years:
            try:
                book.record_year(actor, at, year, source)
            except RuleViolation as exc:
                if exc.code != "CALENDAR_UNCHANGED":
                    raise
                continue
            recorded.append(year.year)
        self.repo.save(book, self.stream("calendar"))
        return recorded

    def calendar_book(self) -> CalendarBook:
        return self.repo.load(
            CalendarBook, self.stream("calendar"), self.stream("calendar"), must_exist=False
        )

    def calendar(self) -> WorkingCalendar:
        return self.calendar_book().calendar()

    def agency(self) -> Agency:
        return self.repo.load(Agency, self.stream("agency"), self.stream("agency"))

    def publish_guide(self, as_officer: str, settings: dict[str, object], at: datetime) -> int:
        """A new signed version of the disclosure guide; returns its version number."""
        actor = self.actor(as_officer)
        agency = self.agency()
        version = agency.publish_guide(actor, at, settings)
        self.repo.save(agency, self.stream("agency"))
        return version

    # -- officers ----------------------------------------------------------------------

    def officer(self, officer_id: str) -> Officer:
        return self.repo.load(Officer, officer_id, self.officer_stream(officer_id))

    def actor(self, officer_id: str) -> Actor:
        """The officer as an acting party, with the roles held now.

        Raises NotFound, or RuleViolation(OFFICER_INACTIVE) for one who left."""
        officer = self.officer(officer_id)
        if not officer.active:
            raise RuleViolation(
                "OFFICER_INACTIVE", f"officer {officer_id} has left", officer=officer_id
            )
        return Actor(officer_id, officer.roles, officer.unit)

    def officer_ids(self) -> list[str]:
        holders = {k.holder for k in self.ledger.registry().keys.values()}
        return sorted(h for h in holders if h.startswith("officer-"))

    def officers(self) -> list[Officer]:
        return [self.officer(i) for i in self.officer_ids()]

    def add_officer(
        self, as_officer: str, name: str, unit: str, roles: Iterable[str], at: datetime
    ) -> str:
        """Appoint an officer and register their signing key; return the officer id."""
        admin = self.actor(as_officer)
        ids = self.officer_ids()
        officer_id = f"officer-{int(ids[-1].split('-')[1]) + 1 if ids else 1:04d}"
        officer = Officer.appoint(officer_id, admin, at, name, unit, roles)
        self.repo.save(officer, self.officer_stream(officer_id))
        self.ledger.register_key(officer_id, sorted(officer.roles), "signing", at)
        return officer_id

    def change_roles(
        self, as_officer: str, officer_id: str, roles: Iterable[str], reason: str, at: datetime
    ) -> None:
        admin = self.actor(as_officer)
        officer = self.officer(officer_id)
        officer.change_roles(admin, at, roles, reason)
        self.repo.save(officer, self.officer_stream(officer_id))
        key = self.ledger.key_of(officer_id)
        if key is None:
            raise NotFound(f"officer {officer_id} holds no active key", id=officer_id)
        self.ledger.update_key_roles(key.key_id, sorted(officer.roles), at)

    def officer_leaves(
        self, as_officer: str, officer_id: str, left_on: date, reason: str, at: datetime
    ) -> None:
        admin = self.actor(as_officer)
        officer = self.officer(officer_id)
        officer.leave(admin, at, left_on, reason)
        self.repo.save(officer, self.officer_stream(officer_id))
        key = self.ledger.key_of(officer_id)
        if key is not None:
            self.ledger.revoke_key(key.key_id, f"officer left: {reason}", at)

    def record_refused(
        self, actor: Actor, code: str, stream: str, command: str, at: datetime
    ) -> None:
        """The officer's own record of a command a rule refused (accountability)."""
        officer = self.officer(actor.officer_id)
        officer.record_refused_attempt(actor, at, code, stream, command)
        self.repo.save(officer, self.officer_stream(actor.officer_id))
