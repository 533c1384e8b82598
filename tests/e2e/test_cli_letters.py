"""Letters from the command line, as an office runs it: ``gongkai request answer`` refuses
a refusal without reasons, writes the letter (HTML and PDF) and records its hash;
``gongkai request letter`` re-renders the same bytes; ``gongkai-verify document`` proves
the PDF against an export; the HTML letter renders in real Chromium (screenshot kept)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.support.cli import gongkai as run_gongkai

BIN = Path(sys.executable).parent
ADMIN = "officer-0001"
SCREENSHOTS = Path(os.environ.get("GONGKAI_SCREENSHOTS", "/tmp/gongkai-screenshots"))
REFUSAL = (
    "--outcome", "withheld.state_secret", "--reasons", "所申请信息经依法确定为国家秘密",
    "--article", "14", "--article", "36(三)", "--date", "2026-03-10",
)  # fmt: skip


def gongkai(*args: str, env: dict[str, str], ok: bool = True) -> subprocess.CompletedProcess[str]:
    result = run_gongkai(args, env=env, timeout=120)
    if ok:
        assert result.returncode == 0, result.stderr + result.stdout
    return result


def request(*args: str, env: dict[str, str]) -> dict[str, Any]:
    return dict(json.loads(gongkai("request", *args, "--json", env=env).stdout))


@pytest.fixture
def office(database_url: str, tmp_path: Path) -> tuple[dict[str, str], str, str]:
    """An initialised office with one request received; (env, handler, number)."""
    env = {
        **os.environ,
        "GONGKAI_DATA": str(tmp_path / "data"),
        "GONGKAI_DATABASE_URL": database_url,
        "GONGKAI_KEY_PASSPHRASE": "e2e-passphrase",
    }
    gongkai("init", "--origin", "e2e.gongkai.local/letters", "--agency", "示范市", env=env)
    handler = gongkai(
        "officer", "add", "--name", "周丽", "--roles", "request_handler", "--as", ADMIN, env=env
    ).stdout.strip()
    received = request(
        "receive", "--channel", "in-person", "--date", "2026-02-06",
        "--applicant-type", "natural-person", "--applicant", "张三丰",
        "--description", "请求公开某项目审批文件", "--as", handler, env=env,
    )  # fmt: skip
    return env, handler, str(received["number"])


def test_a_refusal_without_reasons_is_refused_in_one_line(
    office: tuple[dict[str, str], str, str],
) -> None:
    env, handler, number = office
    refused = gongkai(
        "request", "answer", number, "--outcome", "withheld.state_secret", "--as", handler,
        env=env, ok=False,
    )  # fmt: skip
    assert refused.returncode == 1
    assert refused.stderr.strip().startswith("error: REASONS_REQUIRED")
    assert len(refused.stderr.strip().splitlines()) == 1 and "Traceback" not in refused.stderr


def test_the_letter_is_written_recorded_re_rendered_and_proven(
    office: tuple[dict[str, str], str, str], tmp_path: Path
) -> None:
    env, handler, number = office
    letters = tmp_path / "letters"
    answered = gongkai(
        "request", "answer", number, *REFUSAL, "--as", handler, "--letters", str(letters), env=env
    )
    pdf, html = letters / f"{number}-answer.pdf", letters / f"{number}-answer.html"
    assert f"letter: {pdf}" in answered.stdout and html.is_file()

    again = tmp_path / "again"
    shown = gongkai("request", "letter", number, "--kind", "answer", "--out", str(again), env=env)
    assert (again / pdf.name).read_bytes() == pdf.read_bytes()
    sha = shown.stdout.split()[0]

    exported = tmp_path / "ledger.jsonl"
    gongkai("export", str(exported), env=env)
    vkey = gongkai("vkey", env=env).stdout.strip()
    proven = subprocess.run(
        [str(BIN / "gongkai-verify"), "document", str(pdf), "--ledger", str(exported),
         "--vkey", vkey, "--json", "--jobs", "1"],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert proven.returncode == 0, proven.stderr + proven.stdout
    report = json.loads(proven.stdout)
    assert (report["found"], report["sha256"]) == (True, sha)
    [stream] = report["answers"]
    assert stream["status"] == "letter"
    assert stream["entries"][0]["data"]["letter_sha256"] == sha


def test_the_html_letter_renders_in_chromium(
    office: tuple[dict[str, str], str, str], tmp_path: Path
) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    chromium = Path("/usr/bin/chromium")
    if not chromium.exists():
        if os.environ.get("GONGKAI_REQUIRE_BROWSER") == "1":
            pytest.fail("browser required (GONGKAI_REQUIRE_BROWSER=1): no /usr/bin/chromium")
        pytest.skip("no Chromium (make browser installs Debian's chromium)")
    env, handler, number = office
    letters = tmp_path / "letters"
    gongkai(
        "request", "answer", number, *REFUSAL, "--as", handler, "--letters", str(letters), env=env
    )
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    shot, blank = SCREENSHOTS / "letter-answer.png", tmp_path / "blank.png"
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(chromium), args=["--headless", "--no-sandbox", "--disable-gpu"]
        )
        page = browser.new_page(viewport={"width": 900, "height": 1200}, locale="zh-CN")
        page.goto((letters / f"{number}-answer.html").as_uri())
        assert page.inner_text("h1") == "政府信息公开申请答复告知书"
        assert "六十日内" in page.inner_text("p.remedies")
        assert page.evaluate("document.fonts.check('12pt \"Noto Sans CJK SC\"')")
        page.screenshot(path=str(shot), full_page=True)
        page.set_content("<html><body></body></html>")
        page.screenshot(path=str(blank), full_page=True)
        browser.close()
    # A page of CJK text compresses far worse than an empty page of the same width.
    assert shot.stat().st_size > 5 * blank.stat().st_size
