"""Issuing and re-issuing letters: ``LetterPress`` renders the letter a command drafts
and hands its PDF hash to the domain (recorded in the signed entry), keeping the bytes
to write once the entry is saved; ``recorded_letters`` rebuilds the letters a request's
entries record, and ``rerender`` checks each against the hash in its entry."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from api.letters.html import render_html
from api.letters.pdf import render_pdf
from domain.disclosure_request.letter_opening import LetterOpening
from domain.disclosure_request.letters import EVENT_OF, KINDS, Letter, letter_for
from domain.disclosure_request.request import DisclosureRequest
from domain.disclosure_request.service import DisclosureRequests
from domain.errors import DomainError, NotFound
from domain.privacy.record import ERASED


class LetterNotFound(NotFound):
    """The request has no letter of the kind asked for."""

    code = "LETTER_NOT_FOUND"


class LetterMismatch(DomainError):
    """A re-rendered letter differs from the hash its entry records: the font file or
    the PDF library differs from the ones it was issued with."""

    code = "LETTER_MISMATCH"


@dataclass(frozen=True, slots=True)
class Rendered:
    """A letter, its HTML and PDF, and the PDF's SHA-256 (hex)."""

    letter: Letter
    html: str
    pdf: bytes

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.pdf).hexdigest()

    def write(self, directory: Path) -> list[Path]:
        """Write ``<number>-<kind>.html`` and ``.pdf`` into ``directory``."""
        directory.mkdir(parents=True, exist_ok=True)
        html = directory / f"{self.letter.file_stem}.html"
        pdf = directory / f"{self.letter.file_stem}.pdf"
        html.write_text(self.html, encoding="utf-8")
        pdf.write_bytes(self.pdf)
        return [html, pdf]


def render(letter: Letter) -> Rendered:
    """HTML and PDF of ``letter``. Raises LetterFontMissing."""
    return Rendered(letter, render_html(letter), render_pdf(letter))


class LetterPress:
    """The ``letter`` argument of an answer: renders the drafted letter, returns its
    PDF's SHA-256 for the entry and keeps what it rendered."""

    def __init__(self) -> None:
        self.rendered: list[Rendered] = []

    def __call__(self, letter: Letter) -> str:
        done = render(letter)
        self.rendered.append(done)
        return done.sha256

    def write(self, directory: Path) -> list[Path]:
        return [path for done in self.rendered for path in done.write(directory)]


def recorded_letters(
    request: DisclosureRequest, office: str, opening: LetterOpening, kind: str | None = None
) -> list[tuple[Letter, str | None]]:
    """Every letter the request's entries record (of ``kind`` only, if given), in
    stream order, each with the PDF hash recorded for it — in the answer's own entry, or
    in the ``LetterIssued`` entry that names a notice (None: not recorded). Sealed fields
    a letter prints are opened through ``opening`` (one ``Opened`` entry, first).
    Raises LetterNotFound, OFFICER_REQUIRED."""
    wanted = KINDS if kind is None else (kind,)
    issued = {
        e.data.get("of_seq"): e.data.get("letter_sha256")
        for e in request.history
        if e.name == "LetterIssued"
    }
    events = [
        (name, event)
        for event in request.history
        for name in wanted
        if event.name == EVENT_OF.get(name)
    ]
    if not events:
        raise LetterNotFound(
            f"request {request.number} has no {kind or 'letter'} recorded",
            request=request.number,
            kind=kind,
        )
    opened = opening.open([(name, event.data) for name, event in events])
    found: list[tuple[Letter, str | None]] = []
    for (name, event), data in zip(events, opened, strict=True):
        issuer = str(data.get("issuing_office") or office)
        letter = letter_for(name, str(request.number), data, issuer)
        recorded = data.get("letter_sha256", issued.get(event.seq))
        found.append((letter, recorded if isinstance(recorded, str) else None))
    return found


def rerender(letter: Letter, recorded: str | None, *, erased: bool = False) -> Rendered:
    """Render a recorded letter again; its PDF must hash to ``recorded`` when the entry
    records one, unless the personal data it printed was ``erased`` (the erased marker
    stands in its place, so it cannot). Raises LetterMismatch, LetterFontMissing."""
    done = render(letter)
    if recorded is not None and not erased and done.sha256 != recorded:
        raise LetterMismatch(
            f"letter {letter.file_stem} re-renders to {done.sha256}, the entry records "
            f"{recorded}: render it with the font and fpdf2 release it was issued with",
            expected=recorded,
            actual=done.sha256,
        )
    return done


def reissue(
    requests: DisclosureRequests,
    ref: str,
    kind: str | None = None,
    *,
    as_officer: str | None,
    at: datetime,
    purpose: str = "handling",
) -> list[Rendered]:
    """The recorded letters of request ``ref``, rendered again and checked against their
    entries; sealed fields they print are opened on the record by ``as_officer``, for
    ``purpose``.
    Raises RequestNotFound, LetterNotFound, LetterMismatch, LetterFontMissing,
    OFFICER_REQUIRED, ROLE_REQUIRED."""
    request = requests.get(ref)
    office = requests.office.agency().name
    opening = LetterOpening(
        requests.office, request.id, str(request.number), as_officer, at, purpose
    )
    letters = recorded_letters(request, office, opening, kind)
    return [rerender(letter, sha, erased=_erased(letter)) for letter, sha in letters]


def _erased(letter: Letter) -> bool:
    return any(ERASED in line for line in letter.body)
