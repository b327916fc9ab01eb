"""Tests for claimlab.highlight: the highlighted article and its key."""

from __future__ import annotations

import re
from pathlib import Path

from claimlab.highlight import (
    CSS,
    TAGS,
    HighlightedArticle,
    cue_legend,
    highlighted_article,
    highlighted_html,
    highlighted_page,
    marked_sentence,
)
from claimlab.scanner import FAMILIES, cue_families

ARTICLE = "Why It Works\nKratom is a natural herb. It may help, and is safer than medication.\n- No side effects\n"


def test_tags_cover_every_family():
    assert set(TAGS) == set(FAMILIES)


def test_highlighted_article_shows_itself_as_html_in_a_notebook():
    shown = highlighted_article(ARTICLE)
    assert isinstance(shown, HighlightedArticle)
    assert shown._repr_html_() == shown.html == str(shown)
    assert shown.html.startswith('<div class="cl-highlighted">')
    assert repr(shown) == "<article of 4 sentences with 5 cues; shown highlighted in a notebook>"


def test_highlighted_article_reads_a_file(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    assert highlighted_article(path).html == highlighted_article(ARTICLE).html


def test_highlighted_html_marks_each_cue_with_class_title_and_hidden_text():
    html = highlighted_html("It may help.")
    hedge = cue_families().set_index("family").loc["hedge"]
    assert '<mark class="cl-cue cl-cue-hedge"' in html
    assert f'title="{hedge.label}: ' in html
    assert '>may</mark><sup class="cl-tag" aria-hidden="true">hedge</sup>' in html
    assert f'<span class="cl-sr"> (cue: {hedge.label}: ' in html
    assert "background-color:#C4E5F7" in html and "border-bottom-style:" in html


def test_highlighted_html_keeps_headings_paragraphs_and_lists():
    html = highlighted_html(ARTICLE)
    assert re.search(r'<h3><span class="cl-sentence" data-sentence="p01-s01">Why It Works</span></h3>', html)
    assert "<ul>\n<li>" in html and "</li>\n</ul>" in html
    assert html.count('class="cl-sentence"') == 4


def test_highlighted_html_escapes_a_script_in_the_article():
    html = highlighted_html('It may help. <script>alert("x")</script> <img src=x onerror=alert(1)>')
    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


def test_highlighted_html_is_the_same_every_time():
    assert highlighted_html(ARTICLE) == highlighted_html(ARTICLE)
    assert not re.search(r'id="[^"]*\d{4,}', highlighted_html(ARTICLE))


def test_highlighted_html_of_non_english_text_has_no_marks():
    html = highlighted_html("卡痛是一种天然草药。它可以帮助戒断。")
    assert "<mark" not in html.split('class="cl-article"')[1]
    assert "No cues found" in html


def test_marked_sentence_nests_overlapping_cues():
    cues = [("appeal_to_nature", "natural", 2, 9), ("treatment_comparison", "natural alternative", 2, 21)]
    html = marked_sentence("A natural alternative.", cues)
    assert html.startswith("A <mark class=\"cl-cue cl-cue-appeal_to_nature\"")
    assert html.count("<mark") == 3  # "natural" in both families, " alternative" in one
    assert html.count("</mark>") == 3
    assert html.index(">natural<") < html.index("aria-hidden=\"true\">natural</sup>") < html.index(">compare</sup>")
    visible = re.sub(r'<span class="cl-sr">.*?</span>|<sup.*?</sup>', "", html)
    assert re.sub(r"<[^>]+>", "", visible) == "A natural alternative."


def test_marked_sentence_without_cues_is_escaped_text():
    assert marked_sentence("A < B & C", []) == "A &lt; B &amp; C"


def test_cue_legend_lists_families_with_counts_or_all():
    legend = cue_legend({"hedge": 2})
    assert "Hedge word" in legend and "×2" in legend and "Appeal to nature" not in legend
    everything = cue_legend(None)
    assert all(label in everything for label in cue_families()["label"])
    assert cue_legend({}) == '<p class="cl-legend-title">No cues found in this article.</p>'


def test_highlighted_page_is_a_complete_page_without_scripts(tmp_path):
    path = tmp_path / "article.txt"
    path.write_text(ARTICLE + "<script>alert(1)</script>", encoding="utf-8")
    page = highlighted_page(path)
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    assert "<title>Cues in article.txt</title>" in page
    assert "<script" not in page and "http" not in page
    assert highlighted_page("It may help.", title="A & B").count("A &amp; B") == 2


def test_css_hides_screen_reader_text_only_visually():
    assert ".cl-sr {" in CSS and "clip: rect(0, 0, 0, 0)" in CSS and "display: none" not in CSS


def test_cues_that_end_together_share_one_readable_tag():
    cues = [("safety_reassurance", "safer", 2, 7), ("treatment_comparison", "safer", 2, 7)]
    html = marked_sentence("A safer choice.", cues)
    sups = re.findall(r"<sup[^>]*>(.*?)</sup>", html)
    assert len(sups) == 1, html
    words = [w.strip() for w in sups[0].split(",")]
    assert len(words) == 2 and all(words), sups
    visible = re.sub(r'<span class="cl-sr">.*?</span>', "", html)
    assert re.sub(r"<[^>]+>", "", visible) == f"A safer{sups[0]} choice."
