"""Tests for claimlab.charts: chart content through the spec, offline SVG, empty and bad input."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pandas as pd
import pytest
import vl_convert

import claimlab  # noqa: F401  (sets the kit's import-time options)
from claimlab import charts, vocabulary
from claimlab.paths import datasets_dir

PALETTE = set(charts.OKABE_ITO.values()) | {charts.GREY, charts.LIGHT_GREY, charts.OTHER_TOPIC}


# --- small tables built here (tests never read the case files) -------------------------

def make_studies() -> pd.DataFrame:
    return pd.DataFrame({
        "study_id": ["survey-2019", "rat-2020", "review-2021", "survey-2019-b"],
        "citation": ["A 2019. A survey.", "B 2020. Rats.", "C 2021. A review.", "D 2019. Another survey."],
        "year": [2019, 2020, 2021, 2019],
        "design": ["cross_sectional_survey", "animal", "systematic_review", "cross_sectional_survey"],
        "topic": ["opioid_withdrawal", "mechanism", "opioid_withdrawal", "harms"],
        "population": ["US adults", "Rats", "Studies of people", "US adults"],
        "sample_size": pd.array([500, None, None, 120], dtype="Int64"),
        "measured": ["self-report"] * 4,
        "finding": ["Most said it helped.", "Bound to receptors.", "No trials found.", "Some harms."],
    })


def make_positions() -> pd.DataFrame:
    return pd.DataFrame({
        "position_id": ["us-2016", "us-2016-w", "gbr-2016", "int-2021", "mys-undated"],
        "date": ["2016-08-31", "2016-10-13", "2016-05-26", "2021-10-01", None],
        "jurisdiction": ["United States", "United States", "United Kingdom",
                         "World Health Organization", "Malaysia"],
        "jurisdiction_code": ["USA", "USA", "GBR", "INT", "MYS"],
        "body": ["DEA", "DEA", "UK Parliament", "WHO ECDD", "Parliament of Malaysia"],
        "action": ["propose_schedule", "withdraw_proposal", "prohibit", "review_no_action", "schedule"],
        "scope": ["mitragynine", "mitragynine", "plant", "plant", "mitragynine"],
        "status": ["withdrawn", "historical", "in_force", "advisory", None],
        "summary": ["Proposed temporary control.", "Withdrew it.", "Banned supply.", "No action.", "Listed."],
    })


def make_legal_status() -> pd.DataFrame:
    return pd.DataFrame({
        "jurisdiction_code": ["USA", "THA", "AUS", "GBR", "SGP", "EU"],
        "country": ["United States", "Thailand", "Australia", "United Kingdom", "Singapore", "European Union"],
        "status": ["mixed", "regulated_legal", "prohibited", "controlled", "controlled", "controlled"],
        "as_of": ["2026-07-01", "2022-08-27", "2004-02-01", "2016-05-26", "2020-01-01", "2020-01-01"],
        "position_id": ["us-x", "tha-x", "aus-x", "gbr-x", "sgp-x", "eu-x"],
    })


def make_claims() -> pd.DataFrame:
    return pd.DataFrame({
        "claim_id": ["c1", "c2", "c3"],
        "sentence": ["Kratom eases withdrawal.", "Kratom is safe.", "It is sold widely."],
        "claim_type": ["benefit", "harm", "other"],
        "verdict": ["unsupported", "contradicted", "not_a_claim"],
        "study_ids": ["survey-2019; rat-2020;review-2021;ghost-1999", "survey-2019-b", None],
        "position_ids": ["", "", ""],
    })


CHARTS = {
    "evidence_map": lambda: charts.evidence_map(make_studies()),
    "regulatory_timeline": lambda: charts.regulatory_timeline(make_positions()),
    "legal_status_map": lambda: charts.legal_status_map(make_legal_status()),
    "claim_evidence_matrix": lambda: charts.claim_evidence_matrix(make_claims(), make_studies()),
}


def data_values(spec: dict) -> list[dict]:
    """Every row of every named dataset in a spec."""
    return [row for rows in spec.get("datasets", {}).values() for row in rows]


def inline_values(spec: dict, data: dict) -> object:
    """The values of a layer's data, wherever Altair put them (inline or in datasets), parsed."""
    values = data["values"] if "values" in data else spec["datasets"][data["name"]]
    return json.loads(values) if isinstance(values, str) else values


def find_keys(node: object, key: str) -> list:
    """Every value stored under `key` anywhere in a nested spec."""
    found = []
    if isinstance(node, dict):
        for name, value in node.items():
            if name == key:
                found.append(value)
            found.extend(find_keys(value, key))
    elif isinstance(node, list):
        for value in node:
            found.extend(find_keys(value, key))
    return found


# --- 1. evidence map -------------------------------------------------------------------

def test_evidence_map_encodes_design_by_year_with_size_and_topic():
    spec = charts.evidence_map(make_studies()).to_dict()
    known, unknown = spec["layer"]
    encoding = known["encoding"]
    assert encoding["x"]["field"] == "year"
    assert encoding["y"]["field"] == "design_label"
    order = encoding["y"]["sort"]
    assert order[0] == "systematic review" and order[-1] == "in vitro study"
    assert order.index("randomised trial") < order.index("cross-sectional survey") < order.index("animal study")
    assert encoding["color"]["field"] == "topic_label"
    assert encoding["size"]["field"] == "sample_size"
    assert known["mark"]["filled"] is True
    assert unknown["mark"]["filled"] is False and "size" not in unknown["encoding"]
    assert encoding["shape"]["scale"]["range"] == ["circle", "diamond"]
    assert {t["field"] for t in encoding["tooltip"]} >= {"study_id", "design_label", "sample_size_text"}
    rows = data_values(spec)
    assert {row["study_id"] for row in rows} == set(make_studies()["study_id"])
    assert {row["sample_size_text"] for row in rows} == {"500", "120", "not reported"}
    assert spec["title"]["text"] == "What kinds of studies are there, and when?"
    assert spec["description"] == charts.describe_evidence_map(make_studies())
    assert set(encoding["color"]["scale"]["range"]) <= PALETTE


def test_evidence_map_separates_studies_in_the_same_cell():
    rows = data_values(charts.evidence_map(make_studies()).to_dict())
    surveys = [row["offset"] for row in rows if row["study_id"].startswith("survey-2019")]
    assert len(set(surveys)) == 2


def test_describe_evidence_map_counts_designs_and_gaps():
    text = charts.describe_evidence_map(make_studies())
    assert text.startswith("4 studies from 2019 to 2021: 1 systematic review, 2 cross-sectional surveys")
    assert "1 animal study" in text
    assert "No randomised trials, non-randomised trials, cohort studies or case-control studies." in text
    assert "Sample size not reported for 2 of 4 (hollow diamonds" in text
    on_topic = charts.describe_evidence_map(make_studies(), topic="opioid_withdrawal")
    assert "On opioid withdrawal: 1 systematic review and 1 cross-sectional survey; no randomised" in on_topic


# --- 2. regulatory timeline ------------------------------------------------------------

def test_regulatory_timeline_shows_action_and_status():
    spec = charts.regulatory_timeline(make_positions()).to_dict()
    encoding = spec["encoding"]
    assert spec["mark"]["type"] == "point"
    assert encoding["x"] == {**encoding["x"], "field": "date", "type": "temporal"}
    assert encoding["y"]["field"] == "jurisdiction"
    assert encoding["y"]["sort"] == ["United Kingdom", "United States", "World Health Organization"]
    assert encoding["shape"]["field"] == "action_label"
    assert encoding["color"]["field"] == "direction"
    assert set(encoding["color"]["scale"]["range"]) <= PALETTE
    rows = {row["position_id"]: row for row in data_values(spec)}
    assert "mys-undated" not in rows  # no date: not drawn, but described
    assert rows["gbr-2016"]["fill_opacity"] > 0.5  # in force: filled
    assert rows["us-2016"]["fill_opacity"] == 0  # withdrawn: hollow
    assert rows["us-2016"]["status_text"] == "withdrawn"
    assert "status_text" in {t["field"] for t in encoding["tooltip"]}
    assert spec["title"]["text"] == "Who did what, and when?"
    assert "Malaysia" in spec["description"]


def test_regulatory_timeline_dates_only_as_precise_as_known():
    positions = make_positions().assign(date_precision=["day", "day", "year", "month", "year"])
    rows = {row["position_id"]: row for row in data_values(charts.regulatory_timeline(positions).to_dict())}
    assert rows["gbr-2016"]["date_text"] == "2016" and rows["us-2016"]["date_text"] == "2016-08-31"
    assert "Latest: 2021-10," in charts.describe_regulatory_timeline(positions)


def test_regulatory_timeline_by_body_and_bad_grouping():
    spec = charts.regulatory_timeline(make_positions(), by="body").to_dict()
    assert spec["encoding"]["y"]["field"] == "body"
    with pytest.raises(ValueError, match="'jurisdiction' or 'body'"):
        charts.regulatory_timeline(make_positions(), by="country")


def test_describe_regulatory_timeline_is_generated_from_the_rows():
    text = charts.describe_regulatory_timeline(make_positions())
    assert text.startswith("5 regulatory positions from 2016 to 2021 in 4 jurisdictions.")
    assert "prohibits 1" in text and "withdraws a proposal 1" in text
    assert "2 past (withdrawn, superseded or historical)" in text
    assert "Latest: 2021-10-01, World Health Organization, reviewed, no action (advisory)." in text
    assert "Not drawn, no date recorded: Malaysia (Parliament of Malaysia)." in text


# --- 3. legal status map ---------------------------------------------------------------

def test_country_codes_are_the_iso_table():
    codes = charts.country_codes()
    official = codes[codes["iso_assigned"] == "yes"]
    assert len(official) == 249
    assert official["alpha_3"].is_unique and official["numeric"].is_unique
    lookup = dict(zip(codes["alpha_3"], codes["numeric"]))
    assert lookup["USA"] == "840" and lookup["GBR"] == "826" and lookup["THA"] == "764"
    assert lookup["MYS"] == "458" and lookup["DEU"] == "276" and lookup["AFG"] == "004"
    assert codes.set_index("alpha_3").loc["NAM", "alpha_2"] == "NA"  # Namibia, not a missing value
    topology = json.loads((datasets_dir() / "geo" / charts.GEO_BOUNDARIES).read_text())
    ids = {g.get("id") for g in topology["objects"]["countries"]["geometries"]} - {None}
    assert ids <= set(official["numeric"])


def test_legal_status_map_colours_countries_and_greys_the_rest():
    spec = charts.legal_status_map(make_legal_status()).to_dict()
    shapes, halo, labels = spec["layer"]
    assert shapes["mark"]["type"] == "geoshape"
    assert spec["projection"]["type"] == "equalEarth"
    data = shapes["data"]
    assert data["format"] == {"type": "topojson", "feature": "countries"}
    geometries = inline_values(spec, data)["objects"]["countries"]["geometries"]
    status = {g["properties"]["alpha_3"]: g["properties"]["status"] for g in geometries}
    assert status["USA"] == "mixed (differs by region or product)"
    assert status["AUS"] == "prohibited" and status["THA"] == "legal and regulated"
    assert status["FRA"] == charts.NO_POSITION
    assert "ATA" not in status  # Antarctica left off
    scale = shapes["encoding"]["color"]["scale"]
    assert scale["domain"][-1] == "no position recorded in this case"
    assert scale["range"][-1] == charts.LIGHT_GREY
    assert set(scale["range"]) <= PALETTE
    label_rows = inline_values(spec, labels["data"])
    assert {row["alpha_3"] for row in label_rows} == {"USA", "THA", "AUS", "GBR"}
    assert labels["mark"]["type"] == "text" and labels["encoding"]["text"]["field"] == "alpha_3"
    assert spec["title"]["text"] == "Legal status by country"


def test_describe_legal_status_map_says_what_is_not_drawn():
    text = charts.describe_legal_status_map(make_legal_status())
    meaning = {code: term["meaning"] for code, term in vocabulary.appraisal_terms("legal_status").items()}
    assert text.startswith(f"Legal status recorded for 6 countries — prohibited, which means {meaning['prohibited']}: Australia;")
    assert f"controlled (scheduled), which means {meaning['controlled']}: United Kingdom, Singapore and European Union" in text
    assert "Every other country is grey: no position recorded in this case." in text
    assert "Too small to show at this scale: Singapore." in text
    assert "Not a country code, so not on the map: European Union (EU)." in text


def test_legal_status_map_with_a_blank_or_unknown_status():
    table = make_legal_status().iloc[:3].assign(status=["mixed", None, "banned_in_part"])
    text = charts.describe_legal_status_map(table)
    assert "banned in part: Australia" in text and "not recorded: Thailand" in text
    assert vl_convert.vegalite_to_svg(charts.legal_status_map(table).to_dict()).startswith("<svg")


def test_legal_status_map_uses_the_latest_row_per_country():
    table = pd.concat([make_legal_status(), pd.DataFrame({
        "jurisdiction_code": ["THA"], "country": ["Thailand"], "status": ["prohibited"],
        "as_of": ["2010-01-01"], "position_id": ["tha-old"]})])
    spec = charts.legal_status_map(table).to_dict()
    geometries = inline_values(spec, spec["layer"][0]["data"])
    status = {g["properties"]["alpha_3"]: g["properties"]["status"]
              for g in geometries["objects"]["countries"]["geometries"]}
    assert status["THA"] == "legal and regulated"
    assert "the map uses the latest" in charts.describe_legal_status_map(table)


# --- 4. claim-evidence matrix ----------------------------------------------------------

def test_claim_evidence_matrix_counts_every_cell_and_shows_verdicts():
    spec = charts.claim_evidence_matrix(make_claims(), make_studies()).to_dict()
    verdicts, grid = spec["hconcat"]
    assert spec["title"]["text"] == "What evidence does each claim rest on?"
    rect, *texts = grid["layer"]
    assert rect["mark"]["type"] == "rect" and rect["encoding"]["x"]["field"] == "design"
    assert verdicts["layer"][1]["encoding"]["text"]["field"] == "verdict_label"
    rows = data_values(spec)
    cells = [row for row in rows if "studies" in row]
    assert len(cells) == 3 * len(vocabulary.design_order())  # zeros are kept
    count = {(row["claim_id"], row["design"]): row["studies"] for row in cells}
    assert count[("c1", "cross-sectional survey")] == 1
    assert count[("c1", "animal study")] == 1 and count[("c1", "systematic review")] == 1
    assert count[("c1", "randomised trial")] == 0
    assert count[("c3", "systematic review")] == 0
    assert {row["verdict_label"] for row in rows if "verdict_label" in row} == {
        "unsupported", "contradicted", "not a claim"}


def test_claim_rows_use_the_short_claim_when_there_is_one():
    claims = make_claims().assign(claim=["Eases withdrawal", "Is safe", "Sold widely"])
    rows = data_values(charts.claim_evidence_matrix(claims, make_studies()).to_dict())
    assert {row["claim"] for row in rows} == {"c1: Eases withdrawal", "c2: Is safe", "c3: Sold widely"}
    rows = data_values(charts.claim_evidence_matrix(make_claims(), make_studies()).to_dict())
    assert "c1: Kratom eases withdrawal." in {row["claim"] for row in rows}


def test_describe_claim_evidence_matrix_lists_links_and_unknown_ids():
    text = charts.describe_claim_evidence_matrix(make_claims(), make_studies())
    assert text.startswith('3 sentences with a verdict, by study design. c1 "Kratom eases withdrawal." (unsupported): '
                           "1 systematic review, 1 cross-sectional survey and 1 animal study;")
    assert 'c3 "It is sold widely." (not a claim): no linked study' in text
    assert "Linked ids not in the studies table (not counted): ghost-1999." in text


# --- every chart -----------------------------------------------------------------------

@pytest.mark.parametrize("name", list(CHARTS))
def test_chart_has_title_description_and_no_url_data(name):
    spec = CHARTS[name]().to_dict()
    assert spec["title"]["text"] and spec["description"]
    assert find_keys(spec, "url") == []


@pytest.mark.parametrize("name", list(CHARTS))
def test_chart_renders_to_the_same_svg_twice(name):
    spec = CHARTS[name]().to_dict()
    first = vl_convert.vegalite_to_svg(spec)
    assert first.startswith("<svg") and "<path" in first
    assert "gradient" not in first  # vl-convert numbers gradients per process: not reproducible
    assert vl_convert.vegalite_to_svg(CHARTS[name]().to_dict()) == first


def network_sandbox() -> list[str] | None:
    """A command prefix that runs a program with no network at all, or None where unavailable."""
    if not shutil.which("unshare"):
        return None
    for prefix in (["unshare", "-rn"], ["unshare", "-n"]):
        if subprocess.run([*prefix, "true"], capture_output=True).returncode == 0:
            return prefix
    return None


def test_charts_render_identically_with_no_network(tmp_path):
    sandbox = network_sandbox()
    if sandbox is None:
        pytest.skip("cannot start a process without network here (unshare unavailable)")
    specs = {name: build().to_dict() for name, build in CHARTS.items()}
    (tmp_path / "specs.json").write_text(json.dumps(specs))
    script = (
        "import json, sys, vl_convert\n"
        "specs = json.load(open(sys.argv[1]))\n"
        "json.dump({n: vl_convert.vegalite_to_svg(s) for n, s in specs.items()}, open(sys.argv[2], 'w'))\n"
    )
    subprocess.run([*sandbox, sys.executable, "-c", script, str(tmp_path / "specs.json"),
                    str(tmp_path / "svgs.json")], check=True, timeout=300)
    offline = json.loads((tmp_path / "svgs.json").read_text())
    for name, spec in specs.items():
        assert offline[name] == vl_convert.vegalite_to_svg(spec), name


# --- empty and malformed input ---------------------------------------------------------

@pytest.mark.parametrize("build, message", [
    (lambda: charts.evidence_map(make_studies().iloc[0:0]), "No studies recorded yet"),
    (lambda: charts.evidence_map(pd.DataFrame()), "No studies recorded yet"),
    (lambda: charts.regulatory_timeline(make_positions().iloc[0:0]), "No regulatory positions"),
    (lambda: charts.regulatory_timeline(make_positions().iloc[4:5]), "No regulatory position has a date"),
    (lambda: charts.legal_status_map(make_legal_status().iloc[0:0]), "No legal status recorded"),
    (lambda: charts.claim_evidence_matrix(make_claims().iloc[0:0], make_studies()), "No claims"),
])
def test_empty_table_gives_a_text_chart_that_says_what_to_add(build, message):
    chart = build()
    spec = chart.to_dict()
    assert spec["mark"]["type"] == "text"
    assert spec["description"].startswith(message)
    assert data_values(spec)[0]["message"].startswith(message)
    assert find_keys(spec, "url") == []
    assert vl_convert.vegalite_to_svg(spec).startswith("<svg")


def test_describe_functions_on_empty_tables():
    assert charts.describe_evidence_map(pd.DataFrame()) == (
        "No studies recorded yet — add rows to studies.csv (see the case README)")
    assert charts.describe_regulatory_timeline(pd.DataFrame()).startswith("No regulatory positions")
    assert charts.describe_legal_status_map(pd.DataFrame()).startswith("No legal status")
    assert charts.describe_claim_evidence_matrix(pd.DataFrame(), pd.DataFrame()).startswith("No claims")


def test_claim_matrix_with_no_studies_keeps_every_cell_at_zero():
    spec = charts.claim_evidence_matrix(make_claims(), pd.DataFrame()).to_dict()
    cells = [row for row in data_values(spec) if "studies" in row]
    assert cells and all(row["studies"] == 0 for row in cells)


@pytest.mark.parametrize("call, pattern", [
    (lambda: charts.evidence_map(make_studies().drop(columns="year")), r"evidence_map\(\) needs the column 'year'"),
    (lambda: charts.describe_evidence_map(make_studies().drop(columns=["design", "topic"])),
     r"describe_evidence_map\(\) needs the column 'design' in the studies table"),
    (lambda: charts.regulatory_timeline(make_positions().drop(columns="action")),
     r"regulatory_timeline\(\) needs the column 'action' in the positions table"),
    (lambda: charts.legal_status_map(make_legal_status().drop(columns="status")),
     r"legal_status_map\(\) needs the column 'status'"),
    (lambda: charts.claim_evidence_matrix(make_claims().drop(columns="verdict"), make_studies()),
     r"claim_evidence_matrix\(\) needs the column 'verdict' in the claims table"),
    (lambda: charts.claim_evidence_matrix(make_claims(), make_studies().drop(columns="design")),
     r"claim_evidence_matrix\(\) needs the column 'design' in the studies table"),
])
def test_missing_column_names_the_column_and_the_function(call, pattern):
    with pytest.raises(ValueError, match=pattern):
        call()


def test_not_a_table_is_a_clear_type_error():
    with pytest.raises(TypeError, match="evidence_map\\(\\) needs a pandas DataFrame of studies"):
        charts.evidence_map([{"study_id": "x"}])


def test_odd_values_still_draw():
    studies = make_studies()
    studies.loc[0, "design"] = "expert_opinion"  # not in the hierarchy: added at the bottom
    studies.loc[1, "sample_size"] = pd.NA
    studies.loc[2, "design"] = None
    studies["year"] = ["2019", "2020", "2021", "n.d."]  # a year that is not a number
    spec = charts.evidence_map(studies).to_dict()
    assert spec["layer"][0]["encoding"]["y"]["sort"][-2:] == ["expert opinion", "design not recorded"]
    assert "1 study without a year not drawn" in spec["description"]
    assert "1 design not recorded" in spec["description"]
    assert vl_convert.vegalite_to_svg(spec).startswith("<svg")


# --- 5. show_chart ---------------------------------------------------------------------

@pytest.fixture
def shown(monkeypatch):
    """What show_chart passes to IPython's display, in order."""
    import IPython.display

    calls = []
    monkeypatch.setattr(IPython.display, "display", lambda obj, **kw: calls.append((obj, kw)))
    return calls


def test_show_chart_shows_chart_then_visible_description_then_table(shown):
    table = make_studies()[["study_id", "design"]]
    chart = charts.evidence_map(make_studies())
    charts.show_chart(chart, charts.describe_evidence_map(make_studies()), table)
    (first, first_options), (second, options), (third, _) = shown
    assert first == charts.chart_bundle(chart) and first_options == {"raw": True}
    assert options == {"raw": True}
    assert second["text/plain"] == charts.describe_evidence_map(make_studies())
    assert "4 studies from 2019 to 2021" in second["text/html"]
    assert third is table


def test_show_chart_escapes_html(shown):
    charts.show_chart(charts.evidence_map(make_studies()), "a <b> & c")
    assert "a &lt;b&gt; &amp; c" in shown[1][0]["text/html"]


def test_show_chart_on_empty_data_says_what_to_add(shown):
    charts.show_chart(charts.evidence_map(make_studies().iloc[0:0]), "", make_studies())
    assert len(shown) == 1
    assert shown[0][0]["text/plain"] == (
        "No studies recorded yet — add rows to studies.csv (see the case README)")


def test_chart_bundle_carries_the_svg_and_an_image_with_alt_text():
    from claimlab.charts import chart_bundle

    import altair as alt

    chart = alt.Chart(pd.DataFrame({"x": [1]}), title="Tiny chart").mark_point().encode(x="x:Q")
    bundle = chart_bundle(chart)
    assert bundle["image/svg+xml"].lstrip().startswith("<svg")
    assert 'src="data:image/svg+xml;base64,' in bundle["text/html"]
    assert 'alt="Chart: Tiny chart. Its description follows in the text below."' in bundle["text/html"]
    assert chart_bundle(chart) == bundle
