"""Tests for claimlab.scanner: reading articles, splitting sentences, finding cues, the scan command."""

from __future__ import annotations

import csv
import json
import re
import time
from pathlib import Path

import pandas as pd
import pytest

from claimlab.__main__ import main
from claimlab.paths import reference_dir
from claimlab.vocabulary import cue_family_order
from claimlab.scanner import (
    SCAN_COLUMNS,
    Block,
    ClaimLabInputError,
    Sentence,
    add_scan_command,
    article_blocks,
    article_text,
    compiled_cues,
    count_cues,
    cue_families,
    cue_patterns,
    html_to_text,
    is_article_path,
    read_article,
    run_scan,
    scan_article,
    scan_as_dict,
    scan_as_markdown,
    scan_output,
    scan_sentences,
    sentences_table,
    split_sentences,
    write_new_file,
)

KRATOM = """Kratom, a natural herb from Southeast Asia (Mitragyna speciosa), is gaining recognition as a safe and effective aid for managing opioid withdrawal. Its unique chemical composition interacts with opioid receptors.
- Understanding Opioid Withdrawal and Its Challenges
- What is Kratom and How Can it Help?
Understanding Opioid Withdrawal and Its Challenges
Scientific research suggests that kratom’s unique chemical composition may help alleviate some of these symptoms. This herb has been used traditionally for centuries.
When used safely and under professional guidance, kratom can positively impact individuals undergoing opioid detoxification. The substance offers a natural alternative to prescription medications."""

NAV_PAGE = """<!DOCTYPE html><html><head><title>Shop</title><script>var x = "may cure";</script>
<style>p { color: red }</style></head><body>
<header><nav><ul><li><a href="/">Home</a></li><li>Natural remedies</li></ul></nav></header>
<div role="navigation">Menu: safe products</div>
<main><article><h1>Herbal Calm</h1><p>This herbal tea may ease stress.<br>Experts say it works.</p>
<ul><li>100% natural</li><li>No side effects</li></ul><noscript>Enable JavaScript</noscript>
<svg><text>guaranteed</text></svg></article></main>
<aside>Related: miracle cures</aside><form><button>Buy now</button></form>
<footer><p>Copyright 2026</p></footer><script>track("proven");</script></body></html>"""


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


# --------------------------------------------------------------------------- reading


def test_read_article_reads_plain_text(tmp_path):
    path = write(tmp_path, "article.txt", KRATOM)
    assert read_article(path) == KRATOM


def test_read_article_accepts_a_string_path_and_windows_line_ends(tmp_path):
    path = write(tmp_path, "article.txt", "Line one.\r\nLine two.\r\n")
    assert read_article(str(path)) == "Line one.\nLine two.\n"


def test_read_article_decodes_utf8_with_bom_and_cp1252(tmp_path):
    bom = write(tmp_path, "bom.txt", "\ufeffCafé is natural.".encode("utf-8"))
    legacy = write(tmp_path, "legacy.txt", "Café is natural – “really”.".encode("cp1252"))
    assert read_article(bom) == "Café is natural."
    assert read_article(legacy) == "Café is natural – “really”."


def test_read_article_names_a_missing_file_and_how_to_fix_it(tmp_path):
    with pytest.raises(ClaimLabInputError, match=r"missing\.txt: no such file\. Check the name"):
        read_article(tmp_path / "missing.txt")


def test_read_article_rejects_an_empty_file(tmp_path):
    path = write(tmp_path, "empty.txt", "  \n\n")
    with pytest.raises(ClaimLabInputError, match=r"empty\.txt is empty\. Paste"):
        read_article(path)


def test_read_article_rejects_a_binary_file(tmp_path):
    path = write(tmp_path, "picture.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    with pytest.raises(ClaimLabInputError, match=r"picture\.txt looks like a binary file.*plain text"):
        read_article(path)


def test_read_article_rejects_undecodable_bytes(tmp_path):
    path = write(tmp_path, "odd.txt", b"caf\xe9 \x81\x8d\x8f\x90\x9d")
    with pytest.raises(ClaimLabInputError, match=r"odd\.txt is not readable text"):
        read_article(path)


def test_read_article_rejects_a_folder(tmp_path):
    with pytest.raises(ClaimLabInputError, match="is a folder"):
        read_article(tmp_path)


def test_read_article_reduces_a_web_page_to_its_text(tmp_path):
    path = write(tmp_path, "page.html", NAV_PAGE)
    text = read_article(path)
    assert text.split("\n\n") == [
        "## Herbal Calm",
        "This herbal tea may ease stress.",
        "Experts say it works.",
        "- 100% natural",
        "- No side effects",
    ]


def test_read_article_rejects_a_web_page_without_text(tmp_path):
    path = write(tmp_path, "scripts.html", "<html><head><script>alert(1)</script></head><body><nav>Home</nav></body></html>")
    with pytest.raises(ClaimLabInputError, match=r"scripts\.html is a web page with no readable article text"):
        read_article(path)


def test_read_article_sniffs_html_without_the_extension(tmp_path):
    path = write(tmp_path, "saved.txt", "<!doctype html><html><body><p>It may help.</p></body></html>")
    assert read_article(path) == "It may help."


def test_read_article_strips_markdown_markup_and_comments(tmp_path):
    path = write(tmp_path, "a.md", "<!-- written for a test -->\n# Title\n\nIt is **proven**, see [the study](http://x.org) and *more*.\n")
    assert read_article(path) == "\n# Title\n\nIt is proven, see the study and more.\n"


def test_read_article_drops_yaml_front_matter_but_not_a_rule(tmp_path):
    with_metadata = write(tmp_path, "a.md", "---\ntitle: Kratom\nauthor: unknown\n---\nIt may help.\n")
    with_rules = write(tmp_path, "b.md", "---\nIt may help.\n---\nMore.\n")
    assert read_article(with_metadata) == "It may help.\n"
    assert read_article(with_rules) == "---\nIt may help.\n---\nMore.\n"


def test_html_to_text_keeps_headings_paragraphs_and_list_items_apart():
    html = "<h2>Why it works</h2><p>First para.</p><p>Second &amp; last.</p><ol><li>One</li><li><p>Two</p></li></ol><div hidden>secret</div>"
    assert html_to_text(html) == "## Why it works\n\nFirst para.\n\nSecond & last.\n\n- One\n\n- Two"


# --------------------------------------------------------------------------- blocks and sentences


def test_article_blocks_one_line_per_block_like_the_kratom_file():
    blocks = article_blocks(KRATOM)
    assert [block.kind for block in blocks] == ["paragraph", "list_item", "list_item", "heading", "paragraph", "paragraph"]
    assert blocks[1] == Block(2, "list_item", "Understanding Opioid Withdrawal and Its Challenges")


def test_article_blocks_joins_wrapped_markdown_paragraphs_but_not_headings_or_lists():
    text = "# A Title\nFirst line of a paragraph\nthat wraps here.\n\n- item one\n- item two\n\nClosing words\nin two lines.\n\nSetext heading\n==============\n"
    blocks = article_blocks(text)
    assert blocks == [
        Block(1, "heading", "A Title"),
        Block(2, "paragraph", "First line of a paragraph that wraps here."),
        Block(3, "list_item", "item one"),
        Block(4, "list_item", "item two"),
        Block(5, "paragraph", "Closing words in two lines."),
        Block(6, "heading", "Setext heading"),
    ]


def test_split_sentences_gives_stable_ids_per_block():
    sentences = split_sentences(KRATOM)
    assert sentences[0].id == "p01-s01"
    assert sentences[1] == Sentence("p01-s02", "Its unique chemical composition interacts with opioid receptors.", 1, "paragraph")
    assert [s.id for s in sentences[2:5]] == ["p02-s01", "p03-s01", "p04-s01"]
    assert sentences[4].kind == "heading"
    assert split_sentences(KRATOM) == sentences


def test_split_sentences_respects_abbreviations_decimals_and_initials():
    text = "Dr. Smith of the U.S. Food and Drug Administration met Prof. J. Jones, e.g. at 9 a.m. today. It costs 2.5 dollars, i.e. cheap. Really? Yes!"
    assert [s.text for s in split_sentences(text)] == [
        "Dr. Smith of the U.S. Food and Drug Administration met Prof. J. Jones, e.g. at 9 a.m. today.",
        "It costs 2.5 dollars, i.e. cheap.",
        "Really?",
        "Yes!",
    ]


def test_split_sentences_never_merges_a_heading_or_list_item_into_prose():
    text = "Why It Works\nKratom may help. It is natural.\n- safe for all\n- gentle"
    assert [(s.id, s.kind) for s in split_sentences(text)] == [
        ("p01-s01", "heading"), ("p02-s01", "paragraph"), ("p02-s02", "paragraph"),
        ("p03-s01", "list_item"), ("p04-s01", "list_item"),
    ]


def test_split_sentences_handles_french_and_chinese():
    french = "Le kratom est une plante naturelle. « Il peut aider », selon le Dr. Dupont. Est-ce sûr ? Non."
    chinese = "卡痛是一种天然草药。它可以帮助缓解戒断症状！真的吗？"
    assert [s.text for s in split_sentences(french)] == [
        "Le kratom est une plante naturelle.", "« Il peut aider », selon le Dr. Dupont.", "Est-ce sûr ?", "Non."
    ]
    assert [s.text for s in split_sentences(chinese)] == ["卡痛是一种天然草药。", "它可以帮助缓解戒断症状！", "真的吗？"]


def test_split_sentences_of_empty_text_is_empty():
    assert split_sentences("") == []
    assert split_sentences("\n\n  \n") == []


# --------------------------------------------------------------------------- the reference tables


def test_cue_families_has_exactly_the_twelve_families_with_plain_explanations():
    families = cue_families()
    assert list(families.columns) == ["family", "label", "order", "tag", "suggests_claim_type",
                                      "suggestion_order", "explanation", "question_to_ask", "key_concept", "colour"]
    assert len(families) == 12 and families["tag"].is_unique
    assert families[["label", "explanation", "question_to_ask"]].map(len).min().min() > 3
    assert families["key_concept"].str.fullmatch(r"\d\.\d[a-z]?").all()


def test_cue_family_colours_keep_dark_text_readable():
    from claimlab.highlight import TEXT_COLOUR

    def luminance(colour: str) -> float:
        channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    for colour in cue_families()["colour"]:
        contrast = (luminance(colour) + 0.05) / (luminance(TEXT_COLOUR) + 0.05)
        assert contrast >= 4.5, colour
    assert cue_families()["colour"].is_unique


def test_cue_patterns_examples_are_found_in_their_own_family():
    patterns = cue_patterns()
    assert list(patterns.columns) == ["family", "pattern", "example", "note"]
    assert set(patterns["family"]) == set(cue_family_order())
    cues = compiled_cues()
    for row in patterns.itertuples():
        assert cues[row.family].search(row.example), (row.family, row.example)


def test_reference_readme_describes_both_files():
    readme = (reference_dir() / "README-cues.md").read_text(encoding="utf-8")
    for column in ["family", "pattern", "example", "note", "label", "explanation", "question_to_ask", "key_concept", "colour"]:
        assert f"`{column}`" in readme


def bad_patterns(tmp_path: Path, rows: list[list[str]], header: list[str] | None = None) -> Path:
    path = tmp_path / "cue-patterns.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header or ["family", "pattern", "example", "note"])
        writer.writerows(rows)
    return path


def test_compiled_cues_names_file_row_and_field_for_an_invalid_regex(tmp_path):
    path = bad_patterns(tmp_path, [["hedge", "may", "", ""], ["hedge", "could(", "", ""]])
    with pytest.raises(ClaimLabInputError, match=r"cue-patterns\.csv, row 3, field 'pattern': 'could\(' is not a valid regular expression"):
        compiled_cues(path)


def test_compiled_cues_rejects_a_flag_that_only_works_alone(tmp_path):
    path = bad_patterns(tmp_path, [["hedge", "(?i)may", "", ""]])
    with pytest.raises(ClaimLabInputError, match=r"row 2, field 'pattern'"):
        compiled_cues(path)


def test_compiled_cues_names_an_unknown_family(tmp_path):
    path = bad_patterns(tmp_path, [["hedging", "may", "", ""]])
    with pytest.raises(ClaimLabInputError, match=r"row 2, field 'family': unknown family 'hedging'"):
        compiled_cues(path)


def test_compiled_cues_rejects_empty_patterns_and_missing_columns(tmp_path):
    with pytest.raises(ClaimLabInputError, match=r"row 2, field 'pattern': empty"):
        compiled_cues(bad_patterns(tmp_path, [["hedge", "", "", ""]]))
    with pytest.raises(ClaimLabInputError, match=r"row 2, field 'pattern': .* matches empty text"):
        compiled_cues(bad_patterns(tmp_path, [["hedge", "m?", "", ""]]))
    with pytest.raises(ClaimLabInputError, match=r"row 1 \(header\), field 'pattern': column missing"):
        compiled_cues(bad_patterns(tmp_path, [["hedge", "may"]], header=["family", "regex"]))


def test_cue_families_rejects_a_bad_colour(tmp_path):
    path = tmp_path / "cue-families.csv"
    families = cue_families()
    families.loc[0, "colour"] = "light blue"
    families.to_csv(path, index=False)
    with pytest.raises(ClaimLabInputError, match=r"row 2, field 'colour'"):
        cue_families(path)


def test_a_custom_patterns_file_is_used(tmp_path):
    path = bad_patterns(tmp_path, [["hedge", "perhaps", "perhaps", ""]])
    table = scan_article("Perhaps it may work.", patterns_path=path)
    assert list(table["match"]) == ["Perhaps"]


# --------------------------------------------------------------------------- scanning


def test_is_article_path_and_article_text_tell_paths_from_text(tmp_path):
    path = write(tmp_path, "a.txt", "It may help.")
    assert is_article_path(path) and is_article_path(str(path)) and is_article_path("missing.md")
    assert not is_article_path("It may help.") and not is_article_path("line\nline.txt")
    assert article_text(str(path)) == "It may help."
    assert article_text("It may help.") == "It may help."
    with pytest.raises(ClaimLabInputError, match="no such file"):
        article_text("missing.md")


def test_scan_article_finds_each_family_with_offsets_in_the_sentence():
    table = scan_article(KRATOM)
    assert list(table.columns) == SCAN_COLUMNS
    for row in table.itertuples():
        assert row.sentence[row.start:row.end] == row.match
    found = set(zip(table["sentence_id"], table["family"], table["match"].str.lower()))
    assert ("p01-s01", "appeal_to_nature", "natural") in found
    assert ("p01-s01", "popularity", "gaining recognition") in found
    assert ("p01-s01", "safety_reassurance", "safe") in found
    assert ("p01-s02", "mechanism", "receptors") in found
    assert ("p05-s01", "vague_authority", "scientific research suggests") in found
    assert ("p05-s01", "hedge", "may") in found
    assert ("p05-s02", "tradition", "used traditionally for centuries") in found or ("p05-s02", "tradition", "traditionally") in found
    assert ("p06-s01", "professional_advice", "under professional guidance") in found
    assert ("p06-s02", "treatment_comparison", "natural alternative to") in found


@pytest.mark.parametrize(
    "sentence, family",
    [
        ("It could help.", "hedge"),
        ("Clinically proven and 100% guaranteed.", "certainty"),
        ("It is non-addictive with no side effects.", "safety_reassurance"),
        ("A plant-based, herbal remedy.", "appeal_to_nature"),
        ("Used for centuries by healers.", "tradition"),
        ("Experts say it works.", "vague_authority"),
        ("Many people report feeling better.", "anecdote"),
        ("It binds to receptors and boosts dopamine.", "mechanism"),
        ("Many are turning to it.", "popularity"),
        ("It is safer than medication.", "treatment_comparison"),
        ("Consult your doctor first.", "professional_advice"),
        ("A 2019 trial in 120 adults (NCT01234567, doi:10.1000/xyz123) was published in the Journal of Pain.", "specific_source"),
    ],
)
def test_scan_article_finds_the_examples_in_the_brief(sentence, family):
    assert family in set(scan_article(sentence)["family"])


def test_scan_article_respects_word_boundaries_and_capitals():
    table = scan_article("The unsafe mayor who is nice wrote naturally-ish things. The WHO and NICE say so.")
    found = set(zip(table["family"], table["match"]))
    assert ("safety_reassurance", "safe") not in found and ("hedge", "may") not in found
    assert ("specific_source", "WHO") in found and ("specific_source", "NICE") in found
    assert not {"who", "nice"} & set(table["match"])


def test_scan_article_drops_vague_authority_when_a_source_is_named(monkeypatch):
    import claimlab.scanner as scanner

    assert "vague_authority" in set(scan_article("Studies suggest it helps.")["family"])
    sentence = "Studies suggest it helps, as a 2019 trial (doi:10.1000/xyz123) in 120 adults showed."
    named = scan_article(sentence)
    assert "vague_authority" not in set(named["family"]) and "specific_source" in set(named["family"])
    # the sentence does carry a vague-authority cue: without the rule, it would be shown
    monkeypatch.setattr(scanner, "SUPPRESSED_BY", {})
    assert "vague_authority" in set(scan_article(sentence)["family"]), (
        "the test sentence must trigger the suppressed family, or the test proves nothing")


def test_scan_article_of_text_without_cues_is_an_empty_table():
    table = scan_article("The sky was grey on Tuesday.")
    assert table.empty and list(table.columns) == SCAN_COLUMNS


def test_scan_article_reads_a_page_full_of_scripts_and_navigation(tmp_path):
    table = scan_article(write(tmp_path, "page.html", NAV_PAGE))
    assert set(table["match"].str.lower()) == {"herbal", "may", "experts say", "100%", "natural", "no side effects"}


def test_scan_article_of_french_and_chinese_text_does_not_crash():
    french = scan_article("Le kratom est une plante naturelle. Il peut aider.")
    chinese = scan_article("卡痛是一种天然草药。它可以帮助戒断。")
    assert french.empty and chinese.empty
    assert len(sentences_table("卡痛是一种天然草药。它可以帮助戒断。")) == 2


def test_scan_article_is_fast_enough_for_one_megabyte():
    unit = KRATOM + "\n\n"
    big = unit * (1_000_000 // len(unit))
    compiled_cues()
    started = time.perf_counter()
    table = scan_article(big)
    elapsed = time.perf_counter() - started
    assert len(table) > 5000
    # The target is 1 s on a quiet machine (benchmarks/scanner_benchmark.py); this bound only
    # catches a slow-down by an order of magnitude, so that a busy CI machine does not fail it.
    assert elapsed < 10.0


def test_scan_article_of_a_five_megabyte_file(tmp_path):
    paragraph = "Kratom may help, and it is natural. Experts say it is safe. Nothing else here.\n"
    path = write(tmp_path, "big.txt", paragraph * (5_000_000 // len(paragraph) + 1))
    assert path.stat().st_size > 5_000_000
    table = scan_article(path)
    assert set(table["family"]) == {"hedge", "appeal_to_nature", "vague_authority", "safety_reassurance"}
    assert table["sentence_id"].iloc[-1].startswith("p")


def test_scan_sentences_pairs_every_sentence_with_its_cues():
    scanned = scan_sentences("It may help. Nothing here.")
    assert [(s.id, [c[0] for c in cues]) for s, cues in scanned] == [("p01-s01", ["hedge"]), ("p01-s02", [])]


def test_sentences_table_lists_families_per_sentence():
    table = sentences_table(KRATOM)
    assert list(table.columns) == ["sentence_id", "kind", "sentence", "families", "n_cues"]
    assert len(table) == len(split_sentences(KRATOM))
    first = table.iloc[0]
    assert first["families"] == ["certainty", "safety_reassurance", "appeal_to_nature", "popularity"]
    assert table.loc[table["sentence_id"] == "p04-s01", "families"].item() == []


def test_count_cues_counts_cues_and_sentences_per_family():
    counts = count_cues("It may help. It may work, it might not.")
    assert counts.to_dict("records") == [{"family": "hedge", "label": "Hedge word", "cues": 3, "sentences": 2}]


def test_scan_as_dict_has_the_documented_json_shape(tmp_path):
    path = write(tmp_path, "a.txt", "It may help.\nNothing here.")
    result = scan_as_dict(path)
    assert result == {
        "source": str(path),
        "sentences": [
            {"id": "p01-s01", "text": "It may help.", "cues": [{"family": "hedge", "match": "may", "start": 3, "end": 6}]},
            {"id": "p02-s01", "text": "Nothing here.", "cues": []},
        ],
    }
    assert scan_as_dict("It may help.")["source"] == "(text)"


def test_scan_as_markdown_is_a_table_with_escaped_pipes():
    markdown = scan_as_markdown("It may help | a lot.")
    assert markdown.splitlines()[0] == "| sentence | family | match | sentence text |"
    assert "It may help \\| a lot." in markdown


def test_scan_output_in_each_format(tmp_path):
    path = write(tmp_path, "a.txt", "It may help.")
    assert json.loads(scan_output(path, "json"))["sentences"][0]["cues"][0]["family"] == "hedge"
    assert scan_output(path, "csv").splitlines()[0] == ",".join(SCAN_COLUMNS)
    assert scan_output(path, "md").startswith("| sentence |")
    assert scan_output(path, "html").startswith("<!DOCTYPE html>")
    with pytest.raises(ClaimLabInputError, match="Unknown format 'pdf'"):
        scan_output(path, "pdf")


def test_write_new_file_refuses_to_overwrite_unless_forced(tmp_path):
    path = tmp_path / "out.txt"
    write_new_file(path, "one")
    with pytest.raises(ClaimLabInputError, match=r"out\.txt already exists.*--force"):
        write_new_file(path, "two")
    write_new_file(path, "three", force=True)
    assert path.read_text(encoding="utf-8") == "three"
    with pytest.raises(ClaimLabInputError, match="does not exist"):
        write_new_file(tmp_path / "no" / "out.txt", "x")


def test_write_new_file_turns_an_os_error_into_a_clear_message(tmp_path):
    with pytest.raises(ClaimLabInputError, match="could not be written"):
        write_new_file(tmp_path, "x", force=True)


def test_family_matcher_spans_are_whole_words_without_overlaps():
    hedge = compiled_cues()["hedge"]
    assert hedge.spans("It may, it might; dismay.") == [(3, 6), (11, 16)]
    assert hedge.search("Potentially.") and not hedge.search("Mayor.")
    source = compiled_cues()["specific_source"]
    assert source.spans("The WHO said who knows.") == [(4, 7)]


# --------------------------------------------------------------------------- command line


def test_add_scan_command_and_run_scan(tmp_path, capsys):
    import argparse

    parser = argparse.ArgumentParser()
    add_scan_command(parser.add_subparsers())
    path = write(tmp_path, "a.txt", "It may help.")
    args = parser.parse_args(["scan", str(path), "--format", "csv"])
    assert args.run is run_scan
    assert run_scan(args) == 0
    assert "hedge" in capsys.readouterr().out


def test_scan_command_prints_json_by_default(tmp_path, capsys):
    path = write(tmp_path, "a.txt", KRATOM)
    assert main(["scan", str(path)]) == 0
    assert json.loads(capsys.readouterr().out)["source"] == str(path)


def test_scan_command_writes_a_file_and_will_not_overwrite_it(tmp_path, capsys):
    path = write(tmp_path, "a.txt", KRATOM)
    output = tmp_path / "cues.csv"
    assert main(["scan", str(path), "--format", "csv", "--output", str(output)]) == 0
    assert pd.read_csv(output).columns.tolist() == SCAN_COLUMNS
    assert main(["scan", str(path), "--format", "md", "--output", str(output)]) == 2
    assert "already exists" in capsys.readouterr().err
    assert main(["scan", str(path), "--format", "md", "--output", str(output), "--force"]) == 0
    assert output.read_text(encoding="utf-8").startswith("| sentence |")


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("missing.txt", None, "no such file"),
        ("empty.txt", "", "is empty"),
        ("binary.txt", b"\x00\x01\x02PK\x03\x04", "binary file"),
        ("scripts.html", "<script>x()</script><nav>Home</nav>", "no readable article text"),
    ],
)
def test_scan_command_bad_input_gives_one_line_and_exit_code_2(tmp_path, capsys, name, content, message):
    path = tmp_path / name
    if content is not None:
        write(tmp_path, name, content)
    assert main(["scan", str(path)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.count("\n") == 1 and name in captured.err and message in captured.err
    assert "Traceback" not in captured.err


def test_scan_command_exits_2_for_a_bad_patterns_file(tmp_path, capsys, monkeypatch):
    datasets = tmp_path / "datasets"
    (datasets / "reference").mkdir(parents=True)
    (datasets / "reference" / "cue-families.csv").write_text(
        (reference_dir() / "cue-families.csv").read_text(encoding="utf-8"), encoding="utf-8"
    )
    bad_patterns(datasets / "reference", [["hedge", "may(", "", ""]])
    monkeypatch.setenv("CLAIMLAB_DATASETS", str(datasets))
    path = write(tmp_path, "a.txt", "It may help.")
    assert main(["scan", str(path)]) == 2
    err = capsys.readouterr().err
    assert re.search(r"cue-patterns\.csv, row 2, field 'pattern'", err) and err.count("\n") == 1
