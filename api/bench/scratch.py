"""A benchmark's scratch database: a fresh data directory and either a SQLite file in it
or a fresh PostgreSQL schema, both removed when the benchmark is done."""

from __future__ import annotations

import secrets
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlparse, urlunparse

from ledger.backend import PostgresBackend
from ledger.errors import ConfigError


def fresh_schema(url: str | None) -> str:
    """``url`` naming a new, randomly named schema. Raises ConfigError without a URL."""
    if not url:
        raise ConfigError("the PostgreSQL half of the benchmark needs a URL")
    parsed = urlparse(url)
    query = [(k, v) for k, v in parse_qsl(parsed.query) if k != "schema"]
    schema = f"bench_api_{secrets.token_hex(4)}"
    return urlunparse(parsed._replace(query=urlencode([*query, ("schema", schema)])))


@contextmanager
def scratch_database(
    work: Path | None, backend: str, postgres: str | None, prefix: str
) -> Iterator[tuple[Path, str]]:
    """(data directory, database URL) for ``backend``; the directory and, on
    PostgreSQL, the schema are removed afterwards."""
    if work is not None:
        work.mkdir(parents=True, exist_ok=True)
    data = Path(tempfile.mkdtemp(prefix=f"{prefix}-{backend}-", dir=work))
    url = f"sqlite:///{data / 'ledger.db'}" if backend == "sqlite" else fresh_schema(postgres)
    try:
        yield data, url
    finally:
        if backend == "postgres":
            PostgresBackend(url).drop_schema()
        shutil.rmtree(data, ignore_errors=True)
