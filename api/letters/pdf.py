"""A letter as PDF (fpdf2), deterministic: the creation date is the letter's date
(midnight, China Standard Time), the font is one fixed file, and fpdf2 derives the
document id from the content, so the same letter gives the same bytes."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING

from api.letters.fonts import SC_FACE, font_path
from domain.disclosure_request.letters import Letter

if TYPE_CHECKING:  # fpdf2 is imported when a letter is rendered: it costs a quarter
    from fpdf import FPDF  # of a second at start-up, which every CLI command would pay

_FONT = "letter"
_LINE = 7.5  # mm, for 12 pt text


def render_pdf(letter: Letter) -> bytes:
    """The letter as A4 PDF bytes. Raises LetterFontMissing."""
    pdf = _document(letter)
    pdf.set_font(_FONT, size=18)
    _cell(pdf, 12, letter.title, "C")
    pdf.set_font(_FONT, size=11)
    _cell(pdf, 8, f"申请编号：{letter.number}", "C")
    pdf.ln(4)
    pdf.set_font(_FONT, size=12)
    for paragraph in letter.body:
        _paragraph(pdf, paragraph)
    if letter.reasons:
        _section(pdf, "理由", letter.reasons)
    if letter.articles:
        _section(pdf, "法律依据", letter.basis)
    if letter.provided:
        _hashes(pdf, letter.provided)
    if letter.remedies:
        _section(pdf, "救济途径", "".join(letter.remedies))
    pdf.ln(10)
    _cell(pdf, _LINE, f"{letter.office}\n{letter.issued_on}", "R")
    return bytes(pdf.output())


def _document(letter: Letter) -> FPDF:
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_margins(22, 25, 22)
    pdf.set_auto_page_break(True, margin=25)
    pdf.add_font(_FONT, fname=str(font_path()), collection_font_number=SC_FACE)
    pdf.set_creation_date(_midnight_cst(letter.issued_on))
    pdf.set_title(f"{letter.title} {letter.number}")
    pdf.set_author(letter.office)
    pdf.set_lang("zh-CN")
    pdf.add_page()
    return pdf


def _midnight_cst(day: str) -> datetime:
    try:
        on = date.fromisoformat(day)
    except ValueError:
        on = date(2000, 1, 1)
    return datetime(on.year, on.month, on.day, tzinfo=UTC) - timedelta(hours=8)


def _cell(pdf: FPDF, height: float, text: str, align: str = "L") -> None:
    pdf.multi_cell(0, height, text, align=align, new_x="LMARGIN", new_y="NEXT")


def _paragraph(pdf: FPDF, text: str) -> None:
    _cell(pdf, _LINE, text)
    pdf.ln(2)


def _section(pdf: FPDF, heading: str, text: str) -> None:
    pdf.ln(2)
    pdf.set_font(_FONT, size=13)
    _cell(pdf, _LINE, heading)
    pdf.set_font(_FONT, size=12)
    _paragraph(pdf, text)


def _hashes(pdf: FPDF, hashes: tuple[str, ...]) -> None:
    pdf.ln(2)
    pdf.set_font(_FONT, size=13)
    _cell(pdf, _LINE, "提供的政府信息（SHA-256）")
    pdf.set_font(_FONT, size=8)
    for i, sha in enumerate(hashes, 1):
        _cell(pdf, 5, f"{i}. {sha}")
    pdf.set_font(_FONT, size=12)
    pdf.ln(2)
