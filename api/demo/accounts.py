"""The demo office's workbench accounts: one officer per role can sign in at once,
with a published demo password (demo data only: never for a real office)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from api.services import Services

DEMO_PASSWORD = "gongkai-demo-2025"


def create_accounts(
    services: Services, officers: dict[str, list[str]], admin: str, at: datetime
) -> dict[str, str]:
    """An account for the first officer of each role and for the admin; role → id."""
    chosen = {role: ids[0] for role, ids in officers.items() if ids}
    chosen["admin"] = admin
    for officer in sorted(set(chosen.values())):
        services.accounts.set_password(officer, DEMO_PASSWORD, at)
    return chosen


def print_sign_in(chosen: dict[str, str], out: Callable[[str], object]) -> None:
    out("workbench sign-in (demo data only): open /workbench/sign-in, password " + DEMO_PASSWORD)
    for role, officer in sorted(chosen.items()):
        out(f"  {role:<20} {officer}")
