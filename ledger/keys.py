"""Private keys: Ed25519, one file per key under ``<data>/keys``, encrypted at rest.

The passphrase comes from ``GONGKAI_KEY_PASSPHRASE``. Without it a development
default is used and a loud warning is printed: fine on a laptop, never in an office.
A hardware module could replace ``FileKeyStore`` behind the same two methods.
"""

from __future__ import annotations

import base64
import os
import sys
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)

from ledger.errors import KeyUnavailable
from verify.registry import key_id_of

PASSPHRASE_ENV = "GONGKAI_KEY_PASSPHRASE"
DEVELOPMENT_PASSPHRASE = "gongkai-development-only"
_warned = False


def passphrase_from_env() -> bytes:
    """The key passphrase, or the development default with a warning on stderr."""
    global _warned
    value = os.environ.get(PASSPHRASE_ENV)
    if value:
        return value.encode("utf-8")
    if not _warned:
        _warned = True
        print(
            f"WARNING: {PASSPHRASE_ENV} is not set; private keys use the DEVELOPMENT "
            "passphrase. Anyone with the data directory can sign as this agency. "
            f"Set {PASSPHRASE_ENV} before real use.",
            file=sys.stderr,
        )
    return DEVELOPMENT_PASSPHRASE.encode("utf-8")


def raw_public_key(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def public_key_b64(key: Ed25519PublicKey) -> str:
    return base64.b64encode(raw_public_key(key)).decode("ascii")


class FileKeyStore:
    """Encrypted PKCS#8 files named by key id; decrypted keys cached in memory."""

    def __init__(self, directory: Path, passphrase: bytes) -> None:
        self.directory = directory
        self._passphrase = passphrase
        self._cache: dict[str, Ed25519PrivateKey] = {}

    def generate(self) -> tuple[str, Ed25519PrivateKey]:
        """Create, store and return a new key with its key id."""
        key = Ed25519PrivateKey.generate()
        key_id = key_id_of(raw_public_key(key.public_key()))
        self.directory.mkdir(parents=True, exist_ok=True)
        pem = key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.BestAvailableEncryption(self._passphrase),
        )
        path = self.directory / f"{key_id}.pem"
        tmp = path.with_suffix(".tmp")
        with open(tmp, "wb") as handle:
            handle.write(pem)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o600)
        tmp.replace(path)
        self._cache[key_id] = key
        return key_id, key

    def private_key(self, key_id: str) -> Ed25519PrivateKey:
        """The decrypted private key. Raises KeyUnavailable if missing or undecryptable."""
        cached = self._cache.get(key_id)
        if cached is not None:
            return cached
        path = self.directory / f"{key_id}.pem"
        try:
            key = serialization.load_pem_private_key(path.read_bytes(), self._passphrase)
        except FileNotFoundError:
            raise KeyUnavailable(f"private key {key_id} is not in {self.directory}") from None
        except (ValueError, TypeError):
            raise KeyUnavailable(
                f"private key {key_id} cannot be decrypted: wrong {PASSPHRASE_ENV}?"
            ) from None
        if not isinstance(key, Ed25519PrivateKey):
            raise KeyUnavailable(f"key {key_id} is not an Ed25519 key")
        self._cache[key_id] = key
        return key
