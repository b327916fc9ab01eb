"""Tests for the claims corpus (benchmarks/corpus/) and the scanner benchmark's metric and split code."""

from __future__ import annotations

import csv
import importlib.util
import math
import re
import warnings
from pathlib import Path

import pytest

from claimlab.scanner import cue_families, cue_patterns
from claimlab.schema import check_table, read_schema
from conftest import REPO

with warnings.catch_warnings():  # the regex parser's public names moved in Python 3.11; the old ones still work
    warnings.simplefilter("ignore", DeprecationWarning)
    import sre_constants
    import sre_parse

CORPUS_DIR = REPO / "benchmarks" / "corpus"
CORPUS = CORPUS_DIR / "claims-corpus.csv"
SCHEMA = CORPUS_DIR / "claims-corpus.schema.json"
README = CORPUS_DIR / "README.md"


def load_benchmark():
    """benchmarks/scanner_benchmark.py as a module (it is a script, not part of the package)."""
    spec = importlib.util.spec_from_file_location("scanner_benchmark", REPO / "benchmarks" / "scanner_benchmark.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def bench():
    return load_benchmark()


@pytest.fixture(scope="module")
def rows() -> list[dict[str, str]]:
    with CORPUS.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_corpus_validates_against_its_schema():
    checked, problems = check_table(CORPUS, read_schema(SCHEMA))
    assert problems == [], "\n".join(str(problem) for problem in problems)
    assert checked is not None and len(checked) >= 300


def test_every_row_names_its_document_and_where_it_was_read(rows):
    for row in rows:
        where = row["sentence_id"]
        for column in ("url", "read_at"):
            assert re.fullmatch(r"https?://\S+", row[column]), (where, column)
        assert re.fullmatch(r"(19|20)\d\d(-[01]\d(-[0-3]\d)?)?", row["document_date"]), where
        for column in ("agency", "document_type", "document_title", "locator", "sentence", "checked"):
            assert row[column].strip(), (where, column)
        assert row["source_kind"] in {"primary", "mirror", "secondary"}, where


def test_primary_rows_were_read_on_an_agency_site(rows):
    for row in rows:
        if row["source_kind"] == "primary":
            assert re.match(r"https?://([\w-]+\.)*(ftc|fda)\.gov/", row["url"]), row["sentence_id"]


def test_the_corpus_is_large_and_varied_enough(rows):
    documents = {row["document_id"] for row in rows}
    genres = {row["genre"] for row in rows}
    assert len(rows) >= 300 and len(documents) >= 30
    assert {"supplements", "devices", "covid-19", "cancer", "cbd", "weight loss", "memory"} <= genres


def test_annotated_cues_are_families_of_the_kit(rows):
    known = set(cue_families()["family"])
    for row in rows:
        for family in filter(None, row["cues"].split(";")):
            assert family in known, (row["sentence_id"], family)


def test_each_document_lies_wholly_on_one_side_of_the_split(rows):
    sides: dict[str, set[str]] = {}
    for row in rows:
        sides.setdefault(row["document_id"], set()).add(row["split"])
    assert all(len(side) == 1 for side in sides.values()), {d: s for d, s in sides.items() if len(s) > 1}


def test_the_split_is_the_recorded_one(rows, bench):
    assert bench.SPLIT_SEED == 20261201 and bench.HELD_OUT_FRACTION == 0.3
    assert "20261201" in README.read_text(encoding="utf-8")
    drawn = {row["document_id"] for row in rows if row["split"] in bench.DRAWN_PARTS}
    held_out = bench.held_out_documents(drawn)
    assert held_out == {row["document_id"] for row in rows if row["split"] == "held_out"}
    assert len(held_out) == round(len(drawn) * 0.3)
    # another seed draws other documents, so the check above can fail
    assert bench.held_out_documents(drawn, seed=1) != held_out


def test_fresh_documents_are_not_in_the_drawn_parts(rows):
    fresh = {row["document_id"] for row in rows if row["split"] == "fresh"}
    drawn = {row["document_id"] for row in rows if row["split"] in ("tuning", "held_out")}
    assert fresh and not fresh & drawn


@pytest.mark.parametrize("part, claims, documents", [("held_out_2", 50, 20), ("held_out_3", 90, 30)])
def test_the_new_held_out_part_shares_no_document_or_claim_with_the_rest(rows, part, claims, documents):
    """held_out_2 and held_out_3 (collected 2026-12-02) come from documents, and claims, not yet in the corpus."""
    def words(text: str) -> str:
        return " ".join("".join(c for c in text.lower() if c.isalnum() or c.isspace()).split())
    new = [row for row in rows if row["split"] == part]
    old = [row for row in rows if row["split"] != part]
    assert len(new) >= claims and len({row["document_id"] for row in new}) >= documents
    assert not {row["document_id"] for row in new} & {row["document_id"] for row in old}
    old_sentences = {words(row["sentence"]) for row in old}
    assert not [row["sentence_id"] for row in new if words(row["sentence"]) in old_sentences]
    assert {row["checked"] for row in new} == {"2026-12-02"}


def test_held_out_documents_is_deterministic_and_order_free(bench):
    ids = [f"doc-{n}" for n in range(20)]
    first = bench.held_out_documents(ids, seed=7, fraction=0.25)
    assert first == bench.held_out_documents(list(reversed(ids)) + ids[:3], seed=7, fraction=0.25)
    assert len(first) == 5 and first <= set(ids)


def test_family_counts_and_precision_recall_on_a_hand_made_example(bench):
    pairs = [
        ("s1", {"hedge", "mechanism"}, {"hedge"}),              # hedge TP, mechanism FP
        ("s2", set(), {"anecdote", "hedge"}),                   # anecdote FN, hedge FN
        ("s3", {"hedge"}, {"hedge"}),                           # hedge TP
        ("s4", {"certainty"}, {"certainty", "mechanism"}),      # certainty TP, mechanism FN
        ("s5", set(), set()),                                   # nothing
    ]
    counts = bench.family_counts(pairs)
    assert counts == {"anecdote": (0, 0, 1), "certainty": (1, 0, 0), "hedge": (2, 0, 1), "mechanism": (0, 1, 1)}
    assert bench.micro(counts) == (3, 1, 3)
    precision, recall = bench.precision_recall(*bench.micro(counts))
    assert precision == pytest.approx(0.75) and recall == pytest.approx(0.5)
    assert bench.precision_recall(*counts["hedge"]) == (1.0, pytest.approx(2 / 3))
    precision, recall = bench.precision_recall(*counts["anecdote"])
    assert math.isnan(precision) and recall == 0.0


def test_corpus_pairs_scores_each_row_with_the_scanner(bench):
    rows = [
        {"sentence_id": "c1", "sentence": "Clinically proven to cure all forms of cancer.", "cues": "certainty;vague_authority",
         "split": "tuning"},
        {"sentence_id": "c2", "sentence": "It may help.", "cues": "", "split": "held_out"},
    ]
    pairs = bench.corpus_pairs(rows)
    assert [annotated for _, _, annotated in pairs["tuning"]] == [{"certainty", "vague_authority"}]
    assert "certainty" in pairs["tuning"][0][1] and pairs["held_out"][0][1] == {"hedge"}


SPACE = ord(" ")


def _cannot_match_space(body) -> bool:
    """True when a repeated body is one character class (or literal) that never matches a space."""
    if len(body) != 1:
        return False
    op, value = body[0]
    if op == sre_constants.LITERAL:
        return value != SPACE
    if op == sre_constants.IN:
        return all(
            (kind == sre_constants.LITERAL and item != SPACE)
            or (kind == sre_constants.CATEGORY and item in (sre_constants.CATEGORY_WORD, sre_constants.CATEGORY_DIGIT))
            or (kind == sre_constants.RANGE and not item[0] <= SPACE <= item[1])
            for kind, item in value
        )
    return False


def _unbounded_repeats(pattern: str) -> list[str]:
    """Unbounded repeats nested inside another unbounded repeat: the shape that can make a regex slow.

    Allowed: an outer repeat whose every turn starts with a space, over inner repeats that cannot
    match a space, e.g. ``(?: [A-Z][\\w-]*)+`` -- each turn is then found in one way only.
    """
    found = []

    def starts_with_space(body) -> bool:
        return bool(body) and body[0] == (sre_constants.LITERAL, SPACE)

    def walk(items, outer: list | None) -> None:
        for op, value in items:
            if op in (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT):
                _low, high, body = value
                unbounded = high == sre_constants.MAXREPEAT
                if unbounded and outer is not None and not (starts_with_space(outer) and _cannot_match_space(body)):
                    found.append(str(body))
                walk(body, body if unbounded else outer)
            elif op == sre_constants.SUBPATTERN:
                walk(value[-1], outer)
            elif op == sre_constants.BRANCH:
                for branch in value[1]:
                    walk(branch, outer)
            elif op in (sre_constants.ASSERT, sre_constants.ASSERT_NOT):
                walk(value[1], outer)

    walk(sre_parse.parse(pattern), None)
    return found


def test_no_cue_pattern_nests_unbounded_repeats():
    assert _unbounded_repeats(r"(?:\w+)+") and _unbounded_repeats(r"(?:a|\s+)*") and _unbounded_repeats(r"(?: .+)+")
    assert not _unbounded_repeats(r"(?: \w+){0,3}") and not _unbounded_repeats(r"of(?: (?-i:[A-Z])[\w-]*)+")
    offenders = {row.pattern: _unbounded_repeats(row.pattern) for row in cue_patterns().itertuples()}
    assert {p: o for p, o in offenders.items() if o} == {}


def test_every_pattern_added_for_the_corpus_explains_itself_to_learners():
    # the rows from the first absolute-promise pattern on were written for the corpus (see README-cues.md)
    table = cue_patterns()
    first = table.index[table["pattern"].str.startswith("magic(?:al)?")][0]
    added = table.loc[first:]
    assert len(added) >= 20
    assert all(len(note.split()) >= 8 for note in added["note"]), added[added["note"].str.split().str.len() < 8]


def test_every_row_says_whether_its_wording_was_checked_against_the_agencys_own_text(rows):
    agency = re.compile(r"https?://([\w-]+\.)*(ftc|fda)\.gov/")
    for row in rows:
        status, note = row["verified"], row["verified_note"]
        if status == "agency page":
            assert agency.match(row["read_at"]) or agency.search(note), row["sentence_id"]
        if status in ("not found", "agency text copy") and row["source_kind"] == "secondary":
            assert note.startswith("2026-12-02: "), row["sentence_id"]  # checked this session, and says where
        if status == "not checked":
            assert row["source_kind"] == "secondary", row["sentence_id"]
    assert sum(row["verified"] != "not checked" for row in rows if row["source_kind"] == "secondary") >= 20


SECOND_ANNOTATION = CORPUS_DIR / "held_out_3-second-annotation.csv"


def test_the_blind_second_annotation_covers_held_out_3_word_for_word(rows):
    """The second annotator's file has every held_out_3 claim, with the same text, and only kit families."""
    with SECOND_ANNOTATION.open(encoding="utf-8", newline="") as handle:
        second = list(csv.DictReader(handle))
    held = {row["sentence_id"]: row["sentence"] for row in rows if row["split"] == "held_out_3"}
    assert {row["sentence_id"]: row["sentence"] for row in second} == held
    families = set(cue_families()["family"])
    for row in second:
        unknown = {cue for cue in row["cues"].split(";") if cue} - families
        assert not unknown, f"{SECOND_ANNOTATION.name}, {row['sentence_id']}: unknown cue families {sorted(unknown)}"


def test_a_person_scored_as_the_scanner_gives_the_agreement_the_readme_reports(bench, rows):
    """The second annotator scored against the first: 107 marks shared, 14 the second's only, 1 the first's only."""
    pairs = bench.annotator_pairs(rows)
    assert len(pairs) == 95
    assert bench.micro(bench.family_counts(pairs)) == (107, 14, 1)
    met, reasons = bench.meets_goal(pairs)
    assert not met and reasons == ["precision 0.88 < 0.9"]


def test_the_goal_check_passes_perfect_predictions_and_names_each_short_family(bench, rows):
    perfect = [(row["sentence_id"], bench.families(row["cues"]), bench.families(row["cues"])) for row in rows]
    assert bench.meets_goal(perfect) == (True, [])
    # drop every anecdote mark: recall of that family falls to 0, overall recall stays above 0.9
    dropped = [(label, predicted - {"anecdote"}, annotated) for label, predicted, annotated in perfect]
    met, reasons = bench.meets_goal(dropped)
    assert not met and len(reasons) == 1 and reasons[0].startswith("anecdote recall 0.00 < 0.75")
