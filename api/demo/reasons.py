"""Demo answers' reasons and legal basis (Art. 36): a sentence naming the Table 3 row,
and the articles the row rests on (``domain.reporting.legal_basis.OUTCOME_ARTICLES``)."""

from __future__ import annotations

import re
from typing import Any

from domain.disclosure_request.answer_reasons import needs_reasons
from domain.disclosure_request.outcomes import TABLE3_ROW
from domain.reporting.legal_basis import OUTCOME_ARTICLES

# "Art. 14; Art. 36 (三)" → 14, 36(三); "Arts. 36–39" → 36
_CITED = re.compile(r"Arts?\. (\d+)(?:–\d+)?(?: ((?:\([一二三四五六七八九十]+\))+))?")


def reasons_of(outcome: str) -> dict[str, Any]:
    """``reasons`` and ``articles`` for an answer with ``outcome`` (none if disclosed)."""
    if not needs_reasons(outcome):
        return {}
    articles = [n + (items or "") for n, items in _CITED.findall(OUTCOME_ARTICLES[outcome])]
    reasons = f"经审查，本申请的办理结果为：{TABLE3_ROW[outcome]}。"
    return {"reasons": reasons, "articles": articles}
