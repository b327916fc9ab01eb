"""Every chart the kit draws names its encoding channels by class (alt.X("day:Q"), not x="day:Q").

Altair turns a shorthand string, a list of them or a dict given to ``encode`` into a channel by
searching its whole Vega-Lite schema for the class (``SchemaBase.from_dict``): about 12 ms each on
this machine, against 0.1 ms for the class named directly, with the same spec. Lesson 07 alone
made 30 such look-ups (0.5 s of a 2.5 s lesson). The test builds every chart of the kit with
``from_dict`` made to record its calls, and fails on the first chart that still asks for one.
"""

from __future__ import annotations

from unittest import mock

import altair as alt
import pytest

from claimlab import assessment, case_tables, fair_test_charts, fair_test_widgets, lessons
from claimlab.cases import load_case
from claimlab.simulations import course_points
from conftest import REPO
from test_charts import CHARTS

FIXTURES = REPO / "tests" / "fixtures" / "assessment"


def kit_charts() -> dict[str, object]:
    """A builder for every chart function of the kit, with small real inputs."""
    kratom = load_case("kratom-opioid-withdrawal")
    points = course_points(case_tables.natural_course(kratom))
    results = case_tables.results(kratom)
    items = assessment.load_items()
    pre, _ = assessment.read_class_answers(FIXTURES / "pre-good.csv", items)
    post, _ = assessment.read_class_answers(FIXTURES / "post-good.csv", items)
    summary = assessment.class_summary(pre, post, items)
    return {
        **CHARTS,
        "natural course": lambda: fair_test_widgets.draw_natural_course(points, "a condition")[0],
        "natural course, compared": lambda: fair_test_widgets.draw_natural_course(points, "a condition", comparison=True)[0],
        "regression to the mean": lambda: fair_test_widgets.draw_regression()[0],
        "null trials": lambda: fair_test_widgets.draw_null_trials()[0],
        "spread": lambda: fair_test_widgets.draw_spread()[0],
        "subgroups": lambda: fair_test_widgets.draw_subgroups()[0],
        "icon array": lambda: fair_test_widgets.draw_icon_array(results, fair_test_widgets.first_result_with_risks(results))[0],
        "notice": lambda: fair_test_charts.notice_chart("A title", "A message."),
        "lesson minutes": lessons.lesson_minutes_chart,
        "pre and post": lambda: assessment.pre_post_chart(summary),
    }


@pytest.mark.parametrize("name", list(kit_charts()))
def test_the_chart_needs_no_schema_search(name):
    calls = []
    original = alt.SchemaBase.from_dict.__func__

    def recording(cls, dct, validate=True):
        calls.append((cls.__name__, dct))
        return original(cls, dct, validate)

    with mock.patch.object(alt.SchemaBase, "from_dict", classmethod(recording)):
        chart = kit_charts()[name]()
        spec = chart.to_dict()
    assert spec.get("$schema", "").startswith("https://vega.github.io/schema/vega-lite/")
    assert calls == [], (f"{name}: encode() was given {len(calls)} shorthand string(s) or dict(s), each a schema "
                         f"search of about 12 ms; name the channel class instead, e.g. alt.X('day:Q'). First: {calls[0]}")
