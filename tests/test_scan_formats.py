"""Tests for claimlab.scan_formats: a scan written as JSON, CSV, a Markdown table or a web page."""

from __future__ import annotations

import json

import pytest

from claimlab.errors import ClaimLabInputError
from claimlab.scan_formats import scan_as_dict, scan_as_markdown, scan_output
from claimlab.scanner import SCAN_COLUMNS
from article_samples import write


def test_scan_as_dict_has_the_documented_json_shape(tmp_path):
    path = write(tmp_path, "a.txt", "It may help.\nNothing here.")
    result = scan_as_dict(path)
    assert result == {
        "source": str(path),
        "sentences": [
            {"id": "p01-s01", "text": "It may help.", "cues": [{"family": "hedge", "match": "may", "start": 3, "end": 6}]},
            {"id": "p02-s01", "text": "Nothing here.", "cues": []},
        ],
    }
    assert scan_as_dict("It may help.")["source"] == "(text)"


def test_scan_as_markdown_is_a_table_with_escaped_pipes():
    markdown = scan_as_markdown("It may help | a lot.")
    assert markdown.splitlines()[0] == "| sentence | family | match | sentence text |"
    assert "It may help \\| a lot." in markdown


def test_scan_output_in_each_format(tmp_path):
    path = write(tmp_path, "a.txt", "It may help.")
    assert json.loads(scan_output(path, "json"))["sentences"][0]["cues"][0]["family"] == "hedge"
    assert scan_output(path, "csv").splitlines()[0] == ",".join(SCAN_COLUMNS)
    assert scan_output(path, "md").startswith("| sentence |")
    assert scan_output(path, "html").startswith("<!DOCTYPE html>")
    with pytest.raises(ClaimLabInputError, match="Unknown format 'pdf'"):
        scan_output(path, "pdf")


def test_the_json_scan_keeps_letters_as_they_are_written():
    # Pins a mutation the probe found uncaught (tests/README.md): accented letters written as \u escapes.
    written = scan_output("Le café naturel may help.", "json")
    assert "café" in written and "\\u00e9" not in written
    assert json.loads(written)["sentences"][0]["text"] == "Le café naturel may help."
