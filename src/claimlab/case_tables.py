"""A case's optional tables: results of trials and reviews, and the natural course of the condition.

A case need not have them. When a case's ``datapackage.json`` does not list one, the reader
returns an empty table and ``missing_table_notice`` says, in words, what the lesson cannot show
and how to add the table. ``load_case`` already checks every table the package lists against
its schema (and the links from ``results.csv`` to the comparators and studies), so a table read
here from a case that loaded is known to be well formed.
"""

from __future__ import annotations

import json

import pandas as pd

from claimlab.cases import Case, _schema_path
from claimlab.schema import CaseDataError, check_table, read_schema, to_frame

OPTIONAL = {
    "results": "results of trials and reviews (effect estimates with their source)",
    "natural-course": "the natural course of the condition (how symptoms change with no treatment)",
}


def optional_table(case: Case, resource: str) -> pd.DataFrame:
    """One of a case's optional tables, or an empty table if the case does not have it."""
    if resource not in OPTIONAL:
        raise KeyError(f"no optional table named {resource!r}; there are: {', '.join(OPTIONAL)}")
    package = json.loads((case.folder / "datapackage.json").read_text(encoding="utf-8"))
    entry = next((r for r in package.get("resources", []) if r.get("name") == resource), None)
    schema = read_schema(_schema_path(case.folder, entry["schema"] if entry else f"../../schemas/{resource}.schema.json"))
    if entry is None:
        frame = to_frame([], schema)
        frame.attrs["missing"] = True
        return frame
    rows, problems = check_table(case.folder / entry["path"], schema)
    if problems:
        raise CaseDataError(problems)
    frame = to_frame(rows or [], schema)
    frame.attrs["missing"] = False
    return frame


def results(case: Case) -> pd.DataFrame:
    """The case's results table (empty if it has none)."""
    return optional_table(case, "results")


def natural_course(case: Case) -> pd.DataFrame:
    """The case's natural-course table (empty if it has none)."""
    return optional_table(case, "natural-course")


def missing_table_notice(case: Case, resource: str) -> str:
    """What the lesson cannot show without this table, and how to add it; empty if the table has rows."""
    table = optional_table(case, resource)
    if len(table):
        return ""
    state = "has no" if table.attrs.get("missing") else "has an empty"
    return (f"Notice: the case {case.name} {state} {resource}.csv, {OPTIONAL[resource]}, so this part of the "
            f"lesson has nothing of the case's own to show. To add it, copy {resource}.csv from a case that has one (in datasets/cases/), "
            f"fill in rows from sources you have opened (datasets/schemas/{resource}.schema.json says what each "
            f"column means) and list it in the case's datapackage.json.")


def condition_name(course: pd.DataFrame) -> str:
    """The condition a natural-course table describes, in its own words ('the condition' if it is empty)."""
    return str(course["condition"].iloc[0]) if len(course) else "the condition"
