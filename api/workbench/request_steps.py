"""Each statutory step of a request (依申请公开) as a form: the article it applies,
the deadline it sets, and the one command of ``api.commands.requests`` it calls.

The article and deadline texts are what the form shows the officer; the deadlines
themselves are computed by the domain on the recorded calendar and shown on the
request page after the step is recorded.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from pydantic import BaseModel
from starlette.datastructures import FormData

from api.commands import request_variants as variants
from api.commands import requests as commands
from api.letters import LetterPress
from api.workbench.auth import now, text
from api.workbench.forms import attempt, model_of
from domain.disclosure_request.service import DisclosureRequests


@dataclass(frozen=True)
class Step:
    zh: str
    en: str
    article: str
    deadline: str  # the deadline the step sets or stops, in the officer's words
    model: type[BaseModel]
    command: Callable[..., Any]
    role: str = "request_handler"
    lists: tuple[str, ...] = field(default=())  # fields given one per line


def _dated(step: commands.DateStep) -> Callable[..., Any]:
    """A step that records only its date, called like every other command."""

    def run(
        requests: DisclosureRequests, ref: str, body: commands.OnIn, actor: str, at: datetime
    ) -> Any:
        return commands.record_date(requests, step, ref, body, actor, at)

    return run


STEPS: dict[str, Step] = {
    "confirm-receipt": Step(
        "确认收到",
        "Confirm receipt",
        "第三十一条 Art. 31",
        "答复期限自确认之日起算 20 个工作日 The 20-working-day answer period runs from here",
        commands.OnIn,
        _dated("confirm-receipt"),
    ),
    "supplement-notice": Step(
        "一次性告知补正",
        "Ask for a supplement (once)",
        "第三十条 Art. 30",
        "收到申请 7 个工作日内发出；补正期间不计入答复期限 Within 7 working days; the clock "
        "stops until the supplement arrives",
        commands.SupplementNoticeIn,
        commands.request_supplement,
        lists=("items",),
    ),
    "supplemented": Step(
        "收到补正",
        "Supplement received",
        "第三十条 Art. 30",
        "答复期限自收到补正之日起重新计算 The answer period restarts from this day",
        commands.SupplementedIn,
        commands.supplemented,
    ),
    "consult": Step(
        "征求意见",
        "Consult",
        "第三十二条、第三十四条 Arts. 32, 34",
        "征求意见期间不计入答复期限，至多为被征求方的 15 个工作日 The clock stops for at most "
        "the consulted party's 15 working days",
        commands.ConsultIn,
        commands.consult,
    ),
    "consult-end": Step(
        "征求意见结束",
        "Consultation ended",
        "第三十二条、第三十四条 Arts. 32, 34",
        "答复期限恢复计算；行政机关逾期未回复视为同意 The answer period runs again; an "
        "agency silent past its 15 working days is deemed to consent (Art. 34)",
        variants.ConsultEndIn,
        variants.end_consultation,
    ),
    "third-party-notice": Step(
        "书面告知第三方",
        "Notify the objecting third party",
        "第三十二条 Art. 32",
        "第三方不同意而决定公开的，答复前书面告知其内容和理由 Disclosing over an "
        "objection needs this written notice first",
        variants.ThirdPartyNoticeIn,
        variants.notify_third_party,
    ),
    "ask-reasons": Step(
        "要求说明理由",
        "Ask the applicant for reasons",
        "第三十五条 Art. 35",
        "申请数量、频次明显超过合理范围的，可以要求申请人说明理由 For clearly unreasonable "
        "numbers or frequency of requests; the answer waits for the explanation",
        variants.ReasonsAskedIn,
        variants.ask_reasons,
    ),
    "reasonable-period": Step(
        "确定合理答复期限",
        "Set a reasonable answer date",
        "第三十五条 Art. 35",
        "理由合理但无法在规定期限内答复的，确定合理期限并告知申请人 The answer falls due "
        "on the date notified to the applicant",
        variants.ReasonablePeriodIn,
        variants.set_reasonable_period,
        role="office_head",
    ),
    "extend": Step(
        "延长答复期限",
        "Extend",
        "第三十三条第二款 Art. 33(2)",
        "经负责人同意，延长不超过 20 个工作日，仅一次 Office head; at most 20 working days, once",
        commands.ExtendIn,
        commands.extend,
        role="office_head",
    ),
    "fee-notice": Step(
        "收费通知",
        "Fee notice",
        "第四十二条、国办函〔2020〕109号 Art. 42, State Council Office letter 109",
        "申请人自收到通知之日起 20 个工作日内缴费（109号），期间不计入答复期限；逾期未缴视为撤回 "
        "20 working days from receiving the notice to pay (letter 109); the clock stops; "
        "unpaid, the request is deemed withdrawn",
        commands.FeeNoticeIn,
        commands.notice_fee,
    ),
    "fee-notice-received": Step(
        "申请人收到收费通知",
        "Applicant received the fee notice",
        "国办函〔2020〕109号 State Council Office letter 109",
        "缴费的 20 个工作日自申请人收到通知之日起算 The 20 working days to pay run from here",
        commands.OnIn,
        _dated("fee-notice-received"),
    ),
    "fee-paid": Step(
        "已缴费",
        "Fee paid",
        "第四十二条 Art. 42",
        "答复期限恢复计算 The answer period runs again",
        commands.OnIn,
        _dated("fee-paid"),
    ),
    "answer": Step(
        "答复",
        "Answer",
        "第三十五条至第三十九条 Arts. 35–39",
        "答复即办结；逾期答复计入年度报告 Closes the request; a late answer is reported",
        commands.AnswerIn,
        lambda r, ref, body, officer, at: commands.answer(r, ref, body, officer, at, LetterPress()),
        lists=("item_ids", "articles"),
    ),
    "deemed-abandoned": Step(
        "视为放弃",
        "Deemed abandoned",
        "第三十条 Art. 30",
        "补正期限届满未补正 The supplement period passed without one",
        commands.OnIn,
        _dated("deemed-abandoned"),
    ),
    "deemed-withdrawn": Step(
        "逾期未缴费视为撤回",
        "Deemed withdrawn (fee unpaid)",
        "第四十二条、国办函〔2020〕109号 Art. 42, letter 109",
        "缴费期限届满未缴费 The 20 working days to pay passed without payment",
        commands.OnIn,
        _dated("deemed-withdrawn"),
    ),
    "withdraw": Step(
        "申请人撤回",
        "Withdrawn by the applicant",
        "—",
        "办结 Closes the request",
        commands.OnIn,
        _dated("withdraw"),
    ),
}


def run_step(
    requests: DisclosureRequests, step: Step, ref: str, form: FormData, officer: str
) -> None:
    """The step's command on the form's fields (lists one per line); FormInvalid if refused."""
    extra = {
        name: [line.strip() for line in (text(form, name) or "").splitlines() if line.strip()]
        for name in step.lists
    }
    body = model_of(step.model, form, **extra)
    at: datetime = now()
    attempt(lambda: step.command(requests, ref, body, officer, at))
