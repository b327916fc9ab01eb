"""A lesson exported to HTML (nbconvert, nbviewer, a course site) reads as a lesson.

Widgets cannot run on an exported page; each carries a readable copy (claimlab.static_view),
so the page shows the question and its options, never ``MultipleChoice(children=(...``.
"""

from __future__ import annotations

import re

import nbformat
import pytest
from nbconvert import HTMLExporter

from conftest import REPO

NOTEBOOKS = sorted((REPO / "notebooks").glob("*.ipynb")) + sorted((REPO / "solutions").glob("*.ipynb"))
WIDGET_REPR = re.compile(r"\b(VBox|HBox|Box|HTML|Button|Dropdown|Checkbox|RadioButtons|MultipleChoice|MultiSelect|"
                         r"MarkSentences|RubricWidget|DesignGuide|Textarea)\((children|value|description|options)=")


@pytest.fixture(scope="module")
def exporter() -> HTMLExporter:
    return HTMLExporter(template_name="lab")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_an_exported_lesson_shows_no_widget_repr(path, exporter):
    nb = nbformat.read(path, as_version=4)
    body, _ = exporter.from_notebook_node(nb)
    found = WIDGET_REPR.search(body)
    assert found is None, f"{path.name}: the exported page shows a widget's repr: {body[found.start():found.start() + 80]}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_stored_widget_output_has_a_readable_copy(path):
    nb = nbformat.read(path, as_version=4)
    for index, cell in enumerate(nb.cells):
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if "application/vnd.jupyter.widget-view+json" in data:
                assert "text/html" in data, f"{path.name}, cell {index}: a widget output without a readable copy"
                assert "claimlab-static" in "".join(data["text/html"])
