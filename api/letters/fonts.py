"""The CJK font letters embed: ``GONGKAI_LETTER_FONT`` (a .ttf, .otf or .ttc file),
else Noto Sans CJK from Debian's ``fonts-noto-cjk`` (``make fonts`` installs it).

A letter's bytes depend on the font file: re-rendering a recorded letter needs the same
font (and the same fpdf2 release) as when it was issued."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Final

from domain.errors import DomainError

ENV: Final = "GONGKAI_LETTER_FONT"
DEFAULTS: Final = (
    Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"),
    Path("/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc"),
)
# In Noto's collection, face 2 is Simplified Chinese (JP, KR, SC, TC, HK, …).
SC_FACE: Final = 2


class LetterFontMissing(DomainError):
    """No CJK font to render letters with."""

    code = "LETTER_FONT_MISSING"


def font_path() -> Path:
    """The font file letters are rendered with. Raises LetterFontMissing."""
    configured = os.environ.get(ENV)
    candidates = (Path(configured),) if configured else DEFAULTS
    for path in candidates:
        if path.is_file():
            return path
    raise LetterFontMissing(
        f"no CJK font for letters: set {ENV} or install fonts-noto-cjk (make fonts)",
        tried=[str(p) for p in candidates],
    )
