"""Tests for claimlab.effect_size: risks, relative and absolute differences, numbers needed to
treat and icon arrays, on known values and on the case's results table."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from claimlab import effect_size as es
from claimlab.case_tables import results
from claimlab.cases import load_case


def row(**values) -> dict:
    base = {"result_id": "r", "source_name": "a trial", "outcome": "recovered", "outcome_is_good": "yes",
            "treatment_group": "drug", "control_group": "placebo", "treatment_events": pd.NA, "treatment_total": pd.NA,
            "control_events": pd.NA, "control_total": pd.NA, "treatment_percent": pd.NA, "control_percent": pd.NA,
            "measure": "", "estimate": pd.NA, "ci_low": pd.NA, "ci_high": pd.NA}
    return {**base, **values}


@pytest.mark.parametrize("treated, control, nnt", [
    (0.05, 0.10, 20),   # 5 fewer in 100
    (0.30, 0.20, 10),   # 1 / 0.1 is 10.000000000000002 in floating point: still 10, not 11
    (0.766, 0.222, 2),  # 1 / 0.544 = 1.84, rounded up
    (0.293, 0.054, 5),  # 1 / 0.239 = 4.18, rounded up
    (0.002, 0.004, 500),
])
def test_number_needed_to_treat_on_known_values(treated, control, nnt):
    assert es.number_needed_to_treat(treated, control) == nnt


def test_no_difference_means_no_number_needed_to_treat():
    assert math.isinf(es.number_needed_to_treat(0.2, 0.2))
    assert es.nnt_meaning(0.2, 0.2, True) == "no difference"


def test_relative_and_absolute_differences_on_known_values():
    assert es.risk(59, 77) == pytest.approx(0.76623, rel=1e-4)
    assert es.risk_ratio(0.3, 0.2) == pytest.approx(1.5)
    assert es.risk_difference(0.3, 0.2) == pytest.approx(0.1)
    assert math.isinf(es.risk_ratio(0.1, 0))
    assert es.relative_change_text(0.5) == "50% less likely" and es.relative_change_text(1.85) == "85% more likely"


def test_more_of_a_bad_outcome_is_harm_and_more_of_a_good_one_benefit():
    assert es.nnt_meaning(0.3, 0.2, outcome_is_good=True) == "to benefit one more person"
    assert es.nnt_meaning(0.3, 0.2, outcome_is_good=False) == "for one more person to be harmed"
    assert es.nnt_meaning(0.1, 0.2, outcome_is_good=False) == "to benefit one more person"


@pytest.mark.parametrize("events, total", [(5, 0), (-1, 10), (11, 10), (pd.NA, 10)])
def test_impossible_counts_are_refused_with_a_message(events, total):
    with pytest.raises(ValueError, match="group"):
        es.risk(events, total)


def test_absolute_effects_from_counts_from_percentages_and_from_a_ratio_alone():
    table = pd.DataFrame([
        row(result_id="counts", treatment_events=30, treatment_total=100, control_events=20, control_total=100),
        row(result_id="percents", treatment_percent=41.5, control_percent=27.8, treatment_total=230, control_total=151,
            measure="OR", estimate=1.85),
        row(result_id="ratio", measure="RR", estimate=1.08, ci_low=0.97, ci_high=1.21),
    ])
    effects = es.absolute_effects(table).set_index("result_id")
    assert effects.loc["counts", ["difference_per_100", "relative_risk", "nnt"]].tolist() == [10.0, 1.5, 10]
    assert effects.loc["counts", "how"] == es.HOW_COUNTS
    assert effects.loc["percents", "difference_per_100"] == pytest.approx(13.7)
    assert effects.loc["percents", "nnt"] == 8 and effects.loc["percents", "how"] == es.HOW_PERCENTS
    assert effects.loc["percents", "reported"] == "OR 1.85"
    assert math.isnan(effects.loc["ratio", "difference_per_100"]) and math.isnan(effects.loc["ratio", "nnt"])
    assert effects.loc["ratio", "how"] == es.HOW_RELATIVE_ONLY
    assert effects.loc["ratio", "reported"] == "RR 1.08 (95% CI 0.97 to 1.21)"


def test_an_empty_results_table_gives_empty_tables_not_errors():
    empty = pd.DataFrame(columns=list(row()))
    assert es.absolute_effects(empty).empty
    assert es.headline_rewrites(empty).empty and "bad_outcome" in es.headline_rewrites(empty).columns


def test_the_case_results_are_computed_from_the_table_not_typed():
    table = results(load_case("kratom-opioid-withdrawal"))
    effects = es.absolute_effects(table).set_index("result_id")
    for result_id, data in table.set_index("result_id").iterrows():
        if pd.notna(data["treatment_events"]):
            expected = 100 * (data["treatment_events"] / data["treatment_total"] - data["control_events"] / data["control_total"])
            assert effects.loc[result_id, "difference_per_100"] == pytest.approx(expected, abs=0.05)
    relative_only = effects[effects["how"] == es.HOW_RELATIVE_ONLY]
    assert len(relative_only) >= 1 and relative_only["nnt"].isna().all()


def test_halving_a_risk_in_absolute_numbers():
    text = es.rewrite_relative_claim(0.5, 0.2, people=1000)
    assert "200 in 1,000 without" in text and "100 in 1,000 with" in text and "1 for every 10" in text
    assert "10 fewer" in es.rewrite_relative_claim(0.5, 0.02, people=1000)
    with pytest.raises(ValueError, match="share between 0 and 1"):
        es.rewrite_relative_claim(0.5, 20)


def test_headline_rewrites_use_the_bad_outcome_of_each_comparison_group():
    table = pd.DataFrame([
        row(result_id="good", treatment_events=30, treatment_total=100, control_events=20, control_total=100),
        row(result_id="bad", outcome="relapsed", outcome_is_good="no", treatment_events=5, treatment_total=50,
            control_events=10, control_total=50),
    ])
    rewrites = es.headline_rewrites(table, 0.5, 1000)
    assert rewrites["without_treatment"].tolist() == [200, 800]  # 'relapsed' 20 in 100; 'not recovered' 80 in 100
    assert rewrites["with_treatment"].tolist() == [100, 400]
    assert rewrites["bad_outcome"].tolist() == ["relapsed", "not: recovered"]


@pytest.mark.parametrize("people", [100, 1000])
def test_an_icon_array_marks_as_many_people_as_the_risk_says(people):
    icons = es.icon_array(0.766, 0.222, people)
    counts = icons.groupby("group")["has_outcome"].sum()
    assert len(icons) == 2 * people
    assert counts["with"] == round(0.766 * people) and counts["without"] == round(0.222 * people)
    assert icons["row"].max() < icons["column"].max() + 30


def test_an_icon_array_shows_100_or_1000_people():
    with pytest.raises(ValueError, match="100 or 1,000"):
        es.icon_array(0.2, 0.1, people=50)
