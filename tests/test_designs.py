"""Tests for claimlab.designs: the decision path, the design cards, the ladder and the guide."""

from __future__ import annotations

import pandas as pd
import pytest

from claimlab import designs
from claimlab.designs import (
    QUESTIONS,
    card_html,
    classify_design,
    design_card,
    design_guide,
    design_questions,
    evidence_ladder,
    load_study_designs,
)

DESIGN_IDS = [
    "systematic_review", "narrative_review", "randomized_trial", "non_randomized_trial",
    "cohort", "case_control", "cross_sectional_survey", "diagnostic_accuracy", "qualitative", "case_report",
    "case_series", "surveillance", "animal", "in_vitro", "pharmacokinetic",
]  # fmt: skip
LEVELS = {"systematic_review": 1, "randomized_trial": 2, "non_randomized_trial": 3, "cohort": 3,
          "case_control": 4, "case_series": 4}  # fmt: skip


@pytest.fixture
def table() -> pd.DataFrame:
    """A small stand-in for study-designs.csv, so the tests do not need the real file."""
    return pd.DataFrame(
        {
            "design": DESIGN_IDS,
            "label": [f"Label of {d}" for d in DESIGN_IDS],
            "question_it_answers": [f"Question of {d}?" for d in DESIGN_IDS],
            "can_show": [f"What {d} can show." for d in DESIGN_IDS],
            "cannot_show": [f"What {d} cannot show." for d in DESIGN_IDS],
            "cebm_treatment_level": [LEVELS.get(d) for d in DESIGN_IDS],
            "typical_biases": [f"Biases of {d}." for d in DESIGN_IDS],
        }
    )


# One set of answers per design: every design id can be reached.
PATHS = {
    "systematic_review": dict(summarises_studies=True, systematic_search=True),
    "narrative_review": dict(summarises_studies=True, systematic_search=False),
    "diagnostic_accuracy": dict(studied_humans=True, test_accuracy=True),
    "animal": dict(studied_humans=False, living_animals=True),
    "in_vitro": dict(studied_humans=False, living_animals=False),
    "pharmacokinetic": dict(studied_humans=True, investigators_assigned=True, measured_blood_levels=True),
    "randomized_trial": dict(studied_humans=True, investigators_assigned=True, measured_blood_levels=False,
                             comparison_group=True, random_allocation=True),
    "non_randomized_trial": dict(studied_humans=True, investigators_assigned=True, measured_blood_levels=False,
                                 comparison_group=True, random_allocation=False),
    "case_report": dict(studied_humans=True, investigators_assigned=False, single_person=True),
    "qualitative": dict(studied_humans=True, investigators_assigned=False, single_person=False,
                        words_not_numbers=True),
    "surveillance": dict(studied_humans=True, investigators_assigned=False, single_person=False,
                         words_not_numbers=False, routine_reports=True),
    "cross_sectional_survey": dict(studied_humans=True, investigators_assigned=False, single_person=False,
                                   words_not_numbers=False, routine_reports=False, one_point_in_time=True),
    "case_series": dict(studied_humans=True, investigators_assigned=False, single_person=False,
                        words_not_numbers=False, routine_reports=False, one_point_in_time=False,
                        comparison_group=False),
    "case_control": dict(studied_humans=True, investigators_assigned=False, single_person=False,
                         words_not_numbers=False, routine_reports=False, one_point_in_time=False,
                         comparison_group=True, started_from_outcome=True),
    "cohort": dict(studied_humans=True, investigators_assigned=False, single_person=False,
                   words_not_numbers=False, routine_reports=False, one_point_in_time=False,
                   comparison_group=True, started_from_outcome=False),
}  # fmt: skip


@pytest.mark.parametrize("design", sorted(PATHS))
def test_classify_design_reaches_every_design(table, design):
    result = classify_design(designs=table, **PATHS[design])
    assert result.design == design
    assert result.can_show == f"What {design} can show."
    assert result.cannot_show == f"What {design} cannot show."
    assert result.cebm_level == LEVELS.get(design)
    assert result.path and all(answer in ("Yes", "No") for _q, answer in result.path)


def test_every_design_in_the_table_has_a_path():
    assert sorted(PATHS) == sorted(DESIGN_IDS)


def test_question_ids_never_clash_with_design_ids():
    assert not set(QUESTIONS) & set(DESIGN_IDS)
    for question in QUESTIONS.values():
        for target in (question.yes, question.no):
            assert target in QUESTIONS or target in DESIGN_IDS, target


def test_classify_design_records_the_path_in_order(table):
    result = classify_design(studied_humans=True, investigators_assigned=True, measured_blood_levels=False,
                             comparison_group=True, random_allocation=True, designs=table)  # fmt: skip
    assert [answer for _q, answer in result.path] == ["No", "Yes", "No", "Yes", "No", "Yes", "Yes"]
    assert result.path[-1][0] == QUESTIONS["random_allocation"].text


def test_classify_design_not_sure_about_randomisation_counts_as_not_randomised(table):
    result = classify_design(True, True, None, True, measured_blood_levels=False, designs=table)
    assert result.design == "non_randomized_trial"
    assert result.path[-1][1] == "Not sure (taken as No)"
    assert any("randomised" in note for note in result.notes)


def test_classify_design_stops_and_asks_when_an_answer_is_needed(table):
    result = classify_design(designs=table)
    assert result.design is None
    assert result.next_question == "studied_humans"
    assert "Not classified yet" in result.card()
    assert result.level_text() == ""


def test_classify_design_accepts_yes_and_no_words(table):
    result = classify_design("yes", "no", single_person="Yes", designs=table)
    assert result.design == "case_report"


def test_classify_design_explains_an_unusable_answer(table):
    with pytest.raises(ValueError, match="studied_humans should be True"):
        classify_design(studied_humans="maybe", designs=table)


def test_design_card_for_a_design_with_and_without_a_level(table):
    assert design_card("cohort", table).level_text().startswith("Level 3")
    assert "No level" in design_card("case_report", table).level_text()
    assert "Design: Label of cohort (cohort)" in design_card("cohort", table).card()


def test_design_card_names_the_known_designs_for_an_unknown_one(table):
    with pytest.raises(ValueError, match="not in the table of designs"):
        design_card("anecdote", table)


def test_card_html_escapes_and_labels_the_card(table):
    card = design_card("cohort", table)
    card.can_show = "Associations <not> causes"
    text = card_html(card)
    assert 'aria-label="Design card"' in text and "&lt;not&gt;" in text
    assert "Not classified yet" in card_html(classify_design(designs=table))


def test_design_questions_lists_every_question_once_starting_at_the_first():
    questions = design_questions()
    assert list(questions["question_id"]) [0] == "summarises_studies"
    assert sorted(questions["question_id"]) == sorted(QUESTIONS)
    assert list(questions["step"]) == list(range(1, len(QUESTIONS) + 1))
    assert {"question", "explanation", "if_yes", "if_no", "if_not_sure"} <= set(questions.columns)


def test_evidence_ladder_orders_by_level_with_unranked_last(table):
    ladder = evidence_ladder(table)
    levels = list(ladder["cebm_level"].dropna())
    assert levels == sorted(levels) and levels[0] == 1
    assert ladder["cebm_level"].isna().iloc[-1]
    assert ladder.loc[ladder["design"] == "animal", "note"].item().startswith("Not ranked")
    assert len(ladder) == len(table)


def test_evidence_ladder_can_leave_out_unranked_designs(table):
    ladder = evidence_ladder(table, include_unranked=False)
    assert set(ladder["design"]) == set(LEVELS)


def test_load_study_designs_reads_the_reference_folder(tmp_path, monkeypatch, table):
    (tmp_path / "reference").mkdir()
    table.to_csv(tmp_path / "reference" / "study-designs.csv", index=False)
    monkeypatch.setenv("CLAIMLAB_DATASETS", str(tmp_path))
    loaded = load_study_designs()
    assert list(loaded["design"]) == DESIGN_IDS
    assert classify_design(studied_humans=False, living_animals=True).design == "animal"


def test_design_guide_walks_to_a_card_and_can_go_back_and_restart(table):
    guide = design_guide(table)
    assert "Question 1:" in guide.question_box.value
    assert guide.back_button.disabled
    guide.no_button.click()  # not a review
    guide.no_button.click()  # not people
    assert "Question 3:" in guide.question_box.value
    assert "Your answers so far" in guide.path_box.value
    guide.yes_button.click()  # living animals
    assert guide.current == "animal"
    assert "Design: Label of animal" in guide.card_box.value
    assert guide.yes_button.disabled
    guide.back_button.click()
    assert guide.current == "living_animals" and guide.card_box.value == ""
    guide.restart_button.click()
    assert guide.current == "summarises_studies" and guide.answers == []


def test_design_guide_not_sure_explains_and_moves_on_only_when_safe(table):
    guide = design_guide(table)
    guide.not_sure_button.click()  # "summarises other studies?" needs a real answer
    assert guide.current == "summarises_studies"
    assert "What to look for" in guide.explanation_box.value
    guide.yes_button.click()
    guide.not_sure_button.click()  # systematic search: not sure -> narrative review
    assert guide.current == "narrative_review"
    assert "Not sure (taken as No)" in guide.path_box.value
    assert "narrative review" in guide.explanation_box.value
    assert guide.result().design == "narrative_review"


def test_design_guide_uses_the_module_loader_by_default(monkeypatch, table):
    monkeypatch.setattr(designs, "load_study_designs", lambda path=None: table)
    assert design_guide().designs is table


REAL_FILE = designs.reference_dir() / designs.DESIGNS_FILE


@pytest.mark.skipif(not REAL_FILE.exists(), reason="study-designs.csv is not in datasets/reference yet")
def test_the_real_table_agrees_with_the_decision_path():
    real = load_study_designs()
    assert set(DESIGN_IDS) <= set(real["design"])
    for design, answers in PATHS.items():
        row = real[real["design"] == design].iloc[0]
        for column in ("random_allocation", "comparison_group"):
            if column in answers and row[column] in ("yes", "no"):
                assert (row[column] == "yes") == answers[column], (design, column)


def test_card_html_shows_the_path_unless_asked_not_to(table):
    result = classify_design(studied_humans=False, living_animals=True, designs=table)
    assert "Path taken:" in card_html(result) and "Were living animals studied?" in card_html(result)
    assert "Path taken:" not in card_html(result, show_path=False)
    assert result._repr_html_() == card_html(result)


def test_every_question_can_be_answered_through_classify_design():
    import inspect

    names = set(inspect.signature(classify_design).parameters) - {"designs"}
    assert {designs.ARGUMENT_FOR.get(q, q) for q in QUESTIONS} == names


def test_the_decision_path_table_points_to_step_numbers_and_design_names_not_ids():
    questions = design_questions()
    steps = set(questions["step"])
    for target in [*questions["if_yes"], *questions["if_no"]]:
        assert target.startswith(("go to step ", "design: ")), target
        if target.startswith("go to step "):
            assert int(target.removeprefix("go to step ")) in steps
        assert "_" not in target, f"an internal id reached learners: {target}"


def test_a_crossover_trial_is_routed_to_a_comparison_not_a_case_series():
    step = design_questions().set_index("question_id").loc["comparison_group_assigned"]
    assert "crossover" in step["question"]
    assert "crossover" in step["explanation"] and "before and after" in step["explanation"]
    result = classify_design(summarises_studies=False, studied_humans=True, investigators_assigned=True,
                             measured_blood_levels=False, comparison_group=True, random_allocation=True)
    assert result.design == "randomized_trial"


def test_a_test_checked_against_a_reference_is_a_diagnostic_accuracy_study():
    """The accuracy question comes right after 'were they people?', before any question about treatment."""
    result = classify_design(studied_humans=True, test_accuracy=True)
    assert result.design == "diagnostic_accuracy"
    assert [q for q, _a in result.path][-1] == designs.QUESTIONS["test_accuracy"].text
    assert result.cebm_level is None
    note = designs.evidence_ladder().set_index("design").loc["diagnostic_accuracy", "note"]
    assert "Not ranked for treatment benefit" in note and "accuracy" in note
    unsure = classify_design(studied_humans=True, test_accuracy=None, investigators_assigned=False, single_person=True)
    assert unsure.design == "case_report" and any("reference test" in note for note in unsure.notes)
