"""``gongkai agency add|list|show|retire|supervisor-token`` on SQLite: each agency its
own ledger and keys; refusals are one line and a non-zero exit."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from typer.testing import CliRunner

from api.cli.main import app as cli_app
from api.platform.registry import Registry


def _cli(data: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli_app, ["--data", str(data), *args])
    return result.exit_code, result.output


def test_agencies_are_added_listed_retired_each_with_its_own_keys(tmp_path: Path) -> None:
    data = tmp_path / "data"
    code, out = _cli(data, "agency", "add", "jyj", "--origin", "jyj.gov.cn/gk", "--name", "教育局")
    assert code == 0, out
    assert "verifier key:  jyj.gov.cn/gk+" in out
    code, out = _cli(
        data, "agency", "add", "xian", "--origin", "xian.gov.cn/gk", "--name", "县政府",
        "--kind", "local-government",
    )  # fmt: skip
    assert code == 0, out
    assert (data / "agencies" / "jyj" / "keys").is_dir()
    assert (data / "agencies" / "xian" / "ledger.db").is_file()
    assert _cli(data, "agency", "retire", "xian")[0] == 0
    code, out = _cli(data, "agency", "list")
    assert out.splitlines() == [
        "jyj  active  department  jyj.gov.cn/gk  教育局",
        "xian  retired  local-government  xian.gov.cn/gk  县政府",
    ]
    token = _cli(data, "agency", "supervisor-token", "--name", "王芳")[1].strip()
    assert Registry(data).supervisor(token, datetime.now(UTC)) == "王芳"
    assert "agencies/jyj/ledger.db" in _cli(data, "agency", "show", "jyj")[1]


def test_the_platform_witness_witnesses_every_agency_added_and_retired(tmp_path: Path) -> None:
    from api.witness.config import WitnessDirectory

    data = tmp_path / "data"
    for slug in ("jyj", "xian"):
        args = ("agency", "add", slug, "--origin", f"{slug}.gov.cn/gk", "--name", slug)
        assert _cli(data, *args)[0] == 0
    assert _cli(data, "agency", "retire", "xian")[0] == 0
    code, out = _cli(data, "platform", "witness-vkey")
    assert code == 0 and out.startswith("platform/witness+"), out
    witness = WitnessDirectory(data / "platform" / "witness").open()
    assert witness.key.to_text() == out.strip()
    assert sorted(witness.logs) == ["jyj.gov.cn/gk", "xian.gov.cn/gk"]


def test_refusals_are_one_line(tmp_path: Path) -> None:
    data = tmp_path / "data"
    assert _cli(data, "agency", "add", "jyj", "--origin", "o.gov.cn/gk", "--name", "n")[0] == 0
    for args in (
        ("agency", "add", "jyj", "--origin", "p.gov.cn/gk", "--name", "n"),
        ("agency", "add", "Bad", "--origin", "q.gov.cn/gk", "--name", "n"),
        ("agency", "add", "ok2", "--origin", "o.gov.cn/gk", "--name", "n"),
        ("agency", "add", "ok3", "--origin", "r.gov.cn/gk", "--name", "n", "--kind", "x"),
        ("agency", "retire", "nope"),
    ):
        code, out = _cli(data, *args)
        assert code == 1 and out.startswith("error: PLATFORM_INVALID"), (args, out)
        assert len(out.strip().splitlines()) == 1
    assert [a.slug for a in Registry(data).list()] == ["jyj"]


def test_a_bad_pool_size_in_the_database_url_is_refused_before_connecting() -> None:
    import pytest

    from ledger.backend import open_backend
    from ledger.errors import ConfigError

    for bad in ("0", "65", "x"):
        with pytest.raises(ConfigError, match="pool_size"):
            open_backend(f"postgresql://nobody@127.0.0.1:1/none?schema=s&pool_size={bad}")


def test_an_agency_s_redirects_and_cookies_stay_under_its_prefix() -> None:
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import RedirectResponse
    from starlette.routing import Mount, Route
    from starlette.testclient import TestClient

    from api.platform.prefix import AgencyPrefix

    async def sign_in(request: Request) -> RedirectResponse:
        response = RedirectResponse("/workbench", status_code=303)
        response.set_cookie("gk_session", "s", path="/workbench", httponly=True)
        return response

    inner = Starlette(routes=[Route("/sign-in", sign_in, methods=["POST"])])
    outer = Starlette(routes=[Mount("/a/jyj", app=AgencyPrefix(inner, "/a/jyj"))])
    response = TestClient(outer).post("/a/jyj/sign-in", follow_redirects=False)
    assert response.headers["location"] == "/a/jyj/workbench"
    assert "Path=/a/jyj/workbench" in response.headers["set-cookie"]
