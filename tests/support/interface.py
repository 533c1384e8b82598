"""Snapshots of the interfaces that must not change by accident.

The CLI's ``--help`` text for every command and group, and the OpenAPI document, are
recorded under ``tests/vectors/interface/``; ``tests/api/test_interface_snapshot.py``
compares them byte for byte. Regenerate on purpose with
``python -m tests.support.interface`` and review the diff.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

import typer
from click.testing import CliRunner

SNAPSHOTS = Path(__file__).resolve().parent.parent / "vectors" / "interface"
HELP_WIDTH = 100


def _command_paths(command: Any, path: tuple[str, ...]) -> list[tuple[str, ...]]:
    paths = [path]
    commands = getattr(command, "commands", {})
    for name in sorted(commands):
        paths += _command_paths(commands[name], (*path, name))
    return paths


def cli_help_text() -> str:
    """Every command's ``--help``, in a fixed order, at a fixed width."""
    from api.cli.main import app

    os.environ["COLUMNS"] = str(HELP_WIDTH)
    os.environ.pop("FORCE_COLOR", None)
    runner = CliRunner()
    root = typer.main.get_command(app)  # built once: typer's invoke builds it every call
    parts = []
    for path in _command_paths(root, ()):
        result = runner.invoke(
            root,
            [*path, "--help"],
            terminal_width=HELP_WIDTH,
            env={
                "COLUMNS": str(HELP_WIDTH),
                "NO_COLOR": "1",
                "TERM": "dumb",
            },
        )
        parts.append(f"===== gongkai {' '.join(path)} --help (exit {result.exit_code})\n")
        parts.append(result.output)
    return "".join(parts)


def openapi_text() -> str:
    """The OpenAPI document the server publishes, as sorted JSON."""
    from api.http.app import create_app
    from api.services import Services

    with tempfile.TemporaryDirectory() as data:
        services = Services.open(Path(data))
        try:
            document = create_app(services, background=False).openapi()
        finally:
            services.close()
    return json.dumps(document, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def write_snapshots() -> None:
    SNAPSHOTS.mkdir(parents=True, exist_ok=True)
    (SNAPSHOTS / "cli-help.txt").write_text(cli_help_text(), encoding="utf-8")
    (SNAPSHOTS / "openapi.json").write_text(openapi_text(), encoding="utf-8")


if __name__ == "__main__":
    write_snapshots()
