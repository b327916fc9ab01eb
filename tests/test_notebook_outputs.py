"""What the stored notebooks showed, not only that they ran."""

from __future__ import annotations

import nbformat
import pytest

from claimlab.lessons import describe_lesson_minutes, lesson_map
from conftest import REPO, outputs_text

START = REPO / "notebooks" / "00-start-here.ipynb"
WIDGET = "application/vnd.jupyter.widget-view+json"


@pytest.fixture(scope="module")
def start_here():
    return nbformat.read(START, as_version=4)


def mimetypes(nb) -> list[str]:
    return [mime for cell in nb.cells for output in cell.get("outputs", []) for mime in output.get("data", {})]


def test_start_here_draws_a_chart_as_svg(start_here):
    assert "image/svg+xml" in mimetypes(start_here)
    svg = next(o["data"]["image/svg+xml"] for c in start_here.cells for o in c.get("outputs", [])
               if "image/svg+xml" in o.get("data", {}))
    assert "Minutes per lesson" in svg


def test_start_here_chart_has_its_description_in_text(start_here):
    assert describe_lesson_minutes() in outputs_text(start_here)


def test_start_here_shows_a_widget(start_here):
    assert WIDGET in mimetypes(start_here)


def test_start_here_lesson_map_lists_every_lesson(start_here):
    shown = outputs_text(start_here)
    for title in lesson_map()["title"]:
        assert title.replace("'", "&#x27;") in shown or title in shown, title


def test_start_here_setup_check_is_all_ok(start_here):
    check_cell = next(c for c in start_here.cells if "check_setup()" in c.source and c.cell_type == "code")
    html = "".join(o["data"]["text/html"] for o in check_cell.outputs if "text/html" in o.get("data", {}))
    assert "chart renderer" in html and "svg" in html
    assert "missing" not in html
