"""``gongkai applicant show | export``, ``gongkai erase --due`` and ``gongkai privacy`` as an
office runs them, on both backends: the applicant's own bundle verifies with
``gongkai-verify bundle``; after an erasure ``gongkai verify`` and ``gongkai-verify
export`` pass, the vault row is gone and the bundle says "erased"."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from ledger.ledger import Ledger
from tests.support.cli import gongkai as run_gongkai

BIN = Path(sys.executable).parent
NAME, ID_NUMBER = "欧阳私密", "11010519491231002X"


class Office:
    def __init__(self, env: dict[str, str], tmp: Path) -> None:
        self.env, self.tmp = env, tmp

    def run(self, *args: str, ok: bool = True, tool: str = "gongkai") -> str:
        if tool == "gongkai":
            done = run_gongkai(args, env=self.env)
        else:
            done = subprocess.run(
                [str(BIN / tool), *args], capture_output=True, text=True, env=self.env, timeout=120
            )
        if ok:
            assert done.returncode == 0, done.stderr + done.stdout
        else:
            assert done.returncode != 0 and len(done.stderr.strip().splitlines()) == 1
            assert "Traceback" not in done.stderr
        return done.stdout + done.stderr

    def json(self, *args: str) -> dict[str, object]:
        return dict(json.loads(self.run(*args, "--json")))


@pytest.fixture
def office(database_url: str, tmp_path: Path) -> Iterator[Office]:
    env = {**os.environ, "GONGKAI_DATA": str(tmp_path / "data"),
           "GONGKAI_DATABASE_URL": database_url}  # fmt: skip
    cli = Office(env, tmp_path)
    cli.run("init", "--origin", "privacy.gongkai.local/x", "--agency", "示范市")
    add = ("officer", "add", "--as", "officer-0001", "--name")
    cli.handler = cli.run(*add, "周丽", "--roles", "request_handler").strip()  # type: ignore[attr-defined]
    cli.head = cli.run(*add, "徐婷", "--roles", "office_head").strip()  # type: ignore[attr-defined]
    person = ("--applicant", NAME, "--id-number", ID_NUMBER, "--applicant-type", "natural-person")
    for day in ("2025-03-03", "2025-03-10"):
        cli.run("request", "receive", "--channel", "post", "--date", day, *person,
                "--description", "请求公开某项目批复", "--as", cli.handler)  # type: ignore[attr-defined]  # fmt: skip
    cli.run("request", "answer", "2025-0001", "--outcome", "unavailable.not_held",
            "--reasons", "本机关未制作、获取该信息", "--article", "36(四)",
            "--date", "2025-03-04", "--as", cli.handler)  # type: ignore[attr-defined]  # fmt: skip
    yield cli


def vault_values(office: Office, database_url: str) -> list[tuple[object, ...]]:
    """Every value the office's vault still holds."""
    ledger = Ledger.open(office.tmp / "data", database_url)
    try:
        with ledger.backend.transaction() as cur:
            return cur.execute("SELECT value FROM gk_vault").fetchall()
    finally:
        ledger.close()


def test_an_officer_sees_the_applicant_only_after_the_opening_is_recorded(office: Office) -> None:
    handler = office.handler  # type: ignore[attr-defined]
    shown = office.json("applicant", "show", "--request", "2025-0001", "--as", handler)
    values = {f["field"]: f["value"] for f in shown["fields"]}  # type: ignore[attr-defined]
    assert values["data.applicant"]["name"] == NAME
    record = office.run("accountability", "--officer", handler)
    assert "PersonalData.Opened 2025-0001 [applicant,description,other_requests] handling" in record
    assert shown["other_requests"] == ["2025-0002"]  # the same applicant: a repeat request?
    refused = office.run("applicant", "show", "--request", "2025-0001", "--as", handler,
                         "--purpose", "curiosity", ok=False)  # fmt: skip
    assert "PURPOSE_UNKNOWN" in refused


def test_the_applicants_export_is_a_bundle_per_request_they_can_verify(office: Office) -> None:
    out = office.tmp / "own.zip"
    said = office.run("applicant", "export", "--request", "2025-0002", "--identity-proof",
                      "身份证原件核验", "--as", office.head, "--out", str(out))  # type: ignore[attr-defined]  # fmt: skip
    vkey = said.rsplit("--vkey '", 1)[1].split("'")[0]
    for path in (out, office.tmp / "own-2025-0001.zip"):
        checked = json.loads(office.run("bundle", str(path), "--vkey", vkey, "--json",
                                        tool="gongkai-verify"))  # fmt: skip
        assert checked["disclosed_fields"] >= 2
    refused = office.run("applicant", "export", "--request", "2025-0002", "--identity-proof", "x",
                         "--as", office.handler, "--out", str(out), ok=False)  # type: ignore[attr-defined]  # fmt: skip
    assert "ROLE_REQUIRED" in refused


def test_erase_due_shreds_the_expired_record_and_everything_still_verifies(
    office: Office, database_url: str
) -> None:
    (office.tmp / "data" / "retention.toml").write_text("[years]\nrequest = 1\n")
    listed = office.run("erase", "--due", "--dry-run")
    assert "2025-0001" in listed and "2025-0002" not in listed and "would erase 1" in listed
    assert "say --due" in office.run("erase", ok=False)
    erased = office.json("erase", "--due", "--as", "officer-0001")
    assert erased["erased"] == ["2025-0001"]
    verified = office.run("verify")
    assert "VALID" in verified and "erased: 1 records" in verified
    export = office.tmp / "export.jsonl"
    office.run("export", str(export))
    vkey = office.run("vkey").strip()
    checked = office.run("export", str(export), "--vkey", vkey, tool="gongkai-verify")
    assert "VALID" in checked and "erased" in checked
    bundle = office.run("bundle", "--request", "2025-0001", "--disclose", "applicant", "--as",
                        office.head, "--purpose", "review", "--out",  # type: ignore[attr-defined]
                        str(office.tmp / "court.zip"), ok=False)  # fmt: skip
    assert "PERSONAL_DATA_ERASED" in bundle
    court = office.tmp / "court.zip"
    office.run("bundle", "--request", "2025-0001", "--out", str(court))
    assert "disclosed_fields" in office.run("bundle", str(court), "--vkey", vkey, "--json",
                                            tool="gongkai-verify")  # fmt: skip
    left = vault_values(office, database_url)
    assert NAME in repr(left)  # 2025-0002 keeps its data
    assert len(left) == 3  # applicant, pseudonym and description of 2025-0002 only
    assert "erasures re-applied: 0" in office.run("privacy", "reapply-erasures")
    assert "rebuilt: 1 requests" in office.run("privacy", "rebuild-index")


def test_a_backup_taken_before_an_erasure_does_not_bring_the_data_back(
    office: Office, database_url: str
) -> None:
    """``gongkai backup`` (which holds the data in clear), then ``gongkai erase --due``,
    then ``gongkai restore`` of that backup: the erased record's vault rows are not back,
    its fields stay erased, and everything still verifies."""
    (office.tmp / "data" / "retention.toml").write_text("[years]\nrequest = 1\n")
    backup = office.tmp / "before-erasure.gkb"
    office.run("backup", str(backup))
    vkey = office.run("vkey").strip()
    assert office.json("erase", "--due", "--as", "officer-0001")["erased"] == ["2025-0001"]
    restored = office.run("restore", str(backup), "--vkey", vkey)
    shredded = restored.split("erasures re-applied: ", 1)[1].split(" ", 1)[0]
    assert int(shredded) >= 1, restored  # the backup's copies of the erased rows, deleted
    verified = office.run("verify")
    assert "VALID" in verified and "erased: 1 records" in verified
    assert (
        len(vault_values(office, database_url)) == 3
    )  # 2025-0002's applicant, pseudonym and description only
    refused = office.run("bundle", "--request", "2025-0001", "--disclose", "applicant", "--as",
                         office.head, "--purpose", "review", "--out",  # type: ignore[attr-defined]
                         str(office.tmp / "court.zip"), ok=False)  # fmt: skip
    assert "PERSONAL_DATA_ERASED" in refused
