"""The schemathesis check both API robustness runs apply (registered once, on import):
every error answer is problem+json with a stable ``code``."""

from __future__ import annotations

from typing import Any

import schemathesis
from schemathesis import Case

from api.http.problems import PROBLEM_JSON


@schemathesis.check
def errors_are_problem_json(ctx: Any, response: Any, case: Case) -> bool | None:
    """Every 4xx/5xx is application/problem+json with a stable ``code``."""
    if response.status_code < 400:
        return None
    media_type = response.headers.get("content-type", [""])[0].split(";")[0]
    assert media_type == PROBLEM_JSON, f"{response.status_code} served as {media_type!r}"
    assert response.json().get("code"), "a problem without a code"
    return None


__all__ = ["errors_are_problem_json"]
