"""Tests for claimlab.sentences: an article cut into blocks and sentences with stable ids."""

from __future__ import annotations

from claimlab.sentences import Block, Sentence, article_blocks, split_sentences
from article_samples import KRATOM


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


def test_a_capital_letter_after_a_lower_case_word_ends_the_sentence_but_an_initial_does_not():
    # Pins a mutation the probe found uncaught (tests/README.md): every "X." taken as an initial.
    assert [s.text for s in split_sentences("It is rich in vitamin D. It may help.")] == [
        "It is rich in vitamin D.", "It may help."]
    assert len(split_sentences("Ask Dr. A. B. Jones about it.")) == 1


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
