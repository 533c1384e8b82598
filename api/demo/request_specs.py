"""What the demo requests are: one ``Spec`` per request (outcome, channel, applicant type,
supplement, consultation, fee, extension, lateness, remedies), invented applicants
(people and organisations) and realistic descriptions of the information requested.
Every name, ID number and telephone number here is made up."""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from domain.disclosure_request import outcomes

LAST_RECEIPT = date(2026, 11, 20)
REMEDY_BY = date(2026, 5, 31)  # requests that go to reconsideration or court: received by then
ANSWER_BY = date(2026, 8, 31)  # requests that must reach their answer: received by then
PROVIDING = outcomes.PROVIDING

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋余于杜叶程"
)
GIVEN = (
    *("伟", "芳", "娜", "秀英", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰"),
    *("娟", "涛", "明", "超", "秀兰", "霞", "平", "刚", "桂英", "建华", "文", "华", "红"),
    *("志强", "玉兰", "海燕", "建国", "春梅", "晓东", "国庆", "淑珍", "子涵", "浩然", "雨桐"),
)
DISTRICTS = ("东城区", "西城区", "南湖区", "北塘区", "示范新区", "高新区", "临江县", "青山镇")
ROADS = ("人民路", "解放大道", "滨江路", "建设北路", "文化街", "长青路", "工业大道", "学府路")
COMPANIES = ("科技", "建材", "物流", "食品", "置业", "环保", "医药", "商贸", "建筑工程", "新能源")
INSTITUTES = ("城市规划设计研究院", "环境科学研究所", "社会发展研究中心", "公共政策研究院")
CHARITIES = ("环保公益促进会", "助残志愿者协会", "社区发展基金会", "消费者权益保护协会")
LAW_FIRMS = ("律师事务所", "法律服务所", "公证处")
OTHERS = ("业主委员会", "村民委员会", "个体工商户协会", "行业协会")

DESCRIPTIONS = (
    "申请公开{year}年度{district}老旧小区改造项目的资金使用明细",
    "申请公开{road}拓宽改造工程的征收补偿安置方案及补偿标准",
    "申请公开{district}{road}地块国有土地使用权出让合同",
    "申请公开本人房屋所在{district}棚户区改造项目的房屋征收决定",
    "申请公开{year}年度市级财政对{district}的转移支付资金分配情况",
    "申请公开{district}垃圾焚烧发电项目的环境影响评价报告及批复",
    "申请公开{road}沿线噪声污染监测数据（{year}年）",
    "申请公开{year}年度本市最低生活保障资金发放情况统计",
    "申请公开某某建材有限公司{year}年行政处罚决定书",
    "申请公开{district}农村集体土地征收的批准文件及“一书四方案”",
    "申请公开{year}年市政府常务会议纪要中关于{road}改造的内容",
    "申请公开{district}第三中学扩建工程的规划许可及竣工验收材料",
    "申请公开{year}年度政府采购项目中标结果及合同文本（物业服务类）",
    "申请公开本人作为被征收人的房屋评估报告及评估机构选定程序",
    "申请公开{district}河道整治工程的项目审批、招投标及资金拨付情况",
    "申请公开{year}年度行政事业性收费项目及收费标准调整依据",
    "申请公开{district}某小区违法建筑的查处情况及处理决定",
    "申请公开{year}年度市级部门“三公”经费决算明细",
    "申请公开本市出租车经营权有偿使用费的收取依据及使用情况",
    "申请公开{district}公共租赁住房的分配名单及审核标准",
    "申请公开{road}公交场站建设项目的立项批复及可行性研究报告",
    "申请公开{year}年度食品安全抽检不合格产品名单及处理情况",
    "请求确认本人于{year}年取得的不动产权证书信息是否真实有效",
    "申请提供《示范市统计年鉴（{year}）》纸质版一套",
    "对{district}某街道工作人员违规收费问题进行投诉并要求处理",
)


def description(rng: random.Random, year: int) -> str:
    text = rng.choice(DESCRIPTIONS)
    return text.format(year=year - rng.randint(0, 2), district=rng.choice(DISTRICTS),
                       road=rng.choice(ROADS))  # fmt: skip


def _digits(rng: random.Random, count: int) -> str:
    return "".join(str(rng.randrange(10)) for _ in range(count))


def person(rng: random.Random) -> dict[str, Any]:
    """An invented natural person: name, a fake 身份证号 and a fake mobile number."""
    birth = f"{rng.randint(1950, 2002)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
    return {
        "name": rng.choice(SURNAMES) + rng.choice(GIVEN),
        "id_number": f"{rng.choice(('110101', '330106', '440305', '510107'))}{birth}"
        f"{_digits(rng, 3)}{rng.choice('0123456789X')}",
        "contact": f"1{rng.choice('3589')}{_digits(rng, 9)}",
    }


def organisation(rng: random.Random, kind: str) -> dict[str, Any]:
    """An invented organisation of ``kind`` with a fake 统一社会信用代码."""
    prefix = "示范市" + rng.choice(DISTRICTS)
    name = {
        "commercial": lambda: f"{prefix}某某{rng.choice(COMPANIES)}有限公司",
        "research": lambda: f"示范市{rng.choice(INSTITUTES)}",
        "public-interest": lambda: f"示范市{rng.choice(CHARITIES)}",
        "legal-services": lambda: f"示范市某某{rng.choice(LAW_FIRMS)}",
        "other": lambda: f"{prefix}某某{rng.choice(OTHERS)}",
    }[kind]()
    return {
        "name": name,
        "id_number": f"91{_digits(rng, 6)}{_digits(rng, 9)}{rng.choice('ABCDEFGH')}",
        "contact": f"0571-{_digits(rng, 8)}",
    }


@dataclass(frozen=True)
class Spec:
    """What happens to one demo request."""

    outcome: str | None = "disclosed"  # None: never answered
    channel: str = "in-person"
    applicant_type: str = "natural-person"
    supplement: str | None = None  # "supplied" | "lapsed"
    consult: str | None = None  # "third-party" | "agency"
    fee: str | None = None  # "items" | "pages" | "unpaid"
    fee_count: int | None = None
    extend: bool = False
    late: bool = False
    remedy: str | None = None  # "reconsideration" | "lawsuit" | "both"
    withdraw: bool = False
    overdue: bool = False  # left unanswered past its due date
    required: bool = False  # must reach its outcome (and remedies) before the end

    @property
    def latest_receipt(self) -> date:
        """The latest receipt day that still leaves time for everything planned."""
        if not self.required:
            return LAST_RECEIPT
        if self.remedy is not None:
            return REMEDY_BY
        return ANSWER_BY if self.outcome is not None else LAST_RECEIPT


def every_outcome() -> list[Spec]:
    needs: dict[str, dict[str, Any]] = {
        outcomes.NO_SUPPLEMENT: {"supplement": "lapsed"},
        outcomes.UNPAID_FEE: {"fee": "unpaid"},
        outcomes.STILL_UNCLEAR: {"supplement": "supplied"},
        "withheld.third_party_rights": {"consult": "third-party"},
    }
    return [Spec(code, **needs.get(code, {})) for code in outcomes.OUTCOME_CODES]


def features() -> list[Spec]:
    return [
        *[Spec("disclosed", supplement="supplied")] * 3,
        Spec(outcomes.NO_SUPPLEMENT, supplement="lapsed"),
        *[Spec("disclosed", consult="agency")] * 2,
        *[Spec("partially_disclosed", consult="third-party")] * 2,
        *[Spec("disclosed", extend=True)] * 4,
        Spec("partially_disclosed", consult="third-party", extend=True),
        Spec("disclosed", fee="items"),
        *[Spec("disclosed", fee="pages")] * 3,
        Spec("partially_disclosed", fee="pages", extend=True),
        Spec(outcomes.UNPAID_FEE, fee="unpaid"),
        *[Spec("disclosed", late=True)] * 3,
        Spec("unavailable.not_held", late=True),
        Spec("partially_disclosed", late=True, consult="agency"),
        Spec("withheld.process_information", late=True, remedy="reconsideration"),
        Spec("withheld.process_information", remedy="reconsideration"),
        Spec("unavailable.not_held", remedy="reconsideration"),
        Spec("partially_disclosed", remedy="reconsideration"),
        Spec("withheld.third_party_rights", consult="third-party", remedy="lawsuit"),
        Spec("not_processed.petition_complaint", remedy="lawsuit"),
        Spec("withheld.enforcement_file", remedy="lawsuit"),
        Spec("withheld.internal_affairs", remedy="both"),
        Spec("unavailable.needs_creation", remedy="both"),
        Spec("not_processed.duplicate", remedy="both"),
        *[Spec(None, withdraw=True)] * 3,
        Spec(None, overdue=True, remedy="reconsideration"),
        *[Spec(None, overdue=True)] * 2,
    ]


_WEIGHTS = {
    "disclosed": 40,
    "partially_disclosed": 12,
    "unavailable.not_held": 12,
    "unavailable.needs_creation": 4,
    "withheld.process_information": 4,
    "withheld.internal_affairs": 3,
    "withheld.third_party_rights": 3,
    "withheld.administrative_query": 2,
    "not_processed.petition_complaint": 4,
    "not_processed.duplicate": 3,
    "not_processed.publication": 3,
    "not_processed.confirm_or_reissue": 2,
    "other.other": 2,
}
_CHANNELS = {"in-person": 35, "post": 20, "online": 35, "fax": 10}
_TYPES = {
    "natural-person": 60,
    "commercial": 15,
    "legal-services": 10,
    "research": 5,
    "public-interest": 5,
    "other": 5,
}


def random_spec(rng: random.Random) -> Spec:
    """A request with a weighted outcome and, sometimes, one feature."""
    outcome = rng.choices(list(_WEIGHTS), weights=list(_WEIGHTS.values()))[0]
    roll = rng.random()
    extra: dict[str, Any] = {}
    if roll < 0.08:
        extra["supplement"] = "supplied"
    elif roll < 0.14:
        extra["consult"] = rng.choice(("third-party", "agency"))
    elif roll < 0.20:
        extra["extend"] = True
    elif roll < 0.24 and outcome in PROVIDING:
        extra["fee"] = "pages"
    elif roll < 0.28:
        extra["late"] = True
    return Spec(outcome, **extra)


def dressed(rng: random.Random, spec: Spec) -> Spec:
    """Give a spec its channel and applicant type."""
    channel = rng.choices(list(_CHANNELS), weights=list(_CHANNELS.values()))[0]
    kind = rng.choices(list(_TYPES), weights=list(_TYPES.values()))[0]
    return replace(spec, channel=channel, applicant_type=kind)
