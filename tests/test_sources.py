"""Where each case's facts come from: a kind and a check date on every row, few weak sources,
a change log an independent checker can re-open, and a map that agrees with the positions."""

from __future__ import annotations

import csv
import re
from collections import Counter
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from claimlab.cases import case_folder, list_cases
from claimlab.freshness import stale_positions

TABLES = {"studies": "study_id", "regulatory-positions": "position_id",
          "comparators": "comparator_id", "legal-status": "jurisdiction_code"}
# Tables a change log may name besides those above, with their id column.
LOGGED_TABLES = {**TABLES, "results": "result_id", "vocabulary": "code", "claims": "claim_id"}
KINDS = ["primary", "official", "secondary", "advocacy", "commercial"]
WEAK = {"advocacy", "commercial"}
# What a map status may rest on: the action of the position (see regulatory-positions.schema.json).
# "mixed" may rest on any decided position; a proposal, a withdrawn or a replaced position sets no status.
STATUS_ACTIONS = {
    "prohibited": {"prohibit"},
    "controlled": {"schedule"},
    "regulated_legal": {"regulate_sale", "deschedule"},
    "legal_unregulated": {"warn", "monitor", "review_no_action", "withdraw_proposal", "deschedule",
                          "enforcement", "import_alert"},
    "claims_restricted": {"court_injunction", "enforcement"},  # an order against claims, not against sale
    "cleared_adjunct_only": {"regulate_sale"},  # a device rule that allows some uses only
}
NOT_CURRENT = {"proposed", "withdrawn", "superseded", "historical"}
RESTRICTIVE = {"prohibit", "schedule"}


def rows(case: str, table: str) -> list[dict[str, str]]:
    with open(case_folder(case) / f"{table}.csv", newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def kind_counts(case: str, table: str) -> Counter:
    """How many rows of a table have each source_kind."""
    return Counter(row["source_kind"] for row in rows(case, table))


def datasheet_limits(case: str) -> dict[str, tuple[dict[str, int], float]]:
    """The README's 'Source kinds' table: per table, the counts it states and the weak share it allows."""
    readme = (case_folder(case) / "README.md").read_text(encoding="utf-8")
    assert "## Source kinds" in readme, f"{case}/README.md has no '## Source kinds' section"
    section = readme.split("## Source kinds", 1)[1].split("\n## ", 1)[0]
    limits = {}
    for line in section.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        match = re.fullmatch(r"`([a-z-]+)\.csv`", cells[0]) if cells else None
        if match and len(cells) == 2 + len(KINDS) + 1:
            counts = dict(zip(KINDS, (int(cell) for cell in cells[2:2 + len(KINDS)])))
            limits[match.group(1)] = (counts, float(cells[-1].rstrip("%")) / 100)
    return limits


@pytest.mark.parametrize("case", list_cases())
@pytest.mark.parametrize("table", TABLES)
def test_every_row_says_when_it_was_checked_and_what_kind_of_source_it_rests_on(case, table):
    for row in rows(case, table):
        assert row.get("source_kind") in KINDS, f"{case}/{table}: {row[TABLES[table]]} has no valid source_kind"
        assert row.get("checked_on"), f"{case}/{table}: {row[TABLES[table]]} has no checked_on date"
        assert date.fromisoformat(row["checked_on"]) <= date(2026, 12, 31)


@pytest.mark.parametrize("case", list_cases())
@pytest.mark.parametrize("table", TABLES)
def test_weak_sources_stay_within_the_share_the_datasheet_states(case, table):
    limits = datasheet_limits(case)
    assert table in limits, f"{case}/README.md: the 'Source kinds' table has no row for {table}.csv"
    stated, allowed = limits[table]
    counts = kind_counts(case, table)
    assert stated == {kind: counts.get(kind, 0) for kind in KINDS}, \
        f"{case}/README.md states {stated} for {table}.csv but the table has {dict(counts)}"
    total = sum(counts.values())
    weak = sum(counts[kind] for kind in WEAK)
    assert total == 0 or weak / total <= allowed, f"{case}/{table}: {weak} of {total} rows rest on a weak source"


@pytest.mark.parametrize("case", list_cases())
@pytest.mark.parametrize("table", TABLES)
def test_no_row_has_a_weak_page_as_its_only_source(case, table):
    """A row may cite an advocacy or commercial page first only beside another page a reader can weigh."""
    alone = [row[TABLES[table]] for row in rows(case, table)
             if row["source_kind"] in WEAK and len([u for u in row["source_url"].split(" ; ") if u.strip()]) < 2]
    assert alone == [], f"{case}/{table}: these rows rest only on a weak page: {alone}"


@pytest.mark.parametrize("case", list_cases())
def test_no_study_with_a_doi_or_pmid_rests_on_a_weak_source(case):
    weak = [row["study_id"] for row in rows(case, "studies")
            if (row.get("doi") or row.get("pmid")) and row["source_kind"] in WEAK]
    assert weak == []


@pytest.mark.parametrize("case", list_cases())
def test_the_map_agrees_with_the_positions_it_rests_on(case):
    positions = {row["position_id"]: row for row in rows(case, "regulatory-positions")}
    for row in rows(case, "legal-status"):
        code, status = row["jurisdiction_code"], row["status"]
        position = positions[row["position_id"]]
        where = f"{case}: {code} is '{status}' on {position['position_id']}"
        assert position["status"] not in NOT_CURRENT, f"{where}, which is {position['status']}"
        assert row["as_of"] in ("", position["date"]), f"{where}: as_of is not the position's date"
        if status == "mixed":
            assert position["action"] != "propose_schedule", f"{where}, a proposal"
            regional = [p for p in positions.values() if p["jurisdiction_code"].startswith(code[:2] + "-")
                        and p["status"] == "in_force"]
            if position["jurisdiction_code"] != code:  # resting on a region: the regions must differ
                assert regional and position in regional, where
                kinds = {p["action"] in RESTRICTIVE for p in regional}
                assert kinds == {True, False}, f"{where}, but its in-force regional positions do not differ"
        else:
            assert position["jurisdiction_code"] == code, f"{where}, a position from {position['jurisdiction_code']}"
            assert position["action"] in STATUS_ACTIONS[status], f"{where}, whose action is {position['action']}"


@pytest.mark.parametrize("case", list_cases())
def test_every_logged_change_names_a_row_a_field_and_the_page_that_showed_it(case):
    logs = sorted((case_folder(case) / "provenance").glob("changes-*.csv"))
    for log in logs:
        with open(log, newline="", encoding="utf-8") as handle:
            entries = list(csv.DictReader(handle))
        assert entries, f"{log.name} is empty"
        for entry in entries:
            assert entry["evidence_url"].startswith("http"), f"{log.name}: {entry['row_id']} has no page"
            if entry["field"] == "(row removed)":
                continue
            table = Path(entry["file"]).stem
            ids = {row[LOGGED_TABLES[table]] for row in rows(case, table)}
            assert entry["row_id"] in ids, f"{log.name}: {entry['row_id']} is not in {entry['file']}"
            if not entry["field"].startswith("("):
                assert entry["field"] in rows(case, table)[0], f"{log.name}: no column {entry['field']}"


def test_positions_not_checked_for_a_year_are_reported():
    positions = pd.DataFrame({"position_id": ["fresh", "old", "never"],
                              "checked_on": pd.to_datetime(["2026-11-01", "2025-06-30", None])})
    warnings = stale_positions(positions, today=date(2026, 12, 1))
    assert [w.split(":")[0] for w in warnings] == ["old", "never"]
    assert "519 days ago" in warnings[0]
    assert stale_positions(positions.iloc[:1], today=date(2026, 12, 1)) == []
