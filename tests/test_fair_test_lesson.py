"""Lesson 07 (run the fair test yourself): its case tables, widgets, data-only prose, what it
shows on a case without results, and the Key Concepts it teaches."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from claimlab import case_tables, fair_test_widgets
from claimlab.cases import case_folder, check_case, list_cases, load_case
from claimlab.charts import chart_bundle
from claimlab.lessons import lesson_map
from claimlab.simulations import course_points
from conftest import REPO, outputs_text
from notebook_runs import run_notebook

LESSON = REPO / "notebooks" / "07-run-the-fair-test.ipynb"
MODULES = ["simulations.py", "effect_size.py", "case_tables.py", "fair_test_charts.py", "fair_test_widgets.py"]


@pytest.fixture(scope="module")
def kratom():
    return load_case("kratom-opioid-withdrawal")


# --- the case tables ------------------------------------------------------------------------


def test_the_kratom_case_has_results_and_a_natural_course(kratom):
    table, course = case_tables.results(kratom), case_tables.natural_course(kratom)
    assert len(table) >= 10 and len(course) >= 4
    assert table["source_url"].str.startswith("http").all() and table["checked_on"].notna().all()
    assert set(case_tables.condition_name(course).split()) & {"withdrawal"}
    assert case_tables.missing_table_notice(kratom, "results") == ""


def test_a_case_without_the_tables_gets_a_notice_and_empty_tables():
    other = load_case("ashwagandha-anxiety")
    assert case_tables.results(other).empty and case_tables.natural_course(other).empty
    notice = case_tables.missing_table_notice(other, "natural-course")
    assert notice.startswith("Notice:") and "natural-course.csv" in notice and "datapackage.json" in notice
    assert case_tables.condition_name(case_tables.natural_course(other)) == "the condition"


@pytest.fixture
def broken(tmp_path) -> Path:
    copy = tmp_path / "broken-case"
    shutil.copytree(case_folder("kratom-opioid-withdrawal"), copy)
    return copy


def test_a_result_pointing_to_an_unknown_comparator_is_caught_with_its_line(broken):
    path = broken / "results.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("\nmethadone-completion,methadone,", "\nmethadone-completion,methadon,", 1),
                    encoding="utf-8")
    problems = check_case(broken)
    assert len(problems) == 1, problems
    assert problems[0].line == 2 and problems[0].column == "comparator_ids" and "'methadon'" in problems[0].message


def test_a_count_that_is_not_a_number_names_file_line_and_column(broken):
    path = broken / "results.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(",59,77,", ",59 people,77,", 1), encoding="utf-8")
    problems = check_case(broken)
    assert [(p.column, "whole number" in p.message) for p in problems] == [("treatment_events", True)]
    assert problems[0].file.endswith("results.csv") and problems[0].line is not None


def test_a_severity_off_the_scale_is_caught(broken):
    path = broken / "natural-course.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[3] = lines[3].replace(",1.5,8,", ",1.5,80,", 1)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    problems = check_case(broken)
    assert len(problems) == 1 and problems[0].column == "severity" and "maximum" in problems[0].message


# --- the drawings and widgets ---------------------------------------------------------------


def test_every_drawing_has_a_chart_and_a_description(kratom):
    points = course_points(case_tables.natural_course(kratom))
    table = case_tables.results(kratom)
    drawings = [fair_test_widgets.draw_natural_course(points, "a condition"),
                fair_test_widgets.draw_natural_course(points, "a condition", comparison=True),
                fair_test_widgets.draw_regression(), fair_test_widgets.draw_null_trials(),
                fair_test_widgets.draw_spread(), fair_test_widgets.draw_subgroups(),
                fair_test_widgets.draw_icon_array(table, fair_test_widgets.first_result_with_risks(table))]
    for chart, description, _ in drawings:
        assert len(description.split()) >= 12
        assert "<svg" in chart_bundle(chart)["image/svg+xml"]


def test_the_icon_array_draws_the_counts_of_the_source(kratom):
    table = case_tables.results(kratom)
    chosen = fair_test_widgets.first_result_with_risks(table)
    source = table.set_index("result_id").loc[chosen]
    chart, description, _ = fair_test_widgets.draw_icon_array(table, chosen, people=100)
    values = pd.DataFrame(chart.to_dict()["datasets"][next(iter(chart.to_dict()["datasets"]))])
    filled = values.groupby("group")["has_outcome"].sum()
    assert filled["with"] == round(100 * source["treatment_events"] / source["treatment_total"])
    assert filled["without"] == round(100 * source["control_events"] / source["control_total"])


def test_a_result_with_only_a_ratio_is_explained_not_drawn(kratom):
    table = case_tables.results(kratom)
    effects = fair_test_widgets.effect_size.absolute_effects(table)
    ratio_only = effects.loc[effects["how"] == fair_test_widgets.effect_size.HOW_RELATIVE_ONLY, "result_id"].iloc[0]
    chart, description, _ = fair_test_widgets.draw_icon_array(table, ratio_only)
    assert chart.usermeta["claimlab"]["empty"] and "cannot be drawn as people" in description
    assert fair_test_widgets.draw_icon_array(table.iloc[0:0], None)[0].usermeta["claimlab"]["empty"]


def test_a_case_without_a_course_draws_a_notice():
    chart, description, _ = fair_test_widgets.draw_natural_course(course_points(pd.DataFrame()), "the condition")
    assert chart.usermeta["claimlab"]["empty"] and "no natural-course table" in description


def test_the_explorer_redraws_with_the_values_of_its_controls():
    calls = []

    def draw(seed, per_group):
        calls.append((seed, per_group))
        return fair_test_widgets.draw_null_trials(per_group, seed)

    import ipywidgets as widgets
    explorer = fair_test_widgets.Explorer("test", {"seed": fair_test_widgets._seed(), "per_group": widgets.IntSlider(value=10, min=5, max=50)}, draw)
    explorer.controls["seed"].value = 8
    explorer.controls["per_group"].value = 20
    assert calls == [(1, 10), (8, 10), (8, 20)]


def test_the_icon_array_explorer_on_a_case_without_results_says_so():
    widget = fair_test_widgets.icon_array_explorer(pd.DataFrame(columns=["result_id"]))
    assert "Notice" in widget.value


# --- the lesson ------------------------------------------------------------------------------


def case_words() -> set[str]:
    """Words that name a case's remedy, condition or treatments: they belong in data, not in the lesson."""
    words = set()
    for name in list_cases():
        case = load_case(name)
        words |= {w for w in name.split("-") if len(w) > 4}
        words |= set(case.comparators["comparator_id"])
        for table in (case_tables.natural_course(case), case_tables.results(case)):
            for column in ("condition", "treatment_group", "control_group"):
                if column in table:
                    words |= {w.lower() for text in table[column] for w in re.findall(r"[A-Za-z]{6,}", str(text))}
    generic = {"placebo", "reducing", "others", "agonists", "adrenergic", "treatment", "tapered", "short",
               "acting", "condition", "doses", "alpha2",
               # everyday words the newer cases' group names use, which a lesson on trials must use too
               "scores", "standard", "subgroup", "symptoms", "people", "patients", "participants", "adults",
               "control", "controls", "usual", "groups", "invited", "screening", "randomised", "randomized",
               "within", "without"}
    return words - generic


@pytest.mark.parametrize("path", [LESSON, *[REPO / "src" / "claimlab" / m for m in MODULES]], ids=lambda p: p.name)
def test_no_case_facts_in_the_lesson_or_its_code(path):
    if path.suffix == ".ipynb":
        nb = nbformat.read(path, as_version=4)
        text = "\n".join(re.sub(r'^CASE = "[a-z0-9-]+"', "", cell.source, flags=re.M) for cell in nb.cells)
    else:
        text = path.read_text(encoding="utf-8")
    found = sorted(w for w in case_words() if re.search(rf"\b{re.escape(w)}\b", text, re.I))
    assert found == [], f"{path.name} names case facts: {found} (take them from the case tables)"


def test_the_lesson_is_placed_after_weighing_the_evidence():
    order = list(lesson_map()["slug"])
    assert order.index("run-the-fair-test") == order.index("weighing-the-evidence") + 1


def test_widget_cells_are_tagged_and_static_charts_have_descriptions():
    nb = nbformat.read(LESSON, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code" and re.search(r"_explorer\(", cell.source):
            assert "nbval-ignore-output" in cell.metadata.get("tags", [])
    shown = outputs_text(nb)
    assert shown.count("<svg") >= 7
    assert shown.count('class="claimlab-chart-description"') >= 7


def test_concepts_2_3_and_2_4_are_taught_by_a_lesson():
    objectives = pd.read_csv(REPO / "datasets" / "assessment" / "lesson-objectives.csv", dtype=str)
    ready = lesson_map()
    ready = set(ready.loc[ready["status"] == "ready", "number"])
    taught = {kc for row in objectives.itertuples() if row.lesson in ready for kc in row.key_concept.split(";")}
    assert {"2.3", "2.4"} <= taught
    ours = objectives[objectives["lesson"] == "07"]
    assert any("2.3" in k.split(";") for k in ours["key_concept"]) and any("2.4" in k.split(";") for k in ours["key_concept"])


def test_the_lesson_on_a_case_without_results_shows_notices_not_errors(tmp_path):
    nb = nbformat.read(LESSON, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code" and re.search(r'^CASE = "', cell.source, re.M):
            cell.source = re.sub(r'^CASE = "[a-z0-9-]+"', 'CASE = "ashwagandha-anxiety"', cell.source, count=1, flags=re.M)
            break
    run_notebook(nb, LESSON.parent, allow_errors=True)
    errors = [o for c in nb.cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert errors == []
    shown = outputs_text(nb)
    assert "Notice: the case ashwagandha-anxiety has no natural-course.csv" in shown
    assert "Notice: the case ashwagandha-anxiety has no results.csv" in shown
    assert "No natural course to simulate" in shown and "Many small trials of a remedy" in shown
