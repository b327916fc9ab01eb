"""Shared wording for sentences built from a case's data: counts that agree, lists, cells as text.

    count(1, "study", "studies")       # '1 study'
    count(2, "study", "studies")       # '2 studies'
    f"{count(n, 'study', 'studies')} {verb(n, 'is', 'are')} about it"
    listing(["a", "b", "c"])           # 'a, b and c'
    listing(["a", "b"], "or")          # 'a or b'
    cell_text(float("nan"))            # '' (a missing cell says nothing, never 'nan')
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd


def count(n: int, singular: str, plural: str | None = None) -> str:
    """A number with its noun in agreement: '1 study', '2 studies', '0 studies'."""
    return f"{n} {singular if n == 1 else (plural or singular + 's')}"


def verb(n: int, singular: str, plural: str) -> str:
    """The verb that agrees with a count: verb(1, 'is', 'are') -> 'is'."""
    return singular if n == 1 else plural


def listing(items: Iterable[object], last: str = "and", separator: str = ", ") -> str:
    """Items as a phrase: 'a', 'a and b', 'a, b and c' (or with last='or', 'a, b or c'); empty items are left out."""
    words = [str(item) for item in items if str(item) != ""]
    if len(words) <= 1:
        return "".join(words)
    return separator.join(words[:-1]) + f" {last} " + words[-1]


def is_missing(value: object) -> bool:
    """True for a cell with nothing in it: None, NaN, NaT or pd.NA (a list or a string is never missing)."""
    return value is None or (pd.api.types.is_scalar(value) and not isinstance(value, str) and bool(pd.isna(value)))


def cell_text(value: object) -> str:
    """A table cell as text without surrounding spaces; '' for a missing value (None, NaN, NaT, pd.NA), never 'nan'."""
    return "" if is_missing(value) else str(value).strip()
