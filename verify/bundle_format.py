"""The evidence bundle's wire format (version 1): member names, records, selection.

Layout of the bag's payload (every JSON Lines file ends each line with ``\\n``):

- ``data/entries.jsonl``: the selected entries' bytes (canonical), in log order;
- ``data/proofs.jsonl``: line *i* is the inclusion proof (DESIGN.md proof JSON) of
  line *i* of ``entries.jsonl`` against ``data/checkpoint.txt``;
- ``data/keyring.jsonl`` and ``data/keyring-proofs.jsonl``: every ``Keyring`` entry
  up to the last selected entry's log index, and their proofs;
- ``data/checkpoint.txt``: the log's signed checkpoint (C2SP signed note);
- ``data/content/<sha256>``: content files cited by the entries;
- ``data/disclosed.json`` (only when fields are disclosed): a list of
  ``{"leaf_hash", "field", "value", "nonce_hex"}``;
- ``data/report.html`` and ``data/VERIFY.txt``: for people, not checked by machines.

``bag-info.txt`` carries ``Gongkai-Bundle-Format: gongkai-bundle/1``,
``Gongkai-Origin``, ``Gongkai-Vkey``, ``Gongkai-Selection`` (see ``Selection``) and one
``Gongkai-Content-Missing: <sha256>`` per cited content file the bundle lacks.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from verify.errors import InputError
from verify.hashes import is_sha256_hex

BUNDLE_FORMAT = "gongkai-bundle/1"
SIGNING_PREFIX = b"gongkai-bundle:v1\n"

ENTRIES = "data/entries.jsonl"
PROOFS = "data/proofs.jsonl"
KEYRING = "data/keyring.jsonl"
KEYRING_PROOFS = "data/keyring-proofs.jsonl"
CHECKPOINT = "data/checkpoint.txt"
DISCLOSED = "data/disclosed.json"
REPORT = "data/report.html"
VERIFY_TXT = "data/VERIFY.txt"
CONTENT_DIR = "data/content/"

INFO_FORMAT = "Gongkai-Bundle-Format"
INFO_ORIGIN = "Gongkai-Origin"
INFO_VKEY = "Gongkai-Vkey"
INFO_SELECTION = "Gongkai-Selection"
INFO_MISSING = "Gongkai-Content-Missing"

CONTENT_FIELDS = ("content_sha256", "redacted_sha256")
CONTENT_LISTS = ("content_sha256s",)
# Officer selections are by calendar date in China Standard Time (UTC+08:00, no DST).
CST = timedelta(hours=8)

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True, slots=True)
class Disclosure:
    """A sealed field opened for the bundle's recipient: its value and nonce."""

    leaf_hash: str
    field: str
    value: Any
    nonce_hex: str

    @classmethod
    def from_json(cls, obj: Any) -> Disclosure:
        """Raises InputError unless ``obj`` is a well-formed disclosure object."""
        if not isinstance(obj, dict) or obj.keys() != {"leaf_hash", "field", "value", "nonce_hex"}:
            raise InputError("not a disclosure object")
        leaf, name, nonce = obj["leaf_hash"], obj["field"], obj["nonce_hex"]
        if not is_sha256_hex(leaf):
            raise InputError("disclosure leaf_hash must be 64 lowercase hex digits")
        if not isinstance(name, str) or not name.startswith("data"):
            raise InputError("disclosure field must be a path such as 'data.applicant'")
        if not is_sha256_hex(nonce):
            raise InputError("disclosure nonce_hex must be 32 bytes of lowercase hex")
        return cls(leaf, name, obj["value"], nonce)

    def to_json(self) -> dict[str, Any]:
        return {
            "leaf_hash": self.leaf_hash,
            "field": self.field,
            "value": self.value,
            "nonce_hex": self.nonce_hex,
        }


@dataclass(frozen=True, slots=True)
class Selection:
    """What a bundle claims to hold: ``stream ID``, ``request NUMBER`` or
    ``officer ID FROM/TO`` (dates inclusive, China Standard Time)."""

    kind: str
    value: str
    start: date | None = None
    end: date | None = None

    def to_text(self) -> str:
        """``stream ID``, ``request NUMBER`` or ``officer ID FROM/TO``. Raises nothing."""
        if self.kind == "officer":
            return f"officer {self.value} {self.start}/{self.end}"
        return f"{self.kind} {self.value}"

    @classmethod
    def from_text(cls, text: str) -> Selection:
        """Raises InputError unless ``text`` is one of the three selection forms."""
        kind, _, rest = text.partition(" ")
        if kind in ("stream", "request") and rest.strip():
            return cls(kind, rest.strip())
        officer, _, span = rest.partition(" ")
        start, _, end = span.partition("/")
        if kind == "officer" and officer and _DATE.fullmatch(start) and _DATE.fullmatch(end):
            try:
                return cls(kind, officer, date.fromisoformat(start), date.fromisoformat(end))
            except ValueError:
                pass
        raise InputError(f"bundle selection {text[:200]!r} is not understood")

    def covers(self, at: str) -> bool:
        """True if an entry timestamped ``at`` falls inside an officer selection's dates.

        Raises InputError if ``at`` is not an entry timestamp.
        """
        if self.start is None or self.end is None:
            return True
        local = cst_date(at)
        return self.start <= local <= self.end


def cst_date(at: str) -> date:
    """The China Standard Time calendar date of an entry timestamp (UTC, ``Z``).

    Raises InputError if ``at`` is not such a timestamp.
    """
    try:
        utc = datetime.strptime(at, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)
    except ValueError:
        raise InputError(f"{at!r} is not a UTC timestamp") from None
    return (utc + CST).date()


def cited_hashes(value: Any) -> Iterator[str]:
    """Every content SHA-256 an entry's data cite, in order of appearance. Raises nothing."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key in CONTENT_FIELDS and isinstance(item, str):
                yield item
            elif key in CONTENT_LISTS and isinstance(item, list):
                yield from (h for h in item if isinstance(h, str))
            else:
                yield from cited_hashes(item)
    elif isinstance(value, list):
        for item in value:
            yield from cited_hashes(item)


def sealed_paths(value: Any, path: str = "data") -> Iterator[tuple[str, dict[str, Any]]]:
    """(field path, commitment) of every sealed field, paths as the vault writes them.

    Raises nothing.
    """
    if isinstance(value, dict):
        if value.keys() == {"sealed", "c"}:
            yield path, value
            return
        for key, item in value.items():
            yield from sealed_paths(item, f"{path}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from sealed_paths(item, f"{path}[{index}]")
