"""Tests for claimlab.verdict: claim-by-claim tables, comparators, the two worked verdicts, the checklist."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from claimlab import verdict
from claimlab.cases import Case, list_cases, load_case
from claimlab.claims import NO_CLAIMS, Notice
from claimlab.quizzes import MultipleChoice, grade_multiple_choice


def make_case(with_trial: bool = False) -> Case:
    """A tiny case built here (tests never depend on the real case files except where said)."""
    claims = pd.DataFrame({
        "claim_id": ["c01", "c02", "c03", "c04"],
        "sentence": ["Remedy X cures Y.", "X acts on receptors.", "Y is hard.", "Pills are harsh."],
        "claim": ["X cures Y.", "X acts on receptors, so it helps.", "Y is hard.", "X beats pills."],
        "claim_type": ["efficacy", "mechanism", "framing", "treatment_comparison"],
        "verdict": ["unsupported", "partly_supported", "not_appraised", "misleading"],
        "explanation": ["Only surveys.", "Cells only.", "Background.", "Pills were tested; X was not."],
        "study_ids": ["survey-2019;rat-2020" + (";trial-2021" if with_trial else ""), "rat-2020", "", ""],
        "position_ids": ["agency-2018-warning", "", "", ""],
        "comparator_ids": ["", "", "", "pill"],
        "no_evidence_note": ["", "", "", ""],
    })
    studies = pd.DataFrame({
        "study_id": ["survey-2019", "rat-2020", "trial-2021", "harm-2022"],
        "year": [2019, 2020, 2021, 2022],
        "design": ["cross_sectional_survey", "animal", "randomized_trial", "case_report"],
        "topic": ["other", "mechanism", "other", "harms"],
        "sample_size": pd.array([100, None, 40, 1], dtype="Int64"),
        "finding": ["Users said it helped.", "Rats calmer.", "No difference.", "Liver injury."],
        "source_url": ["https://a.example ; https://b.example", "https://c.example", "https://d.example",
                       "https://e.example"],
        "unverified_fields": ["pmid", "", "", ""],
    })
    positions = pd.DataFrame({
        "position_id": ["agency-2018-warning"], "date": [pd.Timestamp("2018-01-01")], "jurisdiction": ["Land"],
        "body": ["Agency"], "summary": ["Warned the public."], "source_url": ["https://f.example"],
        "unverified_fields": [""],
    })
    legal = pd.DataFrame({"jurisdiction_code": ["AAA", "BBB"], "country": ["A", "B"],
                          "status": ["prohibited", "legal_unregulated"], "position_id": ["agency-2018-warning"] * 2})
    comparators = pd.DataFrame({
        "comparator_id": ["pill"], "name": ["Pillomab"], "drug_class": ["Tablet"],
        "approval_status": ["Approved"], "review_trials": pd.array([12], dtype="Int64"),
        "review_participants": pd.array([pd.NA], dtype="Int64"), "review_certainty": [""],
        "review_finding": ["It helps."], "review_doi": ["10.1000/xyz"], "source_url": ["https://g.example"],
        "unverified_fields": ["review_participants"],
    })
    rubric = pd.DataFrame({
        "criterion_id": ["harms_quantified", "alternatives", "availability", "evidence_quality"],
        "rating": ["not_satisfactory"] * 4,
        "reason": ["Harms missing.", "Pills dismissed.", "Law not mentioned.", "Studies unnamed."],
        "evidence_ids": ["harm-2022", "pill", "agency-2018-warning", ""],
    })
    # The case's own vocabulary: which topics are harms, which claim types are claims of benefit.
    vocabulary = (("topic", "other", "other", "background", ""), ("topic", "mechanism", "mechanism", "background", ""),
                  ("topic", "harms", "harms", "harm", ""), ("claim_type", "efficacy", "efficacy", "benefit", ""))
    for table in (claims, studies, positions, legal, comparators, rubric):
        table.attrs["vocabulary"] = vocabulary
    return Case(name="tiny", folder=Path("."), article="", provenance={"title": "Remedyx for worry (specimen)"},
                claims=claims, studies=studies, positions=positions, legal_status=legal,
                comparators=comparators, rubric_appraisal=rubric)


@pytest.fixture
def case() -> Case:
    return make_case()


def test_appraised_claims_leave_out_background(case):
    assert list(verdict.appraised_claims(case.claims)["claim_id"]) == ["c01", "c02", "c04"]


def test_verdict_counts_cover_every_verdict_with_its_meaning(case):
    counts = verdict.verdict_counts(case.claims)
    assert counts.loc["unsupported", "claims"] == 1 and counts.loc["supported", "claims"] == 0
    assert counts["what it means"].str.len().min() > 10


def test_example_claims_give_one_claim_per_verdict(case):
    assert verdict.example_claims(case.claims) == ["c04", "c01", "c02"]


def test_claim_evidence_lists_studies_positions_and_treatments(case):
    table = verdict.claim_evidence(case, "c01")
    assert list(table["kind"]) == ["study", "study", "regulator"]
    assert table.loc[0, "what it is"] == "cross-sectional survey"
    assert table.loc[0, "source"] == "https://a.example"
    assert verdict.claim_evidence(case, "c04").loc[0, "source"] == "https://doi.org/10.1000/xyz"


def test_unknown_claim_gets_a_message_not_a_traceback(case):
    with pytest.raises(ValueError, match="claim ids are: c01"):
        verdict.claim_evidence(case, "c99")


def test_claim_summary_shows_sentence_verdict_and_why(case):
    text = verdict.claim_summary(case.claims, "c02")
    assert "X acts on receptors." in text and "partly supported" in text and "Cells only." in text


def test_verdict_quiz_is_gradable_and_explains(case):
    quiz = verdict.verdict_quiz(case.claims, "c01")
    assert grade_multiple_choice("Unsupported", quiz["options"], quiz["answer"]).correct
    wrong = grade_multiple_choice("Supported", quiz["options"], quiz["answer"])
    assert not wrong.correct and "Only surveys." in wrong.message
    with pytest.raises(ValueError, match="background"):
        verdict.verdict_quiz(case.claims, "c03")


def test_comparator_table_says_not_seen_for_blanks(case):
    table = verdict.comparator_table(case.comparators)
    row = table.loc["pill"]
    assert row["trials in the review"] == "12"
    assert row["people in the review"] == verdict.NOT_SEEN
    assert row["certainty (as the review reports it)"] == verdict.NOT_SEEN
    assert row["could not be confirmed"] == "review_participants"
    assert verdict.comparator_table(case.comparators.iloc[0:0]).empty


def test_side_by_side_counts_linked_trials():
    assert verdict.evidence_side_by_side(make_case()).iloc[0]["randomised trials"] == 0
    with_trial = verdict.evidence_side_by_side(make_case(with_trial=True)).iloc[0]
    assert with_trial["randomised trials"] == 1 and with_trial["people in them"] == 40


def test_remedy_name_comes_from_the_title(case):
    assert verdict.remedy_name(case) == "Remedyx"


def test_technical_appraisal_is_built_from_the_tables(case):
    text = verdict.technical_appraisal(case)
    assert "3 sentences make a claim" in text
    assert "none is a randomised trial" in text
    assert "Harms missing." in text and "`harm-2022`" in text
    assert "Pillomab: 12 trials, people: not seen in a source" in text
    assert "does not compare remedyx fairly" in text
    assert "untested is not proof" in text
    assert "Studies mainly about harms: 1 case report." in text


def test_message_to_a_friend_is_plain_and_names_tested_treatments(case):
    text = verdict.message_to_a_friend(case)
    assert "none held up as stated" in text
    assert "a mix of one-off surveys (questionnaires answered once) and experiments in animals" in text
    assert "Pillomab" in text and "doctor or pharmacist" in text
    assert "not sure" in text
    assert "1 of the studies" in text  # harm-2022
    assert "1 bans or controls it" in text
    trial_text = verdict.message_to_a_friend(make_case(with_trial=True))
    assert "There is 1 fair test" in trial_text


def test_verdicts_degrade_gracefully_on_an_empty_case(case):
    empty = make_case()
    empty.claims = empty.claims.iloc[0:0]
    assert "No appraised claims" in verdict.technical_appraisal(empty)
    assert "No appraised claims" in verdict.message_to_a_friend(empty)


def test_checklist_flags_what_is_missing(case):
    result = verdict.check_my_verdict("It is a scam.", case)
    assert (result.loc[["design", "harms", "alternatives"], "status"] == "not found").all()
    good = verdict.check_my_verdict("Only surveys exist and it is uncertain; harms are known; Pillomab is "
                                    "approved; ask a doctor. See survey-2019 and made-up-2020.", case)
    assert (good.loc[["design", "uncertainty", "harms", "alternatives", "legal_status", "clinician"], "status"]
            == "seems covered").all()
    assert "made-up-2020" in good.loc["no_new_claims", "advice"]
    assert "survey-2019" not in good.loc["no_new_claims", "advice"]


def test_checklist_says_not_written_yet_for_a_placeholder(case):
    for text in ("", "...", None):
        assert verdict.check_my_verdict(text, case)["status"].iloc[0] == "not written yet"


def test_checklist_items(case):
    assert {"design", "uncertainty", "harms", "alternatives", "legal_status", "no_new_claims"} <= set(
        verdict.verdict_checklist().index)


@pytest.mark.parametrize("name", list_cases())
def test_worked_verdicts_cite_only_ids_in_the_case(name):
    """On every real case: the worked appraisal's ids exist and the friend message has no ids."""
    import re

    real = load_case(name)
    known = set(real.studies["study_id"]) | set(real.positions["position_id"]) | set(real.comparators["comparator_id"])
    for cited in re.findall(r"`([^`]+)`", verdict.technical_appraisal(real)):
        assert cited in known
    assert "`" not in verdict.message_to_a_friend(real)


def empty_case() -> Case:
    """make_case with every table still empty, as `new-case` leaves it."""
    empty = make_case()
    for table in ("claims", "studies", "positions", "legal_status", "comparators", "rubric_appraisal"):
        setattr(empty, table, getattr(empty, table).iloc[0:0])
    return empty


def test_the_claim_by_claim_section_on_an_empty_case_shows_what_to_add():
    """Lesson 05, cell by cell, on a case whose claims table is still empty."""
    case = empty_case()
    counts = verdict.verdict_counts(case.claims)
    assert repr(counts).startswith(NO_CLAIMS) and counts["claims"].sum() == 0
    examples = verdict.example_claims(case.claims)
    assert isinstance(examples, Notice) and str(examples) == NO_CLAIMS
    assert verdict.claim_summary(case.claims, examples[0]) == f"*{NO_CLAIMS}*"
    assert verdict.claim_evidence(case, examples[0]) is examples
    assert verdict.claim_evidence(case, examples[-1])[["kind", "id"]] is examples
    assert verdict.verdict_quiz(case.claims, examples[-1]) is examples
    assert str(verdict.verdict_question(case.claims, examples[-1])) == NO_CLAIMS
    claims = verdict.appraised_claims(case.claims)
    assert repr(claims[claims["claim_type"] == "treatment_comparison"][["claim_id", "claim"]]) == NO_CLAIMS


def test_only_background_claims_ask_for_verdicts(case):
    background = case.claims[case.claims["verdict"] == "not_appraised"]
    notice = verdict.example_claims(background)
    assert isinstance(notice, Notice) and str(notice) == verdict.NO_VERDICTS


def test_the_treatments_section_on_an_empty_case_shows_what_to_add():
    case = empty_case()
    table = verdict.comparator_table(case.comparators)
    assert table.empty and repr(table.T) == verdict.NO_COMPARATORS
    side = verdict.evidence_side_by_side(case)
    assert side.iloc[0]["randomised trials"] == 0
    assert repr(side).startswith("No claims, studies or established treatments recorded yet")
    assert "claims.csv, studies.csv and comparators.csv" in side._repr_html_()


def test_a_full_case_shows_no_notice(case):
    assert verdict.example_claims(case.claims) == ["c04", "c01", "c02"]
    for table in (verdict.verdict_counts(case.claims), verdict.comparator_table(case.comparators),
                  verdict.evidence_side_by_side(case), verdict.appraised_claims(case.claims)):
        assert type(table) is pd.DataFrame


def test_verdict_question_is_the_quiz_widget(case):
    quiz = verdict.verdict_question(case.claims, "c01")
    assert isinstance(quiz, MultipleChoice) and quiz.answer == "Unsupported"


def test_fair_tests_count_the_trials_and_reviews_of_the_claimed_use():
    from claimlab.cases import load_case

    case = load_case("ashwagandha-anxiety")  # its trials and reviews are tagged with its claimed-use topics
    tests = verdict.fair_tests(case)
    assert tests["trials"] == ["chandrasekhar-2012", "cureus-2019-dose-response", "lopresti-2019"]
    assert set(tests["reviews"]) == {"pratte-2014", "arumugam-2024", "fatima-2024", "cheah-2021"}
    text = verdict.message_to_a_friend(case)
    assert "There are 3 fair tests of it (randomised trials," in text and "4 systematic reviews that gather" in text


def test_one_fair_test_is_said_in_the_singular():
    text = verdict.message_to_a_friend(make_case(with_trial=True))
    assert "There is 1 fair test of it (randomised trial, where" in text
