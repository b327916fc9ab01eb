"""Shared wording for sentences built from a case's data: counts that agree in number.

    count(1, "study", "studies")       # '1 study'
    count(2, "study", "studies")       # '2 studies'
    f"{count(n, 'study', 'studies')} {verb(n, 'is', 'are')} about it"
"""

from __future__ import annotations


def count(n: int, singular: str, plural: str | None = None) -> str:
    """A number with its noun in agreement: '1 study', '2 studies', '0 studies'."""
    return f"{n} {singular if n == 1 else (plural or singular + 's')}"


def verb(n: int, singular: str, plural: str) -> str:
    """The verb that agrees with a count: verb(1, 'is', 'are') -> 'is'."""
    return singular if n == 1 else plural
