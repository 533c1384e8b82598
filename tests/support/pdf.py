"""Reading back the PDFs the office issues (letters, the annual report)."""

from __future__ import annotations

import io

from pypdf import PdfReader


def pdf_text(pdf: bytes) -> str:
    """The text of every page, without the spacing the extraction inserts."""
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    return "".join(ch for ch in text if not ch.isspace() and ch != "\x00")
