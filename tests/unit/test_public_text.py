"""Published officer free text: confirmation required, ID and mobile numbers refused."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.aggregate import Actor
from domain.calendar.working_calendar import WorkingCalendar
from domain.complaint.complaint import KINDS as COMPLAINT_KINDS
from domain.complaint.complaint import RESULTS, Complaint
from domain.disclosure_request.answer_reasons import check_reasons
from domain.errors import RuleViolation
from domain.privacy.public_text import check_public_text, id_number_valid, personal_identifiers
from domain.topic.topic import Topic

VALID_ID = "11010519491231002X"  # GB 11643 check digit X
WRONG_CHECK = "110105194912310021"


def code(text: str, confirmed: bool = True) -> str:
    with pytest.raises(RuleViolation) as refused:
        check_public_text(text, "reason", confirmed=confirmed)
    return refused.value.code


def test_an_id_number_is_recognised_by_its_check_digit() -> None:
    assert id_number_valid(VALID_ID) and id_number_valid(VALID_ID.lower())
    assert not id_number_valid(WRONG_CHECK)


@pytest.mark.parametrize(
    "text",
    [
        f"申请人{VALID_ID}需调档",
        "申请人１１０１０５１９４９１２３１００２Ｘ",  # full-width
        "联系电话13912345678",
        "电话 139-1234-5678",
        "+86 13912345678",
    ],
)
def test_identifiers_in_public_text_are_refused(text: str) -> None:
    assert code(text) == "PERSONAL_DATA_IN_PUBLIC_TEXT"


@pytest.mark.parametrize(
    "text",
    ["涉及信息量大，需要调取多年档案", f"档号{WRONG_CHECK}", "文号2026年第12号", "12345678901"],
)
def test_ordinary_reasons_pass(text: str) -> None:
    assert check_public_text(text, "reason", confirmed=True) == text


def test_without_the_officers_confirmation_even_a_clean_reason_is_refused() -> None:
    assert code("需要调取档案", confirmed=False) == "PERSONAL_DATA_CONFIRMATION_REQUIRED"


@given(st.integers(min_value=10**16, max_value=10**17 - 1))
def test_every_id_number_with_its_check_digit_is_found_inside_text(body: int) -> None:
    digits = str(body)
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    check = "10X98765432"[sum(int(d) * w for d, w in zip(digits, weights, strict=True)) % 11]
    assert personal_identifiers(f"理由：{digits}{check}。") == ["id_number"]


@given(st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True))
def test_every_mobile_number_is_found_inside_text(number: str) -> None:
    assert "mobile" in personal_identifiers(f"请联系{number}")


STAFF = Actor("officer-0002", frozenset({"request_handler", "approver", "office_head"}))
AT = datetime(2026, 3, 2, 1, 30, tzinfo=UTC)
LEAKY = "如有疑问请联系经办人13912345678"


def test_answer_reasons_are_published_and_refused_with_a_mobile_number() -> None:
    with pytest.raises(RuleViolation) as refused:
        check_reasons("withheld.state_secret", LEAKY, ["14"])
    assert refused.value.code == "PERSONAL_DATA_IN_PUBLIC_TEXT"
    assert check_reasons("withheld.state_secret", "属于国家秘密", ["14"])[0] == "属于国家秘密"


def test_a_topics_public_wording_reason_and_reply_are_checked() -> None:
    topic = Topic.propose(
        "t", STAFF, AT, number="DT20260302-abcdef", on=date(2026, 3, 2),
        text="希望公开停车场收费标准", contact={"email": "a@example.cn"},
    )  # fmt: skip
    for wording, reason in ((LEAKY, "属于主动公开范围"), ("公开停车场收费标准", LEAKY)):
        with pytest.raises(RuleViolation) as refused:
            topic.moderate(STAFF, AT, accepted=True, reason=reason, public_text=wording)
        assert refused.value.code == "PERSONAL_DATA_IN_PUBLIC_TEXT"
    topic.moderate(STAFF, AT, accepted=True, reason="属于主动公开范围", public_text="停车场收费")
    with pytest.raises(RuleViolation) as refused:
        topic.answer(STAFF, AT, item_ids=[], reply=LEAKY)
    assert refused.value.code == "PERSONAL_DATA_IN_PUBLIC_TEXT"


def test_a_complaints_public_reply_is_checked() -> None:
    complaint = Complaint.file(
        "c", STAFF, AT, number="TS20260302-abcdef", kind=sorted(COMPLAINT_KINDS)[0],
        filed_on=date(2026, 3, 2), complainant={"name": "投诉人"}, text="逾期未答复",
        about=None, days=20, calendar=WorkingCalendar(),
    )  # fmt: skip
    with pytest.raises(RuleViolation) as refused:
        complaint.answer(STAFF, AT, on=date(2026, 3, 3), result=sorted(RESULTS)[0], reply=LEAKY)
    assert refused.value.code == "PERSONAL_DATA_IN_PUBLIC_TEXT"
