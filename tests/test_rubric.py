"""Tests for claimlab.rubric: the worksheet, its checks, the summary (no score) and the widget."""

from __future__ import annotations

import html

import pandas as pd
import pytest

from claimlab import rubric
from claimlab.rubric import (
    RATINGS,
    check_rubric,
    compare_with_model,
    comparison_html,
    load_article_criteria,
    rubric_widget,
    rubric_worksheet,
    summarise_rubric,
)


@pytest.fixture
def criteria() -> pd.DataFrame:
    """Three criteria standing in for article-criteria.csv."""
    return pd.DataFrame(
        {
            "criterion_id": ["costs", "harms_quantified", "alternatives"],
            "title": ["Cost", "Harms in numbers", "Comparison with alternatives"],
            "question": ["Does it say what it costs?", "Does it quantify harms?", "Does it compare options?"],
            "satisfactory_when": ["Gives a price.", "Lists harms with frequency.", "Names other treatments."],
            "not_satisfactory_when": ["No cost.", "Harms missing.", "Ignores options."],
        }
    )


@pytest.fixture
def answers() -> dict:
    return {
        "costs": ("not_satisfactory", "No price anywhere."),
        "harms_quantified": ("Can't tell", "Says 'use responsibly' but gives no figures."),
        "alternatives": ("not satisfactory", "Calls medicines 'harsh' without comparing."),
    }


MODEL = {
    "costs": {"rating": "not_satisfactory", "reason": "Cost is never mentioned."},
    "harms_quantified": {"rating": "not_satisfactory", "reason": "Harms are hinted at, never quantified."},
    "alternatives": {"rating": "not_satisfactory", "reason": "No fair comparison with buprenorphine."},
}


def test_worksheet_has_one_empty_row_per_criterion(criteria):
    sheet = rubric_worksheet(criteria)
    assert list(sheet.index) == ["costs", "harms_quantified", "alternatives"]
    assert {"title", "question", "rating", "reason"} <= set(sheet.columns)
    assert (sheet["rating"] == "").all() and (sheet["reason"] == "").all()


def test_a_filled_worksheet_passes_the_check(criteria, answers):
    sheet = rubric_worksheet(criteria)
    for cid, (rating, reason) in answers.items():
        sheet.loc[cid, ["rating", "reason"]] = [rating, reason]
    assert check_rubric(sheet, criteria) == []


def test_check_accepts_dicts_of_tuples_dicts_and_lists_of_dicts(criteria, answers):
    assert check_rubric(answers, criteria) == []
    assert check_rubric(MODEL, criteria) == []
    as_list = [{"criterion_id": c, "rating": r, "reason": why} for c, (r, why) in answers.items()]
    assert check_rubric(as_list, criteria) == []


def test_check_flags_missing_reason_unknown_rating_and_unknown_criterion(criteria):
    problems = check_rubric(
        {
            "costs": ("satisfactory", ""),
            "harms_quantified": ("great", "Looks fine."),
            "alternatives": "not_applicable",
            "colour_scheme": ("satisfactory", "Nice."),
        },
        criteria,
    )
    text = "\n".join(problems)
    assert "costs: give a reason" in text
    assert "harms_quantified: 'great' is not a rating" in text
    assert "alternatives: give a reason" in text
    assert "'colour_scheme' is not one of the criteria" in text


def test_check_lists_unanswered_and_duplicate_criteria(criteria):
    rows = [
        {"criterion_id": "costs", "rating": "satisfactory", "reason": "Price given."},
        {"criterion_id": "costs", "rating": "satisfactory", "reason": "Again."},
    ]
    problems = check_rubric(rows, criteria)
    assert "costs: answered more than once; keep one answer." in problems
    assert "harms_quantified: not answered yet." in problems
    assert "alternatives: not answered yet." in problems
    empty = check_rubric(rubric_worksheet(criteria), criteria)
    assert empty == [f"{cid}: not answered yet." for cid in criteria["criterion_id"]]


def test_check_flags_a_missing_rating_with_a_reason(criteria):
    problems = check_rubric({"costs": ("", "No price.")}, criteria)
    assert problems[0].startswith("costs: no rating yet")


@pytest.mark.parametrize("bad", [None, 42, "costs", ["costs"], pd.DataFrame({"criterion_id": ["costs"]})])
def test_check_explains_answers_of_the_wrong_shape(criteria, bad):
    problems = check_rubric(bad, criteria)
    assert len(problems) == 1 and ("No answers yet" in problems[0] or "should be" in problems[0]
                                   or "needs a 'rating' column" in problems[0])  # fmt: skip


def test_summary_counts_ratings_and_lists_what_is_not_satisfied(answers):
    summary = summarise_rubric({**answers, "novelty": ("??", "")})
    assert summary.counts == {"satisfactory": 0, "not_satisfactory": 2, "not_applicable": 0, "cant_tell": 1,
                              "not rated": 1}  # fmt: skip
    assert summary.not_satisfied == ["costs", "alternatives"]
    assert summary.cant_tell == ["harms_quantified"] and summary.not_rated == ["novelty"]
    text = str(summary)
    assert "Not satisfied: Cost, Comparison with alternatives." in text and "no total score" in text


def test_summary_never_gives_a_score(answers):
    summary = summarise_rubric(answers)
    assert not any("score" in name for name in vars(summary))
    assert "%" not in summary.text() and "/" not in summary.text()
    assert summarise_rubric(None).counts["not_satisfactory"] == 0
    assert "No criterion was rated not satisfactory." in summarise_rubric({"costs": ("satisfactory", "r")}).text()


def test_an_empty_model_answer_never_reads_as_a_clean_bill_of_health():
    import pandas as pd

    empty = summarise_rubric({}).text()
    assert "No criterion was rated not satisfactory" not in empty and "says nothing about the article" in empty
    compared = compare_with_model({"costs": ("satisfactory", "fine")}, pd.DataFrame(
        columns=["criterion_id", "rating", "reason", "evidence_ids"]))
    assert "not a clean bill of health" in repr(compared)


def test_compare_with_model_shows_agreement_and_the_model_reason(answers):
    table = compare_with_model({**answers, "costs": ("", ""), "novelty": ("satisfactory", "x")}, MODEL)
    rows = table.set_index("criterion_id")
    assert rows.loc["costs", "agreement"] == "not answered"
    assert rows.loc["harms_quantified", "agreement"] == "different"
    assert rows.loc["alternatives", "agreement"] == "same"
    assert rows.loc["novelty", "agreement"] == "no model answer"
    assert rows.loc["alternatives", "model_reason"] == "No fair comparison with buprenorphine."
    assert list(table.columns) == ["criterion_id", "your_rating", "model_rating", "agreement", "your_reason",
                                   "model_reason"]  # fmt: skip


def test_compare_with_model_hides_the_model_for_criteria_not_rated_yet(answers):
    table = compare_with_model({}, MODEL).set_index("criterion_id")
    for cid, model in MODEL.items():
        assert table.loc[cid, "model_rating"] == ""
        assert model["reason"] not in table.loc[cid, "model_reason"]
        assert table.loc[cid, "model_reason"].startswith("Rate this criterion first")
    shown = compare_with_model({}, MODEL, reveal=True).set_index("criterion_id")
    assert shown.loc["alternatives", "model_reason"] == "No fair comparison with buprenorphine."


def test_a_criterion_without_a_model_answer_is_not_read_as_a_pass():
    table = compare_with_model({"novelty": ("satisfactory", "x")}, MODEL).set_index("criterion_id")
    assert "not a sign that the article does well" in table.loc["novelty", "model_reason"]


def test_the_rubric_widget_shows_no_model_answer_before_a_rating(criteria):
    widget = rubric_widget(criteria, MODEL)
    widget.check_button.click()
    for model in MODEL.values():
        assert html.escape(model["reason"]) not in widget.feedback.value
    widget.reveal_button.click()
    assert html.escape(MODEL["alternatives"]["reason"]) in widget.feedback.value


def test_compare_with_model_survives_bad_input():
    assert compare_with_model(None, None).empty
    assert list(compare_with_model(3, MODEL)["agreement"]) == ["not answered"] * 3


def test_comparison_html_is_a_captioned_table_with_words(answers):
    text = comparison_html(compare_with_model(answers, MODEL))
    assert "<caption>" in text and 'scope="col"' in text
    assert "same rating on 2 of 3 criteria" in text and "different" in text and "Can&#x27;t tell" in text


def test_load_article_criteria_reads_the_reference_folder(tmp_path, monkeypatch, criteria):
    (tmp_path / "reference").mkdir()
    criteria.to_csv(tmp_path / "reference" / "article-criteria.csv", index=False)
    monkeypatch.setenv("CLAIMLAB_DATASETS", str(tmp_path))
    assert list(load_article_criteria()["criterion_id"]) == list(criteria["criterion_id"])
    assert list(rubric_worksheet().index) == list(criteria["criterion_id"])
    assert check_rubric({})[-1] == "alternatives: not answered yet."


def test_widget_has_a_rating_and_reason_per_criterion(criteria):
    widget = rubric_widget(criteria)
    assert list(widget.ratings) == list(criteria["criterion_id"])
    assert [value for _label, value in widget.ratings["costs"].options][1:] == list(RATINGS)
    assert "Check my answers" == widget.check_button.description


def test_widget_check_shows_problems_and_summary_without_a_model(criteria):
    widget = rubric_widget(criteria)
    widget.ratings["costs"].value = "not_satisfactory"
    widget.check_button.click()
    assert "costs: give a reason" in widget.feedback.value
    assert "Not satisfied: Cost." in widget.feedback.value
    assert "<table>" not in widget.feedback.value and 'aria-live="polite"' in widget.feedback.value


def test_widget_compares_with_the_model_answer(criteria, answers):
    widget = rubric_widget(criteria, model_answers=MODEL)
    for cid, (rating, reason) in answers.items():
        widget.ratings[cid].value = rubric._rating_id(rating)
        widget.reasons[cid].value = reason
    widget.check_button.click()
    assert "Complete:" in widget.feedback.value
    assert "same rating on 2 of 3 criteria" in widget.feedback.value
    assert "No fair comparison with buprenorphine." in widget.feedback.value
    assert list(widget.answers()["rating"]) == ["not_satisfactory", "cant_tell", "not_satisfactory"]
