"""Tests for claimlab.articles: reading an article file (text, Markdown, a web page) and telling paths from text."""

from __future__ import annotations

import pytest

from claimlab.articles import article_text, html_to_text, is_article_path, read_article_text
from claimlab.errors import ClaimLabInputError
from article_samples import KRATOM, NAV_PAGE, write


# --------------------------------------------------------------------------- reading


def test_read_article_reads_plain_text(tmp_path):
    path = write(tmp_path, "article.txt", KRATOM)
    assert read_article_text(path) == KRATOM


def test_read_article_accepts_a_string_path_and_windows_line_ends(tmp_path):
    path = write(tmp_path, "article.txt", "Line one.\r\nLine two.\r\n")
    assert read_article_text(str(path)) == "Line one.\nLine two.\n"


def test_read_article_turns_old_mac_line_ends_into_new_lines(tmp_path):
    # Pins a mutation the probe found uncaught (tests/README.md): CR alone kept as a line end.
    path = write(tmp_path, "article.txt", b"Line one.\rLine two.\r")
    assert read_article_text(path) == "Line one.\nLine two.\n"


def test_read_article_decodes_utf8_with_bom_and_cp1252(tmp_path):
    bom = write(tmp_path, "bom.txt", "\ufeffCafé is natural.".encode("utf-8"))
    legacy = write(tmp_path, "legacy.txt", "Café is natural – “really”.".encode("cp1252"))
    assert read_article_text(bom) == "Café is natural."
    assert read_article_text(legacy) == "Café is natural – “really”."


def test_read_article_names_a_missing_file_and_how_to_fix_it(tmp_path):
    with pytest.raises(ClaimLabInputError, match=r"missing\.txt: no such file\. Check the name"):
        read_article_text(tmp_path / "missing.txt")


def test_read_article_rejects_an_empty_file(tmp_path):
    path = write(tmp_path, "empty.txt", "  \n\n")
    with pytest.raises(ClaimLabInputError, match=r"empty\.txt is empty\. Paste"):
        read_article_text(path)


def test_read_article_rejects_a_binary_file(tmp_path):
    path = write(tmp_path, "picture.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    with pytest.raises(ClaimLabInputError, match=r"picture\.txt looks like a binary file.*plain text"):
        read_article_text(path)


def test_read_article_rejects_undecodable_bytes(tmp_path):
    path = write(tmp_path, "odd.txt", b"caf\xe9 \x81\x8d\x8f\x90\x9d")
    with pytest.raises(ClaimLabInputError, match=r"odd\.txt is not readable text"):
        read_article_text(path)


def test_read_article_rejects_a_folder(tmp_path):
    with pytest.raises(ClaimLabInputError, match="is a folder"):
        read_article_text(tmp_path)


def test_read_article_reduces_a_web_page_to_its_text(tmp_path):
    path = write(tmp_path, "page.html", NAV_PAGE)
    text = read_article_text(path)
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
        read_article_text(path)


def test_read_article_sniffs_html_without_the_extension(tmp_path):
    path = write(tmp_path, "saved.txt", "<!doctype html><html><body><p>It may help.</p></body></html>")
    assert read_article_text(path) == "It may help."


def test_read_article_strips_markdown_markup_and_comments(tmp_path):
    path = write(tmp_path, "a.md", "<!-- written for a test -->\n# Title\n\nIt is **proven**, see [the study](http://x.org) and *more*.\n")
    assert read_article_text(path) == "\n# Title\n\nIt is proven, see the study and more.\n"


def test_read_article_drops_yaml_front_matter_but_not_a_rule(tmp_path):
    with_metadata = write(tmp_path, "a.md", "---\ntitle: Kratom\nauthor: unknown\n---\nIt may help.\n")
    with_rules = write(tmp_path, "b.md", "---\nIt may help.\n---\nMore.\n")
    assert read_article_text(with_metadata) == "It may help.\n"
    assert read_article_text(with_rules) == "---\nIt may help.\n---\nMore.\n"


def test_html_to_text_keeps_headings_paragraphs_and_list_items_apart():
    html = "<h2>Why it works</h2><p>First para.</p><p>Second &amp; last.</p><ol><li>One</li><li><p>Two</p></li></ol><div hidden>secret</div>"
    assert html_to_text(html) == "## Why it works\n\nFirst para.\n\nSecond & last.\n\n- One\n\n- Two"


def test_is_article_path_and_article_text_tell_paths_from_text(tmp_path):
    path = write(tmp_path, "a.txt", "It may help.")
    assert is_article_path(path) and is_article_path(str(path)) and is_article_path("missing.md")
    assert not is_article_path("It may help.") and not is_article_path("line\nline.txt")
    assert article_text(str(path)) == "It may help."
    assert article_text("It may help.") == "It may help."
    with pytest.raises(ClaimLabInputError, match="no such file"):
        article_text("missing.md")
