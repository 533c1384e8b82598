"""点题公开 / 回音壁 — the public proposes what the office should disclose; an officer
moderates each proposal with a reason, and the office answers an accepted one by
publishing items linked to it or by a reasoned reply, in public.

Usage::

    topics = Topics(office)
    t = topics.propose("officer-0006", at, text="…", contact={"contact": "…"}, on=day)
    topics.moderate(t.number, "officer-0005", at, accepted=True, reason="…", public_text="…")
    topics.answer(t.number, "officer-0005", at, item_ids=["…"], reply="…")
"""

from __future__ import annotations

from domain.topic.topic import Topic, Topics

__all__ = ["Topic", "Topics"]
