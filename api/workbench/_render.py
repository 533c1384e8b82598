"""Rendering the workbench: its own templates (Chinese first, English secondary) over
the public pages' labels and stylesheet, and one wrapper turning every failure of a
handler into a page (sign-in redirect, 403, 404, never a stack trace)."""

from __future__ import annotations

import functools
import logging
from collections.abc import Awaitable, Callable, Mapping
from pathlib import Path
from typing import Any, ParamSpec, cast
from urllib.parse import quote

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse
from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined, select_autoescape
from starlette.responses import Response

from api.errors import PageError
from api.pages import labels as _labels
from api.workbench.auth import Desk, Forbidden, NotSignedIn

P = ParamSpec("P")
log = logging.getLogger("gongkai.workbench")
TEMPLATES = Path(__file__).resolve().parent / "templates"
STATIC = Path(__file__).resolve().parent / "static"
ROLE_NAMES = {
    "drafter": ("起草", "Drafter"),
    "attribute_reviewer": ("属性审核", "Attribute review"),
    "secrecy_reviewer": ("保密审查", "Secrecy review"),
    "approver": ("发布审核与发布", "Approval & publication"),
    "request_handler": ("依申请公开办理", "Requests"),
    "office_head": ("负责人", "Office head"),
    "inspector": ("监督检查", "Inspection"),
    "admin": ("系统管理", "Administration"),
}
# The workbench's navigation: (section, link, 中文, English, roles that see it; none: all).
NAV = (
    ("home", "/workbench", "首页", "Desks", ()),
    ("drafter", "/workbench/drafter", "起草", "Draft", ("drafter",)),
    (
        "review",
        "/workbench/review",
        "审核",
        "Review",
        ("attribute_reviewer", "secrecy_reviewer", "approver"),
    ),
    ("publish", "/workbench/publish", "发布", "Publish", ("approver",)),
    ("requests", "/workbench/requests", "申请", "Requests", ("request_handler", "office_head")),
    ("office", "/workbench/office", "负责人", "Office head", ("office_head",)),
    ("inspect", "/workbench/inspect", "监督检查", "Inspect", ("inspector",)),
    ("admin", "/workbench/admin", "管理", "Admin", ("admin",)),
)

_env = Environment(
    loader=ChoiceLoader([FileSystemLoader(TEMPLATES)]),
    autoescape=select_autoescape(default=True, default_for_string=True),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)
_env.globals["labels"] = _labels
_env.globals["role_names"] = ROLE_NAMES
_env.globals["nav"] = NAV
_env.filters["label"] = _labels.label
_env.filters["beijing"] = _labels.beijing_time


def render(
    request: Request,
    template: str,
    at_desk: Desk | None,
    context: Mapping[str, Any],
    status: int = 200,
) -> HTMLResponse:
    """A workbench page; ``at_desk`` gives the officer's name, roles and CSRF token."""
    html = _env.get_template(template).render(
        request=request, desk=at_desk, csrf=at_desk.session.csrf if at_desk else "", **context
    )
    response = HTMLResponse(html, status_code=status)
    response.headers["Cache-Control"] = "no-store"  # an officer's pages stay off shared caches
    return response


def error(request: Request, status: int, title: str, detail: str) -> HTMLResponse:
    context = {"status": status, "title": title, "detail": detail}
    return render(request, "wb_error.html", None, context, status)


def see_other(url: str) -> Response:
    """Post/redirect/get: a reload never posts the form again."""
    return RedirectResponse(url, status_code=303)


def workbench_page(
    handler: Callable[P, Awaitable[Response]],
) -> Callable[P, Awaitable[Response]]:
    """Turn failures into pages: the sign-in form for no session, 403 for a desk that is
    not the officer's, the PageError's own page, and a logged 500 page for a bug."""

    @functools.wraps(handler)
    async def wrapper(*args: P.args, **kwargs: P.kwargs) -> Response:
        request = cast(Request, kwargs["request"])
        try:
            return await handler(*args, **kwargs)
        except NotSignedIn:
            target = request.url.path if request.method == "GET" else "/workbench"
            return see_other("/workbench/sign-in?next=" + quote(target, safe="/"))
        except Forbidden as exc:
            return error(request, 403, "无权访问 Forbidden", exc.detail)
        except PageError as exc:
            return error(request, exc.status, exc.title, exc.detail)
        except Exception:  # a bug: logged, and still a page
            log.exception("workbench page %s failed", request.url.path)
            return error(request, 500, "内部错误 Internal error", "出现意外错误，已记录。")

    return wrapper
