"""C2SP signed-note verifier keys and tlog checkpoints against the contract vectors."""

from __future__ import annotations

import base64
import hashlib
import json
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from verify.errors import VerifyError
from verify.note import (
    Checkpoint,
    NoteSignature,
    SignedNote,
    Vkey,
    signature_line,
    verify_checkpoint,
)

VECTORS = Path(__file__).resolve().parents[1] / "vectors"
CONTRACT: dict[str, Any] = json.loads((VECTORS / "contract-v1.json").read_text("utf-8"))

ORIGIN: str = CONTRACT["origin"]
VKEY_TEXT: str = CONTRACT["vkey"]
NOTE_TEXT: str = CONTRACT["checkpoint_note"]
LOG_PUBLIC_KEY = base64.b64decode(CONTRACT["log_key"]["public_key"])
LOG_KEY = Ed25519PrivateKey.from_private_bytes(bytes.fromhex(CONTRACT["log_key"]["seed_hex"]))
OTHER_KEY = Ed25519PrivateKey.from_private_bytes(bytes(range(32)))
ROOT_7 = bytes.fromhex(CONTRACT["merkle"]["roots"]["7"])
VKEY = Vkey.for_key(ORIGIN, LOG_PUBLIC_KEY)


def public_bytes(key: Ed25519PrivateKey) -> bytes:
    return key.public_key().public_bytes_raw()


def sign(body: str, key: Ed25519PrivateKey = LOG_KEY, name: str = ORIGIN) -> str:
    """A signed note over body, by key under name."""
    vkey = Vkey.for_key(name, public_bytes(key))
    return body + "\n" + signature_line(name, vkey.key_hash, key.sign(body.encode("utf-8")))


def independent_verify(note: str, vkey_text: str) -> str:
    """Verify note by vkey from the C2SP signed-note text alone; return the note text.

    Deliberately shares nothing with verify/note.py.
    """
    name, key_hash_hex, key_b64 = vkey_text.split("+", 2)
    key_blob = base64.b64decode(key_b64)
    assert key_blob[0] == 0x01  # Ed25519
    key_id = hashlib.sha256(name.encode() + b"\x0a" + key_blob).digest()[:4]
    assert key_id.hex() == key_hash_hex
    text, separator, signatures = note.rpartition("\n\n")
    assert separator
    text += "\n"
    for line in signatures.removesuffix("\n").split("\n"):
        dash, key_name, sig_b64 = line.split(" ")
        assert dash == "\N{EM DASH}"
        sig_blob = base64.b64decode(sig_b64)
        if key_name == name and sig_blob[:4] == key_id:
            public_key = Ed25519PublicKey.from_public_bytes(key_blob[1:])
            public_key.verify(sig_blob[4:], text.encode("utf-8"))
            return text
    raise AssertionError("no signature by the key")


def code_of(exc: pytest.ExceptionInfo[VerifyError]) -> str:
    return exc.value.code


class TestVkey:
    def test_vkey_of_the_log_key_equals_the_contract(self) -> None:
        assert VKEY.to_text() == VKEY_TEXT

    def test_contract_vkey_parses_to_the_log_key(self) -> None:
        assert Vkey.from_text(VKEY_TEXT) == VKEY
        assert VKEY.public_key == LOG_PUBLIC_KEY

    def test_key_hash_is_sha256_of_name_newline_type_and_key(self) -> None:
        expected = hashlib.sha256(ORIGIN.encode() + b"\n\x01" + LOG_PUBLIC_KEY).digest()[:4]
        assert VKEY.key_hash == expected

    def test_a_vkey_whose_hash_does_not_match_is_refused(self) -> None:
        name, _, key = VKEY_TEXT.split("+", 2)
        with pytest.raises(VerifyError) as exc:
            Vkey.from_text(f"{name}+00000000+{key}")
        assert code_of(exc) == "MALFORMED_INPUT"

    def test_a_vkey_under_another_name_is_refused(self) -> None:
        _, key_hash, key = VKEY_TEXT.split("+", 2)
        with pytest.raises(VerifyError) as exc:
            Vkey.from_text(f"other.example/log+{key_hash}+{key}")
        assert code_of(exc) == "MALFORMED_INPUT"

    @pytest.mark.parametrize(
        "text",
        [
            "",
            "example.gov.cn/gongkai",
            "example.gov.cn/gongkai+75f3814b",
            "example.gov.cn/gongkai+75f381+AaCapfR6Z1mAL/lV+NwtKhSlyZ0jvpf4ZBJ/+Tg0VaTw",
            "example.gov.cn/gongkai+75f3814b+AaCapfR6Z1mAL/lV+NwtKhSlyZ0jvpf4ZBJ/+Tg0VaT",
            "example.gov.cn/gongkai+75f3814b+AqCapfR6Z1mAL/lV+NwtKhSlyZ0jvpf4ZBJ/+Tg0VaTw",
            "example gov+75f3814b+AaCapfR6Z1mAL/lV+NwtKhSlyZ0jvpf4ZBJ/+Tg0VaTw",
        ],
        ids=["empty", "name only", "no key", "short hash", "bad base64", "not ed25519", "space"],
    )
    def test_a_malformed_vkey_is_refused(self, text: str) -> None:
        with pytest.raises(VerifyError) as exc:
            Vkey.from_text(text)
        assert code_of(exc) == "MALFORMED_INPUT"


class TestCheckpointBody:
    def test_body_equals_the_contract_note_text(self) -> None:
        body = Checkpoint(ORIGIN, 7, ROOT_7).body()
        assert NOTE_TEXT.startswith(body + "\n\N{EM DASH} ")

    def test_body_round_trips_with_extension_lines(self) -> None:
        checkpoint = Checkpoint(ORIGIN, 12, ROOT_7, ("ext one", "ext two"))
        assert Checkpoint.from_body(checkpoint.body()) == checkpoint

    def test_the_empty_tree_has_size_zero(self) -> None:
        body = f"{ORIGIN}\n0\n{base64.b64encode(hashlib.sha256().digest()).decode()}\n"
        assert Checkpoint.from_body(body).size == 0

    @pytest.mark.parametrize(
        "body",
        [
            f"{ORIGIN}\n007\n{base64.b64encode(ROOT_7).decode()}\n",
            f"{ORIGIN}\n-7\n{base64.b64encode(ROOT_7).decode()}\n",
            f"{ORIGIN}\n+7\n{base64.b64encode(ROOT_7).decode()}\n",
            f"{ORIGIN}\n٧\n{base64.b64encode(ROOT_7).decode()}\n",
            f"{ORIGIN}\n7\n{base64.b64encode(ROOT_7[:31]).decode()}\n",
            f"{ORIGIN}\n7\n{base64.b64encode(ROOT_7).decode().rstrip('=')}\n",
            f"{ORIGIN}\n7\n{base64.b64encode(ROOT_7).decode()}",
            f"{ORIGIN}\n7\n",
            f"\n7\n{base64.b64encode(ROOT_7).decode()}\n",
            f"{ORIGIN}\n7\n{base64.b64encode(ROOT_7).decode()}\n\n",
        ],
        ids=[
            "leading zeros",
            "negative",
            "plus sign",
            "non-ascii digit",
            "31-byte root",
            "unpadded root",
            "no final newline",
            "no root",
            "empty origin",
            "empty extension",
        ],
    )
    def test_a_malformed_body_is_refused(self, body: str) -> None:
        with pytest.raises(VerifyError) as exc:
            Checkpoint.from_body(body)
        assert code_of(exc) == "MALFORMED_INPUT"


class TestSignedNote:
    def test_signing_the_contract_body_reproduces_the_contract_note(self) -> None:
        body = Checkpoint(ORIGIN, 7, ROOT_7).body()
        signature = NoteSignature(ORIGIN, VKEY.key_hash, LOG_KEY.sign(body.encode()))
        assert SignedNote(body, (signature,)).to_text() == NOTE_TEXT

    def test_contract_note_round_trips(self) -> None:
        assert SignedNote.from_text(NOTE_TEXT).to_text() == NOTE_TEXT

    def test_signature_line_starts_with_an_em_dash_and_a_space(self) -> None:
        line = signature_line("a.example/k", b"\x01\x02\x03\x04", b"sig")
        assert (
            line == "\u2014 a.example/k " + base64.b64encode(b"\x01\x02\x03\x04sig").decode() + "\n"
        )

    def test_text_is_separated_from_signatures_by_the_last_blank_line(self) -> None:
        body = "first paragraph\n\nsecond paragraph\n"
        note = SignedNote.from_text(sign(body))
        assert note.body == body
        assert [s.name for s in note.signatures] == [ORIGIN]

    @pytest.mark.parametrize(
        "text",
        [
            NOTE_TEXT.replace("\n\n", "\n"),
            NOTE_TEXT.replace("dfOBS4gZ", "dfOBS4g!"),
            NOTE_TEXT.rstrip("\n"),
            NOTE_TEXT + "\n",
            NOTE_TEXT.replace("\N{EM DASH} ", "- "),
            NOTE_TEXT.replace("\N{EM DASH} ", "\N{EM DASH}"),
            NOTE_TEXT.replace(f"{ORIGIN} ", f"{ORIGIN}  "),
            NOTE_TEXT.replace("\n7\n", "\n7\r\n"),
            NOTE_TEXT.split("\n\n")[0] + "\n\n",
            NOTE_TEXT + signature_line("x.example", b"abcd", b""),
        ],
        ids=[
            "missing blank line",
            "bad base64",
            "no final newline",
            "trailing blank line",
            "hyphen for em dash",
            "no space after dash",
            "two spaces",
            "carriage return",
            "no signatures",
            "empty signature",
        ],
    )
    def test_a_malformed_note_is_refused(self, text: str) -> None:
        with pytest.raises(VerifyError) as exc:
            SignedNote.from_text(text)
        assert code_of(exc) == "MALFORMED_INPUT"


class TestVerifyCheckpoint:
    def test_the_contract_checkpoint_verifies(self) -> None:
        assert verify_checkpoint(NOTE_TEXT, Vkey.from_text(VKEY_TEXT)) == Checkpoint(
            ORIGIN, 7, ROOT_7
        )

    def test_signatures_by_unknown_keys_are_ignored(self) -> None:
        witness = Vkey.for_key("witness.example/w1", public_bytes(OTHER_KEY))
        body = NOTE_TEXT.split("\n\n")[0] + "\n"
        cosigned = NOTE_TEXT + signature_line(
            witness.name, witness.key_hash, OTHER_KEY.sign(body.encode())
        )
        assert verify_checkpoint(cosigned, VKEY).size == 7

    def test_a_checkpoint_signed_by_another_key_is_refused(self) -> None:
        note = sign(Checkpoint(ORIGIN, 7, ROOT_7).body(), key=OTHER_KEY)
        with pytest.raises(VerifyError) as exc:
            verify_checkpoint(note, VKEY)
        assert code_of(exc) == "SIGNATURE_INVALID"

    def test_another_key_claiming_the_log_key_hash_is_refused(self) -> None:
        body = Checkpoint(ORIGIN, 7, ROOT_7).body()
        forged = body + "\n" + signature_line(ORIGIN, VKEY.key_hash, OTHER_KEY.sign(body.encode()))
        with pytest.raises(VerifyError) as exc:
            verify_checkpoint(forged, VKEY)
        assert code_of(exc) == "SIGNATURE_INVALID"

    def test_a_tampered_tree_size_is_refused(self) -> None:
        with pytest.raises(VerifyError) as exc:
            verify_checkpoint(NOTE_TEXT.replace("\n7\n", "\n8\n"), VKEY)
        assert code_of(exc) == "SIGNATURE_INVALID"

    def test_a_tampered_root_is_refused(self) -> None:
        with pytest.raises(VerifyError) as exc:
            verify_checkpoint(NOTE_TEXT.replace("2tx0", "3tx0"), VKEY)
        assert code_of(exc) == "SIGNATURE_INVALID"

    def test_a_checkpoint_of_another_log_is_refused(self) -> None:
        note = sign(Checkpoint("other.example/log", 7, ROOT_7).body())
        with pytest.raises(VerifyError) as exc:
            verify_checkpoint(note, VKEY)
        assert code_of(exc) == "WRONG_LOG"
        assert exc.value.evidence == {"expected": ORIGIN, "actual": "other.example/log"}

    def test_a_signed_size_with_leading_zeros_is_refused(self) -> None:
        note = sign(f"{ORIGIN}\n007\n{base64.b64encode(ROOT_7).decode()}\n")
        with pytest.raises(VerifyError) as exc:
            verify_checkpoint(note, VKEY)
        assert code_of(exc) == "MALFORMED_INPUT"

    def test_a_signed_31_byte_root_is_refused(self) -> None:
        note = sign(f"{ORIGIN}\n7\n{base64.b64encode(ROOT_7[:31]).decode()}\n")
        with pytest.raises(VerifyError) as exc:
            verify_checkpoint(note, VKEY)
        assert code_of(exc) == "MALFORMED_INPUT"

    def test_a_note_without_a_blank_line_is_refused(self) -> None:
        with pytest.raises(VerifyError) as exc:
            verify_checkpoint(NOTE_TEXT.replace("\n\n", "\n"), VKEY)
        assert code_of(exc) == "MALFORMED_INPUT"


class TestIndependentVerifier:
    def test_it_accepts_the_contract_note(self) -> None:
        assert independent_verify(NOTE_TEXT, VKEY_TEXT) == Checkpoint(ORIGIN, 7, ROOT_7).body()

    @pytest.mark.parametrize("size", [0, 1, 7, 1234567890123])
    def test_it_accepts_our_signed_checkpoints(self, size: int) -> None:
        body = Checkpoint(ORIGIN, size, hashlib.sha256(str(size).encode()).digest()).body()
        signature = NoteSignature(ORIGIN, VKEY.key_hash, LOG_KEY.sign(body.encode()))
        note = SignedNote(body, (signature,)).to_text()
        assert independent_verify(note, VKEY.to_text()) == body

    def test_it_accepts_our_note_with_a_cosignature_and_an_extension_line(self) -> None:
        body = Checkpoint(ORIGIN, 3, ROOT_7, ("an extension",)).body()
        witness = Vkey.for_key("witness.example/w1", public_bytes(OTHER_KEY))
        note = SignedNote(
            body,
            (
                NoteSignature(witness.name, witness.key_hash, OTHER_KEY.sign(body.encode())),
                NoteSignature(ORIGIN, VKEY.key_hash, LOG_KEY.sign(body.encode())),
            ),
        ).to_text()
        assert independent_verify(note, VKEY.to_text()) == body
        assert verify_checkpoint(note, VKEY).extensions == ("an extension",)
