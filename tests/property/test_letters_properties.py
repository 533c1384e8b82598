"""Letters are a function of their entry: whatever an officer writes as reasons, the
letter renders (no error, whatever the font lacks) and renders to the same PDF bytes
every time — the property the hash recorded in the ledger rests on."""

from __future__ import annotations

import warnings

from hypothesis import given, settings
from hypothesis import strategies as st

from api.letters import render
from domain.disclosure_request.letters import letter_for
from domain.disclosure_request.outcomes import OUTCOME_CODES


@settings(max_examples=5, deadline=None)
@given(
    st.text(min_size=1, max_size=300),
    st.sampled_from(OUTCOME_CODES),
    st.lists(st.sampled_from(["14", "15", "16", "36(三)", "37", "33 第二款"]), max_size=3),
)
def test_any_reasons_render_to_the_same_pdf_twice(
    reasons: str, outcome: str, articles: list[str]
) -> None:
    data = {"answered_on": "2026-03-12", "outcome": outcome, "reasons": reasons}
    letter = letter_for(
        "answer", "2026-0001", data | {"articles": articles}, "示范市人民政府办公室"
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # fpdf2 names glyphs the font lacks
        first, second = render(letter), render(letter)
    assert first.pdf == second.pdf and first.pdf.startswith(b"%PDF-")
    assert first.html == second.html
