"""The platform's own pages: the index of its agencies, and the supervising office's
read-only console (``/supervise``, HTML; ``/supervise.json``), reached only with a
supervisor's bearer token (``gongkai agency supervisor-token``)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from html import escape
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response

from api.clock import now, today
from api.http.problems import problem
from api.platform.oversight import AgencyFigures, figures
from api.platform.registry import Agency, Registry
from api.platform.witness import witnessed_size
from api.services import Services
from api.witness.config import Witness

KIND_LABEL = {"department": "部门 department", "local-government": "地方政府 local government"}


def _page(title: str, body: str) -> HTMLResponse:
    html = (
        '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title></head><body><h1>{escape(title)}</h1>{body}</body></html>"
    )
    return HTMLResponse(html)


def index_page(agencies: list[Agency], witness_vkey: str) -> HTMLResponse:
    rows = "".join(
        f'<li><a href="/a/{a.slug}/">{escape(a.name)}</a> — {escape(KIND_LABEL[a.kind])}'
        f" — <code>{escape(a.origin)}</code>{' — 已撤销 retired' if a.retired else ''}</li>"
        for a in agencies
    )
    witness = (
        "<h2>平台见证 Platform witness</h2><p>本平台见证每个机构的日志检查点。"
        " The platform cosigns every agency's checkpoints; verify with"
        f" <code>--witness KEY --quorum 1</code>:</p><p><code>{escape(witness_vkey)}</code></p>"
        '<p><a href="/witness.json">witness.json</a></p>'
    )
    return _page("政务公开平台 Disclosure platform", f"<ul>{rows}</ul>{witness}")


def witness_summary(agencies: list[Agency], witness: Witness) -> dict[str, Any]:
    """The platform witness's verifier key and, per agency, the largest size of its log
    the witness has cosigned (from the witness's own state)."""
    logs = [
        {
            "slug": a.slug,
            "origin": a.origin,
            "registered": a.origin in witness.logs,
            "witnessed_size": witness.state.latest(a.origin).size,
        }
        for a in agencies
    ]
    return {"name": witness.key.name, "vkey": witness.key.to_text(), "logs": logs}


def supervisor_of(request: Request, registry: Registry) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token:
        return None
    return registry.supervisor(token.strip(), now())


def collect(
    agencies: list[Agency], services: Mapping[str, Services], on: date, witness: str
) -> list[AgencyFigures]:
    """Each agency's figures, from its own services only (``witness``: the name of the
    witness whose cosigned size is shown)."""
    result = []
    for agency in agencies:
        agency_services = services[agency.slug]
        agency_services.fresh(every_process=True)
        found = figures(agency_services, agency, on)
        found.witnessed_size = witnessed_size(witness, agency_services)
        result.append(found)
    return result


def summary_json(found: list[AgencyFigures], on: date) -> dict[str, Any]:
    agencies = [
        {
            "slug": f.agency.slug,
            "name": f.agency.name,
            "kind": f.agency.kind,
            "status": f.agency.status,
            "counts": f.counts(),
            "overdue": f.overdue,
            "at_risk": f.at_risk,
            "answered_late": f.answered_late,
            "late_publications": f.late_publications,
            "annual_report": f.report,
            "witnessed_size": f.witnessed_size,
        }
        for f in found
    ]
    total: dict[str, int] = {}
    for f in found:
        for name, count in f.counts().items():
            total[name] = total.get(name, 0) + count
    return {"on": on.isoformat(), "agencies": agencies, "total": total}


def _links(lines: list[dict[str, Any]], label: str) -> str:
    return "".join(
        f'<li>{escape(str(line.get(label)))}: <a href="{escape(line["entry"])}">条目 entry</a>'
        f' · <a href="{escape(line["proof"])}">证明 proof</a></li>'
        for line in lines
        if "entry" in line
    )


def console_html(summary: dict[str, Any]) -> HTMLResponse:
    heads = ("overdue", "at_risk", "answered_late", "late_publications", "report_missing_or_late")
    head = "".join(f"<th>{h}</th>" for h in ("agency", *heads))
    rows, details = [], []
    for a in summary["agencies"]:
        cells = "".join(f'<td><a href="#{a["slug"]}">{a["counts"][h]}</a></td>' for h in heads)
        rows.append(f"<tr><td>{escape(a['name'])}</td>{cells}</tr>")
        report = a["annual_report"]
        details.append(
            f'<section id="{a["slug"]}"><h2>{escape(a["name"])}</h2>'
            f"<h3>逾期 Overdue</h3><ul>{_links(a['overdue'], 'number')}</ul>"
            f"<h3>临期 At risk</h3><ul>{_links(a['at_risk'], 'number')}</ul>"
            f"<h3>超期答复 Answered late</h3><ul>{_links(a['answered_late'], 'number')}</ul>"
            f"<h3>逾期公开 Late publications</h3><ul>{_links(a['late_publications'], 'item')}</ul>"
            f"<p>年度报告 Annual report {report['year']}: {escape(report['status'])}"
            f" (due {report['due']})</p>"
            f"<p>平台见证 Witnessed up to size {a['witnessed_size']}</p></section>"
        )
    total = "".join(f"<td>{summary['total'].get(h, 0)}</td>" for h in heads)
    table = f"<table><tr>{head}</tr>{''.join(rows)}<tr><th>合计 Total</th>{total}</tr></table>"
    return _page(f"政务公开监督 Supervision — {summary['on']}", table + "".join(details))


async def supervise(
    request: Request,
    registry: Registry,
    services: Mapping[str, Services],
    witness: Witness,
    as_json: bool,
) -> Response:
    if supervisor_of(request, registry) is None:
        return problem("UNAUTHENTICATED", "a supervising office's bearer token is required")
    on = today()
    found = await run_in_threadpool(collect, registry.list(), services, on, witness.key.name)
    summary = summary_json(found, on)
    return JSONResponse(summary) if as_json else console_html(summary)
