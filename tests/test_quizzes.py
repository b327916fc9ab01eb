"""Tests for claimlab.quizzes: grading that never crashes, and widgets that show why."""

from __future__ import annotations

import html

import pandas as pd
import pytest

from claimlab.quizzes import (
    Feedback,
    feedback_html,
    grade_marked_sentences,
    grade_multi_select,
    grade_multiple_choice,
    mark_sentences,
    multi_select,
    multiple_choice,
)

OPTIONS = {
    "An online survey of users": "A survey asks once and has no comparison group.",
    "A randomised trial": "Chance decides who gets what, so the groups start alike.",
    "A case report": "One person's story cannot show what would have happened anyway.",
}
ANSWER = "A randomised trial"

RED_FLAGS = {
    "It is natural": "'Natural' says nothing about safety or effect.",
    "A trial compared it with placebo": "A fair comparison is a reason to trust, not a red flag.",
    "Used for centuries": "Old use is not evidence that it works.",
    "100% safe": "No treatment is 100% safe.",
}
FLAGS = {"It is natural", "Used for centuries", "100% safe"}

SENTENCES = [
    "Kratom is a plant from Southeast Asia.",
    "It is a safe and effective aid for opioid withdrawal.",
    "Scientific research suggests it eases cravings.",
    "It is sold online.",
]
CLAIMS = {2, 3}
WHY = {2: "'Safe and effective' is a claim with no numbers.", 3: "'Research suggests' names no study."}


# --- multiple choice ---------------------------------------------------------------------------


def test_multiple_choice_right_answer_gives_its_reason():
    feedback = grade_multiple_choice(ANSWER, OPTIONS, ANSWER)
    assert feedback == Feedback(True, "Correct. Chance decides who gets what, so the groups start alike.")
    assert str(feedback) == feedback.message


def test_multiple_choice_wrong_answer_explains_why():
    feedback = grade_multiple_choice("A case report", OPTIONS, ANSWER)
    assert not feedback.correct
    assert feedback.message.startswith("Not quite: 'A case report' is not the best answer.")
    assert "One person's story" in feedback.message


def test_multiple_choice_forgives_spaces_and_case():
    assert grade_multiple_choice("  a randomised TRIAL ", OPTIONS, ANSWER).correct


@pytest.mark.parametrize(
    ("choice", "expected"),
    [
        (None, "Not answered yet"),
        ("", "Not answered yet"),
        ("   ", "Not answered yet"),
        (float("nan"), "Not answered yet"),
        ("A cohort study", "'A cohort study' is not one of the options. The options are:"),
        (3, "3 is not one of the options."),
        (["A case report", ANSWER], "Choose just one option; you gave 2 (a list)."),
        ({"a": 1}, "Choose just one option"),
        (object, "is not one of the options"),
    ],
)
def test_multiple_choice_bad_input_is_explained_not_raised(choice, expected):
    feedback = grade_multiple_choice(choice, OPTIONS, ANSWER)
    assert not feedback.correct and expected in feedback.message


@pytest.mark.parametrize(("options", "answer"), [({}, "x"), (None, "x"), (OPTIONS, "A cohort study"), (OPTIONS, ["x"])])
def test_multiple_choice_badly_set_up_question_is_reported(options, answer):
    feedback = grade_multiple_choice(ANSWER, options, answer)
    assert not feedback.correct and feedback.message.startswith("This question is set up wrongly")


# --- multi-select ---------------------------------------------------------------------------


def test_multi_select_all_right():
    feedback = grade_multi_select(sorted(FLAGS), RED_FLAGS, FLAGS)
    assert feedback.correct
    assert feedback.message.splitlines()[0] == "Correct: you ticked every option that applies (3), and nothing else."


def test_multi_select_first_try_names_wrong_ticks_and_counts_the_missed_without_naming_them():
    feedback = grade_multi_select({"It is natural", "A trial compared it with placebo"}, RED_FLAGS, FLAGS)
    lines = feedback.message.splitlines()
    assert not feedback.correct
    assert lines[0] == "Not quite: you found 1 of 3 options that apply, and ticked 1 that does not."
    assert lines[1].startswith("Ticked, but does not apply: 'A trial compared it with placebo'. A fair comparison")
    assert lines[2].startswith("Right to tick: 'It is natural'.")
    assert lines[3].startswith("2 more options should be ticked.")
    for missed in FLAGS - {"It is natural"}:
        assert missed not in feedback.message, "a first try must not give the key away"


def test_multi_select_shows_the_answers_when_asked():
    feedback = grade_multi_select({"It is natural", "A trial compared it with placebo"}, RED_FLAGS, FLAGS, reveal=True)
    lines = feedback.message.splitlines()
    assert "Missed: 'Used for centuries'. Old use is not evidence that it works." in lines
    assert "Missed: '100% safe'. No treatment is 100% safe." in lines
    assert not any("more option" in line for line in lines)


def test_multi_select_accepts_a_single_string_and_a_dict_of_ticks():
    assert grade_multi_select("100% safe", RED_FLAGS, {"100% safe"}).correct
    ticks = {option: option in FLAGS for option in RED_FLAGS}
    assert grade_multi_select(ticks, RED_FLAGS, FLAGS).correct


def test_multi_select_none_applying_is_a_valid_quiz():
    assert grade_multi_select([], RED_FLAGS, set()).message == "Correct: none of the options applies."


@pytest.mark.parametrize(
    ("choices", "expected"),
    [
        (None, "Not answered yet: tick every option"),
        ("", "Not answered yet"),
        ([], "you have not ticked anything"),
        (["It is natural", "Cheap"], "Not an option: 'Cheap'."),
        (42, "Not an option: 42."),
        ([["nested"]], "Not an option: ['nested']."),
    ],
)
def test_multi_select_bad_input_is_explained_not_raised(choices, expected):
    feedback = grade_multi_select(choices, RED_FLAGS, FLAGS)
    assert not feedback.correct and expected in feedback.message


@pytest.mark.parametrize(("options", "answers"), [({}, set()), (RED_FLAGS, {"Cheap"}), (RED_FLAGS, 5), (RED_FLAGS, [["x"]])])
def test_multi_select_badly_set_up_question_is_reported(options, answers):
    assert grade_multi_select([], options, answers).message.startswith("This question is set up wrongly")


# --- mark the sentences -------------------------------------------------------------------------


def test_marked_sentences_all_right_with_feedback_per_sentence():
    feedback = grade_marked_sentences([2, 3], SENTENCES, CLAIMS, WHY)
    lines = feedback.message.splitlines()
    assert feedback.correct
    assert lines[0] == "Correct: you marked exactly the sentences that should be marked (2 of 4)."
    assert len(lines) == 1 + len(SENTENCES)
    assert lines[1] == 'Sentence 1 ("Kratom is a plant from Southeast Asia."): not marked, and rightly so.'
    assert lines[2].endswith("you marked it, and it should be marked. 'Safe and effective' is a claim with no numbers.")


def test_marked_sentences_says_what_was_missed_and_wrongly_marked_when_asked():
    feedback = grade_marked_sentences({"2", "4"}, SENTENCES, CLAIMS, WHY, reveal=True)
    lines = feedback.message.splitlines()
    assert lines[0] == "Not quite: you found 1 of 2 sentences to mark, and marked 1 that should not be."
    assert "you did not mark it, but it should be marked. 'Research suggests' names no study." in lines[3]
    assert lines[4].endswith("you marked it, but it should not be marked.")


def test_marked_sentences_first_try_explains_only_the_learners_marks_and_counts_the_rest():
    feedback = grade_marked_sentences({"2", "4"}, SENTENCES, CLAIMS, WHY)
    lines = feedback.message.splitlines()
    assert lines[0] == "Not quite: you found 1 of 2 sentences to mark, and marked 1 that should not be."
    assert [line.split(" (")[0] for line in lines[1:3]] == ["Sentence 2", "Sentence 4"]
    assert lines[3].startswith("1 more sentence should be marked.")
    assert "Sentence 3" not in feedback.message and "names no study" not in feedback.message


def test_marked_sentences_accepts_a_table_with_ids_and_shortens_long_sentences():
    table = pd.DataFrame({"id": ["a", "b"], "text": ["Short one.", "A very long sentence " * 10]})
    feedback = grade_marked_sentences(["b"], table, {"b"}, {"b": "Because."})
    assert feedback.correct
    assert "\u2026" in feedback.message.splitlines()[2]


@pytest.mark.parametrize(
    ("marked", "expected"),
    [
        (None, "Not answered yet: mark the sentences"),
        ([], "you have not marked any sentence yet"),
        ([9], "Not a sentence number: 9. The sentences are numbered 1, 2, 3, 4."),
        ("two", "Not a sentence number: 'two'."),
    ],
)
def test_marked_sentences_bad_input_is_explained_not_raised(marked, expected):
    feedback = grade_marked_sentences(marked, SENTENCES, CLAIMS, WHY)
    assert not feedback.correct and expected in feedback.message


def test_marked_sentences_accepts_a_single_number():
    assert not grade_marked_sentences(2, SENTENCES, CLAIMS).correct
    assert grade_marked_sentences("2", SENTENCES, {2}).correct


@pytest.mark.parametrize(
    ("sentences", "correct_ids", "explanations"),
    [
        ("one sentence", {1}, None),
        ([], set(), None),
        (pd.DataFrame({"text": ["x"]}), {1}, None),
        (pd.DataFrame({"id": [1, 1], "text": ["x", "y"]}), {1}, None),
        (SENTENCES, {7}, None),
        (SENTENCES, "2", None),
        (SENTENCES, CLAIMS, ["why"]),
    ],
)
def test_marked_sentences_badly_set_up_question_is_reported(sentences, correct_ids, explanations):
    feedback = grade_marked_sentences([2], sentences, correct_ids, explanations)
    assert feedback.message.startswith("This question is set up wrongly")


# --- HTML and widgets -------------------------------------------------------------------------


def test_feedback_html_uses_words_and_a_live_region():
    text = feedback_html(Feedback(False, "Not quite: <b>x</b>\nMissed: y"))
    assert 'role="status"' in text and 'aria-live="polite"' in text
    assert "Not quite: &lt;b&gt;x&lt;/b&gt;" in text and "<li>Missed: y</li>" in text
    assert feedback_html(None) == '<div role="status" aria-live="polite"></div>'


def test_feedback_html_is_deterministic():
    feedback = grade_multi_select(["It is natural"], RED_FLAGS, FLAGS)
    assert feedback_html(feedback) == feedback_html(grade_multi_select(["It is natural"], RED_FLAGS, FLAGS))


def test_multiple_choice_widget_checks_the_chosen_option():
    quiz = multiple_choice("Which design can show cause and effect?", OPTIONS, ANSWER)
    assert quiz.choice.value is None
    quiz.check_button.click()
    assert "Not answered yet" in quiz.feedback.value
    quiz.choice.value = "A case report"
    quiz.check_button.click()
    assert "Not quite" in quiz.feedback.value and "One person" in quiz.feedback.value
    quiz.choice.value = ANSWER
    quiz.check_button.click()
    assert quiz.last.correct and "Correct." in quiz.feedback.value


def test_multi_select_widget_reports_missed_and_wrong_ticks():
    quiz = multi_select("Which are red flags?", RED_FLAGS, FLAGS)
    quiz.boxes["It is natural"].value = True
    quiz.boxes["A trial compared it with placebo"].value = True
    quiz.check_button.click()
    assert "Used for centuries" not in quiz.feedback.value
    assert "Ticked, but does not apply" in quiz.feedback.value
    quiz.reveal_button.click()
    assert "Missed: &#x27;Used for centuries&#x27;" in quiz.feedback.value
    for option in RED_FLAGS:
        quiz.boxes[option].value = option in FLAGS
    assert quiz.check().correct


def test_mark_sentences_widget_gives_feedback_per_sentence():
    quiz = mark_sentences("Which sentences make a health claim?", SENTENCES, CLAIMS, WHY)
    assert quiz.boxes["2"].description.startswith("2. It is a safe")
    quiz.boxes["2"].value = True
    quiz.check_button.click()
    assert "1 more sentence should be marked" in quiz.feedback.value
    assert "you did not mark it" not in quiz.feedback.value
    quiz.reveal_button.click()
    assert "you did not mark it, but it should be marked" in quiz.feedback.value
    assert "Sentence 4" in quiz.feedback.value
    quiz.boxes["3"].value = True
    quiz.check_button.click()
    assert quiz.last.correct


@pytest.mark.parametrize(
    "build",
    [
        lambda: multiple_choice("Q?", OPTIONS, "A cohort study"),
        lambda: multi_select("Q?", RED_FLAGS, {"Cheap"}),
        lambda: mark_sentences("Q?", SENTENCES, {9}),
    ],
)
def test_widgets_refuse_a_badly_set_up_question_when_built(build):
    with pytest.raises(ValueError):
        build()


# --- what a learner can read -------------------------------------------------------------------


def test_every_quiz_carries_the_style_that_keeps_labels_whole():
    from claimlab.widget_style import CSS_CLASS, STYLE

    for quiz in (multiple_choice("Q?", OPTIONS, ANSWER), multi_select("Q?", RED_FLAGS, FLAGS),
                 mark_sentences("Q?", SENTENCES, CLAIMS, WHY)):
        assert CSS_CLASS in quiz._dom_classes
        assert quiz.children[-1].value == STYLE
        assert "white-space: normal" in STYLE and "text-overflow: clip" in STYLE


@pytest.mark.parametrize("build, options", [
    (lambda: multiple_choice("Which design?", OPTIONS, ANSWER), list(OPTIONS)),
    (lambda: multi_select("Which are red flags?", RED_FLAGS, FLAGS), list(RED_FLAGS)),
])
def test_a_quiz_exported_as_html_shows_its_question_and_options_but_no_answer(build, options):
    from claimlab.static_view import static_html

    quiz = build()
    page = static_html(quiz)
    assert quiz.question_text in page
    for option in options:
        assert html.escape(option) in page
    assert "children=(" not in page and "Correct" not in page and "Missed" not in page


def test_any_widget_exported_as_html_reads_as_words():
    import ipywidgets as widgets

    from claimlab.static_view import static_html

    box = widgets.VBox([widgets.HTML("<p>Rate the claim</p>"), widgets.Dropdown(options=["high", "low"], description="Certainty"),
                        widgets.Button(description="Start from the guide"), widgets.Textarea(placeholder="Your reason")])
    page = static_html(box)
    for words in ("Rate the claim", "Certainty", "high", "low", "[Start from the guide]", "Your reason"):
        assert words in page
    assert "VBox(" not in page
