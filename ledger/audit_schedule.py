"""Which log positions each self-audit step re-checks.

The first round walks the whole log once, newest first, ``batch`` entries a step.
After it, each step spends half its budget on the newest tenth of the log (where
fresh writes land and an attacker would rather edit) and the rest on a window that
rolls down over the older entries, so the newest tenth is re-checked about nine
times for every round over the rest, and every entry is re-checked in bounded time.
"""

from __future__ import annotations

from dataclasses import dataclass

Span = tuple[int, int]  # half-open [start, stop) of log indices


def _window(low: int, high: int, below: int | None, count: int) -> tuple[Span, int]:
    """The next ``count`` positions of [low, high) going down from ``below`` (wrapping
    to the top when it is spent); returns the span and the new ``below``."""
    if below is None or below <= low or below > high:
        below = high
    start = max(low, below - count)
    return (start, below), start


@dataclass
class AuditSchedule:
    first_round_done: bool = False
    rounds: int = 0  # completed rounds over the whole log (the older part, after the first)
    _below: int | None = None  # first round: the next step checks entries below this
    _hot: int | None = None
    _cold: int | None = None
    _turn: bool = False

    def next(self, size: int, batch: int) -> list[Span]:
        """The spans of log indices the next step checks (each non-empty), for a log of
        ``size`` entries and a budget of ``batch`` (at least 1)."""
        batch = max(1, batch)
        if size <= 0:
            return []
        if not self.first_round_done:
            return self._first_round(size, batch)
        tenth = max(1, -(-size // 10))
        hot_low = size - tenth
        if hot_low == 0:  # a log of fewer than ten entries: all of it is the newest tenth
            hot, self._hot = _window(0, size, self._hot, batch)
            self.rounds += hot[0] == 0
            return [hot]
        hot_count = min(tenth, batch // 2)
        if batch == 1:  # one entry a step: the newest tenth and the rest take turns
            self._turn = not self._turn
            hot_count = int(self._turn)
        spans = []
        if hot_count:
            hot, self._hot = _window(hot_low, size, self._hot, hot_count)
            spans.append(hot)
        cold, self._cold = _window(0, hot_low, self._cold, batch - hot_count)
        spans.append(cold)
        self.rounds += cold[0] == 0
        return spans

    def _first_round(self, size: int, batch: int) -> list[Span]:
        below = size if self._below is None else min(self._below, size)
        start = max(0, below - batch)
        self._below = start
        if start == 0:
            self.first_round_done = True
            self.rounds = 1
        return [(start, below)]
