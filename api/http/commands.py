"""What every officer command route does around the domain's decision.

The command is signed at the server's clock (``now``). Once the service returns, its
entries are committed, and the route calls ``Services.wrote``: the background worker
integrates them into the log and catches the read models up at once, batching a burst
of writes into few passes. The answer does not wait for that; a read that follows
waits for it instead (``Services.fresh``, called by ``api.http.deps.get_services``), so a
client reading right after its own write sees it.
"""

from __future__ import annotations

from datetime import UTC, datetime


def now() -> datetime:
    return datetime.now(UTC)
