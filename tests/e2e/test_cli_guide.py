"""The disclosure guide from the command line and on its page: ``gongkai guide publish``
records the office's settings as a signed version, ``/guide`` shows the latest, the
ledger still verifies, and bad settings or a non-admin are refused with one line. Runs
on SQLite and on PostgreSQL."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from api.http.app import create_app
from api.services import Services
from tests.e2e.test_cli_requests import ADMIN, environment, gongkai, officer

OFFICE_TOML = """
[guide]
office_name = "示范市人民政府办公室政务公开科"
address = "示范市人民路1号"
postcode = "100000"
hours = "工作日 9:00–12:00，13:30–17:30"
phone = "010-12345678"
supervisor = "示范市政务公开办公室"
complaint_days = 15
portal_officer = "officer-0002"
"""


def test_a_published_guide_is_shown_versioned_and_the_ledger_still_verifies(
    database_url: str, tmp_path: Path
) -> None:
    env = environment(database_url, tmp_path)
    settings = tmp_path / "office.toml"
    settings.write_text(OFFICE_TOML, encoding="utf-8")
    first = gongkai("guide", "publish", str(settings), "--as", ADMIN, env=env)
    assert "guide version 1 published" in first.stdout
    again = gongkai("guide", "publish", str(settings), "--as", ADMIN, env=env, ok=False)
    assert again.returncode == 1 and "GUIDE_UNCHANGED" in again.stderr
    settings.write_text(OFFICE_TOML.replace("人民路1号", "人民路2号"), encoding="utf-8")
    assert "version 2" in gongkai("guide", "publish", str(settings), "--as", ADMIN, env=env).stdout
    assert "人民路2号" in gongkai("guide", "show", env=env).stdout
    assert "valid" in gongkai("verify", "--json", env=env).stdout.replace('"valid": true', "valid")
    services = Services.open(tmp_path / "data", database_url)
    try:
        html = TestClient(create_app(services, background=False)).get("/guide").text
    finally:
        services.close()
    assert "第 2 版" in html and "人民路2号" in html and "人民路1号" not in html
    assert "示范市政务公开办公室" in html and "15 个工作日" in html


def test_bad_guide_settings_and_a_non_admin_are_refused_in_one_line(
    database_url: str, tmp_path: Path
) -> None:
    env = environment(database_url, tmp_path)
    settings = tmp_path / "office.toml"
    settings.write_text('[guide]\noffice_name = "某办"\nadress = "typo"\n', encoding="utf-8")
    typo = gongkai("guide", "publish", str(settings), "--as", ADMIN, env=env, ok=False)
    assert typo.returncode == 1 and "GUIDE_INVALID" in typo.stderr and "adress" in typo.stderr
    settings.write_text(OFFICE_TOML, encoding="utf-8")
    clerk = officer("李四", "drafter", env)
    refused = gongkai("guide", "publish", str(settings), "--as", clerk, env=env, ok=False)
    assert refused.returncode == 1 and len(refused.stderr.strip().splitlines()) == 1
    assert "admin" in refused.stderr
    settings.write_text("not = [toml", encoding="utf-8")
    broken = gongkai("guide", "publish", str(settings), "--as", ADMIN, env=env, ok=False)
    assert broken.returncode == 1 and "not TOML" in broken.stderr
