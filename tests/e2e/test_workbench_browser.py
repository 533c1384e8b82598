"""The workbench and the console in real Chromium (issue 18), against ``gongkai serve``
on each backend, at a phone's 390 px width: drafting → both reviews → approval →
publication with the keyboard alone (the approver signing in with TOTP), the item then
on the public catalogue and its document verified by ``gongkai-verify``; a request from
receipt to answer with a supplement and an extension; the inspector replaying it as of
a past entry and downloading a bundle ``gongkai-verify bundle`` accepts. axe-core finds
nothing serious or critical on any page visited."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pyotp
import pytest

from api.services import Services
from tests.conftest import drop_schema, postgres_url_or_skip
from tests.e2e import test_browser_pages as pages
from tests.support.axe import assert_no_serious_axe_violations
from tests.support.keyboard import attach, choose, press, tab_to, type_into
from tests.support.workbench import PASSWORD

browser = pages.browser  # Debian's Chromium, as the public-page tests launch it
PASSPHRASE = "workbench-browser"
ROLES = (
    "drafter",
    "attribute_reviewer",
    "secrecy_reviewer",
    "approver",
    "request_handler",
    "office_head",
    "inspector",
)
DOCUMENT = "示范市2026年政府信息公开工作要点\n一、主动公开……\n".encode()
TITLE = "示范市2026年政府信息公开工作要点"
PHONE = {"width": 390, "height": 844}
BIN = Path(sys.executable).parent


@dataclass
class Workbench:
    url: str
    officers: dict[str, str]
    totp: pyotp.TOTP  # the approver's second factor
    vkey: str
    admin: str


def _office(data: Path, url: str) -> tuple[dict[str, str], pyotp.TOTP]:
    services = Services.open(data, url)
    try:
        now = datetime.now(UTC)
        admin = services.office.initialise(
            "wb.gongkai.local/log", "示范市人民政府办公室", "管理员", now
        )
        officers = {"admin": admin}
        for role in ROLES:
            officers[role] = services.office.add_officer(admin, role, "政务公开科", [role], now)
        for officer in officers.values():
            services.accounts.set_password(officer, PASSWORD, now)
        totp = pyotp.parse_uri(services.accounts.enrol_totp(officers["approver"], now))
        services.settle()
        return officers, totp
    finally:
        services.close()


def _port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def workbench(backend: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workbench]:
    folder = tmp_path_factory.mktemp("workbench-browser")
    url = f"sqlite:///{folder / 'ledger.db'}" if backend == "sqlite" else postgres_url_or_skip()
    env = {**os.environ, "GONGKAI_KEY_PASSPHRASE": PASSPHRASE, "GONGKAI_DATABASE_URL": url}
    env["GONGKAI_SIGN_IN_DELAY"] = "0"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("GONGKAI_KEY_PASSPHRASE", PASSPHRASE)
        officers, totp = _office(folder / "data", url)
    port = _port()
    command = [str(BIN / "gongkai"), "--data", str(folder / "data"), "serve", "--host", "127.0.0.1"]
    process = subprocess.Popen(
        [*command, "--port", str(port)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    base = f"http://127.0.0.1:{port}"
    try:
        vkey = _ready(base, process)
        yield Workbench(base, officers, totp, vkey, officers["admin"])
    finally:
        process.terminate()
        process.wait(timeout=10)
        if backend != "sqlite":
            drop_schema(url)


def _ready(base: str, process: subprocess.Popen[bytes]) -> str:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            stderr = process.stderr.read().decode() if process.stderr else ""
            pytest.fail(f"gongkai serve exited: {stderr[-2000:]}")
        try:
            if httpx.get(f"{base}/readyz", timeout=1).status_code == 200:
                return httpx.get(f"{base}/v1/vkey", timeout=5).text.strip()
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    pytest.fail("gongkai serve did not become ready within 30 s")


@pytest.fixture
def phone(browser: Any) -> Iterator[Any]:
    """A fresh browser context (its own cookies) at a phone's width; yields a factory of
    signed-out pages."""
    contexts: list[Any] = []

    def open_page() -> Any:
        context = browser.new_context(viewport=PHONE, locale="zh-CN", accept_downloads=True)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


def checked(page: Any) -> None:
    """What every workbench page must be: no serious axe finding, no sideways scroll."""
    assert_no_serious_axe_violations(page)
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} scrolls sideways at 390 px ({width} px)"


def sign_in(page: Any, wb: Workbench, role: str, code: str = "") -> None:
    """Sign in with the keyboard alone."""
    page.goto(f"{wb.url}/workbench/sign-in")
    checked(page)
    type_into(page, "#officer", wb.officers[role])
    type_into(page, "#password", PASSWORD)
    if code:
        type_into(page, "#code", code)
    press(page, "form[action='/workbench/sign-in'] button[type=submit]")
    assert page.url.endswith("/workbench"), page.content()[-800:]
    checked(page)


def test_drafting_to_publication_with_the_keyboard_alone(
    phone: Any, workbench: Workbench, tmp_path: Path
) -> None:
    document = tmp_path / "要点.txt"
    document.write_bytes(DOCUMENT)
    drafter = phone()
    sign_in(drafter, workbench, "drafter")
    press(drafter, "a[href='/workbench/drafter']")
    checked(drafter)
    type_into(drafter, "#title", TITLE)
    choose(drafter, "#category", "normative_documents")
    choose(drafter, "#attribute", "proactive")
    type_into(drafter, "#attribute_basis", "《条例》第二十条")
    attach(drafter, "#file", str(document))
    press(drafter, "form[action='/workbench/drafter'] button[type=submit]")
    assert "/workbench/items/" in drafter.url
    item_url = drafter.url.split("?")[0]
    checked(drafter)

    reviewer = phone()
    sign_in(reviewer, workbench, "attribute_reviewer")
    press(reviewer, "a[href='/workbench/review']")
    checked(reviewer)
    press(reviewer, f"a[href='{item_url.split(workbench.url)[1]}']")
    choose(reviewer, "#review-attribute-attribute", "proactive")
    type_into(reviewer, "#review-attribute-basis", "属于主动公开范围")
    press(reviewer, "form[action$='/review-attribute'] button[type=submit]")
    checked(reviewer)

    secrecy = phone()
    sign_in(secrecy, workbench, "secrecy_reviewer")
    secrecy.goto(item_url)
    choose(secrecy, "#review-secrecy-result", "passed")
    press(secrecy, "form[action$='/review-secrecy'] button[type=submit]")

    approver = phone()
    sign_in(approver, workbench, "approver", code=workbench.totp.now())
    approver.goto(item_url)
    checked(approver)
    press(approver, "form[action$='/approve'] button[type=submit]")
    tab_to(approver, "#publish-channel")
    press(approver, "form[action$='/publish'] button[type=submit]")
    assert approver.inner_text("#item-status") == "published"
    press(approver, "a[href='/workbench/publish']")
    checked(approver)

    public = phone()
    public.goto(f"{workbench.url}/catalogue")
    time.sleep(1)  # the catalogue follows the ledger within the worker's half second
    public.reload()
    assert TITLE in public.content()
    verified = subprocess.run(
        [
            str(BIN / "gongkai-verify"),
            "document",
            str(document),
            "--ledger",
            workbench.url,
            "--vkey",
            workbench.vkey,
            "--jobs",
            "1",
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert verified.returncode == 0, verified.stdout + verified.stderr


def _step(page: Any, name: str, **fields: str) -> None:
    page.click(f"details:has(form[action$='/{name}']) summary")
    for field, value in fields.items():
        selector = f"#{name}-{field}"
        kind = page.evaluate("(s) => document.querySelector(s).type", selector)
        if kind == "select-one":
            page.select_option(selector, value)
        elif kind == "checkbox":
            page.check(selector)
        else:
            page.fill(selector, value)
    with page.expect_navigation():
        page.click(f"form[action$='/{name}'] button[type=submit]")
    assert page.locator("[role=alert]").count() == 0, page.inner_text("main")[:600]


def test_a_request_from_receipt_to_answer_and_the_inspectors_replay_and_bundle(
    phone: Any, workbench: Workbench, tmp_path: Path
) -> None:
    handler = phone()
    sign_in(handler, workbench, "request_handler")
    handler.goto(f"{workbench.url}/workbench/requests")
    checked(handler)
    handler.select_option("#channel", "in-person")
    handler.select_option("#applicant_type", "natural-person")
    handler.fill("#applicant_name", "申请人甲")
    handler.fill("#description", "申请公开2026年道路维修资金使用情况")
    with handler.expect_navigation():
        handler.click("form[action='/workbench/requests'] button[type=submit]")
    request_url = handler.url.split("?")[0]
    checked(handler)
    assert "申请人甲" not in handler.inner_text("main")  # sealed until opened on the record
    choose(handler, "#personal-data-purpose", "handling")
    press(handler, "form[action$='/personal-data'] button[type=submit]")
    assert "申请人甲" in handler.inner_text("#applicant-details")
    checked(handler)
    handler.goto(request_url)
    _step(handler, "supplement-notice", items="申请人身份证明")
    _step(handler, "supplemented")

    head = phone()
    sign_in(head, workbench, "office_head")
    head.goto(f"{workbench.url}/workbench/office")
    checked(head)
    head.goto(request_url)
    _step(head, "extend", days="15", reason="需协调多个部门", no_personal_data="on")

    handler.reload()  # the head's extension moved the request on since this page was shown
    _step(
        handler,
        "answer",
        outcome="unavailable.not_held",
        reasons="本机关未制作该信息",
        articles="36(四)",
    )
    assert "答复" in handler.inner_text("#request-status") or "Answered" in handler.inner_text(
        "#request-status"
    )

    inspector = phone()
    sign_in(inspector, workbench, "inspector")
    inspector.goto(f"{workbench.url}/workbench/inspect")
    checked(inspector)
    request_number = handler.inner_text("h1").split()[-1]
    inspector.fill("#request", request_number)
    with inspector.expect_navigation():
        inspector.click("form[action='/workbench/inspect'] button[type=submit]")
    with inspector.expect_navigation():
        inspector.click("a[href^='/workbench/inspect/streams/']")
    checked(inspector)
    entries = inspector.locator("#timeline > li").count()
    first = inspector.locator("#as_of option").nth(2).get_attribute("value")
    inspector.select_option("#as_of", first)
    with inspector.expect_navigation():
        inspector.click("form[action^='/workbench/inspect/streams/'] button[type=submit]")
    assert 0 < inspector.locator("#timeline > li").count() < entries
    checked(inspector)
    with inspector.expect_download() as download:
        inspector.click("a[href^='/workbench/inspect/bundle/']")
    bundle = tmp_path / "bundle.zip"
    download.value.save_as(bundle)
    verified = subprocess.run(
        [str(BIN / "gongkai-verify"), "bundle", str(bundle), "--vkey", workbench.vkey],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert verified.returncode == 0, verified.stdout + verified.stderr
    inspector.goto(
        f"{workbench.url}/workbench/inspect/record?officer={workbench.officers['request_handler']}"
    )
    checked(inspector)


def test_the_admin_desk_has_nothing_serious_for_axe_core(phone: Any, workbench: Workbench) -> None:
    admin = phone()
    sign_in(admin, workbench, "admin")
    admin.goto(f"{workbench.url}/workbench/admin")
    checked(admin)


def test_a_refused_upload_and_a_forbidden_desk_are_clear_accessible_pages(
    phone: Any, workbench: Workbench, tmp_path: Path
) -> None:
    program = tmp_path / "setup.exe"
    program.write_bytes(b"MZ\x90\x00 not a document")
    drafter = phone()
    sign_in(drafter, workbench, "drafter")
    drafter.goto(f"{workbench.url}/workbench/drafter")
    drafter.fill("#title", TITLE)
    drafter.fill("#attribute_basis", "《条例》第二十条")
    drafter.set_input_files("#file", str(program))
    with drafter.expect_navigation():
        drafter.click("form[action='/workbench/drafter'] button[type=submit]")
    assert drafter.inner_text("#err-file").startswith("TYPE_REFUSED")
    assert drafter.get_attribute("#file", "aria-invalid") == "true"
    checked(drafter)
    answer = drafter.goto(f"{workbench.url}/workbench/admin")
    assert answer is not None and answer.status == 403
    assert "Traceback" not in drafter.content()
    checked(drafter)
