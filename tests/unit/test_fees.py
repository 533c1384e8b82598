"""信息处理费 (Art. 42, 国办函〔2020〕109号): amounts in fen, progressive on the excess."""

from __future__ import annotations

import pytest

from domain.disclosure_request.fee_schedule import fee_by_items, fee_by_pages
from domain.errors import DomainError, FeeError

YUAN = 100


class TestByItems:
    @pytest.mark.parametrize(
        ("items", "yuan"),
        [
            (0, 0),
            (10, 0),
            (11, 100),
            (30, 20 * 100),
            (31, 2000 + 200),
            (40, 2000 + 10 * 200),
            (41, 4000 + 300),
            (50, 4000 + 10 * 300),
            (51, 7000 + 400),
            (60, 7000 + 10 * 400),
        ],
    )
    def test_first_request_of_the_month_costs_the_progressive_total(
        self, items: int, yuan: int
    ) -> None:
        assert fee_by_items(0, items) == yuan * YUAN

    def test_ten_items_a_month_are_free(self) -> None:
        assert fee_by_items(5, 5) == 0

    def test_items_past_the_allowance_are_charged_at_the_band_they_fall_in(self) -> None:
        # 28 already this month: items 29 and 30 at 100 yuan, 31 to 33 at 200 yuan
        assert fee_by_items(28, 5) == (2 * 100 + 3 * 200) * YUAN

    def test_no_items_cost_nothing_however_many_came_before(self) -> None:
        assert fee_by_items(500, 0) == 0

    @pytest.mark.parametrize(("before", "items"), [(-1, 5), (5, -1)])
    def test_a_negative_count_is_refused(self, before: int, items: int) -> None:
        with pytest.raises(FeeError) as caught:
            fee_by_items(before, items)
        assert caught.value.code == "FEE_INVALID"


class TestByPages:
    @pytest.mark.parametrize(
        ("pages", "yuan"),
        [
            (0, 0),
            (30, 0),
            (31, 10),
            (100, 70 * 10),
            (101, 700 + 20),
            (200, 700 + 100 * 20),
            (201, 2700 + 40),
            (250, 2700 + 50 * 40),
        ],
    )
    def test_pages_are_charged_progressively_on_the_excess(self, pages: int, yuan: int) -> None:
        assert fee_by_pages(pages) == yuan * YUAN

    def test_a_negative_page_count_is_refused(self) -> None:
        with pytest.raises(FeeError) as caught:
            fee_by_pages(-1)
        assert caught.value.evidence == {"pages": -1}

    def test_fee_error_is_a_domain_error(self) -> None:
        assert issubclass(FeeError, DomainError)
