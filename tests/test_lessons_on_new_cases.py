"""Every lesson runs on a case just made with ``new-case`` (empty tables) and on the same case partly filled.

The companion of test_lessons_on_every_case.py (the shipped cases), in a file of its own so that
the test command's workers (pytest-xdist, one file per worker) run the two halves side by side.
On neither case may any output or widget mention kratom or its alkaloids.
"""

from __future__ import annotations

import shutil

import pytest

from claimlab.cases import check_case
from claimlab.newcase import new_case
from conftest import REPO
from test_lessons_on_every_case import (
    EMPTY_CASE,
    LESSONS,
    PARTLY_FILLED,
    SHORT_ARTICLE,
    fill_partly,
    kratom_mentions,
    run_on_case,
)


@pytest.fixture(scope="module")
def datasets_with_new_cases(tmp_path_factory):
    datasets = tmp_path_factory.mktemp("datasets") / "datasets"
    shutil.copytree(REPO / "datasets", datasets)
    new_case(EMPTY_CASE, SHORT_ARTICLE, cases=datasets / "cases")
    fill_partly(new_case(PARTLY_FILLED, SHORT_ARTICLE, cases=datasets / "cases"))
    for name in (EMPTY_CASE, PARTLY_FILLED):
        assert check_case(datasets / "cases" / name) == [], name
    return datasets


@pytest.mark.parametrize("case", [EMPTY_CASE, PARTLY_FILLED])
@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_lesson_runs_on_a_new_case_and_never_mentions_kratom(path, case, datasets_with_new_cases, monkeypatch):
    monkeypatch.setenv("CLAIMLAB_DATASETS", str(datasets_with_new_cases))
    errors, shown = run_on_case(path, case)
    assert errors == [], f"{path.name} on {case}"
    assert kratom_mentions(shown) == [], f"{path.name} on {case}"
