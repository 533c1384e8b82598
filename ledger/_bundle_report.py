"""The evidence bundle's pages for people: ``report.html`` and ``VERIFY.txt``.

The report is one self-contained HTML page (inline CSS, no scripts, no external
resources), Chinese first with English labels, made to be printed: a timeline of who
did what, when (Beijing time), on what legal basis, each step with its leaf hash. It is
a rendering of the signed entries beside it, never evidence of its own.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from html import escape
from typing import Any

from verify.bundle_format import CST, Selection, cited_hashes
from verify.entry import Entry, is_sealed
from verify.note import Checkpoint, SignedNote

# Event types in the words of the Regulation and of disclosure offices.
ACTIONS: Mapping[str, str] = {
    "Keyring.RootDeclared": "声明根密钥",
    "Keyring.KeyRegistered": "登记签名密钥",
    "Keyring.KeyRevoked": "吊销签名密钥",
    "Agency.Registered": "登记行政机关",
    "Agency.UnitAdded": "增设内设机构",
    "Agency.GuidePublished": "发布政府信息公开指南",
    "Complaint.Filed": "收到投诉、举报",
    "Complaint.Answered": "答复投诉、举报",
    "Topic.Proposed": "收到点题",
    "Topic.Moderated": "点题审核",
    "Topic.Answered": "点题答复",
    "Officer.Appointed": "任命工作人员",
    "Officer.RolesChanged": "变更工作职责",
    "Officer.Left": "工作人员离岗",
    "Officer.AttemptRefused": "操作被规则拒绝",
    "InformationItem.Drafted": "拟制政府信息",
    "InformationItem.AttributeReviewed": "公开属性审核",
    "InformationItem.SecrecyReviewed": "保密审查",
    "InformationItem.Approved": "发布审核批准",
    "InformationItem.Published": "发布",
    "InformationItem.Corrected": "更正",
    "InformationItem.Withdrawn": "撤回",
    "InformationItem.NonDisclosureFiled": "不予公开备案",
    "InformationItem.ClarificationPublished": "发布澄清说明",
    "DisclosureRequest.Received": "收到公开申请",
    "DisclosureRequest.ReceiptConfirmed": "确认收到申请",
    "DisclosureRequest.SupplementRequested": "告知补正",
    "DisclosureRequest.Supplemented": "申请人补正",
    "DisclosureRequest.DeemedAbandoned": "视为放弃申请",
    "DisclosureRequest.ConsultationStarted": "征求第三方或其他机关意见",
    "DisclosureRequest.ConsultationEnded": "征求意见结束",
    "DisclosureRequest.Extended": "延长答复期限",
    "DisclosureRequest.FeeNoticed": "发出收费通知",
    "DisclosureRequest.FeePaid": "申请人缴费",
    "DisclosureRequest.DeemedWithdrawn": "视为撤回申请",
    "DisclosureRequest.Answered": "作出答复",
    "DisclosureRequest.WithdrawnByApplicant": "申请人撤回申请",
    "DisclosureRequest.ReconsiderationFiled": "申请行政复议",
    "DisclosureRequest.ReconsiderationDecided": "行政复议决定",
    "DisclosureRequest.LawsuitFiled": "提起行政诉讼",
    "DisclosureRequest.LawsuitDecided": "行政诉讼裁判",
    "DisclosureRequest.DeadlineRecomputed": "重新计算期限",
    "DisclosureRequest.Reanswered": "重新答复",
    "DisclosureRequest.LetterIssued": "送达告知书",
    "Calendar.YearRecorded": "记录年度工作日历",
    "AnnualReport.Published": "发布年度报告",
    "ReportNarrative.NarrativeDrafted": "起草年度报告文字部分",
    "ReportNarrative.NarrativeApproved": "审定年度报告文字部分",
}
BASIS_FIELDS: Mapping[str, str] = {
    "legal_basis": "法律依据",
    "basis": "依据",
    "attribute_basis": "公开属性依据",
    "ground": "情形",
    "reason": "理由",
    "reasons": "答复理由",
    "withdrawal_reason": "撤回理由",
    "justification": "正当理由",
    "outcome": "答复结果",
}
_CSS = """
@page { size: A4; margin: 14mm 12mm; }
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC",
  "Microsoft YaHei", "SimSun", sans-serif; font-size: 10.5pt; line-height: 1.45;
  color: #111; margin: 24px auto; max-width: 1100px; }
h1 { font-size: 18pt; border-bottom: 2px solid #222; padding-bottom: 4px; }
h2 { font-size: 13pt; margin-top: 22px; break-after: avoid; page-break-after: avoid; }
.en { color: #555; font-size: 0.82em; font-weight: normal; }
table { border-collapse: collapse; width: 100%; margin-top: 6px; }
th, td { border: 1px solid #999; padding: 4px 6px; text-align: left; vertical-align: top; }
th { background: #eee; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
table.meta th { width: 22%; }
.mono { font-family: "DejaVu Sans Mono", "Consolas", monospace; font-size: 8pt;
  word-break: break-all; overflow-wrap: anywhere; }
.detail { font-size: 8.5pt; color: #333; margin-top: 2px; }
.sealed { color: #8a5a00; } .disclosed { color: #05603a; font-weight: bold; }
.nowrap { white-space: nowrap; }
pre.mono { white-space: pre-wrap; font-size: 9pt; }
.note { font-size: 9pt; color: #333; border-top: 1px solid #999; margin-top: 20px; }
@media print { body { margin: 0; max-width: none; font-size: 9.5pt; } }
"""


@dataclass(frozen=True)
class ReportInput:
    """Everything the report and VERIFY.txt show, gathered by ``ledger.bundle``."""

    origin: str
    organization: str
    selection: str
    checkpoint_note: str
    vkey: str
    at: datetime
    entries: Sequence[tuple[int, Entry, str]]
    keyring: Sequence[tuple[int, Entry]]
    disclosed: Mapping[tuple[str, str], Any]
    unavailable: Sequence[str]
    content: Mapping[str, int]
    missing: Sequence[str]
    filename: str

    def checkpoint(self) -> Checkpoint:
        return Checkpoint.from_body(SignedNote.from_text(self.checkpoint_note).body)


def beijing(at: str | datetime) -> str:
    """A timestamp as Beijing time, ``YYYY-MM-DD HH:MM:SS``. Raises ValueError if malformed."""
    if isinstance(at, str):
        at = datetime.strptime(at, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)
    return (at.astimezone(UTC) + CST).strftime("%Y-%m-%d %H:%M:%S")


def describe_selection(text: str) -> str:
    """The selection in Chinese. Raises InputError if ``text`` is no selection."""
    selection = Selection.from_text(text)
    if selection.kind == "request":
        return f"政府信息公开申请 编号 {selection.value}"
    if selection.kind == "stream":
        return f"记录流 {selection.value} 的全部记录"
    return f"工作人员 {selection.value} 自 {selection.start} 至 {selection.end} 的全部操作"


def render_report(report: ReportInput) -> str:
    """The printable timeline page (HTML, UTF-8, self-contained). Raises nothing."""
    title = f"政府信息公开电子证据包 — {describe_selection(report.selection)}"
    parts = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN"><head><meta charset="utf-8">',
        f"<title>{escape(title)}</title><style>{_CSS}</style></head><body>",
        f'<h1>{escape(title)}<br><span class="en">Evidence bundle — {escape(report.selection)}'
        "</span></h1>",
        _summary(report),
        _h2("办理经过", "Timeline (times are Beijing time, UTC+8)"),
        _timeline(report),
        _content_section(report),
        _keyring_section(report),
        _h2("核验方法", "How to verify"),
        f'<pre class="mono">{escape(verify_command(report))}</pre>',
        '<p class="note">说明：本页由证据包内经数字签名的记录自动生成，仅供阅读；'
        "记录的真实性与完整性以 gongkai-verify 的核验结果为准。<br>"
        '<span class="en">This page is rendered from the '
        "signed entries in this bundle for reading only; gongkai-verify decides whether they "
        "are authentic and complete.</span></p>",
        "</body></html>",
    ]
    return "\n".join(parts) + "\n"


def _h2(zh: str, en: str) -> str:
    return f'<h2>{zh} <span class="en">{escape(en)}</span></h2>'


def _row(zh: str, en: str, value: str, mono: bool = False) -> str:
    cls = ' class="mono"' if mono else ""
    return f'<tr><th>{zh}<br><span class="en">{en}</span></th><td{cls}>{value}</td></tr>'


def _summary(report: ReportInput) -> str:
    checkpoint = report.checkpoint()
    return "".join(
        [
            '<table class="meta">',
            _row("机关", "Agency", escape(report.organization)),
            _row("日志", "Log", escape(report.origin)),
            _row("选择范围", "Selection", escape(describe_selection(report.selection))),
            _row("记录条数", "Entries", f"{len(report.entries)} 条"),
            _row("检查点", "Checkpoint", f"树大小 tree size {checkpoint.size}"),
            _row("根哈希", "Root hash", checkpoint.root_hash.hex(), mono=True),
            _row("验证公钥", "Verifier key", escape(report.vkey), mono=True),
            _row("生成时间", "Created", f"{beijing(report.at)}（北京时间）"),
            "</table>",
        ]
    )


def _timeline(report: ReportInput) -> str:
    head = "".join(
        f'<th style="width:{w}">{zh}<br><span class="en">{en}</span></th>'
        for zh, en, w in (
            ("序号", "No.", "6%"),
            ("位置", "Log index", "6%"),
            ("时间", "Time", "11%"),
            ("操作", "Action", "24%"),
            ("经办人", "Officer", "11%"),
            ("依据", "Basis", "19%"),
            ("记录哈希", "Leaf hash", "23%"),
        )
    )
    rows = [
        f"<tr><td>{n}</td><td>{index}</td>"
        f'<td class="nowrap">{beijing(entry.at).replace(" ", "<br>")}</td>'
        f"<td>{_action(entry)}{_details(report, entry, leaf)}</td>"
        f'<td>{escape(entry.actor)}<div class="detail mono">key {escape(entry.key)}</div></td>'
        f'<td>{_basis(entry)}</td><td class="mono">{leaf}</td></tr>'
        for n, (index, entry, leaf) in enumerate(report.entries, start=1)
    ]
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def _action(entry: Entry) -> str:
    label = ACTIONS.get(entry.type, entry.type)
    return f'{escape(label)}<div class="en">{escape(entry.type)} · seq {entry.seq}</div>'


def _basis(entry: Entry) -> str:
    lines = [
        f"{label}：{_scalar(entry.data[name])}"
        for name, label in BASIS_FIELDS.items()
        if entry.data.get(name) not in (None, "")
    ]
    return "<br>".join(lines) or '<span class="en">—</span>'


def _details(report: ReportInput, entry: Entry, leaf: str) -> str:
    items = []
    for name, value in entry.data.items():
        if name in BASIS_FIELDS or value in (None, "", []):
            continue
        if is_sealed(value):
            opened = report.disclosed.get((leaf, f"data.{name}"))
            if opened is not None:
                shown = f'<span class="disclosed">〔已披露 disclosed〕{_scalar(opened)}</span>'
            elif f"{leaf} data.{name}" in report.unavailable:
                shown = '<span class="sealed">〔已删除 erased: retention ended〕</span>'
            else:
                shown = '<span class="sealed">〔已密封 sealed〕</span>'
        elif list(cited_hashes({name: value})):
            shown = ", ".join(h[:12] + "…" for h in cited_hashes({name: value}))
        else:
            shown = _scalar(value)
        items.append(f"{escape(name)}: {shown}")
    return f'<div class="detail">{"<br>".join(items)}</div>' if items else ""


def _scalar(value: Any) -> str:
    if isinstance(value, dict):
        text = "；".join(f"{k}：{_plain(v)}" for k, v in value.items())
    else:
        text = _plain(value)
    return escape(text if len(text) <= 160 else text[:160] + "…")


def _plain(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def _content_section(report: ReportInput) -> str:
    if not report.content and not report.missing:
        return ""
    rows = [
        f'<tr><td class="mono">{h}</td><td>{size:,} 字节 bytes</td><td>附 included</td></tr>'
        for h, size in sorted(report.content.items())
    ] + [
        f'<tr><td class="mono">{h}</td><td>—</td><td>未附 not included</td></tr>'
        for h in report.missing
    ]
    head = "<tr><th>SHA-256</th><th>大小 Size</th><th>状态 Status</th></tr>"
    return _h2("内容文件", "Content files (data/content/<sha256>)") + (
        f"<table><thead>{head}</thead><tbody>{''.join(rows)}</tbody></table>"
    )


def _keyring_section(report: ReportInput) -> str:
    rows = []
    for index, entry in report.keyring:
        data = entry.data
        roles = "、".join(data.get("roles") or []) if isinstance(data.get("roles"), list) else ""
        rows.append(
            f"<tr><td>{index}</td><td>{beijing(entry.at)}</td><td>{_action(entry)}</td>"
            f'<td class="mono">{escape(str(data.get("key_id", "")))}</td>'
            f"<td>{escape(str(data.get('holder', entry.actor)))}</td><td>{escape(roles)}</td></tr>"
        )
    head = "".join(f'<th>{zh}<br><span class="en">{en}</span></th>' for zh, en in _KEYRING_COLUMNS)
    return _h2("密钥登记", "Key registry entries the timeline depends on") + (
        f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


_KEYRING_COLUMNS = (
    ("日志位置", "Log index"),
    ("时间", "Time"),
    ("操作", "Action"),
    ("密钥", "Key id"),
    ("持有人", "Holder"),
    ("职责", "Roles"),
)


def verify_command(report: ReportInput) -> str:
    """The exact ``gongkai-verify bundle`` command line. Raises nothing."""
    return f"gongkai-verify bundle {report.filename} --vkey '{report.vkey}'"


def verify_text(report: ReportInput) -> str:
    """``VERIFY.txt``: the exact command and what it checks, in Chinese and English.

    Raises nothing.
    """
    checkpoint = report.checkpoint()
    return f"""政府信息公开电子证据包 — 核验说明
Gongkai evidence bundle — how to verify

选择范围 Selection: {report.selection}
日志 Log: {report.origin}
检查点 Checkpoint: tree size {checkpoint.size}, root {checkpoint.root_hash.hex()}

1. 从本机关的官方渠道（门户网站、政府公报、年度报告）取得日志验证公钥，并与下列公钥逐字核对：
   Obtain the log's verifier key from the agency's official channels (website,
   gazette, annual report) and check that it is exactly:
   {report.vkey}

2. 安装独立核验工具 gongkai-verify（只需 Python 3.11 及 cryptography、rfc8785 两个包）。
   Install the standalone verifier gongkai-verify (Python 3.11 with only the
   cryptography and rfc8785 packages).

3. 运行 Run:
   {verify_command(report)}

   退出码 0 且显示"有效 VALID"：核验通过。退出码 1：证据包被改动或无效（会指明哪一项检查失败）。
   退出码 2：文件无法读取或不是证据包。
   Exit status 0 and "VALID": verified. 1: the bundle was altered or is invalid (the
   failed check is named). 2: the file is unreadable or not a bundle.

核验内容 What is checked: the BagIt manifests and the log key's signature over the tag
manifest; the signed checkpoint; each entry's canonical form, inclusion proof,
signature and the key registry at its log position; the hash chains of each stream;
disclosed sealed fields against their commitments; content files against their SHA-256.
"""
