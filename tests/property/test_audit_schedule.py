"""The self-audit's schedule: a first round over everything, newest first, then the
newest tenth often and the rest in a rolling window, every step within its budget."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from ledger.audit_schedule import AuditSchedule

sizes = st.integers(min_value=1, max_value=5000)
batches = st.integers(min_value=1, max_value=700)


def _covered(spans: list[tuple[int, int]]) -> set[int]:
    return {i for start, stop in spans for i in range(start, stop)}


@given(sizes, batches)
def test_the_first_round_checks_every_entry_once_newest_first(size: int, batch: int) -> None:
    schedule = AuditSchedule()
    seen: list[int] = []
    while not schedule.first_round_done:
        spans = schedule.next(size, batch)
        assert len(spans) == 1 and 0 < spans[0][1] - spans[0][0] <= batch
        seen.extend(reversed(range(*spans[0])))
    assert seen == list(reversed(range(size)))
    assert schedule.rounds == 1


@given(sizes, st.integers(min_value=2, max_value=700), st.integers(min_value=1, max_value=40))
def test_after_it_every_step_keeps_to_its_budget_and_favours_the_newest_tenth(
    size: int, batch: int, steps: int
) -> None:
    schedule = AuditSchedule()
    while not schedule.first_round_done:
        schedule.next(size, batch)
    tenth = -(-size // 10)
    for _ in range(steps):
        spans = schedule.next(size, batch)
        assert spans and all(0 <= a < b <= size for a, b in spans)
        assert sum(b - a for a, b in spans) <= batch
        assert _covered(spans) & set(range(size - tenth, size))  # the newest tenth, always


@given(sizes, batches)
def test_every_entry_is_rechecked_within_a_bounded_number_of_steps(size: int, batch: int) -> None:
    schedule = AuditSchedule()
    while not schedule.first_round_done:
        schedule.next(size, batch)
    rest = size - -(-size // 10)
    bound = 2 * (1 + -(-rest // -(-batch // 2)) + -(-size // max(1, batch // 2)))
    seen: set[int] = set()
    for _ in range(bound):
        seen |= _covered(schedule.next(size, batch))
    assert seen == set(range(size))
    assert schedule.rounds >= 2


def test_the_newest_tenth_is_checked_about_nine_times_per_round_over_the_rest() -> None:
    schedule = AuditSchedule()
    size, batch = 10_000, 100
    while not schedule.first_round_done:
        schedule.next(size, batch)
    newest = 0
    while schedule.rounds < 2:
        newest += sum(b - a for a, b in schedule.next(size, batch) if a >= size - 1000)
    assert 8 * 1000 <= newest <= 10 * 1000


def test_a_growing_log_is_followed() -> None:
    schedule = AuditSchedule()
    assert schedule.next(0, 10) == []
    assert schedule.next(5, 10) == [(0, 5)]
    spans = schedule.next(50, 10)  # fresh entries land in the newest tenth
    assert spans[0] == (45, 50)
