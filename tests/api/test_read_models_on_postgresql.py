"""On PostgreSQL the read models keep following the ledger: a NUL character in a command
(which PostgreSQL text cannot hold) cannot stop them, and two catch-ups racing each
other both finish without an error. Each case runs on a ledger of its own."""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime
from pathlib import Path

from tests.support.hardening_office import office_on


def test_a_nul_character_in_a_command_cannot_stop_the_read_models(tmp_path: Path) -> None:
    # PostgreSQL only (SQLite stores NUL in text), and on a ledger of its own: the
    # poisoned entry would stop the shared one's read models for the other tests.
    with office_on("postgres", tmp_path) as office:
        sha = office.request("POST", "/v1/content", "drafter", content=b"nul").json()["sha256"]
        body = {
            "title": "含\u0000空字符的标题",
            "category": "normative_documents",
            "formed_on": date.today().isoformat(),
            "attribute": "proactive",
            "attribute_basis": "主动公开",
            "content_sha256": sha,
        }
        response = office.request("POST", "/v1/items", "drafter", json=body)
        if response.status_code == 201:  # accepted: then the read models must still follow
            office.services.settle()
        else:
            assert response.status_code == 422


def test_two_concurrent_catch_ups_on_postgresql_do_not_fail(tmp_path: Path) -> None:
    with office_on("postgres", tmp_path) as office:
        services, drafter = office.services, office.officers["drafter"]
        sha = services.content.put(b"catch-up race")
        for n in range(60):
            services.items.draft(
                drafter,
                datetime.now(UTC),
                title=f"并发投影{n}",
                category="normative_documents",
                doc_number=None,
                formed_on=date.today(),
                attribute="proactive",
                attribute_basis="主动公开",
                content_sha256=sha,
                sealed_title=False,
                item_id=None,
            )
        services.ledger.integrate()
        barrier, errors = threading.Barrier(2), list[str]()

        def catch_up() -> None:
            try:
                barrier.wait(30)
                services.projections.catch_up()
            except Exception as exc:
                errors.append(f"{type(exc).__name__}: {exc}")

        # Daemon threads: one that hangs fails the test below instead of the whole run.
        threads = [threading.Thread(target=catch_up, daemon=True) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
        assert not [thread for thread in threads if thread.is_alive()], "a catch-up hung"
        assert not errors, errors
