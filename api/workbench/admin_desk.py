"""系统管理 — the admin's desk: officers (appointment, roles, departure), workbench
accounts (password, reset, TOTP, sign-out everywhere), bearer tokens, the calendar,
and the record of every sign-in and failure.

Officer changes go through ``Office`` (as ``gongkai officer``), accounts through
``AccountStore`` (as ``gongkai account``), tokens through ``TokenStore`` (as ``gongkai
token``). A new password, TOTP secret or token is shown once, on the answer itself.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.responses import Response

from api.commands import calendar as calendar_commands
from api.errors import PageError
from api.services import Services
from api.workbench._render import render, workbench_page
from api.workbench.auth import Desk, desk, form_of, now, text
from api.workbench.forms import FormInvalid, attempt
from api.workbench.once import ALREADY_DONE, form_key
from domain.calendar.seed import years_from_chinese_calendar
from verify.roles import ROLES

router = APIRouter()
Handler = Callable[[Services, str, FormData], str]


def _need(form: FormData, *names: str) -> list[str]:
    """The named fields, all filled in; FormInvalid naming those that are not."""
    values = [text(form, name) for name in names]
    missing = {n: "必填 Required." for n, v in zip(names, values, strict=True) if v is None}
    if missing:
        raise FormInvalid(missing)
    return [v for v in values if v is not None]


def _roles(form: FormData) -> list[str]:
    return [str(v) for v in form.getlist("roles")]


def _appoint(services: Services, admin: str, form: FormData) -> str:
    name, unit = _need(form, "name", "unit")
    officer = services.office.add_officer(admin, name, unit, _roles(form), now())
    return f"已任命 Appointed {officer}"


def _change_roles(services: Services, admin: str, form: FormData) -> str:
    officer, reason = _need(form, "officer", "reason")
    services.office.change_roles(admin, officer, _roles(form), reason, now())
    return f"已变更角色 Roles changed: {officer}"


def _leave(services: Services, admin: str, form: FormData) -> str:
    officer, left_on, reason = _need(form, "officer", "left_on", "reason")
    try:
        day = date.fromisoformat(left_on)
    except ValueError:
        raise FormInvalid({"left_on": "INVALID_DATE: YYYY-MM-DD"}) from None
    services.office.officer_leaves(admin, officer, day, reason, now())
    services.sessions.end_all(officer, now())
    return f"已记录离职 Departure recorded: {officer}"


def _password(services: Services, admin: str, form: FormData) -> str:
    officer, password = _need(form, "officer", "password")
    services.office.actor(officer)  # an active officer only
    services.accounts.set_password(officer, password, now())
    return f"已设置密码 Password set: {officer}"


def _reset(services: Services, admin: str, form: FormData) -> str:
    (officer,) = _need(form, "officer")
    services.office.actor(officer)
    password = services.accounts.reset(officer, now())
    services.sessions.end_all(officer, now())
    return f"{officer} 的新密码（仅显示一次） New password, shown once: {password}"


def _totp(services: Services, admin: str, form: FormData) -> str:
    (officer,) = _need(form, "officer")
    uri = services.accounts.enrol_totp(officer, now())
    return f"{officer} 的 TOTP（仅显示一次，录入验证器） TOTP, shown once: {uri}"


def _sign_out(services: Services, admin: str, form: FormData) -> str:
    (officer,) = _need(form, "officer")
    ended = services.sessions.end_all(officer, now())
    return f"已结束 {ended} 个会话 Sessions ended: {ended}"


def _token(services: Services, admin: str, form: FormData) -> str:
    officer, days = _need(form, "officer", "days")
    services.office.actor(officer)
    token = services.tokens.issue(officer, int(days) if days.isdigit() else 0, now())
    return f"{officer} 的令牌（仅显示一次） Bearer token, shown once: {token}"


def _revoke(services: Services, admin: str, form: FormData) -> str:
    (token_id,) = _need(form, "token_id")
    return f"已撤销 Revoked: {services.tokens.revoke(token_id, now())}"


def _calendar(services: Services, admin: str, form: FormData) -> str:
    years = years_from_chinese_calendar()
    result = calendar_commands.record(services, admin, years, "chinese-calendar", now())
    return f"已记录年度 Years recorded: {result['recorded'] or '—'}"


ACTIONS: dict[str, Handler] = {
    "appoint": _appoint,
    "roles": _change_roles,
    "leave": _leave,
    "password": _password,
    "reset": _reset,
    "totp": _totp,
    "sign-out": _sign_out,
    "token": _token,
    "revoke-token": _revoke,
    "calendar": _calendar,
}


def _context(services: Services) -> dict[str, Any]:
    accounts = {a.officer: a for a in services.accounts.accounts()}
    return {
        "officers": services.office.officers(),
        "accounts": accounts,
        "tokens": [t for t in services.tokens.list() if t.active],
        "sign_ins": services.accounts.sign_ins(50),
        "roles": ROLES,
    }


async def _page(
    request: Request, at_desk: Desk, extra: dict[str, Any], status: int = 200
) -> Response:
    context = await run_in_threadpool(_context, at_desk.services)
    values = {"errors": {}, "result": "", "form_id": str(uuid.uuid4()), **extra}
    return render(request, "admin_desk.html", at_desk, {**context, **values}, status)


@router.get("/workbench/admin")
@workbench_page
async def admin(request: Request) -> Response:
    return await _page(request, await desk(request, "admin"), {})


@router.post("/workbench/admin/{name}")
@workbench_page
async def act(request: Request, name: str) -> Response:
    handler = ACTIONS.get(name)
    if handler is None:
        raise PageError(404, "未找到 Not found", f"没有这个操作 No action {name[:40]}")
    at_desk = await desk(request, "admin")
    form = await form_of(request, at_desk)
    services = at_desk.services
    claim = form_key(name, text(form, "form_id"))

    def run() -> str:
        result = attempt(lambda: handler(services, at_desk.officer, form))
        services.wrote()
        return result

    once = services.form_submissions.record_once
    try:  # a token or password is shown once: a second post gets no copy of it
        posted = await run_in_threadpool(once, claim, at_desk.officer, now(), run, _done)
    except FormInvalid as exc:
        errors = {f"{name}.{key}": value for key, value in exc.errors.items()}
        return await _page(request, at_desk, {"errors": errors}, exc.status)
    result = ALREADY_DONE if posted.again else posted.result
    return await _page(request, at_desk, {"result": result})


def _done(result: str) -> str:
    return "done"
