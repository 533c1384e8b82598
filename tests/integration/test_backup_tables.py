"""The backup's table list (ledger/tables.py) is the database's: every ``gk_*`` table a
running office creates is either backed up, column for column, or derived from the
entries and named as such, so a table added later cannot be left out silently."""

from __future__ import annotations

from pathlib import Path

from api.pages.apply_tracking import TrackingStore
from api.services import Services
from ledger.backend import Backend
from ledger.tables import DERIVED_TABLES, backed_up_tables, columns_of


def _columns(backend: Backend) -> dict[str, list[str]]:
    with backend.transaction() as cur:
        if backend.notification_column == "rowid":
            names = cur.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
            return {
                str(n): [
                    str(c[0])
                    for c in cur.execute(f"SELECT name FROM pragma_table_info('{n}')").fetchall()
                ]
                for (n,) in names
            }
        rows = cur.execute(
            "SELECT table_name, column_name FROM information_schema.columns "
            "WHERE table_schema = current_schema() ORDER BY ordinal_position"
        ).fetchall()
    found: dict[str, list[str]] = {}
    for table, column in rows:
        found.setdefault(str(table), []).append(str(column))
    return found


def test_every_gk_table_is_backed_up_or_derived(database_url: str, tmp_path: Path) -> None:
    services = Services.open(tmp_path / "data", database_url)
    try:
        TrackingStore(services.ledger.backend)  # these make their tables on first use
        assert services.accounts is not None and services.sessions is not None
        tables = _columns(services.ledger.backend)
    finally:
        services.close()
    gk = {name for name in tables if name.startswith("gk_")}
    assert gk - set(DERIVED_TABLES) <= set(backed_up_tables())
    for name in gk & set(backed_up_tables()):
        assert sorted(columns_of(name)) == sorted(tables[name]), name
