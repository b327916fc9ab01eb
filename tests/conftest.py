"""Shared test helpers."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

REPO = Path(__file__).resolve().parents[1]
NOTEBOOK_DIRS = ("notebooks", "exercises", "solutions")


def notebooks_in(folder: str) -> list[Path]:
    """The notebooks in one of the kit's notebook folders."""
    return sorted((REPO / folder).glob("*.ipynb"))


def all_notebooks() -> list[Path]:
    """Every notebook the kit ships."""
    return [path for folder in NOTEBOOK_DIRS for path in notebooks_in(folder)]


def outputs_text(nb: nbformat.NotebookNode) -> str:
    """Everything a notebook showed, as one string (text, HTML and SVG outputs)."""
    parts = []
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            parts.append(output.get("text", ""))
            data = output.get("data", {})
            for mime in ("text/plain", "text/html", "text/markdown", "image/svg+xml"):
                value = data.get(mime, "")
                parts.append("".join(value) if isinstance(value, list) else value)
    return "\n".join(parts)


@pytest.fixture
def repo() -> Path:
    return REPO
