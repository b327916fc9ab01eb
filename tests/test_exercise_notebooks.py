"""The kit's own exercises: every check passes on solutions/ and says "not answered yet" on exercises/."""

from __future__ import annotations

import re

import nbformat
import pytest

from claimlab.answers import grade_answer, read_answer_key
from conftest import REPO, notebooks_in, outputs_text
from notebook_runs import run_notebook

CHECK = re.compile(r"^\s*check(_open|_all)?\(", re.M)
SOLUTIONS = notebooks_in("solutions")
EXERCISES = notebooks_in("exercises")


def check_outputs(nb) -> list[str]:
    """What each check cell showed, one string per cell."""
    shown = []
    for cell in nb.cells:
        if cell.cell_type == "code" and CHECK.search(cell.source):
            shown.append(outputs_text(nbformat.NotebookNode(cells=[cell])))
    return shown


def test_every_lesson_after_start_here_has_an_exercise():
    lessons = {p.name for p in notebooks_in("notebooks") if not p.name.startswith("00-")}
    assert lessons == {p.name for p in EXERCISES}


@pytest.mark.parametrize("path", SOLUTIONS, ids=lambda p: p.name)
def test_every_check_passes_on_the_stored_solution(path):
    shown = check_outputs(nbformat.read(path, as_version=4))
    assert shown, "a solution with no checks"
    for output in shown:
        assert "Correct." in output or "Self-check" in output or "answered correctly" in output, output[:200]
        assert "not answered yet" not in output.lower() or "0 not answered yet" in output
        assert "needs another look" not in output


@pytest.mark.parametrize("path", EXERCISES, ids=lambda p: p.name)
def test_an_unanswered_exercise_runs_and_says_not_answered_yet(path):
    nb = nbformat.read(path, as_version=4)
    run_notebook(nb, path.parent)
    shown = check_outputs(nb)
    assert shown
    for output in shown:
        assert "not answered yet" in output.lower() or "Not answered yet" in output, output[:200]
    assert "Traceback" not in outputs_text(nb)


@pytest.mark.parametrize("path", SOLUTIONS, ids=lambda p: p.name)
def test_a_wrong_answer_gets_feedback_that_is_not_the_answer(path):
    key = read_answer_key(REPO / "datasets" / "answer-keys" / f"{path.stem}.json")
    for question in key.questions:
        result = grade_answer(key, question, "a deliberately wrong answer 123")
        assert result.status != "answered correctly"
        assert result.message.strip(), question
