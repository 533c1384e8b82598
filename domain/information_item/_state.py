"""The state of an InformationItem: the fold of its events, its read properties and the
guards its commands share. The commands (the decisions) are in ``information_item``."""

from __future__ import annotations

from datetime import date

from domain.aggregate import Aggregate
from domain.errors import ItemNotFound, RuleViolation
from domain.information_item.versions import (
    Clarification,
    ClarificationReview,
    EntryRef,
    NonDisclosure,
    Version,
    Withdrawal,
)
from ledger.events import Recorded


class ItemState(Aggregate):
    def __init__(self, id: str) -> None:
        super().__init__(id)
        self._title: str | None = None
        self._title_sealed = False
        self._category = ""
        self._doc_number: str | None = None
        self._proposed_attribute = ""
        self._attribute: str | None = None
        self._versions: list[Version] = []
        self._clarification_reviews: dict[str, ClarificationReview] = {}
        self._clarifications: list[Clarification] = []
        self._withdrawal: Withdrawal | None = None
        self._non_disclosure: NonDisclosure | None = None

    # --- read -----------------------------------------------------------------------

    @property
    def title(self) -> str | None:
        """The title; None when it was sealed (classified items)."""
        return self._title

    @property
    def title_sealed(self) -> bool:
        return self._title_sealed

    @property
    def category(self) -> str:
        return self._category

    @property
    def doc_number(self) -> str | None:
        """文号, if the item has one."""
        return self._doc_number

    @property
    def formed_on(self) -> date | None:
        return self._versions[0].since if self._versions else None

    @property
    def proposed_attribute(self) -> str:
        return self._proposed_attribute

    @property
    def attribute(self) -> str | None:
        """The reviewed attribute (属性审核); None until reviewed."""
        return self._attribute

    @property
    def status(self) -> str:
        """withheld | withdrawn | published (a version is public) | approved (the current
        version) | reviewed (attribute reviewed, current version passed secrecy) | draft."""
        if self._non_disclosure is not None:
            return "withheld"
        if self._withdrawal is not None:
            return "withdrawn"
        if self._live is not None:
            return "published"
        current = self._versions[-1] if self._versions else None
        if current is not None and current.approved_by is not None:
            return "approved"
        if current is not None and self._attribute and current.secrecy == "passed":
            return "reviewed"
        return "draft"

    @property
    def versions(self) -> tuple[Version, ...]:
        """Every version, oldest first; the last is the current one."""
        return tuple(self._versions)

    @property
    def current_sha256(self) -> str | None:
        return self._versions[-1].content_sha256 if self._versions else None

    @property
    def drafter(self) -> str | None:
        """The officer who drafted (or last corrected) the current version."""
        return self._versions[-1].drafter if self._versions else None

    @property
    def published_sha256(self) -> str | None:
        """The hash the public sees now: the latest published version, unless withdrawn."""
        live = self._live
        return live.content_sha256 if live is not None else None

    @property
    def clarifications(self) -> tuple[Clarification, ...]:
        return tuple(self._clarifications)

    @property
    def withdrawal(self) -> Withdrawal | None:
        return self._withdrawal

    @property
    def non_disclosure(self) -> NonDisclosure | None:
        return self._non_disclosure

    @property
    def _live(self) -> Version | None:
        if self._withdrawal is not None:
            return None
        published = [v for v in self._versions if v.published_on is not None]
        return published[-1] if published else None

    # --- guards ---------------------------------------------------------------------

    def _check_open(self) -> None:
        """The item exists and is neither withheld nor withdrawn (both are final)."""
        if not self.exists:
            raise ItemNotFound(f"no information item {self.id}", item=self.id)
        if self._non_disclosure is not None:
            raise RuleViolation("ITEM_WITHHELD", "the item is filed as 不予公开", item=self.id)
        if self._withdrawal is not None:
            raise RuleViolation("ALREADY_WITHDRAWN", "the item is withdrawn", item=self.id)

    def _check_live(self) -> Version:
        live = self._live
        if live is None:
            raise RuleViolation("NOT_PUBLISHED", "the item is not published", item=self.id)
        return live

    def _check_attribute_reviewed(self) -> None:
        if self._attribute is None:
            raise RuleViolation("ATTRIBUTE_REVIEW_MISSING", "the attribute is not reviewed")

    def _check_current(self, content_sha256: str) -> Version:
        current = self._versions[-1]
        if content_sha256 != current.content_sha256:
            raise RuleViolation(
                "HASH_NOT_CURRENT",
                "the hash is not the current version's",
                expected=current.content_sha256,
                actual=content_sha256,
            )
        return current

    # --- events ---------------------------------------------------------------------

    def _on_Drafted(self, event: Recorded) -> None:
        data, ref = event.data, EntryRef.of(event)
        title = data["title"]
        # sealed: None while pending, a commitment object when replayed from the ledger
        self._title = title if isinstance(title, str) else None
        self._title_sealed = not isinstance(title, str)
        self._category = data["category"]
        self._doc_number = data["doc_number"]
        self._proposed_attribute = data["proposed_attribute"]
        since = date.fromisoformat(data["formed_on"])
        self._versions.append(
            Version(data["content_sha256"], since, "drafted", event.actor, entries=(ref,))
        )

    def _on_AttributeReviewed(self, event: Recorded) -> None:
        self._attribute = event.data["attribute"]

    def _on_SecrecyReviewed(self, event: Recorded) -> None:
        data = event.data
        if data["subject"] == "clarification":
            self._on_clarification_reviewed(event)
            return
        current = self._versions[-1].after(
            event, secrecy=data["result"], secrecy_reviewer=event.actor
        )
        self._versions[-1] = current
        if data["redacted_sha256"] is not None:
            # the redacted text is what may be published; it keeps the Art. 26 clock
            redacted = Version(
                data["redacted_sha256"],
                current.since,
                "redacted",
                current.drafter,
                redacted_by=event.actor,
                entries=(EntryRef.of(event),),
            )
            self._versions.append(redacted)

    def _on_clarification_reviewed(self, event: Recorded) -> None:
        data = event.data
        reviews = self._clarification_reviews
        reviews[data["content_sha256"]] = ClarificationReview(data["result"], EntryRef.of(event))
        if data["redacted_sha256"] is not None:
            reviews.setdefault(data["redacted_sha256"], ClarificationReview(None, None))

    def _on_Approved(self, event: Recorded) -> None:
        self._versions[-1] = self._versions[-1].after(event, approved_by=event.actor)

    def _on_Published(self, event: Recorded) -> None:
        data = event.data
        self._versions[-1] = self._versions[-1].after(
            event,
            published_on=date.fromisoformat(data["published_on"]),
            publish_by=date.fromisoformat(data["publish_by"]),
            publish_by_provisional=data["publish_by_provisional"],
            late=data["late"],
        )

    def _on_Corrected(self, event: Recorded) -> None:
        data, ref = event.data, EntryRef.of(event)
        since = date.fromisoformat(data["changed_on"])
        self._versions.append(
            Version(data["content_sha256"], since, "corrected", event.actor, entries=(ref,))
        )

    def _on_Withdrawn(self, event: Recorded) -> None:
        data = event.data
        withdrawn_on = date.fromisoformat(data["withdrawn_on"])
        index = max(i for i, v in enumerate(self._versions) if v.published_on is not None)
        self._versions[index] = self._versions[index].after(event, withdrawn_on=withdrawn_on)
        self._withdrawal = Withdrawal(
            data["content_sha256"],
            data["reason"],
            data["legal_basis"],
            withdrawn_on,
            EntryRef.of(event),
        )

    def _on_NonDisclosureFiled(self, event: Recorded) -> None:
        data = event.data
        self._non_disclosure = NonDisclosure(
            data["content_sha256"], data["ground"], data["basis"], EntryRef.of(event)
        )

    def _on_ClarificationPublished(self, event: Recorded) -> None:
        data = event.data
        review = self._clarification_reviews[data["content_sha256"]].entry
        self._clarifications.append(
            Clarification(
                data["content_sha256"],
                data["clarifies"],
                data["channel"],
                data["url"],
                date.fromisoformat(data["published_on"]),
                tuple(e for e in (review, EntryRef.of(event)) if e is not None),
            )
        )
