"""The words lesson 04 and the results tables need for medicines and devices, read from data.

Legal statuses beyond the five for plants and supplements (a claim-restricting court order, a
device cleared only as an add-on), the hazard ratio as an effect measure, and the rule that each
case's legal-status row rests on a position in force that says so.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from claimlab import charts, regulation, vocabulary
from claimlab.cases import list_cases, load_case
from claimlab.schema import check_table, read_schema

REPO = Path(__file__).resolve().parents[1]
SCHEMAS = REPO / "datasets" / "schemas"
NEW_CASES = ("apoaequorin-memory", "ivermectin-covid19", "thermography-breast-screening")


def test_every_legal_status_has_a_label_a_colour_and_a_meaning():
    terms = vocabulary.appraisal_terms("legal_status")
    assert {"claims_restricted", "cleared_adjunct_only"} <= set(terms)
    for code, term in terms.items():
        assert term["label"] and term["colour"].startswith("#"), code
        assert term["meaning"] and term["meaning"] != "nan", f"{code}: the map's text needs its meaning"
        assert ";" not in term["meaning"], f"{code}: the map's text separates statuses with ';'"
    colours = [term["colour"] for term in terms.values()]
    assert len(set(colours)) == len(colours), "two statuses share a colour on the map"


def test_the_map_text_gives_each_status_its_meaning():
    table = pd.DataFrame({"jurisdiction_code": ["USA", "NZL"], "country": ["United States", "New Zealand"],
                          "status": ["cleared_adjunct_only", "claims_restricted"]})
    text = charts.describe_legal_status_map(table)
    for code in ("cleared_adjunct_only", "claims_restricted"):
        term = vocabulary.appraisal_terms("legal_status")[code]
        assert f"{term['label']}, which means {term['meaning']}: " in text


def test_legal_status_key_lists_the_case_statuses_with_meanings():
    table = pd.DataFrame({"jurisdiction_code": ["USA", "GBR", "FRA"],
                          "country": ["United States", "United Kingdom", "France"],
                          "status": ["cleared_adjunct_only", "prohibited", "prohibited"]})
    key = regulation.legal_status_key(table)
    assert list(key["status"]) == ["prohibited", "cleared_adjunct_only"]  # the vocabulary's order
    assert key.loc[key["status"] == "prohibited", "countries"].item() == "United Kingdom, France"
    assert key["meaning"].str.len().gt(10).all()
    odd = regulation.legal_status_key(table.assign(status=["made_up", "prohibited", "prohibited"]))
    assert "not in the kit's vocabulary" in odd.loc[odd["status"] == "made_up", "meaning"].item()
    assert regulation.legal_status_key(pd.DataFrame()).empty


@pytest.mark.parametrize("name", NEW_CASES)
def test_each_new_case_maps_a_status_resting_on_a_position_in_force(name):
    case = load_case(name)
    assert not case.legal_status.empty, "lesson 04's map needs at least one country"
    positions = case.positions.set_index("position_id")
    for row in case.legal_status.itertuples():
        assert row.position_id in positions.index, row.position_id
        position = positions.loc[row.position_id]
        assert position["status"] == "in_force", f"{row.position_id} is {position['status']}, not in force"
        assert position["jurisdiction_code"] == row.jurisdiction_code
        assert str(position["checked_on"])[:10] == str(row.checked_on)[:10]
        assert position["source_kind"] == row.source_kind


@pytest.mark.parametrize("name", list_cases())
def test_no_legal_status_row_rests_on_a_past_position(name):
    case = load_case(name)
    if case.legal_status.empty:
        pytest.skip("no legal status")
    standing = {code: term["standing"] for code, term in vocabulary.position_terms("status").items()}
    statuses = dict(zip(case.positions["position_id"], case.positions["status"].astype(str)))
    past = [pid for pid in case.legal_status["position_id"] if standing.get(statuses.get(pid, ""), "") == "past"]
    assert not past, f"legal status rests on positions that no longer apply: {past}"


def _results_row(tmp_path: Path, measure: str) -> list:
    schema = read_schema(SCHEMAS / "results.schema.json")
    header = [field["name"] for field in schema["fields"]]
    source = load_case("ivermectin-covid19").folder / "results.csv"
    row = pd.read_csv(source, dtype=str, keep_default_na=False).iloc[0].to_dict()
    row["measure"] = measure
    path = tmp_path / "results.csv"
    pd.DataFrame([row])[header].to_csv(path, index=False)
    return check_table(path, schema)[1]


def test_a_hazard_ratio_is_an_allowed_effect_measure(tmp_path):
    assert _results_row(tmp_path, "HR") == []
    problems = _results_row(tmp_path, "hazard")
    assert problems and problems[0].column == "measure"


def test_the_ivermectin_case_reports_its_primary_outcome_as_a_hazard_ratio():
    results = pd.read_csv(load_case("ivermectin-covid19").folder / "results.csv", dtype=str, keep_default_na=False)
    hr = results[results["measure"] == "HR"]
    assert len(hr) >= 1
    assert (hr["estimate"] != "").all() and (hr["ci_low"] != "").all()
    assert hr["note"].str.contains("credible interval").all(), "say when the interval is not a confidence interval"


def test_schema_enums_and_vocabulary_agree_for_legal_status():
    enum = next(f for f in json.loads((SCHEMAS / "legal-status.schema.json").read_text())["fields"]
                if f["name"] == "status")["constraints"]["enum"]
    assert set(enum) == set(vocabulary.appraisal_terms("legal_status"))


@pytest.mark.parametrize("name", NEW_CASES)
def test_the_plain_verdict_names_the_one_country_and_its_status(name):
    from claimlab import verdict

    case = load_case(name)
    text = verdict._legal_counts_plain(case)
    label = vocabulary.appraisal_terms("legal_status")[case.legal_status["status"].iloc[0]]["label"]
    assert "United States" in text and label in text
    assert "differ from place to place" not in text, "one country cannot show that places differ"


def test_a_credible_interval_is_not_printed_as_a_confidence_interval():
    from claimlab import case_tables, effect_size

    results = case_tables.results(load_case("ivermectin-covid19")).set_index("result_id", drop=False)
    assert effect_size.reported_measure(results.loc["activ6-400-time-to-recovery"]) == "HR 1.07 (95% CrI 0.96 to 1.17)"
    assert "(95% CI " in effect_size.reported_measure(results.loc["together-hospital-or-er"])
