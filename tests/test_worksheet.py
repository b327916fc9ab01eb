"""Tests for claimlab.worksheet: choosing an article, the appraisal worksheet, the guides and safe saving."""

from __future__ import annotations

import pandas as pd
import pytest

from claimlab.claims import CLAIM_TYPES
from claimlab.worksheet import (
    ANSWER_COLUMNS,
    MAX_CHARS,
    WORKSHEET_COLUMNS,
    ArticleInput,
    SaveResult,
    appraisal_worksheet,
    chosen_text,
    clean_text,
    evidence_guide,
    regulator_checklist,
    safe_name,
    save_worksheet,
    suggested_kind,
    text_from_upload,
    where_to_look,
    worksheet_editor,
    worksheet_html,
    worksheet_markdown,
    worksheet_progress,
)

ARTICLE = (
    "Why It Works\n"
    "Anxiety is common.\n"
    "This natural herb may help you relax. It is far safer than medication.\n"
    "Studies show it works. One reader told us it changed her life.\n"
)


@pytest.fixture
def sheet() -> pd.DataFrame:
    return appraisal_worksheet(ARTICLE)


# --- the worksheet ------------------------------------------------------------------------------



@pytest.fixture(autouse=True)
def drafts_in_a_temporary_folder(tmp_path, monkeypatch):
    """Keep the editor's draft files out of the repository (and out of other tests)."""
    import claimlab.worksheet

    monkeypatch.setattr(claimlab.worksheet, "DRAFTS", tmp_path / "drafts")

def test_worksheet_has_one_row_per_prose_sentence_with_cues(sheet):
    assert list(sheet.columns) == WORKSHEET_COLUMNS
    assert "Anxiety is common." not in set(sheet["sentence"])  # no cue
    assert "Why It Works" not in set(sheet["sentence"])  # a heading
    assert "It is far safer than medication." in set(sheet["sentence"])
    for column in ANSWER_COLUMNS:
        assert set(sheet[column]) == {""}, f"{column} starts blank"


def test_worksheet_names_cue_families_by_label_and_suggests_a_kind(sheet):
    row = sheet.set_index("sentence").loc["It is far safer than medication."]
    assert "Comparison with other treatments" in row["cues"]
    assert row["suggested_kind"] == "treatment_comparison"
    assert suggested_kind(["hedge"]) == "efficacy"
    assert suggested_kind([]) == ""
    assert all(kind in CLAIM_TYPES or kind == "" for kind in sheet["suggested_kind"])


@pytest.mark.parametrize("odd", ["", "   \n ", None, 42, b"bytes", "\x00\x00\x00"])
def test_worksheet_of_odd_input_is_empty_not_an_error(odd):
    sheet = appraisal_worksheet(odd)
    assert sheet.empty and list(sheet.columns) == WORKSHEET_COLUMNS
    assert "empty" in worksheet_progress(sheet)


def test_huge_text_is_cut_with_a_message_and_still_scanned():
    text, message = clean_text("It may help. " * 50_000)
    assert len(text.strip()) == MAX_CHARS and "very long" in message
    assert not appraisal_worksheet("It may help. " * 50_000).empty


def test_pasted_web_page_is_reduced_to_text():
    text, message = clean_text("<html><body><nav>Menu</nav><p>It may help.</p><script>x()</script></body></html>")
    assert text.strip() == "It may help." and "web page" in message


def test_one_line_that_looks_like_a_file_name_is_read_as_text():
    long_line = "Studies show that it may help with anxiety, sleep and many other worries, as noted in notes.txt"
    assert not appraisal_worksheet(long_line).empty


# --- the guides ---------------------------------------------------------------------------------


def test_evidence_guide_covers_every_kind_of_claim():
    guide = evidence_guide()
    assert set(guide["kind"]) == set(CLAIM_TYPES)
    assert guide["evidence_that_would_support_it"].str.len().min() > 20
    comparison = guide.set_index("kind").loc["treatment_comparison"]
    assert "side by side" in comparison["evidence_that_would_support_it"]


def test_where_to_look_links_are_the_agreed_general_sources():
    links = set(where_to_look()["link"]) - {""}
    assert links == {
        "https://www.cochranelibrary.com", "https://pubmed.ncbi.nlm.nih.gov", "https://clinicaltrials.gov",
        "https://www.fda.gov", "https://www.ema.europa.eu", "https://www.who.int",
    }


def test_regulator_checklist_has_questions_and_places():
    checklist = regulator_checklist()
    assert len(checklist) >= 4 and checklist["question"].str.endswith("?").all()
    assert (checklist["where_to_ask"].str.len() > 0).all()


# --- choosing the article -----------------------------------------------------------------------


def test_chosen_text_falls_back_to_the_default_article():
    box = ArticleInput()
    chosen = chosen_text(box, default=ARTICLE)
    assert str(chosen) == ARTICLE and chosen.source == "the default article"
    assert "default article" in repr(chosen)
    box.paste.value = "My own article. It may help."
    chosen = chosen_text(box, default=ARTICLE)
    assert str(chosen).strip() == "My own article. It may help." and chosen.source == "pasted text"


def test_chosen_text_says_when_a_paste_had_no_readable_text():
    chosen = chosen_text("<html><script>x()</script></html>", "Default.")
    assert str(chosen).strip() == "Default." and "no readable article text" in chosen.message


def test_chosen_text_accepts_none_or_plain_text():
    assert str(chosen_text(None, "Default.")).strip() == "Default."
    assert str(chosen_text("Pasted.", "Default.")).strip() == "Pasted."
    assert str(chosen_text(None, None)) == ""


def test_upload_fills_the_text_box_and_names_the_file():
    box = ArticleInput()
    message = box.read_upload(({"name": "mine.md", "content": memoryview(b"# Title\n\nIt **may** help.\n")},))
    assert "mine.md" in message
    assert "may help" in box.paste.value and "**" not in box.paste.value
    assert chosen_text(box).source == "uploaded file mine.md"


@pytest.mark.parametrize("name, content, words", [
    ("scan.pdf", b"%PDF-1.4", "not a file the kit can read"),
    ("article.txt", b"\x00\x01\x02binary" * 20, "binary"),
    ("article.txt", b"   ", "empty"),
    ("page.html", b"<html><script>x()</script></html>", "no readable article text"),
    (None, None, "could not be read"),
    ("article.txt", b"x" * 6_000_000, "larger than"),
])
def test_odd_uploads_give_a_message_not_a_traceback(name, content, words):
    text, message = text_from_upload(name, content)
    assert text == "" and words in message
    assert "/tmp" not in message and "upload." not in message


def test_widget_survives_an_odd_upload_value():
    box = ArticleInput()
    assert box.read_upload(()) == ""
    box.read_upload(({"name": "x.docx", "content": b"PK"},))
    assert "not a file the kit can read" in box.status.value
    box.read_upload({"x.txt": {"name": "x.txt", "content": b"It may help."}})  # ipywidgets 7 shape
    assert box.paste.value.strip() == "It may help."


# --- saving -------------------------------------------------------------------------------------


def test_save_writes_markdown_with_the_answers(tmp_path, sheet):
    sheet.loc[0, "is_claim"] = "yes"
    sheet.loc[0, "where_to_look"] = "PubMed"
    result = save_worksheet(sheet, tmp_path / "worksheets", "My article!", article=ARTICLE)
    assert result.saved == [tmp_path / "worksheets" / "My-article.md"]
    text = result.saved[0].read_text(encoding="utf-8")
    assert "# Appraisal worksheet: My article" in text
    assert "**Where to look**: PubMed" in text and "_(not filled in)_" in text
    assert "## Regulators to check" in text and "## The article" in text
    assert "Saved" in repr(result)


def test_saving_twice_keeps_both_files(tmp_path, sheet):
    first = save_worksheet(sheet, tmp_path, "mine", if_exists="new_copy")
    sheet.loc[0, "notes"] = "second version"
    second = save_worksheet(sheet, tmp_path, "mine", if_exists="new_copy")
    assert first.saved == [tmp_path / "mine.md"] and second.saved == [tmp_path / "mine-2.md"]
    assert "second version" not in first.saved[0].read_text(encoding="utf-8")
    assert "second version" in second.saved[0].read_text(encoding="utf-8")
    third = save_worksheet(sheet, tmp_path, "mine", if_exists="new_copy")
    assert third.saved == [tmp_path / "mine-3.md"]


def test_ask_never_overwrites_and_asks(tmp_path, sheet):
    sheet.loc[0, "notes"] = "NOTE-1"
    save_worksheet(sheet, tmp_path, "mine")
    before = (tmp_path / "mine.md").read_text(encoding="utf-8")
    sheet.loc[0, "notes"] = "NOTE-2"
    result = save_worksheet(sheet, tmp_path, "mine")  # the default is to ask
    assert result.saved == [] and result.waiting
    assert "already exists" in result.message and "nothing was saved" in result.message
    assert (tmp_path / "mine.md").read_text(encoding="utf-8") == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine.md"]


def test_overwrite_only_when_asked(tmp_path, sheet):
    save_worksheet(sheet, tmp_path, "mine")
    sheet.loc[0, "notes"] = "NOTE-2"
    result = save_worksheet(sheet, tmp_path, "mine", if_exists="overwrite")
    assert result.saved == [tmp_path / "mine.md"] and result.message.startswith("Replaced")
    assert "NOTE-2" in (tmp_path / "mine.md").read_text(encoding="utf-8")


def test_the_ask_buttons_save_a_copy_or_replace(tmp_path, sheet):
    sheet.loc[0, "notes"] = "NOTE-1"
    save_worksheet(sheet, tmp_path, "mine")
    sheet.loc[0, "notes"] = "NOTE-2"
    box = save_worksheet(sheet, tmp_path, "mine").widget()
    copy, replace = box.children[1].children
    assert copy.description == "Save as a new copy" and replace.description == "Replace it"
    copy.click()
    assert (tmp_path / "mine-2.md").exists() and "NOTE-2" not in (tmp_path / "mine.md").read_text(encoding="utf-8")
    assert copy.disabled and replace.disabled
    box = save_worksheet(sheet, tmp_path, "mine").widget()
    box.children[1].children[1].click()
    assert "NOTE-2" in (tmp_path / "mine.md").read_text(encoding="utf-8")


def test_html_is_saved_alongside_and_is_self_contained(tmp_path, sheet):
    sheet.loc[0, "notes"] = "<script>alert(1)</script>"
    result = save_worksheet(sheet, tmp_path, "mine", html=True, article=ARTICLE)
    assert [p.name for p in result.saved] == ["mine.md", "mine.html"]
    page = (tmp_path / "mine.html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "<script>" not in page and "&lt;script&gt;" in page
    assert 'class="cl-highlighted"' in page and "http" not in page.split("<main>")[0]
    again = save_worksheet(sheet, tmp_path, "mine", html=True)
    assert again.waiting  # the .md or .html exists: ask


@pytest.mark.parametrize("kwargs, words", [
    ({"worksheet": "not a table"}, "expected the worksheet table"),
    ({"if_exists": "maybe"}, "if_exists should be one of"),
])
def test_odd_save_arguments_give_a_message(tmp_path, sheet, kwargs, words):
    arguments = {"worksheet": sheet, "folder": tmp_path, "name": "x", **kwargs}
    result = save_worksheet(**arguments)
    assert isinstance(result, SaveResult) and result.saved == [] and words in result.message


def test_a_folder_that_cannot_be_made_gives_a_message(tmp_path, sheet):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = save_worksheet(sheet, blocker / "worksheets", "x")
    assert result.saved == [] and "could not be made" in result.message


def test_empty_worksheet_still_saves(tmp_path):
    result = save_worksheet(appraisal_worksheet(""), tmp_path, "")
    assert result.saved == [tmp_path / "worksheet.md"]
    assert "No sentence with a cue" in result.saved[0].read_text(encoding="utf-8")


@pytest.mark.parametrize("name, stem", [
    ("my worksheet", "my-worksheet"), ("../../etc/passwd", "etc-passwd"), ("x.md", "x"), ("", "worksheet"),
    (None, "worksheet"), ("é" * 5, "worksheet"),
])
def test_safe_name_keeps_files_in_their_folder(name, stem):
    assert safe_name(name) == stem


def test_notes_about_the_article_are_saved_first(tmp_path, sheet):
    about = "Who wrote it? Nobody named.\nWhat for? <b>Selling</b> it."
    result = save_worksheet(sheet, tmp_path, "mine", html=True, about=about)
    markdown, page = (path.read_text(encoding="utf-8") for path in result.saved)
    assert "## About the article\n\nWho wrote it? Nobody named.  \nWhat for?" in markdown
    assert markdown.index("About the article") < markdown.index("Claim by claim")
    assert "&lt;b&gt;Selling&lt;/b&gt;" in page
    assert "About the article" not in worksheet_markdown(sheet)


def test_markdown_and_html_show_every_answer_label(sheet):
    markdown, page = worksheet_markdown(sheet), worksheet_html(sheet)
    for label in ANSWER_COLUMNS.values():
        assert label in markdown and label in page


# --- the guided editor --------------------------------------------------------------------------


def test_editor_writes_answers_into_the_worksheet(sheet):
    editor = worksheet_editor(sheet)
    editor.is_claim.value = "yes"
    editor.kind.value = "safety"
    editor.fill_from_guide()
    assert sheet.loc[0, "is_claim"] == "yes" and sheet.loc[0, "kind"] == "safety"
    assert "harms" in sheet.loc[0, "evidence_to_look_for"]
    editor.next.click()
    assert editor.position == 1 and editor.is_claim.value == ""
    editor.previous.click()
    assert editor.is_claim.value == "yes"
    assert "1 of" in editor.progress.value


def test_editor_of_an_empty_or_odd_worksheet_says_so_in_words():
    import ipywidgets as widgets

    for odd in (appraisal_worksheet(""), "not a table"):
        editor = worksheet_editor(odd)
        shown = " ".join(child.value for child in editor.children
                         if isinstance(child, widgets.HTML) and not child.value.lstrip().startswith("<style"))
        text = shown.replace("<p>", " ").replace("</p>", " ").strip()
        assert text and "Traceback" not in text, f"an empty editor must say why it is empty, not show {shown!r}"
        assert not any(isinstance(child, (widgets.Textarea, widgets.Dropdown)) for child in editor.children)


def test_answers_typed_in_the_editor_survive_running_the_cell_again(tmp_path):
    from claimlab.worksheet import appraisal_worksheet, worksheet_editor

    text = "Magnets are a natural cure. They may ease pain with no side effects."
    sheet = appraisal_worksheet(text, drafts=tmp_path)
    editor = worksheet_editor(sheet)
    editor.texts["notes"].value = "my careful note"
    again = appraisal_worksheet(text, drafts=tmp_path)
    assert "my careful note" in set(again["notes"])
    fresh = appraisal_worksheet(text, restore=False, drafts=tmp_path)
    assert "my careful note" not in set(fresh["notes"])
