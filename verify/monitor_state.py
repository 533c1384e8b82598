"""What a monitor remembers between runs (``gongkai-verify monitor --state FILE``).

Enough to continue the log where the last run stopped without reading it again: the
checkpoint seen last (note text, size, root), the tree's compact range at that size
(its perfect subtrees, O(log n) hashes), each stream's head (seq, leaf hash) to check
chains, and the key registry entries (the ``Keyring`` stream, replayed on load) to
check key authority. The file is JSON, written atomically (temporary file, fsync,
rename), so a crash leaves the previous state whole.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from verify.entry import Entry
from verify.errors import InputError
from verify.log import LogVerifier

STATE_FORMAT = "gongkai-monitor/1"


@dataclass
class MonitorState:
    """The log as a monitor last verified it."""

    origin: str
    size: int
    root: bytes
    checkpoint: str  # the signed note seen last
    frontier: list[tuple[int, bytes]] = field(default_factory=list)
    heads: dict[str, tuple[int, str]] = field(default_factory=dict)
    keyring: list[bytes] = field(default_factory=list)  # Keyring entries, in log order
    last_at: str = ""

    def verifier(self) -> LogVerifier:
        """A log verifier standing where this state stands. Raises InputError or
        VerificationError if a stored keyring entry does not replay."""
        verifier = LogVerifier(origin=self.origin)
        for raw in self.keyring:
            entry = Entry.from_bytes(raw)
            if entry.type == "Keyring.RootDeclared":
                verifier.registry.declare_root(entry.actor, entry.key, entry.data)
            else:
                verifier.registry.apply(entry.type, entry.data)
        verifier.resume(self.size, self.frontier, heads=self.heads, last_at=self.last_at)
        return verifier

    def to_json(self) -> dict[str, Any]:
        return {
            "format": STATE_FORMAT,
            "origin": self.origin,
            "size": self.size,
            "root": self.root.hex(),
            "checkpoint": self.checkpoint,
            "frontier": [[level, h.hex()] for level, h in self.frontier],
            "heads": {stream: [seq, leaf] for stream, (seq, leaf) in self.heads.items()},
            "keyring": [raw.decode("utf-8") for raw in self.keyring],
            "last_at": self.last_at,
        }

    @classmethod
    def from_json(cls, value: Any) -> MonitorState:
        """Raises InputError if the value is not a monitor state."""
        try:
            if value["format"] != STATE_FORMAT:
                raise InputError(f"the state file is not {STATE_FORMAT}")
            return cls(
                origin=str(value["origin"]),
                size=int(value["size"]),
                root=bytes.fromhex(value["root"]),
                checkpoint=str(value["checkpoint"]),
                frontier=[(int(lv), bytes.fromhex(h)) for lv, h in value["frontier"]],
                heads={s: (int(q), str(h)) for s, (q, h) in value["heads"].items()},
                keyring=[str(raw).encode("utf-8") for raw in value["keyring"]],
                last_at=str(value.get("last_at", "")),
            )
        except (KeyError, TypeError, ValueError, AttributeError):
            raise InputError("the state file is not a readable monitor state") from None

    @classmethod
    def load(cls, path: Path) -> MonitorState | None:
        """The state stored at ``path`` (None if there is no file yet). Raises InputError."""
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return None
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(f"cannot read the state file {path}: {exc}") from None
        try:
            return cls.from_json(json.loads(text))
        except ValueError:
            raise InputError(f"the state file {path} is not JSON") from None

    def save(self, path: Path) -> None:
        """Write the state atomically. Raises OSError."""
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(self.to_json(), handle, ensure_ascii=False)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temp, path)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
        directory = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(directory)
        finally:
            os.close(directory)
