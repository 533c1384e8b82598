"""Building the public feeds (Atom, JSON Feed 1.1) and the CSV
downloads, and caching them: a body is rebuilt only when the signed checkpoint has grown
(checked at most once a second), so serving one is a dictionary lookup."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import threading
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from api.pages import _labels, _queries
from api.services import Services
from projections import feed_queries as fq

FEED_LIMIT = 20
RECHECK_SECONDS = 1.0
_EPOCH = datetime(2000, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class FeedItem:
    """One feed entry: what happened, where to read it and how to check it."""

    id: str
    title: str
    url: str
    proof: str
    entry: str
    summary: str
    at: datetime


@dataclass(frozen=True)
class Built:
    body: bytes
    media_type: str
    etag: str


FEEDS = {
    "publications": ("新发布的政府信息", "New publications"),
    "changes": ("更正与撤回", "Corrections and withdrawals"),
    "register": ("依申请公开办理登记变动", "Request register changes"),
}
_KIND = {
    "published": "发布 Published",
    "corrected": "更正 Corrected",
    "withdrawn": "撤回 Withdrawn",
}


def _stamp(at: str) -> datetime:
    return datetime.fromisoformat(at.replace("Z", "+00:00"))


def _change_items(services: Services, base: str, changes: list[fq.Change]) -> list[FeedItem]:
    size = services.ledger.checkpoint_size()
    steps = {s.index: s for s in _queries.steps(services, [c.log_index for c in changes])}
    items = []
    for c in changes:
        step = steps.get(c.log_index)
        if step is None:  # not yet in a signed checkpoint: no proof to link to yet
            continue
        title = c.title or "（标题不公开 title withheld）"
        items.append(
            FeedItem(
                id=f"{base}/v1/entries/{c.log_index}",
                title=f"{_KIND[c.kind]}：{title}",
                url=f"{base}/items/{c.item_id}",
                proof=f"{base}/v1/proof/inclusion?index={c.log_index}&size={size}",
                entry=f"{base}/v1/entries/{c.log_index}",
                summary=(
                    f"{_labels.label(c.category, 'category')} · {c.doc_number or '—'} · {c.on}"
                    f" · SHA-256 {c.sha256} · 账本第 {c.log_index} 条 leaf {step.leaf_hash}"
                    f" · 核验 verify: {base}/verify?sha256={c.sha256}"
                ),
                at=_stamp(step.at),
            )
        )
    return items


def _register_items(services: Services, base: str) -> list[FeedItem]:
    with services.ledger.backend.transaction() as cur:
        rows = fq.register_changes(cur, limit=FEED_LIMIT)
    size = services.ledger.checkpoint_size()
    steps = {s.index: s for s in _queries.steps(services, [r.log_index for r in rows])}
    items = []
    for r in rows:
        step = steps.get(r.log_index)
        if step is None:
            continue
        status = _labels.label(r.status, "request_status")
        outcome = f" · {r.outcome_label or r.outcome}" if r.outcome else ""
        items.append(
            FeedItem(
                id=f"{base}/v1/entries/{r.log_index}",
                title=f"申请 {r.number}：{status}",
                url=f"{base}/requests?year={r.year}",
                proof=f"{base}/v1/proof/inclusion?index={r.log_index}&size={size}",
                entry=f"{base}/v1/entries/{r.log_index}",
                summary=f"收到 received {r.received_on} · 答复期限 due {r.answer_due or '—'}"
                f"{outcome} · 账本第 {r.log_index} 条 leaf {step.leaf_hash}",
                at=_stamp(step.at),
            )
        )
    return items


def feed_items(services: Services, base: str, name: str) -> list[FeedItem]:
    if name == "register":
        return _register_items(services, base)
    with services.ledger.backend.transaction() as cur:
        changes = (
            fq.publications(cur, limit=FEED_LIMIT)
            if name == "publications"
            else fq.corrections_and_withdrawals(cur, limit=FEED_LIMIT)
        )
    return _change_items(services, base, changes)


ATOM_NS = "http://www.w3.org/2005/Atom"


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM_NS}}}{tag}", attrs)
    element.text = text
    return element


def atom(services: Services, base: str, name: str) -> bytes:
    """RFC 4287 Atom, written with the standard library: feedgen 1.0.0 (the latest
    release) drops the ``rel`` and ``title`` of an entry's links, which would make the
    proof link look like a second alternate link."""
    zh, en = FEEDS[name]
    agency = _queries.site(services).agency
    items = feed_items(services, base, name)
    ET.register_namespace("", ATOM_NS)
    feed = ET.Element(f"{{{ATOM_NS}}}feed", {"xml:lang": "zh-CN"})
    _sub(feed, "id", f"{base}/feeds/{name}.atom")
    _sub(feed, "title", f"{agency} · {zh} {en}")
    _sub(feed, "updated", (items[0].at if items else _EPOCH).isoformat())
    _sub(_sub(feed, "author"), "name", agency)
    _sub(feed, "link", href=f"{base}/feeds/{name}.atom", rel="self")
    _sub(feed, "link", href=f"{base}/", rel="alternate", type="text/html")
    for item in items:
        entry = _sub(feed, "entry")
        _sub(entry, "id", item.id)
        _sub(entry, "title", item.title)
        _sub(entry, "updated", item.at.isoformat())
        _sub(entry, "link", href=item.url, rel="alternate", type="text/html")
        _sub(entry, "link", href=item.proof, rel="related", title="inclusion proof (RFC 9162)")
        _sub(entry, "link", href=item.entry, rel="via", title="signed ledger entry")
        _sub(entry, "summary", item.summary)
    ET.indent(feed)
    return bytes(ET.tostring(feed, encoding="utf-8", xml_declaration=True))


def json_feed(services: Services, base: str, name: str) -> bytes:
    zh, en = FEEDS[name]
    agency = _queries.site(services).agency
    items = [
        {
            "id": i.id,
            "url": i.url,
            "title": i.title,
            "content_text": i.summary,
            "date_published": i.at.isoformat(),
            "_gongkai": {"proof": i.proof, "entry": i.entry},
        }
        for i in feed_items(services, base, name)
    ]
    body = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": f"{agency} · {zh} {en}",
        "home_page_url": f"{base}/",
        "feed_url": f"{base}/feeds/{name}.json",
        "language": "zh-CN",
        "authors": [{"name": agency}],
        "items": items,
    }
    return json.dumps(body, ensure_ascii=False, indent=1).encode()


def _csv(header: list[str], rows: list[list[object]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(["" if v is None else v for v in row] for row in rows)
    return "\ufeff".encode() + out.getvalue().encode()  # the BOM: spreadsheets read UTF-8


def catalogue_csv(services: Services, base: str) -> bytes:
    with services.ledger.backend.transaction() as cur:
        items = fq.catalogue_rows(cur)
    header = ["索引号", "标题", "文号", "类别", "成文日期", "发布日期", "状态", "SHA-256", "链接"]
    rows: list[list[object]] = [
        [
            fq.index_number(i),
            "（标题不公开）" if i.title_sealed else i.title,
            i.doc_number,
            _labels.label(i.category, "category"),
            i.formed_on,
            i.published_on,
            _labels.label(i.status, "item_status"),
            i.published_sha256,
            f"{base}/items/{i.item_id}",
        ]
        for i in items
    ]
    return _csv(header, rows)


def register_csv(services: Services, base: str) -> bytes:
    with services.ledger.backend.transaction() as cur:
        found = fq.register_rows(cur)
    header = ["申请编号", "收到日期", "申请人类型", "办理状态", "答复期限", "答复日期", "办理结果"]
    rows: list[list[object]] = [
        [
            r.number,
            r.received_on,
            _labels.label(r.applicant_type, "applicant_type") if r.applicant_type else "",
            _labels.label(r.status, "request_status"),
            r.answer_due,
            r.answered_on,
            r.outcome_label or r.outcome,
        ]
        for r in found
    ]
    return _csv(header, rows)


class FeedCache:
    """Built bodies by name, valid for one checkpoint size. ``cached`` does no I/O, so a
    route can answer from it on the event loop; ``get`` (in a worker thread) checks the
    checkpoint size at most once every ``RECHECK_SECONDS`` and builds what is missing."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._size = -1
        self._checked = float("-inf")
        self._bodies: dict[str, Built] = {}

    def cached(self, name: str) -> Built | None:
        if time.monotonic() - self._checked >= RECHECK_SECONDS:
            return None
        return self._bodies.get(name)

    def get(
        self, services: Services, name: str, media_type: str, build: Callable[[], bytes]
    ) -> Built:
        now = time.monotonic()
        if now - self._checked >= RECHECK_SECONDS:
            size = services.ledger.checkpoint_size()
            with self._lock:
                self._checked = now
                if size != self._size:
                    self._size, self._bodies = size, {}
        found = self._bodies.get(name)
        if found is None:
            body = build()
            tag = hashlib.sha256(body).hexdigest()[:32]
            found = Built(body, media_type, f'"{tag}"')
            with self._lock:
                self._bodies[name] = found
        return found
