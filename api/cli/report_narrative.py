"""``gongkai report draft`` and ``gongkai report approve``:
the annual report's narrative sections (一、总体情况, 五、存在的主要问题及改进情况,
六、其他需要报告的事项), drafted by a drafter, approved by the office head (never by
who drafted it), and the whole report as PDF."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from api.cli.inspection import report_app
from api.cli.support import fail, guard, now, open_services, state
from api.views import report_sections

Year = Annotated[int, typer.Argument(min=2000, max=2999, help="The report year.")]
SectionOpt = Annotated[int, typer.Option("--section", help="1 (总体情况), 5 (问题) or 6 (其他).")]


@report_app.command("draft")
def report_draft(
    ctx: typer.Context,
    year: Year,
    section: SectionOpt,
    file: Annotated[Path, typer.Option("--file", help="The section's text (UTF-8).")],
    as_officer: Annotated[str, typer.Option("--as", help="The drafter.")],
) -> None:
    """Record a draft of a narrative section (replaces the earlier draft; needs approval).

    Example: gongkai report draft 2026 --section 1 --file 总体情况.txt --as officer-0002
    """
    cli = state(ctx)
    try:
        text = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        fail(f"cannot read {file}: {exc}")
    with open_services(cli) as services:
        result = guard(
            cli, lambda: report_sections.draft(services, year, section, text, as_officer, now())
        )
    typer.echo(
        f"drafted {result['title']} of {year}: SHA-256 {result['text_sha256']} "
        f"(entry {result['leaf_hash']})"
    )


@report_app.command("approve")
def report_approve(
    ctx: typer.Context,
    year: Year,
    section: SectionOpt,
    sha256: Annotated[str, typer.Option("--sha256", help="The draft's hash, as you read it.")],
    as_officer: Annotated[str, typer.Option("--as", help="The office head (not the drafter).")],
) -> None:
    """Approve the current draft of a narrative section, named by its SHA-256."""
    cli = state(ctx)
    with open_services(cli) as services:
        result = guard(
            cli,
            lambda: report_sections.approve(services, year, section, sha256, as_officer, now()),
        )
    typer.echo(f"approved {result['title']} of {year} (entry {result['leaf_hash']})")
