"""Check a CSV file against its Table Schema and report every problem at once.

The kit describes each table with a Frictionless Table Schema (``datasets/schemas/``).
This module implements the part of the standard the kit uses (field types string,
integer, number, date and year; the constraints required, unique, enum, pattern, minimum
and maximum) with messages written for an instructor editing a spreadsheet: each names
the file, the line, the column, what is wrong and how to fix it.
"""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date
from pathlib import Path

import pandas as pd

from claimlab.errors import CaseDataError, Problem  # noqa: F401  (defined there; many modules import them from here)


INT64_MAX = 2**63 - 1  # the largest whole number a table column can hold
EARLIEST_YEAR = 1800  # an earlier date or year in a case table is taken as a typing slip


def read_schema(path: Path) -> dict:
    """Read a Table Schema from a JSON file."""
    return json.loads(Path(path).read_text(encoding="utf-8"))


def read_text_strictly(path: Path, label: str) -> tuple[str | None, list[Problem]]:
    """The file's text as UTF-8, or a problem that says what is wrong and how to fix it (see claimlab.readfile)."""
    from claimlab.readfile import read_text_file

    return read_text_file(path, label)


def check_table(path: Path, schema: dict, label: str | None = None) -> tuple[list[dict] | None, list[Problem]]:
    """Read a CSV file and check it against a schema: its rows (None if unreadable) and every problem found."""
    label = label or str(path)
    text, problems = read_text_strictly(path, label)
    if text is None:
        return None, problems
    if not text.strip():
        return [], [Problem(label, 1, None, "the file is empty",
                            "add the header row: " + ",".join(f["name"] for f in schema["fields"]))]
    from claimlab.readfile import csv_records, delimiter_problem, header_problems

    fields = {field["name"]: field for field in schema["fields"]}
    first_line = text.split("\n", 1)[0]
    wrong_delimiter = delimiter_problem(first_line, label)
    if wrong_delimiter:
        return None, [wrong_delimiter]
    records = csv_records(text, label, problems, left_out="")
    rows: list[dict] = []
    header = next(records, None)
    if header is None or header[0] != 1:
        return None, problems + [Problem(label, 1, None, "the header row cannot be read",
                                         "check the quotes in the first line")]
    header = [name.strip() for name in header[1]]
    problems += header_problems(header, label)
    for name in header:
        if name not in fields:
            problems.append(Problem(label, 1, name, "this column is not in the schema",
                                    f"rename or remove it; expected columns: {', '.join(fields)}"))
    for name, field in fields.items():
        if name not in header and field.get("constraints", {}).get("required"):
            problems.append(Problem(label, 1, name, "this required column is missing",
                                    f"add a column named '{name}' to the header row"))
    seen: dict[str, dict[str, int]] = {name: {} for name, f in fields.items()
                                       if f.get("constraints", {}).get("unique")}
    for line, cells in csv_records_after_header(records, len(header), label, problems):
        row = {}
        for name, value in zip(header, cells):
            row.setdefault(name, value)  # a column named twice: the first is read (and reported above)
        for name, value in row.items():
            field = fields.get(name)
            if field is None:
                continue
            problem = check_cell(value, field)
            if problem:
                problems.append(Problem(label, line, name, problem[0], problem[1]))
            if name in seen and value.strip():
                if value in seen[name]:
                    problems.append(Problem(label, line, name,
                                            f"'{value}' is already used on line {seen[name][value]}",
                                            "give each row its own id"))
                else:
                    seen[name][value] = line
        row["_line"] = line
        rows.append(row)
    return rows, problems


def csv_records_after_header(records, width: int, label: str, problems: list[Problem]):
    """The data rows that follow the header, with line numbers; a ragged row becomes a problem."""
    for line, cells in records:
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != width:
            problems.append(Problem(label, line, None, f"this row has {len(cells)} cells but the header has {width}",
                                    "check for a missing or extra comma, or an unquoted comma inside a cell"))
            continue
        yield line, cells


def data_rows(reader, width: int, label: str, problems: list[Problem], left_out: str = ""):
    """The non-blank rows of a CSV reader with their line numbers; an unreadable or ragged row becomes a problem.

    ``left_out`` is added to those problems' messages when the caller drops the row (e.g. "; row left out").
    """
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            after = "; it and the lines after it are left out" if left_out else ""
            problems.append(Problem(label, reader.line_num, None, f"this line cannot be read as CSV ({error}){after}",
                                    "look for a stray double quote; a quote inside a cell must be doubled (\"\")"))
            return
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != width:
            problems.append(Problem(label, reader.line_num, None,
                                    f"this row has {len(cells)} cells but the header has {width}{left_out}",
                                    "check for a missing or extra comma, or an unquoted comma inside a cell"))
            continue
        yield reader.line_num, cells


def split_list(value: object) -> list[str]:
    """A semicolon-separated cell (study ids, cue families, ...) as a list of its non-empty parts."""
    if value is None or (not isinstance(value, (list, tuple, set)) and pd.isna(value)):
        return []
    return [part.strip() for part in str(value).split(";") if part.strip()]


def check_cell(value: str, field: dict) -> tuple[str, str] | None:
    """What is wrong with one cell for its field, as (message, fix), or None."""
    constraints = field.get("constraints", {})
    value = value.strip()
    if not value:
        if constraints.get("required"):
            return "this cell is empty but required", f"fill it in: {field.get('description', field['name'])}"
        return None
    kind = field.get("type", "string")
    if kind == "integer":
        if not re.fullmatch(r"-?\d+", value):
            return f"'{value}' is not a whole number", "write digits only, with no commas, spaces or units"
        number: float = int(value)
        if abs(number) > INT64_MAX:
            return (f"{value[:30]} is too large a number for this column",
                    "check the number in the source; a count such as a sample size has far fewer digits")
    elif kind == "number":
        try:
            number = float(value)
        except ValueError:
            return f"'{value}' is not a number", "write a number such as 12 or 0.5"
    elif kind == "year":
        if not re.fullmatch(r"\d{4}", value):
            return f"'{value}' is not a four-digit year", "write the year as four digits, e.g. 2019"
        number = int(value)
        if number > date.today().year:
            return f"{value} is in the future (this is {date.today().year})", "write the year the source gives"
        if number < EARLIEST_YEAR:
            return f"{value} is before {EARLIEST_YEAR}, which is not a plausible year here", "check the year"
    elif kind == "date":
        try:
            when = date.fromisoformat(value)
        except ValueError:
            return f"'{value}' is not a date in the form YYYY-MM-DD", "write the date as year-month-day, e.g. 2016-08-31"
        if when > date.today():
            return (f"{value} is in the future (today is {date.today().isoformat()})",
                    "write the date the source gives; check the year")
        if when.year < EARLIEST_YEAR:
            return f"{value} is before {EARLIEST_YEAR}, which is not a plausible date here", "check the year"
        number = None
    else:
        number = None
    if "enum" in constraints:
        parts = split_list(value) if field.get("claimlab:list") else [value]
        wrong = [part for part in parts if part not in constraints["enum"]]
        if wrong:
            allowed = ", ".join(constraints["enum"]) or "none yet"
            return (f"'{wrong[0]}' is not one of the allowed values",
                    field.get("claimlab:enum_help", "use one of: {allowed}").format(allowed=allowed))
    pattern = constraints.get("pattern")
    if pattern and not re.fullmatch(pattern, value):
        return f"'{value}' does not have the expected form", field.get("claimlab:pattern_help", f"match {pattern}")
    if number is not None:
        if "minimum" in constraints and number < constraints["minimum"]:
            return f"{value} is below the minimum of {constraints['minimum']}", "check the number in the source"
        if "maximum" in constraints and number > constraints["maximum"]:
            return f"{value} is above the maximum of {constraints['maximum']}", "check the number in the source"
    return None


def to_frame(rows: list[dict], schema: dict) -> pd.DataFrame:
    """A checked table as a DataFrame with the schema's types (whole numbers may be missing)."""
    names = [field["name"] for field in schema["fields"]]
    frame = pd.DataFrame([{name: row.get(name, "") for name in names} for row in rows], columns=names)
    for field in schema["fields"]:
        name, kind = field["name"], field.get("type", "string")
        if kind not in ("integer", "year", "number", "date"):  # text, the most columns: stripped in Python, missing as ""
            frame[name] = pd.Series([_stripped(value) for value in frame[name]], index=frame.index, dtype=object)
            continue
        column = frame[name].astype("string").str.strip().replace("", pd.NA)
        if kind in ("integer", "year"):
            frame[name] = pd.to_numeric(column, errors="coerce").astype("Int64")
        elif kind == "number":
            frame[name] = pd.to_numeric(column, errors="coerce").astype("Float64")
        elif kind == "date":
            frame[name] = pd.to_datetime(column, format="ISO8601", errors="coerce")
    return frame


def _stripped(value: object) -> str:
    """A text cell as to_frame keeps it: stripped of white space, '' when missing."""
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return ""
    return str(value).strip()
