"""The witness policy an office publishes for its visitors: which witnesses' cosignatures
a verifier should demand, and how many (the quorum).

``GONGKAI_WITNESS_POLICY`` names a TOML file; the verify page offers it, prefilled and
editable, as "the office's published witnesses". It may be the very file of
``GONGKAI_WITNESSES`` (the ``url`` of each witness is then simply not used here):

    quorum = 2                  # optional: by default every listed witness

    [[witness]]
    vkey = "jiwei.example.gov.cn/witness+1a2b3c4d+BD…"
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from verify.cosignature import WitnessPolicy
from verify.errors import InputError

POLICY_ENV: Final = "GONGKAI_WITNESS_POLICY"


class PolicyFileError(ValueError):
    """The policy file cannot be read; the message names the file and what is wrong."""


@dataclass(frozen=True, slots=True)
class PublishedPolicy:
    """The witness keys (as text, one per line on the page) and the quorum."""

    keys: tuple[str, ...]
    quorum: int

    @property
    def keys_text(self) -> str:
        return "".join(f"{key}\n" for key in self.keys)


def load_policy(path: Path) -> PublishedPolicy:
    """The policy in ``path``. Raises PolicyFileError naming the file and the fault."""
    try:
        config = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise PolicyFileError(f"{path}: {exc}") from None
    entries = config.get("witness", [])
    if not isinstance(entries, list) or not all(
        isinstance(e, dict) and isinstance(e.get("vkey"), str) for e in entries
    ):
        raise PolicyFileError(f"{path}: each [[witness]] needs a vkey")
    quorum = config.get("quorum")
    if quorum is not None and (not isinstance(quorum, int) or isinstance(quorum, bool)):
        raise PolicyFileError(f"{path}: quorum must be a whole number")
    try:
        policy = WitnessPolicy.from_texts([e["vkey"] for e in entries], quorum)
    except InputError as exc:
        raise PolicyFileError(f"{path}: {exc.message}") from None
    return PublishedPolicy(tuple(w.to_text() for w in policy.witnesses), policy.quorum)


def published_policy() -> PublishedPolicy | None:
    """The policy of ``GONGKAI_WITNESS_POLICY``, or None when it is not set.
    Raises PolicyFileError (``gongkai serve`` checks it before serving)."""
    where = os.environ.get(POLICY_ENV)
    return load_policy(Path(where)) if where else None
