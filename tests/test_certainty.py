"""Tests for claimlab.certainty: GRADE-style ratings and the certainty calculator widget."""

from __future__ import annotations

import pytest

from claimlab.certainty import (
    LEVELS,
    CertaintyJudgement,
    assess_certainty,
    assessment_html,
    certainty_calculator,
)

WHY = {"risk_of_bias": "self-selected respondents", "indirectness": "perceived relief, not measured withdrawal"}


def test_randomised_evidence_starts_high_and_stays_without_concerns():
    result = assess_certainty("randomized")
    assert (result.start_level, result.final_level) == ("high", "high")
    assert result.warnings == [] and "stays at high" in result.steps[-1]


def test_observational_evidence_starts_low():
    assert assess_certainty("observational").final_level == "low"
    assert assess_certainty("cohort").start == "observational"
    assert assess_certainty("Randomised").start == "randomized"


def test_each_serious_concern_costs_one_level_and_very_serious_two():
    one = assess_certainty("randomized", {"imprecision": 1}, justifications={"imprecision": "n=40"})
    assert one.final_level == "moderate"
    very = assess_certainty("randomized", {"imprecision": 2}, justifications={"imprecision": "n=4"})
    assert very.final_level == "low"
    two = assess_certainty("randomized", {"risk_of_bias": 1, "indirectness": 1}, justifications=WHY)
    assert two.final_level == "low" and len(two.steps) == 3


def test_kratom_surveys_end_very_low_and_the_floor_is_explained():
    result = assess_certainty("observational", {"risk_of_bias": 1, "indirectness": 1}, justifications=WHY,
                              outcome="withdrawal symptoms")  # fmt: skip
    assert result.final_level == "very low"
    assert "cannot go lower" in result.steps[-1]
    assert result.plain_language().startswith("We are very uncertain about the effect on withdrawal symptoms")


def test_words_are_accepted_for_severity():
    result = assess_certainty("randomized", {"risk_of_bias": "very serious", "publication_bias": "likely"},
                              justifications={"risk_of_bias": "x", "publication_bias": "y"})  # fmt: skip
    assert result.final_level == "very low"
    assert any("Publication bias: likely" in step for step in result.steps)


def test_upgrades_apply_to_observational_evidence_with_no_concerns():
    result = assess_certainty("observational", upgrades={"large_effect": 2, "dose_response": 1},
                              justifications={"large_effect": "RR 12", "dose_response": "more dose, more effect"})
    assert result.final_level == "high"
    assert "cannot go higher" in result.steps[-1]


def test_upgrading_randomised_evidence_is_a_warning_not_an_error():
    result = assess_certainty("randomized", upgrades={"dose_response": 1})
    assert result.final_level == "high"
    assert any("rates up only observational" in w for w in result.warnings)


def test_upgrading_evidence_already_rated_down_is_a_warning():
    result = assess_certainty("observational", {"risk_of_bias": 1}, {"large_effect": 1}, WHY)
    assert result.final_level == "very low"
    assert any("was rated down" in w for w in result.warnings)


def test_unknown_domains_and_values_out_of_range_are_warnings():
    result = assess_certainty(
        "randomized",
        {"funding": 1, "imprecision": 3, "inconsistency": -1, "risk_of_bias": "awful", "indirectness": True},
        {"large_effect": 3, "sunshine": 1},
        {"vibes": "x"},
    )
    text = " ".join(result.warnings)
    assert result.final_level == "high"
    for expected in ("'funding'", "Imprecision: 3", "Inconsistency: -1", "'awful'", "Indirectness: True",
                     "Large effect: 3", "'sunshine'", "'vibes'"):  # fmt: skip
        assert expected in text


def test_inputs_of_the_wrong_type_are_warnings():
    result = assess_certainty("randomized", ["risk_of_bias"], "large", 42)
    assert result.final_level == "high" and len(result.warnings) == 3


def test_a_missing_justification_is_flagged():
    result = assess_certainty("randomized", {"risk_of_bias": 1, "imprecision": 1}, justifications={"imprecision": " "})
    assert result.missing_justifications == ["risk_of_bias", "imprecision"]
    assert any("Risk of bias was rated but has no justification" in w for w in result.warnings)


def test_an_unknown_start_gives_no_level_and_says_what_to_choose():
    for start in ("animal", 3):
        result = assess_certainty(start)
        assert result.final_level is None and "Unknown starting design" in result.warnings[0]
        assert "choose a starting design" in result.plain_language()


def test_an_unanswered_start_says_not_answered_yet_not_unknown_design():
    for start in (..., None, "", "..."):
        result = assess_certainty(start)
        assert result.final_level is None
        assert result.warnings[0].startswith("Not answered yet"), result.warnings
        assert "Ellipsis" not in " ".join(result.warnings) and "Unknown" not in " ".join(result.warnings)


def test_every_level_has_its_own_plain_language_sentence():
    sentences = {CertaintyJudgement("pain", "randomized", "high", level).plain_language() for level in LEVELS}
    assert len(sentences) == 4 and all("pain" in s for s in sentences)


def test_summary_and_html_show_level_steps_and_warnings():
    result = assess_certainty("observational", {"risk_of_bias": 1}, outcome="sleep <quality>")
    assert "Certainty: very low" in result.summary() and "Warning:" in str(result)
    text = assessment_html(result)
    assert 'aria-live="polite"' in text and "sleep &lt;quality&gt;" in text and "Warning:" in text


def test_calculator_shows_the_outcome_and_the_body_of_evidence_point():
    calculator = certainty_calculator("withdrawal symptoms")
    assert "withdrawal symptoms" in calculator.heading.value
    assert "not a single study" in calculator.heading.value
    assert "Certainty for withdrawal symptoms: low" in calculator.result.value


def test_calculator_updates_live_as_controls_change():
    calculator = certainty_calculator("withdrawal symptoms")
    calculator.downgrade_choices["risk_of_bias"].value = 1
    assert ": very low" in calculator.result.value
    assert "no justification" in calculator.result.value
    calculator.justifications["risk_of_bias"].value = "self-selected respondents"
    assert "no justification" not in calculator.result.value
    calculator.downgrade_choices["risk_of_bias"].value = 0
    calculator.upgrade_choices["large_effect"].value = 2
    calculator.justifications["large_effect"].value = "very large effect"
    assert ": high" in calculator.result.value
    calculator.start.value = "randomized"
    assert "Upgrades were not applied" in calculator.result.value
    assert calculator.assessment.final_level == "high"


@pytest.mark.parametrize("domain", ["risk_of_bias", "publication_bias"])
def test_calculator_offers_none_serious_and_very_serious(domain):
    options = certainty_calculator().downgrade_choices[domain].options
    assert [value for _label, value in options] == [0, 1, 2]


def test_an_assessment_shows_itself_as_html_in_a_notebook():
    result = assess_certainty("observational", outcome="pain")
    assert result._repr_html_() == assessment_html(result)


def test_numbers_from_a_table_count_as_levels():
    import numpy as np

    result = assess_certainty("randomized", {"imprecision": np.int64(1)}, justifications={"imprecision": "n=30"})
    assert result.final_level == "moderate" and result.warnings == []
