"""Invariants of Table 3 for any set of requests: the template's cross-checks hold in
every year, and what one year carries out is what the next carries in."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from domain.disclosure_request.outcomes import OUTCOME_CODES
from domain.reporting import tables as layout
from domain.reporting.annual_report import RequestFacts, annual_report, table3

TYPES = [slug for slug, _ in layout.APPLICANT_COLUMNS]
CLOSINGS = {
    "answered": None,
    "abandoned": "other.no_supplement",
    "withdrawn": None,
    "deemed_withdrawn": "other.unpaid_fee",
}


@st.composite
def requests(draw: st.DrawFn) -> RequestFacts:
    receipt = draw(st.none() | st.dates(date(2023, 1, 1), date(2027, 12, 31)))
    closed_as = draw(st.none() | st.sampled_from(sorted(CLOSINGS)))
    closed = None
    outcome = None
    if closed_as is not None and receipt is not None:
        closed = (receipt + timedelta(days=draw(st.integers(0, 500)))).isoformat()
        outcome = CLOSINGS[closed_as] or (
            draw(st.sampled_from(OUTCOME_CODES)) if closed_as == "answered" else None
        )
    else:
        closed_as = None
    return RequestFacts(
        "s",
        "n",
        draw(st.sampled_from(TYPES)),
        None if receipt is None else receipt.isoformat(),
        closed_as,
        closed,
        outcome,
    )


@given(st.lists(requests(), max_size=40), st.integers(2023, 2028))
def test_the_cross_checks_hold_in_every_year_for_any_requests(
    rows: list[RequestFacts], year: int
) -> None:
    report = annual_report(year, rows, [], [], [])
    assert [c for c in report.cross_checks() if not c.holds] == []


@given(st.lists(requests(), max_size=40), st.integers(2023, 2028))
def test_what_one_year_carries_out_the_next_carries_in(rows: list[RequestFacts], year: int) -> None:
    out = table3(year, rows).row(layout.CARRIED_OUT).values
    assert table3(year + 1, rows).row(layout.CARRIED_IN).values == out
