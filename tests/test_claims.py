"""Tests for claimlab.claims: the tables lesson 01 builds from a case's hand annotation."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from claimlab.cases import list_cases, load_case
from claimlab.claims import (
    CLAIM_TYPE_NAMES,
    CLAIM_TYPES,
    NO_CLAIMS,
    SUPPORT_LEVELS,
    Notice,
    article_for_reading,
    claim_type_counts,
    compare_with_scanner,
    hand_cue_counts,
    is_safety_claim,
    nothing_recorded,
    quiz_sentences,
    safety_claim_ids,
    safety_explanations,
    safety_quiz,
    support_counts,
    table_with_notice,
)
from claimlab.paths import datasets_dir
from claimlab.quizzes import grade_marked_sentences
from claimlab.scanner import cue_families, sentences_table

CLAIMS = pd.DataFrame({
    "claim_id": ["c01", "c02", "c03", "c04"],
    "sentence": ["It is safe and natural.", "It works on receptors.", "Studies suggest it helps.", "Withdrawal is hard."],
    "claim": ["It is safe.", "It acts on receptors.", "It helps.", "Background."],
    "claim_type": ["efficacy", "mechanism", "efficacy", "safety"],
    "cues": ["safety_reassurance;appeal_to_nature", "mechanism", "vague_authority", ""],
    "evidence_offered": ["none", "none", "vague", "none"],
})
EMPTY = CLAIMS.iloc[0:0]


def _schema_enum(field: str) -> set[str]:
    schema = json.loads((datasets_dir() / "schemas" / "claims.schema.json").read_text(encoding="utf-8"))
    return set(next(f for f in schema["fields"] if f["name"] == field)["constraints"]["enum"])


def test_schema_claim_types_and_support_levels_are_all_explained():
    schema_types = _schema_enum("claim_type")
    assert set(CLAIM_TYPES) == schema_types
    assert set(SUPPORT_LEVELS) == _schema_enum("evidence_offered")
    assert set(CLAIM_TYPE_NAMES) == schema_types


def test_claim_type_counts_counts_and_sorts():
    table = claim_type_counts(CLAIMS)
    assert list(table.columns) == ["claim_type", "sentences", "meaning"]
    assert table.iloc[0].tolist()[:2] == ["efficacy", 2]
    assert table["sentences"].sum() == 4
    assert set(table["claim_type"]) == set(CLAIM_TYPES)


def test_claim_type_counts_keeps_an_unknown_type():
    odd = CLAIMS.assign(claim_type=["efficacy", "rumour", "rumour", "rumour"])
    table = claim_type_counts(odd)
    assert table.iloc[0]["claim_type"] == "rumour" and table.iloc[0]["sentences"] == 3


def test_support_counts_lists_every_level_even_at_zero():
    table = support_counts(CLAIMS)
    assert dict(zip(table["evidence_offered"], table["sentences"])) == {"none": 3, "vague": 1, "specific": 0}


def test_hand_cue_counts_counts_sentences_and_adds_labels():
    table = hand_cue_counts(CLAIMS, cue_families())
    assert set(table["family"]) == {"safety_reassurance", "appeal_to_nature", "mechanism", "vague_authority"}
    assert (table["sentences"] == 1).all()
    assert "Vague authority" in set(table["label"])


def test_safety_claims_come_from_type_or_wording():
    assert safety_claim_ids(CLAIMS) == {"c01", "c04"}
    assert is_safety_claim(CLAIMS.iloc[0]) and not is_safety_claim(CLAIMS.iloc[1])


def test_safety_explanations_say_why_for_every_sentence():
    explain = safety_explanations(CLAIMS)
    assert set(explain) == {"c01", "c02", "c03", "c04"}
    assert "mainly an efficacy (effect) claim, but it also uses safety wording" in explain["c01"]
    assert "no safety wording" in explain["c02"]
    assert "main claim is about safety" in explain["c04"]
    assert "It acts on receptors." in explain["c02"]


def test_quiz_sentences_grade_with_the_safety_ids():
    sentences = quiz_sentences(CLAIMS)
    assert list(sentences.columns) == ["id", "text"]
    right = grade_marked_sentences(["c01", "c04"], sentences, safety_claim_ids(CLAIMS), safety_explanations(CLAIMS))
    assert right.correct
    wrong = grade_marked_sentences(["c02"], sentences, safety_claim_ids(CLAIMS), safety_explanations(CLAIMS))
    assert not wrong.correct and "no safety wording" in wrong.message


def test_compare_with_scanner_shows_differences_and_missing_sentences():
    scanned = pd.DataFrame({
        "sentence": ["It is safe and natural.", "It works on receptors."],
        "families": [["safety_reassurance", "appeal_to_nature", "certainty"], ["mechanism"]],
    })
    table = compare_with_scanner(CLAIMS, scanned)
    first = table.set_index("claim_id").loc["c01"]
    assert first["only_by_scanner"] == "certainty" and first["only_by_hand"] == "" and not first["agree"]
    assert table.set_index("claim_id").loc["c02", "agree"]
    assert "not found" in table.set_index("claim_id").loc["c03", "by_scanner"]


def test_empty_claims_give_empty_or_zero_tables():
    assert claim_type_counts(EMPTY)["sentences"].sum() == 0
    assert support_counts(EMPTY)["sentences"].sum() == 0
    assert hand_cue_counts(EMPTY).empty
    assert quiz_sentences(EMPTY).empty
    assert safety_claim_ids(EMPTY) == set()
    assert compare_with_scanner(EMPTY, pd.DataFrame()).empty


def shown(obj) -> tuple[str, str]:
    """What a notebook would show for obj: its plain text and its HTML (or Markdown)."""
    rich = obj._repr_markdown_() if isinstance(obj, Notice) else obj._repr_html_()
    return repr(obj), rich


def test_empty_claims_show_what_to_add_instead_of_an_empty_table():
    for table in (hand_cue_counts(EMPTY), quiz_sentences(EMPTY), compare_with_scanner(EMPTY, pd.DataFrame())):
        text, html = shown(table)
        assert text == NO_CLAIMS and "add rows to claims.csv" in html and "claims-draft.csv" in html
    # what a lesson does next with the empty comparison still runs, and still says what to add
    comparison = compare_with_scanner(EMPTY, pd.DataFrame())
    assert comparison["agree"].sum() == 0
    assert repr(comparison.query("not agree")[["claim_id", "sentence"]]) == NO_CLAIMS


def test_zero_count_tables_keep_their_meanings_and_say_what_to_add():
    for table, column in ((claim_type_counts(EMPTY), "meaning"), (support_counts(EMPTY), "meaning")):
        text, html = shown(table)
        assert text.startswith(NO_CLAIMS) and html.startswith("<p><em>No claims recorded yet")
        assert table[column].str.len().gt(0).all() and "<table" in html


def test_tables_with_claims_show_no_notice():
    for table in (claim_type_counts(CLAIMS), support_counts(CLAIMS), hand_cue_counts(CLAIMS), quiz_sentences(CLAIMS)):
        assert type(table) is pd.DataFrame
        assert "recorded yet" not in repr(table)


def test_safety_quiz_on_no_claims_is_a_message_not_an_error():
    notice = safety_quiz(EMPTY)
    assert isinstance(notice, Notice) and str(notice) == NO_CLAIMS
    assert notice._repr_markdown_() == f"*{NO_CLAIMS}*"


def test_safety_quiz_on_claims_is_the_mark_sentences_widget():
    from claimlab.quizzes import MarkSentences

    quiz = safety_quiz(CLAIMS)
    assert isinstance(quiz, MarkSentences)
    assert quiz.correct_ids == safety_claim_ids(CLAIMS)


def test_a_notice_passes_through_like_a_missing_value():
    notice = Notice("No studies recorded yet.")
    assert notice["design"] is notice and notice[0] is notice and notice[["a", "b"]] is notice
    assert dict(**notice) == {} and not notice and "design" not in notice
    assert notice == Notice("No studies recorded yet.") and notice != Notice("Something else.")


def test_nothing_recorded_names_the_tables_and_files():
    assert nothing_recorded("studies.csv") == ("No studies recorded yet for this case: add rows to studies.csv "
                                               "(see the case README).")
    both = nothing_recorded("claims.csv", "comparators.csv")
    assert both.startswith("No claims or established treatments recorded yet")
    assert "claims.csv and comparators.csv" in both and "claims-draft.csv" in both


def test_a_notice_table_shows_rows_normally_once_it_has_some():
    table = table_with_notice(pd.DataFrame({"a": [1]}), "Nothing yet.")
    assert "Nothing yet." not in repr(table) and "Nothing yet." not in table._repr_html_()
    assert repr(table.iloc[0:0]) == "Nothing yet."


def test_article_for_reading_wraps_and_separates_lines():
    text = "Title\n" + "word " * 40 + "\n- a list item"
    shown = article_for_reading(text, width=40)
    assert all(len(line) <= 40 for line in shown.splitlines())
    assert shown.startswith("Title\n\n") and shown.endswith("- a list item")


@pytest.mark.parametrize("name", list_cases())
def test_every_case_sentence_is_found_by_the_scanner(name):
    case = load_case(name)
    table = compare_with_scanner(case.claims, sentences_table(case.article))
    assert not table["by_scanner"].str.contains("not found").any()
    assert safety_claim_ids(case.claims) <= set(case.claims["claim_id"])


def test_the_notices_still_import_from_claims_and_are_the_ones_in_notices():
    from claimlab import claims, notices

    for name in ("NO_CLAIMS", "Notice", "NoticeTable", "nothing_recorded", "table_with_notice", "TABLE_CONTENTS"):
        assert getattr(claims, name) is getattr(notices, name), name
