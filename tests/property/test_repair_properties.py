"""Whatever set of stored entries is altered, deleted, swapped, or rewritten with their
leaf rows, and whatever leaf rows are altered, a repair from an export puts back
exactly the integrated bytes (the store then equals what it was, byte for byte, and
verifies); a repair from a copy damaged at the same place repairs nothing."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ledger.audit import audit
from ledger.copies import ExportCopies
from ledger.events import NewEvent
from ledger.export import export
from ledger.ledger import Ledger, new_stream_id
from ledger.repair import find_damage, repair
from tests.conftest import ORIGIN, T0
from tests.support.tamper import set_stored_state, stored_rows
from verify.merkle import leaf_hash

SIZE = 12
DAMAGE = st.dictionaries(
    st.integers(0, SIZE - 1),
    st.sampled_from(["alter", "delete", "swap", "leaf", "rewrite"]),
    min_size=1,
    max_size=4,
)


@pytest.fixture(scope="module")
def office(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Ledger, Path]]:
    """One SQLite ledger of SIZE entries and its export, shared by every example."""
    work = tmp_path_factory.mktemp("repair")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("GONGKAI_KEY_PASSPHRASE", "test-passphrase")
        ledger = Ledger.open(work / "data", f"sqlite:///{work / 'ledger.db'}")
    ledger.genesis(ORIGIN, T0)
    ledger.register_key("officer-1", ["request_handler"], "signing", T0)
    while ledger.last_notification_id() < SIZE:
        received = NewEvent("DisclosureRequest.Received", {"d": "申请"})
        ledger.append(new_stream_id(), 0, [received], "officer-1", T0)
    ledger.integrate()
    export(ledger, work / "ledger.jsonl")
    yield ledger, work / "ledger.jsonl"
    ledger.close()


def _set_leaf(ledger: Ledger, index: int, leaf: str) -> None:
    with ledger.backend.transaction(write=True) as cur:
        cur.execute("UPDATE gk_leaves SET leaf_hash = ? WHERE idx = ?", (leaf, index))


def _leaves(ledger: Ledger) -> list[tuple[object, ...]]:
    with ledger.backend.transaction() as cur:
        return [tuple(r) for r in cur.execute("SELECT * FROM gk_leaves ORDER BY idx").fetchall()]


Snapshot = tuple[list[tuple[object, ...]], list[tuple[object, ...]]]


def _snapshot(ledger: Ledger) -> Snapshot:
    with ledger.backend.transaction() as cur:
        events = cur.execute("SELECT rowid, * FROM stored_events").fetchall()
        return [tuple(r) for r in events], _leaves(ledger)


def _put_back(ledger: Ledger, snapshot: Snapshot) -> None:
    events, leaves = snapshot
    with ledger.backend.transaction(write=True) as cur:
        cur.execute("DELETE FROM stored_events")
        cur.executemany(
            "INSERT INTO stored_events (rowid, originator_id, originator_version, topic, state) "
            "VALUES (?, ?, ?, ?, ?)",
            events,
        )
        cur.execute("DELETE FROM gk_leaves")
        cur.executemany(f"INSERT INTO gk_leaves VALUES ({', '.join('?' * 8)})", leaves)


def _damage(ledger: Ledger, plan: dict[int, str]) -> None:
    rows = stored_rows(ledger)
    b = ledger.backend
    for position, kind in plan.items():
        nid, state = rows[position]
        if kind in ("alter", "rewrite"):
            altered = state.replace(b'"at":"2', b'"at":"3')
            set_stored_state(ledger, nid, altered)
            if kind == "rewrite":  # the leaf row rewritten alike
                _set_leaf(ledger, position, leaf_hash(altered).hex())
        elif kind == "leaf":
            _set_leaf(ledger, position, "ab" * 32)
        elif kind == "swap":
            set_stored_state(ledger, nid, rows[(position + 1) % SIZE][1])
        else:
            with b.transaction(write=True) as cur:
                cur.execute(
                    f"DELETE FROM {b.events_table} WHERE {b.notification_column} = ?", (nid,)
                )


@settings(max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(plan=DAMAGE)
def test_any_damage_is_repaired_to_the_same_bytes(
    office: tuple[Ledger, Path], plan: dict[int, str]
) -> None:
    ledger, source = office
    before, leaves = stored_rows(ledger), _leaves(ledger)
    snapshot = _snapshot(ledger)
    try:
        _damage(ledger, plan)
        assert set(plan) <= {d.index for d in find_damage(ledger)[1]}  # named, even copyless
        report = repair(ledger, ExportCopies(source))
        mended = {d.index for d in (*report.repaired, *report.leaf_rows)}
        assert report.ok and mended == set(plan), report.refused
        assert stored_rows(ledger) == before and _leaves(ledger) == leaves
        assert audit(ledger).ok
    finally:
        _put_back(ledger, snapshot)  # every example starts from the whole log


@settings(max_examples=10, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(position=st.integers(0, SIZE - 1))
def test_a_copy_damaged_alike_repairs_nothing(
    office: tuple[Ledger, Path], position: int, tmp_path_factory: pytest.TempPathFactory
) -> None:
    ledger, source = office
    lines = source.read_bytes().split(b"\n")
    lines[position + 1] = lines[position + 1].replace(b'"at":"2', b'"at":"3')
    bad = tmp_path_factory.mktemp("bad") / "bad.jsonl"
    bad.write_bytes(b"\n".join(lines))
    before = stored_rows(ledger)
    _damage(ledger, {position: "alter"})
    report = repair(ledger, ExportCopies(bad))
    assert not report.repaired and [d.index for d, _ in report.refused] == [position]
    assert repair(ledger, ExportCopies(source)).ok  # the true copy still mends it
    assert stored_rows(ledger) == before
