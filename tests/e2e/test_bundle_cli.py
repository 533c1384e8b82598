"""``gongkai bundle`` and ``gongkai-verify bundle`` as an operator and a court run them,
and the verifier alone, with nothing importable but ``cryptography`` and ``rfc8785``."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import cryptography
import pytest

import verify
from domain.office.office import FIRST_ADMIN, Office
from ledger.content import ContentStore
from ledger.ledger import Ledger
from tests.conftest import T0
from tests.support.bundles import APPLICANT, DOCUMENT, DOCUMENT_SHA256, NUMBER, record_request
from tests.support.cli import gongkai as run_gongkai

BIN = Path(sys.executable).parent
HEAD = "officer-0002"  # appointed office head: who discloses
PASSPHRASE = "test-passphrase"  # the conftest's, so this process can open the ledger too


def _run(tool: str, *args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    if tool == "gongkai":
        return run_gongkai(args, env=env)
    return subprocess.run(
        [str(BIN / tool), *args], capture_output=True, text=True, env=env, timeout=120
    )


@pytest.fixture
def env(database_url: str, tmp_path: Path) -> dict[str, str]:
    return {
        **os.environ,
        "GONGKAI_DATA": str(tmp_path / "data"),
        "GONGKAI_DATABASE_URL": database_url,
        "GONGKAI_KEY_PASSPHRASE": PASSPHRASE,
    }


@pytest.fixture
def recorded(env: dict[str, str]) -> str:
    """An initialised ledger holding request 2026-0001 and its answer's content."""
    init = _run(
        "gongkai", "init", "--origin", "e2e.gongkai.local/log", "--agency", "测试局", env=env
    )
    assert init.returncode == 0, init.stderr
    data = Path(env["GONGKAI_DATA"])
    ledger = Ledger.open(data, env["GONGKAI_DATABASE_URL"])
    try:
        ledger.register_key("officer-1", ["office_head", "request_handler"], "signing", T0)
        head = Office(ledger).add_officer(FIRST_ADMIN, "徐婷", "办公室", ["office_head"], T0)
        assert head == HEAD
        record_request(ledger)
        ContentStore(ledger.backend, data / "content").put(DOCUMENT)
        return ledger.vkey().to_text()
    finally:
        ledger.close()


def test_a_request_bundle_made_by_gongkai_verifies_with_gongkai_verify(
    env: dict[str, str], recorded: str, tmp_path: Path
) -> None:
    out = tmp_path / "request.zip"
    made = _run(
        "gongkai",
        "bundle",
        "--request",
        NUMBER,
        "--out",
        str(out),
        "--disclose",
        "applicant",
        "--as",
        HEAD,
        "--purpose",
        "review",
        env=env,
    )
    assert made.returncode == 0, made.stderr
    assert f"gongkai-verify bundle {out} --vkey '{recorded}'" in made.stdout
    checked = _run("gongkai-verify", "bundle", str(out), "--vkey", recorded, "--json", env=env)
    assert checked.returncode == 0, checked.stdout
    report = json.loads(checked.stdout)
    assert (report["entries"], report["disclosed_fields"]) == (3, 1)
    assert report["content_files"] == [DOCUMENT_SHA256]


def test_a_bundle_without_a_selection_exits_2_with_one_line(
    env: dict[str, str], recorded: str, tmp_path: Path
) -> None:
    result = _run("gongkai", "bundle", "--out", str(tmp_path / "x.zip"), env=env)
    assert result.returncode == 2
    assert result.stderr.strip() == "error: choose exactly one of --stream, --request or --officer"


def test_an_officer_selection_needs_valid_dates(
    env: dict[str, str], recorded: str, tmp_path: Path
) -> None:
    result = _run(
        "gongkai",
        "bundle",
        "--officer",
        "officer-1",
        "--from",
        "2026-13-01",
        "--to",
        "2026-03-31",
        "--out",
        str(tmp_path / "x.zip"),
        env=env,
    )
    assert result.returncode == 2 and "is not a date" in result.stderr


def test_disclosure_without_the_right_is_refused_in_one_line(
    env: dict[str, str], recorded: str, tmp_path: Path
) -> None:
    result = _run(
        "gongkai",
        "bundle",
        "--request",
        NUMBER,
        "--out",
        str(tmp_path / "x.zip"),
        "--disclose",
        "applicant",
        "--as",
        "officer-0001",
        "--purpose",
        "review",
        env=env,
    )
    assert result.returncode == 1
    assert result.stderr.strip().startswith("error: DISCLOSURE_REFUSED")
    assert "Traceback" not in result.stderr and not (tmp_path / "x.zip").exists()


def _site_with_only_the_verifier(site: Path) -> Path:
    """A directory holding verify/ and the two packages it may use (and their parts)."""
    shutil.copytree(Path(verify.__file__).parent, site / "verify")
    site_packages = Path(cryptography.__file__).parent.parent
    for name in os.listdir(site_packages):
        if name in ("cryptography", "cffi", "rfc8785") or name.startswith("_cffi_backend"):
            (site / name).symlink_to(site_packages / name)
    return site


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_the_verifier_needs_nothing_but_cryptography_and_rfc8785(
    env: dict[str, str], recorded: str, tmp_path: Path
) -> None:
    out = tmp_path / "request.zip"
    assert (
        _run("gongkai", "bundle", "--request", NUMBER, "--out", str(out), env=env).returncode == 0
    )
    site = _site_with_only_the_verifier(tmp_path / "site")
    script = (
        "import sys; sys.path.insert(0, sys.argv[1])\n"
        "for name in ('ledger', 'eventsourcing', 'psycopg', 'typer'):\n"
        "    try:\n"
        "        __import__(name)\n"
        "    except ImportError:\n"
        "        pass\n"
        "    else:\n"
        "        sys.exit(f'{name} is importable')\n"
        "from verify.cli import main\n"
        "sys.exit(main(['bundle', sys.argv[2], '--vkey', sys.argv[3]]))\n"
    )
    # -I: no environment, no user site; -S: no site-packages at all.
    result = subprocess.run(
        [sys.executable, "-I", "-S", "-c", script, str(site), str(out), recorded],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("有效 VALID")
    assert APPLICANT["name"] not in result.stdout
