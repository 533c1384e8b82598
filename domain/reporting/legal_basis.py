"""The legal basis of each recorded step: the articles of the OGI Regulation (政府信息公开
条例, State Council Order 711) that govern its event type, and the basis the officer
recorded in the entry itself (legal_basis, basis, ground, reason …)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

ARTICLES: Final[dict[str, str]] = {
    "InformationItem.Drafted": "Arts. 19–20, 26",
    "InformationItem.AttributeReviewed": "Arts. 13–16, 19–20",
    "InformationItem.SecrecyReviewed": "Art. 17",
    "InformationItem.Approved": "Art. 17",
    "InformationItem.Published": "Arts. 23–26",
    "InformationItem.Corrected": "Art. 26",
    "InformationItem.Withdrawn": "Arts. 17, 26",
    "InformationItem.NonDisclosureFiled": "Arts. 14–16",
    "InformationItem.ClarificationPublished": "Art. 6",
    "DisclosureRequest.Received": "Arts. 29, 31",
    "DisclosureRequest.ReceiptConfirmed": "Art. 31",
    "DisclosureRequest.SupplementRequested": "Art. 30",
    "DisclosureRequest.Supplemented": "Art. 30",
    "DisclosureRequest.DeemedAbandoned": "Art. 30",
    "DisclosureRequest.ConsultationStarted": "Arts. 32, 34",
    "DisclosureRequest.ConsultationEnded": "Arts. 32, 34",
    "DisclosureRequest.ThirdPartyNotified": "Art. 32",
    "DisclosureRequest.Extended": "Art. 33",
    "DisclosureRequest.ReasonsAsked": "Art. 35",
    "DisclosureRequest.ReasonablePeriodSet": "Art. 35",
    "DisclosureRequest.FeeNoticed": "Art. 42; 国办函〔2020〕109号",
    "DisclosureRequest.ItemsCounted": "Art. 42; 国办函〔2020〕109号",
    "DisclosureRequest.FeeNoticeReceived": "国办函〔2020〕109号",
    "DisclosureRequest.FeePaid": "Art. 42",
    "DisclosureRequest.DeemedWithdrawn": "国办函〔2020〕109号",
    "DisclosureRequest.Answered": "Arts. 33, 35–39",
    "DisclosureRequest.ReconsiderationFiled": "Art. 51",
    "DisclosureRequest.ReconsiderationDecided": "Art. 51",
    "DisclosureRequest.LawsuitFiled": "Art. 51",
    "DisclosureRequest.LawsuitDecided": "Art. 51",
    "DisclosureRequest.DeadlineRecomputed": "Art. 33",
    "DisclosureRequest.Reanswered": "Arts. 36, 51",
    "DisclosureRequest.LetterIssued": "Arts. 30, 32–34, 42",
    "Officer.AttemptRefused": "Arts. 47, 52–53",
    "AnnualReport.Published": "Arts. 49–50",
    "ReportNarrative.NarrativeDrafted": "Arts. 49–50; 国办公开办函〔2021〕30号",
    "ReportNarrative.NarrativeApproved": "Arts. 49–50; 国办公开办函〔2021〕30号",
    "Statistics.FigureRecorded": "Arts. 20, 50; 国办公开办函〔2021〕30号",
    "RemedyCase.Filed": "Art. 51",
    "RemedyCase.Decided": "Art. 51",
}

# Answers: the article under which each Table 3 outcome is given.
OUTCOME_ARTICLES: Final[dict[str, str]] = {
    "disclosed": "Art. 36 (一)(二)",
    "partially_disclosed": "Art. 37",
    "withheld.state_secret": "Art. 14; Art. 36 (三)",
    "withheld.prohibited_by_law": "Art. 14; Art. 36 (三)",
    "withheld.security_stability": "Art. 14; Art. 36 (三)",
    "withheld.third_party_rights": "Art. 15; Art. 36 (三)",
    "withheld.internal_affairs": "Art. 16; Art. 36 (三)",
    "withheld.process_information": "Art. 16; Art. 36 (三)",
    "withheld.enforcement_file": "Art. 16; Art. 36 (三)",
    "withheld.administrative_query": "Art. 36 (七)",
    "unavailable.not_held": "Art. 36 (四)(五)",
    "unavailable.needs_creation": "Art. 38",
    "unavailable.still_unclear": "Art. 30",
    "not_processed.petition_complaint": "Art. 39",
    "not_processed.duplicate": "Art. 36 (六)",
    "not_processed.publication": "Art. 39",
    "not_processed.excessive": "Art. 35",
    "not_processed.confirm_or_reissue": "Arts. 36–39",
    "other.no_supplement": "Art. 30",
    "other.unpaid_fee": "国办函〔2020〕109号",
    "other.other": "Arts. 35–39",
}

# Fields in which an officer records the basis of a step, in the order shown.
BASIS_FIELDS: Final = (
    "legal_basis",
    "basis",
    "attribute_basis",
    "ground",
    "reason",
    "justification",
    "result",
    "outcome",
    "code",
)


def legal_basis(entry_type: str, data: Mapping[str, Any]) -> dict[str, Any]:
    """The articles governing ``entry_type`` and the basis recorded in ``data``."""
    articles = ARTICLES.get(entry_type)
    outcome = data.get("outcome")
    if isinstance(outcome, str) and outcome in OUTCOME_ARTICLES:
        extra = OUTCOME_ARTICLES[outcome]
        articles = f"{articles}; {extra}" if articles else extra
    recorded = {
        name: data[name] for name in BASIS_FIELDS if isinstance(data.get(name), str | int | bool)
    }
    return {"articles": articles, "recorded": recorded}
