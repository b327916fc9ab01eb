"""Tests for claimlab.feedback: the one result type every check returns, and the one 'not answered' wording."""

from __future__ import annotations

from claimlab import answers, assessment, quizzes
from claimlab.feedback import NOT_ANSWERED, Feedback


def test_feedback_shows_as_its_message_and_compares_by_value():
    result = Feedback(True, "Correct.")
    assert str(result) == repr(result) == "Correct."
    assert result == Feedback(True, "Correct.", "", "") and result != Feedback(False, "Correct.")


def test_every_checker_returns_the_same_type():
    assert answers.CheckResult is Feedback  # the old name, kept as an alias
    assert isinstance(quizzes.grade_multiple_choice("a", {"a": "Yes.", "b": "No."}, "a"), Feedback)
    checked = answers._result("q1", answers.CORRECT, "q1: right.")
    assert isinstance(checked, Feedback) and checked.correct and checked.question == "q1"
    assert not answers._result("q1", answers.WRITTEN, "q1: written.").correct  # a person judges a written answer


def test_one_wording_for_a_question_nobody_has_answered():
    assert answers.NOT_YET == assessment.NOT_ANSWERED == NOT_ANSWERED == "not answered yet"
    unanswered = quizzes.grade_multiple_choice(None, {"a": "Yes.", "b": "No."}, "a")
    assert unanswered.message.startswith("Not answered yet: ") and not unanswered.correct
