"""Tests for claimlab.cue_learning (phrases learned from annotated examples) and the scanner's use of them."""

from __future__ import annotations

import csv
import importlib.util
import shutil
from pathlib import Path

import pytest

from claimlab import cue_phrases
from claimlab.cue_learning import Example, learn
from claimlab.scanner import scan_sentences
from conftest import REPO

REFERENCE = REPO / "datasets" / "reference"


def example(document: str, text: str, annotated: str = "", predicted: str = "") -> Example:
    return Example(document, text, frozenset(filter(None, [annotated])), frozenset(filter(None, [predicted])))


FILLER = [example(f"other{i}", f"Plain sentence number {i} about a product and its price.") for i in range(200)]


def test_a_phrase_seen_in_three_documents_is_learned_and_one_seen_in_one_document_is_not():
    examples = [
        example("a", "Our tonic works with the vagal tone of the body.", "mechanism"),
        example("b", "It resets vagal tone overnight.", "mechanism"),
        example("c", "Better vagal tone, better sleep.", "mechanism"),
        example("d", "Zorbly juice, loved by zorbly fans.", "popularity"),
        example("d", "Zorbly is everywhere.", "popularity"),
        example("d", "Ask for zorbly today.", "popularity"),
        *FILLER,
    ]
    learned = learn(examples, ["mechanism", "popularity"])
    phrases = {(phrase.family, phrase.phrase) for phrase in learned}
    assert ("mechanism", "vagal tone") in phrases or ("mechanism", "vagal") in phrases
    assert not any(family == "popularity" for family, _ in phrases)  # one document only: memorising


def test_a_phrase_that_also_matches_sentences_without_the_family_is_not_learned():
    examples = [
        example("a", "Our tonic works with the vagal tone.", "mechanism"),
        example("b", "It resets vagal tone.", "mechanism"),
        example("c", "Better vagal tone.", "mechanism"),
        example("e", "The vagal tone of the music."),
        example("f", "A vagal tone chart."),
        *FILLER,
    ]
    assert learn(examples, ["mechanism"]) == []  # 3 of 5 matches marked: precision 0.6 < 0.8


def test_sentences_the_scanner_already_finds_teach_nothing_new():
    examples = [example(doc, "Our tonic tunes vagal tone.", "mechanism", "mechanism") for doc in "abc"] + FILLER
    assert learn(examples, ["mechanism"]) == []


def test_a_learned_row_explains_where_it_came_from_and_its_example_is_found_by_the_scanner(tmp_path):
    examples = [example(doc, f"It tunes vagal tone, says report {doc}.", "mechanism") for doc in "abcd"] + FILLER
    learned = learn(examples, ["mechanism"])
    assert learned
    row = learned[0].row()
    assert "4 sentences of 4 documents" in row["note"]
    for name in ("cue-patterns.csv", cue_phrases.PHRASES_FILE, cue_phrases.SLOTS_FILE):
        shutil.copyfile(REFERENCE / name, tmp_path / name)
    with (tmp_path / cue_phrases.LEARNED_FILE).open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(cue_phrases.PHRASE_COLUMNS))
        writer.writeheader()
        writer.writerow(row)
    found = [cue for _s, cues in scan_sentences("It tunes vagal tone.", tmp_path / "cue-patterns.csv") for cue in cues]
    assert ("mechanism", row["example"]) in {(cue.family, cue.match.lower()) for cue in found}
    (tmp_path / cue_phrases.LEARNED_FILE).unlink()  # without the file, no learned cue
    assert not [cue for _s, cues in scan_sentences("It tunes vagal tone.", tmp_path / "cue-patterns.csv")
                for cue in cues if cue.match.lower() == row["example"]]


def test_the_shipped_learned_phrases_load_and_each_example_is_found_in_its_family():
    path = REFERENCE / cue_phrases.LEARNED_FILE
    rows = list(csv.DictReader(path.open(encoding="utf-8", newline="")))
    for row in rows:
        found = {cue.family for _s, cues in scan_sentences(row["example"]) for cue in cues}
        assert row["family"] in found, row
        assert row["note"].startswith("Learned from annotated examples"), row


def test_a_bracketed_editorial_capital_is_read_as_the_word_and_highlighted_whole():
    cues = [cue for _s, found in scan_sentences("[c]linically proven to help.") for cue in found]
    assert ("vague_authority", "[c]linically proven") in {(cue.family, cue.match) for cue in cues}
    assert all(cue.start == 0 for cue in cues if cue.family == "vague_authority")
    assert not [cue for _s, found in scan_sentences("See note [c] linked below.") for cue in found
                if cue.match.startswith("[")]


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("scanner_benchmark", REPO / "benchmarks" / "scanner_benchmark.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_a_pattern_is_cut_into_its_top_level_alternatives_only(bench):
    assert bench.top_level_alternatives(r"a|(?:b|c) d|[|]x|\|y") == ["a", "(?:b|c) d", "[|]x", r"\|y"]


def test_held_out_3_is_scored_but_never_learned_from(bench, monkeypatch, tmp_path):
    rows = [
        {"sentence_id": "c1", "sentence": "Clinically proven.", "cues": "vague_authority;certainty", "split": "tuning",
         "document_id": "d1"},
        {"sentence_id": "c2", "sentence": "It may help.", "cues": "hedge", "split": "held_out_3", "document_id": "d2"},
    ]
    assert bench.corpus_pairs(rows)["held_out_3"][0][1] == {"hedge"}
    corpus = tmp_path / "claims-corpus.csv"
    with corpus.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    monkeypatch.setattr(bench, "CORPUS", corpus)
    parts = {part for part, _doc, _text, _annotated in bench.annotated_examples()}
    assert "tuning" in parts and "held_out_3" not in parts
    assert len([p for p in parts if p in bench.PARTS]) == 1  # the corpus read is the one given


def test_support_drops_a_cue_whose_only_correct_finds_are_in_its_own_document(bench, monkeypatch):
    examples = [("tuning", "d1", "A zorblatic remedy.", {"certainty"}), ("tuning", "d2", "It is safe.", {"safety_reassurance"}),
                ("tuning", "d3", "So safe.", {"safety_reassurance"})]
    monkeypatch.setattr(bench, "annotated_examples", lambda: examples)
    units = [("certainty", "zorblatic", bench.FamilyMatcher("certainty", ["zorblatic"]), False),
             ("safety_reassurance", "safe", bench.FamilyMatcher("safety_reassurance", ["safe"]), False)]
    monkeypatch.setattr(bench, "cue_units", lambda path=None: units)
    predicted = {text: found for _label, found, _a in bench.support_cross_validated()["tuning"]
                 for text in [_label.split(" ", 1)[1].strip("'\"")]}
    assert predicted["A zorblatic remedy."] == set()  # found in d1 only: memorised
    assert predicted["It is safe."] == {"safety_reassurance"}  # also found in d3
