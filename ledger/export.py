"""``gongkai export``: the whole log as JSON Lines (DESIGN.md, "Export — contract").

Line 1 is ``{"format":"gongkai-export/1","origin":…,"vkey":…}``, then one entry per
line in log order, then ``{"checkpoint":"<signed note>"}`` covering exactly those
entries. Header and checkpoint lines are canonical JSON (RFC 8785) like the entries, so
every byte of the file is fixed: ``gongkai-verify export`` rejects any other form.
The file is written beside its target and renamed into place, so a crash never leaves
a half-written export under the final name.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from ledger.ledger import Ledger
from verify.canonical import canonical_bytes
from verify.note import Checkpoint, SignedNote

EXPORT_FORMAT = "gongkai-export/1"


def export(ledger: Ledger, path: Path, progress: Callable[[int, int], None] | None = None) -> int:
    """Write the export; return the number of entries (the checkpoint's size)."""
    ledger.integrate()
    note = ledger.checkpoint_note()
    size = Checkpoint.from_body(SignedNote.from_text(note).body).size
    header = {"format": EXPORT_FORMAT, "origin": ledger.origin, "vkey": ledger.vkey().to_text()}
    tmp = path.with_name(path.name + ".partial")
    written = 0
    with open(tmp, "wb") as handle:
        handle.write(canonical_bytes(header) + b"\n")
        for raw in ledger.entries(0, size):
            handle.write(raw + b"\n")
            written += 1
            if progress and written % 10000 == 0:
                progress(written, size)
        handle.write(canonical_bytes({"checkpoint": note}) + b"\n")
        handle.flush()
        os.fsync(handle.fileno())
    tmp.replace(path)
    return written
