"""The closed vocabularies of 政府信息 (government information items), with Chinese labels,
and the checks on InformationItem command arguments.

Slugs are what events record (stable, ASCII); labels are for people.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from domain.checks import check_choice, check_optional_text, check_sha256, check_text
from domain.errors import RuleViolation
from ledger.events import Sealed

_URL = re.compile(r"https?://[^\s]+")


@dataclass(frozen=True, slots=True)
class Choice:
    slug: str
    label: str


# 政务信息公开目录 categories; OGI Regulation Arts. 19–20 list what must be disclosed
# proactively, and the annual report (Table 2) counts rules, normative documents,
# licensing, penalties, enforcement and fees separately.
CATEGORIES: Final = (
    Choice("rules", "规章"),
    Choice("normative_documents", "行政规范性文件"),
    Choice("policy_interpretations", "政策解读"),
    Choice("plans", "规划计划"),
    Choice("statistics", "统计信息"),
    Choice("budgets", "财政预决算"),
    Choice("licensing", "行政许可"),
    Choice("penalties", "行政处罚"),
    Choice("enforcement", "行政强制"),
    Choice("fees", "行政事业性收费"),
    Choice("procurement", "政府采购"),
    Choice("personnel", "人事信息"),
    Choice("other", "其他"),
)

# 属性审核: every item is proposed, then reviewed, as one of these.
ATTRIBUTES: Final = (
    Choice("proactive", "主动公开"),
    Choice("on_request", "依申请公开"),
    Choice("withheld", "不予公开"),
)

# 保密审查 (Art. 17) outcomes.
SECRECY_RESULTS: Final = (
    Choice("passed", "通过"),
    Choice("failed", "不通过"),
    Choice("passed_with_redactions", "删减后通过"),
)

# What a secrecy review examines: a version of the item, or an Art. 6 clarification.
SECRECY_SUBJECTS: Final = ("version", "clarification")

WITHDRAWAL_REASONS: Final = (
    Choice("repealed_or_expired", "已废止或失效"),
    Choice("error", "内容有误"),
    Choice("secrecy", "涉及秘密"),
    Choice("other", "其他"),
)

# 不予公开 is lawful only on the grounds of Arts. 14, 15 and 16; they map onto rows
# 三（三）1–7 of annual report Table 3.
NON_DISCLOSURE_GROUNDS: Final = (
    Choice("art14.state_secret", "属于国家秘密"),
    Choice("art14.prohibited_by_law", "法律、行政法规禁止公开"),
    Choice("art14.security_stability", "危及国家安全、公共安全、经济安全、社会稳定"),
    Choice("art15.third_party_rights", "涉及商业秘密、个人隐私等，公开会损害第三方合法权益"),
    Choice("art16.internal_affairs", "人事管理、后勤管理、内部工作流程等内部事务信息"),
    Choice("art16.process_information", "讨论记录、过程稿、磋商信函、请示报告等过程性信息"),
    Choice("art16.enforcement_file", "行政执法案卷信息"),
)

# Art. 26: publish within 20 working days of the information being formed or changed.
PUBLISH_WITHIN_WORKING_DAYS: Final = 20


def slugs(choices: tuple[Choice, ...]) -> frozenset[str]:
    return frozenset(choice.slug for choice in choices)


# --- checks on command arguments, before anything is recorded ------------------------


def check_title(title: object) -> str | Sealed:
    """A non-blank title, or a Sealed one (titles of classified items, DESIGN.md)."""
    if isinstance(title, Sealed):
        check_text(title.value, "title")
        return title
    return check_text(title, "title")


def check_url(url: object) -> str | None:
    """None (paper channels: 政府公报, 报刊) or an http(s) URL (``INVALID_URL``)."""
    if url is None:
        return None
    if not isinstance(url, str) or _URL.fullmatch(url) is None:
        raise RuleViolation("INVALID_URL", "url must be an http(s) URL", url=repr(url))
    return url


def secrecy_data(
    subject: str,
    content_sha256: object,
    result: object,
    legal_basis: object,
    redacted_sha256: object,
) -> dict[str, str | None]:
    """The data of a SecrecyReviewed event; a refusal needs its legal basis (Art. 17)."""
    content = check_sha256(content_sha256)
    outcome = check_choice(result, slugs(SECRECY_RESULTS), "INVALID_SECRECY_RESULT", "result")
    redacts = outcome == "passed_with_redactions"
    if redacts and redacted_sha256 is None:
        raise RuleViolation("REDACTED_HASH_REQUIRED", "a redaction names the redacted content")
    if not redacts and redacted_sha256 is not None:
        raise RuleViolation(
            "REDACTED_HASH_UNEXPECTED", "only a pass with redactions names redacted content"
        )
    redacted = None if redacted_sha256 is None else check_sha256(redacted_sha256, "redacted_sha256")
    if redacted == content:
        raise RuleViolation("HASH_UNCHANGED", "the redacted content equals the reviewed one")
    basis = (
        check_optional_text(legal_basis, "legal_basis")
        if outcome == "passed"
        else check_text(legal_basis, "legal_basis")
    )
    return {
        "subject": subject,
        "content_sha256": content,
        "result": outcome,
        "legal_basis": basis,
        "redacted_sha256": redacted,
    }
