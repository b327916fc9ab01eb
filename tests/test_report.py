"""Tests for claimlab.report: the self-contained HTML report and the report command."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pytest

from claimlab.__main__ import main
from claimlab.report import (
    NO_SOURCE_QUESTION,
    add_report_command,
    default_report_path,
    reader_checklist,
    report_html,
    run_report,
    write_report,
)
from claimlab.scanner import ClaimLabInputError

ARTICLE = (
    "Kratom: Nature's Answer\n"
    "Kratom is a natural herb used for centuries. Studies suggest it may help.\n"
    "Consult your doctor first. <script>alert('owned')</script>\n"
)


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "kratom.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def test_reader_checklist_has_one_question_per_family_found(article):
    checklist = reader_checklist(article)
    assert list(checklist.columns) == ["family", "label", "sentences", "question_to_ask", "key_concept"]
    assert list(checklist["family"]) == ["hedge", "appeal_to_nature", "tradition", "vague_authority", "professional_advice"]
    assert checklist["question_to_ask"].str.endswith("?").all()


def test_report_html_is_self_contained_and_has_the_three_parts(article):
    html = report_html(article)
    assert html.startswith("<!DOCTYPE html>") and '<html lang="en">' in html
    assert "<style>" in html and "<script" not in html
    assert not re.search(r"(src|href)=", html)
    for heading in ["Reader's checklist", "The article, highlighted", "Cues found"]:
        assert heading.replace("'", "&#x27;") in html or heading in html
    assert "Which study? Who did it" in html
    assert escape_free(NO_SOURCE_QUESTION) in html


def test_report_html_cue_table_has_one_row_per_sentence_with_cues(article):
    html = report_html(article)
    table = html.split('id="cues"')[1].split("</table>")[0]
    assert table.count("<tr>") == 1 + 4  # header, then four sentences with cues
    assert "<td>p02-s02</td><td>Studies suggest it may help.</td><td>Vague authority: “Studies suggest”<br>Hedge word: “may”</td>" in table


def escape_free(text: str) -> str:
    return text.replace("'", "&#x27;")


def test_report_html_escapes_a_script_in_the_article(article):
    html = report_html(article)
    assert "alert(&#x27;owned&#x27;)" in html and "<script>alert" not in html


def test_report_html_is_the_same_every_time(article):
    assert report_html(article) == report_html(article)


def test_report_html_of_a_page_full_of_scripts_and_navigation(tmp_path):
    page = tmp_path / "page.html"
    page.write_text(
        "<html><head><script>var proven = 1;</script></head><body><nav>Natural shop</nav>"
        "<article><h1>Calm Tea</h1><p>A herbal tea that may calm you.</p></article>"
        "<footer>Guaranteed delivery</footer><script>cure()</script></body></html>",
        encoding="utf-8",
    )
    html = report_html(page)
    article_part = html.split('id="article"')[1].split('id="cues"')[0]
    assert "Calm Tea" in article_part and "herbal" in article_part
    assert "Natural shop" not in html and "Guaranteed delivery" not in html and "cure()" not in html


def test_write_report_writes_once_and_needs_force_to_replace(article, tmp_path):
    output = tmp_path / "report.html"
    assert write_report(article, output) == output
    first = output.read_text(encoding="utf-8")
    output.write_text("changed", encoding="utf-8")
    with pytest.raises(ClaimLabInputError, match=r"report\.html already exists"):
        write_report(article, output)
    assert output.read_text(encoding="utf-8") == "changed"
    write_report(article, output, force=True)
    assert output.read_text(encoding="utf-8") == first


def test_write_report_of_bad_articles_names_the_file(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    binary = tmp_path / "scan.pdf"
    binary.write_bytes(b"%PDF-1.4\x00\x00\xff")
    with pytest.raises(ClaimLabInputError, match=r"empty\.txt is empty"):
        write_report(empty, tmp_path / "out.html")
    with pytest.raises(ClaimLabInputError, match=r"scan\.pdf looks like a binary file"):
        write_report(binary, tmp_path / "out.html")
    assert not (tmp_path / "out.html").exists()


def test_default_report_path_is_named_after_the_article():
    assert default_report_path("cases/kratom.txt") == Path("kratom-report.html")


def test_add_report_command_and_run_report(article, tmp_path, capsys):
    parser = argparse.ArgumentParser()
    add_report_command(parser.add_subparsers())
    args = parser.parse_args(["report", str(article), "--output", str(tmp_path / "r.html")])
    assert args.run is run_report
    assert run_report(args) == 0
    assert "r.html" in capsys.readouterr().out


def test_report_command_default_output_and_refusal(article, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["report", str(article)]) == 0
    assert (tmp_path / "kratom-report.html").exists()
    assert main(["report", str(article)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "already exists" in err and "Traceback" not in err
    assert main(["report", str(article), "--force"]) == 0


def test_report_command_bad_input_exits_2_with_one_line(tmp_path, capsys):
    assert main(["report", str(tmp_path / "missing.txt"), "--output", str(tmp_path / "r.html")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("claimlab report: ") and "missing.txt" in err and err.count("\n") == 1
    assert not (tmp_path / "r.html").exists()
