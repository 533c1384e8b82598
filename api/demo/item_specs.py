"""What the demo office discloses: one line per item (month formed, category, 文号
prefix, title, fate) and the text of each document. Names of persons and firms are
anonymised with 某某, as a real catalogue would for a demo."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

AGENCY = "示范市人民政府办公室"

# fates: published | corrected | late | redacted | clarified | self_approval |
#        repealed | error | secrecy | on_request | withheld:<ground> | secret:<ground>
# ("secret": a classified item whose title is sealed in the ledger)


@dataclass(frozen=True)
class Spec:
    month: str  # "2025-03": the month the information is formed
    category: str
    prefix: str | None  # 文号 prefix, numbered per year: 示政办发〔2025〕12号
    title: str
    fate: str = "published"


SPECS: tuple[Spec, ...] = (
    # 2025 Q1
    Spec("2025-01", "plans", "示政办发", "示范市2025年政务公开工作要点"),
    Spec("2025-01", "normative_documents", "示政办发",
         "示范市人民政府办公室关于印发《示范市政府信息公开工作规定》的通知", "clarified"),
    Spec("2025-01", "policy_interpretations", None, "《示范市政府信息公开工作规定》政策解读"),
    Spec("2025-02", "budgets", "示财预", "示范市2025年市级一般公共预算", "corrected"),
    Spec("2025-02", "budgets", "示财预", "示范市人民政府办公室2025年部门预算"),
    Spec("2025-02", "budgets", "示财预", "示范市2025年“三公”经费预算情况说明"),
    Spec("2025-02", "normative_documents", "示政办发",
         "关于做好2025年度春季森林防火工作的通知", "repealed"),
    Spec("2025-03", "statistics", "示统发", "示范市2024年国民经济和社会发展统计公报", "corrected"),
    Spec("2025-03", "licensing", "示市监食许",
         "关于准予示范市某某食品有限公司食品生产许可的决定"),
    Spec("2025-03", "penalties", "示市监罚",
         "行政处罚决定书（某某超市销售过期食品案）", "self_approval"),
    Spec("2025-03", "personnel", "示政任", "示范市人民政府关于王某某等同志职务任免的通知"),
    Spec("2025-03", "normative_documents", "示政发",
         "示范市人民政府关于加强城市道路停车管理的通告", "repealed"),
    # 2025 Q2
    Spec("2025-04", "normative_documents", "示政办发",
         "关于印发《示范市城市居民最低生活保障实施办法》的通知"),
    Spec("2025-04", "policy_interpretations", None, "图解：《示范市城市居民最低生活保障实施办法》"),
    Spec("2025-04", "licensing", "示自然资规许",
         "建设工程规划许可证（示范新区第三中学扩建工程）", "secrecy"),
    Spec("2025-04", "penalties", "示市监罚",
         "行政处罚决定书（个体工商户王某某无照经营案）", "redacted"),
    Spec("2025-05", "fees", "示财综", "示范市行政事业性收费目录清单（2025年版）"),
    Spec("2025-05", "licensing", "示卫医许",
         "关于准予某某医药连锁有限公司药品经营许可的决定"),
    Spec("2025-05", "penalties", "示住建罚",
         "行政处罚决定书（某某建材有限公司未批先建案）", "error"),
    Spec("2025-05", "procurement", "示财采", "示范市2025年政府集中采购目录及限额标准"),
    Spec("2025-05", "normative_documents", "示政办发", "关于进一步优化营商环境的若干措施"),
    Spec("2025-05", "policy_interpretations", None, "《关于进一步优化营商环境的若干措施》解读"),
    Spec("2025-06", "budgets", "示财预", "示范市人民政府办公室2024年部门决算", "late"),
    Spec("2025-06", "personnel", "示人社公",
         "示范市2025年度考试录用公务员拟录用人员公示", "redacted"),
    Spec("2025-06", "licensing", "示交运许", "道路运输经营许可（示范市某某物流有限公司）"),
    Spec("2025-06", "other", None, "关于某某项目前期论证的内部讨论记录",
         "withheld:art16.process_information"),
    # 2025 Q3
    Spec("2025-07", "budgets", "示财预", "示范市2024年市级财政决算"),
    Spec("2025-07", "penalties", "示文旅罚", "行政处罚决定书（某某网吧接纳未成年人案）"),
    Spec("2025-07", "normative_documents", "示政办发",
         "关于印发《示范市公共租赁住房管理办法》的通知", "corrected"),
    Spec("2025-07", "policy_interpretations", None, "一图读懂《示范市公共租赁住房管理办法》"),
    Spec("2025-08", "statistics", "示统发", "2025年1—6月示范市主要经济指标"),
    Spec("2025-08", "licensing", "示教许", "关于准予设立示范市某某职业技能培训学校的行政许可决定"),
    Spec("2025-08", "penalties", "示市监罚", "行政处罚决定书（某某餐馆无证经营案）"),
    Spec("2025-08", "licensing", None, "某某企业申报材料中的商业秘密部分",
         "withheld:art15.third_party_rights"),
    Spec("2025-09", "budgets", "示财预", "示范市2025年政府性基金预算调整方案"),
    Spec("2025-09", "licensing", "示住建许",
         "关于准予某某建筑工程有限公司建筑施工企业资质的决定"),
    Spec("2025-09", "penalties", "示市监罚", "行政处罚决定书（某某加油站计量器具不合格案）"),
    Spec("2025-09", "personnel", "示政任", "关于李某某同志任职前公示的公告"),
    Spec("2025-09", "other", None, "示范市某某片区征收补偿安置协议汇总", "on_request"),
    # 2025 Q4
    Spec("2025-10", "normative_documents", "示政办发",
         "关于印发《示范市既有住宅加装电梯实施意见》的通知"),
    Spec("2025-10", "policy_interpretations", None, "《示范市既有住宅加装电梯实施意见》问答"),
    Spec("2025-10", "licensing", "示水许", "取水许可决定书（示范市第二自来水厂）"),
    Spec("2025-10", "penalties", "示城管罚",
         "行政处罚决定书（某某物业公司违规处置建筑垃圾案）", "corrected"),
    Spec("2025-11", "licensing", "示市监食许",
         "关于准予某某餐饮管理有限公司食品经营许可的决定"),
    Spec("2025-11", "penalties", "示卫罚", "行政处罚决定书（某某药店违规销售处方药案）"),
    Spec("2025-11", "procurement", "示财采", "示范市政务服务中心智能化改造项目中标公告"),
    Spec("2025-11", "other", None, "关于某某专项工作的请示", "secret:art14.state_secret"),
    Spec("2025-12", "normative_documents", "示政办发",
         "关于印发《示范市生活垃圾分类管理办法》的通知"),
    Spec("2025-12", "policy_interpretations", None, "《示范市生活垃圾分类管理办法》政策解读"),
    Spec("2025-12", "personnel", "示政办公",
         "示范市人民政府办公室2026年公开招聘事业单位工作人员公告"),
    # 2026
    Spec("2026-01", "plans", "示政办发", "示范市2026年政务公开工作要点"),
    Spec("2026-01", "normative_documents", "示政发",
         "示范市人民政府关于废止和修改部分行政规范性文件的决定"),
    Spec("2026-02", "budgets", "示财预", "示范市2026年市级一般公共预算"),
    Spec("2026-02", "budgets", "示财预", "示范市2026年部门预算公开说明"),
    Spec("2026-03", "statistics", "示统发", "示范市2025年国民经济和社会发展统计公报"),
    Spec("2026-03", "licensing", "示生环许", "排污许可证核发公告（示范市某某化工有限公司）"),
    Spec("2026-03", "other", None, "示范市2026年机关内部安全保卫工作方案",
         "withheld:art16.internal_affairs"),
    Spec("2026-04", "penalties", "示交罚", "行政处罚决定书（某某运输公司超限运输案）"),
    Spec("2026-04", "normative_documents", "示政办发",
         "关于调整城乡居民基本医疗保险筹资标准的通知", "corrected"),
    Spec("2026-04", "policy_interpretations", None, "关于调整城乡居民医保筹资标准的解读"),
    Spec("2026-05", "licensing", "示住建许", "建筑工程施工许可（示范市人民医院门诊楼改造工程）"),
    Spec("2026-06", "plans", "示政发", "示范市国民经济和社会发展第十五个五年规划纲要"),
    Spec("2026-06", "penalties", "示生环罚", "行政处罚决定书（某某化工企业超标排放案）"),
    Spec("2026-07", "budgets", "示财预", "示范市2025年市级财政决算"),
    Spec("2026-07", "personnel", "示人社公", "示范市2026年度考试录用公务员拟录用人员公示"),
    Spec("2026-08", "statistics", "示统发", "2026年1—6月示范市主要经济指标"),
    Spec("2026-08", "penalties", "示市监罚", "行政处罚决定书（某某培训机构虚假宣传案）"),
    Spec("2026-09", "normative_documents", "示政办发", "关于进一步规范涉企行政检查的通知"),
    Spec("2026-09", "other", None, "示范市2026年某某道路拓宽工程房屋征收评估报告",
         "on_request"),
    Spec("2026-10", "licensing", "示市监食许", "关于准予某某乳业有限公司食品生产许可的决定"),
    Spec("2026-10", "procurement", "示财采", "示范市智慧城市运行管理平台采购项目中标公告"),
)  # fmt: skip

_ADDRESSEES = {
    "normative_documents": "各区人民政府，市政府各部门，各直属机构：",
    "plans": "各区人民政府，市政府各部门，各直属机构：",
    "personnel": "各区人民政府，市政府各部门：",
}
_BODIES = {
    "normative_documents": "《{short}》已经市人民政府同意，现印发给你们，请认真贯彻执行。"
    "执行中遇到的问题，请及时向市司法局反映。",
    "policy_interpretations": "一、起草背景。二、主要内容。三、适用对象和办理流程。"
    "四、政策咨询电话：12345。本解读与原文件同步发布，供公众参考。",
    "budgets": "根据《中华人民共和国预算法》和《地方预决算公开操作规程》，现将{short}"
    "予以公开。本表金额单位为万元，收支总表、一般公共预算支出表及说明附后。",
    "statistics": "根据统计调查结果，现将{short}予以公布。本公报数据为初步统计数，"
    "部分指标合计数因四舍五入存在微小差异。",
    "licensing": "经审查，申请人提交的申请材料齐全、符合法定形式，根据《中华人民共和国"
    "行政许可法》第三十八条第一款，决定准予行政许可。有效期五年。",
    "penalties": "经查，当事人的行为违反了相关法律规定，事实清楚、证据确凿。根据《中华"
    "人民共和国行政处罚法》，决定给予警告并处罚款。当事人如不服，可依法申请行政复议"
    "或者提起行政诉讼。",
    "personnel": "经研究，决定{short}。公示期间，对公示对象有异议的，可通过来信、来电、"
    "来访等方式向市委组织部反映。",
    "fees": "根据国家和省有关规定，现将本市行政事业性收费目录清单予以公布，"
    "清单之外的行政事业性收费一律不得收取。",
    "procurement": "本项目采用公开招标方式，经评标委员会评审，现将结果公告如下。"
    "公告期限为一个工作日，有异议的可在七个工作日内提出质疑。",
    "plans": "现将{short}印发给你们，请结合实际认真抓好落实。",
}
_DEFAULT_BODY = "现将有关事项说明如下。（本件为内部工作材料。）"
# A private person's identity number: the reason a penalty is published redacted.
PERSONAL_LINE = "王某某，公民身份号码：110101197001011234，住所：示范市某某区某某路1号。"
REDACTED_LINE = "王某某，公民身份号码：1101************，住所：示范市某某区。"


def document(spec: Spec, doc_number: str | None, formed_on: date) -> str:
    """A short, plausible text of the document (UTF-8, as it would be filed)."""
    short = spec.title.removeprefix("关于印发").removesuffix("的通知").strip("《》")
    body = _BODIES.get(spec.category, _DEFAULT_BODY).format(short=short)
    lines = [AGENCY, doc_number or "", "", spec.title, ""]
    if spec.fate == "redacted":
        lines.append(PERSONAL_LINE)
    addressee = _ADDRESSEES.get(spec.category)
    lines += [*([addressee] if addressee else []), "　　" + body, "", AGENCY]
    lines.append(f"{formed_on.year}年{formed_on.month}月{formed_on.day}日")
    return "\n".join(lines) + "\n"


def corrected(text: str, changed_on: date, reason: str) -> str:
    return text + f"（{changed_on.year}年{changed_on.month}月{changed_on.day}日更正：{reason}）\n"


def redacted(text: str) -> str:
    return text.replace(PERSONAL_LINE, REDACTED_LINE)
