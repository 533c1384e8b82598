"""``verify/`` stands alone: the standard library, ``cryptography`` and ``rfc8785`` only.

Checked twice: statically (every import statement of every module, parsed with
``ast``), and by running the verifier in an isolated interpreter that can see nothing
but the standard library, a copy of ``verify/`` and the two allowed packages.
"""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import cryptography
import pytest
import rfc8785

ROOT = Path(__file__).parents[2]
VERIFY = ROOT / "verify"
VECTORS = ROOT / "tests" / "vectors" / "exports"
ALLOWED = {"cryptography", "rfc8785", "verify", "__future__"}
FORBIDDEN = {"ledger", "domain", "projections", "api"}


def imported_names(path: Path) -> set[str]:
    """Top-level names of every absolute import in a module."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


MODULES = sorted(VERIFY.glob("*.py"))


@pytest.mark.parametrize("module", MODULES, ids=[m.name for m in MODULES])
def test_no_verify_module_imports_server_code(module: Path) -> None:
    assert not imported_names(module) & FORBIDDEN


@pytest.mark.parametrize("module", MODULES, ids=[m.name for m in MODULES])
def test_verify_modules_import_only_the_stdlib_cryptography_and_rfc8785(module: Path) -> None:
    outside = imported_names(module) - ALLOWED - set(sys.stdlib_module_names)
    assert not outside


def _isolated_tree(tmp_path: Path) -> Path:
    """A directory with a copy of verify/ and links to the allowed installed packages."""
    tree = tmp_path / "path"
    shutil.copytree(VERIFY, tree / "verify", ignore=shutil.ignore_patterns("__pycache__"))
    site = Path(cryptography.__file__).parents[1]
    wanted = ["cryptography", "cffi", Path(rfc8785.__file__).parent.name]
    links = [site / name for name in wanted] + list(site.glob("_cffi_backend*"))
    for target in links:
        if target.exists():
            (tree / target.name).symlink_to(target)
    return tree


CHILD = """
import sys
sys.path.insert(0, {tree!r})
import verify._parallel
verify._parallel.CHUNK_SIZE = 3  # so that worker processes run too
from verify.cli import main
status = main(["export", {export!r}, "--vkey", {vkey!r}, "--jobs", "2"])
forbidden = sorted(m for m in sys.modules if m.split(".")[0] in {forbidden!r})
strays = sorted(
    m.__name__ for m in list(sys.modules.values())
    if getattr(m, "__file__", None)
    and not m.__file__.startswith(({tree!r}, sys.base_prefix, sys.base_exec_prefix))
)
print("FORBIDDEN", forbidden, "STRAYS", strays)
sys.exit(status if not forbidden and not strays else 3)
"""


def test_the_verifier_runs_alone_in_an_isolated_interpreter(tmp_path: Path) -> None:
    tree = _isolated_tree(tmp_path)
    code = CHILD.format(
        tree=str(tree),
        export=str(VECTORS / "valid.jsonl"),
        vkey=(VECTORS / "vkey.txt").read_text(encoding="utf-8").strip(),
        forbidden=FORBIDDEN,
    )
    # -I: no environment, no user site, no script directory; -S: no site-packages.
    done = subprocess.run(
        [sys.executable, "-I", "-S", "-c", code],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "有效 VALID" in done.stdout
    assert "FORBIDDEN [] STRAYS []" in done.stdout
