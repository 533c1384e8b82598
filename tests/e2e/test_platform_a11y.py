"""The platform's own pages — the index of agencies (with the platform witness's key)
and the supervising office's console — in a real headless Chromium against
``gongkai platform serve``: axe-core finds nothing serious on either."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.e2e import test_browser_pages as pages
from tests.e2e.test_browser_pages import Tab
from tests.support.axe import assert_no_serious_axe_violations
from tests.support.cli import gongkai

browser, tab = pages.browser, pages.tab  # the public-page tests' browser and tab


@pytest.fixture(scope="module")
def platform(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """(base URL, supervisor token) of a served platform of two agencies (SQLite)."""
    data = tmp_path_factory.mktemp("platform") / "data"
    env = {**os.environ, "GONGKAI_KEY_PASSPHRASE": "a11y", "GONGKAI_DATA": str(data)}
    for slug, kind in (("jyj", "department"), ("xian", "local-government")):
        added = gongkai(["agency", "add", slug, "--origin", f"{slug}.gov.cn/gk",
                         "--name", f"示范{slug}", "--kind", kind], env=env)  # fmt: skip
        assert added.returncode == 0, added.stderr
    token = gongkai(["agency", "supervisor-token", "--name", "政务公开办"], env=env)
    assert token.returncode == 0, token.stderr
    port = pages._free_port()
    command = [
        str(Path(sys.executable).parent / "gongkai"),
        "platform",
        "serve",
        "--port",
        str(port),
    ]
    server = subprocess.Popen(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                if httpx.get(url, timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        yield url, token.stdout.strip().splitlines()[-1]
    finally:
        server.terminate()
        server.wait(15)


@pytest.mark.parametrize("path", ["/", "/supervise"])
def test_axe_core_finds_nothing_serious_on_a_platform_page(
    tab: Tab, platform: tuple[str, str], path: str
) -> None:
    url, token = platform
    tab.page.set_extra_http_headers({"Authorization": f"Bearer {token}"})
    answer = tab.page.goto(f"{url}{path}")
    assert answer is not None and answer.status == 200, path
    assert_no_serious_axe_violations(tab.page)
