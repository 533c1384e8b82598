"""An office for tests that run ``gongkai serve`` as real processes: an initialised
ledger with one officer and bearer token per role of the item workflow, and a document
in the content store."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from api.services import Services

PASSPHRASE = "serve-robustness"
ROLES = ("drafter", "attribute_reviewer", "secrecy_reviewer", "approver")
DOCUMENT = "示范市政府信息公开工作规定（全文）\n".encode()


@dataclass
class Office:
    data: Path
    env: dict[str, str]
    tokens: dict[str, str]
    sha256: str

    def services(self) -> Services:
        return Services.open(self.data, self.env["GONGKAI_DATABASE_URL"])


def set_up_office(database_url: str, data: Path) -> Office:
    """Needs GONGKAI_KEY_PASSPHRASE = PASSPHRASE in the environment."""
    env = {**os.environ, "GONGKAI_DATABASE_URL": database_url}
    services = Services.open(data, database_url)
    try:
        now = datetime.now(UTC)
        admin = services.office.initialise("serve.gongkai.local/log", "测试局", "管理员", now)
        tokens = {}
        for role in ROLES:
            officer = services.office.add_officer(admin, role, "政务公开科", [role], now)
            tokens[role] = services.tokens.issue(officer, 1, now)
        sha = services.content.put(DOCUMENT)
        services.settle()
    finally:
        services.close()
    return Office(data, env, tokens, sha)


def draft_body(office: Office, n: int) -> dict[str, Any]:
    return {
        "title": f"关于第{n}号文件的通知",
        "category": "normative_documents",
        "formed_on": date.today().isoformat(),
        "attribute": "proactive",
        "attribute_basis": "主动公开",
        "content_sha256": office.sha256,
    }


def auth(office: Office, role: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {office.tokens[role]}"}
