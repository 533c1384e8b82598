"""Run the ``gongkai`` command line for a test: in the test's own process by default,
as the installed program when ``GONGKAI_TEST_CLI=subprocess``.

Both run the same click command (``api.cli.main.app``) with the same arguments and
environment, and answer as ``subprocess.run`` does (return code, stdout, stderr; an
unexpected exception's traceback on stderr with code 1). In process saves the half
second every program start costs — imports, mostly — over the few hundred commands
the end-to-end tests run. ``tests/e2e/test_cli_ledger.py`` always runs the installed
program, and ``gongkai serve`` is always a process of its own (``api.server.process``).

    result = gongkai(["request", "list", "--json"], env=env)
    assert result.returncode == 0, result.stderr
"""

from __future__ import annotations

import os
import subprocess
import sys
import traceback
from collections.abc import Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import Any

from click.testing import CliRunner

BIN = Path(sys.executable).parent
MODE_ENV = "GONGKAI_TEST_CLI"  # "subprocess": run the installed program every time


@cache
def _command() -> Any:
    import typer

    from api.cli.main import app

    return typer.main.get_command(app)


def gongkai(
    args: Sequence[str], *, env: Mapping[str, str], timeout: float = 120, program: bool = False
) -> subprocess.CompletedProcess[str]:
    """``gongkai ARGS`` under ``env`` (the whole environment, as for a process);
    ``program`` runs the installed program even in process mode."""
    if program or os.environ.get(MODE_ENV) == "subprocess" or args[:1] == ["serve"]:
        return subprocess.run(
            [str(BIN / "gongkai"), *args], capture_output=True, text=True, env=dict(env),
            timeout=timeout,
        )  # fmt: skip
    overrides: dict[str, str | None] = {key: None for key in os.environ if key not in env}
    overrides.update(env)
    result = CliRunner().invoke(_command(), list(args), env=overrides, prog_name="gongkai")
    stderr = result.stderr
    if (
        result.exc_info is not None
        and result.exception is not None
        and not isinstance(result.exception, SystemExit)
    ):
        stderr += "".join(traceback.format_exception(*result.exc_info))
    return subprocess.CompletedProcess(["gongkai", *args], result.exit_code, result.stdout, stderr)
