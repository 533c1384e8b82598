"""Demo items: the municipal office's proactive disclosure over 2025-01 … 2026-10.

Every item goes through the real commands on working days of the recorded calendar:
draft → 属性审核 → 保密审查 → 发布审核 → publish, within the 20 working days of
Art. 26 — except one, published late. Some are corrected (a fresh review chain and a
second publication), some withdrawn (repealed, in error, one for secrecy), one
published with redactions, one clarified (Art. 6), some filed as 不予公开 (one with a
sealed title), and one self-approval attempt is refused and recorded. Ids come from
``ctx.new_id`` and choices from ``ctx.rng``, so a seed gives the same ledger.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from api.demo.item_specs import SPECS, Spec, corrected, document, redacted
from api.demo.office import START, DemoContext, Step
from domain.errors import RuleViolation
from ledger.content import sha256_hex

CHANNEL = "示范市人民政府门户网站"
SITE = "https://www.shifan.gov.cn/zwgk"
FIRST_DAY = START.date() + timedelta(days=1)  # after the officers are appointed
REPEAL_DECISION = "《示范市人民政府关于废止和修改部分行政规范性文件的决定》"


@dataclass
class _Item:
    """One item being scheduled: its id, officers, current text and simulated clock."""

    spec: Spec
    item_id: str
    drafter: str
    approver: str
    text: str
    day: date

    @property
    def sha(self) -> str:
        return sha256_hex(self.text.encode("utf-8"))


class _Plan:
    def __init__(self, ctx: DemoContext) -> None:
        self.ctx = ctx
        self.items = ctx.services.items
        self.calendar = ctx.services.office.calendar()
        self.steps: list[Step] = []
        self.numbers: dict[tuple[str, int], int] = {}
        self.pages = 0

    # --- the clock ----------------------------------------------------------------------

    def working_day(self, day: date) -> date:
        """``day`` if it is a working day, else the next one."""
        return self.calendar.add_working_days(day - timedelta(days=1), 1).due

    def after(self, day: date, low: int, high: int) -> date:
        return self.calendar.add_working_days(day, self.ctx.rng.randint(low, high)).due

    def step(self, it: _Item, day: date, label: str, run: Callable[[datetime], object]) -> None:
        """Schedule ``run`` on ``day`` in office hours (Beijing time; stored as UTC)."""
        it.day = day
        minutes = self.ctx.rng.randrange(8 * 60)  # 09:00–16:59 in Beijing is 01:00–08:59 UTC
        at = datetime.combine(day, time(1), tzinfo=UTC) + timedelta(minutes=minutes)
        short = it.spec.title[:18]
        self.steps.append(Step(at, f"{label} {short}", lambda: run(at)))

    def doc_number(self, prefix: str | None, year: int) -> str | None:
        if prefix is None:
            return None
        number = self.numbers.get((prefix, year), self.ctx.rng.randint(0, 4))
        number += self.ctx.rng.randint(1, 6)
        self.numbers[(prefix, year)] = number
        return f"{prefix}〔{year}〕{number}号"

    def url(self) -> str:
        self.pages += 1
        return f"{SITE}/{self.pages:05d}.html"

    # --- the chains ---------------------------------------------------------------------

    def begin(self, spec: Spec) -> _Item:
        year, month = (int(part) for part in spec.month.split("-"))
        day = max(date(year, month, self.ctx.rng.randint(1, 12)), FIRST_DAY)
        formed = self.working_day(day)
        rng, officers = self.ctx.rng, self.ctx.officers
        drafter = (
            both_roles(self.ctx)
            if spec.fate == "self_approval"
            else rng.choice(officers["drafter"])
        )
        approver = self.ctx.officer("approver", not_=[drafter])
        number = self.doc_number(spec.prefix, year)
        it = _Item(spec, self.ctx.new_id("item"), drafter, approver, "", formed)
        it.text = document(spec, number, formed)
        attribute, basis = _attribute_of(spec)
        text, sealed = it.text.encode("utf-8"), spec.fate.startswith("secret")

        def run(at: datetime) -> object:
            return self.items.draft(
                drafter, at, title=spec.title, category=spec.category, doc_number=number,
                formed_on=formed, attribute=attribute, attribute_basis=basis, content=text,
                sealed_title=sealed, item_id=it.item_id,
            )  # fmt: skip

        self.step(it, formed, "起草", run)
        reviewer = self.ctx.officer("attribute_reviewer")
        self.step(
            it, self.after(formed, 1, 2), "属性审核",
            lambda at: self.items.review_attribute(
                it.item_id, reviewer, at, attribute=attribute, basis="经审核，同意" + basis
            ),
        )  # fmt: skip
        return it

    def review(self, it: _Item, low: int = 1, high: int = 2) -> None:
        sha, reviewer = it.sha, self.ctx.officer("secrecy_reviewer")
        self.step(
            it, self.after(it.day, low, high), "保密审查",
            lambda at: self.items.review_secrecy(
                it.item_id, reviewer, at, content_sha256=sha, result="passed"
            ),
        )  # fmt: skip

    def redact(self, it: _Item) -> None:
        original, reviewers = it.sha, self.ctx.officers["secrecy_reviewer"]
        it.text = redacted(it.text)
        clean = it.text.encode("utf-8")
        self.step(
            it, self.after(it.day, 1, 2), "保密审查（删减）",
            lambda at: self.items.review_secrecy(
                it.item_id, reviewers[0], at, content_sha256=original,
                result="passed_with_redactions", redacted=clean,
                legal_basis="《个人信息保护法》第二十八条：删除公民身份号码等个人信息",
            ),
        )  # fmt: skip
        sha = it.sha
        self.step(
            it, self.after(it.day, 1, 1), "保密审查（删减稿）",
            lambda at: self.items.review_secrecy(
                it.item_id, reviewers[1], at, content_sha256=sha, result="passed"
            ),
        )  # fmt: skip

    def approve(self, it: _Item) -> None:
        sha, approver = it.sha, it.approver
        day = self.after(it.day, 1, 2)
        if it.spec.fate == "self_approval":
            self.step(it, day, "越权自审（被拒绝）", lambda at: self_approve(self, it, sha, at))
            day = self.after(day, 1, 1)
        self.step(
            it, day, "发布审核",
            lambda at: self.items.approve(it.item_id, approver, at, content_sha256=sha),
        )  # fmt: skip

    def publish(self, it: _Item, low: int = 1, high: int = 3) -> None:
        sha, approver, url = it.sha, it.approver, self.url()
        day = self.after(it.day, low, high)
        self.step(
            it, day, "公开发布",
            lambda at: self.ctx.released_now(it.item_id, self.items.publish(
                it.item_id, approver, at, content_sha256=sha, channel=CHANNEL, url=url,
                published_on=day,
            )),
        )  # fmt: skip

    def correct(self, it: _Item, reason: str) -> None:
        changed = self.after(it.day, 15, 40)
        it.text = corrected(it.text, changed, reason)
        text, drafter = it.text.encode("utf-8"), it.drafter
        self.step(
            it, changed, "更正",
            lambda at: self.ctx.unreleased(it.item_id, self.items.correct(
                it.item_id, drafter, at, changed_on=changed, reason=reason, content=text
            )),
        )  # fmt: skip

    def withdraw(self, it: _Item, reason: str, basis: str, low: int, high: int) -> None:
        approver = it.approver
        day = self.after(it.day, low, high)
        self.step(
            it, day, "撤回",
            lambda at: self.ctx.unreleased(it.item_id, self.items.withdraw(
                it.item_id, approver, at, reason=reason, legal_basis=basis, withdrawn_on=day
            )),
        )  # fmt: skip

    def clarify(self, it: _Item) -> None:
        note = (
            "关于网传“公共租赁住房取消户籍限制”的澄清说明：经核实，该说法与《示范市政府信息"
            "公开工作规定》及相关文件不符，请以本网站发布的文件为准。\n"
        ).encode()
        reviewer, approver, url = self.ctx.officer("secrecy_reviewer"), it.approver, self.url()
        sha = sha256_hex(note)
        self.step(
            it, self.after(it.day, 20, 30), "澄清说明保密审查",
            lambda at: self.items.review_secrecy(
                it.item_id, reviewer, at, content_sha256=sha, result="passed",
                subject="clarification",
            ),
        )  # fmt: skip
        day = self.after(it.day, 1, 1)
        self.step(
            it, day, "发布澄清说明",
            lambda at: self.items.clarify(
                it.item_id, approver, at, clarifies="网传公共租赁住房取消户籍限制", channel=CHANNEL,
                url=url, published_on=day, content=note,
            ),
        )  # fmt: skip

    def file_non_disclosure(self, it: _Item, ground: str) -> None:
        approver = it.approver
        self.step(
            it, self.after(it.day, 1, 3), "不予公开备案",
            lambda at: self.items.file_non_disclosure(
                it.item_id, approver, at, ground=ground, basis=_GROUND_BASIS[ground]
            ),
        )  # fmt: skip


_GROUND_BASIS = {
    "art14.state_secret": "《政府信息公开条例》第十四条；《保守国家秘密法》第十三条",
    "art15.third_party_rights": "《政府信息公开条例》第十五条：涉及商业秘密，第三方不同意公开",
    "art16.internal_affairs": "《政府信息公开条例》第十六条第一款：内部事务信息",
    "art16.process_information": "《政府信息公开条例》第十六条第二款：过程性信息",
}


def _attribute_of(spec: Spec) -> tuple[str, str]:
    if spec.fate.startswith(("withheld", "secret")):
        return "withheld", "属于条例第十四条至第十六条规定的不予公开情形"
    if spec.fate == "on_request":
        return "on_request", "涉及特定群体，依申请公开"
    return "proactive", "属于条例第二十条规定的主动公开内容"


def both_roles(ctx: DemoContext) -> str:
    """The officer who both drafts and approves (张伟 of the market regulator)."""
    return sorted(set(ctx.officers["drafter"]) & set(ctx.officers["approver"]))[0]


def self_approve(plan: _Plan, it: _Item, sha: str, at: datetime) -> None:
    """The drafter tries to approve their own draft: refused (SELF_APPROVAL) and recorded."""
    try:
        plan.items.approve(it.item_id, it.drafter, at, content_sha256=sha)
    except RuleViolation as refused:
        if refused.code != "SELF_APPROVAL":
            raise
        return
    raise AssertionError("a self-approval was accepted")


def _schedule_item(plan: _Plan, spec: Spec) -> None:
    it = plan.begin(spec)
    fate = spec.fate
    if fate.startswith(("withheld", "secret")):
        plan.file_non_disclosure(it, fate.split(":", 1)[1])
        return
    if fate == "on_request":
        plan.review(it)
        return
    if fate == "redacted":
        plan.redact(it)
    else:
        plan.review(it)
    plan.approve(it)
    if fate == "late":  # Art. 26: beyond 20 working days of formation
        plan.publish(it, 25, 30)
    else:
        plan.publish(it)
    if fate == "corrected":
        plan.correct(it, "原文所附表格数据有误，予以更正")
        plan.review(it)
        plan.approve(it)
        plan.publish(it)
    elif fate == "clarified":
        plan.clarify(it)
    elif fate == "repealed":
        basis = (
            f"已被{REPEAL_DECISION}宣布废止" if spec.month >= "2025-03" else "有效期届满，自然失效"
        )
        low = 215 if spec.month >= "2025-03" else 60
        plan.withdraw(it, "repealed_or_expired", basis, low, low + 10)
    elif fate == "error":
        plan.withdraw(it, "error", "当事人名称有误，原决定书已撤销并重新作出", 3, 8)
    elif fate == "secrecy":
        basis = "经保密复核，附图含敏感设施位置信息（《保守国家秘密法》第三十条）"
        plan.withdraw(it, "secrecy", basis, 10, 20)


def schedule(ctx: DemoContext) -> list[Step]:
    """Every demo item's commands, each at its simulated moment."""
    plan = _Plan(ctx)
    for spec in SPECS:
        _schedule_item(plan, spec)
    return plan.steps
