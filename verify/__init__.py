"""The standalone verifier and the public wire formats (stdlib, ``cryptography`` and
``rfc8785`` only; it never imports the server's packages).

Modules: ``entry`` (a signed entry), ``note`` (signed checkpoints, verifier keys),
``merkle`` (RFC 9162 trees and proofs), ``proofs`` (proof JSON), ``canonical`` (RFC 8785
bytes), ``hashes`` (SHA-256 hex), ``log`` (verifying a whole log in order),
``bundle_format`` (evidence bundles), ``errors`` (``VerificationError`` and input errors,
each with a stable ``code``).

Usage::

    from verify import note, proofs

    vkey = note.Vkey.from_text(vkey_text)
    checkpoint = note.verify_checkpoint(note_text, vkey)
    proof = proofs.InclusionProof.from_json(json.loads(proof_text))
    proofs.check_inclusion(checkpoint, proof, leaf_hash)   # raises, or returns None
"""

from verify import bundle_format, canonical, entry, errors, hashes, log, merkle, note, proofs

__all__ = [
    "bundle_format",
    "canonical",
    "entry",
    "errors",
    "hashes",
    "log",
    "merkle",
    "note",
    "proofs",
]
