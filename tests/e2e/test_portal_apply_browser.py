"""Applying online in real Chromium, by keyboard alone: the applicant fills in the form
and attaches a PDF, gets a tracking number and secret, the officer confirms receipt
and answers from the command line, and the applicant's status page shows first
"awaiting confirmation", then the answer due date, then the answer. axe-core finds
nothing serious on the form (with and without errors) nor on the status page; another
visitor with the wrong secret sees nothing of it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from tests.e2e import test_browser_pages as pages
from tests.e2e.test_browser_pages import PASSPHRASE, Server, Tab
from tests.support.axe import assert_no_serious_axe_violations

browser, server, tab = pages.browser, pages.server, pages.tab
HANDLER = "officer-0006"  # the guide's portal officer, a request handler
PDF = b"%PDF-1.4\n% identity document\n"


def gongkai(server: Server, *args: str) -> str:
    env = {**os.environ, "GONGKAI_KEY_PASSPHRASE": PASSPHRASE}
    env.pop("GONGKAI_DATABASE_URL", None)
    binary = Path(sys.executable).with_name("gongkai")
    done = subprocess.run(
        [str(binary), "--data", str(server.data), *args],
        capture_output=True, text=True, env=env, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return done.stdout


def tab_to(page: Any, element_id: str, limit: int = 60) -> None:
    """Press Tab until the element has the focus (as a keyboard user would)."""
    for _ in range(limit):
        if page.evaluate("() => document.activeElement && document.activeElement.id") == element_id:
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"#{element_id} is not reachable by Tab")


def type_into(page: Any, element_id: str, text: str) -> None:
    tab_to(page, element_id)
    page.keyboard.type(text)


def fill_by_keyboard(page: Any, description: str) -> None:
    type_into(page, "name", "赵六")
    type_into(page, "id_number", "110101199203041238")
    type_into(page, "contact", "13800000000")
    type_into(page, "description", description)
    tab_to(page, "delivery")
    page.keyboard.press("ArrowDown")  # e-mail
    tab_to(page, "consent")
    page.keyboard.press("Space")


def test_an_applicant_applies_by_keyboard_and_follows_the_request_to_its_answer(
    tab: Tab, server: Server, tmp_path: Path
) -> None:
    page = tab.page
    page.goto(f"{server.url}/apply")
    assert_no_serious_axe_violations(page)
    fill_by_keyboard(page, "申请公开2026年示范市财政预算说明全文")
    attachment = tmp_path / "身份证明.pdf"
    attachment.write_bytes(PDF)
    page.set_input_files("#attachment", str(attachment))  # a file picker is the OS's own
    tab_to(page, "submit")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    number = page.inner_text("#tracking-number").strip()
    secret = page.inner_text("#tracking-secret").strip()
    assert "等待确认收到" in page.inner_text("h1")
    assert_no_serious_axe_violations(page)  # the receipt with the tracking secret
    tab_to(page, "see-status")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_selector("#state")
    assert "等待确认收到" in page.inner_text("#state")
    assert "确认收到后计算" in page.inner_text("#answer-due")
    assert_no_serious_axe_violations(page)

    gongkai(server, "request", "confirm-receipt", number, "--as", HANDLER)
    status = track(page, server, number, secret)
    assert "办理中" in page.inner_text("#state") and "working days left" in status
    gongkai(
        server, "request", "answer", number, "--outcome", "disclosed",
        "--item", server.items["budget"], "--as", HANDLER,
    )  # fmt: skip
    status = track(page, server, number, secret)
    assert "答复 Answer" in page.inner_text("#letters") and "予以公开" in page.inner_text(
        "#outcome"
    )
    pages.screenshot(tab, "apply-status-answered")
    assert_no_serious_axe_violations(page)
    with page.expect_download() as downloading:  # the answer letter (告知书) itself
        tab_to(page, "letter-answer")
        page.keyboard.press("Enter")
    letter = tmp_path / "answer.pdf"
    downloading.value.save_as(letter)
    verify = Path(sys.executable).with_name("gongkai-verify")
    proven = subprocess.run(
        [str(verify), "document", str(letter), "--ledger", server.url, "--vkey", server.vkey,
         "--json", "--jobs", "1"],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert proven.returncode == 0, proven.stdout + proven.stderr
    assert json.loads(proven.stdout)["found"] is True  # the letter whose hash was recorded
    assert gongkai(server, "verify").startswith("VALID")  # receipt to answer, every entry
    assert tab.errors == []

    other = track(page, server, number, "not-the-secret")
    assert "赵六" not in other and "财政预算说明全文" not in other and 'id="letters"' not in other
    assert "不正确" in other


def track(page: Any, server: Server, number: str, secret: str) -> str:
    page.goto(f"{server.url}/track")
    type_into(page, "number", number)
    type_into(page, "secret", secret)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    return str(page.content())


def test_mistakes_are_listed_announced_and_tied_to_their_fields(tab: Tab, server: Server) -> None:
    page = tab.page
    page.goto(f"{server.url}/apply")
    type_into(page, "name", "钱七")
    type_into(page, "id_number", "12345")
    tab_to(page, "submit")
    page.keyboard.press("Enter")
    page.wait_for_selector(".field-error")
    summary = page.locator("#form-errors")
    assert summary.get_attribute("role") == "alert"
    assert "身份证号码" in summary.inner_text() or "ID card" in summary.inner_text()
    field = page.locator("#id_number")
    assert field.get_attribute("aria-invalid") == "true"
    assert "id_number-error" in str(field.get_attribute("aria-describedby"))
    assert page.locator("#name").input_value() == "钱七"
    assert_no_serious_axe_violations(page)


def test_a_complaint_is_filed_by_keyboard_answered_by_an_office_head_and_verified(
    tab: Tab, server: Server
) -> None:
    page = tab.page
    page.goto(f"{server.url}/complain")
    assert_no_serious_axe_violations(page)
    type_into(page, "about", "2026-0003")
    type_into(page, "name", "孙八")
    type_into(page, "contact", "sun@example.cn")
    type_into(page, "text", "申请已超过二十个工作日仍未收到答复")
    tab_to(page, "consent")
    page.keyboard.press("Space")
    tab_to(page, "submit")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    number = page.inner_text("#tracking-number").strip()
    secret = page.inner_text("#tracking-secret").strip()
    head = gongkai(server, "officer", "add", "--name", "负责人", "--roles", "office_head",
                   "--as", "officer-0001").strip()  # fmt: skip
    gongkai(server, "complaint", "answer", number, "--result", "upheld",
            "--reply", "已督促承办科室在三日内答复。", "--as", head)  # fmt: skip
    track(page, server, number, secret)
    assert "已督促承办科室" in page.inner_text("#reply")
    assert_no_serious_axe_violations(page)
    assert '"valid": true' in gongkai(server, "verify", "--json")
    listed = gongkai(server, "complaint", "list", "--json")
    assert '"answered": 1' in listed and '"open": 0' in listed and "孙八" not in listed


def test_a_topic_is_proposed_by_keyboard_moderated_and_answered_on_the_public_list(
    tab: Tab, server: Server
) -> None:
    page = tab.page
    page.goto(f"{server.url}/topics")
    type_into(page, "text", "希望公开2026年老旧小区改造计划，联系人吴十")
    type_into(page, "contact", "wu10@example.cn")
    tab_to(page, "consent")
    page.keyboard.press("Space")
    tab_to(page, "submit")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    number = page.inner_text("#topic-number").strip()
    assert_no_serious_axe_violations(page)  # the receipt page
    approver = "officer-0005"
    gongkai(server, "topic", "moderate", number, "--accept", "--text", "公开2026年老旧小区改造计划",
            "--reason", "属于主动公开范围", "--as", approver)  # fmt: skip
    gongkai(server, "topic", "answer", number, "--item", server.items["budget"],
            "--reply", "已在公开目录发布。", "--as", approver)  # fmt: skip
    page.goto(f"{server.url}/topics")
    row = page.locator("tr", has_text=number)
    assert "公开2026年老旧小区改造计划" in row.inner_text() and "已答复" in row.inner_text()
    assert "吴十" not in page.content() and "wu10" not in page.content()
    row.locator("a").first.click()
    assert "/items/" in page.url
    page.goto(f"{server.url}/topics")
    assert_no_serious_axe_violations(page)
    assert gongkai(server, "verify").startswith("VALID")  # every Topic.* step verifies
