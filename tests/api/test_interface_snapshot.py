"""The CLI's help and the OpenAPI document stay byte-identical unless changed on purpose.

Regenerate with ``python -m tests.support.interface`` and review the diff.
"""

from __future__ import annotations

from tests.support.interface import SNAPSHOTS, cli_help_text, openapi_text


def test_every_cli_help_text_is_as_recorded() -> None:
    recorded = (SNAPSHOTS / "cli-help.txt").read_text(encoding="utf-8")
    assert cli_help_text() == recorded


def test_the_openapi_document_is_as_recorded() -> None:
    recorded = (SNAPSHOTS / "openapi.json").read_text(encoding="utf-8")
    assert openapi_text() == recorded
