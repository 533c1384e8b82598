"""Chinese-first labels with English, for everything the public pages name by a code."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Final

from domain.disclosure_request.outcomes import TABLE3_ROW
from domain.information_item.rules import (
    ATTRIBUTES,
    CATEGORIES,
    NON_DISCLOSURE_GROUNDS,
    SECRECY_RESULTS,
    WITHDRAWAL_REASONS,
    Choice,
)


def _table(choices: tuple[Choice, ...]) -> dict[str, str]:
    return {c.slug: c.label for c in choices}


CATEGORY: Final = _table(CATEGORIES)
ATTRIBUTE: Final = _table(ATTRIBUTES)
SECRECY: Final = _table(SECRECY_RESULTS)
WITHDRAWAL_REASON: Final = _table(WITHDRAWAL_REASONS)
NON_DISCLOSURE_GROUND: Final = _table(NON_DISCLOSURE_GROUNDS)
OUTCOME: Final = dict(TABLE3_ROW)

CATEGORY_EN: Final = {
    "rules": "Rules",
    "normative_documents": "Normative documents",
    "policy_interpretations": "Policy interpretations",
    "plans": "Plans",
    "statistics": "Statistics",
    "budgets": "Budgets and final accounts",
    "licensing": "Licensing",
    "penalties": "Penalties",
    "enforcement": "Enforcement",
    "fees": "Fees",
    "procurement": "Procurement",
    "personnel": "Personnel",
    "other": "Other",
}

ITEM_STATUS: Final = {
    "published": "已发布 Published",
    "withdrawn": "已撤回 Withdrawn",
    "withheld": "不予公开 Withheld",
}

VERSION_ORIGIN: Final = {
    "drafted": "原稿 Original",
    "redacted": "删减稿 Redacted",
    "corrected": "更正稿 Correction",
}

# The ledger's event types, as the step names of an item's or a request's history.
EVENT: Final = {
    "InformationItem.Drafted": "起草 Drafted",
    "InformationItem.AttributeReviewed": "属性审核 Attribute reviewed",
    "InformationItem.SecrecyReviewed": "保密审查 Secrecy reviewed",
    "InformationItem.Approved": "发布审核 Approved",
    "InformationItem.Published": "发布 Published",
    "InformationItem.Corrected": "更正 Corrected",
    "InformationItem.Withdrawn": "撤回 Withdrawn",
    "InformationItem.NonDisclosureFiled": "不予公开备案 Non-disclosure filed",
    "InformationItem.ClarificationPublished": "澄清 Clarification published",
}

REQUEST_STATUS: Final = {
    "received": "办理中 In progress",
    "awaiting_confirmation": "待确认收到 Awaiting confirmation",
    "awaiting_supplement": "待补正 Awaiting supplement",
    "consulting": "征求意见中 Consulting",
    "awaiting_fee": "待缴费 Awaiting fee",
    "answered": "已答复 Answered",
    "abandoned": "视为放弃 Deemed abandoned",
    "withdrawn": "申请人撤回 Withdrawn",
    "deemed_withdrawn": "视为撤回 Deemed withdrawn",
}

# Only organisations are named by type (the register's rule: nothing next to a person).
APPLICANT_TYPE: Final = {
    "commercial": "商业企业 Business",
    "research": "科研机构 Research institution",
    "public-interest": "社会公益组织 Public-interest organisation",
    "legal-services": "法律服务机构 Legal services",
    "other": "其他 Other organisation",
}

_TABLES: Final[dict[str, dict[str, str]]] = {
    "category": CATEGORY,
    "category_en": CATEGORY_EN,
    "attribute": ATTRIBUTE,
    "secrecy": SECRECY,
    "withdrawal_reason": WITHDRAWAL_REASON,
    "ground": NON_DISCLOSURE_GROUND,
    "outcome": OUTCOME,
    "item_status": ITEM_STATUS,
    "version_origin": VERSION_ORIGIN,
    "event": EVENT,
    "request_status": REQUEST_STATUS,
    "applicant_type": APPLICANT_TYPE,
}


def label(code: object, table: str) -> str:
    """The label of ``code`` in ``table``, or the code itself when there is none."""
    text = "" if code is None else str(code)
    return _TABLES[table].get(text, text)


BEIJING = timezone(timedelta(hours=8), "CST")


def beijing_time(stamp: object) -> str:
    """An entry's UTC time (``…Z``) as Beijing time, to the minute; odd input as is."""
    text = str(stamp)
    try:
        at = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return text
    return at.astimezone(BEIJING).strftime("%Y-%m-%d %H:%M")
