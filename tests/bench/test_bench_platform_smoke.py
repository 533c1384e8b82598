"""``gongkai bench platform`` at a tiny size on SQLite: it builds, resumes (a second
run appends only what is missing) and reports every figure."""

from __future__ import annotations

from pathlib import Path

from api.bench import platform


def test_the_platform_bench_builds_resumes_and_reports(tmp_path: Path) -> None:
    lines: list[str] = []
    first = platform.run(lines.append, work=tmp_path, postgres=None, agencies=2, entries=60)
    assert first["appended_this_run"] > 0 and first["verify_valid"] is True
    assert first["one_agency_entries"] == 60
    again = platform.run(lines.append, work=tmp_path, postgres=None, agencies=2, entries=60)
    assert again["appended_this_run"] == 0
    grown = platform.run(lines.append, work=tmp_path, postgres=None, agencies=2, entries=80)
    assert grown["appended_this_run"] == 40 and grown["one_agency_entries"] == 80
    assert grown["inclusion_p99_ms"] > 0 and grown["peak_rss_mb"] > 0
    assert any(line.startswith("  agency 2/2 bench_0001") for line in lines)
