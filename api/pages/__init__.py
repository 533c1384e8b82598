"""The public pages (政务公开网页), server-rendered from the read models.

Chinese first with English labels, printable, no build step and nothing loaded from
elsewhere. The verify page hashes a file in the browser and checks the inclusion proof
and the checkpoint signature there (``api/pages/static/verify.js``), so a visitor need not
trust this server for the answer.

Usage::

    app.include_router(api.pages.router)
"""

from __future__ import annotations

from fastapi import APIRouter

from api.pages import _labels as labels
from api.pages import apply, catalogue, complain, feeds, guide, home, reports, requests, topics

__all__ = ["labels", "router"]

router = APIRouter(include_in_schema=False)
router.include_router(home.router)
router.include_router(catalogue.router)
router.include_router(requests.router)
router.include_router(reports.router)
router.include_router(feeds.router)
router.include_router(guide.router)
router.include_router(apply.router)
router.include_router(complain.router)
router.include_router(topics.router)
