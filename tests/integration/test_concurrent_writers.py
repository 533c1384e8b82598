"""Concurrent writers on one stream (issue 8.4), at the ledger level: writers race for
each sequence number — threads sharing one ``Ledger``, and separate processes each
with their own — and exactly one wins each number, every other gets
``ConcurrencyError`` (the API's 409), and nothing is lost: the stream holds one entry
per round, chained, integrated and verifying."""

from __future__ import annotations

import multiprocessing
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest

from ledger.audit import audit
from ledger.errors import ConcurrencyError
from ledger.events import NewEvent, Sealed
from ledger.ledger import Ledger, new_stream_id

WRITERS = 4
ROUNDS = 12
ACTOR = "officer-1"  # registered with request_handler by the conftest ``ledger`` fixture
EVENT_TYPE = "DisclosureRequest.ReceiptConfirmed"
BARRIER_TIMEOUT = 60


@dataclass(frozen=True)
class Outcome:
    round: int
    writer: str
    result: str  # "won" | "conflict" | "<ExceptionType>: message"


def _attempt(
    ledger: Ledger, stream: str, round_: int, writer: str, record: Callable[[Outcome], Any]
) -> None:
    event = NewEvent(EVENT_TYPE, {"round": round_, "writer": writer})
    try:
        ledger.append(stream, round_ - 1, [event], ACTOR, datetime.now(UTC))
    except ConcurrencyError:
        record(Outcome(round_, writer, "conflict"))
    except Exception as exc:
        record(Outcome(round_, writer, f"{type(exc).__name__}: {exc}"))
    else:
        record(Outcome(round_, writer, "won"))


def _race(ledger: Ledger, stream: str, writer: str, barrier: Any, record: Any) -> None:
    for round_ in range(1, ROUNDS + 1):
        barrier.wait(BARRIER_TIMEOUT)  # everyone starts the round together
        _attempt(ledger, stream, round_, writer, record)
        barrier.wait(BARRIER_TIMEOUT)  # the round's winner is committed before the next


def _process_writer(
    data_dir: str, url: str, stream: str, writer: str, barrier: Any, queue: Any
) -> None:
    ledger = Ledger.open(Path(data_dir), url)
    try:
        _race(ledger, stream, writer, barrier, queue.put)
    finally:
        ledger.close()


def _check(ledger: Ledger, stream: str, outcomes: list[Outcome]) -> None:
    assert len(outcomes) == WRITERS * ROUNDS
    errors = [o for o in outcomes if o.result not in ("won", "conflict")]
    assert not errors, errors
    winners = {o.round: o.writer for o in outcomes if o.result == "won"}
    for round_ in range(1, ROUNDS + 1):
        won = [o for o in outcomes if o.round == round_ and o.result == "won"]
        assert len(won) == 1, f"round {round_}: {len(won)} winners"
    stored = ledger.read(stream)
    assert [s.entry.seq for s in stored] == list(range(1, ROUNDS + 1))
    assert [s.entry.data["writer"] for s in stored] == [winners[r] for r in range(1, ROUNDS + 1)]
    assert stored[0].entry.prev is None
    assert all(b.entry.prev == a.leaf_hash for a, b in pairwise(stored))
    ledger.integrate()
    assert all(ledger.leaf_index(s.leaf_hash) is not None for s in stored)
    result = audit(ledger)
    assert result.ok, result.problems


def test_threads_racing_on_one_stream_win_each_sequence_number_exactly_once(
    ledger: Ledger,
) -> None:
    stream, outcomes = new_stream_id(), list[Outcome]()
    barrier, lock = threading.Barrier(WRITERS), threading.Lock()

    def record(outcome: Outcome) -> None:
        with lock:
            outcomes.append(outcome)

    threads = [
        threading.Thread(target=_race, args=(ledger, stream, f"thread-{i}", barrier, record))
        for i in range(WRITERS)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=BARRIER_TIMEOUT * ROUNDS)
    _check(ledger, stream, outcomes)


def test_processes_racing_on_one_stream_win_each_sequence_number_exactly_once(
    ledger: Ledger, database_url: str, tmp_path: Path
) -> None:
    stream = new_stream_id()
    context = multiprocessing.get_context("spawn")
    barrier, queue = context.Barrier(WRITERS), context.Queue()
    processes = [
        context.Process(
            target=_process_writer,
            args=(str(tmp_path / "data"), database_url, stream, f"process-{i}", barrier, queue),
        )
        for i in range(WRITERS)
    ]
    for process in processes:
        process.start()
    outcomes = [queue.get(timeout=BARRIER_TIMEOUT) for _ in range(WRITERS * ROUNDS)]
    for process in processes:
        process.join(timeout=BARRIER_TIMEOUT)
        assert process.exitcode == 0
    _check(ledger, stream, outcomes)


def test_a_losing_writer_leaves_no_sealed_personal_data_behind(ledger: Ledger) -> None:
    stream = new_stream_id()
    first = NewEvent(EVENT_TYPE, {"applicant": Sealed({"name": "张三"})})
    ledger.append(stream, 0, [first], ACTOR, datetime.now(UTC))
    loser = NewEvent(EVENT_TYPE, {"applicant": Sealed({"name": "李四"})})
    with pytest.raises(ConcurrencyError):
        ledger.append(stream, 0, [loser], ACTOR, datetime.now(UTC))
    with ledger.backend.transaction() as cur:
        values = [str(row[0]) for row in cur.execute("SELECT value FROM gk_vault").fetchall()]
    assert not any("李四" in value for value in values), "the loser's applicant is stored"
