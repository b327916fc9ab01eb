"""Tables in a learner's words: codes become labels, ids and notes stay (claimlab.readable)."""

from __future__ import annotations

import pandas as pd

from claimlab.cases import load_case
from claimlab.claim_counts import claim_count_text, count_claims
from claimlab.readable import with_labels


def test_codes_become_labels_and_ids_stay():
    table = pd.DataFrame({"claim_id": ["c01", "c02"], "claim_type": ["treatment_comparison", "framing"],
                          "cues": ["vague_authority;hedge", ""], "verdict": ["partly_supported", "not_appraised"],
                          "criterion_id": ["benefits_quantified", "costs"],
                          "by_scanner": ["appeal_to_nature, hedge", "(sentence not found by the scanner)"]})
    shown = with_labels(table)
    assert list(shown["claim_id"]) == ["c01", "c02"]
    assert list(shown["claim_type"]) == ["treatment comparison", "framing"]
    assert shown.loc[0, "cues"] == "Vague authority, Hedge word" and shown.loc[1, "cues"] == ""
    assert list(shown["verdict"]) == ["partly supported", "not appraised"]
    assert list(shown["criterion_id"]) == ["Benefits in numbers", "Cost"]
    assert shown.loc[1, "by_scanner"] == "(sentence not found by the scanner)"
    assert table.loc[0, "cues"] == "vague_authority;hedge", "the original table must not change"


def test_topics_take_the_case_labels_and_unknown_codes_lose_their_underscores():
    case = load_case("kratom-opioid-withdrawal")
    shown = with_labels(pd.DataFrame({"topic": ["mental_health", "not_a_topic", None]}), case)
    assert shown.loc[0, "topic"] == "mental health" and shown.loc[1, "topic"] == "not a topic"
    assert pd.isna(shown.loc[2, "topic"])


def test_counting_an_empty_annotation_says_what_to_add():
    empty = pd.DataFrame(columns=["claim_id", "claim_type", "verdict"])
    assert count_claims(empty) == (0, 0, 0, 0)
    assert "add rows to claims.csv" in claim_count_text(empty)


def test_one_framing_sentence_with_a_verdict_is_counted_apart_in_the_singular():
    claims = pd.DataFrame({"claim_id": ["c1", "c2"], "claim_type": ["efficacy", "framing"],
                           "verdict": ["unsupported", "misleading"]})
    assert count_claims(claims) == (2, 1, 1, 1)
    text = claim_count_text(claims)
    assert "1 makes a claim" in text and "1 is a framing sentence" in text and "it steers" in text
