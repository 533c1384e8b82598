"""A workbench form posted twice records once.

Forms that create something new (a request's receipt, an officer's appointment, a token)
have no expected version to refuse a second post, so each rendering of such a form
carries a random ``form_id``. The first post claims it; a second post of the same form
(a double click, the back button, a reload) finds the claim and gets what the first one
produced — the request it recorded — instead of a second record. A post that fails
releases its claim, so the corrected form can be sent again. Claims are kept a day.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Final

from ledger.backend import Backend

KEEP: Final = timedelta(days=1)
ALREADY_SUBMITTED: Final = (
    "这份表单已经提交，正在记录，请稍候刷新 "
    "This form was already submitted and is being recorded; reload in a moment"
)
ALREADY_DONE: Final = (
    "这份表单已经提交过，未再次记录 This form was already submitted; nothing was recorded again"
)
_FORM_ID = re.compile(r"[0-9a-f-]{32,36}")


def form_key(action: str, form_id: str | None) -> str | None:
    """The claim for ``action`` posted from the form rendered as ``form_id`` (None when
    the post carries no well-formed id: it is then not guarded)."""
    return f"{action}:{form_id}" if form_id and _FORM_ID.fullmatch(form_id) else None


@dataclass(frozen=True)
class Posted:
    result: str  # what this post recorded, or what the form's first post recorded
    again: bool  # a second post of the form: nothing was recorded now


class FormSubmissions:
    def __init__(self, backend: Backend) -> None:
        self.backend = backend
        with backend.ddl() as cur:
            cur.execute(
                "CREATE TABLE IF NOT EXISTS gk_form_submissions (form_key TEXT PRIMARY KEY, "
                "officer TEXT NOT NULL, result TEXT NOT NULL, at TEXT NOT NULL)"
            )

    def record_once(
        self,
        key: str | None,
        officer: str,
        now: datetime,
        work: Callable[[], str],
        keep: Callable[[str], str] = lambda result: result,
    ) -> Posted:
        """``work()`` for the first post of the form ``key`` (every post when None),
        ``keep(result)`` kept for a second post, which gets that instead (``""`` while
        the first is still being recorded). A ``work`` that raises frees the form."""
        if key is not None:
            prior = self.claim(key, officer, now)
            if prior is not None:
                return Posted(prior, again=True)
        try:
            result = work()
        except BaseException:
            if key is not None:
                self.release(key)
            raise
        if key is not None:
            self.done(key, keep(result))
        return Posted(result, again=False)

    def claim(self, key: str, officer: str, now: datetime) -> str | None:
        """None if this post is the form's first; otherwise what the first produced
        (``""`` while it is still being recorded)."""
        with self.backend.transaction(write=True) as cur:
            cur.execute("DELETE FROM gk_form_submissions WHERE at < ?", ((now - KEEP).isoformat(),))
            claimed = cur.execute(
                "INSERT INTO gk_form_submissions (form_key, officer, result, at) "
                "VALUES (?, ?, '', ?) ON CONFLICT (form_key) DO NOTHING RETURNING form_key",
                (key, officer, now.isoformat()),
            ).fetchone()
            if claimed is not None:
                return None
            prior = cur.execute(
                "SELECT result FROM gk_form_submissions WHERE form_key = ? AND officer = ?",
                (key, officer),
            ).fetchone()
        return "" if prior is None else str(prior[0])

    def done(self, key: str, result: str) -> None:
        with self.backend.transaction(write=True) as cur:
            cur.execute(
                "UPDATE gk_form_submissions SET result = ? WHERE form_key = ?", (result, key)
            )

    def release(self, key: str) -> None:
        with self.backend.transaction(write=True) as cur:
            cur.execute("DELETE FROM gk_form_submissions WHERE form_key = ?", (key,))
