"""What every officer command route does around the domain's decision.

The command is signed at the server's clock (``now``). Once the service returns, its
entries are committed; ``settle_after_write`` then integrates them into the log and
catches the read models up before the route answers, so a client reading right after
its own write sees it. A failure to settle never turns the committed write into an
error: it is logged and left to the background worker.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from api.services import Services

log = logging.getLogger("gongkai.api")


def now() -> datetime:
    return datetime.now(UTC)


def settle_after_write(services: Services) -> None:
    try:
        services.settle()
    except Exception:  # the write is committed: never report it as failed
        log.exception("settling after a write failed; the background worker will retry")
        services.nudge()
