"""The case data and reference tables: valid, sourced, linked, and clear about what is broken."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest

from claimlab.cases import DEFAULT_CASE, case_folder, check_case, list_cases, load_case, load_reference
from claimlab.schema import CaseDataError
from conftest import REPO

SHARED_ARTICLE = REPO.parent / "shared" / "case-material" / "kratom-opioid-withdrawal-article.txt"
# The SHA-256 of the specimen as supplied (in `sha256sum` format, so `sha256sum -c` checks a copy of it).
SPECIMEN_HASH = REPO / "datasets" / "cases" / "kratom-opioid-withdrawal" / "provenance" / "specimen.sha256"
SCHEMAS = REPO / "datasets" / "schemas"


@pytest.fixture(scope="module")
def case():
    return load_case(DEFAULT_CASE)


def test_the_kratom_article_is_the_specimen_byte_for_byte():
    """The case's article (after its front matter) has the hash of the specimen as supplied: no clone skips this."""
    article = load_case("kratom-opioid-withdrawal").article
    stored, name = SPECIMEN_HASH.read_text(encoding="utf-8").split()
    assert name == SHARED_ARTICLE.name
    assert hashlib.sha256(article.encode("utf-8")).hexdigest() == stored, (
        "article.md's text differs from the specimen it was supplied as; restore it (git checkout) rather than edit it")


def test_the_stored_hash_is_the_shared_specimens():
    if not SHARED_ARTICLE.exists():
        pytest.skip("shared/case-material is not beside this checkout: only this comparison needs it")
    stored = SPECIMEN_HASH.read_text(encoding="utf-8").split()[0]
    assert hashlib.sha256(SHARED_ARTICLE.read_bytes()).hexdigest() == stored


@pytest.mark.parametrize("name", list_cases())
def test_every_case_validates_against_its_schemas(name):
    assert check_case(name) == []


@pytest.mark.parametrize("table", ["study-designs", "key-concepts", "article-criteria", "glossary", "cue-families",
                                   "limitation-families", "position-vocabulary", "appraisal-vocabulary"])
def test_every_reference_table_validates(table):
    assert len(load_reference(table)) > 0


def test_the_kratom_case_is_as_large_as_commissioned(case):
    assert len(case.studies) >= 25
    assert len(case.positions) >= 15
    bodies = set(case.positions["jurisdiction_code"])
    assert len(bodies) >= 8, bodies
    assert {"buprenorphine", "methadone", "lofexidine", "clonidine"} <= set(case.comparators["comparator_id"])


# --- checks every case must pass: callable on any case folder (see failed_case_checks) ---------

CASE_CHECKS = []


def case_check(check):
    """Register a check that every case must pass; it yields one message per failure."""
    CASE_CHECKS.append(check)
    return check


@case_check
def every_study_has_an_identifier_or_an_official_address(case):
    for study in case.studies.itertuples():
        if not (study.doi or study.pmid or str(study.source_url).startswith("http")):
            yield study.study_id


@case_check
def every_position_has_a_source_and_a_date(case):
    for position in case.positions.itertuples():
        if not str(position.source_url).startswith("http") or pd.isna(position.date):
            yield position.position_id


@case_check
def every_claim_links_evidence_or_says_what_was_searched(case):
    for claim in case.claims.itertuples():
        if not (claim.study_ids or claim.position_ids or claim.comparator_ids or claim.no_evidence_note):
            yield claim.claim_id


@case_check
def every_claim_sentence_is_quoted_exactly_from_the_article(case):
    for claim in case.claims.itertuples():
        if claim.sentence not in case.article:
            yield claim.claim_id


@case_check
def no_framing_sentence_claims_safety(case):
    """A sentence that says or implies the remedy is safe makes a claim, so it is not framing (lessons 01, 05)."""
    from claimlab.claim_counts import framing_only
    from claimlab.claims import safety_claim_ids

    for claim_id in sorted(safety_claim_ids(framing_only(case.claims))):
        yield (f"{claim_id}: a framing sentence with safety wording; give it the claim_type of its claim "
               "(e.g. safety), or drop safety_reassurance from its cues")


@case_check
def claims_use_only_key_concepts_in_the_reference_table(case):
    known = set(load_reference("key-concepts")["concept_id"])
    used = {kc for value in case.claims["key_concepts"] for kc in str(value).split(";") if kc}
    yield from sorted(used - known)


@case_check
def unverified_fields_name_real_columns(case):
    for table in (case.studies, case.positions):
        for value in table["unverified_fields"]:
            yield from (name for name in filter(None, str(value).split(";")) if name not in table.columns)


@case_check
def typed_columns_load_as_numbers_and_dates(case):
    if str(case.studies["sample_size"].dtype) != "Int64":
        yield "studies.sample_size is not a whole-number column"
    if not pd.api.types.is_datetime64_any_dtype(case.positions["date"]):
        yield "regulatory-positions.date is not a date column"


@case_check
def case_readme_documents_every_column(case):
    folder = case.folder
    readme = (folder / "README.md").read_text(encoding="utf-8") if (folder / "README.md").exists() else ""
    package = json.loads((folder / "datapackage.json").read_text())
    for resource in package["resources"]:
        schema = (folder / resource["schema"]).resolve()
        if not schema.exists():
            schema = SCHEMAS / Path(resource["schema"]).name
        for field in json.loads(schema.read_text())["fields"]:
            if f"`{field['name']}`" not in readme:
                yield f"{schema.name}: {field['name']} is not in the case README"


@case_check
def every_case_table_is_listed_in_its_datapackage(case):
    package = json.loads((case.folder / "datapackage.json").read_text())
    listed = {resource["name"] for resource in package["resources"]}
    yield from sorted({"claims", "studies", "regulatory-positions", "legal-status", "comparators",
                       "rubric-appraisal", "vocabulary", "certainty-appraisal"} - listed)


def failed_case_checks(name_or_folder) -> list[str]:
    """Every check of this file that a case fails, as 'check: detail' (empty when it passes them all)."""
    failed = [f"validates against its schemas: {p}" for p in check_case(name_or_folder)]
    try:
        case = load_case(name_or_folder)
    except CaseDataError:
        return failed
    return failed + [f"{check.__name__}: {detail}" for check in CASE_CHECKS for detail in check(case)]


@pytest.mark.parametrize("check", CASE_CHECKS, ids=lambda c: c.__name__)
@pytest.mark.parametrize("name", list_cases())
def test_every_case_passes_every_case_check(name, check):
    assert list(check(load_case(name))) == []


# --- vocabularies: the schemas' lists agree with the vocabulary tables (drift test) -------------


def schema_field(schema: str, name: str) -> dict:
    return next(f for f in json.loads((SCHEMAS / schema).read_text())["fields"] if f["name"] == name)


def test_schema_enums_agree_with_the_shared_vocabularies():
    from claimlab import vocabulary

    designs = vocabulary.design_order()
    assert set(schema_field("studies.schema.json", "design")["constraints"]["enum"]) == set(designs)
    assert set(schema_field("study-designs.schema.json", "design")["constraints"]["enum"]) == set(designs)
    families = list(vocabulary.limitation_families().index)
    assert schema_field("studies.schema.json", "limitation_families")["constraints"]["enum"] == families
    assert schema_field("limitation-families.schema.json", "family")["constraints"]["enum"] == families
    assert set(schema_field("cue-families.schema.json", "family")["constraints"]["enum"]) == set(
        vocabulary.cue_family_order())
    for field in ("action", "status", "scope"):
        shared = set(vocabulary.position_terms(field))
        assert set(schema_field("regulatory-positions.schema.json", field)["constraints"]["enum"]) == shared, field
    for schema, column, field in (("claims.schema.json", "claim_type", "claim_type"),
                                  ("claims.schema.json", "evidence_offered", "evidence_offered"),
                                  ("claims.schema.json", "verdict", "verdict"),
                                  ("legal-status.schema.json", "status", "legal_status")):
        enum = schema_field(schema, column)["constraints"]["enum"]
        assert set(enum) == set(vocabulary.appraisal_terms(field)), field
    roles = {role for roles in vocabulary.CASE_FIELDS.values() for role in roles if role}
    assert set(schema_field("vocabulary.schema.json", "role")["constraints"]["enum"]) == roles
    assert set(schema_field("vocabulary.schema.json", "field")["constraints"]["enum"]) == set(vocabulary.CASE_FIELDS)


@pytest.mark.parametrize("name", list_cases())
def test_every_code_a_case_uses_is_in_a_vocabulary(name):
    from claimlab import vocabulary

    case = load_case(name)
    assert set(case.studies["topic"]) <= set(vocabulary.case_codes(case, "topic"))
    assert vocabulary.topics_with_role(case, "claimed_use"), "a case names the topic of its claimed use"
    assert vocabulary.benefit_claim_types(case), "a case says which claim types are claims of benefit"
    scopes = set(vocabulary.position_terms("scope")) | set(vocabulary.case_codes(case, "scope"))
    assert set(case.positions["scope"]) <= scopes
    assert set(case.positions["action"]) <= set(vocabulary.action_terms(case))
    claim_types = set(schema_field("claims.schema.json", "claim_type")["constraints"]["enum"])
    assert set(vocabulary.case_codes(case, "claim_type")) <= claim_types


def vocabulary_lists_in(text: str, codes: set[str], span: int = 300) -> list[str]:
    """The quoted vocabulary codes of the densest stretch of source: four or more within a few lines is a copy."""
    hits = [(m.start(), m.group(1)) for m in re.finditer(r"[\"']([a-z0-9_-]+)[\"']", text) if m.group(1) in codes]
    windows = [{code for at, code in hits[i:] if at - start <= span} for i, (start, _) in enumerate(hits)]
    return sorted(max(windows, key=len, default=set()))


def test_no_vocabulary_is_written_in_code():
    """The code keeps no copy of a vocabulary: nowhere in src/ a list of design, topic, scope, family, claim-type,
    verdict, status or action codes (a module may name one or two it treats specially)."""
    from claimlab import vocabulary

    codes = {*vocabulary.design_order(), *vocabulary.cue_family_order(), *vocabulary.limitation_families().index}
    for name in list_cases():
        codes |= set(vocabulary.case_codes(load_case(name), "topic")) | set(vocabulary.case_codes(load_case(name), "scope"))
    for field in ("claim_type", "evidence_offered", "verdict", "legal_status"):
        codes |= set(vocabulary.appraisal_terms(field))
    for field in ("action", "status", "scope"):
        codes |= set(vocabulary.position_terms(field))
    for path in sorted((REPO / "src" / "claimlab").glob("*.py")):
        listed = vocabulary_lists_in(path.read_text(encoding="utf-8"), codes)
        assert len(listed) < 4, f"{path.name} lists vocabulary codes {listed}: read them from datasets/ instead"
    mutant = 'COMPARATIVE = ["systematic_review", "randomized_trial", "cohort", "case_control"]'
    assert len(vocabulary_lists_in(mutant, codes)) == 4  # the check sees a list like the one charts.py once held


def test_a_case_can_add_its_own_topics_scopes_and_actions(broken):
    from claimlab import vocabulary

    replace_in(broken / "studies.csv", ",case_report,opioid_withdrawal,", ",case_report,withdrawal_relief,")
    problem = only_problem(broken)
    assert problem.column == "topic" and "vocabulary.csv" in problem.fix
    with (broken / "vocabulary.csv").open("a", encoding="utf-8") as handle:
        handle.write("topic,withdrawal_relief,withdrawal relief,claimed_use,Relief of withdrawal.\n"
                     "action,label_warning,requires a label warning,advises_or_reviews,Required a label warning.\n")
    replace_in(broken / "regulatory-positions.csv", ",warn,", ",label_warning,")
    assert check_case(broken) == []
    case = load_case(broken)
    assert vocabulary.topic_label("withdrawal_relief", case.studies) == "withdrawal relief"
    assert vocabulary.action_terms(case.positions)["label_warning"]["direction"] == "advises_or_reviews"


def test_a_role_that_does_not_fit_its_field_is_named(broken):
    replace_in(broken / "vocabulary.csv", "topic,harms,harms,harm,", "topic,harms,harms,benefit,")
    problem = only_problem(broken)
    assert problem.file.endswith("vocabulary.csv") and problem.column == "role" and "claimed_use" in problem.fix


def test_a_readme_without_a_column_fails_check_case(broken):
    readme = broken / "README.md"
    readme.write_text(readme.read_text(encoding="utf-8").replace("`limitation_families`", "limitation families"),
                      encoding="utf-8")
    problem = only_problem(broken)
    assert problem.file.endswith("README.md") and "limitation_families" in problem.message


def test_a_limitation_family_outside_the_list_is_named(broken):
    replace_in(broken / "studies.csv", "self_selection;self_report", "self_selection;wishful_thinking")
    problem = only_problem(broken)
    assert problem.column == "limitation_families" and "'wishful_thinking'" in problem.message


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


def test_the_vocabulary_loader_names_a_broken_table_and_notices_an_edit(tmp_path, monkeypatch):
    import os

    from claimlab import vocabulary

    datasets = tmp_path / "datasets"
    shutil.copytree(REPO / "datasets" / "reference", datasets / "reference")
    shutil.copytree(SCHEMAS, datasets / "schemas")
    monkeypatch.setenv("CLAIMLAB_DATASETS", str(datasets))
    assert vocabulary.design_label("case_report") == "case report"
    path = datasets / "reference" / "study-designs.csv"
    replace_in(path, "case_report,Case report (one patient),11,descriptive,case report,",
               "case_report,Case report (one patient),11,descriptive,single-patient report,")
    stamp = path.stat().st_mtime_ns + 1_000_000
    os.utime(path, ns=(stamp, stamp))
    assert vocabulary.design_label("case_report") == "single-patient report"  # the cache saw the edit
    families = datasets / "reference" / "limitation-families.csv"
    replace_in(families, "recall,", "memory,")
    with pytest.raises(CaseDataError) as error:
        vocabulary.limitation_families()
    assert "limitation-families.csv" in str(error.value) and "family" in str(error.value)
