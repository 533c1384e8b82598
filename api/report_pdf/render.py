"""The whole annual report as one PDF: title, the six sections of the template
(国办公开办函〔2021〕30号) in order — 一 and 五 as approved, Tables 2, 3 and 4 as
computed, 六's text with the fees and complaint figures — and the hash and checkpoint
the tables were computed at.

The CJK font is the letters' (``api.letters.fonts``: ``GONGKAI_LETTER_FONT``, else Noto
Sans CJK from Debian's ``fonts-noto-cjk``, face 2 of the collection, Simplified
Chinese), which fpdf2 embeds as a subset."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

from api.letters.fonts import SC_FACE, font_path

if TYPE_CHECKING:  # imported when a report is rendered (a quarter second at start-up)
    from fpdf import FPDF

NOT_DRAFTED: Final = "（未起草）"
NUMERALS: Final = dict(enumerate("〇一二三四五六", 0))


def render_pdf(body: dict[str, Any]) -> bytes:
    """The report (``ReportView.to_json()``) as PDF bytes."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    path = font_path()
    face = SC_FACE if path.suffix.lower() == ".ttc" else 0
    pdf.add_font("cjk", fname=str(path), collection_font_number=face)
    pdf.set_font("cjk", size=10)
    pdf.set_auto_page_break(True, margin=15)
    pdf.add_page()
    _heading(pdf, f"{body['origin']} {body['year']}年政府信息公开工作年度报告", 15)
    texts = {n["section"]: n for n in body.get("narratives", [])}
    _narrative(pdf, texts.get(1))
    for table in body["tables"]:
        _table(pdf, table)
    _narrative(pdf, texts.get(5))
    _narrative(pdf, texts.get(6))
    _section6(pdf, body.get("section6", {}))
    _para(pdf, f"注：未确认的在线申请（未确认）{body['unconfirmed_requests']}件，不计入表3。")
    _para(pdf, f"SHA-256 {body['sha256']}, tree size {body['checkpoint']['tree_size']}")
    return bytes(pdf.output())


def _heading(pdf: FPDF, text: str, size: int = 12) -> None:
    pdf.set_font("cjk", size=size)
    pdf.multi_cell(0, size * 0.6, text, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    pdf.set_font("cjk", size=10)


def _para(pdf: FPDF, text: str) -> None:
    pdf.multi_cell(0, 6, text, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)


def _narrative(pdf: FPDF, section: dict[str, Any] | None) -> None:
    if section is None:
        return
    _heading(pdf, section["title"])
    _para(pdf, section["text"] or NOT_DRAFTED)


def _table(pdf: FPDF, table: dict[str, Any]) -> None:
    _heading(pdf, f"{NUMERALS[table['number']]}、{table['title']}")
    for row in table["rows"]:
        values = "  ".join(f"{k}：{'' if v is None else v}" for k, v in row["values"].items())
        _para(pdf, f"{row['label']}　{values}")


def _section6(pdf: FPDF, six: dict[str, Any]) -> None:
    counts = six.get("complaints", {})
    _para(pdf, f"收取信息处理费：{six.get('information_processing_fees_yuan', '0.00')}元")
    _para(
        pdf,
        f"收到投诉、举报{counts.get('filed', 0)}件，已答复{counts.get('answered', 0)}件"
        f"（逾期答复{counts.get('answered_late', 0)}件），未答复{counts.get('open', 0)}件。",
    )
