"""登录 / 退出: signing in to the workbench, signing out, and signing out everywhere.

The sign-in form carries a CSRF value of its own (the same random value in a SameSite
cookie and a hidden field: a forged cross-site post has no cookie). A failure answers
after a delay that grows with the account's failures; the fifth in a row locks it.
"""

from __future__ import annotations

import asyncio
import hmac
import secrets

from fastapi import APIRouter, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from api.services import Services
from api.workbench import accounts as acc
from api.workbench._render import render, see_other, workbench_page
from api.workbench.auth import (
    SIGN_IN_COOKIE,
    Forbidden,
    clear_cookie,
    desk,
    form_of,
    now,
    set_cookie,
    sign_in_delay,
    text,
)
from api.workbench.sessions import COOKIE
from domain.errors import DomainError

router = APIRouter()

FAILURES = {
    acc.LOCKED: "账号因多次登录失败已锁定，请 15 分钟后再试或联系管理员。"
    " The account is locked after repeated failures: try again in 15 minutes.",
    acc.BAD_CODE: "动态验证码错误或已使用。 The TOTP code is wrong or was already used.",
}
WRONG = "账号或密码错误。 Wrong officer id or password."


def _next(value: str | None) -> str:
    """Only a workbench path (never another site) to go to after signing in."""
    if value and value.startswith("/workbench") and "//" not in value and "\\" not in value:
        return value
    return "/workbench"


def _form(request: Request, **context: str) -> Response:
    token = secrets.token_urlsafe(24)
    values = {"message": "", "failure": "", "officer": "", "next": "/workbench", **context}
    status = 401 if values["failure"] else 200
    response = render(request, "sign_in.html", None, {**values, "sign_in_token": token}, status)
    set_cookie(response, SIGN_IN_COOKIE, token, max_age=3600)
    return response


@router.get("/workbench/sign-in")
@workbench_page
async def sign_in_form(request: Request, next: str | None = None) -> Response:
    message = "已退出。 Signed out." if request.query_params.get("out") else ""
    return _form(request, next=_next(next), message=message)


@router.post("/workbench/sign-in")
@workbench_page
async def sign_in(request: Request) -> Response:
    form = await request.form()
    cookie, sent = request.cookies.get(SIGN_IN_COOKIE, ""), form.get("csrf")
    if not cookie or not isinstance(sent, str) or not hmac.compare_digest(cookie, sent):
        raise Forbidden(
            "登录表单已失效，请重新打开登录页 The sign-in form's token is missing or wrong"
        )
    officer, password = text(form, "officer") or "", str(form.get("password") or "")
    code, target = text(form, "code") or "", _next(text(form, "next"))
    services: Services = request.app.state.services
    address = request.client.host if request.client else "unknown"
    outcome = await run_in_threadpool(_check, services, officer, password, code, address)
    if outcome != acc.SIGNED_IN:
        failures = await run_in_threadpool(services.accounts.failures, officer)
        await asyncio.sleep(min(sign_in_delay() * (failures + 1), 2.0))
        return _form(request, failure=FAILURES.get(outcome, WRONG), officer=officer, next=target)
    replacing = request.cookies.get(COOKIE)
    session_id = await run_in_threadpool(services.sessions.start, officer, now(), replacing)
    response = see_other(target)
    set_cookie(response, COOKIE, session_id)
    response.delete_cookie(SIGN_IN_COOKIE, path="/workbench", httponly=True, samesite="strict")
    return response


def _check(services: Services, officer: str, password: str, code: str, address: str) -> str:
    outcome = services.accounts.check(officer, password, code, now(), address)
    if outcome == acc.SIGNED_IN:
        try:
            services.office.actor(officer)  # an officer who left cannot sign in
        except DomainError:
            return acc.NO_ACCOUNT
    return outcome


@router.post("/workbench/sign-out")
@workbench_page
async def sign_out(request: Request) -> Response:
    at_desk = await desk(request)
    await form_of(request, at_desk)
    await run_in_threadpool(at_desk.services.sessions.end, at_desk.session, now())
    response = see_other("/workbench/sign-in?out=1")
    clear_cookie(response)
    return response


@router.post("/workbench/sign-out-everywhere")
@workbench_page
async def sign_out_everywhere(request: Request) -> Response:
    at_desk = await desk(request)
    await form_of(request, at_desk)
    await run_in_threadpool(at_desk.services.sessions.end_all, at_desk.officer, now())
    response = see_other("/workbench/sign-in?out=1")
    clear_cookie(response)
    return response
