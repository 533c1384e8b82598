"""Who may call what: every route of the app with the callers allowed to use it.

A caller is ``anonymous`` (no token) or an officer holding one of the roles of
``verify.roles.ROLES``. The map is declarative and complete: ``tests/api/
test_role_matrix.py`` walks the app's whole route table and fails when a route is
missing here, and calls every route as every caller outside its set, expecting 401
(anonymous) or 403 (an officer without the role) and nothing else. The OpenAPI
document marks non-public operations with the bearer scheme and their roles
(``x-roles``) from the same map.

Usage::

    from api.http.role_matrix import allowed, is_public
    allowed("POST", "/v1/items")      # frozenset({"drafter"})
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Final

from verify.roles import ROLES

ANONYMOUS: Final = "anonymous"
_CONVERTER: Final = re.compile(r"\{(\w+):\w+\}")
CALLERS: Final[tuple[str, ...]] = (ANONYMOUS, *ROLES)
PUBLIC: Final[frozenset[str]] = frozenset(CALLERS)
OFFICERS: Final[frozenset[str]] = frozenset(ROLES)


def only(*roles: str) -> frozenset[str]:
    """The officers holding any of ``roles``. Raises ValueError for an unknown role."""
    unknown = set(roles) - set(ROLES)
    if unknown:
        raise ValueError(f"unknown roles {sorted(unknown)}")
    return frozenset(roles)


_OPERATIONS: Mapping[tuple[str, str], frozenset[str]] = {
    ("GET", "/healthz"): PUBLIC,
    ("GET", "/readyz"): PUBLIC,
    ("GET", "/metrics"): PUBLIC,
    ("GET", "/openapi.json"): PUBLIC,
}

_LEDGER: Mapping[tuple[str, str], frozenset[str]] = {
    ("GET", "/v1/checkpoint"): PUBLIC,
    ("GET", "/v1/vkey"): PUBLIC,
    ("GET", "/v1/entries"): PUBLIC,
    ("GET", "/v1/entries/{index}"): PUBLIC,
    ("GET", "/v1/proof/inclusion"): PUBLIC,
    ("GET", "/v1/proof/consistency"): PUBLIC,
    ("GET", "/v1/keys"): PUBLIC,
    ("GET", "/v1/documents/{sha256}"): PUBLIC,
    # static tiles (C2SP tlog-tiles), also served by any static server
    ("GET", "/log/checkpoint"): PUBLIC,
    ("GET", "/log/tile/{path:path}"): PUBLIC,  # OpenAPI writes it /log/tile/{path}
}

_CATALOGUE: Mapping[tuple[str, str], frozenset[str]] = {
    ("GET", "/v1/catalogue"): PUBLIC,
    ("GET", "/v1/catalogue/summary"): PUBLIC,
    ("GET", "/v1/catalogue/withdrawals"): PUBLIC,
    ("GET", "/v1/catalogue/non-disclosures"): PUBLIC,
    ("GET", "/v1/catalogue/{item_id}"): PUBLIC,
    ("GET", "/v1/content/{sha256}"): PUBLIC,
    ("POST", "/v1/content"): only("drafter", "secrecy_reviewer", "approver"),
}

_ITEMS: Mapping[tuple[str, str], frozenset[str]] = {
    ("POST", "/v1/items"): only("drafter"),
    ("GET", "/v1/items"): OFFICERS,
    ("GET", "/v1/items/{item_id}"): OFFICERS,
    ("POST", "/v1/items/{item_id}/attribute-review"): only("attribute_reviewer"),
    ("POST", "/v1/items/{item_id}/secrecy-review"): only("secrecy_reviewer"),
    ("POST", "/v1/items/{item_id}/approve"): only("approver"),
    ("POST", "/v1/items/{item_id}/publish"): only("approver"),
    ("POST", "/v1/items/{item_id}/correct"): only("drafter"),
    ("POST", "/v1/items/{item_id}/withdraw"): only("approver"),
    ("POST", "/v1/items/{item_id}/non-disclosure"): only("approver"),
    ("POST", "/v1/items/{item_id}/clarify"): only("approver"),
}

_HANDLER = only("request_handler")
_REQUESTS: Mapping[tuple[str, str], frozenset[str]] = {
    ("GET", "/v1/requests/register"): PUBLIC,
    ("GET", "/v1/requests"): OFFICERS,
    ("GET", "/v1/requests/{ref}"): OFFICERS,
    ("POST", "/v1/requests"): _HANDLER,
    ("POST", "/v1/requests/{ref}/extend"): only("office_head"),
    ("POST", "/v1/requests/{ref}/reasonable-period"): only("office_head"),
    ("POST", "/v1/requests/{ref}/personal-data"): only(
        "request_handler", "office_head", "inspector"
    ),
    **{
        ("POST", f"/v1/requests/{{ref}}/{verb}"): _HANDLER
        for verb in (
            "confirm-receipt",
            "supplement-notice",
            "supplemented",
            "deemed-abandoned",
            "consult",
            "consult-end",
            "third-party-notice",
            "ask-reasons",
            "fee-notice",
            "fee-notice-received",
            "fee-paid",
            "deemed-withdrawn",
            "withdraw",
            "answer",
            "reconsideration",
            "reconsideration-decision",
            "lawsuit",
            "lawsuit-decision",
            "reanswer",
        )
    },
    ("GET", "/v1/requests/{ref}/letters"): OFFICERS,
    ("POST", "/v1/requests/{ref}/letters/{kind}/issue"): _HANDLER,
    ("GET", "/v1/requests/{ref}/letters/{name}"): OFFICERS,
}

_INSPECTION: Mapping[tuple[str, str], frozenset[str]] = {
    ("GET", "/v1/streams/{stream_id}/history"): only("inspector"),
    ("GET", "/v1/accountability/officers/{officer_id}"): only("inspector"),
    ("GET", "/v1/accountability/units/{unit}"): only("inspector"),
    ("GET", "/v1/reports/annual/{year}"): PUBLIC,
    ("POST", "/v1/reports/annual/{year}/publish"): only("office_head"),
    ("POST", "/v1/reports/annual/{year}/statistics"): only("office_head"),
    ("POST", "/v1/reports/annual/{year}/narratives/{section}"): only("drafter"),
    ("POST", "/v1/reports/annual/{year}/narratives/{section}/approve"): only("office_head"),
    ("POST", "/v1/remedies"): _HANDLER,
    ("POST", "/v1/remedies/{reference}/decision"): _HANDLER,
}

_PAGES: Mapping[tuple[str, str], frozenset[str]] = {
    ("GET", "/"): PUBLIC,
    ("GET", "/catalogue"): PUBLIC,
    ("GET", "/items/{item_id:path}"): PUBLIC,
    ("GET", "/requests"): PUBLIC,
    ("GET", "/reports"): PUBLIC,
    ("GET", "/reports/{year:path}"): PUBLIC,
    ("GET", "/verify"): PUBLIC,
    ("GET", "/static/{name:path}"): PUBLIC,
    # the public portal: guide, feeds, applying, complaining, proposing, following
    ("GET", "/guide"): PUBLIC,
    ("GET", "/feeds"): PUBLIC,
    ("GET", "/feeds/{name}.atom"): PUBLIC,
    ("GET", "/feeds/{name}.json"): PUBLIC,
    ("GET", "/downloads/catalogue.csv"): PUBLIC,
    ("GET", "/downloads/register.csv"): PUBLIC,
    ("GET", "/apply"): PUBLIC,
    ("POST", "/apply"): PUBLIC,
    ("GET", "/complain"): PUBLIC,
    ("POST", "/complain"): PUBLIC,
    ("GET", "/topics"): PUBLIC,
    ("POST", "/topics"): PUBLIC,
    ("GET", "/track"): PUBLIC,
    ("POST", "/track"): PUBLIC,
    ("POST", "/track/letter"): PUBLIC,  # the number and its secret stand in for a role
}

# The workbench and console (``api.workbench``) answer a signed-in session, never a
# bearer token: a token caller is sent to the sign-in form. Their roles are checked per
# desk and proved by tests/api/test_workbench_*.py, so the matrix leaves them out.
SESSION_PREFIX: Final = "/workbench"

ROLE_MATRIX: Final[Mapping[tuple[str, str], frozenset[str]]] = {
    **_OPERATIONS,
    **_LEDGER,
    **_CATALOGUE,
    **_ITEMS,
    **_REQUESTS,
    **_INSPECTION,
    **_PAGES,
}


def allowed(method: str, path: str) -> frozenset[str]:
    """The callers allowed on ``method path`` (a path template, as the route or as
    OpenAPI writes it: ``{path:path}`` or ``{path}``). Raises KeyError."""
    key = (method.upper(), path)
    found = ROLE_MATRIX.get(key)
    return found if found is not None else _BY_TEMPLATE[key]


def template(path: str) -> str:
    """A route's path template without parameter converters (``{path:path}`` → ``{path}``)."""
    return _CONVERTER.sub(r"{\1}", path)


_BY_TEMPLATE: Final = {(m, template(p)): roles for (m, p), roles in ROLE_MATRIX.items()}


def is_public(method: str, path: str) -> bool:
    """Whether anyone, without a token, may call ``method path``. Raises KeyError."""
    return ANONYMOUS in allowed(method, path)
