"""点题公开 — one proposed topic: proposed (text and contact sealed), moderated by an
approver with a reason (the public text, once accepted, is the officer's own wording,
free of personal data), and answered by linked items or a reasoned reply."""

from __future__ import annotations

import secrets
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any

from domain.aggregate import Actor, Aggregate
from domain.checks import check_date, check_text
from domain.disclosure_request.view import local_date
from domain.errors import NotFound, RuleViolation
from domain.office.office import Office
from domain.privacy.public_text import check_public_text
from domain.repository import Repository
from ledger.errors import ConcurrencyError
from ledger.events import Recorded, Sealed
from ledger.ledger import singleton_stream


class Topic(Aggregate):
    aggregate_type = "Topic"

    def __init__(self, id: str) -> None:
        super().__init__(id)
        self.number = ""
        self.proposed_on: date | None = None
        self.accepted: bool | None = None
        self.reason: str | None = None
        self.public_text: str | None = None
        self.item_ids: list[str] = []
        self.reply: str | None = None
        self.closed_on: date | None = None  # declined or answered: China date

    @property
    def status(self) -> str:
        if self.accepted is None:
            return "proposed"
        if not self.accepted:
            return "declined"
        return "answered" if self.reply or self.item_ids else "accepted"

    @classmethod
    def propose(
        cls, id: str, actor: Actor, at: datetime, *, number: str, on: date,
        text: str, contact: Mapping[str, Any],
    ) -> Topic:  # fmt: skip
        actor.require("request_handler")
        check_date(on, "on")
        topic = cls(id)
        topic._record(
            "Proposed", actor, at, number=check_text(number, "number"), proposed_on=on.isoformat(),
            text=Sealed(check_text(text, "text")), contact=Sealed(dict(contact)),
        )  # fmt: skip
        return topic

    def moderate(
        self, actor: Actor, at: datetime, *, accepted: bool, reason: str, public_text: str | None
    ) -> None:
        actor.require("approver")
        if self.accepted is not None:
            raise RuleViolation("TOPIC_ALREADY_MODERATED", f"topic {self.number} was moderated")
        text = check_public_text(public_text, "public_text", confirmed=True) if accepted else None
        self._record(
            "Moderated", actor, at, accepted=bool(accepted),
            reason=check_public_text(reason, "reason", confirmed=True), public_text=text,
        )  # fmt: skip

    def answer(
        self, actor: Actor, at: datetime, *, item_ids: Sequence[str], reply: str | None
    ) -> None:
        actor.require("approver")
        if self.accepted is not True:
            raise RuleViolation("TOPIC_NOT_ACCEPTED", "only an accepted topic is answered")
        if self.reply or self.item_ids:
            raise RuleViolation("TOPIC_ALREADY_ANSWERED", f"topic {self.number} was answered")
        items = [check_text(i, "item_ids") for i in item_ids]
        if not items and not reply:
            raise RuleViolation("TOPIC_ANSWER_EMPTY", "link published items or give a reply")
        text = None if reply is None else check_public_text(reply, "reply", confirmed=True)
        self._record("Answered", actor, at, item_ids=items, reply=text)

    def _on_Proposed(self, event: Recorded) -> None:
        self.number = event.data["number"]
        self.proposed_on = date.fromisoformat(event.data["proposed_on"])

    def _on_Moderated(self, event: Recorded) -> None:
        d = event.data
        self.accepted, self.reason, self.public_text = d["accepted"], d["reason"], d["public_text"]
        if not self.accepted:
            self.closed_on = local_date(event.at)

    def _on_Answered(self, event: Recorded) -> None:
        self.item_ids, self.reply = list(event.data["item_ids"]), event.data["reply"]
        self.closed_on = local_date(event.at)


class Topics:
    """The topics application service (get → call → save)."""

    def __init__(self, office: Office) -> None:
        self.office = office
        self.repo = Repository(office.ledger)

    def _stream(self, number: str) -> str:
        return singleton_stream(self.office.ledger.origin, f"topic:{number}")

    def get(self, number: str) -> Topic:
        topic = self.repo.load(Topic, number, self._stream(number), must_exist=False)
        if not topic.exists:
            raise NotFound(f"no topic {number}", number=number)
        return topic

    def propose(
        self, as_officer: str, at: datetime, *, on: date, text: str, contact: Mapping[str, Any]
    ) -> Topic:
        actor = self.office.actor(as_officer)
        for _ in range(10):
            number = f"DT{on:%Y%m%d}-{secrets.token_hex(3)}"
            topic = Topic.propose(
                number, actor, at, number=number, on=on, text=text, contact=contact
            )
            try:
                self.repo.save(topic, self._stream(number))
                return topic
            except ConcurrencyError:
                continue
        raise ConcurrencyError("could not allocate a topic number; try again")

    def moderate(
        self, number: str, as_officer: str, at: datetime, *, accepted: bool, reason: str,
        public_text: str | None,
    ) -> Topic:  # fmt: skip
        actor, topic = self.office.actor(as_officer), self.get(number)
        topic.moderate(actor, at, accepted=accepted, reason=reason, public_text=public_text)
        self.repo.save(topic, self._stream(number))
        return topic

    def answer(
        self, number: str, as_officer: str, at: datetime, *, item_ids: Sequence[str],
        reply: str | None,
    ) -> Topic:  # fmt: skip
        actor, topic = self.office.actor(as_officer), self.get(number)
        topic.answer(actor, at, item_ids=item_ids, reply=reply)
        self.repo.save(topic, self._stream(number))
        return topic
