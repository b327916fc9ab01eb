"""Widgets for running the fair test yourself: each one is a few controls around a ``draw_...``
function that returns (chart, description, table) from the pure simulations.

The ``draw_...`` functions are what the widgets call on every change, so tests and
``benchmarks/widget_benchmark.py`` time and check them without a browser. Every widget has a
seed box: the same seed gives the same people, a new seed a new draw.
"""

from __future__ import annotations

import math

import altair as alt
import ipywidgets as widgets
import pandas as pd

from claimlab import effect_size, fair_test_charts, simulations
from claimlab.charts import chart_outputs

Drawing = tuple[alt.TopLevelMixin, str, "pd.DataFrame | None"]


# --- the drawings (pure: no widgets) --------------------------------------------------------


def draw_natural_course(points: pd.DataFrame, condition: str, people: int = 40, seed: int = 1,
                        comparison: bool = False, follow_up: int = 3) -> Drawing:
    """The natural-course simulation: before and after only, or with a comparison group."""
    if points.empty:
        message = "No natural course to simulate: the case has no natural-course table."
        return fair_test_charts.notice_chart("Symptoms over time", message), message, None
    start = simulations.start_day(points)
    if comparison:
        scores = simulations.comparison_scores(points, people, seed, start, follow_up)
        groups = simulations.changes_by_group(scores, start, follow_up)
        chart = fair_test_charts.course_chart(scores, start, follow_up, "A remedy that does nothing, with a comparison group")
        return chart, fair_test_charts.describe_comparison(groups, condition), groups
    scores = simulations.simulate_course(points, people, int(start + follow_up) + 2, seed, treated_from=start)
    chart = fair_test_charts.course_chart(scores, start, follow_up, "A remedy that does nothing, before and after")
    return chart, fair_test_charts.describe_course(simulations.change_in(scores, start, follow_up), condition), None


def draw_regression(people: int = 1000, seed: int = 1, worst_share: float = 0.2) -> Drawing:
    """Regression to the mean: people picked on their worst day, measured again untreated."""
    result = simulations.regression_to_the_mean(people, seed, worst_share)
    return fair_test_charts.regression_chart(result), fair_test_charts.describe_regression(result), None


def draw_null_trials(per_group: int = 10, seed: int = 1, trials: int = 200) -> Drawing:
    """Many small trials of a remedy that does nothing, with their 95% confidence intervals."""
    result = simulations.null_trials(trials, per_group, seed)
    summary = pd.DataFrame([{"trials": trials, "people_per_group": per_group,
                             "found_a_difference": int(result["found_a_difference"].sum()),
                             "share_found": round(simulations.share_found(result), 3),
                             "intervals_containing_zero": round(simulations.interval_covers(result), 3)}])
    return fair_test_charts.trials_chart(result), fair_test_charts.describe_trials(result), summary


def draw_spread(seed: int = 1, sizes: tuple[int, ...] = (10, 40, 160, 640), trials: int = 200) -> Drawing:
    """How the margin of error shrinks as trials grow."""
    spread = simulations.spread_by_size(sizes, trials, seed)
    return fair_test_charts.spread_chart(spread), fair_test_charts.describe_spread(spread), spread


def draw_subgroups(subgroups: int = 10, seed: int = 1, per_group: int = 200) -> Drawing:
    """One trial of a remedy that does nothing, cut into subgroups."""
    result = simulations.subgroup_trial(per_group, subgroups, seed)
    chance = simulations.chance_of_a_false_subgroup(subgroups)
    return fair_test_charts.subgroup_chart(result), fair_test_charts.describe_subgroups(result, chance), None


def draw_icon_array(results: pd.DataFrame, result_id: str | None, people: int = 100) -> Drawing:
    """An icon array for one result of the case, from the risks the source gave in each group."""
    if result_id is None or results.empty:
        message = "No result to draw: the case has no results with a risk in each group."
        return fair_test_charts.notice_chart(f"Out of {people:,} people", message), message, None
    row = results.set_index("result_id").loc[result_id]
    row["result_id"] = result_id
    treated, control, how = effect_size.group_risks(row)
    outcome = str(row["outcome"])
    if math.isnan(treated):
        message = (f"{row['source_name']}: {effect_size.reported_measure(row)} for '{outcome}'. The source shows no "
                   f"risk in each group, so it cannot be drawn as people: {how}.")
        return fair_test_charts.notice_chart(f"Out of {people:,} people", message), message, None
    icons = effect_size.icon_array(treated, control, people)
    treatment, comparison = str(row["treatment_group"]), str(row["control_group"])
    chart = fair_test_charts.icon_array_chart(icons, outcome, treatment, comparison, title=str(row["source_name"]))
    text = (fair_test_charts.describe_icon_array(icons, outcome, treatment, comparison) + " "
            + effect_size.in_absolute_terms(treated, control, outcome, treatment, comparison, people))
    return chart, text, None


def first_result_with_risks(results: pd.DataFrame) -> str | None:
    """The first result an icon array can draw, or None."""
    return next(iter(results_with_risks(results)), None)


def results_with_risks(results: pd.DataFrame) -> list[str]:
    """The result ids whose source gave a risk in each group (the ones an icon array can draw)."""
    effects = effect_size.absolute_effects(results)
    return list(effects.loc[effects["how"] != effect_size.HOW_RELATIVE_ONLY, "result_id"])


# --- the widgets ------------------------------------------------------------------------------


class Explorer(widgets.VBox):
    """Controls above an output area; every change re-draws through ``draw``."""

    def __init__(self, heading: str, controls: dict[str, widgets.Widget], draw):
        self.controls = controls
        self.draw = draw
        self.output = widgets.Output()
        for control in controls.values():
            control.observe(lambda _change: self.redraw(), names="value")
        row = widgets.HBox(list(controls.values()), layout=widgets.Layout(flex_flow="row wrap"))
        super().__init__([widgets.HTML(f"<b>{heading}</b>"), row, self.output])
        from claimlab.widget_style import readable

        readable(self)
        self.redraw()

    def values(self) -> dict:
        """The controls' current values, by name."""
        return {name: control.value for name, control in self.controls.items()}

    def redraw(self) -> None:
        """Draw again with the current values."""
        # The outputs are set on the Output widget directly rather than captured with `with
        # self.output:` and clear_output(wait=True): captured output made nbclient (the engine
        # behind the every-case tests and the build) sometimes wait a whole cell timeout.
        try:
            chart, description, table = self.draw(**self.values())
        except ValueError as error:  # a value out of range: say so, no traceback
            self.output.outputs = ({"output_type": "stream", "name": "stdout", "text": f"Cannot draw that: {error}\n"},)
            return
        self.output.outputs = chart_outputs(chart, description, table)


def _seed(value: int = 1) -> widgets.BoundedIntText:
    return widgets.BoundedIntText(value=value, min=0, max=10**6, description="Seed", layout=widgets.Layout(width="11em"))


def natural_course_explorer(points: pd.DataFrame, condition: str) -> Explorer:
    """A remedy that does nothing, before and after; tick the box to add a comparison group."""
    controls = {"seed": _seed(),
                "people": widgets.IntSlider(value=40, min=10, max=200, step=10, description="People"),
                "comparison": widgets.Checkbox(value=False, description="Add a comparison group")}
    return Explorer("The natural course", controls,
                    lambda **v: draw_natural_course(points, condition, v["people"], v["seed"], v["comparison"]))


def regression_explorer() -> Explorer:
    """Regression to the mean: choose how bad a day must be for people to be picked."""
    controls = {"seed": _seed(),
                "worst_share": widgets.FloatSlider(value=0.2, min=0.05, max=0.5, step=0.05, description="Worst share")}
    return Explorer("Picked on their worst day", controls, lambda **v: draw_regression(1000, v["seed"], v["worst_share"]))


def null_trials_explorer() -> Explorer:
    """200 trials of a remedy that does nothing: change their size and the seed."""
    controls = {"seed": _seed(),
                "per_group": widgets.SelectionSlider(options=[5, 10, 20, 40, 80, 160, 320], value=10, description="Per group")}
    return Explorer("Many small trials", controls, lambda **v: draw_null_trials(v["per_group"], v["seed"]))


def subgroup_explorer(seed: int = 1) -> Explorer:
    """One trial cut into more and more subgroups."""
    controls = {"seed": _seed(seed), "subgroups": widgets.IntSlider(value=10, min=1, max=20, description="Subgroups")}
    return Explorer("Subgroups", controls, lambda **v: draw_subgroups(v["subgroups"], v["seed"]))


def icon_array_explorer(results: pd.DataFrame) -> Explorer | widgets.HTML:
    """Pick a result of the case and see it as 100 or 1,000 people."""
    choices = results_with_risks(results)
    if not choices:
        return widgets.HTML("<p role='note'>Notice: no result in this case gives a risk in each group, so there "
                            "is nothing to draw as people.</p>")
    controls = {"result_id": widgets.Dropdown(options=choices, value=choices[0], description="Result"),
                "people": widgets.ToggleButtons(options=[100, 1000], value=100, description="People")}
    return Explorer("Icon arrays", controls, lambda **v: draw_icon_array(results, v["result_id"], v["people"]))
