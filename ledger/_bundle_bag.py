"""Writing the evidence bundle's bag: bag-info, tag files, signature, the zip itself.

The zip holds one base directory named after the output file (RFC 8493 §4.2), members
in a fixed order (tag files, then the payload as ``ledger.bundle`` lists it), with
timestamps of the bagging time in China Standard Time. It is written to
``FILE.partial``, fsynced and renamed: no half-written bundle carries the final name.
"""

from __future__ import annotations

import os
import re
import zipfile
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime

from verify.bag import (
    BAG_INFO,
    BAGIT,
    BAGIT_TXT,
    MANIFEST,
    SIGNATURE,
    TAGMANIFEST,
    bag_info_text,
    manifest_text,
    payload_oxum,
)
from verify.bundle_format import (
    BUNDLE_FORMAT,
    CST,
    INFO_FORMAT,
    INFO_MISSING,
    INFO_ORIGIN,
    INFO_SELECTION,
    INFO_VKEY,
)

Member = tuple[str, bytes]


def cst(at: datetime) -> datetime:
    """``at`` as a naive China Standard Time datetime. Raises nothing."""
    return at.astimezone(UTC).replace(tzinfo=None) + CST


def bag_info(
    *,
    organization: str,
    origin: str,
    vkey: str,
    selection: str,
    size: int,
    at: datetime,
    payload: Mapping[str, bytes],
    missing: Sequence[str],
) -> list[tuple[str, str]]:
    """The ``bag-info.txt`` fields: RFC 8493 reserved ones, then Gongkai's. Raises nothing."""
    return [
        ("Source-Organization", " ".join(organization.split())),
        ("Bagging-Date", cst(at).date().isoformat()),
        ("External-Description", f"政府信息公开电子证据包 Gongkai evidence bundle: {selection}"),
        ("Bag-Software-Agent", "gongkai"),
        ("Payload-Oxum", payload_oxum(payload)),
        (INFO_FORMAT, BUNDLE_FORMAT),
        (INFO_ORIGIN, origin),
        (INFO_VKEY, vkey),
        (INFO_SELECTION, selection),
        ("Gongkai-Checkpoint-Size", str(size)),
        *((INFO_MISSING, digest) for digest in missing),
    ]


def tag_files(
    info: Sequence[tuple[str, str]], payload: Mapping[str, bytes], sign: Callable[[bytes], bytes]
) -> list[Member]:
    """bagit.txt, bag-info.txt, both manifests and the signature over the tag manifest.

    Raises whatever ``sign`` raises.
    """
    tags = {BAGIT: BAGIT_TXT, BAG_INFO: bag_info_text(info), MANIFEST: manifest_text(payload)}
    tagmanifest = manifest_text(tags)
    return [*tags.items(), (TAGMANIFEST, tagmanifest), (SIGNATURE, sign(tagmanifest))]


def write_zip(out: os.PathLike[str], members: Sequence[Member], at: datetime) -> None:
    """Write the members under one base directory, atomically (``.partial`` + rename).

    Raises OSError; the partial file is removed on any failure.
    """
    path = os.fspath(out)
    stem = os.path.splitext(os.path.basename(path))[0]
    base = re.sub(r"[^\w.-]", "_", stem) or "bundle"
    t = cst(at)
    stamp = (max(t.year, 1980), t.month, t.day, t.hour, t.minute, t.second)
    tmp = path + ".partial"
    try:
        with open(tmp, "wb") as handle:
            with zipfile.ZipFile(handle, "w") as archive:
                for name, data in members:
                    info = zipfile.ZipInfo(f"{base}/{name}", date_time=stamp)
                    info.compress_type = zipfile.ZIP_DEFLATED
                    info.external_attr = 0o644 << 16
                    archive.writestr(info, data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
