"""The case data and reference tables: valid, sourced, linked, and clear about what is broken."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

from claimlab.cases import DEFAULT_CASE, case_folder, check_case, list_cases, load_case, load_reference
from claimlab.schema import CaseDataError
from conftest import REPO

SHARED_ARTICLE = REPO.parent / "shared" / "case-material" / "kratom-opioid-withdrawal-article.txt"
SCHEMAS = REPO / "datasets" / "schemas"


@pytest.fixture(scope="module")
def case():
    return load_case(DEFAULT_CASE)


@pytest.mark.parametrize("name", list_cases())
def test_every_case_validates_against_its_schemas(name):
    assert check_case(name) == []


@pytest.mark.parametrize("table", ["study-designs", "key-concepts", "article-criteria", "glossary"])
def test_every_reference_table_validates(table):
    assert len(load_reference(table)) > 0


def test_the_kratom_case_is_as_large_as_commissioned(case):
    assert len(case.studies) >= 25
    assert len(case.positions) >= 15
    bodies = set(case.positions["jurisdiction_code"])
    assert len(bodies) >= 8, bodies
    assert {"buprenorphine", "methadone", "lofexidine", "clonidine"} <= set(case.comparators["comparator_id"])


def test_every_study_has_an_identifier_or_an_official_address(case):
    for study in case.studies.itertuples():
        assert study.doi or study.pmid or study.source_url.startswith("http"), study.study_id


def test_every_position_has_a_source_and_a_date(case):
    assert case.positions["source_url"].str.startswith("http").all()
    assert case.positions["date"].notna().all()


def test_every_claim_links_evidence_or_says_what_was_searched(case):
    for claim in case.claims.itertuples():
        linked = claim.study_ids or claim.position_ids or claim.comparator_ids
        assert linked or claim.no_evidence_note, claim.claim_id


def test_every_claim_sentence_is_quoted_exactly_from_the_article(case):
    for claim in case.claims.itertuples():
        assert claim.sentence in case.article, claim.claim_id


def test_claims_use_only_key_concepts_in_the_reference_table(case):
    known = set(load_reference("key-concepts")["concept_id"])
    used = {kc for value in case.claims["key_concepts"] for kc in value.split(";")}
    assert used <= known, used - known


def test_the_article_is_the_specimen_exactly_as_supplied(case):
    if not SHARED_ARTICLE.exists():
        pytest.skip("shared/case-material is not beside this checkout")
    assert case.article == SHARED_ARTICLE.read_text(encoding="utf-8")
    assert "unknown" in case.provenance["provenance"]


def test_unverified_fields_name_real_columns(case):
    for table in (case.studies, case.positions):
        for value in table["unverified_fields"]:
            for name in filter(None, value.split(";")):
                assert name in table.columns, name


def test_typed_columns_load_as_numbers_and_dates(case):
    assert str(case.studies["sample_size"].dtype) == "Int64"
    assert pd.api.types.is_datetime64_any_dtype(case.positions["date"])


@pytest.mark.parametrize("name", list_cases())
def test_case_readme_documents_every_column(name):
    folder = case_folder(name)
    readme = (folder / "README.md").read_text(encoding="utf-8")
    package = json.loads((folder / "datapackage.json").read_text())
    for resource in package["resources"]:
        schema = folder / resource["schema"]
        for field in json.loads(schema.read_text())["fields"]:
            assert f"`{field['name']}`" in readme, f"{schema.name}: {field['name']} is not in the case README"


# --- broken copies: each gives a message naming file, line and column, and how to fix it ---


@pytest.fixture
def broken(tmp_path) -> Path:
    """A copy of the kratom case that a test may break."""
    copy = tmp_path / "broken-case"
    shutil.copytree(case_folder(DEFAULT_CASE), copy)
    return copy


def replace_in(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def only_problem(folder: Path):
    problems = check_case(folder)
    assert len(problems) == 1, "\n".join(map(str, problems))
    return problems[0]


def test_a_date_that_is_not_a_date_is_named_with_line_and_column(broken):
    replace_in(broken / "regulatory-positions.csv", "2016-08-31", "31/08/2016")
    problem = only_problem(broken)
    assert problem.file.endswith("regulatory-positions.csv")
    assert problem.column == "date" and problem.line == 3
    assert "YYYY-MM-DD" in str(problem)


def test_a_design_outside_the_vocabulary_lists_the_allowed_ones(broken):
    replace_in(broken / "studies.csv", ",case_report,", ",anecdotal_report,")
    problem = only_problem(broken)
    assert problem.column == "design" and "randomized_trial" in problem.fix


def test_a_claim_pointing_to_a_missing_study_is_caught(broken):
    replace_in(broken / "claims.csv", "coe-2019", "coe-2091")
    problems = check_case(broken)
    assert problems and all(p.column == "study_ids" and "coe-2091" in p.message for p in problems)


def test_a_stray_quote_is_reported_not_raised(broken):
    path = broken / "studies.csv"
    path.write_text(path.read_text(encoding="utf-8") + 'x-2020,"unclosed quote,2020\n', encoding="utf-8")
    problems = check_case(broken)
    assert any("quote" in p.fix for p in problems)


def test_a_file_in_the_wrong_encoding_says_how_to_save_it(broken):
    path = broken / "comparators.csv"
    path.write_bytes(path.read_text(encoding="utf-8").replace("Clonidine", "Clonidin\u00e9").encode("latin-1"))
    problem = only_problem(broken)
    assert "UTF-8" in problem.message and "CSV UTF-8" in problem.fix


def test_a_missing_file_is_named(broken):
    (broken / "legal-status.csv").unlink()
    problem = only_problem(broken)
    assert problem.file.endswith("legal-status.csv") and "missing" in problem.message


def test_a_missing_required_column_is_named(broken):
    replace_in(broken / "studies.csv", "study_id,citation,year", "study_id,citation,published")
    problems = check_case(broken)
    assert any(p.column == "year" and "missing" in p.message for p in problems)


def test_a_duplicate_id_points_to_the_first_use(broken):
    path = broken / "comparators.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(lines + [lines[1]]) + "\n", encoding="utf-8")
    problem = only_problem(broken)
    assert problem.column == "comparator_id" and "already used on line 2" in problem.message


def test_a_sample_size_with_a_comma_is_not_a_whole_number(broken):
    replace_in(broken / "studies.csv", ",2798,", ',"2,798",')
    problem = only_problem(broken)
    assert problem.column == "sample_size" and "digits only" in problem.fix


def test_load_case_lists_every_problem_at_once(broken):
    replace_in(broken / "studies.csv", ",case_report,", ",anecdote,")
    replace_in(broken / "regulatory-positions.csv", "2016-08-31", "last August")
    with pytest.raises(CaseDataError) as error:
        load_case(broken)
    assert len(error.value.problems) == 2
    assert "2 problems found" in str(error.value)


def test_an_unknown_case_name_lists_the_cases_there_are():
    with pytest.raises(CaseDataError) as error:
        load_case("no-such-case")
    assert DEFAULT_CASE in str(error.value)


def test_split_list_reads_semicolon_cells_whatever_they_hold():
    import pandas as pd

    from claimlab.schema import split_list

    assert split_list(" coe-2019; hill-2024 ;;") == ["coe-2019", "hill-2024"]
    assert split_list("") == split_list(None) == split_list(float("nan")) == split_list(pd.NA) == []
