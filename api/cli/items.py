"""``gongkai item …``: proactive disclosure (主动公开) from the command line.

The same commands as ``/v1/items`` (draft → 属性审核 → 保密审查 → 发布审核 → publish;
correct, withdraw, 不予公开备案, Art. 6 clarifications), each signed by the officer
named with ``--as``. Document bytes come from ``--file``; a review or approval names
the exact content by ``--file`` or ``--sha256``. Each write is integrated into the
Merkle log and the catalogue before the command returns.
"""

from __future__ import annotations

import typer

from api.cli import items_published, items_review

item_app = typer.Typer(
    help="Information items: draft, review, approve, publish, correct, withdraw.",
    no_args_is_help=True,
)
for _name, _command in (*items_review.COMMANDS, *items_published.COMMANDS):
    item_app.command(_name)(_command)
