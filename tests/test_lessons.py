"""Each lesson follows the kit's skeleton, and its facts point back to the case data."""

from __future__ import annotations

import re

import nbformat
import pytest

from claimlab.cases import list_cases, load_case
from claimlab.lessons import lesson_map
from conftest import REPO, notebooks_in

LESSONS = [p for p in notebooks_in("notebooks") if not p.name.startswith("00-")]


def markdown(nb) -> list[str]:
    return [cell.source for cell in nb.cells if cell.cell_type == "markdown"]


def numbered_items(text: str, heading: str) -> list[str]:
    """The numbered list that follows a heading or bold label."""
    after = text.split(heading, 1)[1]
    items = []
    for line in after.splitlines()[1:]:
        if re.match(r"\s*\d+\.\s", line):
            items.append(line)
        elif items and line.strip() and not line.startswith(" "):
            break
    return items


@pytest.fixture(params=LESSONS, ids=lambda p: p.name)
def lesson(request):
    return request.param, nbformat.read(request.param, as_version=4)


def test_there_are_lessons_to_check():
    assert LESSONS, "no lesson notebooks found"


def test_header_has_title_summary_questions_objectives_minutes(lesson):
    path, nb = lesson
    head = markdown(nb)[0]
    assert head.startswith("# ")
    assert re.search(r"^\*[^*].+\*$", head, re.M), "a one-line italic summary under the title"
    for label in ("**Questions**", "**Objectives**", "**Minutes**"):
        assert label in head, label
    minutes = int(re.search(r"\*\*Minutes\*\*:\s*(\d+)", head).group(1))
    assert 10 <= minutes <= 90  # measured (tests/test_reading_time.py); a class block plans parts of it
    row = lesson_map().set_index("notebook").loc[f"notebooks/{path.name}"]
    assert minutes == row["minutes"], "minutes differ from lessons.yml"


def test_first_code_cells_are_setup_then_the_case(lesson):
    _, nb = lesson
    code = [cell.source for cell in nb.cells if cell.cell_type == "code"]
    assert "claimlab.setup()" in code[0]
    assert re.search(r'^CASE = "[a-z0-9-]+"', code[1], re.M), "second code cell sets CASE"


def test_every_section_ends_with_a_quick_check(lesson):
    _, nb = lesson
    text = "\n".join(markdown(nb))
    sections = [s for s in re.split(r"^## ", text, flags=re.M)[1:] if not s.startswith("Key points")]
    assert len(sections) >= 2
    for section in sections:
        title = section.splitlines()[0]
        assert "### Quick check" in section, f"section '{title}' has no quick check"


def test_quick_checks_are_quizzes_with_feedback(lesson):
    _, nb = lesson
    quiz_cells = [c for c in nb.cells if c.cell_type == "code" and re.search(r"\b(multiple_choice|multi_select|mark_sentences)\(", c.source)]
    assert quiz_cells
    for cell in quiz_cells:
        assert "nbval-ignore-output" in cell.metadata.get("tags", []), "widget cells are tagged nbval-ignore-output"


def test_links_to_its_exercise(lesson):
    path, nb = lesson
    assert f"../exercises/{path.name}" in "\n".join(markdown(nb))


def test_key_points_answer_the_objectives_one_to_one(lesson):
    _, nb = lesson
    text = "\n".join(markdown(nb))
    objectives = numbered_items(text, "**Objectives**")
    key_points = numbered_items(text, "## Key points")
    assert objectives and len(objectives) == len(key_points)


def test_ids_and_identifiers_in_prose_exist_in_the_case_data(lesson):
    _, nb = lesson
    text = "\n".join(markdown(nb))
    known = set()
    for name in list_cases():
        case = load_case(name)
        known |= set(case.studies["study_id"]) | set(case.positions["position_id"]) | set(case.comparators["comparator_id"])
        known |= {str(v) for v in case.studies["doi"] if v} | {str(v) for v in case.studies["pmid"] if v}
    for study_id in re.findall(r"`([a-z][a-z0-9]*(?:-[a-z0-9]+)+)`", text):
        if re.search(r"\d{4}", study_id):
            assert study_id in known, f"{study_id} is not in the case data"
    for doi in re.findall(r"\b10\.\d{4,9}/[^\s)\]]+", text):
        assert doi.rstrip(".,") in known, f"DOI {doi} is not in the case data"
