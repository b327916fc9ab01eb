"""Tests for claimlab.simulations: a remedy that does nothing, the natural course, regression to
the mean, chance in small trials and subgroups. Rates are checked over many seeds, with the
tolerance stated beside each test."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from claimlab import simulations as sim

SEEDS = range(40)


@pytest.fixture
def points() -> pd.DataFrame:
    """A made-up course (not a case's): rises to a peak on day 2 and fades by day 7."""
    return pd.DataFrame({"course_id": "made-up", "day": [0, 1, 2, 4, 7, 12], "severity": [0, 4, 8, 4, 1, 0.5]})


# --- chance ---------------------------------------------------------------------------------


@pytest.mark.parametrize("per_group", [5, 20, 80])
def test_null_trials_find_a_difference_5_percent_of_the_time(per_group):
    # 40 seeds x 2,500 trials = 100,000 trials: the standard error of a 5% rate is 0.07 points,
    # so a tolerance of 0.5 points (7 standard errors) fails only when the test is wrong.
    rates = [sim.share_found(sim.null_trials(2500, per_group, seed=s)) for s in SEEDS]
    assert abs(np.mean(rates) - 0.05) < 0.005, np.mean(rates)


def test_half_of_the_chance_findings_favour_the_remedy():
    # 100,000 trials: the standard error of a 2.5% rate is 0.05 points; tolerance 0.4 points.
    rates = [sim.share_found(sim.null_trials(2500, 10, seed=s), "looks_like_it_works") for s in SEEDS]
    assert abs(np.mean(rates) - 0.025) < 0.004


def test_95_percent_of_intervals_contain_the_truth():
    covered = [sim.interval_covers(sim.null_trials(2500, 10, seed=s)) for s in SEEDS]
    assert abs(np.mean(covered) - 0.95) < 0.005


def test_a_real_effect_is_found_more_often_in_bigger_trials():
    small = np.mean([sim.share_found(sim.null_trials(1000, 10, seed=s, effect=1.0)) for s in range(10)])
    big = np.mean([sim.share_found(sim.null_trials(1000, 160, seed=s, effect=1.0)) for s in range(10)])
    assert small < 0.3 < 0.99 < big


def test_spread_shrinks_with_the_square_root_of_size():
    spread = sim.spread_by_size((10, 40, 160, 640), trials=2000, seed=3)
    assert list(spread["spread"]) == sorted(spread["spread"], reverse=True)
    # 2,000 trials estimate a standard deviation to within about 1.6%; allow 8%.
    assert np.allclose(spread["spread"], spread["expected_spread"], rtol=0.08)
    assert spread["margin_of_error"].iloc[0] == pytest.approx(2 * spread["margin_of_error"].iloc[1], rel=1e-3)


def test_margin_of_error_is_1_96_standard_errors():
    assert sim.margin_of_error(50, sd=2.0) == pytest.approx(1.959964 * 2.0 * math.sqrt(2 / 50), rel=1e-6)


def test_one_subgroup_in_ten_works_by_chance_about_40_percent_of_the_time():
    # 2,000 trials cut into 10 subgroups; the standard error of a 40% rate is 1.1 points; allow 4.
    any_found = [sim.subgroup_trial(200, 10, seed=s)["found_a_difference"].any() for s in range(2000)]
    assert abs(np.mean(any_found) - sim.chance_of_a_false_subgroup(10)) < 0.04
    assert sim.chance_of_a_false_subgroup(10) == pytest.approx(1 - 0.95**10)
    one = sim.subgroup_trial(200, 10, seed=1)
    assert set(one["per_group"]) == {20}  # 200 a group cut into 10 subgroups of 20
    assert (one["ci_high"] - one["ci_low"]).round(2).eq(round(2 * sim.margin_of_error(20), 2)).all()
    assert sim.expected_false_subgroups(10) == pytest.approx(0.5)


# --- the natural course and regression to the mean -----------------------------------------


def test_before_and_after_shows_improvement_from_a_remedy_that_does_nothing(points):
    changes = [sim.before_and_after(points, 40, seed=s)["change"] for s in range(20)]
    assert max(changes) < -2, changes  # everyone improves by several points on a 0-10 scale


def test_a_comparison_group_shows_no_difference_when_the_remedy_does_nothing(points):
    gaps = []
    for seed in range(30):
        groups = sim.with_a_comparison_group(points, 60, seed=seed).set_index("group")
        assert groups.loc["nothing", "change"] < -2  # the untreated group improves too
        gaps.append(groups.loc["remedy", "change"] - groups.loc["nothing", "change"])
    assert abs(np.mean(gaps)) < 0.25


def test_a_comparison_group_does_show_a_remedy_that_works(points):
    gaps = [sim.with_a_comparison_group(points, 60, seed=s, effect=2.0).set_index("group")["change"]
            for s in range(30)]
    mean_gap = np.mean([g["remedy"] - g["nothing"] for g in gaps])
    assert -2.4 < mean_gap < -1.4  # about the 2 points the remedy takes off (less where scores hit 0)


def test_the_course_is_followed_and_the_peak_is_found(points):
    assert sim.peak_day(points) == 2
    assert sim.course_severity(points, np.array([0, 1, 3, 100])).tolist() == [0, 4, 6, 0.5]
    scores = sim.simulate_course(points, people=500, days=8, seed=1, spread_days=0, day_to_day=0.01)
    means = scores.groupby("day")["score"].mean()
    assert means.idxmax() == 2 and means[7] < means[2] / 4


def test_regression_to_the_mean_shows_improvement_with_no_treatment():
    result = sim.regression_to_the_mean(people=20000, seed=5, worst_share=0.2)
    assert result["picked_first"] - result["picked_later"] > 1.0
    assert abs(result["everyone_first"] - result["everyone_later"]) < 0.1
    # how much of the picked group's distance from the average disappears: the theory's share
    drop = (result["picked_first"] - result["picked_later"]) / (result["picked_first"] - 5.0)
    assert drop == pytest.approx(sim.expected_regression(1.5, 1.0), abs=0.03)


def test_no_regression_when_there_are_no_ups_and_downs():
    result = sim.regression_to_the_mean(people=5000, seed=5, day_to_day=1e-9)
    assert result["picked_first"] == pytest.approx(result["picked_later"], abs=1e-6)


# --- seeds and bad input --------------------------------------------------------------------


def test_the_same_seed_gives_the_same_people_and_a_new_seed_new_ones(points):
    assert sim.null_trials(50, 10, seed=9).equals(sim.null_trials(50, 10, seed=9))
    assert not sim.null_trials(50, 10, seed=9).equals(sim.null_trials(50, 10, seed=10))
    assert sim.simulate_course(points, 10, seed=2).equals(sim.simulate_course(points, 10, seed=2))


@pytest.mark.parametrize("call, words", [
    (lambda: sim.null_trials(trials=0), "trials must be between 1"),
    (lambda: sim.null_trials(per_group="ten"), "per_group must be a whole number"),
    (lambda: sim.regression_to_the_mean(worst_share=1.5), "worst_share must be between 0 and 1"),
    (lambda: sim.subgroup_trial(per_group=10, subgroups=10), "per_group must be between 20"),
])
def test_bad_input_gets_a_message_not_a_traceback(call, words):
    with pytest.raises(ValueError, match=words):
        call()


def test_an_unknown_course_names_the_ones_there_are(points):
    with pytest.raises(ValueError, match="there are: made-up"):
        sim.course_points(points, "other")
    assert sim.course_points(pd.DataFrame()).empty
