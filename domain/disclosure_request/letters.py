"""告知书 — the written letters of a disclosure request (OGI Regulation Arts. 30, 32–36,
42): the answer (and a re-answer ordered by a remedy), the supplement notice, the
extension notice, the fee notice and the consultation letter.

A letter is built from the signed entry that records it and nothing else (the request
number, the entry's data, the issuing office recorded in it), so the same entry always
gives the same letter and the same rendering gives the same bytes: a court compares the
SHA-256 of the letter the applicant holds with the ``letter_sha256`` in the ledger.
Letters never carry the applicant's identity: they name the request by its number, so
a letter's hash (public in the log) reveals no personal data. A letter may print a
sealed field of its entry (``SEALED_IN_LETTER``): the caller opens it first, on the
record (``domain.disclosure_request.letter_opening``), and passes the opened data.

Remedies (Art. 51): 行政复议 within 60 days of knowing of the act (行政复议法 Art. 20),
行政诉讼 within 6 months (行政诉讼法 Art. 46); Art. 51 also allows a complaint (投诉、举报)
to the authority in charge of disclosure work.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

from domain.disclosure_request import outcomes
from domain.errors import RuleViolation

KINDS: Final = ("answer", "reanswer", "supplement", "extension", "fee", "consultation")
# The event that records each kind of letter.
EVENT_OF: Final[dict[str, str]] = {
    "answer": "Answered",
    "reanswer": "Reanswered",
    "supplement": "SupplementRequested",
    "extension": "Extended",
    "fee": "FeeNoticed",
    "consultation": "ConsultationStarted",
}
# The sealed fields (issue 17) each kind of letter prints: opened before it is built.
SEALED_IN_LETTER: Final[dict[str, tuple[str, ...]]] = {"supplement": ("items",)}
# (kind, entry data) → the data with the fields of SEALED_IN_LETTER opened.
LetterData = Callable[[str, Mapping[str, Any]], Mapping[str, Any]]
TITLES: Final[dict[str, str]] = {
    "answer": "政府信息公开申请答复告知书",
    "reanswer": "政府信息公开申请重新答复告知书",
    "supplement": "政府信息公开申请补正告知书",
    "extension": "政府信息公开申请延期答复告知书",
    "fee": "政府信息公开信息处理费缴费通知书",
    "consultation": "政府信息公开征求意见函",
}
REMEDIES: Final = (
    "如对本告知不服，可以自知道或者应当知道该行政行为之日起六十日内依法申请行政复议"
    "（《中华人民共和国行政复议法》第二十条），",
    "或者自知道或者应当知道作出行政行为之日起六个月内依法向人民法院提起行政诉讼"
    "（《中华人民共和国行政诉讼法》第四十六条）；",
    "也可以向上一级行政机关或者政府信息公开工作主管部门投诉、举报（《政府信息公开条例》第五十一条）。",
)
_CONSULTED: Final = {"third-party": "第三方（第三十二条）", "agency": "有关行政机关（第三十四条）"}


@dataclass(frozen=True, slots=True)
class Letter:
    """The content of one letter, ready for a template: every field is plain text."""

    kind: str
    title: str
    number: str
    issued_on: str
    office: str
    body: tuple[str, ...]
    outcome: str | None = None
    reasons: str | None = None
    articles: tuple[str, ...] = ()
    provided: tuple[str, ...] = ()
    remedies: tuple[str, ...] = ()

    @property
    def basis(self) -> str:
        """The articles as the letter cites them: 《…条例》第14条、第36条第（三）项."""
        return "《中华人民共和国政府信息公开条例》" + "、".join(map(_cite, self.articles))

    @property
    def file_stem(self) -> str:
        """``2026-0001-answer``: the name of the letter's files."""
        return f"{self.number}-{self.kind}"


def letter_for(kind: str, number: str, data: Mapping[str, Any], office: str) -> Letter:
    """The letter of ``kind`` recorded by an entry whose data are ``data``, with the
    fields of ``SEALED_IN_LETTER`` already opened (``LETTER_KIND_UNKNOWN``)."""
    if kind not in KINDS:
        raise RuleViolation("LETTER_KIND_UNKNOWN", f"kind must be one of {list(KINDS)}", kind=kind)
    if kind in ("answer", "reanswer"):
        return _answer(kind, number, data, office)
    on = str(data.get("on"))
    body = _NOTICES[kind](number, data)
    return Letter(kind, TITLES[kind], number, on, office, body, remedies=_remedies(kind))


def _answer(kind: str, number: str, data: Mapping[str, Any], office: str) -> Letter:
    code = str(data.get("outcome"))
    row = outcomes.TABLE3_ROW.get(code, code)
    provided = tuple(str(h) for h in data.get("content_sha256s") or ())
    body = [f"本机关于{data.get('answered_on')}对编号为{number}的政府信息公开申请答复如下：", row]
    if provided:
        body.append(
            f"本机关向申请人提供经保密审查的政府信息{data.get('items')}件，其SHA-256摘要列于下方。"
        )
    if kind == "reanswer":
        decision = data.get("decision") or {}
        by = _ORDER.get(decision.get("kind"), "")
        body.insert(0, f"根据{decision.get('decided_on')}作出的{by}决定，本机关重新答复。")
    return Letter(
        kind,
        TITLES[kind],
        number,
        str(data.get("answered_on")),
        office,
        tuple(body),
        outcome=code,
        reasons=data.get("reasons"),
        articles=tuple(str(a) for a in data.get("articles") or ()),
        provided=provided,
        remedies=REMEDIES,
    )


def _cite(article: str) -> str:
    number = "".join(ch for ch in article if ch.isdigit())
    rest = article[len(number) :].strip()
    items = rest.replace("(", "（").replace(")", "）").replace("）（", "）、（")
    if not items:
        return f"第{number}条"
    return f"第{number}条{items}" if items.startswith("第") else f"第{number}条第{items}项"


_ORDER: Final[dict[Any, str]] = {"reconsideration": "行政复议", "lawsuit": "人民法院裁判"}


def _remedies(kind: str) -> tuple[str, ...]:
    # A consultation letter goes to a third party or another agency, not the applicant.
    return () if kind == "consultation" else REMEDIES


def _supplement(number: str, data: Mapping[str, Any]) -> tuple[str, ...]:
    items: Sequence[Any] = data.get("items") or ()
    if isinstance(items, str):  # the erased marker in place of the list
        items = (items,)
    return (
        f"编号为{number}的政府信息公开申请内容不明确，根据《政府信息公开条例》第三十条，请补正以下内容：",
        *(f"{i}. {item}" for i, item in enumerate(items, 1)),
        f"请于{data.get('allowed_days')}个工作日内（{data.get('supplement_due')}前）补正。"
        "无正当理由逾期不补正的，视为放弃申请，本机关不再处理该申请。",
    )


def _extension(number: str, data: Mapping[str, Any]) -> tuple[str, ...]:
    return (
        f"编号为{number}的政府信息公开申请，因{data.get('reason')}，经政府信息公开工作机构负责人同意，"
        f"答复期限延长{data.get('days')}个工作日（《政府信息公开条例》第三十三条第二款）。",
        f"本机关将于{data.get('answer_due')}前作出答复。",
    )


def _fee(number: str, data: Mapping[str, Any]) -> tuple[str, ...]:
    fen = int(data.get("fee_fen") or 0)
    unit = "件" if data.get("method") == "items" else "页"
    return (
        f"编号为{number}的政府信息公开申请所需信息共{data.get('count')}{unit}，根据《政府信息公开条例》第四十二条及"
        "《政府信息公开信息处理费管理办法》（国办函〔2020〕109号），"
        f"应缴纳信息处理费{fen // 100}.{fen % 100:02d}元。",
        "请自收到本通知之日起20个工作日内缴纳；逾期未缴纳的，视为放弃申请，本机关不再处理该申请。"
        "等待缴费的时间不计算在答复期限内。",
    )


def _consultation(number: str, data: Mapping[str, Any]) -> tuple[str, ...]:
    party = str(data.get("party"))
    silence = (
        "逾期未提出意见的，视为同意公开（第三十四条）。"
        if party == "agency"
        else "逾期未提出意见的，由本机关依照《政府信息公开条例》的规定决定是否公开（第三十二条）。"
    )
    return (
        f"编号为{number}的政府信息公开申请涉及{_CONSULTED.get(party, party)}，现书面征求意见。",
        f"请自收到本函之日起15个工作日内提出意见；{silence}",
    )


_NOTICES: Final = {
    "supplement": _supplement,
    "extension": _extension,
    "fee": _fee,
    "consultation": _consultation,
}
