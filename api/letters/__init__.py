"""告知书 rendering: a request's letters (``domain.disclosure_request.letters``) as
printable HTML and as PDF with an embedded CJK font (fpdf2, Noto Sans CJK SC).

The PDF is the letter the applicant receives and the one whose SHA-256 the ledger
records; it is rendered deterministically (fixed creation date, fixed font, no random
ids), so re-rendering a recorded letter gives the same bytes. The HTML is the same
content for the browser and printing, not hashed.

Usage::

    press = LetterPress()
    requests.answer(number, handler, at, on=day, outcome="withheld.state_secret",
                    reasons="…", articles=["14"], letter=press)
    press.write(Path("letters"))          # 2026-0001-answer.html, 2026-0001-answer.pdf
    for done in reissue(requests, number, as_officer=officer, at=now):  # checked again
        done.write(Path("letters"))     # a supplement letter's items: opened on the record
"""

from api.letters.fonts import LetterFontMissing, font_path
from api.letters.html import render_html
from api.letters.pdf import render_pdf
from api.letters.press import (
    LetterMismatch,
    LetterNotFound,
    LetterPress,
    Rendered,
    recorded_letters,
    reissue,
    render,
    rerender,
)

__all__ = [
    "LetterFontMissing",
    "LetterMismatch",
    "LetterNotFound",
    "LetterPress",
    "Rendered",
    "font_path",
    "recorded_letters",
    "reissue",
    "render",
    "render_html",
    "render_pdf",
    "rerender",
]
