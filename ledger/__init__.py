"""The signed chain: sealing events into signed, hash-chained entries, storing them
(SQLite or PostgreSQL), the Merkle log with its signed checkpoints and proofs, keys,
the vault of sealed values, export and evidence bundles. Wire formats are ``verify``'s.

Usage::

    from ledger import Ledger, NewEvent, Sealed

    ledger = Ledger.open(Path("var"))
    ledger.genesis("example.gov.cn/gongkai", at=now)
    ledger.append(stream, 0, [NewEvent("Officer.Appointed", {"name": Sealed("张三")})],
                  actor="admin", at=now)
    ledger.integrate()                      # into the Merkle log; signs a checkpoint
    proof = ledger.inclusion_proof(0)       # verify.proofs.InclusionProof
    print(json.dumps(proof.to_json()))

Errors are ``LedgerError`` subclasses, each with a stable ``code`` (``ledger.errors``).
"""

from ledger.errors import (
    AlreadyInitialised,
    ConcurrencyError,
    ConfigError,
    IntegrityFailure,
    InvalidEvent,
    KeyRefused,
    KeyUnavailable,
    LedgerError,
    NotInitialised,
    ProofUnavailable,
    StreamNotFound,
)
from ledger.events import NewEvent, Recorded, Sealed
from ledger.ledger import Ledger, StoredEntry

__all__ = [
    "AlreadyInitialised",
    "ConcurrencyError",
    "ConfigError",
    "IntegrityFailure",
    "InvalidEvent",
    "KeyRefused",
    "KeyUnavailable",
    "Ledger",
    "LedgerError",
    "NewEvent",
    "NotInitialised",
    "ProofUnavailable",
    "Recorded",
    "Sealed",
    "StoredEntry",
    "StreamNotFound",
]
