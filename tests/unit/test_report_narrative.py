"""Property: the annual report's narratives are publishable exactly when the latest draft
of each of sections 1, 5 and 6 was approved by someone who did not draft it, and what
is approved is that draft's text (its SHA-256), whatever the order of the steps."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from domain.errors import RuleViolation
from domain.reporting.narrative import ReportNarrative, text_sha256
from tests.support.factories import actor, at

WRITERS = [actor("dana", "drafter", "office_head"), actor("lee", "drafter", "office_head")]
steps = st.lists(
    st.tuples(
        st.sampled_from(["draft", "approve"]),
        st.sampled_from([1, 5, 6]),
        st.integers(0, 1),
        st.text(alphabet="总体情况问题其他。", min_size=1, max_size=8),
    ),
    max_size=25,
)


@given(steps)
def test_publishable_exactly_when_every_latest_draft_is_approved_by_another(
    script: list[tuple[str, int, int, str]],
) -> None:
    narrative = ReportNarrative("narrative")
    latest: dict[int, tuple[str, str, bool]] = {}  # section -> (text, drafter, approved)
    for n, (step, section, who, text) in enumerate(script):
        officer = WRITERS[who]
        if step == "draft":
            narrative.draft(officer, at(n), year=2025, section=section, text=text)
            latest[section] = (text, officer.officer_id, False)
            continue
        current = latest.get(section)
        sha = text_sha256(current[0]) if current else "0" * 64
        try:
            narrative.approve(officer, at(n), section=section, sha256=sha)
        except RuleViolation as refused:
            assert current is None or current[1] == officer.officer_id or current[2], refused
            continue
        assert current is not None and current[1] != officer.officer_id and not current[2]
        latest[section] = (current[0], current[1], True)
    expected = all(s in latest and latest[s][2] for s in (1, 5, 6))
    try:
        approved = narrative.approved()
    except RuleViolation as refused:
        assert not expected and refused.code == "REPORT_NARRATIVE_NOT_APPROVED"
        return
    assert expected
    assert {n: s.text_sha256 for n, s in approved.items()} == {
        n: text_sha256(latest[n][0]) for n in (1, 5, 6)
    }
