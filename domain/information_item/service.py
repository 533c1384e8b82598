"""政府信息 application service: the commands of proactive disclosure (主动公开), each
loaded from the ledger, decided by the ``InformationItem`` aggregate and saved as
signed entries (get → call → save).

The item's stream id is its id (a UUID). Document bytes go into the content-addressed
store first and the item records only their SHA-256, so the ledger proves which exact
text was reviewed, approved and published (先审查、后公开, 一事一审). A refused
self-approval is recorded on the officer's own stream before the error is re-raised:
accountability reviews (考核与责任追究, Arts. 47, 52, 53) see what was attempted.

Usage::

    items = InformationItems(office, content)
    item = items.draft("officer-0002", at, title=…, category="budgets", …, content=b"…")
    items.review_attribute(item.id, "officer-0005", at, attribute="proactive", basis="…")
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime

from domain.aggregate import Actor
from domain.checks import check_date, check_sha256
from domain.date_window import FORMED_ON, DateWindow
from domain.disclosure_request.view import local_date
from domain.errors import ItemNotFound, NotFound, RuleViolation
from domain.information_item.item import InformationItem
from domain.information_item.rules import SECRECY_SUBJECTS
from domain.office.office import Office
from ledger.content import ContentStore
from ledger.errors import ConcurrencyError
from ledger.events import Sealed
from ledger.ledger import new_stream_id

# Refusals an officer's own stream records (the rest are ordinary input errors).
RECORDED_REFUSALS = frozenset({"SELF_APPROVAL"})


class InformationItems:
    """The proactive-disclosure commands of one agency's ledger."""

    def __init__(
        self, office: Office, content: ContentStore, formed_window: DateWindow = FORMED_ON
    ) -> None:
        self.office = office
        self.content = content
        self.formed_window = formed_window
        self.repo = office.repo

    # --- reads ------------------------------------------------------------------------

    def get(self, item_id: str, expected_version: int | None = None) -> InformationItem:
        """The item replayed from its stream.

        Raises ItemNotFound, or ConcurrencyError when ``expected_version`` is given and
        the item has moved on (optimistic concurrency for clients that read first)."""
        if not _is_stream_id(item_id):
            raise ItemNotFound(f"no information item {item_id}", item=item_id)
        try:
            item = self.repo.load(InformationItem, item_id, item_id)
        except NotFound:
            raise ItemNotFound(f"no information item {item_id}", item=item_id) from None
        if expected_version is not None and item.version != expected_version:
            raise ConcurrencyError(
                f"item {item_id} is at version {item.version}, not {expected_version}",
                stream=item_id,
                expected=expected_version,
                actual=item.version,
            )
        return item

    # --- commands ---------------------------------------------------------------------

    def draft(
        self,
        as_officer: str,
        at: datetime,
        *,
        title: str,
        category: str,
        doc_number: str | None,
        formed_on: date,
        attribute: str,
        attribute_basis: str,
        content: bytes | None = None,
        content_sha256: str | None = None,
        sealed_title: bool = False,
        item_id: str | None = None,
    ) -> InformationItem:
        """Draft an item (its id: ``item_id`` or a new UUID). ``sealed_title`` keeps a
        classified title out of the entry: only a commitment is recorded."""
        actor = self.office.actor(as_officer)
        check_date(formed_on, "formed_on")
        self.formed_window.check(formed_on, "formed_on", today=local_date(at))
        item = InformationItem.draft(
            _new_item_id(item_id),
            actor,
            at,
            title=Sealed(title) if sealed_title else title,
            category=category,
            doc_number=doc_number,
            formed_on=formed_on,
            content_sha256=self._stored(content, content_sha256),
            attribute=attribute,
            attribute_basis=attribute_basis,
        )
        return self._save(item)

    def review_attribute(
        self,
        item_id: str,
        as_officer: str,
        at: datetime,
        *,
        attribute: str,
        basis: str,
        expected_version: int | None = None,
    ) -> InformationItem:
        actor, item = self.office.actor(as_officer), self.get(item_id, expected_version)
        item.review_attribute(actor, at, attribute=attribute, basis=basis)
        return self._save(item)

    def review_secrecy(
        self,
        item_id: str,
        as_officer: str,
        at: datetime,
        *,
        content_sha256: str,
        result: str,
        legal_basis: str | None = None,
        redacted: bytes | None = None,
        redacted_sha256: str | None = None,
        subject: str = "version",
        expected_version: int | None = None,
    ) -> InformationItem:
        """保密审查 of one exact content (``subject`` "version") or of the text of an
        Art. 6 clarification (``subject`` "clarification"); a pass with redactions
        names the redacted text, stored here when its bytes are given."""
        actor, item = self.office.actor(as_officer), self.get(item_id, expected_version)
        redacted_hash = (
            None
            if redacted is None and redacted_sha256 is None
            else self._stored(redacted, redacted_sha256, "redacted_sha256")
        )
        if subject not in SECRECY_SUBJECTS:
            raise RuleViolation("INVALID_SUBJECT", "subject is version or clarification")
        review = (
            item.review_clarification_secrecy if subject == "clarification" else item.review_secrecy
        )
        review(
            actor,
            at,
            content_sha256=content_sha256,
            result=result,
            legal_basis=legal_basis,
            redacted_sha256=redacted_hash,
        )
        return self._save(item)

    def approve(
        self,
        item_id: str,
        as_officer: str,
        at: datetime,
        *,
        content_sha256: str,
        expected_version: int | None = None,
    ) -> InformationItem:
        actor, item = self.office.actor(as_officer), self.get(item_id, expected_version)
        with self._recording_refusals(actor, item_id, "approve", at):
            item.approve(actor, at, content_sha256=content_sha256)
        return self._save(item)

    def publish(
        self,
        item_id: str,
        as_officer: str,
        at: datetime,
        *,
        content_sha256: str,
        channel: str,
        url: str | None,
        published_on: date,
        expected_version: int | None = None,
    ) -> InformationItem:
        """Publish the approved version; the Art. 26 deadline comes from the recorded
        working-day calendar, and a late publication is marked as such."""
        actor, item = self.office.actor(as_officer), self.get(item_id, expected_version)
        item.publish(
            actor,
            at,
            content_sha256=content_sha256,
            channel=channel,
            url=url,
            published_on=published_on,
            calendar=self.office.calendar(),
        )
        return self._save(item)

    def correct(
        self,
        item_id: str,
        as_officer: str,
        at: datetime,
        *,
        changed_on: date,
        reason: str,
        content: bytes | None = None,
        content_sha256: str | None = None,
        expected_version: int | None = None,
    ) -> InformationItem:
        actor, item = self.office.actor(as_officer), self.get(item_id, expected_version)
        digest = self._stored(content, content_sha256)
        item.correct(actor, at, content_sha256=digest, changed_on=changed_on, reason=reason)
        return self._save(item)

    def withdraw(
        self,
        item_id: str,
        as_officer: str,
        at: datetime,
        *,
        reason: str,
        legal_basis: str,
        withdrawn_on: date,
        expected_version: int | None = None,
    ) -> InformationItem:
        actor, item = self.office.actor(as_officer), self.get(item_id, expected_version)
        item.withdraw(actor, at, reason=reason, legal_basis=legal_basis, withdrawn_on=withdrawn_on)
        return self._save(item)

    def file_non_disclosure(
        self,
        item_id: str,
        as_officer: str,
        at: datetime,
        *,
        ground: str,
        basis: str,
        expected_version: int | None = None,
    ) -> InformationItem:
        actor, item = self.office.actor(as_officer), self.get(item_id, expected_version)
        item.file_non_disclosure(actor, at, ground=ground, basis=basis)
        return self._save(item)

    def clarify(
        self,
        item_id: str,
        as_officer: str,
        at: datetime,
        *,
        clarifies: str,
        channel: str,
        url: str | None,
        published_on: date,
        content: bytes | None = None,
        content_sha256: str | None = None,
        expected_version: int | None = None,
    ) -> InformationItem:
        """Publish an Art. 6 clarification whose text passed its own secrecy review."""
        actor, item = self.office.actor(as_officer), self.get(item_id, expected_version)
        item.publish_clarification(
            actor,
            at,
            content_sha256=self._stored(content, content_sha256),
            clarifies=clarifies,
            channel=channel,
            url=url,
            published_on=published_on,
        )
        return self._save(item)

    # --- helpers ----------------------------------------------------------------------

    def _save(self, item: InformationItem) -> InformationItem:
        """Save; return the item as replayed with its entries' leaf hashes (no I/O)."""
        stored = self.repo.save(item, item.id)
        kept = item.history[: len(item.history) - len(stored)]
        return InformationItem.replay(item.id, [*kept, *(s.recorded() for s in stored)])

    def _stored(
        self, content: bytes | None, sha256: str | None, field: str = "content_sha256"
    ) -> str:
        """The hash of content now in the store: ``content`` is stored; a bare hash must
        name bytes already uploaded (so every published hash can be downloaded)."""
        if content is not None:
            digest = self.content.put(content)
            if sha256 is not None and sha256 != digest:
                raise RuleViolation(
                    "HASH_MISMATCH",
                    f"{field} is not the SHA-256 of the given content",
                    expected=digest,
                    actual=sha256,
                )
            return digest
        if sha256 is None:
            raise RuleViolation("FIELD_REQUIRED", f"give the content or its {field}", field=field)
        check_sha256(sha256, field)
        if not self.content.exists(sha256):
            raise RuleViolation(
                "CONTENT_NOT_STORED", "upload the content before citing its hash", sha256=sha256
            )
        return sha256

    @contextmanager
    def _recording_refusals(
        self, actor: Actor, item_id: str, command: str, at: datetime
    ) -> Iterator[None]:
        try:
            yield
        except RuleViolation as exc:
            if exc.code in RECORDED_REFUSALS:
                self.office.record_refused(
                    actor, exc.code, item_id, f"InformationItem.{command}", at
                )
            raise


def _is_stream_id(value: str) -> bool:
    try:
        return str(uuid.UUID(value)) == value
    except (ValueError, TypeError, AttributeError):
        return False


def _new_item_id(item_id: str | None) -> str:
    if item_id is None:
        return new_stream_id()
    if not _is_stream_id(item_id):
        raise RuleViolation(
            "INVALID_ID", "an item id is a lowercase UUID", field="item_id", value=repr(item_id)
        )
    return item_id
