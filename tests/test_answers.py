"""The answer checker (claimlab.answers) on the slips and synonyms real learners write.

Keys are built from tiny solution notebooks with the real key builder, so each test shows
what a learner would see for one answer.
"""

from __future__ import annotations

import nbformat
import pytest

from claimlab import answers
from claimlab.answers import AnswerKey, CORRECT, NOT_YET, check, grade_answer, spelling_variants
from claimlab.exercises import build_answer_key


def key_for(region: str, check_line: str = 'check("q1", answer_1)') -> AnswerKey:
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(f"### BEGIN SOLUTION\n{region}\n### END SOLUTION"),
                                         nbformat.v4.new_code_cell(check_line)])
    data = build_answer_key(nb, "99-test")
    return AnswerKey(lesson=data["lesson"], salt=data["salt"], questions=data["questions"])


DESIGN = key_for('answer_1 = "in_vitro"\n# WRONG: "animal" -> Animals are not cells in a dish.\n# HINT: Where was it done?')
SURVEY = key_for('answer_1 = "cross_sectional_survey"')
PK = key_for('answer_1 = "pharmacokinetic"')
CLAIM = key_for('answer_1 = "treatment_comparison"')
VERDICT = key_for('answer_1 = "unsupported"')
RATING = key_for('answer_1 = "not_satisfactory"')
LETTERS = key_for('answer_1 = ["B", "E"]')
FILE = key_for('answer_1 = "kratom-3.md"\n# ACCEPT: "kratom-3" | "worksheets/kratom-3.md"\n# EXACT')


@pytest.mark.parametrize("key, said", [
    (DESIGN, "laboratory study"), (DESIGN, "In vitro / laboratory study (cells, receptors, tissues)"),
    (DESIGN, "in vitro"), (DESIGN, "Laboratory study"),
    (SURVEY, "Cross-sectional survey (e.g. online survey of users)"), (SURVEY, "cross-sectional survey"),
    (PK, "pharmacokinetics"), (PK, "PK study"), (PK, "Pharmacokinetic study"),
    (CLAIM, "comparison claim"), (CLAIM, "comparison"),
    (VERDICT, "not supported"), (RATING, "unsatisfactory"),
    (LETTERS, "B and E"), (LETTERS, "E & B"), (LETTERS, "b, e"),
    (FILE, "kratom-3.md"), (FILE, "Kratom-3.md"), (FILE, "worksheets/kratom-3.md"),
])
def test_the_lessons_own_labels_and_obvious_synonyms_are_accepted(key, said):
    result = grade_answer(key, "q1", said)
    assert result.status == CORRECT, result.message


@pytest.mark.parametrize("said", ["kratom (3).md", "kratom_3.md", "kratom 3.md", "kratom-3.txt"])
def test_a_malformed_file_name_is_refused(said):
    assert grade_answer(FILE, "q1", said).status != CORRECT


def test_a_synonym_never_overrides_a_declared_wrong_answer():
    result = grade_answer(DESIGN, "q1", "animal study")
    assert result.status != CORRECT


def test_a_typo_is_told_to_check_the_spelling():
    for typo in ("in_vitor", "invitro", "pharmacokinetc"):
        key = PK if typo.startswith("pharm") else DESIGN
        message = grade_answer(key, "q1", typo).message
        assert "check the spelling" in message, message


def test_an_unrecognised_answer_is_told_which_words_the_question_takes():
    message = grade_answer(DESIGN, "q1", "test tube thing").message
    assert "takes one of these words" in message
    for term in ("in_vitro", "cohort", "randomized_trial", "systematic_review"):
        assert term in message


def test_a_wrong_answer_from_the_vocabulary_gets_no_spelling_note():
    assert "spelling" not in grade_answer(DESIGN, "q1", "cohort").message


def test_all_right_but_one_extra_says_so_without_a_score_that_reads_as_full_marks():
    message = grade_answer(LETTERS, "q1", ["B", "E", "C"]).message
    assert "You have 2 of the 2 right" not in message
    assert "All 2 that belong are there, but 1 more does not belong" in message


def test_feedback_never_says_the_verdict_twice():
    key = key_for('answer_1 = "cohort"\n# WRONG: "case_control" -> Not quite: this one started from the outcome.\n'
                  '# WHY: Yes. This design follows people forward.')
    wrong = grade_answer(key, "q1", "case_control").message
    assert wrong.count("Not quite") == 1, wrong
    right = grade_answer(key, "q1", "cohort").message
    assert "Correct. Yes" not in right and right.startswith("q1: Correct. This design"), right


def test_an_answer_of_the_wrong_shape_does_not_use_up_a_hint():
    key = key_for('answer_1 = "cohort"\n# HINT: first hint\n# HINT: second hint')
    answers._state["key"], answers._state["tries"] = key, {}
    answer_1 = {"cohort": True}
    assert "second hint" not in check("q1", answer_1).message
    answer_1 = "case_series"
    assert "Hint (1 of 2): first hint" in check("q1", answer_1).message
    answer_1 = "case_report"
    assert "Hint (2 of 2): second hint" in check("q1", answer_1).message


def test_an_unanswered_question_still_says_not_answered_yet():
    assert grade_answer(DESIGN, "q1", ...).status == NOT_YET


def test_spelling_variants_are_one_slip_away():
    variants = spelling_variants("cohort")
    assert {"chort", "cohrot", "cohorts", "cohart"} <= variants
    assert "cohort" not in variants and "cohorts study" not in variants
    assert spelling_variants("x" * 200) == set()


def test_open_answers_point_self_study_learners_to_the_solutions():
    result = answers.open_answer_checklist({"id": "q9", "variable": "answer_9", "rubric": []}, "Some words " * 30)
    assert "solutions notebook" in result.message and "teacher" not in result.message
