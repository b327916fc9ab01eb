"""Tests for the lesson handouts (scripts/make_handouts.py): quizzes on paper, answers apart, nothing from the network."""

from __future__ import annotations

import re

import pytest

from conftest import REPO

INSTRUCTORS = REPO / "instructors"


@pytest.fixture(scope="module")
def handouts():
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_handouts", REPO / "scripts" / "make_handouts.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_literal_quizzes_print_with_tick_boxes_and_answers_go_elsewhere(handouts):
    import nbformat
    from nbformat.v4 import new_code_cell, new_notebook

    source = ('multiple_choice("Which is a hedge?", {"may help": "Yes.", "proven": "No."}, answer="may help")')
    data_driven = "multiple_choice(**verdict_quiz(case.claims, 'c1'))"
    nb = new_notebook(cells=[new_code_cell(source, metadata={"tags": ["nbval-ignore-output"]}),
                             new_code_cell(data_driven, metadata={"tags": ["nbval-ignore-output"]}),
                             new_code_cell("design_guide()", metadata={"tags": ["nbval-ignore-output"]}),
                             new_code_cell("1 + 1")])
    paper, answers = handouts.handout_notebook(nbformat.from_dict(nb))
    texts = [cell.source for cell in paper.cells]
    assert "**Quick check.** Which is a hedge?" in texts[0] and "\u2610 may help" in texts[0]
    assert "Yes." not in texts[0]
    assert "built from the case data" in texts[1]
    assert "the design guide" in texts[2]
    assert paper.cells[3].cell_type == "code"
    assert answers == [("Which is a hedge?", "may help")]


def test_handouts_load_nothing_from_the_network(handouts):
    html = ('<script src="https://cdn.example/x.js"></script><script type="module">import m from '
            '"https://cdn.example/m.mjs";</script><link rel="stylesheet" href="https://cdn.example/s.css"><p>kept</p>')
    assert handouts.strip_network(html) == "<p>kept</p>"


def test_stored_handouts_exist_for_every_lesson_and_are_offline():
    for path in sorted((REPO / "notebooks").glob("*.ipynb")):
        handout = INSTRUCTORS / "handouts" / f"{path.stem}.html"
        assert handout.exists(), "run scripts/make_handouts.py"
        text = handout.read_text(encoding="utf-8")
        assert not re.search(r"<script[^>]*src=\"https?://", text) and "cdnjs" not in text
