"""Tests for claimlab.studies: examples, quizzes and counts built from a case's studies."""

from __future__ import annotations

import pandas as pd
import pytest

from claimlab.claims import NO_CLAIMS, Notice
from claimlab.designs import QUESTIONS, classify_design, load_study_designs
from claimlab.quizzes import MultipleChoice, grade_multiple_choice
from claimlab.studies import (
    NO_STUDIES,
    answers_table,
    design_answers,
    design_paths,
    describe_designs,
    designs_in_case,
    example_studies,
    linked_studies,
    most_linked_study,
    what_each_did,
    what_they_did,
    which_design_question,
    which_design_quiz,
    worked_example,
)

DESIGNS = list(load_study_designs()["design"])


@pytest.fixture
def studies() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "study_id": ["a-2001", "b-2002", "c-2003", "d-2004", "e-2005"],
            "design": ["animal", "cross_sectional_survey", "cross_sectional_survey", "systematic_review",
                       "randomized_trial"],
            "methods_summary": ["Rats were dosed.", "Users were surveyed once.", "An online survey.",
                                "A systematic search.", "Chance decided who got the drink."],
        }
    )


@pytest.fixture
def claims() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "claim_type": ["efficacy", "efficacy", "safety"],
            "study_ids": ["d-2004;b-2002", "d-2004;a-2001;e-2005", "e-2005"],
        }
    )


@pytest.mark.parametrize("design", DESIGNS)
def test_the_answers_for_a_design_lead_back_to_it(design):
    assert classify_design(**design_answers(design)).design == design
    assert design_paths(design)[0] == sorted(design_paths(design), key=len)[0]


def test_a_design_the_guide_never_reaches_is_an_error():
    with pytest.raises(ValueError, match="No path"):
        design_paths("astrology")


def test_answers_table_lists_each_step():
    table = answers_table("randomized_trial")
    assert list(table["step"]) == list(range(1, len(table) + 1))
    assert table["answer"].iloc[-1] == "Yes"


def test_example_studies_one_per_design_most_common_first(studies):
    examples = example_studies(studies)
    assert list(examples["study_id"]) == ["b-2002", "d-2004", "e-2005", "a-2001"]
    assert example_studies(studies.iloc[0:0]).empty


def test_most_linked_study_skips_reviews_and_chosen_designs(studies, claims):
    assert most_linked_study(claims, studies) == "e-2005"
    assert most_linked_study(claims, studies, skip_reviews=False) == "d-2004"
    assert most_linked_study(claims, studies, skip_designs=["randomized_trial"]) == "a-2001"
    notice = most_linked_study(claims, studies.iloc[0:0])
    assert isinstance(notice, Notice) and str(notice) == NO_STUDIES


def test_which_design_quiz_is_built_from_the_data(studies):
    quiz = which_design_quiz(studies, "b-2002")
    assert len(quiz["options"]) == 4
    assert quiz["answer"] in quiz["options"]
    assert "Users were surveyed once." in quiz["question"]
    assert "Randomised controlled trial" in quiz["options"]
    assert grade_multiple_choice(quiz["answer"], **{k: quiz[k] for k in ("options", "answer")}).correct
    wrong = quiz["options"]["Randomised controlled trial"]
    assert QUESTIONS["investigators_assigned"].text in wrong


def test_which_design_quiz_on_a_trial_still_has_four_options(studies):
    quiz = which_design_quiz(studies, "e-2005")
    assert len(quiz["options"]) == 4 and quiz["answer"] == "Randomised controlled trial"


def test_which_design_quiz_unknown_study(studies):
    with pytest.raises(ValueError, match="not a study_id"):
        which_design_quiz(studies, "z-1999")


def test_designs_in_case_counts_every_design_even_when_empty(studies):
    table = designs_in_case(studies)
    assert len(table) == len(DESIGNS)
    assert table["studies"].sum() == len(studies)
    assert table.loc[table["design"] == "Cohort study", "studies"].item() == 0
    assert designs_in_case(studies.iloc[0:0])["studies"].sum() == 0


def test_linked_studies_by_claim_type(studies, claims):
    table = linked_studies(claims, studies)
    assert set(table["study_id"]) == {"a-2001", "b-2002", "d-2004", "e-2005"}
    assert table["cannot show"].str.len().gt(0).all()
    assert linked_studies(claims, studies, "mechanism").empty
    assert linked_studies(claims.iloc[0:0], studies).empty


def test_describe_designs_names_ranked_and_missing_designs(studies):
    text = describe_designs(studies)
    assert text.startswith("5 studies in all. 2 of them have a design ranked")
    assert "1 systematic review and 1 randomised controlled trial" in text
    assert "level 1 only when it gathers randomised trials" in text
    assert "No non-randomised controlled trial, cohort study, case-control study or case series." in text
    assert describe_designs(studies.iloc[0:0]) == NO_STUDIES
    assert "None of them" in describe_designs(studies.iloc[:1])


def test_the_usual_path_to_a_case_series_is_observational():
    assert design_answers("case_series")["investigators_assigned"] is False
    assert len(design_paths("case_series")) == 2


def test_worked_example_is_the_first_example_or_says_how_to_add_studies(studies):
    examples = example_studies(studies)
    worked = worked_example(examples)
    assert worked["study_id"] == "b-2002"
    assert what_they_did(worked) == "b-2002: Users were surveyed once."
    assert what_each_did(examples) == "\n\n".join(
        f"{s}: {m}" for s, m in zip(examples["study_id"], examples["methods_summary"])) + "\n"
    empty = worked_example(example_studies(studies.iloc[0:0]))
    assert isinstance(empty, Notice) and str(empty) == NO_STUDIES
    assert what_they_did(empty) == NO_STUDIES
    assert what_each_did(example_studies(studies.iloc[0:0])) == NO_STUDIES


def test_a_case_without_studies_runs_the_worked_example_as_messages(studies, claims):
    """Lesson 02, cell by cell, on a case whose studies table is still empty."""
    examples = example_studies(studies.iloc[0:0])
    assert repr(examples) == NO_STUDIES and "add rows to studies.csv" in examples._repr_html_()
    worked = worked_example(examples)
    assert answers_table(worked["design"]) is worked
    assert design_answers(worked["design"]) is worked
    assert classify_design(**design_answers(worked["design"])).design is None  # runs; nothing to classify
    quiz_id = most_linked_study(claims, studies.iloc[0:0], skip_designs=[worked["design"]])
    assert which_design_quiz(studies.iloc[0:0], quiz_id) is quiz_id
    assert str(which_design_question(studies.iloc[0:0], quiz_id)) == NO_STUDIES


def test_which_design_question_is_the_quiz_widget(studies):
    quiz = which_design_question(studies, "b-2002")
    assert isinstance(quiz, MultipleChoice) and quiz.answer == which_design_quiz(studies, "b-2002")["answer"]


def test_empty_tables_say_which_table_to_fill(studies, claims):
    counts = designs_in_case(studies.iloc[0:0])
    assert repr(counts).startswith(NO_STUDIES) and counts["studies"].sum() == 0
    assert repr(linked_studies(claims.iloc[0:0], studies)) == NO_CLAIMS
    assert repr(linked_studies(claims, studies.iloc[0:0])) == NO_STUDIES
    both = repr(linked_studies(claims.iloc[0:0], studies.iloc[0:0]))
    assert "claims.csv and studies.csv" in both
    # with both tables filled, a table with no rows is just an empty table
    assert "recorded yet" not in repr(linked_studies(claims, studies, "mechanism"))
    assert type(designs_in_case(studies)) is pd.DataFrame and type(example_studies(studies)) is pd.DataFrame
