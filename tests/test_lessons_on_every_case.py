"""Every lesson runs on every case, and on a brand-new case whose tables are still empty.

nbval runs each stored notebook on the case it was saved with. Here each lesson is run again
with its ``CASE = ...`` line pointed at the other cases, and at a case just made with
``new-case`` (empty tables), and must finish without an error output.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from claimlab.cases import list_cases
from claimlab.newcase import new_case
from conftest import REPO, notebooks_in

LESSONS = [p for p in notebooks_in("notebooks") if not p.name.startswith("00-")]
CASE_LINE = re.compile(r'^CASE = "[a-z0-9-]+"', re.M)
NEW_ARTICLE = """# Magnesium spray for restless legs

Magnesium spray is a natural remedy that may calm restless legs overnight. Studies suggest it
works better than prescription drugs, with no side effects. Many people report sleeping through
the night after a week.
"""


def run_on_case(path: Path, case: str) -> list[str]:
    """Run a lesson with CASE set to another case; return the errors it showed."""
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code" and CASE_LINE.search(cell.source):
            cell.source = CASE_LINE.sub(f'CASE = "{case}"', cell.source, count=1)
            break
    NotebookClient(nb, timeout=300, kernel_name="python3", allow_errors=True,
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    return [f"{o.get('ename')}: {o.get('evalue')}" for cell in nb.cells
            for o in cell.get("outputs", []) if o.get("output_type") == "error"]


def other_cases(path: Path) -> list[str]:
    saved = CASE_LINE.search(path.read_text(encoding="utf-8"))
    saved_case = saved.group(0).split('"')[1] if saved else None
    return [case for case in list_cases() if case != saved_case]


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_lesson_runs_on_every_other_case(path):
    for case in other_cases(path):
        assert run_on_case(path, case) == [], f"{path.name} on {case}"


@pytest.fixture(scope="module")
def datasets_with_an_empty_case(tmp_path_factory):
    datasets = tmp_path_factory.mktemp("datasets") / "datasets"
    shutil.copytree(REPO / "datasets", datasets)
    article = datasets.parent / "magnesium.md"
    article.write_text(NEW_ARTICLE, encoding="utf-8")
    new_case("magnesium-restless-legs", article, cases=datasets / "cases")
    return datasets


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_lesson_degrades_gracefully_on_a_new_empty_case(path, datasets_with_an_empty_case, monkeypatch):
    monkeypatch.setenv("CLAIMLAB_DATASETS", str(datasets_with_an_empty_case))
    assert run_on_case(path, "magnesium-restless-legs") == []
