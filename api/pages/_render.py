"""Rendering the public pages: one Jinja2 environment (autoescaped) and the friendly
error pages every page handler falls back on."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, ParamSpec, cast
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from api.errors import PageError
from api.pages import _labels, _queries
from ledger.errors import IntegrityFailure, NotInitialised
from projections.feed_queries import index_number

P = ParamSpec("P")
log = logging.getLogger("gongkai.pages")

TEMPLATES = Path(__file__).resolve().parent / "templates"
STATIC = Path(__file__).resolve().parent / "static"

_env = Environment(
    loader=FileSystemLoader(TEMPLATES),
    autoescape=select_autoescape(default=True, default_for_string=True),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)
_env.globals["labels"] = _labels
_env.filters["label"] = _labels.label
_env.filters["beijing"] = _labels.beijing_time
_env.filters["index_number"] = index_number


def _query(**params: object) -> str:
    """A query string of the non-empty parameters (links that keep the filters)."""
    return urlencode({name: value for name, value in params.items() if value})


_env.globals["query"] = _query


def render(
    request: Request, template: str, context: Mapping[str, Any], status: int = 200
) -> HTMLResponse:
    """The template rendered with the request and ``context``; its security headers are
    added to every HTML response by ``api.http.middleware.guards.HtmlSecurity``."""
    html = _env.get_template(template).render(request=request, **context)
    return HTMLResponse(html, status_code=status)


def error_page(request: Request, error: PageError) -> HTMLResponse:
    context = {
        "site": _site_or_default(request),
        "status": error.status,
        "title": error.title,
        "detail": error.detail,
    }
    return render(request, "error.html", context, error.status)


def _site_or_default(request: Request) -> _queries.Site:
    try:
        return _queries.site(request.app.state.services)
    except Exception:  # an error page must not fail in turn
        return _queries.Site("政务公开", "", False)


def not_found(what: str) -> PageError:
    return PageError(404, "未找到 Not found", what)


def bad_request(what: str) -> PageError:
    return PageError(400, "请求有误 Bad request", what)


def page(handler: Callable[P, HTMLResponse]) -> Callable[P, HTMLResponse]:
    """Turn a PageError (and anything unexpected) into an HTML error page.

    The handler must take ``request: Request``; FastAPI still sees its own signature.
    """

    @functools.wraps(handler)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> HTMLResponse:
        request = cast(Request, kwargs["request"])
        try:
            return handler(*args, **kwargs)
        except PageError as exc:
            return error_page(request, exc)
        except IntegrityFailure as exc:  # an entry the page shows is altered: not shown
            request.app.state.services.integrity_failed(exc)
            return error_page(
                request, PageError(409, "完整性检查失败 Integrity failure", exc.message)
            )
        except NotInitialised:
            return error_page(
                request, PageError(503, "尚未初始化 Not initialised", "本账本尚未初始化。")
            )
        except Exception:  # a bug: log it, and still answer with a page
            log.exception("page %s failed", request.url.path)
            return error_page(
                request,
                PageError(500, "内部错误 Internal error", "出现意外错误，已记录。"),
            )

    return wrapper
