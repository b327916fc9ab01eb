"""Tests for claimlab.cue_phrases: cue families as phrases with slots, kept as data beside the patterns."""

from __future__ import annotations

import csv
import re
import shutil
import time
from pathlib import Path

import pytest

from claimlab import cue_phrases
from claimlab.errors import ClaimLabInputError
from claimlab.scanner import compiled_cues, cue_families, scan_sentences
from conftest import REPO

REFERENCE = REPO / "datasets" / "reference"
PHRASES = REFERENCE / cue_phrases.PHRASES_FILE
SLOTS = REFERENCE / cue_phrases.SLOTS_FILE
SLOTS_HERE = {"research": ["studies", "research", "scientists"], "show": ["show*", "prove*", "proven"]}


def families_of(text: str, patterns: Path | None = None) -> set[str]:
    return {cue[0] for _sentence, cues in scan_sentences(text, patterns) for cue in cues}


def kit_folder(tmp_path: Path, phrases: bool = True) -> Path:
    """A copy of the kit's patterns in tmp_path, with or without the phrase files beside them."""
    shutil.copyfile(REFERENCE / "cue-patterns.csv", tmp_path / "cue-patterns.csv")
    if phrases:
        shutil.copyfile(PHRASES, tmp_path / PHRASES.name)
        shutil.copyfile(SLOTS, tmp_path / SLOTS.name)
    return tmp_path / "cue-patterns.csv"


def slot_table(words: dict[str, list[str]]) -> dict[str, list[str]]:
    return {slot: [cue_phrases.word_pattern(word) for word in found] for slot, found in words.items()}


# --------------------------------------------------------------------------- compiling a phrase


def test_a_phrase_with_slots_and_a_gap_matches_its_paraphrases_and_not_other_text():
    regex = re.compile(cue_phrases.phrase_pattern("{research} {gap:2} {show}", slot_table(SLOTS_HERE)))
    for text in ("studies show", "research has proven", "scientists have now shown", "studies demonstrably prove"):
        assert regex.fullmatch(text), text
    for text in ("studies", "show studies", "studies of the past decade show", "researchers show"):
        assert not regex.fullmatch(text), text


def test_an_optional_slot_may_be_left_out_and_a_wildcard_takes_any_ending():
    slots = slot_table({"many": ["numerous", "countless"], "research": ["stud*"]})
    regex = re.compile(cue_phrases.phrase_pattern("{many?} {research}", slots))
    assert regex.fullmatch("numerous studies") and regex.fullmatch("studies") and regex.fullmatch("study")
    assert not regex.fullmatch("numerous") and not regex.fullmatch("many studies")


def test_slot_words_are_escaped_so_punctuation_is_literal():
    regex = re.compile(cue_phrases.phrase_pattern("{fame}", slot_table({"fame": ["#1", "best-selling", "a.b"]})))
    assert regex.fullmatch("#1") and regex.fullmatch("best-selling") and regex.fullmatch("a.b")
    assert not regex.fullmatch("axb") and not regex.fullmatch("best selling")


@pytest.mark.parametrize(
    "phrase, message",
    [
        ("{nothing} show", "slot {nothing} is not in cue-slots.csv"),
        ("{gap} studies", "starts or ends with a gap"),
        ("studies {gap}", "starts or ends with a gap"),
        ("studies {gap:9} show", "a gap is {gap} or {gap:N} with N from 1 to 8"),
        ("{research?}", "needs at least one word or slot that is not optional"),
        ("{research:2} show", "only {gap:N} takes a number"),
        ("studies } show", "is not a word, a {slot} or a {gap}"),
        ("studies (show)", "is not a plain word"),
    ],
)
def test_a_broken_phrase_is_refused_with_a_message_saying_what_to_fix(phrase, message):
    with pytest.raises(ClaimLabInputError) as caught:
        cue_phrases.phrase_pattern(phrase, slot_table(SLOTS_HERE), "cue-phrases.csv, row 7, field 'phrase'")
    assert message in str(caught.value) and "row 7" in str(caught.value)


def test_a_bad_slot_file_names_its_row_and_field(tmp_path):
    slots = tmp_path / "cue-slots.csv"
    slots.write_text("slot,word,note\nresearch,studies,\nResearch Words,trials,\n", encoding="utf-8")
    with pytest.raises(ClaimLabInputError, match=r"row 3, field 'slot'"):
        cue_phrases.slot_words(slots)
    slots.write_text("slot,word,note\nresearch,studies,\nresearch,studies,\n", encoding="utf-8")
    with pytest.raises(ClaimLabInputError, match=r"row 3, field 'word': 'studies' is listed twice"):
        cue_phrases.slot_words(slots)
    slots.write_text("slot,note\nresearch,\n", encoding="utf-8")
    with pytest.raises(ClaimLabInputError, match=r"row 1 \(header\), field 'word'"):
        cue_phrases.slot_words(slots)


def test_a_phrase_of_an_unknown_family_is_refused_when_the_scanner_reads_it(tmp_path):
    patterns = kit_folder(tmp_path)
    with (tmp_path / PHRASES.name).open("a", encoding="utf-8") as handle:
        handle.write("hype,{research} {show},studies show,\n")
    with pytest.raises(ClaimLabInputError, match=r"field 'family': unknown family 'hype'"):
        compiled_cues(patterns)


# --------------------------------------------------------------------------- the kit's phrases


def test_every_family_with_phrases_has_a_learner_explanation_and_every_phrase_a_working_example():
    families = cue_families().set_index("family")
    slots = cue_phrases.slot_words(SLOTS)
    with PHRASES.open(encoding="utf-8", newline="") as handle:
        table = list(csv.DictReader(handle))
    assert len(table) >= 30
    for row in table:
        assert len(families.loc[row["family"], "explanation"].split()) >= 20, row["family"]
        regex = re.compile(r"(?<!\w)(?:" + cue_phrases.phrase_pattern(row["phrase"], slots) + r")(?!\w)")
        assert regex.search(row["example"].lower()), (row["phrase"], row["example"])
    # each slot is used by some phrase, and each slot says what its words have in common
    used = {name for row in table for name in re.findall(r"\{([a-z_0-9]+)", row["phrase"])} - {"gap"}
    assert set(slots) == used
    with SLOTS.open(encoding="utf-8", newline="") as handle:
        firsts = {}
        for row in csv.DictReader(handle):
            firsts.setdefault(row["slot"], row["note"])
    assert all(note for note in firsts.values()), [slot for slot, note in firsts.items() if not note]


def test_the_scanner_finds_phrase_cues_only_when_the_phrase_files_sit_beside_the_patterns(tmp_path):
    sentence = "Data confirm that it strengthens your immune response."
    (tmp_path / "with").mkdir()
    (tmp_path / "without").mkdir()
    assert {"vague_authority", "mechanism"} <= families_of(sentence, kit_folder(tmp_path / "with"))
    # the regex patterns alone miss this paraphrase of vague authority
    assert "vague_authority" not in families_of(sentence, kit_folder(tmp_path / "without", phrases=False))


@pytest.mark.parametrize(
    "sentence, family",
    [
        ("Thousands of doctors have recommended it to their patients.", "vague_authority"),
        ("Used by millions of women around the world.", "popularity"),
        ("Data confirm that it works.", "vague_authority"),
        ("Women love it.", "anecdote"),
        ("It rivals chemotherapy.", "treatment_comparison"),
        ("It can never come back once you have used it.", "certainty"),
        ("Say goodbye to joint pain.", "certainty"),
        ("In test tubes it stopped the virus.", "mechanism"),
        ("Prized by shamans.", "tradition"),
        ("Zero side effects.", "safety_reassurance"),
        ("A double-blind trial tested it.", "specific_source"),
    ],
)
def test_each_family_catches_a_paraphrase_its_regex_patterns_miss(tmp_path, sentence, family):
    assert family in families_of(sentence)
    assert family not in families_of(sentence, kit_folder(tmp_path, phrases=False))


NEGATIVES = [
    "Back pain affects millions of people every year.",
    "Diabetes is the leading cause of new blindness.",
    "Take 3 capsules before bedtime.",
    "The study was small and had no control group.",
    "Lower fasting blood sugar levels up to 29%",
    "Consult your pharmacist before use.",
    "Our shop is open from nine to five.",
    "People who feel tired should see a doctor.",
]


@pytest.mark.parametrize("sentence", NEGATIVES)
def test_no_phrase_matches_a_hand_made_negative(sentence):
    slots = cue_phrases.slot_words(SLOTS)
    with PHRASES.open(encoding="utf-8", newline="") as handle:
        table = list(csv.DictReader(handle))
    hits = [row["phrase"] for row in table
            if re.search(r"(?<!\w)(?:" + cue_phrases.phrase_pattern(row["phrase"], slots) + r")(?!\w)", sentence.lower())]
    assert hits == []


def test_a_cue_found_by_a_phrase_is_shown_with_its_familys_label_and_explanation():
    from claimlab.highlight import highlighted_html

    sentence = "Women love it."  # found by the phrase {people} {gap:2} {report} only
    html = highlighted_html(sentence)
    anecdote = cue_families().set_index("family").loc["anecdote"]
    assert "<mark" in html and anecdote["label"] in html
    assert anecdote["explanation"].split(".")[0].replace("'", "&#x27;") in html


def test_the_phrase_files_load_to_the_same_patterns_every_time(tmp_path):
    patterns = kit_folder(tmp_path)
    families = tuple(cue_families()["family"])
    first = cue_phrases.phrase_patterns(patterns, families)
    cue_phrases._patterns.cache_clear()
    again = cue_phrases.phrase_patterns(patterns, families)
    assert first == again and len(first) >= 30
    assert cue_phrases.phrase_patterns(tmp_path / "elsewhere" / "cue-patterns.csv", families) == ()


def test_no_compiled_phrase_nests_unbounded_repeats():
    from test_corpus import _unbounded_repeats

    compiled = cue_phrases.phrase_patterns(REFERENCE / "cue-patterns.csv", tuple(cue_families()["family"]))
    assert compiled and {p: o for _f, p in compiled if (o := _unbounded_repeats(p))} == {}
