"""BagIt (RFC 8493) bags serialised as zip files, read and written with the stdlib.

A serialised bag holds one base directory (RFC 8493 §4.2) with the tag files
``bagit.txt``, ``bag-info.txt``, ``manifest-sha256.txt`` and ``tagmanifest-sha256.txt``
and the payload under ``data/``. Gongkai adds one tag file the tag manifest cannot
list (it signs it): ``tagmanifest-signature.txt``, the standard base64 of the log key's
Ed25519 signature over ``b"gongkai-bundle:v1\\n" ‖ tagmanifest-sha256.txt``.

Reading is defensive: the zip comes from outside, so names, sizes and member counts are
bounded, and every way ``zipfile`` can fail becomes one ``InputError``.
"""

from __future__ import annotations

import hashlib
import re
import zipfile
import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from verify.errors import (
    BagChecksumMismatch,
    BagFileMissing,
    BagOxumMismatch,
    BagUnlistedFile,
    InputError,
)
from verify.hashes import is_sha256_hex

BAGIT_TXT = b"BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n"
MANIFEST = "manifest-sha256.txt"
TAGMANIFEST = "tagmanifest-sha256.txt"
SIGNATURE = "tagmanifest-signature.txt"
BAG_INFO = "bag-info.txt"
BAGIT = "bagit.txt"
TAG_FILES = (BAGIT, BAG_INFO, MANIFEST)
MAX_MEMBERS = 100_000
MAX_TOTAL_BYTES = 1 << 30

_MANIFEST_LINE = re.compile(r"([0-9a-fA-F]+)[ \t]+(\S.*)")
_ZIP_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, ValueError)
_ZIP_ERRORS_MORE = (NotImplementedError, RuntimeError, OverflowError, IndexError, KeyError)


def sha256_hex(data: bytes) -> str:
    """Hex SHA-256 of ``data``. Raises nothing."""
    return hashlib.sha256(data).hexdigest()


def _encode_path(path: str) -> str:
    # RFC 8493 §2.1.3: CR, LF and % in a manifest's file path are percent-encoded.
    return path.replace("%", "%25").replace("\n", "%0A").replace("\r", "%0D")


def _decode_path(path: str) -> str:
    return (
        path.replace("%0A", "\n")
        .replace("%0a", "\n")
        .replace("%0D", "\r")
        .replace("%0d", "\r")
        .replace("%25", "%")
    )


def manifest_text(files: Mapping[str, bytes]) -> bytes:
    """A SHA-256 manifest of ``files`` (path → bytes), one line per file, sorted by path.

    Raises nothing.
    """
    return "".join(f"{sha256_hex(files[p])}  {_encode_path(p)}\n" for p in sorted(files)).encode(
        "utf-8"
    )


def bag_info_text(fields: Sequence[tuple[str, str]]) -> bytes:
    """``bag-info.txt`` (RFC 8493 §2.2.2): one ``Label: value`` line per field, in order.

    Raises nothing.
    """
    return "".join(f"{label}: {value}\n" for label, value in fields).encode("utf-8")


def payload_oxum(payload: Mapping[str, bytes]) -> str:
    """``<octet count>.<file count>`` of the payload (RFC 8493 §2.2.2). Raises nothing."""
    return f"{sum(len(b) for b in payload.values())}.{len(payload)}"


def parse_manifest(text: bytes, name: str) -> dict[str, str]:
    """Path → lowercase hex SHA-256 from a manifest. Raises InputError if malformed."""
    result: dict[str, str] = {}
    for number, line in enumerate(_utf8(text, name).splitlines(), start=1):
        match = _MANIFEST_LINE.fullmatch(line)
        if match is None or not is_sha256_hex(match.group(1).lower()):
            raise InputError(f"{name} line {number} is not '<sha256> <path>'")
        path = _decode_path(match.group(2))
        if path in result:
            raise InputError(f"{name} lists {path} twice")
        result[path] = match.group(1).lower()
    return result


def parse_bag_info(text: bytes) -> list[tuple[str, str]]:
    """The (label, value) pairs of ``bag-info.txt``, folded lines joined.

    Raises InputError if a line is neither ``Label: value`` nor a continuation.
    """
    fields: list[tuple[str, str]] = []
    for number, line in enumerate(_utf8(text, BAG_INFO).splitlines(), start=1):
        if line[:1] in (" ", "\t") and fields:
            label, value = fields[-1]
            fields[-1] = (label, f"{value} {line.strip()}")
            continue
        label, sep, value = line.partition(":")
        if not sep or not label.strip() or label != label.strip():
            raise InputError(f"{BAG_INFO} line {number} is not 'Label: value'")
        fields.append((label, value.strip()))
    return fields


def _utf8(data: bytes, name: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise InputError(f"{name} is not UTF-8") from None


@dataclass(frozen=True)
class Bag:
    """A bag read from a zip: its base directory and every file, path → bytes."""

    base: str
    files: dict[str, bytes]

    @classmethod
    def from_zip(cls, path: Path) -> Bag:
        """Read a zipped bag into memory.

        Raises InputError if the file is not a readable zip, a member name is unsafe
        or duplicated, the members are not under one base directory, or limits are hit.
        """
        try:
            with zipfile.ZipFile(path) as archive:
                infos = [i for i in archive.infolist() if not i.is_dir()]
                base = _check_members(infos)
                files = {i.filename[len(base) + 1 :]: _read(archive, i) for i in infos}
        except OSError as exc:
            raise InputError(f"cannot read {path}: {exc.strerror or exc}") from None
        except (*_ZIP_ERRORS, *_ZIP_ERRORS_MORE) as exc:
            raise InputError(f"{path} is not a readable zip file: {exc}") from None
        return cls(base, files)

    def require(self, name: str) -> bytes:
        """The bytes of tag file or payload file ``name``. Raises InputError if absent."""
        data = self.files.get(name)
        if data is None:
            raise InputError(f"not a Gongkai evidence bundle: the bag has no {name}")
        return data

    def check_tags(self) -> list[tuple[str, str]]:
        """Check the tag files against the tag manifest; return the bag-info fields.

        The tag manifest must list ``bagit.txt``, ``bag-info.txt`` and
        ``manifest-sha256.txt`` with their SHA-256 and nothing unlisted may sit beside
        them; ``bagit.txt`` must declare BagIt 1.0 in UTF-8 (RFC 8493 §2.1.1). Raises
        InputError, BagFileMissing, BagChecksumMismatch or BagUnlistedFile.
        """
        tags = parse_manifest(self.require(TAGMANIFEST), TAGMANIFEST)
        for name in TAG_FILES:
            if name not in tags:
                raise BagUnlistedFile(f"{TAGMANIFEST} does not list {name}", file=name)
        self._check_manifest(TAGMANIFEST, tags)
        if self.files[BAGIT] != BAGIT_TXT:
            raise InputError("bagit.txt does not declare BagIt-Version 1.0 in UTF-8")
        return parse_bag_info(self.files[BAG_INFO])

    def check_payload(self, info: Sequence[tuple[str, str]]) -> None:
        """Check the payload against ``manifest-sha256.txt`` and Payload-Oxum (RFC 8493 §3).

        Raises InputError, BagFileMissing, BagChecksumMismatch, BagUnlistedFile or
        BagOxumMismatch.
        """
        self._check_manifest(MANIFEST, parse_manifest(self.require(MANIFEST), MANIFEST))
        self._check_oxum(info)

    def payload(self) -> dict[str, bytes]:
        """The payload files (under ``data/``), path → bytes. Raises nothing."""
        return {p: b for p, b in self.files.items() if p.startswith("data/")}

    def _check_manifest(self, name: str, listed: Mapping[str, str]) -> None:
        for path, expected in listed.items():
            data = self.files.get(path)
            if data is None:
                raise BagFileMissing(f"{name} lists {path}, which is not in the bag", file=path)
            actual = sha256_hex(data)
            if actual != expected:
                raise BagChecksumMismatch(
                    f"{path} does not match its SHA-256 in {name}",
                    file=path,
                    expected=expected,
                    actual=actual,
                )
        if name == MANIFEST:
            unlisted = sorted(set(self.payload()) - set(listed))
        else:
            allowed = {*listed, MANIFEST, TAGMANIFEST, SIGNATURE}
            tags = (p for p in self.files if not p.startswith("data/"))
            unlisted = sorted(p for p in tags if p not in allowed)
        if unlisted:
            raise BagUnlistedFile(
                f"{unlisted[0]} is in the bag but not in {name}", file=unlisted[0]
            )

    def _check_oxum(self, info: Sequence[tuple[str, str]]) -> None:
        declared = [v for k, v in info if k == "Payload-Oxum"]
        actual = payload_oxum(self.payload())
        if declared and declared[0] != actual:
            raise BagOxumMismatch(
                f"Payload-Oxum is {declared[0]}, the payload is {actual}",
                expected=declared[0],
                actual=actual,
            )


def _check_members(infos: Sequence[zipfile.ZipInfo]) -> str:
    if not infos:
        raise InputError("the zip file is empty")
    if len(infos) > MAX_MEMBERS:
        raise InputError(f"the zip file has more than {MAX_MEMBERS} members")
    if sum(i.file_size for i in infos) > MAX_TOTAL_BYTES:
        raise InputError(f"the zip file unpacks to more than {MAX_TOTAL_BYTES} bytes")
    names = [i.filename for i in infos]
    for name in names:
        parts = name.split("/")
        if "\\" in name or "\x00" in name or any(p in ("", ".", "..") for p in parts):
            raise InputError(f"unsafe member name {name[:200]!r} in the zip file")
        if len(parts) < 2:
            raise InputError(f"member {name[:200]!r} is not inside the bag's base directory")
    if len(set(names)) != len(names):
        raise InputError("the zip file holds two members of the same name")
    bases = {n.split("/", 1)[0] for n in names}
    if len(bases) != 1:
        raise InputError("the zip file must hold exactly one bag directory (RFC 8493 §4.2)")
    return bases.pop()


def _read(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    if info.flag_bits & 0x1:
        raise InputError(f"member {info.filename[:200]!r} is encrypted")
    with archive.open(info) as handle:
        data = handle.read(info.file_size + 1)
    if len(data) != info.file_size:
        raise InputError(f"member {info.filename[:200]!r} is not the size the zip declares")
    return data
