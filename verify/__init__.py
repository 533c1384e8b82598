"""The standalone verifier and the public wire formats (stdlib, ``cryptography`` and
``rfc8785`` only; it never imports the server's packages).

Modules: ``entry`` (a signed entry), ``note`` (signed checkpoints, verifier keys),
``merkle`` (RFC 9162 trees and proofs), ``proofs`` (proof JSON), ``canonical`` (RFC 8785
bytes), ``hashes`` (SHA-256 hex), ``log`` (verifying a whole log in order),
``bundle_format`` (evidence bundles), ``ranges`` (proofs as leaf ranges and perfect
subtrees), ``tiles`` and ``tiled_tree`` (C2SP tlog-tiles: paths, formats, roots and
proofs computed from fetched tiles), ``monitor`` and ``monitor_state`` (following a log
through its tiles), ``errors`` (``VerificationError`` and input errors, each with a
stable ``code``).

Usage::

    from verify import note, proofs

    vkey = note.Vkey.from_text(vkey_text)
    checkpoint = note.verify_checkpoint(note_text, vkey)
    proof = proofs.InclusionProof.from_json(json.loads(proof_text))
    proofs.check_inclusion(checkpoint, proof, leaf_hash)   # raises, or returns None
"""

from verify import (
    bundle_format,
    canonical,
    entry,
    errors,
    hashes,
    log,
    merkle,
    monitor,
    monitor_state,
    note,
    proofs,
    ranges,
    tiled_tree,
    tiles,
)

__all__ = [
    "bundle_format",
    "canonical",
    "entry",
    "errors",
    "hashes",
    "log",
    "merkle",
    "monitor",
    "monitor_state",
    "note",
    "proofs",
    "ranges",
    "tiled_tree",
    "tiles",
]
