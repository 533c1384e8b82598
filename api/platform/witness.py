"""The platform's own witness (c2sp.org/tlog-witness): it cosigns every agency's
checkpoints, in process, and each agency keeps the cosignatures in its own database as
it would an external witness's.

It is the witness program's directory (``api.witness.config``) at
``DATA/platform/witness/``: its Ed25519 key (encrypted with ``GONGKAI_KEY_PASSPHRASE``),
``witness.json`` (the agencies' logs, by origin and verifier key) and ``state.db``;
``gongkai witness refusals --dir DATA/platform/witness`` reads it too. It is created on
first use under the name ``platform/witness``, unless ``gongkai witness init --dir
DATA/platform/witness --name …`` made it first. A retired agency stays registered: its
log stays verifiable.

    directory = register_log(registry, vkey_text)      # gongkai agency add
    witness = open_witness(registry, services)         # platform start-up
    submitter = submitter_for(witness, agency_services.ledger)
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping

from api.platform.registry import Registry
from api.services import Services
from api.witness.client import Send, Submitter, WitnessEndpoint
from api.witness.config import Witness, WitnessDirectory
from api.witness.witness import Answer, add_checkpoint
from ledger import cosignatures
from ledger.ledger import Ledger

DEFAULT_NAME = "platform/witness"


def witness_directory(registry: Registry) -> WitnessDirectory:
    """The platform witness's directory, created (key and all) on first use."""
    directory = WitnessDirectory(registry.data / "platform" / "witness")
    if not directory.config_path.exists():
        directory.init(DEFAULT_NAME)
    return directory


def register_log(registry: Registry, log_vkey: str) -> WitnessDirectory:
    """Witness the log of ``log_vkey`` (an agency's verifier key)."""
    directory = witness_directory(registry)
    directory.add_log(log_vkey)
    return directory


def open_witness(registry: Registry, services: Mapping[str, Services]) -> Witness:
    """The platform witness, every agency of ``services`` registered: a log it does not
    know yet is added; a known origin keeps the key it was registered with."""
    directory = witness_directory(registry)
    known = directory.open().logs
    for agency in services.values():
        if agency.ledger.initialised and agency.ledger.origin not in known:
            directory.add_log(agency.ledger.vkey().to_text())
    return directory.open()


def in_process(witness: Witness) -> Send:
    """``add-checkpoint`` answered by ``witness`` in this process, as over HTTP (a
    state file that cannot be written answers 503, as a witness server would)."""

    def send(body: bytes) -> Answer:
        try:
            return add_checkpoint(witness, body)
        except sqlite3.Error as exc:
            return Answer(503, f"witness state unavailable: {exc}\n")

    return send


def submitter_for(witness: Witness, ledger: Ledger) -> Submitter:
    """The submitter bringing ``witness`` up to ``ledger``'s latest checkpoint."""
    endpoint = WitnessEndpoint(f"platform:{witness.key.name}", witness.key)
    return Submitter(ledger, endpoint, send=in_process(witness))


def witnessed_size(witness_name: str, services: Services) -> int:
    """The largest size of the agency's log that ``witness_name`` has cosigned."""
    return cosignatures.cosigned_sizes(services.ledger.backend, witness_name)
