"""Tests for claimlab.wording: counts that agree, lists as phrases, and table cells as text."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from claimlab.wording import cell_text, count, is_missing, listing, verb


def test_count_and_verb_agree_with_the_number():
    assert [count(n, "study", "studies") for n in (0, 1, 2)] == ["0 studies", "1 study", "2 studies"]
    assert count(3, "option") == "3 options"
    assert verb(1, "is", "are") == "is" and verb(2, "is", "are") == "are"


@pytest.mark.parametrize("items, last, expected", [
    ([], "and", ""),
    (["a"], "and", "a"),
    (["a", "b"], "and", "a and b"),
    (["a", "b", "c"], "and", "a, b and c"),
    (["a", "b", "c"], "or", "a, b or c"),
    (["a", "", "b"], "and", "a and b"),  # an empty item would read "a, , and b"
    ([1, 2], "and", "1 and 2"),
])
def test_listing_joins_items_as_a_phrase(items, last, expected):
    assert listing(items, last) == expected


def test_listing_takes_any_iterable_and_another_separator():
    assert listing(("x", "y", "z"), separator="; ") == "x; y and z"


@pytest.mark.parametrize("value", [None, float("nan"), np.nan, np.float64("nan"), pd.NA, pd.NaT])
def test_a_missing_cell_is_empty_text_never_nan(value):
    assert is_missing(value)
    assert cell_text(value) == ""


@pytest.mark.parametrize("value, expected", [
    ("  safe  ", "safe"), ("", ""), (3, "3"), (2.5, "2.5"), (["a", "b"], "['a', 'b']"), (0, "0"),
])
def test_a_filled_cell_is_its_text_without_surrounding_spaces(value, expected):
    assert not is_missing(value)
    assert cell_text(value) == expected


def test_a_quiz_explanation_read_from_an_empty_cell_shows_nothing():
    # Before the shared helper, the quizzes' own copy turned a NaN explanation into the word "nan".
    from claimlab.quizzes import grade_multiple_choice

    feedback = grade_multiple_choice("a", {"a": float("nan"), "b": "Not this."}, "a")
    assert feedback.correct and feedback.message == "Correct."
