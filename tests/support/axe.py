"""axe-core (Deque's accessibility engine, npm ``axe-core``) run inside a Playwright page.

``make browser`` installs it with ``npm install`` from ``package.json`` into
``node_modules/``; nothing is fetched at test time. Without it the checks skip and say
so, or fail under ``GONGKAI_REQUIRE_BROWSER=1``.

Usage::

    page.goto(url)
    assert_no_serious_axe_violations(page)
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
AXE_SCRIPT = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SERIOUS = ("serious", "critical")
# The standards checked: WCAG 2.0/2.1 A and AA (GB/T 37668 follows WCAG 2.0 AA).
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe_violations(page: Any) -> list[dict[str, Any]]:
    """axe-core's violations on the page as it is now, each with its nodes."""
    if not AXE_SCRIPT.exists():
        reason = f"axe-core missing at {AXE_SCRIPT} (run `make browser`, which runs npm install)"
        if os.environ.get("GONGKAI_REQUIRE_BROWSER") == "1":
            pytest.fail(reason, pytrace=False)
        pytest.skip(reason)
    if not page.evaluate("() => typeof window.axe === 'object'"):
        # Evaluated through the DevTools protocol, which the pages' CSP (script-src
        # 'self') does not govern, unlike an inserted <script> tag.
        page.evaluate(AXE_SCRIPT.read_text(encoding="utf-8") + "\n;undefined")
    result = page.evaluate(
        "async (tags) => await window.axe.run(document,"
        " {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        TAGS,
    )
    return list(result["violations"])


def describe(violations: list[dict[str, Any]]) -> str:
    lines = []
    for v in violations:
        for node in v["nodes"]:
            lines.append(f"[{v['impact']}] {v['id']}: {node['target']} {node['failureSummary']}")
    return "\n".join(lines)


def assert_no_serious_axe_violations(page: Any) -> None:
    """Fail naming every node axe-core finds serious or critical on the page."""
    found = [v for v in axe_violations(page) if v.get("impact") in SERIOUS]
    assert found == [], (
        f"axe-core on {page.url}:\n" + describe(found) + "\n" + json.dumps([v["id"] for v in found])
    )
