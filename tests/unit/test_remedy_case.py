"""Reconsiderations and lawsuits not tied to a request (Art. 51; Table 4)."""

from __future__ import annotations

from datetime import date

import pytest

from domain.errors import DomainError
from domain.remedy_case import RemedyCase
from tests.support.factories import OFFICE_HEAD, REQUEST_HANDLER, at

H = REQUEST_HANDLER


def filed(kind: str = "reconsideration", **kw: object) -> RemedyCase:
    case = RemedyCase("case")
    case.file(
        H, at(1), reference="示复〔2026〕3号", kind=kind, subject="third_party",
        on=date(2026, 5, 6), **kw,  # type: ignore[arg-type]
    )  # fmt: skip
    return case


def refused(code: str, command: object) -> None:
    with pytest.raises(DomainError) as caught:
        command()  # type: ignore[operator]
    assert caught.value.code == code


def test_a_case_is_filed_pending_and_then_decided() -> None:
    case = filed()
    assert (case.kind, case.result) == ("reconsideration", "pending")
    case.decide(H, at(2), on=date(2026, 7, 1), result="corrected")
    assert case.result == "corrected"
    types = [event.type for event in case.collect()]
    assert types == ["RemedyCase.Filed", "RemedyCase.Decided"]


def test_a_case_is_filed_once_and_decided_once() -> None:
    case = filed()
    refused("REMEDY_ALREADY_FILED", lambda: case.file(
        H, at(2), reference="示复〔2026〕3号", kind="lawsuit", subject="other",
        on=date(2026, 5, 7),
    ))  # fmt: skip
    case.decide(H, at(3), on=date(2026, 7, 1), result="upheld")
    refused(
        "REMEDY_ALREADY_DECIDED",
        lambda: case.decide(H, at(4), on=date(2026, 7, 2), result="other"),
    )


def test_only_a_lawsuit_follows_a_reconsideration() -> None:
    refused("REMEDY_KIND_UNKNOWN", lambda: filed(after_reconsideration=True))
    assert filed("lawsuit", after_reconsideration=True).kind == "lawsuit"


def test_a_decision_before_the_filing_or_by_another_role_is_refused() -> None:
    case = filed()
    refused("INVALID_DATE", lambda: case.decide(H, at(2), on=date(2026, 5, 1), result="upheld"))
    refused(
        "ROLE_REQUIRED",
        lambda: case.decide(OFFICE_HEAD, at(2), on=date(2026, 7, 1), result="upheld"),
    )
