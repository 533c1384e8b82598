"""What the verified entries say about one document hash, in plain words.

An entry cites a document when one of its data fields holds the document's SHA-256:
``content_sha256`` or ``redacted_sha256`` (InformationItem events) or the list
``content_sha256s`` (DisclosureRequest.Answered), or ``letter_sha256``: the PDF of a
request's letter (告知书: an answer, a re-answer, a notice). For each stream that cites
it, the entries from the first citation on are read in log order:

- ``InformationItem.Published`` (or ``ClarificationPublished``) of this hash: 已发布;
- a later ``Corrected``: 已被更正 (superseded), a later ``Withdrawn``: 已撤回 (final);
- ``NonDisclosureFiled`` of this hash: 不予公开 (withheld);
- ``DisclosureRequest.Answered`` listing this hash: 依申请提供 (provided on request);
- any entry whose ``letter_sha256`` is this hash: 告知书 (the letter of that step), and
  a later ``Reanswered`` of the stream: 已重新答复 (a remedy ordered a new answer).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from verify.entry import Entry

ITEM = "InformationItem."


@dataclass(frozen=True, slots=True)
class Found:
    """A verified entry, its log index and leaf hash."""

    index: int
    entry: Entry
    leaf: bytes


@dataclass(frozen=True, slots=True)
class StreamAnswer:
    """The answer for one stream citing the document."""

    stream: str
    status: str  # current | superseded | withdrawn | withheld | not_published | provided
    # | letter | cited
    lines: tuple[str, ...]
    entries: tuple[Found, ...]
    published: Found | None = None


def cites(data: dict[str, Any], sha256: str) -> bool:
    """True if an entry's data name ``sha256`` as content. Raises nothing."""
    listed = data.get("content_sha256s")
    return (
        data.get("content_sha256") == sha256
        or data.get("redacted_sha256") == sha256
        or data.get("letter_sha256") == sha256
        or (isinstance(listed, list) and sha256 in listed)
    )


def answer(sha256: str, found: Sequence[Found]) -> list[StreamAnswer]:
    """One answer per citing stream, in the log order of their first citation."""
    streams: dict[str, list[Found]] = {}
    for item in sorted(found, key=lambda f: f.index):
        if item.entry.stream in streams or cites(item.entry.data, sha256):
            streams.setdefault(item.entry.stream, []).append(item)
    return [_answer_stream(sha256, stream, entries) for stream, entries in streams.items()]


def _answer_stream(sha256: str, stream: str, entries: list[Found]) -> StreamAnswer:
    first = entries[0].entry
    if first.data.get("letter_sha256") == sha256:
        return _letter_answer(stream, entries)
    if first.type.startswith(ITEM):
        return _item_answer(sha256, stream, entries)
    if first.type == "DisclosureRequest.Answered":
        on = first.data.get("answered_on", first.at[:10])
        line = (
            f"依申请提供 PROVIDED in answer to disclosure request {stream} on {on} "
            f"by {first.actor} (log #{entries[0].index})"
        )
        return StreamAnswer(stream, "provided", (line,), tuple(entries))
    line = f"引用 CITED by {first.type} of stream {stream} (log #{entries[0].index})"
    return StreamAnswer(stream, "cited", (line,), tuple(entries))


def _letter_answer(stream: str, entries: list[Found]) -> StreamAnswer:
    first, index = entries[0].entry, entries[0].index
    data = first.data
    on = data.get("answered_on") or data.get("on") or first.at[:10]
    what = (
        f"the {data.get('kind')} notice (seq {data.get('of_seq')})"
        if first.type == "DisclosureRequest.LetterIssued"
        else f"{first.type} (outcome {data.get('outcome', '-')})"
    )
    lines = [
        f"告知书 LETTER of {what} in disclosure request {stream}, dated {on}, signed by "
        f"{first.actor} (log #{index}, recorded {first.at})"
    ]
    for later in entries[1:]:
        if later.entry.type == "DisclosureRequest.Reanswered":
            lines.append(
                f"已重新答复 RE-ANSWERED on {later.entry.data.get('answered_on')} after a "
                f"remedy decision (log #{later.index})"
            )
    return StreamAnswer(stream, "letter", tuple(lines), tuple(entries))


def _first(entries: Sequence[Found], types: tuple[str, ...], sha256: str | None) -> Found | None:
    for found in entries:
        data = found.entry.data
        if found.entry.type in types and (sha256 is None or data.get("content_sha256") == sha256):
            return found
    return None


def _item_answer(sha256: str, stream: str, entries: list[Found]) -> StreamAnswer:
    kinds = (ITEM + "Published", ITEM + "ClarificationPublished")
    published = _first(entries, kinds, sha256)
    if published is None:
        return _unpublished(sha256, stream, entries)
    data, entry = published.entry.data, published.entry
    what = " (澄清 clarification)" if entry.type == kinds[1] else ""
    lines = [
        f"已发布 PUBLISHED on {data.get('published_on')} by {entry.actor} "
        f"(log #{published.index}, recorded {entry.at}){what}"
    ]
    later = [f for f in entries if f.index > published.index]
    withdrawn = _first(later, (ITEM + "Withdrawn",), None)
    corrected = None if what else _first(later, (ITEM + "Corrected",), None)
    if corrected is not None:
        lines.append(_corrected_line(corrected))
        lines += _published_lines(later, corrected.entry.data.get("content_sha256"), "new version")
    if withdrawn is not None:
        lines.append(_withdrawn_line(withdrawn))
    if corrected is None and withdrawn is None:
        lines.append("当前版本 CURRENT — no later correction or withdrawal of this item")
    if not what:
        lines += [_clarified_line(f) for f in later if f.entry.type == kinds[1]]
    status = "withdrawn" if withdrawn else "superseded" if corrected else "current"
    return StreamAnswer(stream, status, tuple(lines), tuple(entries), published)


def _clarified_line(found: Found) -> str:
    data = found.entry.data
    return (
        f"澄清 CLARIFIED on {data.get('published_on')}: {data.get('clarifies')} "
        f"(log #{found.index})"
    )


def _corrected_line(found: Found) -> str:
    data = found.entry.data
    return (
        f"已被更正 SUPERSEDED by a correction on {data.get('changed_on')}: new version "
        f"sha256 {data.get('content_sha256')} ({data.get('reason')}) (log #{found.index})"
    )


def _withdrawn_line(found: Found) -> str:
    data = found.entry.data
    return (
        f"已撤回 WITHDRAWN on {data.get('withdrawn_on')} ({data.get('reason')}: "
        f"{data.get('legal_basis')}) (log #{found.index})"
    )


def _unpublished(sha256: str, stream: str, entries: list[Found]) -> StreamAnswer:
    withheld = _first(entries, (ITEM + "NonDisclosureFiled",), sha256)
    if withheld is not None:
        data = withheld.entry.data
        line = (
            f"不予公开 WITHHELD — filed on {withheld.entry.at[:10]} by {withheld.entry.actor}: "
            f"{data.get('ground')} ({data.get('basis')}) (log #{withheld.index})"
        )
        return StreamAnswer(stream, "withheld", (line,), tuple(entries))
    citing = ", ".join(
        f"{f.entry.type.removeprefix(ITEM)} #{f.index}"
        for f in entries
        if cites(f.entry.data, sha256)
    )
    lines = [f"已登记、未发布 RECORDED, NOT PUBLISHED — item {stream}: {citing}"]
    reviews = (f.entry.data for f in entries if f.entry.type == ITEM + "SecrecyReviewed")
    redactions = {d.get("redacted_sha256") for d in reviews if d.get("content_sha256") == sha256}
    for redacted in sorted(r for r in redactions if isinstance(r, str)):
        lines += _published_lines(entries, redacted, f"redacted version (删节版) {redacted}")
    return StreamAnswer(stream, "not_published", tuple(lines), tuple(entries))


def _published_lines(entries: Sequence[Found], sha256: Any, what: str) -> list[str]:
    found = _first(entries, (ITEM + "Published",), sha256) if isinstance(sha256, str) else None
    if found is None:
        return [f"  → the {what} is not published"]
    on = found.entry.data.get("published_on")
    return [f"  → the {what} was published on {on} (log #{found.index})"]
