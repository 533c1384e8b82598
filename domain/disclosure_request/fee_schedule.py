"""信息处理费 — information processing fees: OGI Regulation Art. 42, 国办函〔2020〕109号.

Both standards are progressive on the excess (超额累进, 办法 第三条); an agency applies one
of them to a request, never both. Amounts are integer fen (1 yuan = 100 fen).

- 按件计收 (第四条): items one applicant requested in one natural month, cumulated:
  up to 10 free; items 11–30 at 100 yuan; from item 31, bands of 10 items, each band
  100 yuan per item dearer than the one before (31–40 at 200, 41–50 at 300, …).
- 按量计收 (第五条): pages of one request: up to 30 free; pages 31–100 at 10 yuan;
  101–200 at 20 yuan; from 201 at 40 yuan.
"""

from __future__ import annotations

from domain.errors import FeeError

FEN_PER_YUAN = 100

_FREE_ITEMS = 10
_FLAT_ITEMS_LAST = 30
_FLAT_ITEM_YUAN = 100
_BAND_ITEMS = 10
_BAND_STEP_YUAN = 100

# (pages above which, yuan added per page): the marginal rate is 0, 10, 20, then 40 yuan
_PAGE_RATE_STEPS: tuple[tuple[int, int], ...] = ((30, 10), (100, 10), (200, 20))


def fee_by_items(items_before: int, items: int) -> int:
    """Fee in fen for ``items`` more items, ``items_before`` already requested this month."""
    _check_counts(items_before=items_before, items=items)
    added_yuan = _month_cost_yuan(items_before + items) - _month_cost_yuan(items_before)
    return added_yuan * FEN_PER_YUAN


def fee_by_pages(pages: int) -> int:
    """Fee in fen for a request of ``pages`` pages."""
    _check_counts(pages=pages)
    fee_yuan = sum(max(0, pages - above) * extra for above, extra in _PAGE_RATE_STEPS)
    return fee_yuan * FEN_PER_YUAN


def _month_cost_yuan(total: int) -> int:
    """What ``total`` items in one natural month cost altogether, in yuan."""
    flat = max(0, min(total, _FLAT_ITEMS_LAST) - _FREE_ITEMS) * _FLAT_ITEM_YUAN
    full_bands, rest = divmod(max(0, total - _FLAT_ITEMS_LAST), _BAND_ITEMS)
    # band k (k = 1, 2, …) costs flat + k × step per item
    price_sum = full_bands * _FLAT_ITEM_YUAN + _BAND_STEP_YUAN * full_bands * (full_bands + 1) // 2
    next_price = _FLAT_ITEM_YUAN + _BAND_STEP_YUAN * (full_bands + 1)
    return flat + _BAND_ITEMS * price_sum + rest * next_price


def _check_counts(**counts: int) -> None:
    negative = {name: value for name, value in counts.items() if value < 0}
    if negative:
        raise FeeError(f"counts must not be negative: {negative}", **negative)
