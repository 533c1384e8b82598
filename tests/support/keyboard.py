"""Driving a Playwright page with the keyboard alone: Tab to a field (proving it is in
the tab order), type, pick options with the arrow keys, press Enter or Space."""

from __future__ import annotations

from typing import Any

MAX_TABS = 80


def tab_to(page: Any, selector: str) -> None:
    """Press Tab until the element matching ``selector`` has the focus."""
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => !!document.activeElement?.matches(s)", selector):
            return
    raise AssertionError(f"{selector} is not reachable with Tab on {page.url}")


def type_into(page: Any, selector: str, text: str) -> None:
    tab_to(page, selector)
    page.keyboard.press("Control+A")
    page.keyboard.type(text)


def choose(page: Any, selector: str, value: str) -> None:
    """Select ``value`` in a <select> with the arrow keys."""
    tab_to(page, selector)
    page.keyboard.press("Home")
    for _ in range(60):
        if page.evaluate("(s) => document.querySelector(s).value", selector) == value:
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"{value} is not an option of {selector}")


def press(page: Any, selector: str, key: str = "Enter") -> None:
    """Tab to a button or link and press ``key``, waiting for the page it opens."""
    tab_to(page, selector)
    with page.expect_navigation():
        page.keyboard.press(key)


def attach(page: Any, selector: str, path: str) -> None:
    """Open a file field's chooser with the Space key and give it ``path``."""
    tab_to(page, selector)
    with page.expect_file_chooser() as chooser:
        page.keyboard.press("Space")
    chooser.value.set_files(path)
