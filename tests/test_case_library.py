"""The case library (claimlab.case_library): every case listed, every Key Concept illustrated."""

from __future__ import annotations

import pandas as pd

from claimlab.case_library import case_folders, case_library, key_concepts_illustrated
from conftest import REPO


def test_every_key_concept_subgroup_is_illustrated_by_some_cases_claims():
    concepts = pd.read_csv(REPO / "datasets" / "reference" / "key-concepts.csv", dtype=str)["concept_id"]
    covered = {c for folder in case_folders()
               for c in key_concepts_illustrated(pd.read_csv(folder / "claims.csv", dtype=str).fillna(""))}
    missing = sorted(set(concepts) - covered)
    assert not missing, f"no case's claims illustrate Key Concepts {missing}: add a case or tag its claims"


def test_the_library_lists_every_case_with_its_genre_and_what_it_teaches():
    library = case_library()
    assert list(library["case"]) == [folder.name for folder in case_folders()]
    assert len(library) >= 5
    for row in library.itertuples():
        assert row.genre and row.teaches_best, f"{row.case}: datapackage.json needs claimlab:genre and claimlab:teaches_best"
        assert row.key_concepts and row.lessons_ready


def test_key_concepts_illustrated_reads_semicolon_lists_in_order():
    claims = pd.DataFrame({"key_concepts": ["2.3;1.1", "1.1", "", "3.2; 2.10"]})
    assert key_concepts_illustrated(claims) == ["1.1", "2.3", "2.10", "3.2"]


def test_the_lessons_a_case_is_ready_for_do_not_depend_on_its_exercise_questions(tmp_path):
    from claimlab.case_library import case_folders
    from claimlab.cases import load_case
    from claimlab.lessons import lesson_map
    from claimlab.newcase import new_case
    from claimlab.readiness import case_readiness

    article = tmp_path / "article.txt"
    article.write_text("Elderberry syrup cures colds in a day. Doctors hate this trick.\n", encoding="utf-8")
    empty = new_case("elderberry-colds", article, cases=tmp_path / "cases")  # a case with gaps in every lesson
    for folder in [*case_folders(), empty]:
        case = load_case(folder)
        full, lessons_only = case_readiness(case), case_readiness(case, exercises=False)
        assert [item for item in full if not item.where.startswith("exercise")] == lessons_only
        for number in lesson_map()["number"]:
            assert any(f"lesson {number}" in i.where for i in full) == any(f"lesson {number}" in i.where for i in lessons_only)
