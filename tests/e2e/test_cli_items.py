"""Proactive disclosure from the command line, as a disclosure office runs it:
init → officer add → token issue → item draft … publish → export → gongkai-verify.
The flow runs on SQLite and on PostgreSQL (GONGKAI_DATABASE_URL, a fresh schema)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.cli import gongkai as run_gongkai

BIN = Path(sys.executable).parent
ADMIN = "officer-0001"


def gongkai(*args: str, env: dict[str, str], ok: bool = True) -> subprocess.CompletedProcess[str]:
    result = run_gongkai(args, env=env, timeout=120)
    if ok:
        assert result.returncode == 0, result.stderr + result.stdout
    return result


def officer(name: str, roles: str, env: dict[str, str]) -> str:
    added = gongkai("officer", "add", "--name", name, "--roles", roles, "--as", ADMIN, env=env)
    return added.stdout.strip()


def initialised(tmp_path: Path, database_url: str) -> dict[str, str]:
    environment = {
        **os.environ,
        "GONGKAI_DATA": str(tmp_path / "data"),
        "GONGKAI_DATABASE_URL": database_url,
        "GONGKAI_KEY_PASSPHRASE": "e2e-passphrase",
    }
    gongkai("init", "--origin", "e2e.gongkai.local/items", "--agency", "示范市", env=environment)
    return environment


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    """An initialised ledger on SQLite."""
    return initialised(tmp_path, f"sqlite:///{tmp_path / 'data' / 'ledger.db'}")


@pytest.fixture
def any_env(database_url: str, tmp_path: Path) -> dict[str, str]:
    """An initialised ledger on SQLite, then on PostgreSQL (a fresh schema)."""
    return initialised(tmp_path, database_url)


@pytest.fixture
def notice(tmp_path: Path) -> Path:
    path = tmp_path / "notice.txt"
    path.write_text(
        "示范市人民政府办公室关于印发《政府信息公开工作规定》的通知\n", encoding="utf-8"
    )
    return path


def drafted(notice: Path, drafter: str, env: dict[str, str]) -> str:
    return gongkai(
        "item", "draft", "--title", "关于印发《政府信息公开工作规定》的通知",
        "--category", "normative_documents", "--doc-number", "示政办发〔2026〕3号",
        "--formed-on", "2026-03-02", "--file", str(notice), "--as", drafter, env=env,
    ).stdout.strip()  # fmt: skip


def test_an_item_is_published_from_the_command_line_and_verifies(
    any_env: dict[str, str], notice: Path, tmp_path: Path
) -> None:
    env = any_env
    drafter, reviewer = officer("李明", "drafter", env), officer("刘洋", "attribute_reviewer", env)
    secrecy, approver = officer("陈静", "secrecy_reviewer", env), officer("赵敏", "approver", env)
    token = gongkai("token", "issue", "--officer", approver, env=env).stdout.strip()
    assert token.startswith("gk_")

    item = drafted(notice, drafter, env)
    file = ["--file", str(notice)]
    gongkai("item", "attribute-review", item, "--attribute", "proactive", "--basis", "同意",
            "--as", reviewer, env=env)  # fmt: skip
    gongkai("item", "secrecy-review", item, *file, "--result", "passed", "--as", secrecy, env=env)
    gongkai("item", "approve", item, *file, "--as", approver, env=env)
    published = gongkai("item", "publish", item, *file, "--on", "2026-03-04", "--as", approver,
                        "--json", env=env)  # fmt: skip

    shown = json.loads(published.stdout)
    assert (shown["status"], shown["versions"][0]["publish_by"]) == ("published", "2026-03-30")
    listed = json.loads(gongkai("item", "list", "--json", env=env).stdout)
    assert [row["item_id"] for row in listed] == [item]
    export = tmp_path / "ledger.jsonl"
    gongkai("export", str(export), env=env)
    vkey = gongkai("vkey", env=env).stdout.strip()
    checked = subprocess.run(
        [str(BIN / "gongkai-verify"), "export", str(export), "--vkey", vkey, "--json"],
        capture_output=True, text=True, env=env, timeout=120,
    )  # fmt: skip
    assert checked.returncode == 0, checked.stdout + checked.stderr
    entries = [json.loads(line) for line in export.read_text(encoding="utf-8").splitlines()[1:-1]]
    assert [e["type"] for e in entries if e["stream"] == item] == [
        "InformationItem.Drafted",
        "InformationItem.AttributeReviewed",
        "InformationItem.SecrecyReviewed",
        "InformationItem.Approved",
        "InformationItem.Published",
    ]


def test_a_refused_self_approval_is_one_clear_line_and_recorded(
    env: dict[str, str], notice: Path
) -> None:
    both = officer("张伟", "drafter,approver", env)
    reviewer, secrecy = (
        officer("刘洋", "attribute_reviewer", env),
        officer("陈静", "secrecy_reviewer", env),
    )
    item = drafted(notice, both, env)
    gongkai("item", "attribute-review", item, "--attribute", "proactive", "--basis", "同意",
            "--as", reviewer, env=env)  # fmt: skip
    gongkai("item", "secrecy-review", item, "--file", str(notice), "--result", "passed",
            "--as", secrecy, env=env)  # fmt: skip

    refused = gongkai(
        "item", "approve", item, "--file", str(notice), "--as", both, env=env, ok=False
    )

    assert refused.returncode == 1
    assert refused.stderr.strip().startswith("error: SELF_APPROVAL")
    assert "Traceback" not in refused.stderr
    shown = json.loads(gongkai("officer", "show", both, "--json", env=env).stdout)
    assert [a["code"] for a in shown["refused_attempts"]] == ["SELF_APPROVAL"]


def test_officer_roles_change_and_departure_are_recorded(env: dict[str, str]) -> None:
    clerk = officer("王芳", "drafter", env)

    gongkai("officer", "roles", clerk, "--roles", "drafter,approver", "--reason", "岗位调整",
            "--as", ADMIN, env=env)  # fmt: skip
    gongkai("officer", "leave", clerk, "--reason", "调离", "--on", "2026-03-31", "--as", ADMIN,
            env=env)  # fmt: skip

    [row] = [o for o in json.loads(gongkai("officer", "list", "--json", env=env).stdout)
             if o["officer_id"] == clerk]  # fmt: skip
    assert (row["roles"], row["active"], row["left_on"]) == (
        ["approver", "drafter"],
        False,
        "2026-03-31",
    )
    again = gongkai("officer", "leave", clerk, "--reason", "x", "--as", ADMIN, env=env, ok=False)
    assert again.returncode == 1 and "OFFICER_" in again.stderr


def test_an_item_command_without_its_content_says_what_to_give(env: dict[str, str]) -> None:
    result = gongkai("item", "approve", "x", "--as", ADMIN, env=env, ok=False)

    assert result.returncode == 1
    assert result.stderr.strip() == "error: name the exact content with --file PATH or --sha256 HEX"


def test_a_draft_without_its_content_says_what_to_give(env: dict[str, str]) -> None:
    result = gongkai("item", "draft", "--title", "通知", "--category", "normative_documents",
                     "--as", ADMIN, env=env, ok=False)  # fmt: skip

    assert result.returncode == 1
    assert result.stderr.strip() == "error: name the exact content with --file PATH or --sha256 HEX"


def test_an_option_the_command_model_refuses_is_one_line_naming_the_field(
    env: dict[str, str],
) -> None:
    result = gongkai("item", "approve", "x", "--sha256", "0" * 64, "--expected-version", "0",
                     "--as", ADMIN, env=env, ok=False)  # fmt: skip

    assert result.returncode == 1
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert result.stderr.startswith("error: VALIDATION_FAILED: expected_version: ")
