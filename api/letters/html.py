"""A letter as printable HTML (Jinja2, autoescaped, A4 print styles)."""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from domain.disclosure_request.letters import Letter

_env = Environment(
    loader=FileSystemLoader(Path(__file__).resolve().parent / "templates"),
    autoescape=select_autoescape(default=True, default_for_string=True),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


def render_html(letter: Letter) -> str:
    """The letter as one self-contained HTML page."""
    return _env.get_template("letter.html").render(letter=letter)
