"""Who is at the workbench: the session behind the cookie, the officer's roles now,
and the checks every form goes through (CSRF token, role).

Bearer tokens stay the API's way in; the workbench only ever reads its own cookie, so
a token cannot drive a form and a session cannot call the API.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from fastapi import Request
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.responses import Response

from api.http.deps import public_url
from api.services import Services
from api.workbench.sessions import COOKIE, Session, csrf_ok
from domain.aggregate import Actor
from domain.errors import DomainError

SIGN_IN_COOKIE = "gk_sign_in"  # the sign-in form's own CSRF value (double submit)
PATH = "/workbench"


class NotSignedIn(Exception):
    """No live session: the page sends the browser to the sign-in form."""


class Forbidden(Exception):
    """Signed in, but this desk or action is not the officer's (403 page)."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


@dataclass(frozen=True)
class Desk:
    """A signed-in officer at the workbench."""

    services: Services
    session: Session
    actor: Actor
    name: str

    @property
    def officer(self) -> str:
        return self.actor.officer_id

    @property
    def roles(self) -> frozenset[str]:
        return self.actor.roles

    def has(self, *roles: str) -> bool:
        """Whether the officer holds one of ``roles`` (any officer, for none)."""
        return not roles or bool(self.actor.roles & set(roles))

    def require(self, *roles: str) -> None:
        """Raises Forbidden unless the officer holds one of ``roles`` now."""
        if not self.actor.roles & set(roles):
            wanted = "、".join(roles)
            raise Forbidden(f"此页面需要以下角色之一 This needs one of the roles: {wanted}")


def now() -> datetime:
    return datetime.now(UTC)


def secure() -> bool:
    """Cookies are marked Secure when the public URL is https (TLS in front)."""
    return public_url().startswith("https://")


def set_cookie(response: Response, name: str, value: str, max_age: int | None = None) -> None:
    response.set_cookie(
        name,
        value,
        max_age=max_age,
        path=PATH,
        httponly=True,
        samesite="strict",
        secure=secure(),
    )


def clear_cookie(response: Response) -> None:
    response.delete_cookie(COOKIE, path=PATH, httponly=True, samesite="strict", secure=secure())


async def desk(request: Request, *roles: str) -> Desk:
    """The signed-in officer (NotSignedIn otherwise), holding one of ``roles`` if given."""
    services: Services = request.app.state.services
    session_id = request.cookies.get(COOKIE, "")
    found = await run_in_threadpool(_find, services, session_id)
    if found is None:
        raise NotSignedIn()
    request.state.officer_id = found.actor.officer_id  # for the access log
    if roles:
        found.require(*roles)
    return found


def _find(services: Services, session_id: str) -> Desk | None:
    session = services.sessions.find(session_id, now())
    if session is None:
        return None
    try:
        officer = services.office.officer(session.officer)
        actor = services.office.actor(session.officer)
    except DomainError:  # the officer left (or never was): the session is worthless
        return None
    services.fresh(every_process=True)
    return Desk(services, session, actor, officer.name)


async def form_of(request: Request, at_desk: Desk) -> FormData:
    """The posted form, once its CSRF token is the session's own (Forbidden otherwise)."""
    form = await request.form()
    sent = form.get("csrf")
    if not isinstance(sent, str) or not csrf_ok(at_desk.session, sent):
        raise Forbidden(
            "表单已失效，请刷新页面后重试 The form's security token is missing or wrong"
        )
    return form


def text(form: FormData, name: str) -> str | None:
    """A text field, stripped; None when absent or empty."""
    value = form.get(name)
    if not isinstance(value, str) or not value.strip():
        return None
    return value.strip()


def fields(form: FormData, *names: str) -> dict[str, Any]:
    """The named text fields that were filled in (for a command's input model)."""
    return {name: value for name in names if (value := text(form, name)) is not None}


def sign_in_delay() -> float:
    """Seconds added per earlier failure before answering a failed sign-in."""
    return float(os.environ.get("GONGKAI_SIGN_IN_DELAY", "0.25"))
