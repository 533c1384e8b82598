"""A witness's directory: ``witness.json`` (its name, key id and the logs it witnesses,
each by origin and verifier key), ``keys/`` (its Ed25519 key, encrypted with
``GONGKAI_KEY_PASSPHRASE``) and ``state.db`` (what it cosigned).

    directory = WitnessDirectory(Path("witness-data"))
    directory.init("jiwei.example.gov.cn/witness")          # once
    directory.add_log(log_vkey_text)                       # for each log it watches
    config = directory.open()                              # to serve
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from api.witness.state import WitnessState
from ledger.keys import FileKeyStore, passphrase_from_env, raw_public_key
from verify.cosignature import WitnessKey
from verify.errors import InputError
from verify.note import Vkey

CONFIG = "witness.json"


class WitnessConfigError(Exception):
    """The witness directory is missing, incomplete or asked to do something it cannot."""


@dataclass(frozen=True)
class Witness:
    """What a running witness needs: its signing key, its public key, its logs."""

    key: WitnessKey
    private_key: Ed25519PrivateKey
    logs: dict[str, Vkey]  # origin -> the log's verifier key
    state: WitnessState


class WitnessDirectory:
    def __init__(self, path: Path) -> None:
        self.path = path

    @property
    def config_path(self) -> Path:
        return self.path / CONFIG

    def init(self, name: str) -> WitnessKey:
        """Create the witness's key under ``name``. Refuses an initialised directory."""
        if self.config_path.exists():
            raise WitnessConfigError(f"{self.path} already holds a witness")
        try:
            Vkey.for_key(name, bytes(32))  # the signed-note key name rules
        except InputError as exc:
            raise WitnessConfigError(f"witness name: {exc.message}") from None
        key_id, private = FileKeyStore(self.path / "keys", passphrase_from_env()).generate()
        key = WitnessKey.for_key(name, raw_public_key(private.public_key()))
        self._write({"name": name, "key_id": key_id, "logs": {}})
        return key

    def add_log(self, vkey_text: str) -> Vkey:
        """Witness the log of this verifier key (its origin is the key's name)."""
        try:
            vkey = Vkey.from_text(vkey_text.strip())
        except InputError as exc:
            raise WitnessConfigError(f"log verifier key: {exc.message}") from None
        config = self._read()
        config["logs"][vkey.name] = vkey.to_text()
        self._write(config)
        return vkey

    def key(self) -> WitnessKey:
        config = self._read()
        store = FileKeyStore(self.path / "keys", passphrase_from_env())
        public = raw_public_key(store.private_key(config["key_id"]).public_key())
        return WitnessKey.for_key(config["name"], public)

    def open(self) -> Witness:
        config = self._read()
        private = FileKeyStore(self.path / "keys", passphrase_from_env()).private_key(
            config["key_id"]
        )
        logs = {origin: Vkey.from_text(text) for origin, text in config["logs"].items()}
        key = WitnessKey.for_key(config["name"], raw_public_key(private.public_key()))
        return Witness(key, private, logs, self.state())

    def state(self) -> WitnessState:
        return WitnessState(self.path / "state.db")

    def _read(self) -> dict[str, Any]:
        try:
            config = json.loads(self.config_path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise WitnessConfigError(
                f"no witness in {self.path}: run `gongkai witness init` first"
            ) from None
        if not isinstance(config, dict) or not {"name", "key_id", "logs"} <= config.keys():
            raise WitnessConfigError(f"{self.config_path} is not a witness configuration")
        return config

    def _write(self, config: dict[str, Any]) -> None:
        self.path.mkdir(parents=True, exist_ok=True)
        tmp = self.config_path.with_suffix(".tmp")
        with open(tmp, "w", encoding="utf-8") as handle:
            json.dump(config, handle, ensure_ascii=False, indent=2)
            handle.flush()
            os.fsync(handle.fileno())
        tmp.replace(self.config_path)
