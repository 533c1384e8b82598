"""信息处理费 invariants: never negative, monotone, and the month's total is one bill."""

from __future__ import annotations

from datetime import date
from random import Random

from hypothesis import given
from hypothesis import strategies as st

from domain.disclosure_request.fee_order import MonthRequest, check_receipt_order, items_before
from domain.disclosure_request.fee_schedule import fee_by_items, fee_by_pages
from domain.errors import RuleViolation

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


# --- 109号 in order of receipt: one applicant's month, notices in any order ---------------

RECEIPTS = st.lists(
    st.tuples(st.integers(min_value=1, max_value=28), st.integers(min_value=1, max_value=15)),
    min_size=1,
    max_size=25,
)


def notice_all(receipts: list[tuple[int, int]], order: list[int]) -> dict[str, int]:
    """Receive the requests in receipt order, then notice each (in ``order``) for its items
    as the application service does; return the fee each notice recorded."""
    month = [
        MonthRequest(f"2026-{serial:04d}", date(2026, 3, day))
        for serial, (day, _) in enumerate(sorted(receipts), start=1)
    ]
    counts = {r.number: items for r, (_, items) in zip(month, sorted(receipts), strict=True)}
    fees: dict[str, int] = {}
    for index in order:
        this = month[index]
        count = counts[this.number]
        try:
            check_receipt_order(month, this, count)
        except RuleViolation:
            count = 1  # the officer charges it as the one item it is counted as
        fee = fee_by_items(items_before(month, this), count)
        if fee:  # within the free items the count alone is recorded (ItemsCounted)
            fees[this.number] = fee
        month[index] = MonthRequest(this.number, this.received_on, count)
    scheduled, running = {}, 0
    for request in sorted(month, key=lambda r: r.order):
        if request.number in fees:
            scheduled[request.number] = fee_by_items(running, request.items)
        running += request.items
    assert fees == scheduled  # every fee is the schedule's, in receipt order, as noticed
    return fees


@given(RECEIPTS, st.randoms(use_true_random=False))
def test_item_fees_follow_the_cumulative_schedule_in_receipt_order(
    receipts: list[tuple[int, int]], random: Random
) -> None:
    order = list(range(len(receipts)))
    random.shuffle(order)
    fees = notice_all(receipts, order)
    in_receipt_order = notice_all(receipts, list(range(len(receipts))))
    total = sum(items for _, items in receipts)
    assert sum(in_receipt_order.values()) == fee_by_items(0, total)
    assert sum(fees.values()) <= fee_by_items(0, total)  # less only where FEE_ORDER held


@given(st.integers(min_value=1, max_value=40))
def test_n_single_item_requests_cost_only_the_items_beyond_the_tenth(n: int) -> None:
    fees = notice_all([(2, 1)] * n, list(reversed(range(n))))
    assert sum(fees.values()) == fee_by_items(0, n)
    assert sorted(fees) == [f"2026-{serial:04d}" for serial in range(11, n + 1)]
