"""The annual report as a printable HTML page (A4), laid out as the template of
国办公开办函〔2021〕30号, citing the signed checkpoint the figures were computed at."""

from __future__ import annotations

from typing import Any

from jinja2 import Environment, StrictUndefined

from api.views.inspection import ReportView
from domain.disclosure_request.outcomes import OUTCOMES
from domain.reporting import tables as layout
from domain.reporting.annual_report import YearReport

_NO_COMPLAINTS = {"filed": 0, "answered": 0, "answered_late": 0, "open": 0}
_ENV = Environment(autoescape=True, undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)

_TEMPLATE = _ENV.from_string(
    """<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8">
<title>{{ year }}年政府信息公开工作年度报告{{ "" if whole else "（统计表）" }}</title>
<style>
 @page { size: A4; margin: 18mm 15mm; }
 body { font-family: "SimSun", "Songti SC", "Noto Serif CJK SC", serif; font-size: 10.5pt;
        color: #000; max-width: 190mm; margin: 0 auto; }
 h1 { font-size: 16pt; text-align: center; } h2 { font-size: 12pt; margin-top: 1.4em; }
 table { border-collapse: collapse; width: 100%; page-break-inside: avoid; }
 th, td { border: 1px solid #000; padding: 2px 4px; } td.n { text-align: right; width: 9%; }
 th { font-weight: normal; background: #f2f2f2; }
 .fail { color: #b00; font-weight: bold; } .ok { color: #060; }
 table.t4 td.n { width: auto; }
 pre { font-size: 8pt; white-space: pre-wrap; word-break: break-all; border: 1px solid #999;
       padding: 4px; }
 footer, .notes { font-size: 9pt; } @media print { a { color: #000; text-decoration: none; } }
</style></head><body>
<h1>{{ year }}年政府信息公开工作年度报告{% if not whole %}<br>（统计表）{% endif %}</h1>
<p>日志 {{ origin }}；统计截至账本第 {{ position }} 条记录（签名检查点 tree size {{ position }}）。
报告 SHA-256：<code>{{ sha256 }}</code></p>
{% macro narrative(n) %}{% for s in narratives if s.section == n %}<h2>{{ s.title }}</h2>
{% if s.text %}{% for line in s.text.splitlines() if line.strip() %}<p>{{ line }}</p>{% endfor %}
<p class="notes">{{ '审定：' ~ s.approved_by if s.approved_by else '草稿，尚未审定' }}；
SHA-256 <code>{{ s.text_sha256 }}</code></p>{% else %}<p class="fail">尚未起草</p>{% endif %}
{% endfor %}{% endmacro %}
{% if whole %}{{ narrative(1) }}{% endif %}
{% if 2 in shown %}<h2>二、{{ t2.title }}</h2>
{% for group in t2_groups %}
<table><tr><th colspan="{{ group.columns|length + 1 }}">{{ group.article }}</th></tr>
<tr><th>信息内容</th>{% for c in group.columns %}<th>{{ c }}</th>{% endfor %}</tr>
{% for row in group.rows %}<tr><td>{{ row.label }}</td>
{% for v in row.values %}<td class="n">{{ "" if v is none else v }}</td>{% endfor %}</tr>
{% endfor %}</table><br>
{% endfor %}{% endif %}
{% if 3 in shown %}<h2>三、{{ t3.title }}</h2>
<table>
<tr><th colspan="3" rowspan="2">（本列数据的勾稽关系为：第一项加第二项之和，
等于第三项加第四项之和）</th>
<th colspan="7">申请人情况</th></tr>
<tr><th rowspan="2">自然人</th><th colspan="5">法人或其他组织</th><th rowspan="2">总计</th></tr>
<tr><th colspan="3"></th>{% for c in t3.columns[1:6] %}<th>{{ c }}</th>{% endfor %}</tr>
{% for row in t3_rows %}<tr>
{% if row.head %}<td rowspan="{{ row.head }}">{{ results_heading }}</td>{% endif %}
{% if row.group_span %}<td rowspan="{{ row.group_span }}">{{ row.group }}</td>{% endif %}
<td{% if row.span > 1 %} colspan="{{ row.span }}"{% endif %}>{{ row.text }}</td>
{% for v in row.cells %}<td class="n">{{ v }}</td>{% endfor %}</tr>
{% endfor %}</table>{% endif %}
{% if 4 in shown %}<h2>四、{{ t4.title }}</h2>
<table class="t4"><tr><th colspan="5">行政复议</th><th colspan="10">行政诉讼</th></tr>
<tr><th rowspan="2">{{ t4.columns[0] }}</th><th rowspan="2">{{ t4.columns[1] }}</th>
<th rowspan="2">{{ t4.columns[2] }}</th><th rowspan="2">{{ t4.columns[3] }}</th>
<th rowspan="2">{{ t4.columns[4] }}</th>
<th colspan="5">未经复议直接起诉</th><th colspan="5">复议后起诉</th></tr>
<tr>{% for _ in range(2) %}{% for c in t4.columns %}<th>{{ c }}</th>{% endfor %}{% endfor %}</tr>
<tr>{% for row in t4.rows %}{% for v in row.values %}<td class="n">{{ v }}</td>{% endfor %}
{% endfor %}</tr></table>{% endif %}
{% if whole %}{{ narrative(5) }}{{ narrative(6) }}
<p>本年收取信息处理费 {{ fees_yuan }} 元。收到投诉、举报 {{ complaints.filed }} 件，已答复
{{ complaints.answered }} 件（逾期答复 {{ complaints.answered_late }} 件），
未答复 {{ complaints.open }} 件。</p>
{% endif %}
<h2>勾稽关系校验</h2>
<p class="{{ 'ok' if checks_hold else 'fail' }}">{{ '全部校验通过' if checks_hold
  else '校验未通过：本报告不得发布' }}（{{ checks|length }} 项）</p>
{% if not checks_hold %}<ul>{% for c in checks if not c.holds %}
<li class="fail">{{ c.name }} [{{ c.column }}]: {{ c.left }} ≠ {{ c.right }}</li>
{% endfor %}</ul>{% endif %}
<div class="notes"><h2>说明</h2><ol>
<li>表三按申请的法定收到日期（条例第三十一条）计入“本年新收”；网络、传真申请未经双方确认收到的
（截至统计时共 {{ unconfirmed }} 件）不计入。办结日期在本年的按办理结果计入，申请人撤回申请的计入
“（六）其他处理 3.其他”。</li>
<li>表四按案件在本年办理的情况统计：本年审结的按结果计入；年末尚未审结的计入“尚未审结”（跨年案件在
审结年度按结果再计一次）。</li>
<li>表二中行政许可、行政处罚、行政强制的“本年处理决定数量”和行政事业性收费的“本年收费金额”
是各责任单位报送、由本机关在账本中签名记录的统计数（同一单位以最后一次记录为准），空白表示尚未报送。
本年收取政府信息公开信息处理费 {{ fees_yuan }} 元（条例第四十二条、国办函〔2020〕109号），
在“其他需要报告的事项”中报告。</li>
</ol></div>
<footer><h2>检查点</h2>
{% if note %}<p>本报告数字由以下签名检查点（根哈希 <code>{{ root }}</code>）
所覆盖的账本记录计算得出，
任何人可用公布的验证公钥核验：</p><pre>{{ note }}</pre>
{% else %}<p class="fail">无可引用的签名检查点。</p>{% endif %}
{% if published %}<p>发布记录：{% for p in published %}账本第 {{ p.index }} 条
（{{ p.published_on }}，
SHA-256 {{ p.report_sha256[:16] }}…）{% endfor %}；{{ '与本页数字一致' if matches_published
  else '本页数字与最近一次发布的报告不同（发布后又有补录或更正）' }}。</p>{% endif %}
</footer></body></html>
"""
)


def _t2_groups(report: YearReport) -> list[dict[str, Any]]:
    groups: list[dict[str, Any]] = []
    for row in report.table2.rows:
        if groups and groups[-1]["columns"] == row.columns and groups[-1]["article"] == row.article:
            groups[-1]["rows"].append(row)
        else:
            groups.append({"article": row.article, "columns": row.columns, "rows": [row]})
    return groups


def _t3_rows(report: YearReport) -> list[dict[str, Any]]:
    """Table 3 rows with the template's merged cells: the 三 heading over every result
    row, each outcome group over its numbered rows."""
    group_sizes: dict[str, int] = {}
    for outcome in OUTCOMES:
        group, _, sub = outcome.row.partition(" ")
        if sub:
            group_sizes[group] = group_sizes.get(group, 0) + 1
    result_rows = len(OUTCOMES) + 1
    rows, seen = [], set()
    for row in report.table3.rows:
        group, _, sub = row.label.partition(" ")
        entry: dict[str, Any] = {"cells": row.values, "head": 0, "group_span": 0}
        if row.label in (layout.RECEIVED, layout.CARRIED_IN, layout.CARRIED_OUT):
            entry.update(text=row.label, span=3)
        elif sub:
            if group not in seen:
                seen.add(group)
                entry.update(group=group, group_span=group_sizes[group])
            entry.update(text=sub, span=1)
        else:
            entry.update(text=row.label, span=2)
        if row.key == OUTCOMES[0].code:
            entry["head"] = result_rows
        rows.append(entry)
    return rows


def render(view: ReportView, table: int | None = None) -> str:
    """The page; ``table`` shows only that table (the cross-checks always)."""
    report = view.report
    checks = report.cross_checks()
    return _TEMPLATE.render(
        year=report.year,
        shown=(2, 3, 4) if table is None else (table,),
        whole=table is None,
        narratives=view.sections.get("narratives", []),
        complaints=view.sections.get("section6", {}).get("complaints", _NO_COMPLAINTS),
        origin=view.origin,
        position=view.position,
        sha256=report.sha256,
        t2=report.table2,
        t2_groups=_t2_groups(report),
        t3=report.table3,
        t3_rows=_t3_rows(report),
        results_heading=layout.RESULTS,
        t4=report.table4,
        checks=checks,
        checks_hold=all(c.holds for c in checks),
        unconfirmed=report.unconfirmed,
        fees_yuan=f"{report.fees_fen // 100}.{report.fees_fen % 100:02d}",
        note=view.checkpoint_note,
        root=view.root_hash,
        published=view.publications,
        matches_published=view.matches_published,
    )
