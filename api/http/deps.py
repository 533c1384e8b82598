"""Dependencies declared once as ``Annotated`` aliases."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import Depends, Request
from starlette.concurrency import run_in_threadpool

from api.errors import ApiError
from api.http.role_matrix import ANONYMOUS, allowed
from api.services import Services
from domain.aggregate import Actor

DEFAULT_PUBLIC_URL = "http://127.0.0.1:8000"


def public_url() -> str:
    """The server's public base URL (``GONGKAI_PUBLIC_URL``, no trailing slash), for the
    links and commands the API and pages show. Never the request's ``Host`` header: a
    client chooses that, and could plant its own host in what others are shown."""
    return (os.environ.get("GONGKAI_PUBLIC_URL") or DEFAULT_PUBLIC_URL).rstrip("/")


SITE_ROOT_KEY = "gongkai.site_root"  # set by the platform's prefix wrapper


def site_root(request: Request) -> str:
    """The path this agency's site is served under: ``""`` alone, ``/a/<slug>`` on a
    platform (``api.platform.prefix``), for links the API writes into JSON, feeds and
    pages (HTML attributes and ``Location`` headers are rewritten by the wrapper)."""
    return str(request.scope.get(SITE_ROOT_KEY) or request.scope.get("root_path", ""))


async def get_services(request: Request) -> Services:
    """The app's services; for a read, with this process's own writes settled first,
    and an officer's read (bearer token) with every process's writes settled.

    Asynchronous, so that a public read with nothing to settle (the common case) costs
    no hop through the thread pool."""
    services: Services = request.app.state.services
    if request.method in ("GET", "HEAD"):
        every_process = "authorization" in request.headers
        if every_process or services.unsettled_writes:
            await run_in_threadpool(services.fresh, every_process=every_process)
    return services


ServicesDep = Annotated[Services, Depends(get_services)]


def current_officer(request: Request, services: ServicesDep) -> Actor:
    """The officer behind the bearer token, with the roles they hold now (401/403)."""
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token:
        raise ApiError("UNAUTHENTICATED", "an officer bearer token is required")
    officer = services.tokens.authenticate(token.strip(), datetime.now(UTC))
    if officer is None:
        raise ApiError("TOKEN_INVALID", "the token is unknown, expired or revoked")
    request.state.officer_id = officer  # for the access log (api/http/middleware/observe.py)
    return services.office.actor(officer)


OfficerDep = Annotated[Actor, Depends(current_officer)]


def require_role(role: str) -> Any:
    """Refuse (403 ROLE_REQUIRED) an officer without ``role`` before the body is even
    validated; the domain checks again when the command runs."""

    def check(actor: OfficerDep) -> Actor:
        actor.require(role)
        return actor

    return Depends(check)


async def officer_before_body(request: Request) -> None:
    """Raise the 401 or 403 an officer route answers before it reads its body, for a
    body too malformed to parse (FastAPI parses JSON before it runs any dependency):
    an anonymous caller learns nothing of how the body is read. Nothing for a public
    route, or a caller allowed on it."""
    route = request.scope.get("route")
    try:
        callers = allowed(request.method, getattr(route, "path", ""))
    except KeyError:
        return
    if ANONYMOUS in callers:
        return
    services: Services = request.app.state.services
    actor = await run_in_threadpool(current_officer, request, services)
    if not actor.roles & callers:
        raise ApiError("ROLE_REQUIRED", f"one of the roles {sorted(callers)} is required")
