"""``gongkai witness …``: run a witness for other bodies' logs (c2sp.org/tlog-witness).

A witness is run by another body (the discipline inspection commission, the people's
congress, a court) on its own machine, with its own key, in its own directory:

    gongkai witness init --dir W --name jiwei.example.gov.cn/witness
    gongkai witness add-log --dir W --vkey "$(gongkai --data var vkey)"
    gongkai witness vkey --dir W        # give this to the log and to verifiers
    gongkai witness serve --dir W --port 9001
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from api.witness.config import WitnessDirectory

witness_app = typer.Typer(
    help="A witness that cosigns other logs' checkpoints once they prove consistency.",
    no_args_is_help=True,
)
DirOption = Annotated[
    Path, typer.Option("--dir", help="The witness's directory (key, config, state).")
]


def _directory(path: Path) -> WitnessDirectory:
    from api.witness.config import WitnessDirectory

    return WitnessDirectory(path)


def _fail(message: str) -> typer.Exit:
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(1)


@witness_app.command("init")
def init(
    directory: DirOption,
    name: Annotated[str, typer.Option(help="The witness's key name, e.g. its host/path.")],
) -> None:
    """Create the witness's Ed25519 key (encrypted with GONGKAI_KEY_PASSPHRASE)."""
    from api.witness.config import WitnessConfigError

    try:
        key = _directory(directory).init(name)
    except WitnessConfigError as exc:
        raise _fail(str(exc)) from None
    typer.echo(key.to_text())


@witness_app.command("add-log")
def add_log(
    directory: DirOption,
    vkey: Annotated[str, typer.Option(help="The log's verifier key (`gongkai vkey`).")],
) -> None:
    """Witness a log: its origin and verifier key."""
    from api.witness.config import WitnessConfigError

    try:
        added = _directory(directory).add_log(vkey)
    except WitnessConfigError as exc:
        raise _fail(str(exc)) from None
    typer.echo(f"witnessing {added.name}")


@witness_app.command("vkey")
def vkey(directory: DirOption) -> None:
    """Print the witness's verifier key (for the log's GONGKAI_WITNESSES and verifiers)."""
    from api.witness.config import WitnessConfigError
    from ledger.errors import KeyUnavailable

    try:
        typer.echo(_directory(directory).key().to_text())
    except (WitnessConfigError, KeyUnavailable) as exc:
        raise _fail(str(exc)) from None


@witness_app.command("refusals")
def refusals(
    directory: DirOption,
    limit: Annotated[int, typer.Option(min=1, help="How many, newest first.")] = 20,
) -> None:
    """Checkpoints this witness refused (stale, inconsistent: evidence against a log)."""
    for refusal in _directory(directory).state().refusals(limit):
        typer.echo(f"{refusal.at}  {refusal.status}  {refusal.origin}  {refusal.reason}")


@witness_app.command("serve")
def serve(
    directory: DirOption,
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port.")] = 9001,
) -> None:
    """Serve POST /add-checkpoint and GET /<origin hash>/checkpoint."""
    import uvicorn

    from api.witness.app import create_witness_app
    from api.witness.config import WitnessConfigError
    from ledger.errors import KeyUnavailable

    try:
        witness = _directory(directory).open()
    except (WitnessConfigError, KeyUnavailable) as exc:
        raise _fail(str(exc)) from None
    if not witness.logs:
        raise _fail("this witness witnesses no log yet: run `gongkai witness add-log`")
    typer.echo(
        f"witness {witness.key.name} on http://{host}:{port}/ for {len(witness.logs)} log(s)"
    )
    uvicorn.run(create_witness_app(witness), host=host, port=port, access_log=False)
