"""A document uploaded at the workbench: its size limit and type check.

The type is judged by the file's first bytes, never by the name or the browser's
claim alone: PDF, OFD and DOCX (both ZIP containers) and UTF-8 plain text.
"""

from __future__ import annotations

from typing import Final

from starlette.datastructures import FormData, UploadFile

from api.http.routes.catalogue import MAX_UPLOAD_BYTES
from api.workbench.forms import FormInvalid

ACCEPTED: Final = ".pdf,.ofd,.docx,.txt"
_ZIP = b"PK\x03\x04"


def document(form: FormData, name: str = "file") -> bytes:
    """The uploaded file's bytes; FormInvalid (next to the field) if missing, empty,
    over ``MAX_UPLOAD_BYTES`` or not one of the accepted types."""
    upload = form.get(name)
    if not isinstance(upload, UploadFile) or not upload.filename:
        raise FormInvalid({name: "请选择文件。 Choose a file."})
    if upload.size is not None and upload.size > MAX_UPLOAD_BYTES:
        raise FormInvalid({name: _too_large()}, 413)
    data = upload.file.read(MAX_UPLOAD_BYTES + 1)
    if len(data) > MAX_UPLOAD_BYTES:
        raise FormInvalid({name: _too_large()}, 413)
    if not data:
        raise FormInvalid({name: "CONTENT_EMPTY: 文件为空。 The file is empty."})
    if not _accepted(upload.filename.lower(), data):
        raise FormInvalid(
            {name: f"TYPE_REFUSED: 仅接受 {ACCEPTED} 文件。 Only {ACCEPTED} files are accepted."},
            415,
        )
    return data


def _too_large() -> str:
    megabytes = MAX_UPLOAD_BYTES // (1024 * 1024)
    return f"TOO_LARGE: 文件不得超过 {megabytes} MB。 Files are limited to {megabytes} MB."


def _accepted(filename: str, data: bytes) -> bool:
    if filename.endswith(".pdf"):
        return data.startswith(b"%PDF-")
    if filename.endswith((".ofd", ".docx")):
        return data.startswith(_ZIP)
    if filename.endswith(".txt"):
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            return False
        return b"\x00" not in data
    return False
