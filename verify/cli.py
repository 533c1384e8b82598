"""``gongkai-verify``: check Gongkai ledger material offline, trusting only a key.

Exit status: 0 valid, 1 invalid (the first failed check is named), 2 unreadable or
malformed input. Depends on the standard library, ``cryptography`` and ``rfc8785``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from verify._monitor_cli import add_monitor_command, monitor_command
from verify.bundle import verify_bundle
from verify.cosignature import WitnessPolicy
from verify.document import sha256_of_file, verify_document
from verify.entry import Entry
from verify.errors import InputError, VerificationError
from verify.export import verify_export
from verify.note import Vkey
from verify.proofs import verify_consistency_files

EXIT_VALID, EXIT_INVALID, EXIT_MALFORMED = 0, 1, 2
ERASED_TYPE = "PersonalData.Erased"  # crypto-shredded after retention (PIPL Art. 47)


def load_vkey(value: str) -> Vkey:
    """A verifier key given as text or as the path of a file holding it."""
    path = Path(value)
    text = path.read_text(encoding="utf-8").strip() if path.is_file() else value.strip()
    return Vkey.from_text(text)


def _cmd_export(args: argparse.Namespace) -> dict[str, Any]:
    def progress(count: int) -> None:
        if not args.json:
            print(f"  … {count} entries verified", file=sys.stderr)

    erased: list[str] = []

    def observe(_: int, entry: Entry) -> None:
        if entry.type == ERASED_TYPE:
            erased.append(str(entry.data.get("number") or entry.data.get("record")))

    report = verify_export(
        Path(args.file), load_vkey(args.vkey), progress, jobs=args.jobs, observe=observe
    )
    result = report.to_json() | {"erased_records": erased}
    result["lines"] = [
        f"有效 VALID — 日志 log {report.origin}",
        f"条目 entries: {report.entries}   流 streams: {report.streams}",
        f"检查点 checkpoint: size {report.checkpoint.size}, "
        f"root {report.checkpoint.root_hash.hex()}",
        "签名、密钥登记、哈希链与默克尔根均已核验 "
        "(signatures, key registry, stream chains and Merkle root verified)",
    ] + [f"警告 warning: {w}" for w in report.warnings]
    if erased:
        result["lines"].append(
            f"个人信息已删除 erased (PIPL Art. 47): {len(erased)} records "
            f"({', '.join(erased[:5])}{' …' if len(erased) > 5 else ''}); "
            "their sealed values are gone, their commitments still verify"
        )
    result["notes"] = [report.note]
    return result


def _cmd_consistency(args: argparse.Namespace) -> dict[str, Any]:
    old, new = verify_consistency_files(
        Path(args.old), Path(args.new), Path(args.proof), load_vkey(args.vkey)
    )
    return {
        "notes": [Path(args.new).read_text(encoding="utf-8")],
        "valid": True,
        "first": old.size,
        "second": new.size,
        "lines": [
            f"一致 CONSISTENT — 日志 log {new.origin}",
            f"树 tree {old.size} → {new.size}: 只增未改 the log only grew; "
            "nothing recorded before was altered or removed",
        ],
    }


def _cmd_monitor(args: argparse.Namespace) -> dict[str, Any]:
    return monitor_command(args, load_vkey(args.vkey), _witness_policy(args))


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="gongkai-verify",
        description="Verify Gongkai ledger material offline, trusting only the "
        "agency's verifier key (VKEY: the signed-note key text, or a file holding it).",
        epilog="Exit status: 0 valid, 1 invalid, 2 unreadable or malformed input.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    exp = commands.add_parser("export", help="verify a full ledger export (JSON Lines)")
    exp.add_argument("file")
    _add_jobs(exp)
    exp.set_defaults(run=_cmd_export)
    con = commands.add_parser(
        "consistency", help="prove that a newer checkpoint extends an older one"
    )
    con.add_argument("old", metavar="OLD_CHECKPOINT")
    con.add_argument("new", metavar="NEW_CHECKPOINT")
    con.add_argument("--proof", required=True, help="consistency proof JSON file")
    con.set_defaults(run=_cmd_consistency)
    bun = _add_bundle(commands)
    for sub in (exp, con, bun):
        sub.add_argument("--vkey", required=True, help="verifier key text or file")
        sub.add_argument("--json", action="store_true", help="print one JSON object")
    doc = _add_document_command(commands)
    for sub in (exp, con, bun, doc):
        _add_witness_policy(sub)
    _add_witness_policy(add_monitor_command(commands, _add_jobs, _cmd_monitor))
    return parser


# -- gongkai-verify bundle (evidence bundles; verify/bundle.py) ----------------------
def _cmd_bundle(args: argparse.Namespace) -> dict[str, Any]:
    report = verify_bundle(Path(args.file), load_vkey(args.vkey))
    result = report.to_json()
    result["lines"] = [
        f"有效 VALID — 证据包 evidence bundle of log {report.origin}",
        f"范围 selection: {report.selection}   打包日期 bagged: {report.bagging_date}",
        f"条目 entries: {report.entries} in {len(report.streams)} stream(s)   "
        f"密钥登记条目 key registry entries: {report.keyring}",
        f"检查点 checkpoint: size {report.checkpoint.size}, "
        f"root {report.checkpoint.root_hash.hex()}",
        f"披露字段 disclosed fields: {report.disclosed}, 均与承诺一致 (all open their commitments)",
        f"内容文件 content files: {len(report.content)} 与哈希一致 (match their SHA-256), "
        f"未附 not included: {len(report.content_missing)}",
        "包清单、日志密钥签名、检查点、包含证明、密钥登记、签名与哈希链均已核验 "
        "(bag manifests, log-key signature, checkpoint, inclusion proofs, key registry, "
        "signatures and stream chains verified)",
    ] + [f"未附内容 content not included: {h}" for h in report.content_missing]
    result["notes"] = [report.note]
    return result


def _add_bundle(commands: Any) -> argparse.ArgumentParser:
    bun: argparse.ArgumentParser = commands.add_parser(
        "bundle", help="verify an evidence bundle (BagIt zip) made by `gongkai bundle`"
    )
    bun.add_argument("file", metavar="FILE.zip")
    bun.set_defaults(run=_cmd_bundle)
    return bun


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    command: Callable[[argparse.Namespace], dict[str, Any]] = args.run
    try:
        result = command(args)
        witnessed = _witnessed(args, result.pop("notes", []))
    except VerificationError as exc:
        return _fail(args, EXIT_INVALID, "无效 INVALID", exc.code, exc.message, exc.evidence)
    except InputError as exc:
        return _fail(args, EXIT_MALFORMED, "无法读取 UNREADABLE", exc.code, exc.message, {})
    except (OSError, UnicodeDecodeError) as exc:
        return _fail(args, EXIT_MALFORMED, "无法读取 UNREADABLE", "MALFORMED_INPUT", str(exc), {})
    lines = result.pop("lines") + witnessed
    status = int(result.pop("exit_status", EXIT_VALID))
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
    else:
        print("\n".join(lines))
    return status


def _fail(
    args: argparse.Namespace,
    status: int,
    label: str,
    code: str,
    message: str,
    evidence: dict[str, object],
) -> int:
    if args.json:
        print(
            json.dumps(
                {
                    "valid": False,
                    "code": code,
                    "message": message,
                    "evidence": {k: str(v) for k, v in evidence.items()},
                },
                ensure_ascii=False,
            )
        )
    else:
        print(f"{label}: {code}: {message}")
    return status


# ---- export --jobs and the document command (parallel export checks; document lookup) ----


def _jobs(text: str) -> int:
    try:
        jobs = int(text)
    except ValueError:
        jobs = 0
    if jobs < 1:
        raise argparse.ArgumentTypeError(f"--jobs needs a positive integer, not {text!r}")
    return jobs


def _add_jobs(sub: argparse.ArgumentParser) -> None:
    sub.add_argument(
        "--jobs",
        type=_jobs,
        default=os.cpu_count() or 1,
        metavar="N",
        help="processes checking signatures (default: the number of CPUs; 1: no workers)",
    )


def _add_document_command(commands: Any) -> argparse.ArgumentParser:
    doc: argparse.ArgumentParser = commands.add_parser(
        "document",
        help="was this exact file published, by whom, is it current, corrected or withdrawn?",
        epilog="Exit status: 0 the file is cited by the verified log, 1 not found or "
        "invalid, 2 unreadable or malformed input.",
    )
    doc.add_argument("file", help="the document file (its SHA-256 is looked up)")
    doc.add_argument(
        "--ledger", required=True, metavar="URL_OR_EXPORT", help="server URL or export file"
    )
    doc.add_argument("--vkey", required=True, help="verifier key text or file")
    doc.add_argument("--json", action="store_true", help="print one JSON object")
    doc.add_argument("--timeout", type=float, default=10.0, help="seconds per HTTP request")
    _add_jobs(doc)
    doc.set_defaults(run=_cmd_document)
    return doc


def _cmd_document(args: argparse.Namespace) -> dict[str, Any]:
    vkey = load_vkey(args.vkey)
    sha256 = sha256_of_file(Path(args.file))
    report = verify_document(sha256, args.ledger, vkey, jobs=args.jobs, timeout=args.timeout)
    result = report.to_json()
    result["lines"] = report.lines()
    result["exit_status"] = EXIT_VALID if report.found else EXIT_INVALID
    result["notes"] = [report.note]
    return result


# ---- witness policy (verify/cosignature.py): --witness VKEY … --quorum K ----------------


def _add_witness_policy(sub: argparse.ArgumentParser) -> None:
    sub.add_argument(
        "--witness",
        action="append",
        default=[],
        metavar="VKEY",
        help="a trusted witness's verifier key, text or file (repeatable)",
    )
    sub.add_argument(
        "--quorum",
        type=_jobs,
        metavar="K",
        help="valid cosignatures required from those witnesses (default: all of them)",
    )


def _witnessed(args: argparse.Namespace, notes: list[str]) -> list[str]:
    """Refuse checkpoints without the quorum's cosignatures; the lines saying who
    cosigned. Raises QuorumNotMet (exit 1) or InputError (bad keys, exit 2)."""
    if not args.witness:
        if args.quorum:
            raise InputError("--quorum needs --witness keys")
        return []
    keys = [_key_text(value) for value in args.witness]
    policy = WitnessPolicy.from_texts(keys, args.quorum)
    lines = []
    for note in notes:
        cosigners = policy.check(note)
        lines.append(
            f"见证 witnessed: {len(cosigners)} of {len(policy.witnesses)} trusted witnesses "
            f"cosigned (quorum {policy.quorum}): {', '.join(sorted(cosigners))}"
        )
    return lines


def _witness_policy(args: argparse.Namespace) -> WitnessPolicy | None:
    """The ``--witness``/``--quorum`` policy, or None without witness keys."""
    if not args.witness:
        if args.quorum:
            raise InputError("--quorum needs --witness keys")
        return None
    return WitnessPolicy.from_texts([_key_text(value) for value in args.witness], args.quorum)


def _key_text(value: str) -> str:
    path = Path(value)
    return path.read_text(encoding="utf-8").strip() if path.is_file() else value.strip()


if __name__ == "__main__":
    sys.exit(main())
