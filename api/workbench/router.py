"""Every workbench and console route, gathered for ``api.http.app``."""

from __future__ import annotations

from fastapi import APIRouter

from api.workbench import console, desk, item_actions, items_desk, requests_desk, sign_in

router = APIRouter(include_in_schema=False)
for module in (sign_in, desk, items_desk, item_actions, requests_desk, console):
    router.include_router(module.router)
