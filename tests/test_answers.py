"""Tests for claimlab.answers, the answer checker: normalising, grading, and what a notebook calls.

Most keys are built from tiny solution notebooks with the real key builder, so each test shows
what a learner would see for one answer; the rest use the sample lesson's stored key.
"""

from __future__ import annotations

import nbformat
import numpy as np
import pandas as pd
import pytest

from claimlab import answers
from claimlab.answers import (
    ANOTHER_LOOK,
    CORRECT,
    NOT_YET,
    AnswerKey,
    check,
    check_all,
    check_open,
    find_answer_key,
    grade_answer,
    hash_answer,
    is_placeholder,
    normalise_answer,
    open_answer_checklist,
    read_answer_key,
    read_number,
    spelling_variants,
    summarise_answers,
    use_answer_key,
)
from claimlab.exercises import build_answer_key, study_citations
from conftest import REPO

KIT = REPO / "tests" / "fixtures" / "exercises"
LESSON = "90-sample-exercise"
KEY_FILE = KIT / "datasets" / "answer-keys" / f"{LESSON}.json"


@pytest.fixture(scope="module")
def key() -> AnswerKey:
    """The sample lesson's stored answer key (tests/fixtures/exercises; test_exercises.py checks it is up to date)."""
    return read_answer_key(KEY_FILE)


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


# --- normalising ----------------------------------------------------------------------------------


@pytest.mark.parametrize("given, expected", [
    ("  Coe-2019 ", "coe 2019"), ("Coe et al. 2019", "coe et al 2019"), ("CASE_CONTROL", "case control"),
    ("can\u2019t tell", "cant tell"), ("0.50", "0.5"), ("1,000", "1000"), ("0,25", "0.25"), (3, "3"),
    (np.float64(0.5), "0.5"), ("50%", "50"), (True, "true"), ("Ｃｏｅ", "coe"),
])  # fmt: skip
def test_normalise_answer_forgives_case_spacing_punctuation_and_number_forms(given, expected):
    assert normalise_answer(given) == expected


def test_normalise_answer_rounds_to_the_declared_decimals():
    assert normalise_answer(0.11363, 2) == normalise_answer("0.11", 2) == "0.11"
    assert normalise_answer(-0.001, 2) == "0.00" and normalise_answer(-0.0) == "0"


def test_read_number_reads_numbers_only():
    assert read_number("12") == 12 and read_number(np.int64(7)) == 7
    assert read_number("coe-2019") is None and read_number(True) is None and read_number(float("nan")) is None


def test_hash_answer_depends_on_salt_question_and_answer():
    one = hash_answer("s", "q1", "coe 2019")
    assert len(one) == 32 and one == hash_answer("s", "q1", "coe 2019")
    assert one != hash_answer("t", "q1", "coe 2019") and one != hash_answer("s", "q2", "coe 2019")


@pytest.mark.parametrize("value", [..., None, "", "   ", "...", "\u2026", [], set(), (..., ...), float("nan")])
def test_is_placeholder(value):
    assert is_placeholder(value)


def test_is_placeholder_is_false_for_answers():
    assert not is_placeholder(0) and not is_placeholder("x") and not is_placeholder(["x"])


# --- grading --------------------------------------------------------------------------------------


@pytest.mark.parametrize("question, value", [
    ("q1", "vicknasingam-2020"), ("q1", "  VICKNASINGAM 2020 "), ("q1", "Vicknasingam et al. 2020"),
    ("q1", ["vicknasingam-2020"]), ("answer_1", "vicknasingam_2020"),
    ("q1", "its full citation"),
    ("q2", ["boyer-2008", "galbis-reig-2016"]), ("q2", ("Galbis-Reig 2016", "boyer 2008")),
    ("q2", {"boyer-2008", "galbis-reig-2016"}), ("q2", "boyer-2008; galbis-reig-2016"),
    ("q2", "galbis-reig-2016, boyer-2008"), ("q2", pd.Series(["boyer-2008", "galbis-reig-2016"])),
    ("q3", 0.11), ("q3", "0.11"), ("q3", 5 / 44), ("q3", np.float64(0.1136)), ("q3", " 0,11 "),
])  # fmt: skip
def test_right_answers_and_their_variants_are_correct(key, question, value):
    if isinstance(value, str) and value == "its full citation":  # as written in the case's studies.csv
        value = study_citations()["vicknasingam 2020"][0]
    result = grade_answer(key, question, value)
    assert result.correct, result.message
    assert result.message.startswith(f"{key.question_for(question)}: Correct.")


def test_q1_citation_in_the_test_is_the_case_citation():
    assert study_citations()["vicknasingam 2020"][0].startswith("Vicknasingam B, Chooi WT")


def test_a_known_wrong_answer_gets_its_own_feedback_not_the_answer(key):
    result = grade_answer(key, "q1", "coe-2019")
    assert result.status == ANOTHER_LOOK and not result.correct
    assert "A large survey is still a survey" in result.message
    assert "Hint (1 of 2)" in result.message
    assert "vicknasingam-2020" not in result.message.lower() and "vicknasingam 2020" not in result.message.lower()


def test_an_unknown_wrong_answer_gets_a_hint_and_later_the_next_hint(key):
    first = grade_answer(key, "q1", "smith-2017")
    assert "'smith-2017' is not the answer" in first.message and "Look down the design column" in first.message
    second = grade_answer(key, "q1", "hill-2024", attempt=2)
    assert "Hint (2 of 2)" in second.message
    assert "Hint (2 of 2)" in grade_answer(key, "q1", "x", attempt=9).message


def test_a_partly_right_set_says_how_many_and_why_the_extra_is_wrong(key):
    result = grade_answer(key, "q2", ["boyer-2008", "corkery-2019"])
    assert result.message.startswith("q2: Not quite. You have 1 of the 2 right.")
    assert "A case series gathers many" in result.message and "1 more item belongs here." in result.message
    assert "galbis" not in result.message.lower()


def test_a_sequence_in_the_wrong_order_is_told_so():
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        '### BEGIN SOLUTION\nranking = ["rct", "cohort"]\n# IN ORDER\n' "### END SOLUTION\ncheck('rank', ranking)")])
    built = build_answer_key(nb, "01-x")
    ranking_key = AnswerKey("01-x", built["salt"], built["questions"])
    assert grade_answer(ranking_key, "rank", ("RCT", "Cohort")).correct
    assert "not in the right order" in grade_answer(ranking_key, "rank", ["cohort", "rct"]).message


def test_a_wrong_number_gets_feedback_and_text_for_a_number_is_explained(key):
    assert "their share of all the studies" in grade_answer(key, "q3", "5").message
    assert "wants a number" in grade_answer(key, "q3", "about a tenth").message


@pytest.mark.parametrize("value", [..., None, "", "...", [], set()])
def test_placeholders_are_not_answered_yet(key, value):
    result = grade_answer(key, "q2", value)
    assert result.status == NOT_YET and "Not answered yet" in result.message and "answer_2 = ..." in result.message


@pytest.mark.parametrize("value, says", [
    (pd.DataFrame({"a": [1]}), "whole table"), ({"q1": "x"}, "a dict"), ("x" * 100_000, "very long"),
    (object(), "an object"), (lambda: 1, "a function"), (b"bytes", "a bytes"), (["a", "b"], "wants one answer"),
    ([["nested"]], "this question wants"), ([["nested"], "x"], "wants one answer"),
])  # fmt: skip
def test_odd_input_gets_feedback_never_an_error(key, value, says):
    result = grade_answer(key, "q1", value)
    assert result.status == ANOTHER_LOOK and says in result.message


@pytest.mark.parametrize("value", [pd.DataFrame(), {"a": 1}, "x" * 10_000, object(), [object()], [["a"]], 3.5,
                                   list(range(100_000)), ["x" * 1000]])
def test_odd_input_to_a_set_question_gets_feedback(key, value):
    result = grade_answer(key, "q2", value)
    assert result.status == ANOTHER_LOOK and result.message.startswith("q2: ")


class Awkward:
    """An object that refuses everything: comparison, hashing, printing, length."""

    def __eq__(self, other):
        raise RuntimeError("no")

    __hash__ = __len__ = __str__ = __repr__ = __iter__ = lambda self: 1 / 0


@pytest.mark.parametrize("question", ["q1", "q2", "q3", "appraisal", "nope", None, Awkward()])
def test_check_never_raises_even_on_an_awkward_object(loaded, question):
    result = check(question, Awkward())
    assert isinstance(result, answers.CheckResult) and not result.correct
    assert isinstance(check(Awkward()), answers.CheckResult)
    assert isinstance(check_open(Awkward(), Awkward()), answers.CheckResult)
    assert isinstance(check_all(Awkward()), answers.CheckResult)


def test_an_unknown_question_lists_the_known_ones(key):
    result = grade_answer(key, "q9", "x")
    assert "There is no question 'q9'" in result.message and "q1, q2, q3, appraisal" in result.message
    assert "no question 12" in grade_answer(key, 12, "x").message


def test_a_broken_key_gives_feedback_not_a_traceback():
    broken = AnswerKey("x", "s", {"q1": {"variable": "a", "kind": "one", "accept": None}})
    assert "could not be checked" in grade_answer(broken, "q1", "answer").message


# --- what a notebook calls ------------------------------------------------------------------------


@pytest.fixture
def loaded(monkeypatch):
    """The fixture key loaded as a notebook would load it, with fresh attempt counts."""
    monkeypatch.setattr(answers, "_state", {"key": None, "tries": {}})
    result = use_answer_key(str(KEY_FILE))
    assert "loaded: 4 questions" in result.message
    return result


def test_find_answer_key_looks_beside_the_notebook_first(monkeypatch):
    monkeypatch.chdir(KIT / "exercises")
    assert find_answer_key(LESSON) == KIT / "datasets" / "answer-keys" / f"{LESSON}.json"
    assert find_answer_key("99-no-such-lesson") is None


def test_use_answer_key_says_when_there_is_none(monkeypatch):
    monkeypatch.setattr(answers, "_state", {"key": None, "tries": {}})
    assert "No answer key named '99-nothing'" in use_answer_key("99-nothing").message
    assert "No answer key named 42" in use_answer_key(42).message
    assert "use_answer_key" in check("q1", "x").message  # no key loaded yet


def test_check_finds_the_answer_by_variable_name(loaded):
    answer_1 = "Vicknasingam 2020"
    assert check("q1", answer_1).correct
    assert check("q1", answer=answer_1).correct
    globals()["answer_2"] = ["boyer-2008", "galbis-reig-2016"]
    try:
        assert check("q2").correct  # looked up by name in the caller's namespace
        assert check("answer_2").correct
        assert check(globals()["answer_2"]).correct  # the value alone: found by identity
    finally:
        del globals()["answer_2"]
    assert check("q2").status == NOT_YET  # no variable answer_2: not answered yet
    assert "Say which question" in check(...).message


def test_check_counts_tries_to_give_the_next_hint(loaded):
    assert "Hint (1 of 2)" in check("q1", "smith-2017").message
    assert "Hint (2 of 2)" in check("q1", "ahmad-2012").message


def test_check_open_gives_a_checklist_not_a_grade(loaded):
    short = check_open("It may work.", "appraisal")
    assert "Too short: 3 words" in short.message and "[x] Says how sure" in short.message
    assert "Names the claim you are appraising." in short.message
    long = check_open("The claim rests on surveys of users. " * 8, "appraisal")
    assert "[x] Long enough" in long.message and "Does not yet say how sure" in long.message
    assert check_open(..., "appraisal").status == NOT_YET
    assert "wants" in check_open(["a list"], "appraisal").message
    assert "no question 'nope'" in check_open("text", "nope").message
    assert check("appraisal", "It may work.").status == answers.WRITTEN


def test_open_answer_checklist_uses_the_minimum_from_the_rubric():
    spec = {"id": "essay", "variable": "essay", "kind": "open", "min_words": 2, "rubric": ["One."]}
    result = open_answer_checklist(spec, "Very uncertain evidence.")
    assert "[x] Long enough: 3 words (aim for at least 2)" in result.message and "[ ] One." in result.message


def test_check_all_summarises_by_variable_name(loaded, key):
    namespace = {"answer_1": "vicknasingam-2020", "answer_2": ["boyer-2008"], "appraisal": "It may help."}
    summary = check_all(namespace=namespace)
    assert check_all(namespace).message == summary.message
    assert "q1 (answer_1): answered correctly" in summary.message
    assert "q2 (answer_2): needs another look" in summary.message
    assert "q3 (answer_3): not answered yet" in summary.message
    assert "appraisal (appraisal): written" in summary.message
    assert summary.message.endswith("4 questions: 1 answered correctly, 1 written, 1 not answered yet, 1 need another look.")
    results, _text = summarise_answers(key, namespace)
    assert [r.status for r in results] == [CORRECT, ANOTHER_LOOK, NOT_YET, "written"]
    globals()["answer_3"] = 0.11  # a notebook's answers are globals of the caller
    try:
        assert "q3 (answer_3): answered correctly" in check_all().message
    finally:
        del globals()["answer_3"]


def test_check_result_shows_its_message(key):
    result = grade_answer(key, "q1", ...)
    assert repr(result) == str(result) == result.message


def test_read_answer_key(key):
    assert key.lesson == LESSON and key.question_for("answer_3") == "q3" and key.question_for("nope") is None
