"""Re-draw time of every widget in lesson 07 (python benchmarks/widget_benchmark.py [--case NAME]).

A widget re-draws by calling its ``draw_...`` function (simulate, build the chart, describe it)
and showing the chart as SVG. This times exactly that, with the widget's default values and a
new seed each time (as when a learner changes the seed), after one warm-up draw that pays the
one-off cost of starting vl-convert. It prints, per widget: the median and the slowest of the
re-draws in milliseconds, side by side with the goal of 1,000 ms, and the share of the goal used.
"""

from __future__ import annotations

import argparse
import statistics
import time

import claimlab  # noqa: F401  (sets the kit's import-time options)
from claimlab import fair_test_widgets as w
from claimlab.case_tables import condition_name, natural_course, results
from claimlab.cases import load_case
from claimlab.charts import chart_bundle
from claimlab.simulations import course_points

GOAL_MS = 1000.0
REPEATS = 7


def widgets_of(case_name: str) -> dict:
    """Each widget of the lesson as (name -> function of a seed that does one re-draw)."""
    case = load_case(case_name)
    course, table = natural_course(case), results(case)
    points, condition = course_points(course), condition_name(course)
    choices = w.results_with_risks(table) or [None]
    return {
        "natural course, before and after": lambda seed: w.draw_natural_course(points, condition, 40, seed),
        "natural course, with a comparison group": lambda seed: w.draw_natural_course(points, condition, 200, seed, True),
        "regression to the mean": lambda seed: w.draw_regression(1000, seed, 0.2),
        "many small trials (10 a group)": lambda seed: w.draw_null_trials(10, seed),
        "many small trials (320 a group)": lambda seed: w.draw_null_trials(320, seed),
        "subgroups (20)": lambda seed: w.draw_subgroups(20, seed),
        "icon array (100 people)": lambda seed: w.draw_icon_array(table, choices[seed % len(choices)], 100),
        "icon array (1,000 people)": lambda seed: w.draw_icon_array(table, choices[seed % len(choices)], 1000),
    }


def redraw(draw, seed: int) -> float:
    """Milliseconds for one re-draw: the drawing and its SVG."""
    start = time.perf_counter()
    chart, description, _ = draw(seed)
    chart_bundle(chart)
    assert description
    return 1000 * (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--case", default="kratom-opioid-withdrawal")
    args = parser.parse_args()
    all_widgets = widgets_of(args.case)
    first = redraw(next(iter(all_widgets.values())), 0)
    print(f"Lesson 07 widget re-draws on {args.case}, {REPEATS} re-draws each, new seed each time "
          f"(first draw of the session, with vl-convert starting: {first:.0f} ms)")
    print(f"{'widget':42} {'median ms':>10} {'slowest ms':>11} {'goal ms':>8} {'of goal':>8}")
    slowest_all = 0.0
    for name, draw in all_widgets.items():
        times = [redraw(draw, seed) for seed in range(1, REPEATS + 1)]
        slowest_all = max(slowest_all, max(times))
        print(f"{name:42} {statistics.median(times):10.0f} {max(times):11.0f} {GOAL_MS:8.0f} {max(times) / GOAL_MS:8.0%}")
    print(f"slowest re-draw: {slowest_all:.0f} ms ({'under' if slowest_all < GOAL_MS else 'OVER'} the {GOAL_MS:.0f} ms goal)")


if __name__ == "__main__":
    main()
