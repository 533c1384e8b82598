"""The written answer (Art. 36): reasons and legal basis for anything less than full
disclosure, reviewed content for a disclosure, the letter's hash in the entry; the letter
content model; the re-answer a corrected remedy decision orders (责令重新答复)."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import date
from typing import Any

import pytest

from domain.disclosure_request.letters import KINDS, REMEDIES, Letter, letter_for
from domain.disclosure_request.request import DisclosureRequest
from ledger.events import Recorded
from tests.support.factories import (
    REQUEST_HANDLER,
    answer_request,
    at,
    expect_refused,
    real_calendar,
    received_request,
    sha,
)

CAL = real_calendar()
H = REQUEST_HANDLER
ON = date(2026, 3, 2)


def answer(
    request: DisclosureRequest,
    outcome: str,
    *,
    reasons: str | None = None,
    articles: Sequence[str] = (),
    hashes: Sequence[str] = (),
    items: int | None = None,
    letter: Any = None,
    on: date = ON,
) -> None:
    request.answer(
        H,
        at(60),
        answered_on=on,
        outcome=outcome,
        items=len(hashes) if items is None else items,
        content_sha256s=list(hashes),
        delivery_form="paper",
        calendar=CAL,
        reasons=reasons,
        articles=articles,
        issuing_office="示范市人民政府办公室",
        letter=letter,
    )


class TestReasons:
    @pytest.mark.parametrize(
        "outcome",
        ["withheld.state_secret", "partially_disclosed", "unavailable.not_held", "other.other"],
    )
    def test_an_answer_giving_less_than_asked_without_reasons_is_refused(
        self, outcome: str
    ) -> None:
        request = received_request()
        hashes = [sha("part")] if outcome == "partially_disclosed" else []
        refused = expect_refused(
            request,
            "REASONS_REQUIRED",
            lambda: answer(request, outcome, articles=["14"], hashes=hashes),
        )
        assert refused.evidence["missing"] == "reasons"

    def test_reasons_without_articles_are_refused(self) -> None:
        request = received_request()
        refused = expect_refused(
            request,
            "REASONS_REQUIRED",
            lambda: answer(request, "withheld.state_secret", reasons="属于国家秘密"),
        )
        assert refused.evidence["missing"] == "articles"

    @pytest.mark.parametrize("article", ["57", "0", "第十四条", "14(甲)", ""])
    def test_an_article_outside_the_regulation_is_refused(self, article: str) -> None:
        request = received_request()
        expect_refused(
            request,
            "ARTICLE_UNKNOWN",
            lambda: answer(request, "withheld.state_secret", reasons="x", articles=[article]),
        )

    def test_reasons_that_display_otherwise_than_recorded_are_refused(self) -> None:
        request = received_request()
        expect_refused(
            request,
            "TEXT_BIDI_CONTROL",
            lambda: answer(request, "other.other", reasons="理由\u202e", articles=["36"]),
        )

    def test_a_refusal_records_its_reasons_and_articles(self) -> None:
        request = received_request()
        answer(
            request, "withheld.state_secret", reasons=" 属于国家秘密 ", articles=["14", "36(三)"]
        )
        data = request.history[-1].data
        assert (data["reasons"], data["articles"]) == ("属于国家秘密", ["14", "36(三)"])
        assert (data["answer_schema"], data["issuing_office"]) == (2, "示范市人民政府办公室")

    def test_the_applicants_default_needs_no_further_reasons(self) -> None:
        request = received_request()
        request.request_supplement(
            H, at(10), on=date(2026, 2, 9), items=["文号"], allowed_days=5, calendar=CAL
        )
        answer(request, "other.no_supplement", on=date(2026, 3, 2))
        assert request.status == "answered"


class TestContent:
    def test_a_disclosure_without_reviewed_content_is_refused(self) -> None:
        request = received_request()
        expect_refused(request, "CONTENT_REQUIRED", lambda: answer(request, "disclosed", items=3))

    def test_a_partial_disclosure_names_its_content_too(self) -> None:
        request = received_request()
        expect_refused(
            request,
            "CONTENT_REQUIRED",
            lambda: answer(request, "partially_disclosed", reasons="部分涉密", articles=["37"]),
        )

    def test_fewer_items_than_hashes_named_are_refused(self) -> None:
        request = received_request()
        hashes = [sha("a"), sha("b")]
        expect_refused(
            request,
            "CONTENT_REQUIRED",
            lambda: answer(request, "disclosed", hashes=hashes, items=1),
        )


class TestLetterHash:
    def test_the_entry_records_the_hash_the_letter_renderer_returns(self) -> None:
        drafted: list[Letter] = []

        def press(letter: Letter) -> str:
            drafted.append(letter)
            return hashlib.sha256(repr(letter).encode()).hexdigest()

        request = received_request()
        answer(
            request,
            "withheld.third_party_rights",
            reasons="商业秘密",
            articles=["15"],
            letter=press,
        )
        [letter] = drafted
        data = request.history[-1].data
        assert data["letter_sha256"] == hashlib.sha256(repr(letter).encode()).hexdigest()
        assert (letter.kind, letter.number, letter.issued_on) == (
            "answer",
            "2026-0001",
            "2026-03-02",
        )
        assert letter.reasons == "商业秘密" and letter.articles == ("15",)

    def test_the_letter_is_the_same_when_rebuilt_from_the_recorded_entry(self) -> None:
        drafted: list[Letter] = []
        request = received_request()
        hashes = [sha("provided")]
        answer(
            request, "disclosed", hashes=hashes, letter=lambda lt: drafted.append(lt) or sha("x")
        )
        data = request.history[-1].data
        assert letter_for("answer", "2026-0001", data, "示范市人民政府办公室") == drafted[0]

    def test_a_renderer_returning_no_hash_is_refused(self) -> None:
        request = received_request()
        expect_refused(
            request,
            "INVALID_HASH",
            lambda: answer(request, "disclosed", hashes=[sha("a")], letter=lambda _: "nope"),
        )

    def test_an_entry_recorded_before_answer_schema_2_still_replays(self) -> None:
        request = received_request()
        old = {"answered_on": "2026-03-02", "outcome": "disclosed", "items": 1,
               "content_sha256s": [sha("a")], "delivery_form": "paper", "answer_due": "2026-03-12",
               "answer_due_provisional": False, "late": False}  # fmt: skip
        replayed = DisclosureRequest.replay(
            request.id,
            [*request.history, Recorded("DisclosureRequest.Answered", old, "o", at(60), 2)],
        )
        assert (replayed.status, replayed.outcome) == ("answered", "disclosed")
        assert letter_for("answer", "2026-0001", old, "某机关").reasons is None


class TestLetterContent:
    def test_every_answer_letter_names_the_remedies_with_their_periods(self) -> None:
        letter = letter_for("answer", "2026-0001", {"outcome": "withheld.state_secret"}, "某机关")
        text = "".join(letter.remedies)
        assert letter.remedies == REMEDIES
        assert all(part in text for part in ("六十日", "行政复议", "六个月", "行政诉讼", "投诉"))

    @pytest.mark.parametrize("kind", [k for k in KINDS if k not in ("answer", "reanswer")])
    def test_each_notice_has_its_title_and_body(self, kind: str) -> None:
        data = {"on": "2026-03-02", "items": ["文号"], "allowed_days": 10, "supplement_due": "x",
                "reason": "档案量大", "days": 10, "answer_due": "y", "method": "items",
                "count": 12, "fee_fen": 20000, "party": "agency"}  # fmt: skip
        letter = letter_for(kind, "2026-0001", data, "某机关")
        assert (
            letter.body and letter.title.endswith(("书", "函")) and letter.issued_on == "2026-03-02"
        )
        assert "2026-0001" in "".join(letter.body)
        assert bool(letter.remedies) == (kind != "consultation")

    def test_articles_are_cited_with_their_items(self) -> None:
        data = {"outcome": "withheld.state_secret", "articles": ["14", "36(三)", "33 第二款"]}
        letter = letter_for("answer", "2026-0001", data, "某机关")
        assert (
            letter.basis
            == "《中华人民共和国政府信息公开条例》第14条、第36条第（三）项、第33条第二款"
        )

    def test_the_fee_notice_states_the_amount_in_yuan(self) -> None:
        data = {"on": "2026-03-02", "method": "items", "count": 12, "fee_fen": 20000}
        assert "200.00元" in "".join(letter_for("fee", "2026-0001", data, "某机关").body)

    def test_an_unknown_kind_is_refused(self) -> None:
        with pytest.raises(Exception) as refused:
            letter_for("invoice", "2026-0001", {}, "某机关")
        assert getattr(refused.value, "code", None) == "LETTER_KIND_UNKNOWN"


def corrected(request: DisclosureRequest, kind: str = "reconsideration") -> None:
    request.file_reconsideration(H, at(70), on=date(2026, 3, 20), calendar=CAL)
    if kind == "lawsuit":
        request.decide_reconsideration(H, at(71), on=date(2026, 4, 20), result="upheld")
        request.file_lawsuit(
            H, at(72), on=date(2026, 5, 6), after_reconsideration=True, calendar=CAL
        )
        request.decide_lawsuit(H, at(73), on=date(2026, 8, 3), result="corrected")
        return
    request.decide_reconsideration(H, at(71), on=date(2026, 4, 20), result="corrected")


def reanswer(request: DisclosureRequest, on: date = date(2026, 9, 1), **extra: Any) -> None:
    request.reanswer(
        H, at(80), answered_on=on, outcome="disclosed", items=1,
        content_sha256s=[sha("re")], delivery_form="paper", **extra,
    )  # fmt: skip


class TestReanswer:
    def test_an_answered_request_is_not_answered_again(self) -> None:
        request = received_request()
        answer_request(request, ON, "withheld.state_secret")
        corrected(request)
        expect_refused(request, "ALREADY_ANSWERED", lambda: answer_request(request, ON))

    def test_no_reanswer_without_a_corrected_decision(self) -> None:
        request = received_request()
        answer_request(request, ON, "withheld.state_secret")
        request.file_reconsideration(H, at(70), on=date(2026, 3, 20), calendar=CAL)
        request.decide_reconsideration(H, at(71), on=date(2026, 4, 20), result="upheld")
        expect_refused(request, "REANSWER_NOT_ORDERED", lambda: reanswer(request))

    def test_an_open_request_is_answered_not_reanswered(self) -> None:
        request = received_request()
        expect_refused(request, "REQUEST_OPEN", lambda: reanswer(request))

    @pytest.mark.parametrize("kind", ["reconsideration", "lawsuit"])
    def test_a_corrected_decision_allows_one_reanswer_chained_to_it(self, kind: str) -> None:
        request = received_request()
        answer_request(request, ON, "withheld.state_secret")
        corrected(request, kind)
        decision = request.history[-1]
        reanswer(request)
        data = request.history[-1].data
        assert request.history[-1].name == "Reanswered"
        assert data["decision"] == {
            "kind": kind,
            "seq": decision.seq,
            "decided_on": decision.data["on"],
        }
        assert (request.status, request.outcome) == ("answered", "disclosed")
        expect_refused(request, "REANSWER_NOT_ORDERED", lambda: reanswer(request))

    def test_a_reanswer_follows_the_same_reasons_rule(self) -> None:
        request = received_request()
        answer_request(request, ON, "withheld.state_secret")
        corrected(request)
        expect_refused(
            request,
            "REASONS_REQUIRED",
            lambda: request.reanswer(
                H, at(80), answered_on=date(2026, 9, 1), outcome="unavailable.not_held",
                items=0, content_sha256s=[], delivery_form="paper",
            ),
        )  # fmt: skip

    def test_a_reanswer_is_dated_after_the_decision(self) -> None:
        request = received_request()
        answer_request(request, ON, "withheld.state_secret")
        corrected(request)
        expect_refused(request, "INVALID_DATE", lambda: reanswer(request, on=date(2026, 4, 1)))


def supplement_notice(request: DisclosureRequest) -> None:
    request.request_supplement(
        H, at(10), on=date(2026, 2, 9), items=["文号"], allowed_days=5, calendar=CAL
    )


def issue(
    request: DisclosureRequest, kind: str = "supplement", on: date = date(2026, 2, 10)
) -> None:
    request.issue_letter(
        H, at(11), kind=kind, on=on, office="某机关", letter=lambda _: sha(kind),
        opened=lambda _kind, data: data,
    )  # fmt: skip


class TestLetterIssued:
    def test_a_notice_letter_is_recorded_once_naming_its_notice(self) -> None:
        request = received_request()
        supplement_notice(request)
        issue(request)
        data = request.history[-1].data
        assert request.history[-1].name == "LetterIssued"
        assert data == {
            "kind": "supplement",
            "of_seq": 2,
            "on": "2026-02-10",
            "letter_sha256": sha("supplement"),
        }
        expect_refused(request, "LETTER_ALREADY_ISSUED", lambda: issue(request))

    def test_no_letter_without_its_notice(self) -> None:
        request = received_request()
        expect_refused(request, "LETTER_NOT_DUE", lambda: issue(request, "fee"))

    def test_an_answer_letter_is_recorded_with_the_answer_not_issued_apart(self) -> None:
        request = received_request()
        expect_refused(request, "LETTER_KIND_UNKNOWN", lambda: issue(request, "answer"))

    def test_issuing_a_letter_leaves_the_clock_as_it_was(self) -> None:
        request = received_request()
        supplement_notice(request)
        before = (request.status, request.supplement)
        issue(request)
        assert (request.status, request.supplement) == before
