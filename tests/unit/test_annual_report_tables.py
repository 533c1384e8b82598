"""The annual report's tables (pure): counting rules, labels, cross-checks, hash, and the
publication rules of ``AnnualReport``."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from domain.errors import DomainError, ReportCrossCheckFailed, RuleViolation
from domain.reporting import tables as layout
from domain.reporting.annual_report import (
    ItemFacts,
    RemedyFacts,
    RequestFacts,
    YearReport,
    annual_report,
    table2,
    table3,
    table4,
)
from domain.reporting.narrative import ReportNarrative, text_sha256
from domain.reporting.publication import AnnualReport
from domain.reporting.statistics import Figure, ReportStatistics
from domain.reporting.tables import TableRow
from tests.support.factories import DRAFTER, OFFICE_HEAD, REQUEST_HANDLER

# The labels of Table 3 exactly as REFERENCE.md writes them (国办公开办函〔2021〕30号).
REFERENCE_TABLE3 = [
    "一、本年新收政府信息公开申请数量",
    "二、上年结转政府信息公开申请数量",
    "（一）予以公开",
    "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
    *(
        f"（三）不予公开 {n}.{label}"
        for n, label in enumerate(
            [
                "属于国家秘密",
                "其他法律行政法规禁止公开",
                "危及“三安全一稳定”",
                "保护第三方合法权益",
                "属于三类内部事务信息",
                "属于四类过程性信息",
                "属于行政执法案卷",
                "属于行政查询事项",
            ],
            start=1,
        )
    ),
    "（四）无法提供 1.本机关不掌握相关政府信息",
    "（四）无法提供 2.没有现成信息需要另行制作",
    "（四）无法提供 3.补正后申请内容仍不明确",
    "（五）不予处理 1.信访举报投诉类申请",
    "（五）不予处理 2.重复申请",
    "（五）不予处理 3.要求提供公开出版物",
    "（五）不予处理 4.无正当理由大量反复申请",
    "（五）不予处理 5.要求行政机关确认或重新出具已获取信息",
    "（六）其他处理 1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    "（六）其他处理 2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    "（六）其他处理 3.其他",
    "（七）总计",
    "四、结转下年度继续办理",
]


def request(
    receipt_on: str | None = "2025-03-03",
    closed_on: str | None = None,
    outcome: str | None = None,
    *,
    closed_as: str | None = None,
    applicant_type: str = "natural-person",
) -> RequestFacts:
    if closed_on is not None and closed_as is None:
        closed_as = "answered"
    return RequestFacts("s", "2025-0001", applicant_type, receipt_on, closed_as, closed_on, outcome)


def values(rows: list[RequestFacts], label: str, year: int = 2025) -> tuple[int | None, ...]:
    return table3(year, rows).row(label).values


class TestTable3:
    def test_the_rows_and_columns_are_the_templates_with_the_reference_labels(self) -> None:
        table = table3(2025, [])
        assert [row.label for row in table.rows] == REFERENCE_TABLE3
        assert table.columns == (
            "自然人",
            "商业企业",
            "科研机构",
            "社会公益组织",
            "法律服务机构",
            "其他",
            "总计",
        )

    def test_a_request_answered_in_its_year_counts_as_received_and_under_its_outcome(
        self,
    ) -> None:
        rows = [request("2025-03-03", "2025-03-20", "disclosed", applicant_type="research")]
        assert values(rows, layout.RECEIVED) == (0, 0, 1, 0, 0, 0, 1)
        assert values(rows, "（一）予以公开") == (0, 0, 1, 0, 0, 0, 1)
        assert values(rows, layout.CARRIED_OUT)[-1] == 0

    def test_a_request_withdrawn_by_the_applicant_counts_under_six_three_other(self) -> None:
        rows = [request("2025-03-03", "2025-03-05", None, closed_as="withdrawn")]
        assert values(rows, "（六）其他处理 3.其他")[-1] == 1

    def test_a_request_received_before_the_year_and_still_open_is_carried_in(self) -> None:
        rows = [request("2024-12-30", "2025-01-06", "disclosed")]
        assert values(rows, layout.CARRIED_IN)[-1] == 1
        assert values(rows, layout.RECEIVED)[-1] == 0
        assert values(rows, layout.CARRIED_OUT, 2024)[-1] == 1

    def test_a_request_closed_before_the_year_is_not_counted_in_it(self) -> None:
        rows = [request("2024-11-01", "2024-12-31", "disclosed")]
        assert all(v == 0 for row in table3(2025, rows).rows for v in row.values)

    def test_an_online_request_never_confirmed_is_counted_nowhere(self) -> None:
        rows = [request(None)]
        assert all(v == 0 for row in table3(2025, rows).rows for v in row.values)
        assert annual_report(2025, rows, [], [], []).unconfirmed == 1

    def test_a_closing_without_an_outcome_is_an_error_not_a_silent_miscount(self) -> None:
        with pytest.raises(Exception) as failed:
            table3(2025, [request("2025-03-03", "2025-03-04", None)])
        assert getattr(failed.value, "code", None) == "DOMAIN_ERROR"


class TestTable4:
    def remedy(self, filed: str, decided: str | None, result: str, **kw: object) -> RemedyFacts:
        fields = {"kind": "reconsideration", "after_reconsideration": False, **kw}
        return RemedyFacts("s", filed_on=filed, decided_on=decided, result=result, **fields)  # type: ignore[arg-type]

    def test_a_case_decided_in_the_year_counts_under_its_result(self) -> None:
        table = table4(2025, [self.remedy("2025-02-01", "2025-05-01", "corrected")])
        assert table.row(layout.RECONSIDERATION).values == (0, 1, 0, 0, 1)

    def test_a_case_pending_at_the_years_end_counts_as_pending_then_by_result(self) -> None:
        case = self.remedy("2025-11-01", "2026-02-01", "upheld")
        assert table4(2025, [case]).row(layout.RECONSIDERATION).values == (0, 0, 0, 1, 1)
        assert table4(2026, [case]).row(layout.RECONSIDERATION).values == (1, 0, 0, 0, 1)
        assert table4(2027, [case]).row(layout.RECONSIDERATION).values == (0, 0, 0, 0, 0)

    def test_a_case_filed_after_the_year_is_not_counted_in_it(self) -> None:
        assert table4(2024, [self.remedy("2025-01-02", None, "pending")]).rows[0].values[-1] == 0

    def test_lawsuits_are_split_into_direct_and_after_reconsideration(self) -> None:
        direct = self.remedy("2025-03-01", None, "pending", kind="lawsuit")
        after = self.remedy(
            "2025-03-01", "2025-06-01", "other", kind="lawsuit", after_reconsideration=True
        )
        table = table4(2025, [direct, after])
        assert table.row(layout.DIRECT_LAWSUIT).values == (0, 0, 0, 1, 1)
        assert table.row(layout.LAWSUIT_AFTER).values == (0, 0, 1, 0, 1)


class TestTable2:
    def item(
        self,
        category: str,
        published: str | None,
        withdrawn: str | None = None,
        reason: str | None = None,
    ) -> ItemFacts:
        return ItemFacts("s", category, published, withdrawn, reason)

    def test_rules_issued_repealed_and_in_force(self) -> None:
        items = [
            self.item("rules", "2025-02-01"),
            self.item("rules", "2024-02-01", "2025-06-01", "repealed_or_expired"),
            self.item("rules", "2024-03-01", "2025-07-01", "error"),
            self.item("rules", "2024-04-01"),
        ]
        assert table2(2025, items).row("规章").values == (1, 1, 2)

    def test_decisions_are_not_counted_from_published_items(self) -> None:
        # issue 16: 本年处理决定数量 are decisions the units made, not items published
        items = [self.item("penalties", "2025-02-01"), self.item("penalties", "2024-12-31")]
        assert table2(2025, items).row("行政处罚").values == (None,)

    def test_decisions_and_fees_add_up_each_units_latest_recorded_figure(self) -> None:
        figures = [
            Figure(2025, "penalties", "市场监管局", 40, "统计表"),
            Figure(2025, "penalties", "城管局", 7, "统计表"),
            Figure(2025, "penalties", "市场监管局", 41, "更正后的统计表"),  # corrects the 40
            Figure(2024, "penalties", "城管局", 900, "上年统计表"),
            Figure(2025, "fees", "财政局", 1_234_567, "收费统计"),
        ]
        table = table2(2025, [], figures)
        assert table.row("行政处罚").values == (48,)
        assert table.row("行政许可").values == (None,)  # no unit reported
        assert table.row("行政事业性收费").values == ("123.4567",)  # 万元

    def test_the_fees_row_is_left_empty_until_a_unit_reports_it(self) -> None:
        assert table2(2025, []).row("行政事业性收费").values == (None,)

    def test_the_column_labels_are_the_templates(self) -> None:
        table = table2(2025, [])
        assert table.row("规章").columns == ("本年制发件数", "本年废止件数", "现行有效件数")
        assert table.row("行政许可").columns == ("本年处理决定数量",)
        assert table.row("行政事业性收费").columns == ("本年收费金额（单位：万元）",)


def _report() -> YearReport:
    rows = [request("2025-03-03", "2025-03-20", "disclosed"), request("2025-12-30")]
    return annual_report(2025, rows, [], [], [])


def _tampered(report: YearReport) -> YearReport:
    t3 = report.table3
    rows = tuple(
        TableRow(r.label, (r.values[0] + 1, *r.values[1:]), r.key)
        if r.label == layout.RECEIVED
        else r
        for r in t3.rows
    )
    return replace(report, table3=replace(t3, rows=rows))


class TestCrossChecks:
    def test_they_hold_for_a_computed_report(self) -> None:
        report = _report()
        report.check()
        assert all(c.holds for c in report.cross_checks())

    def test_a_report_whose_numbers_do_not_add_up_is_refused(self) -> None:
        with pytest.raises(ReportCrossCheckFailed) as failed:
            _tampered(_report()).check()
        assert failed.value.code == "REPORT_CROSS_CHECK_FAILED"

    def test_the_hash_covers_the_numbers(self) -> None:
        assert _report().sha256 == _report().sha256
        assert _tampered(_report()).sha256 != _report().sha256


def _narratives() -> ReportNarrative:
    """Sections 一, 五 and 六 drafted and approved by another officer (publishable)."""
    narrative = ReportNarrative("narrative-2025")
    at = datetime(2026, 1, 15, 2, tzinfo=UTC)
    for section in (1, 5, 6):
        text = f"第{section}部分"
        narrative.draft(DRAFTER, at, year=2025, section=section, text=text)
        narrative.approve(OFFICE_HEAD, at, section=section, sha256=text_sha256(text))
    return narrative


NARRATED = {"narratives": _narratives(), "agency_kind": "department"}


class TestPublication:
    at = datetime(2026, 1, 20, 2, tzinfo=UTC)

    def publish(self, report: YearReport, on: date = date(2026, 1, 20)) -> AnnualReport:
        record = AnnualReport("report-2025")
        record.publish(
            OFFICE_HEAD,
            self.at,
            report=report,
            tree_size=10,
            root_hash="ab" * 32,
            published_on=on,
            **NARRATED,
        )
        return record

    def test_the_office_head_publishes_the_hash_and_figures(self) -> None:
        report = _report()
        event = self.publish(report).collect()[0]
        assert event.type == "AnnualReport.Published"
        assert event.data["report_sha256"] == report.sha256
        assert event.data["figures"]["table3"]["received"][-1] == 2

    def test_a_report_failing_its_cross_checks_is_not_published(self) -> None:
        with pytest.raises(ReportCrossCheckFailed):
            self.publish(_tampered(_report()))

    def test_a_year_is_published_only_after_it_ends(self) -> None:
        with pytest.raises(RuleViolation) as refused:
            self.publish(_report(), date(2025, 12, 31))
        assert refused.value.code == "REPORT_YEAR_NOT_OVER"

    def test_only_the_office_head_publishes(self) -> None:
        with pytest.raises(Exception) as refused:
            AnnualReport("r").publish(
                REQUEST_HANDLER,
                self.at,
                report=_report(),
                tree_size=1,
                root_hash="ab" * 32,
                published_on=date(2026, 1, 20),
                **NARRATED,
            )
        assert getattr(refused.value, "code", None) == "ROLE_REQUIRED"

    def test_a_new_publication_supersedes_the_last_and_the_same_one_is_refused(self) -> None:
        record = self.publish(_report())
        with pytest.raises(RuleViolation) as again:
            record.publish(
                OFFICE_HEAD,
                self.at,
                report=_report(),
                tree_size=11,
                root_hash="cd" * 32,
                published_on=date(2026, 1, 21),
                **NARRATED,
            )
        assert again.value.code == "REPORT_ALREADY_PUBLISHED"
        changed = annual_report(2025, [request("2025-03-03")], [], [], [])
        record.publish(
            OFFICE_HEAD,
            self.at,
            report=changed,
            tree_size=12,
            root_hash="cd" * 32,
            published_on=date(2026, 1, 22),
            **NARRATED,
        )
        assert record.collect()[-1].data["supersedes"] == _report().sha256


class TestStatistics:
    def test_a_figure_is_recorded_by_the_office_head(self) -> None:
        book = ReportStatistics("statistics-2025")
        book.record(
            OFFICE_HEAD, datetime(2026, 1, 5, tzinfo=UTC), year=2025, row="licensing",
            unit="市场监管局", figure=12, source="统计表",
        )  # fmt: skip
        assert book.figures == (Figure(2025, "licensing", "市场监管局", 12, "统计表"),)

    @pytest.mark.parametrize(
        ("who", "row", "figure", "code"),
        [
            ("handler", "licensing", 1, "ROLE_REQUIRED"),
            ("head", "published_items", 1, "STATISTICS_ROW_UNKNOWN"),
            ("head", "fees", -1, "STATISTICS_FIGURE_INVALID"),
        ],
    )
    def test_a_figure_is_refused(self, who: str, row: str, figure: int, code: str) -> None:
        book = ReportStatistics("statistics-2025")
        actor = OFFICE_HEAD if who == "head" else REQUEST_HANDLER
        with pytest.raises(DomainError) as caught:
            book.record(
                actor, datetime(2026, 1, 5, tzinfo=UTC), year=2025, row=row, unit="局",
                figure=figure, source="统计表",
            )  # fmt: skip
        assert caught.value.code == code
