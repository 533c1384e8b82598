"""The annual report page in real Chromium: the six sections of the template in order —
一 as drafted (not yet approved), the three tables, 五 and 六 (六 not yet drafted) with
section 六's figures — and the PDF link; axe-core finds nothing serious. The same
report from ``gongkai report annual 2026 --pdf`` holds the drafted text."""

from __future__ import annotations

from pathlib import Path

from pypdf import PdfReader

from tests.e2e import test_browser_pages as pages
from tests.e2e.test_browser_pages import Server, Tab
from tests.e2e.test_portal_apply_browser import gongkai
from tests.support.axe import assert_no_serious_axe_violations

browser, server, tab = pages.browser, pages.server, pages.tab
DRAFTER = "officer-0002"


def test_the_report_page_shows_the_six_sections_in_order(
    tab: Tab, server: Server, tmp_path: Path
) -> None:
    overview = tmp_path / "总体情况.txt"
    overview.write_text("本年度主动公开政府信息三件。\n依申请公开工作平稳。\n", encoding="utf-8")
    problems = tmp_path / "问题.txt"
    problems.write_text("存在的问题：部分答复临近期限。", encoding="utf-8")
    gongkai(server, "report", "draft", "2026", "--section", "1", "--file", str(overview),
            "--as", DRAFTER)  # fmt: skip
    gongkai(server, "report", "draft", "2026", "--section", "5", "--file", str(problems),
            "--as", DRAFTER)  # fmt: skip
    page = tab.page
    page.goto(f"{server.url}/reports/2026")
    headings = [h.split(" ")[0] for h in page.locator("main h2").all_inner_texts()]
    order = ["一、", "二、", "三、", "四、", "五、", "六、"]
    assert [h[:2] for h in headings if h[:2] in order] == order
    first = page.inner_text("#section-1")
    assert "依申请公开工作平稳。" in first and "尚未审定" in first
    assert "尚未起草" in page.inner_text("#section-6")
    assert "收到 0 件" in page.inner_text("#section-6-figures")
    assert page.locator("a[href$='?format=pdf']").count() == 1
    assert_no_serious_axe_violations(page)
    pages.screenshot(tab, "annual-report-six-sections")
    pdf = tmp_path / "report.pdf"
    gongkai(server, "report", "annual", "2026", "--pdf", str(pdf))
    text = "".join(p.extract_text() for p in PdfReader(pdf).pages).replace("\x00", "")
    assert "依申请公开工作平稳。" in text and "（未起草）" in text
