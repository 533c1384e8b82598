"""The vault and the private applicant index: the two places personal data (or a
keyed pseudonym of it) is kept, never published, never in an entry.

- ``gk_vault``: one row per sealed field (value and nonce; see ``ledger.seal``).
  Opening a row is a disclosure and erasing it is crypto-shredding (PIPL Art. 47):
  the entry's commitment still verifies, the value is gone.
- ``gk_applicants``: request stream → applicant pseudonym and month of receipt, for
  Art. 42 fee counting and repeat requests. Rebuildable from the ledger and the vault
  (``domain.privacy.applicants.rebuild``); never exported, never served.
- The erasure log, ``<data>/erasures.log``: one JSON line per erased vault row
  (commitment, stream, field, time), kept beside the keys and outside the database
  so that a database restored from an older backup can have its erasures re-applied
  (``reapply_erasures``).

Usage::

    vault = Vault(ledger.backend)
    vault.open_value(sealed)             # the value, or None once erased
    vault.erase(rows, log=data / "erasures.log", at=now)
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ledger.backend import Backend
from ledger.errors import IntegrityFailure
from verify.entry import check_disclosure
from verify.errors import CommitmentMismatch

ERASURE_LOG = "erasures.log"
ERASED_TYPE = "PersonalData.Erased"


@dataclass(frozen=True, slots=True)
class VaultEntry:
    """One vault row's address: which commitment, stream and field path."""

    commitment: str
    stream: str
    field: str

    def to_json(self) -> dict[str, str]:
        return {"commitment": self.commitment, "stream": self.stream, "field": self.field}


class Vault:
    """Reads, erasures and the applicant index over one backend."""

    def __init__(self, backend: Backend) -> None:
        self.backend = backend

    # -- sealed values -------------------------------------------------------------

    def open_value(self, sealed: dict[str, str], path: str = "field") -> Any | None:
        """The value behind a sealed commitment, checked against it; None if erased.
        Raises IntegrityFailure if the stored value does not open the commitment."""
        opened = self.opening(sealed, path)
        return None if opened is None else opened[0]

    def opening(self, sealed: dict[str, str], path: str = "field") -> tuple[Any, str] | None:
        """The value and hex nonce that open a sealed commitment (what a disclosure
        carries), checked against it; None if erased (PIPL Art. 47: the entry still
        verifies). Raises IntegrityFailure if the stored value does not open the seal."""
        with self.backend.transaction() as cur:
            row = cur.execute(
                "SELECT value, nonce FROM gk_vault WHERE commitment = ?", (sealed["c"],)
            ).fetchone()
        if row is None:
            return None
        value, nonce = json.loads(str(row[0])), str(row[1])
        try:
            check_disclosure(sealed, value, bytes.fromhex(nonce))
        except CommitmentMismatch:
            raise IntegrityFailure(f"the vault's value for {path} does not open its seal") from None
        return value, nonce

    def rows_of(self, stream: str) -> list[VaultEntry]:
        """The vault rows still held for ``stream``."""
        with self.backend.transaction() as cur:
            rows = cur.execute(
                "SELECT commitment, stream, field FROM gk_vault WHERE stream = ? "
                "ORDER BY field, commitment",
                (stream,),
            ).fetchall()
        return [VaultEntry(str(c), str(s), str(f)) for c, s, f in rows]

    def erase(self, rows: Sequence[VaultEntry], *, log: Path, at: str) -> int:
        """Log, then delete ``rows`` (and their streams' index rows); how many went."""
        append_erasure_log(log, rows, at)
        return self.delete(rows)

    def delete(self, rows: Iterable[VaultEntry]) -> int:
        rows = list(rows)
        with self.backend.transaction(write=True) as cur:
            before = _count(cur)
            cur.executemany(
                "DELETE FROM gk_vault WHERE commitment = ?", [(r.commitment,) for r in rows]
            )
            cur.executemany(
                "DELETE FROM gk_applicants WHERE stream = ?",
                [(s,) for s in sorted({r.stream for r in rows})],
            )
            return before - _count(cur)

    # -- the private applicant index ------------------------------------------------

    def index_request(self, stream: str, pseudonym: str, month: str, number: str) -> None:
        """Record (or correct) which applicant pseudonym filed ``stream`` in ``month``."""
        with self.backend.transaction(write=True) as cur:  # an upsert: builds may race
            cur.execute(
                "INSERT INTO gk_applicants (stream, pseudonym, month, number) VALUES (?,?,?,?) "
                "ON CONFLICT (stream) DO UPDATE SET pseudonym = excluded.pseudonym, "
                "month = excluded.month, number = excluded.number",
                (stream, pseudonym, month, number),
            )

    def pseudonym_of(self, stream: str) -> str | None:
        with self.backend.transaction() as cur:
            row = cur.execute(
                "SELECT pseudonym FROM gk_applicants WHERE stream = ?", (stream,)
            ).fetchone()
        return None if row is None else str(row[0])

    def streams_of(self, pseudonym: str, month: str | None = None) -> list[tuple[str, str]]:
        """(stream, number) of the applicant's requests, in ``month`` if given."""
        sql = "SELECT stream, number FROM gk_applicants WHERE pseudonym = ?"
        params: list[str] = [pseudonym]
        if month is not None:
            sql, params = sql + " AND month = ?", [pseudonym, month]
        with self.backend.transaction() as cur:
            rows = cur.execute(sql + " ORDER BY number", params).fetchall()
        return [(str(s), str(n)) for s, n in rows]

    def index_size(self) -> int:
        with self.backend.transaction() as cur:
            row = cur.execute("SELECT COUNT(*) FROM gk_applicants").fetchone()
        return int(row[0]) if row else 0

    def clear_index(self) -> None:
        with self.backend.transaction(write=True) as cur:
            cur.execute("DELETE FROM gk_applicants")


def _count(cur: Any) -> int:
    row = cur.execute("SELECT COUNT(*) FROM gk_vault").fetchone()
    return int(row[0]) if row else 0


def append_erasure_log(log: Path, rows: Sequence[VaultEntry], at: str) -> None:
    """Append one line per row and fsync: the log is written before anything is deleted."""
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("a", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps({**row.to_json(), "at": at}, sort_keys=True) + "\n")
        handle.flush()
        os.fsync(handle.fileno())


def read_erasure_log(log: Path) -> list[VaultEntry]:
    """Every row the log says was erased (a torn last line is skipped)."""
    if not log.exists():
        return []
    found = []
    for line in log.read_text(encoding="utf-8").splitlines():
        try:
            item = json.loads(line)
            found.append(VaultEntry(item["commitment"], item["stream"], item["field"]))
        except (ValueError, KeyError, TypeError):
            continue
    return found


def erased_in_ledger(backend: Backend) -> list[VaultEntry]:
    """The rows every ``PersonalData.Erased`` entry of the store names."""
    with backend.transaction() as cur:
        states = cur.execute(
            f"SELECT state FROM {backend.events_table} WHERE topic = ?", (ERASED_TYPE,)
        ).fetchall()
    found = []
    for (state,) in states:
        data = json.loads(bytes(state))["data"]
        found += [VaultEntry(str(c), str(data["record"]), "") for c in data["commitments"]]
    return found


def reapply_erasures(backend: Backend, log: Path) -> int:
    """Delete again every vault row the erasure log or an ``Erased`` entry names: run
    after restoring a backup, so erased data does not come back. Returns rows deleted."""
    return Vault(backend).delete([*read_erasure_log(log), *erased_in_ledger(backend)])
