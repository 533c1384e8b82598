"""投诉、举报 — complaints and reports about the office's disclosure work (OGI Regulation
Art. 51: to the office above or the disclosure supervising office; Art. 47 ¶2: not
publishing as required, or not answering a request lawfully).

Usage::

    complaints = Complaints(office)
    filed = complaints.file("officer-0006", at, kind="complaint", filed_on=day,
        complainant={"name": "…", "contact": "…"}, text="…", about="2026-0003", days=15)
    complaints.answer(filed.number, "officer-0002", at, on=day, result="upheld", reply="…")
"""

from __future__ import annotations

from domain.complaint.complaint import Complaint
from domain.complaint.service import Complaints

__all__ = ["Complaint", "Complaints"]
