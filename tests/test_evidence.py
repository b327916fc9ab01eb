"""Tests for claimlab.evidence: the claimed use, design counts, limitation families, the missing trial."""

from __future__ import annotations

import pandas as pd
import pytest

from claimlab.cases import list_cases, load_case
from claimlab.vocabulary import limitation_families
from claimlab.evidence import (
    TRIAL_CHOICES,
    check_trial_design,
    claimed_use_topic,
    design_label,
    design_topic_table,
    has_limitation,
    human_outcome_studies,
    ids_by_design,
    limitation_examples,
    limitation_summary,
    list_ids,
    study_source_links,
    topic_label,
    trial_design_options,
)


# A small case vocabulary: the topics and their roles, the claim types that count as benefit.
VOCABULARY = (("topic", "opioid_withdrawal", "opioid withdrawal", "claimed_use", ""),
              ("topic", "pain", "pain", "background", ""),
              ("topic", "pharmacokinetics", "pharmacokinetics", "background", ""),
              ("claim_type", "efficacy", "efficacy", "benefit", ""))


def studies(*rows: tuple[str, str, str, str, str]) -> pd.DataFrame:
    """A small studies table: (study_id, design, topic, limitation, limitation_families) per row."""
    frame = pd.DataFrame(rows, columns=["study_id", "design", "topic", "limitation", "limitation_families"])
    frame["source_url"] = [f"https://example.org/{i}" for i in frame["study_id"]]
    frame.attrs["vocabulary"] = VOCABULARY
    return frame


SMALL = studies(
    ("a-2020", "cross_sectional_survey", "opioid_withdrawal", "Self-selected online respondents, no comparison group.",
     "self_selection;no_comparison"),
    ("b-2021", "randomized_trial", "pain", "Small and short.", ""),
    ("c-2019", "animal", "opioid_withdrawal", "Rats given a purified compound.", "animals_cells"),
    ("d-2022", "pharmacokinetic", "pharmacokinetics", "Only blood-level measurements.", "blood_levels"),
    ("e-2018", "systematic_review", "opioid_withdrawal", "A review of the above.", ""),
)


def test_labels_in_words():
    assert design_label("randomized_trial") == "randomised trial"
    assert design_label("made_up") == "made up"
    assert topic_label("opioid_withdrawal") == "opioid withdrawal"
    assert topic_label("pain", SMALL.assign()) == "pain"
    relabelled = SMALL.copy()
    relabelled.attrs["vocabulary"] = (("topic", "pain", "aches and pains", "background", ""),)
    assert topic_label("pain", relabelled) == "aches and pains"


def test_claimed_use_topic_comes_from_the_case_vocabulary_roles():
    claims = pd.DataFrame({"claim_type": ["efficacy", "efficacy", "safety"],
                           "study_ids": ["a-2020;e-2018", "c-2019;d-2022", "b-2021"]})
    claims.attrs["vocabulary"] = VOCABULARY
    assert claimed_use_topic(claims, SMALL) == "opioid_withdrawal"
    no_roles = SMALL.copy()
    no_roles.attrs["vocabulary"] = (("topic", "pain", "pain", "background", ""),)
    assert claimed_use_topic(claims, no_roles) == "opioid_withdrawal"  # the claims' vocabulary is used
    unmarked = claims.copy()
    unmarked.attrs["vocabulary"] = no_roles.attrs["vocabulary"]
    assert claimed_use_topic(unmarked, no_roles) is None
    two = SMALL.copy()
    two.attrs["vocabulary"] = (("topic", "opioid_withdrawal", "w", "claimed_use", ""),
                               ("topic", "pain", "p", "claimed_use", ""),
                               ("claim_type", "safety", "safety", "benefit", ""))
    claims.attrs["vocabulary"] = two.attrs["vocabulary"]
    assert claimed_use_topic(claims, two) == "pain"  # only the 'safety' claim counts as benefit here


@pytest.mark.parametrize("name", list_cases())
def test_every_case_has_a_claimed_use_topic(name):
    case = load_case(name)
    assert claimed_use_topic(case.claims, case.studies) in set(case.studies["topic"])


def test_design_topic_table_counts_by_design_strongest_first():
    table = design_topic_table(SMALL)
    assert list(table.index) == ["systematic review", "randomised trial", "cross-sectional survey",
                                 "pharmacokinetic study", "animal study"]
    assert table.loc["animal study", "opioid withdrawal"] == 1
    assert table["total"].sum() == len(SMALL)
    assert design_topic_table(SMALL.iloc[0:0]).empty


def test_human_outcome_studies_leave_out_reviews_animals_and_blood_levels():
    body = human_outcome_studies(SMALL, "opioid_withdrawal")
    assert list(body["study_id"]) == ["a-2020"]
    assert human_outcome_studies(SMALL, None).empty


def test_ids_by_design_and_list_ids():
    assert ids_by_design(SMALL)["animal study"] == ["c-2019"]
    assert list_ids(SMALL.iloc[[0, 2]]) == "cross-sectional survey: a-2020; animal study: c-2019"
    assert list_ids(SMALL.iloc[0:0]) == "none"


def test_source_links_use_the_first_url():
    rows = SMALL.iloc[[0]].assign(source_url=["https://one.example ; https://two.example"])
    assert study_source_links(rows) == "- [a-2020](https://one.example)"
    assert study_source_links(SMALL.iloc[0:0]) == "No sources recorded."


def test_limitation_families_come_from_the_case_column_not_the_text():
    assert list(SMALL.loc[has_limitation(SMALL, "self_selection"), "study_id"]) == ["a-2020"]
    assert list(SMALL.loc[has_limitation(SMALL, "no_comparison"), "study_id"]) == ["a-2020"]
    assert list(SMALL.loc[has_limitation(SMALL, "animals_cells"), "study_id"]) == ["c-2019"]
    assert list(SMALL.loc[has_limitation(SMALL, "blood_levels"), "study_id"]) == ["d-2022"]
    with pytest.raises(KeyError, match="choose one of"):
        has_limitation(SMALL, "bad luck")


def test_limitation_examples_and_summary():
    examples = limitation_examples(SMALL, "animals_cells")
    assert list(examples.index) == ["c-2019"] and examples.loc["c-2019", "design"] == "animal study"
    assert limitation_examples(SMALL.iloc[0:0], "recall").empty
    summary = limitation_summary(SMALL)
    assert list(summary.index) == list(limitation_families()["label"])
    assert summary.loc["Recall", "for example"] == "none in this case"


def test_every_family_finds_examples_in_the_kratom_case():
    case = load_case("kratom-opioid-withdrawal")
    for family in limitation_families().index:
        assert not limitation_examples(case.studies, family).empty, family


def test_a_limitation_text_alone_puts_a_study_in_no_family():
    worded = SMALL.assign(limitation_families="")
    assert not has_limitation(worded, "self_selection").any()
    assert not has_limitation(SMALL.drop(columns="limitation_families"), "recall").any()


def test_trial_design_options_list_every_choice():
    options = trial_design_options()
    assert len(options) == sum(len(choices) for _, choices, _ in TRIAL_CHOICES.values())


def test_check_trial_design_gives_feedback_per_feature():
    right = {feature: answer for feature, (_, _, answer) in TRIAL_CHOICES.items()}
    result = check_trial_design(right)
    assert (result["fair test?"] == "yes").all()
    assert result["why"].str.startswith("Correct.").all()

    result = check_trial_design({**right, "allocation": "A ", "size": ..., "blinding": "z", "extra": 1})
    assert result.loc["allocation", "fair test?"] == "no"
    assert "differ" in result.loc["allocation", "why"]
    assert result.loc["size", "your choice"] == "not answered yet"
    assert result.loc["size", "why"].startswith("Not answered yet: put one of the letters a, b, c")
    assert "not one of the options" in result.loc["blinding", "why"]
    assert result.loc["extra", "fair test?"] == "no"


def test_check_trial_design_never_raises_on_bad_input():
    for bad in (None, "abc", [1, 2], {}):
        result = check_trial_design(bad)
        assert (result["fair test?"] == "no").all()


def test_the_old_name_lessons_import_is_the_study_links():
    from claimlab import evidence, regulation

    assert evidence.source_links is evidence.study_source_links
    assert regulation.source_links is regulation.position_source_links
    assert evidence.study_source_links is not regulation.position_source_links
