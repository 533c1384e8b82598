"""依申请公开: what a written answer (告知书, OGI Regulation Art. 36) must state besides its
outcome — the reasons and legal basis of a refusal or partial disclosure, and the
information provided (先审查后公开: only content that passed secrecy review).

Answer entries carry ``answer_schema`` 2 from this version on: ``reasons``,
``articles``, ``issuing_office`` and ``letter_sha256`` (the SHA-256 of the PDF letter
the applicant receives). Entries recorded before it have none of these fields and still
verify and replay: the fields are read with defaults.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, Final

from domain.checks import check_sha256
from domain.disclosure_request import outcomes, rules
from domain.errors import RuleViolation
from domain.privacy.public_text import check_public_text

ANSWER_SCHEMA: Final = 2
LAST_ARTICLE: Final = 56  # the OGI Regulation (State Council Order 711) has 56 articles
# "14", "36(三)", "37", "16 第二款": an article number, optionally its item or paragraph.
_ARTICLE = re.compile(
    r"(\d{1,2})(?:\s*[（(][一二三四五六七八九十]+[)）]|\s*第[一二三四五六七八九十]+款)*"
)

# Outcomes that close a request for the applicant's own default: the letter states the
# default (Art. 30; 109号), no further reasons are needed.
_DEFAULTS: Final = frozenset({outcomes.NO_SUPPLEMENT, outcomes.UNPAID_FEE})


def needs_reasons(outcome: str) -> bool:
    """A refusal, a partial disclosure or any other answer that gives less than asked."""
    return outcome != "disclosed" and outcome not in _DEFAULTS


def check_reasons(
    outcome: str, reasons: str | None, articles: Sequence[str]
) -> tuple[str | None, list[str]]:
    """Art. 36: a refusal or partial disclosure states its reasons and its legal basis
    (``REASONS_REQUIRED``); articles are the Regulation's (``ARTICLE_UNKNOWN``)."""
    if isinstance(articles, str):
        raise RuleViolation("ARTICLE_UNKNOWN", "articles must be a list", field="articles")
    cited = [check_article(a) for a in articles]
    text = reasons.strip() if isinstance(reasons, str) else None
    if text:
        # published with the answer: no bidi controls, not invisible only, and no ID or
        # mobile number (docs/privacy-fields.md)
        check_public_text(text, "reasons", confirmed=True)
    if needs_reasons(outcome) and (not text or not cited):
        raise RuleViolation(
            "REASONS_REQUIRED",
            f"outcome {outcome}: the answer must state its reasons and the articles it "
            "rests on (Art. 36)",
            outcome=outcome,
            missing="reasons" if not text else "articles",
        )
    return text or None, cited


def check_article(value: object) -> str:
    """An article of the Regulation, 1–56, optionally with its item (``ARTICLE_UNKNOWN``)."""
    text = value.strip() if isinstance(value, str) else ""
    match = _ARTICLE.fullmatch(text)
    if match is None or not 1 <= int(match.group(1)) <= LAST_ARTICLE:
        raise RuleViolation(
            "ARTICLE_UNKNOWN",
            f"article {value!r} is not an article of the OGI Regulation (1–{LAST_ARTICLE})",
            field="articles",
            value=repr(value),
        )
    return text


def check_content(outcome: str, items: int, content_sha256s: Sequence[str]) -> dict[str, Any]:
    """What was provided: a disclosing outcome names the reviewed content it provides
    (``CONTENT_REQUIRED``); any other outcome provides none (``CONTENT_NOT_ALLOWED``)."""
    count = rules.check_count(items, "items", "ITEMS_INVALID", 0)
    if isinstance(content_sha256s, str):
        raise RuleViolation("INVALID_HASH", "content_sha256s must be a list of SHA-256")
    hashes = [check_sha256(h, "content_sha256s") for h in content_sha256s]
    providing = outcome in outcomes.PROVIDING
    if not providing and (count or hashes):
        raise RuleViolation(
            "CONTENT_NOT_ALLOWED",
            f"outcome {outcome} provides no information",
            outcome=outcome,
            items=count,
        )
    if providing and (not hashes or count < len(hashes)):
        raise RuleViolation(
            "CONTENT_REQUIRED",
            f"outcome {outcome}: name the reviewed content provided (先审查后公开), "
            "at least one item, and count no fewer items than are named",
            outcome=outcome,
            items=count,
            named=len(hashes),
        )
    return {"items": count, "content_sha256s": hashes}
