"""Officer text shows what it holds (issue 14, item 8): no bidi control characters (a
title could display differently from what is recorded) and never only invisible
characters (a title of U+200B alone)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.checks import BIDI_CONTROLS, check_text
from domain.errors import RuleViolation

visible = st.characters(
    codec="utf-8", categories=("L", "N", "P", "S", "Mn"), exclude_characters=BIDI_CONTROLS
)
invisible = st.sampled_from(["\u200b", "\u2060", "\ufeff", "\u00ad", "\u180e", "\u200d"])


@given(
    st.text(visible, min_size=1, max_size=30),
    st.sampled_from(sorted(BIDI_CONTROLS)),
    st.integers(min_value=0, max_value=30),
)
def test_a_bidi_control_anywhere_is_refused_and_located(
    text: str, control: str, where: int
) -> None:
    where = min(where, len(text))
    with pytest.raises(RuleViolation) as refused:
        check_text(text[:where] + control + text[where:], "title")
    assert refused.value.code == "TEXT_BIDI_CONTROL"
    assert refused.value.evidence["position"] == where
    assert refused.value.evidence["character"] == f"U+{ord(control):04X}"


@given(st.lists(invisible, min_size=1, max_size=10), st.sampled_from(["", " ", "\u3000"]))
def test_text_of_invisible_characters_only_is_refused(marks: list[str], space: str) -> None:
    with pytest.raises(RuleViolation) as refused:
        check_text(space.join(marks), "title")
    assert refused.value.code == "TEXT_INVISIBLE"


@given(st.text(visible, min_size=1, max_size=40), st.lists(invisible, max_size=3))
def test_visible_text_with_invisible_marks_is_kept_as_written(text: str, marks: list[str]) -> None:
    written = "".join(marks) + text
    assert check_text(written, "title") == written


def test_the_issues_examples() -> None:
    for title, code in [("\u202egpj.exe", "TEXT_BIDI_CONTROL"), ("\u200b", "TEXT_INVISIBLE")]:
        with pytest.raises(RuleViolation) as refused:
            check_text(title, "title")
        assert refused.value.code == code
    assert check_text("关于2026年预算公开的通知", "title") == "关于2026年预算公开的通知"
