"""The lesson manifest (lessons.yml): order, titles, minutes and status of each lesson."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd
import yaml

from claimlab.paths import lessons_file

if TYPE_CHECKING:
    import altair as alt


def lesson_map() -> pd.DataFrame:
    """The lessons in teaching order, one row each, from lessons.yml."""
    lessons = yaml.safe_load(lessons_file().read_text(encoding="utf-8"))["lessons"]
    table = pd.DataFrame(lessons, columns=["number", "slug", "title", "summary", "minutes", "exercise_minutes", "status"])
    table["exercise_minutes"] = table["exercise_minutes"].fillna(0).astype(int)
    table["notebook"] = "notebooks/" + table["number"] + "-" + table["slug"] + ".ipynb"
    return table


def lesson_table_markdown() -> str:
    """The lesson map as the Markdown table the README shows."""
    rows = ["| # | Lesson | Minutes (lesson + exercise) | What you will do | Status |", "|---|---|---|---|---|"]
    for lesson in lesson_map().itertuples():
        title = f"[{lesson.title}]({lesson.notebook})" if lesson.status == "ready" else lesson.title
        minutes = f"{lesson.minutes} + {lesson.exercise_minutes}" if lesson.exercise_minutes else f"{lesson.minutes}"
        rows.append(f"| {lesson.number} | {title} | {minutes} | {lesson.summary} | {lesson.status} |")
    return "\n".join(rows)


def lesson_minutes_chart() -> "alt.Chart":
    """A bar chart of the minutes each lesson takes, in teaching order."""
    import altair as alt

    table = lesson_map()
    table["lesson"] = table["number"] + " " + table["title"]
    return (
        alt.Chart(table[["lesson", "minutes", "status"]], title="Minutes per lesson")
        .mark_bar(color="#0072B2")
        .encode(
            y=alt.Y("lesson:N", sort=list(table["lesson"]), title=None),
            x=alt.X("minutes:Q", title="Minutes"),
            tooltip=[alt.Tooltip("lesson"), alt.Tooltip("minutes"), alt.Tooltip("status")],
        )
        .properties(width=360, description=describe_lesson_minutes())
    )


def describe_lesson_minutes() -> str:
    """The lesson-minutes chart in words."""
    table = lesson_map()
    longest = table.loc[table["minutes"].idxmax()]
    return (f"{len(table)} lessons taking {table['minutes'].sum()} minutes in all, from "
            f"{table['minutes'].min()} to {table['minutes'].max()} minutes each; the longest is "
            f"{longest['number']} {longest['title']}.")
