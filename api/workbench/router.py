"""Every workbench and console route, gathered for ``api.http.app``."""

from __future__ import annotations

from fastapi import APIRouter

from api.workbench import (
    admin_desk,
    console,
    desk,
    item_actions,
    items_desk,
    office_desk,
    requests_desk,
    sign_in,
)

router = APIRouter(include_in_schema=False)
for module in (
    sign_in,
    desk,
    items_desk,
    item_actions,
    requests_desk,
    office_desk,
    admin_desk,
    console,
):
    router.include_router(module.router)
