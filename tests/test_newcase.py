"""new-case and check-case: a new case in minutes, and clear messages for broken ones."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from claimlab.cases import case_folder, check_case, load_case
from claimlab.newcase import DRAFT, NewCaseError, draft_claims, new_case
from conftest import REPO

ARTICLE = """# Turmeric for sore joints

Turmeric is a natural spice that may ease joint pain. Studies suggest it works as well as
ibuprofen, with no side effects. It has been used for centuries in traditional medicine.

- Gentle on the stomach
- Loved by thousands of customers
"""


def cli(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "claimlab", *args], capture_output=True, text=True, cwd=cwd)


@pytest.fixture
def article(tmp_path) -> Path:
    path = tmp_path / "turmeric.md"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def test_new_case_makes_a_schema_valid_case(tmp_path, article):
    folder = new_case("turmeric-joints", article, cases=tmp_path / "cases")
    assert (folder / "article.md").read_text(encoding="utf-8").startswith("---\n")
    assert check_case(folder) == []
    case = load_case(folder)
    assert "Turmeric is a natural spice" in case.article
    assert case.claims.empty and case.studies.empty


def test_new_case_prefills_a_draft_of_claims_from_the_scanner(tmp_path, article):
    folder = new_case("turmeric-joints", article, cases=tmp_path / "cases")
    draft = (folder / DRAFT).read_text(encoding="utf-8")
    assert "may ease joint pain" in draft and "hedge" in draft
    assert "appeal_to_nature" in draft


def test_draft_claims_skip_headings_and_sentences_without_cues():
    drafts = draft_claims("# A heading that may mislead\n\nPlain sentence here. It may help.\n")
    assert [d["sentence"] for d in drafts] == ["It may help."]


def test_new_case_reads_an_html_page_saved_from_a_browser(tmp_path):
    page = tmp_path / "page.html"
    page.write_text("<html><head><script>track()</script></head><body><nav>Home | Shop</nav>"
                    "<article><h1>Magnets for back pain</h1><p>Magnets are a natural cure. "
                    "Experts say they are 100% safe.</p></article></body></html>", encoding="utf-8")
    folder = new_case("magnets-back-pain", page, cases=tmp_path / "cases")
    text = load_case(folder).article
    assert "natural cure" in text and "track()" not in text and "Home | Shop" not in text


def test_new_case_never_overwrites_an_existing_case(tmp_path, article):
    new_case("turmeric-joints", article, cases=tmp_path / "cases")
    (tmp_path / "cases" / "turmeric-joints" / "claims.csv").write_text("my work\n")
    with pytest.raises(NewCaseError, match="never overwrites"):
        new_case("turmeric-joints", article, cases=tmp_path / "cases")
    assert (tmp_path / "cases" / "turmeric-joints" / "claims.csv").read_text() == "my work\n"


def test_new_case_rejects_a_bad_name(tmp_path, article):
    with pytest.raises(NewCaseError, match="lowercase"):
        new_case("My Case!", article, cases=tmp_path)


def test_new_case_command_says_what_to_do_next(tmp_path, article):
    result = cli("new-case", "turmeric-joints", "--article", str(article), "--cases-dir", str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert "check-case" in result.stdout


def test_new_case_command_with_a_missing_article_gives_a_message_not_a_traceback(tmp_path):
    result = cli("new-case", "x-case", "--article", str(tmp_path / "nowhere.txt"), "--cases-dir", str(tmp_path))
    assert result.returncode == 2
    assert "nowhere.txt" in result.stderr and "Traceback" not in result.stderr


def test_check_case_passes_the_kratom_case():
    result = cli("check-case", "kratom-opioid-withdrawal")
    assert result.returncode == 0 and "no problems" in result.stdout


# --- a dozen broken cases: the right message, and never a traceback -------------------------


@pytest.fixture
def case_copy(tmp_path) -> Path:
    copy = tmp_path / "broken"
    shutil.copytree(case_folder("kratom-opioid-withdrawal"), copy)
    return copy


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def append_line(path: Path, line: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + line, encoding="utf-8")


BREAKAGES = {
    "missing source": (lambda c: edit(c / "studies.csv", ",https://pubmed.ncbi.nlm.nih.gov/31284119/,", ",,"),
                       "source_url", "empty but required"),
    "date not a date": (lambda c: edit(c / "regulatory-positions.csv", "2016-08-31", "Aug 2016"),
                        "date", "YYYY-MM-DD"),
    "unknown study id": (lambda c: edit(c / "claims.csv", "coe-2019", "coe-2199"), "study_ids", "coe-2199"),
    "design outside vocabulary": (lambda c: edit(c / "studies.csv", ",case_report,", ",testimonial,"),
                                  "design", "not one of the allowed values"),
    "stray quote": (lambda c: append_line(c / "comparators.csv", 'x,"Unclosed,drug\n'), None, "quote"),
    "wrong encoding": (lambda c: (c / "legal-status.csv").write_bytes("jurisdiction_code,country\nFRA,Fran\u00e7e\n"
                                                                     .encode("latin-1")), None, "UTF-8"),
    "missing file": (lambda c: (c / "studies.csv").unlink(), None, "missing"),
    "missing article": (lambda c: (c / "article.md").unlink(), None, "missing"),
    "front matter not closed": (lambda c: edit(c / "article.md", "\n---\n", "\n"), None, "not closed"),
    "sample size with words": (lambda c: edit(c / "studies.csv", ",2798,", ",about 2800,"), "sample_size",
                               "whole number"),
    "duplicate id": (lambda c: append_line(c / "legal-status.csv", "USA,United States,mixed,2026-04-01,"
                                                                   "us-ri-2025-kratom-act,2026-12-01,primary\n"),
                     "jurisdiction_code", "already used"),
    "broken datapackage": (lambda c: (c / "datapackage.json").write_text("{ not json"), None, "not valid JSON"),
    "claim without evidence or note": (lambda c: edit(c / "claims.csv", ",\"Background statement about withdrawal itself, "
                                                      "not about kratom; not appraised in this case.\"\n", ",\n"),
                                       "no_evidence_note", "does not say what was searched"),
}


@pytest.mark.parametrize("kind", list(BREAKAGES))
def test_each_broken_case_gives_its_message_and_no_traceback(case_copy, kind):
    breaking, column, words = BREAKAGES[kind]
    breaking(case_copy)
    problems = check_case(case_copy)
    assert problems, f"{kind}: no problem reported"
    assert any(words in str(p) and (column is None or p.column == column) for p in problems), \
        "\n".join(map(str, problems))
    result = cli("check-case", str(case_copy))
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert words in result.stdout


# --- check-case is the one validator: a case it passes passes the data tests ----------------------


def test_a_case_that_passes_check_case_passes_the_data_tests(tmp_path):
    from test_data import failed_case_checks
    from test_lessons_on_every_case import SHORT_ARTICLE, fill_partly

    untouched = new_case("elder-untouched", SHORT_ARTICLE, cases=tmp_path)
    partly = new_case("elder-partly", SHORT_ARTICLE, cases=tmp_path)
    fill_partly(partly)
    for folder in (untouched, partly):
        assert check_case(folder) == [], folder.name
        assert failed_case_checks(folder) == [], folder.name


def test_what_the_data_tests_would_fail_check_case_fails_first(tmp_path):
    from test_data import failed_case_checks
    from test_lessons_on_every_case import SHORT_ARTICLE

    folder = new_case("elder-no-dictionary", SHORT_ARTICLE, cases=tmp_path)
    readme = folder / "README.md"
    readme.write_text(readme.read_text(encoding="utf-8").split("## Data dictionary")[0], encoding="utf-8")
    assert any("data dictionary" in str(p) for p in check_case(folder))
    assert any("case_readme_documents_every_column" in f for f in failed_case_checks(folder))
    folder = new_case("elder-misquoted", SHORT_ARTICLE, cases=tmp_path)
    with (folder / "claims.csv").open("a", encoding="utf-8") as handle:
        handle.write('c01,"Elderberry cures colds.",It cures colds.,efficacy,,none,unsupported,Test row.,1.1,,,,'
                     "Test row: nothing searched.\n")
    assert [p.column for p in check_case(folder)] == ["sentence"]


def test_check_case_on_an_empty_case_lists_what_each_lesson_is_missing(tmp_path):
    from test_lessons_on_every_case import SHORT_ARTICLE

    folder = new_case("elder-empty", SHORT_ARTICLE, cases=tmp_path)
    result = cli("check-case", str(folder))
    assert result.returncode == 0, result.stdout + result.stderr  # readiness is reported, not failed
    out = result.stdout
    assert "valid" in out and "Not ready yet" in out
    for lesson in ("lesson 01", "lesson 02", "lesson 03", "lesson 04", "lesson 05"):
        assert f"  - {lesson}: " in out, lesson
    assert "no comparators: lesson 05's comparison section" in out and "will show a notice" in out
    assert "placeholder front matter" in out and "claims-draft.csv" in out
    assert "an empty model rubric" in out
    assert out.index("lesson 01") < out.index("lesson 03") < out.index("lesson 05")


def test_check_case_on_a_partly_filled_case_lists_only_what_is_still_missing(tmp_path):
    from claimlab.readiness import case_readiness
    from test_lessons_on_every_case import SHORT_ARTICLE, fill_partly

    folder = new_case("elder-partly", SHORT_ARTICLE, cases=tmp_path)
    fill_partly(folder)
    missing = [str(item) for item in case_readiness(load_case(folder))]
    assert not any("no claims" in m or "no studies" in m or "claims-draft" in m for m in missing), missing
    assert any(m.startswith("lesson 04: no regulatory positions") for m in missing)
    assert any("no study's limitation_families is filled in" in m for m in missing)
    kratom = case_readiness(load_case("kratom-opioid-withdrawal"))
    assert [str(item) for item in kratom if not item.where.startswith("exercise")] == []  # every lesson is ready
    assert any("exercise 04: question" in m and "left out" in m for m in missing)  # from make-exercises' own rules


def test_a_case_with_errors_exits_1_before_readiness(case_copy):
    edit(case_copy / "studies.csv", ",case_report,", ",testimonial,")
    result = cli("check-case", str(case_copy))
    assert result.returncode == 1 and "Not ready" not in result.stdout and "Fix these first" in result.stdout


def test_new_case_writes_everything_check_case_and_the_tests_need(tmp_path, article):
    folder = new_case("turmeric-joints", article, cases=tmp_path / "cases")
    package = json.loads((folder / "datapackage.json").read_text())
    for resource in package["resources"]:
        assert (folder / resource["path"]).exists(), resource["path"]
    readme = (folder / "README.md").read_text(encoding="utf-8")
    assert "## Data dictionary" in readme and "`limitation_families`" in readme and "`outcome_id`" in readme
    vocabulary = load_case(folder).vocabulary
    assert list(vocabulary.loc[vocabulary["role"] == "benefit", "code"]) == ["efficacy"]
