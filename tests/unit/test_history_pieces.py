"""Small pure parts of the chat history: timestamps, titles, feedback and offset parsing."""

from __future__ import annotations

import pytest

from backend.errors import BadRequestError
from backend.history.documents import MonotonicClock
from backend.history.titles import MAX_GENERATED_TITLE, _tidy, fallback_title
from backend.history.validation import parse_feedback, parse_offset


def test_timestamps_never_repeat_and_sort_as_strings() -> None:
    clock = MonotonicClock()

    stamps = [clock.now() for _ in range(2000)]

    assert stamps == sorted(stamps)
    assert len(set(stamps)) == len(stamps)
    assert {len(stamp) for stamp in stamps} == {len("2026-11-28T12:00:00.000000Z")}
    assert all(stamp.endswith("Z") for stamp in stamps)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ('"Quarterly Sales Review."', "Quarterly Sales Review"),
        ("  \u201cTrip   to\nLisbon\u201d ", "Trip to Lisbon"),
        ("", ""),
    ],
)
def test_model_titles_are_tidied(raw: str, expected: str) -> None:
    assert _tidy(raw) == expected


def test_a_rambling_title_is_cut_at_a_word() -> None:
    title = _tidy("word " * 60)

    assert len(title) <= MAX_GENERATED_TITLE + 1
    assert title.endswith("word\u2026")


def test_without_a_model_the_question_becomes_the_title() -> None:
    assert fallback_title([{"role": "user", "content": "What is our leave policy?"}]) == (
        "What is our leave policy"
    )
    assert fallback_title([]) == "New conversation"


def test_negative_feedback_may_name_several_reasons() -> None:
    body = {"message_feedback": "negative, wrong_citation,out_of_scope"}

    assert parse_feedback(body) == "negative,wrong_citation,out_of_scope"


def test_the_sample_frontends_spelling_of_other_harmful_is_accepted() -> None:
    assert parse_feedback({"message_feedback": "other_harmlful"}) == "other_harmlful"


@pytest.mark.parametrize("raw", ["-1", "1.5", "abc", "100001"])
def test_bad_offsets_are_refused(raw: str) -> None:
    with pytest.raises(BadRequestError, match="offset must be"):
        parse_offset(raw)


def test_a_missing_offset_is_the_first_page() -> None:
    assert parse_offset(None) == 0
    assert parse_offset("25") == 25
