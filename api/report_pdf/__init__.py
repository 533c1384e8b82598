"""The annual report as PDF (``gongkai report annual YEAR --pdf OUT.pdf``)."""

from api.report_pdf.render import render_pdf

__all__ = ["render_pdf"]
