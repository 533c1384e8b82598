"""Accessibility of the public pages in real Chromium: axe-core finds nothing serious or
critical (WCAG 2.1 AA, which GB/T 37668 follows), the large-text / high-contrast mode
persists across pages and visits, and the navigation collapses on a phone."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e import test_browser_pages as pages
from tests.e2e.test_browser_pages import Server, Tab
from tests.support.axe import assert_no_serious_axe_violations

# The browser, the served ledger and a fresh tab, as the public-page tests set them up.
browser, server, tab = pages.browser, pages.server, pages.tab

PUBLIC_PAGES = {
    "home": "/",
    "catalogue": "/catalogue",
    "catalogue-search": "/catalogue?q=预算",
    "item": "/items/{rules}",
    "item-withdrawn": "/items/{statistics}",
    "requests": "/requests",
    "reports": "/reports",
    "report-2026": "/reports/2026",
    "report-printable": "/v1/reports/annual/2026?format=html",
    "verify": "/verify",
    "guide": "/guide",
    "feeds": "/feeds",
    "apply": "/apply",
    "track": "/track",
    "complain": "/complain",
    "topics": "/topics",
    "not-found": "/items/no-such-item",
}


@pytest.mark.parametrize("name", list(PUBLIC_PAGES))
def test_axe_core_finds_nothing_serious_on_a_public_page(
    tab: Tab, server: Server, name: str
) -> None:
    tab.page.goto(f"{server.url}{PUBLIC_PAGES[name].format(**server.items)}")
    assert_no_serious_axe_violations(tab.page)


def test_axe_core_finds_nothing_serious_in_large_text_high_contrast_mode(
    tab: Tab, server: Server
) -> None:
    page = tab.page
    for path in ("/", "/catalogue", "/verify", "/reports/2026"):
        page.goto(f"{server.url}{path}")
        if page.get_attribute("html", "data-mode") != "large":
            page.click("#mode-toggle")
        assert_no_serious_axe_violations(page)


def _font_size(page: Any) -> float:
    return float(page.evaluate("() => parseFloat(getComputedStyle(document.body).fontSize)"))


def test_large_text_mode_persists_across_pages_and_can_be_turned_off(
    tab: Tab, server: Server
) -> None:
    page = tab.page
    page.goto(f"{server.url}/")
    normal = _font_size(page)
    toggle = page.locator("#mode-toggle")
    assert toggle.get_attribute("aria-pressed") == "false"
    toggle.click()
    assert page.get_attribute("html", "data-mode") == "large"
    assert toggle.get_attribute("aria-pressed") == "true"
    page.goto(f"{server.url}/catalogue")  # another page, a fresh load
    assert page.get_attribute("html", "data-mode") == "large"
    assert _font_size(page) >= normal * 1.2
    page.locator("#mode-toggle").click()
    page.reload()
    assert page.get_attribute("html", "data-mode") != "large"
    assert _font_size(page) == normal


def test_the_navigation_collapses_behind_a_menu_button_on_a_phone(
    browser: Any, server: Server
) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN")
    try:
        page = context.new_page()
        page.goto(f"{server.url}/catalogue")
        link = page.locator("nav.mainnav a[href='/requests']")
        button = page.locator("#nav-toggle")
        assert button.is_visible() and not link.is_visible()
        assert button.get_attribute("aria-expanded") == "false"
        header = page.locator("header.masthead").bounding_box()
        assert header is not None and header["height"] < 844 * 0.25
        button.click()
        assert link.is_visible() and button.get_attribute("aria-expanded") == "true"
        assert_no_serious_axe_violations(page)
        page.keyboard.press("Escape")
        assert not link.is_visible()
    finally:
        context.close()


def test_a_wrong_fingerprint_on_the_verify_page_is_announced(tab: Tab, server: Server) -> None:
    page = tab.page
    page.goto(f"{server.url}/verify")
    live = page.locator("#result")
    assert live.get_attribute("aria-live") in ("polite", "assertive")
    assert page.locator("label[for='file']").count() == 1
    assert page.locator("label[for='sha256']").count() == 1
