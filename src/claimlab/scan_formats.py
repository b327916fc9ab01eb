"""The scan of an article written out: as JSON, CSV, a Markdown table or a highlighted web page."""

from __future__ import annotations

import json
from pathlib import Path

from claimlab.articles import is_article_path
from claimlab.errors import ClaimLabInputError
from claimlab.escaping import csv_safe_frame, markdown_cell
from claimlab.highlight import highlighted_page
from claimlab.scanner import scan_article, scan_sentences

FORMATS = ("json", "csv", "md", "html")


def scan_as_dict(text_or_path: str | Path, patterns_path: str | Path | None = None) -> dict:
    """The scan as a dictionary ready for JSON: source, then sentences with their cues."""
    source = str(text_or_path) if is_article_path(text_or_path) else "(text)"
    return {
        "source": source,
        "sentences": [
            {
                "id": sentence.id,
                "text": sentence.text,
                "cues": [{"family": f, "match": m, "start": s, "end": e} for f, m, s, e in cues],
            }
            for sentence, cues in scan_sentences(text_or_path, patterns_path)
        ],
    }


def scan_as_markdown(text_or_path: str | Path) -> str:
    """The cues found as a Markdown table, one row per cue."""
    table = scan_article(text_or_path)
    lines = ["| sentence | family | match | sentence text |", "| --- | --- | --- | --- |"]
    for row in table.itertuples(index=False):
        cells = [row.sentence_id, row.family, row.match, row.sentence]
        lines.append("| " + " | ".join(markdown_cell(cell) for cell in cells) + " |")
    return "\n".join(lines) + "\n"


def scan_output(text_or_path: str | Path, output_format: str = "json") -> str:
    """The scan of an article as text in one of the formats json, csv, md or html."""
    if output_format == "json":
        return json.dumps(scan_as_dict(text_or_path), ensure_ascii=False, indent=2) + "\n"
    if output_format == "csv":
        return csv_safe_frame(scan_article(text_or_path)).to_csv(index=False, lineterminator="\n")
    if output_format == "md":
        return scan_as_markdown(text_or_path)
    if output_format == "html":
        return highlighted_page(text_or_path)
    raise ClaimLabInputError(f"Unknown format {output_format!r}: use one of {', '.join(FORMATS)}.")
