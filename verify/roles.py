"""Which role an officer's key must carry to sign each entry type.

This table is part of the verification contract: the verifier checks, for every
entry, that the signing key was registered with the role its type requires at that
log position. ``ROOT`` entries must be signed by the agency root key (actor
``root``); ``ANY`` entries need a registered, unrevoked key held by the actor and no
particular role (an officer recording something about themselves).
"""

from __future__ import annotations

from typing import Final

ROOT: Final = "root"
ANY: Final = "*"

ROLES: Final = (
    "drafter",
    "attribute_reviewer",
    "secrecy_reviewer",
    "approver",
    "request_handler",
    "office_head",
    "inspector",
    "admin",
)

_KEYRING = {name: ROOT for name in ("RootDeclared", "KeyRegistered", "KeyRevoked")}
_AGENCY = {name: "admin" for name in ("Registered", "UnitAdded", "GuidePublished")}
_OFFICER = {
    "Appointed": "admin",
    "RolesChanged": "admin",
    "Left": "admin",
    "AttemptRefused": ANY,
}
_ITEM = {
    "Drafted": "drafter",
    "AttributeReviewed": "attribute_reviewer",
    "SecrecyReviewed": "secrecy_reviewer",
    "Approved": "approver",
    "Published": "approver",
    "Corrected": "drafter",
    "Withdrawn": "approver",
    "NonDisclosureFiled": "approver",
    "ClarificationPublished": "approver",
}
_REQUEST = {
    name: "request_handler"
    for name in (
        "Received",
        "ReceiptConfirmed",
        "SupplementRequested",
        "Supplemented",
        "DeemedAbandoned",
        "ConsultationStarted",
        "ConsultationEnded",
        "FeeNoticed",
        "ItemsCounted",
        "FeeNoticeReceived",
        "FeePaid",
        "DeemedWithdrawn",
        "Answered",
        "WithdrawnByApplicant",
        "ReconsiderationFiled",
        "ReconsiderationDecided",
        "LawsuitFiled",
        "LawsuitDecided",
        "Reanswered",
        "LetterIssued",
        "ThirdPartyNotified",
        "ReasonsAsked",
    )
} | {"Extended": "office_head", "ReasonablePeriodSet": "office_head", "DeadlineRecomputed": "admin"}
_CALENDAR = {"YearRecorded": "admin"}
_REPORT = {"Published": "office_head"}
_NARRATIVE = {"NarrativeDrafted": "drafter", "NarrativeApproved": "office_head"}
_STATISTICS = {"FigureRecorded": "office_head"}
_REMEDY_CASE = {"Filed": "request_handler", "Decided": "request_handler"}
_COMPLAINT = {"Filed": "request_handler", "Answered": "office_head"}
_TOPIC = {"Proposed": "request_handler", "Moderated": "approver", "Answered": "approver"}
# An opening is recorded by the officer who opens (the domain checks their roles);
# an erasure by an admin.
_PERSONAL_DATA = {"Opened": ANY, "Erased": "admin"}

REQUIRED_ROLE: Final[dict[str, str]] = {
    f"{aggregate}.{event}": role
    for aggregate, table in (
        ("Keyring", _KEYRING),
        ("Agency", _AGENCY),
        ("Officer", _OFFICER),
        ("InformationItem", _ITEM),
        ("DisclosureRequest", _REQUEST),
        ("Calendar", _CALENDAR),
        ("AnnualReport", _REPORT),
        ("ReportNarrative", _NARRATIVE),
        ("Statistics", _STATISTICS),
        ("RemedyCase", _REMEDY_CASE),
        ("Complaint", _COMPLAINT),
        ("Topic", _TOPIC),
        ("PersonalData", _PERSONAL_DATA),
    )
    for event, role in table.items()
}
