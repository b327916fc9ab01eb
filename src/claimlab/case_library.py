"""The kit's case library: which cases there are, and what each teaches best.

An instructor picks the case that fits the class (a memory supplement for older adults, a
COVID-19 remedy for a public-health course) and switches a lesson to it with its ``CASE = ...``
line. Everything in the table comes from each case's own files: its genre and what it teaches
best from its ``datapackage.json`` (``claimlab:genre``, ``claimlab:teaches_best``), the Key
Concepts its claims illustrate from ``claims.csv``, the lessons it is ready for from check-case's
readiness report, and the minutes its article takes to read from the article itself.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd

from claimlab.paths import datasets_dir
from claimlab.reading_time import WORDS_PER_MINUTE, words_in
from claimlab.schema import split_list


COLUMNS = ["case", "genre", "teaches_best", "key_concepts", "lessons_ready", "article_minutes"]


def case_folders() -> list[Path]:
    """Every case folder the kit holds (a folder of datasets/cases/ with a datapackage.json)."""
    return sorted(p.parent for p in (datasets_dir() / "cases").glob("*/datapackage.json"))


def key_concepts_illustrated(claims: pd.DataFrame) -> list[str]:
    """The Key Concept ids a case's claims illustrate, in order."""
    if "key_concepts" not in claims.columns:
        return []
    found = {concept for cell in claims["key_concepts"] for concept in split_list(cell)}
    return sorted(found, key=lambda c: [int(part) if part.isdigit() else part for part in re.split(r"\.", c)])


def lessons_ready(case) -> list[str]:
    """The lessons (by number) for which check-case reports nothing missing."""
    from claimlab.lessons import lesson_map
    from claimlab.readiness import case_readiness

    gaps = " ".join(item.where for item in case_readiness(case, exercises=False))
    return [n for n in lesson_map()["number"] if n != "00" and f"lesson {n}" not in gaps]


def case_library() -> pd.DataFrame:
    """One row per case: what it is, what it teaches best, its Key Concepts, the lessons it suits, minutes."""
    from claimlab.case_library_cache import kept_rows  # a row is computed again only when its case or the kit changed

    return pd.DataFrame(kept_rows(case_folders(), library_row, COLUMNS), columns=COLUMNS)


def library_row(folder: Path) -> dict:
    """One case's row of the library, from its files (the case is loaded and checked)."""
    from claimlab.cases import load_case

    package = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    case = load_case(folder)
    words = words_in(case.article if isinstance(case.article, str) else "")
    return {
        "case": folder.name,
        "genre": package.get("claimlab:genre", ""),
        "teaches_best": package.get("claimlab:teaches_best", ""),
        "key_concepts": ", ".join(key_concepts_illustrated(case.claims)),
        "lessons_ready": ", ".join(lessons_ready(case)),
        "article_minutes": max(1, round(words / WORDS_PER_MINUTE)),
    }


LIBRARY_START = "<!-- case-library: made by `python3 kit.py build` from each case's files; do not edit by hand -->"
LIBRARY_END = "<!-- end case-library -->"


def case_library_markdown(library: pd.DataFrame | None = None) -> str:
    """The case library as the Markdown table the instructor guide shows."""
    library = case_library() if library is None else library
    rows = ["| case (`CASE = ...`) | genre | teaches best | Key Concepts in its claims | lessons it is ready for | "
            "minutes to read the article |", "|---|---|---|---|---|---|"]
    for row in library.itertuples():
        rows.append(f"| `{row.case}` | {row.genre} | {row.teaches_best} | {row.key_concepts} | {row.lessons_ready} | "
                    f"{row.article_minutes} |")
    return "\n".join(rows)
