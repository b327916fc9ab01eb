"""The kit's layout: names pair up, notebooks are stored cleanly, the README matches lessons.yml."""

from __future__ import annotations

import os
import re
from pathlib import Path

import nbformat
import pytest

from claimlab.lessons import lesson_map, lesson_table_markdown
from conftest import REPO, all_notebooks, notebooks_in

NAME = re.compile(r"\d\d-[a-z0-9]+(-[a-z0-9]+)*\.ipynb")


@pytest.mark.parametrize("path", all_notebooks(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_notebook_names_follow_number_and_slug(path):
    assert NAME.fullmatch(path.name), f"{path} should be named NN-kebab-slug.ipynb"
    assert "untitled" not in path.name.lower()


SKIPPED_FOLDERS = {".venv", ".ipynb_checkpoints", "tests"}  # a notebook anywhere under one of these is no stray


def notebooks_under(root: Path) -> list[Path]:
    """Every notebook under root, not looking inside the skipped folders (.venv/ alone holds over 10,000 files)."""
    found = []
    for folder, subfolders, files in os.walk(root):
        subfolders[:] = [name for name in subfolders if name not in SKIPPED_FOLDERS]
        found += [Path(folder, name) for name in files if name.endswith(".ipynb")]
    return found


def test_no_stray_notebooks_outside_the_three_folders():
    stray = [p for p in notebooks_under(REPO)
             if p.parent.name not in {"notebooks", "exercises", "solutions", "assessment"}]
    assert stray == []


def test_exercises_and_solutions_pair_up():
    exercises = {p.name for p in notebooks_in("exercises")}
    solutions = {p.name for p in notebooks_in("solutions")}
    assert exercises == solutions


def test_every_exercise_belongs_to_a_lesson():
    lessons = {p.name.split("-")[0] for p in notebooks_in("notebooks")}
    for path in notebooks_in("exercises"):
        assert path.name.split("-")[0] in lessons, path.name


def test_lessons_yml_and_the_notebooks_folder_agree():
    table = lesson_map()
    ready = set(table.loc[table["status"] == "ready", "notebook"])
    present = {f"notebooks/{p.name}" for p in notebooks_in("notebooks")}
    assert ready == present


def test_readme_lesson_table_matches_lessons_yml():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert lesson_table_markdown() in readme


@pytest.mark.parametrize("path", all_notebooks() + notebooks_in("assessment"), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_notebooks_are_stored_cleanly(path):
    nb = nbformat.read(path, as_version=4)
    assert nb.metadata.get("kernelspec", {}).get("name") == "python3"
    # the kit's own metadata: an exercise's generated hash, an executed notebook's build stamp (scripts/build.py)
    allowed = {"kernelspec", "language_info", "claimlab"}
    assert set(nb.metadata) <= allowed, "strip editor metadata (scripts/nbtools.py tidy)"
    assert set(nb.metadata.get("claimlab", {})) <= {"generated_hash", "build_inputs"}, "unknown claimlab metadata"
    for cell in nb.cells:
        assert set(cell.metadata) <= {"tags"}, f"cell {cell.id} has editor metadata"


@pytest.mark.parametrize("path", all_notebooks() + notebooks_in("assessment"), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_each_notebook_starts_with_the_one_setup_call(path):
    nb = nbformat.read(path, as_version=4)
    first_code = next(cell for cell in nb.cells if cell.cell_type == "code")
    assert "claimlab.setup()" in first_code.source


@pytest.mark.parametrize("path", notebooks_in("notebooks") + notebooks_in("solutions"),
                         ids=lambda p: f"{p.parent.name}/{p.name}")
def test_lessons_and_solutions_are_stored_executed(path):
    nb = nbformat.read(path, as_version=4)
    code = [cell for cell in nb.cells if cell.cell_type == "code"]
    assert all(cell.execution_count for cell in code), "run scripts/nbtools.py execute on it"


@pytest.mark.parametrize("path", notebooks_in("exercises"), ids=lambda p: p.name)
def test_exercises_are_stored_without_outputs(path):
    nb = nbformat.read(path, as_version=4)
    assert all(not cell.get("outputs") for cell in nb.cells if cell.cell_type == "code")
