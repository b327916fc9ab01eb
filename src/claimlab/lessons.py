"""The lesson manifest (lessons.yml): order, titles, minutes and status of each lesson."""

from __future__ import annotations

import pandas as pd
import yaml

from claimlab.paths import REPO

MANIFEST = REPO / "lessons.yml"


def lesson_map() -> pd.DataFrame:
    """The lessons in teaching order, one row each, from lessons.yml."""
    lessons = yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))["lessons"]
    table = pd.DataFrame(lessons, columns=["number", "slug", "title", "summary", "minutes", "status"])
    table["notebook"] = "notebooks/" + table["number"] + "-" + table["slug"] + ".ipynb"
    return table


def lesson_table_markdown() -> str:
    """The lesson map as the Markdown table the README shows."""
    rows = ["| # | Lesson | Minutes | What you will do | Status |", "|---|---|---|---|---|"]
    for lesson in lesson_map().itertuples():
        title = f"[{lesson.title}]({lesson.notebook})" if lesson.status == "ready" else lesson.title
        rows.append(f"| {lesson.number} | {title} | {lesson.minutes} | {lesson.summary} | {lesson.status} |")
    return "\n".join(rows)
