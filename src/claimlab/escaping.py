"""Text made safe for the files the kit writes: spreadsheet formulas in CSV, raw HTML in Markdown.

An article's sentence or a learner's answer can begin with ``=``, ``+``, ``-`` or ``@``; a
spreadsheet opening the CSV would run such a cell as a formula ("CSV injection"). As the OWASP
guidance on CSV injection advises (https://owasp.org/www-community/attacks/CSV_Injection), every
CSV the kit writes puts a single quote (``'``) in front of a text cell that begins with one of those
characters, or with a tab, a carriage return or a line feed, so the spreadsheet shows it as text.
Python's csv writer quotes any cell holding a comma, a quote or a line break and doubles its
quotes, so text cannot open a new cell of its own. The kit strips that quote again when it reads its own files
(``csv_unsafe``), so nothing is lost on a round trip. Numbers the kit writes (offsets, counts) are
not text cells and are left alone.

Markdown the kit writes (``scan --format md``, the saved worksheet) may be shown by a viewer that
renders raw HTML and links, so article text goes in with ``<``, ``>`` and ``&`` written as HTML
entities and link brackets escaped: a ``<script>`` or a ``[link](javascript:...)`` from an article
arrives as plain visible text.
"""

from __future__ import annotations

import re
from typing import Callable

import pandas as pd

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


def _needs_quote(value: str) -> bool:
    while value.startswith("'"):
        value = value[1:]
    return value.startswith(FORMULA_STARTS)


def csv_safe(value: object) -> object:
    """A CSV cell a spreadsheet will not run as a formula: text starting with = + - @ tab or CR gets a leading '."""
    if isinstance(value, str) and _needs_quote(value):
        return "'" + value
    return value


def csv_unsafe(value: object) -> object:
    """The cell as it was before csv_safe (the kit reading back its own CSV)."""
    if isinstance(value, str) and value.startswith("'") and _needs_quote(value[1:]):
        return value[1:]
    return value


def csv_safe_frame(table: pd.DataFrame) -> pd.DataFrame:
    """A copy of a table with every text cell made safe for a spreadsheet (csv_safe)."""
    return _map_text_columns(table, csv_safe)


def csv_unsafe_frame(table: pd.DataFrame) -> pd.DataFrame:
    """A table read from a CSV the kit wrote, with the quotes csv_safe added taken off again."""
    return _map_text_columns(table, csv_unsafe)


def _map_text_columns(table: pd.DataFrame, change: Callable[[object], object]) -> pd.DataFrame:
    changed = table.copy()
    for column in changed.columns:
        if changed[column].dtype == object or pd.api.types.is_string_dtype(changed[column]):
            changed[column] = changed[column].map(change)
    return changed


_MARKDOWN_SPECIAL = re.compile(r"[&<>\[\]\\`]")
_MARKDOWN_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}


def markdown_text(value: object) -> str:
    """Text for a Markdown file shown as written: no raw HTML, no links, no code spans."""
    return _MARKDOWN_SPECIAL.sub(lambda m: _MARKDOWN_ENTITIES.get(m.group(), "\\" + m.group()), str(value))


def markdown_cell(value: object) -> str:
    """Text for one cell of a Markdown table: markdown_text, with | escaped and line breaks as spaces."""
    return markdown_text(value).replace("|", "\\|").replace("\r", " ").replace("\n", " ")
