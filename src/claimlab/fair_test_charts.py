"""Charts for the fair-test lesson, each with a description in words.

Like ``claimlab.charts``: data embedded in the spec, Okabe-Ito colours with a second cue (shape,
dash or text) so colour is never the only one, and a ``describe_...`` function that says what
the chart shows. Lessons show them with ``claimlab.charts.show_chart(chart, description)``.
A chart with nothing to draw is a short text chart that says why (``show_chart`` shows the words).
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from claimlab.charts import OKABE_ITO

REMEDY = OKABE_ITO["vermillion"]
NOTHING = OKABE_ITO["blue"]
FOUND = OKABE_ITO["vermillion"]
NOT_FOUND = "#7F7F7F"
WIDTH = 420


def _colour_and_shape(field: str, domain: list[str], colours: list[str], shapes: list[str], title: str) -> tuple:
    """Colour and shape encodings that share one legend (same field, domain and title)."""
    return (alt.Color(field, scale=alt.Scale(domain=domain, range=colours), title=title),
            alt.Shape(field, scale=alt.Scale(domain=domain, range=shapes), title=title))


def notice_chart(title: str, message: str) -> alt.Chart:
    """A text-only chart for when there is nothing to draw; ``show_chart`` shows its message."""
    return (alt.Chart(pd.DataFrame({"message": [message]})).mark_text(align="left", x=0, y=20, fontSize=13)
            .encode(text=alt.Text("message:N"))
            .properties(title=title, description=message, width=WIDTH, height=40,
                        usermeta={"claimlab": {"empty": True, "message": message}}))


# --- the natural course ---------------------------------------------------------------------


FAINT_LINES = 20  # people drawn as faint lines per group (the means use everyone): keeps a re-draw fast


def course_chart(scores: pd.DataFrame, start: float, follow_up: float, title: str = "Symptoms over time") -> alt.Chart:
    """Some simulated people's daily scores as faint lines (up to 20 a group), each group's mean of
    everyone as a bold line, and the days the remedy was taken and the follow-up as vertical rules."""
    if scores.empty:
        return notice_chart(title, "No course to simulate: the case has no natural-course table.")
    means = scores.groupby(["group", "day"], as_index=False)["score"].mean()
    shown = scores[scores["person"].isin(scores.groupby("group")["person"].unique().explode()
                                         .groupby(level=0).head(FAINT_LINES))]
    groups = sorted(scores["group"].unique(), reverse=True)
    colours = alt.Scale(domain=groups, range=[REMEDY, NOTHING][: len(groups)])
    x = alt.X("day:Q", title="Day")
    people = alt.Chart(shown).mark_line(opacity=0.15, strokeWidth=1).encode(
        x=x, y=alt.Y("score:Q", title="Symptom score (0-10, illustrative)", scale=alt.Scale(domain=[0, 10])),
        detail=alt.Detail("person:N"), color=alt.Color("group:N", scale=colours, title="Mean of each group",
                                            legend=alt.Legend(symbolOpacity=1, symbolType="stroke", symbolStrokeWidth=3)))
    dashes = alt.Scale(domain=groups, range=[[1, 0], [6, 3]][: len(groups)])
    mean_lines = alt.Chart(means).mark_line(strokeWidth=3, point=True).encode(
        x=x, y=alt.Y("score:Q"), color=alt.Color("group:N", scale=colours, title="Mean of each group"),
        strokeDash=alt.StrokeDash("group:N", scale=dashes, title="Mean of each group"))
    marks = pd.DataFrame({"day": [start, start + follow_up], "label": ["remedy taken", "follow-up"]})
    rules = alt.Chart(marks).mark_rule(strokeDash=[4, 3], color="black").encode(x=alt.X("day:Q"))
    labels = alt.Chart(marks).mark_text(align="left", dx=3, dy=-5, y=0, fontSize=11).encode(x=alt.X("day:Q"), text=alt.Text("label:N"))
    return alt.layer(people, mean_lines, rules, labels, title=title, width=WIDTH, height=220)


def describe_course(before_after: dict, condition: str) -> str:
    """The before-and-after result in words."""
    return (f"{before_after['people']} simulated people with {condition} took a remedy that does nothing on day "
            f"{before_after['start_day']:g}, when symptoms are near their worst. Their mean score went from "
            f"{before_after['before']:.1f} to {before_after['after']:.1f} by day {before_after['follow_up_day']:g}: "
            f"a fall of {-before_after['change']:.1f} points, all of it the natural course.")


def describe_comparison(groups: pd.DataFrame, condition: str) -> str:
    """The two-group result in words."""
    remedy = groups.set_index("group").loc["remedy"]
    nothing = groups.set_index("group").loc["nothing"]
    gap = remedy["change"] - nothing["change"]
    return (f"With a comparison group: {int(remedy['people'])} people with {condition} took the remedy and "
            f"{int(nothing['people'])} took nothing, chosen at random. Scores fell by {-remedy['change']:.1f} points with the "
            f"remedy and by {-nothing['change']:.1f} with nothing: a difference of {abs(gap):.1f} points, "
            f"{'in favour of' if gap < 0 else 'against'} the remedy, which is chance, because the remedy does nothing.")


# --- regression to the mean -----------------------------------------------------------------


def regression_chart(result: dict, title: str = "Picked on their worst day, measured again") -> alt.Chart:
    """Mean score on the day people were picked and on a later day, for the picked and for everyone."""
    data = pd.DataFrame([
        {"who": "picked on a bad day", "when": "1 day picked", "score": result["picked_first"]},
        {"who": "picked on a bad day", "when": "2 later, untreated", "score": result["picked_later"]},
        {"who": "everyone", "when": "1 day picked", "score": result["everyone_first"]},
        {"who": "everyone", "when": "2 later, untreated", "score": result["everyone_later"]},
    ])
    colour, shape = _colour_and_shape("who:N", ["picked on a bad day", "everyone"], [REMEDY, NOTHING], ["square", "circle"], "Who")
    base = alt.Chart(data).encode(
        x=alt.X("when:N", title=None, axis=alt.Axis(labelExpr="slice(datum.label, 2)", labelAngle=0)),
        y=alt.Y("score:Q", title="Mean symptom score", scale=alt.Scale(domain=[0, 10])), color=colour)
    lines = base.mark_line(strokeWidth=3).encode(detail=alt.Detail("who:N"))
    dots = base.mark_point(size=90, filled=True).encode(shape=shape)
    label = alt.Text("score:Q", format=".1f")
    above = base.mark_text(dy=-14, fontSize=12).encode(text=label).transform_filter(alt.datum.who == "picked on a bad day")
    below = base.mark_text(dy=16, fontSize=12).encode(text=label).transform_filter(alt.datum.who == "everyone")
    return alt.layer(lines, dots, above, below, title=title, width=280, height=220)


def describe_regression(result: dict) -> str:
    """The regression-to-the-mean result in words."""
    return (f"Of {result['people']:,} simulated people whose symptoms only go up and down, with no treatment and no "
            f"trend, the {result['picked']:,} with the highest scores on one day averaged {result['picked_first']:.1f}. "
            f"Measured again later, untreated, the same people averaged {result['picked_later']:.1f}. Everyone "
            f"together stayed about the same ({result['everyone_first']:.1f}, then {result['everyone_later']:.1f}).")


# --- chance -----------------------------------------------------------------------------------


def trials_chart(trials: pd.DataFrame, show: int = 100, title: str = "Many small trials of a remedy that does nothing") -> alt.Chart:
    """The first ``show`` trials: each one's difference and 95% confidence interval, with zero marked."""
    data = trials.head(show).assign(verdict=lambda t: t["found_a_difference"].map(
        {True: "found a difference", False: "no clear difference"}))
    colour, shape = _verdict_encodings()
    y = alt.Y("trial:O", title="Trial", axis=alt.Axis(labels=False, ticks=False))
    bars = alt.Chart(data).mark_rule(strokeWidth=1.5).encode(
        y=y, x=alt.X("ci_low:Q", title="Difference in mean score, remedy minus nothing (below 0 favours the remedy)"),
        x2=alt.X2("ci_high:Q"), color=colour)
    points = alt.Chart(data).mark_point(filled=True, size=20).encode(y=y, x=alt.X("difference:Q"), color=colour, shape=shape)
    zero = alt.Chart(pd.DataFrame({"x": [0]})).mark_rule(color="black").encode(x=alt.X("x:Q"))
    return (bars + points + zero).properties(title=title, width=WIDTH, height=max(120, 4 * len(data)))  # '+' moves the shared data to the top


def _verdict_encodings() -> tuple:
    return _colour_and_shape("verdict:N", ["found a difference", "no clear difference"], [FOUND, NOT_FOUND],
                             ["diamond", "circle"], "Trial result")


def describe_trials(trials: pd.DataFrame, show: int = 100) -> str:
    """The many-trials result in words."""
    found = int(trials["found_a_difference"].sum())
    works = int(trials["looks_like_it_works"].sum())
    covered = int(((trials["ci_low"] <= 0) & (trials["ci_high"] >= 0)).sum())
    return (f"{len(trials):,} simulated trials with {trials['per_group'].iloc[0]} people in each group, of a remedy that "
            f"does nothing (the chart shows the first {min(show, len(trials))}). {found} of them "
            f"({100 * found / len(trials):.1f}%) found a difference by chance, {works} of those in the remedy's favour. "
            f"{covered} of the {len(trials):,} 95% confidence intervals ({100 * covered / len(trials):.1f}%) contain the true "
            f"difference, zero.")


def spread_chart(spread: pd.DataFrame, title: str = "Bigger trials scatter less") -> alt.Chart:
    """How widely trial results scatter around the truth, for trials of each size."""
    base = alt.Chart(spread).encode(x=alt.X("per_group:O", title="People in each group"))
    bars = base.mark_bar(color=NOTHING).encode(y=alt.Y("margin_of_error:Q", title="Margin of error (half the 95% interval)"))
    text = base.mark_text(dy=-6, fontSize=12).encode(y=alt.Y("margin_of_error:Q"), text=alt.Text("margin_of_error:Q", format=".2f"))
    return alt.layer(bars, text, title=title, width=280, height=200)


def describe_spread(spread: pd.DataFrame) -> str:
    """The spread-by-size result in words."""
    parts = [f"{row.per_group} a group, plus or minus {row.margin_of_error:.2f} points" for row in spread.itertuples()]
    return ("The margin of error of a trial's result, for trials of different sizes: " + "; ".join(parts)
            + ". Four times as many people halve it.")


def subgroup_chart(subgroups: pd.DataFrame, title: str = "One trial, cut into subgroups") -> alt.Chart:
    """Each subgroup's difference and 95% confidence interval, with zero marked."""
    data = subgroups.assign(verdict=lambda t: t["found_a_difference"].map({True: "found a difference", False: "no clear difference"}))
    colour, shape = _verdict_encodings()
    y = alt.Y("subgroup:N", title=None, sort=list(data["subgroup"]))
    bars = alt.Chart(data).mark_rule(strokeWidth=2).encode(
        y=y, x=alt.X("ci_low:Q", title="Difference in mean score (below 0 favours the remedy)"), x2=alt.X2("ci_high:Q"), color=colour)
    points = alt.Chart(data).mark_point(filled=True, size=40).encode(y=y, x=alt.X("difference:Q"), color=colour, shape=shape)
    zero = alt.Chart(pd.DataFrame({"x": [0]})).mark_rule(color="black").encode(x=alt.X("x:Q"))
    return (bars + points + zero).properties(title=title, width=WIDTH, height=max(120, 18 * len(data)))  # '+' moves the shared data to the top


def describe_subgroups(subgroups: pd.DataFrame, chance: float) -> str:
    """The subgroup result in words."""
    works = subgroups[subgroups["looks_like_it_works"]]["subgroup"].tolist()
    against = subgroups[subgroups["found_a_difference"] & ~subgroups["looks_like_it_works"]]["subgroup"].tolist()
    return (f"A trial of a remedy that does nothing, looked at in {len(subgroups)} subgroups of {subgroups['per_group'].iloc[0]} "
            f"people a group. Subgroups where the remedy seemed to work, by chance: {', '.join(works) or 'none'}; where it "
            f"seemed to do harm, by chance: {', '.join(against) or 'none'}. With {len(subgroups)} looks, the chance that at "
            f"least one finds a difference is {100 * chance:.0f}%.")


# --- icon arrays ----------------------------------------------------------------------------


def icon_array_chart(icons: pd.DataFrame, outcome: str, treatment: str, control: str, title: str | None = None) -> alt.Chart:
    """Two grids of people, without and with the treatment; filled icons had the outcome."""
    if icons.empty:
        return notice_chart(title or "Out of 100 people", "No risks to draw: the source shows no counts or percentages per group.")
    people = int(icons["person"].max())
    names = {"without": f"with {control}", "with": f"with {treatment}"}
    data = icons.assign(panel=icons["group"].map(names),
                        status=icons["has_outcome"].map({True: outcome, False: "did not"}))
    size = 90 if people == 100 else 14
    chart = alt.Chart(data).mark_point(filled=True, size=size, shape="circle").encode(
        x=alt.X("column:O", axis=None), y=alt.Y("row:O", axis=None),
        color=alt.Color("status:N", scale=alt.Scale(domain=[outcome, "did not"], range=[REMEDY, "#D9D9D9"]), title=None,
                        legend=alt.Legend(orient="bottom", labelLimit=600, direction="vertical")),
        shape=alt.Shape("status:N", scale=alt.Scale(domain=[outcome, "did not"], range=["circle", "square"]), title=None,
                        legend=alt.Legend(orient="bottom", labelLimit=600, direction="vertical")),
    ).properties(width=180 if people == 100 else 260, height=180 if people == 100 else 160)
    return chart.facet(column=alt.Column("panel:N", title=None, sort=[names["without"], names["with"]])).properties(
        title=title or f"Out of {people:,} people")


def describe_icon_array(icons: pd.DataFrame, outcome: str, treatment: str, control: str) -> str:
    """The icon array in words."""
    if icons.empty:
        return "No risks to draw: the source shows no counts or percentages per group."
    people = int(icons["person"].max())
    counts = icons.groupby("group")["has_outcome"].sum()
    return (f"Two groups of {people:,} people. With {control}, {int(counts['without']):,} {outcome}; with {treatment}, "
            f"{int(counts['with']):,}. The difference is {abs(int(counts['with']) - int(counts['without'])):,} people in {people:,}.")
