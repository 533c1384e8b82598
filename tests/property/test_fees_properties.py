"""信息处理费 invariants: never negative, monotone, and the month's total is one bill."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from domain.disclosure_request.fee_schedule import fee_by_items, fee_by_pages

COUNTS = st.integers(min_value=0, max_value=2_000)


def slow_month_cost(total: int) -> int:
    """Item by item, straight from 国办函〔2020〕109号 第四条, in fen."""
    cost = 0
    for item in range(1, total + 1):
        if item > 30:
            cost += (100 + 100 * ((item - 31) // 10 + 1)) * 100
        elif item > 10:
            cost += 100 * 100
    return cost


@given(COUNTS, COUNTS)
def test_item_fee_is_never_negative(before: int, items: int) -> None:
    assert fee_by_items(before, items) >= 0


@given(COUNTS, COUNTS, COUNTS)
def test_item_fee_grows_with_the_items_requested(before: int, items: int, more: int) -> None:
    assert fee_by_items(before, items + more) >= fee_by_items(before, items)


@given(st.lists(st.integers(min_value=0, max_value=60), max_size=12))
def test_splitting_a_months_items_across_requests_costs_the_same_as_one_request(
    requests: list[int],
) -> None:
    billed, before = 0, 0
    for items in requests:
        billed += fee_by_items(before, items)
        before += items
    assert billed == fee_by_items(0, before)


@given(st.integers(min_value=0, max_value=500))
def test_item_fee_matches_the_item_by_item_schedule(total: int) -> None:
    assert fee_by_items(0, total) == slow_month_cost(total)


@given(COUNTS, COUNTS)
def test_page_fee_is_never_negative_and_grows_with_the_pages(pages: int, more: int) -> None:
    assert 0 <= fee_by_pages(pages) <= fee_by_pages(pages + more)
