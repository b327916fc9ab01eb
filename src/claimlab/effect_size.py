"""How big is the effect? Relative and absolute numbers, the number needed to treat, and icon arrays.

The numbers come from a case's results table (``claimlab.case_tables.results``): counts or
percentages in each group where the source showed them, and the effect measure it reported.
Absolute differences and numbers needed to treat are computed here from those risks, never
typed in. A pooled risk ratio alone cannot give an absolute difference (that needs the risk
without treatment), and ``absolute_effects`` says so rather than guess one.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

HOW_COUNTS = "from the counts in each group"
HOW_PERCENTS = "from the percentages in each group"
HOW_RELATIVE_ONLY = "relative only: the source shows no risk in each group, so no absolute difference"


def risk(events: float, total: float) -> float:
    """The share of a group with the outcome: events divided by the number of people."""
    if total is None or pd.isna(total) or total <= 0:
        raise ValueError(f"a group needs at least one person to have a risk (total={total!r})")
    if events is None or pd.isna(events) or not 0 <= events <= total:
        raise ValueError(f"events must be between 0 and the group's total ({events!r} of {total!r})")
    return float(events) / float(total)


def risk_ratio(treatment_risk: float, control_risk: float) -> float:
    """The relative risk: the risk with treatment divided by the risk without it."""
    return math.inf if control_risk == 0 else treatment_risk / control_risk


def risk_difference(treatment_risk: float, control_risk: float) -> float:
    """The absolute difference: the risk with treatment minus the risk without it."""
    return treatment_risk - control_risk


def number_needed_to_treat(treatment_risk: float, control_risk: float) -> float:
    """How many people must get the treatment instead of the comparison for one more (or one fewer)
    of them to have the outcome: 1 / |absolute difference|, rounded up; infinite if there is no difference."""
    difference = abs(risk_difference(treatment_risk, control_risk))
    if difference < 1e-12:
        return math.inf
    return float(math.ceil(round(1 / difference, 9)))


def nnt_meaning(treatment_risk: float, control_risk: float, outcome_is_good: bool) -> str:
    """Whether the number needed to treat counts people helped (benefit) or harmed."""
    if treatment_risk == control_risk:
        return "no difference"
    more = treatment_risk > control_risk
    return "to benefit one more person" if more == outcome_is_good else "for one more person to be harmed"


def group_risks(row: pd.Series) -> tuple[float, float, str]:
    """A result row's risk in the treatment and comparison groups, and how they were found (NaN if not shown)."""
    if _present(row, "treatment_events", "treatment_total", "control_events", "control_total"):
        return (risk(row["treatment_events"], row["treatment_total"]),
                risk(row["control_events"], row["control_total"]), HOW_COUNTS)
    if _present(row, "treatment_percent", "control_percent"):
        return float(row["treatment_percent"]) / 100, float(row["control_percent"]) / 100, HOW_PERCENTS
    return math.nan, math.nan, HOW_RELATIVE_ONLY


def absolute_effects(results: pd.DataFrame) -> pd.DataFrame:
    """For each result: the reported relative measure, and where the source gave the risks in each
    group, the risks per 100, the absolute difference per 100 and the number needed to treat."""
    rows = []
    for _, row in results.iterrows():
        treated, control, how = group_risks(row)
        known = not math.isnan(treated)
        good = str(row.get("outcome_is_good", "yes")) == "yes"
        rows.append({
            "result_id": row["result_id"], "outcome": row["outcome"],
            "treatment_group": row["treatment_group"], "control_group": row["control_group"],
            "reported": reported_measure(row),
            "treatment_per_100": round(100 * treated, 1) if known else math.nan,
            "control_per_100": round(100 * control, 1) if known else math.nan,
            "difference_per_100": round(100 * risk_difference(treated, control), 1) if known else math.nan,
            "relative_risk": round(risk_ratio(treated, control), 2) if known else math.nan,
            "nnt": number_needed_to_treat(treated, control) if known else math.nan,
            "nnt_meaning": nnt_meaning(treated, control, good) if known else "",
            "how": how,
        })
    columns = ["result_id", "outcome", "treatment_group", "control_group", "reported", "treatment_per_100",
               "control_per_100", "difference_per_100", "relative_risk", "nnt", "nnt_meaning", "how"]
    return pd.DataFrame(rows, columns=columns)


def reported_measure(row: pd.Series) -> str:
    """The effect measure as the source reported it, e.g. 'RR 1.08 (95% CI 0.97 to 1.21)'."""
    measure, estimate = row.get("measure", ""), row.get("estimate")
    if not measure or estimate is None or pd.isna(estimate):
        return "no effect measure reported"
    text = f"{measure} {_number(estimate)}"
    if _present(row, "ci_low", "ci_high"):
        kind = "CrI" if str(row.get("interval_kind", "") or "").strip() == "credible" else "CI"  # Bayesian or not
        text += f" (95% {kind} {_number(row['ci_low'])} to {_number(row['ci_high'])})"
    return text


def relative_change_text(relative_risk: float) -> str:
    """A relative risk said the way headlines say it: '85% more likely', 'half as likely'."""
    if relative_risk == 1:
        return "no more and no less likely"
    if relative_risk > 1:
        return f"{round(100 * (relative_risk - 1))}% more likely"
    return f"{round(100 * (1 - relative_risk))}% less likely"


def in_absolute_terms(treatment_risk: float, control_risk: float, outcome: str, treatment: str, control: str,
                      people: int = 100) -> str:
    """A result in absolute numbers: out of ``people`` people, how many had the outcome in each group."""
    with_it = round(people * treatment_risk)
    without = round(people * control_risk)
    nnt = number_needed_to_treat(treatment_risk, control_risk)
    sentence = (f"Out of {people:,} people, {without:,} {outcome} with {control} and {with_it:,} with {treatment}: "
                f"{abs(with_it - without):,} {'more' if with_it >= without else 'fewer'}")
    if math.isinf(nnt):
        return sentence + ", so no difference."
    return sentence + f". About {nnt:.0f} people would need {treatment} instead of {control} for one to differ."


def rewrite_relative_claim(relative_risk: float, control_risk: float, people: int = 1000) -> str:
    """A relative claim (``relative_risk`` 0.5 for 'cuts the risk by half') in absolute numbers,
    for people whose risk without the treatment is ``control_risk``."""
    if not 0 <= control_risk <= 1:
        raise ValueError("control_risk is a share between 0 and 1, e.g. 0.3 for 30 in 100")
    if relative_risk < 0:
        raise ValueError("a relative risk cannot be below 0")
    treated = min(1.0, control_risk * relative_risk)
    without, with_it = round(people * control_risk), round(people * treated)
    nnt = number_needed_to_treat(treated, control_risk)
    sentence = (f"At a risk of {without:,} in {people:,} without the treatment, a relative risk of {relative_risk:g} "
                f"means {with_it:,} in {people:,} with it: {abs(without - with_it):,} "
                f"{'fewer' if with_it <= without else 'more'} in every {people:,}")
    return sentence + (", no difference." if math.isinf(nnt) else f", or 1 for every {nnt:.0f} people treated.")


def baseline_risks(results: pd.DataFrame) -> pd.DataFrame:
    """The risk of the bad outcome in each result's comparison group, where the source gave one,
    lowest first. For a good outcome (``outcome_is_good`` yes) the bad outcome is not having it."""
    rows = []
    for _, row in results.iterrows():
        _, control, how = group_risks(row)
        if math.isnan(control):
            continue
        good = str(row.get("outcome_is_good", "yes")) == "yes"
        rows.append({"result_id": row["result_id"], "source_name": row["source_name"], "control_group": row["control_group"],
                     "bad_outcome": f"not: {row['outcome']}" if good else row["outcome"],
                     "control_risk": 1 - control if good else control, "how": how})
    columns = ["result_id", "source_name", "control_group", "bad_outcome", "control_risk", "how"]
    return pd.DataFrame(rows, columns=columns).sort_values("control_risk", kind="stable").reset_index(drop=True)


def headline_rewrites(results: pd.DataFrame, relative_risk: float = 0.5, people: int = 1000) -> pd.DataFrame:
    """One relative claim applied to the lowest and the highest comparison-group risk in the results:
    the same relative effect in absolute numbers, per ``people`` people."""
    risks = baseline_risks(results)
    if risks.empty:
        return pd.DataFrame(columns=["starting_risk_from", "bad_outcome", "without_treatment", "with_treatment", "difference", "nnt"])
    chosen = risks.iloc[[0, -1]].drop_duplicates("result_id")
    rows = []
    for row in chosen.itertuples():
        treated = min(1.0, row.control_risk * relative_risk)
        rows.append({"starting_risk_from": f"{row.source_name}: {row.control_group}", "bad_outcome": row.bad_outcome,
                     "without_treatment": round(people * row.control_risk), "with_treatment": round(people * treated),
                     "difference": round(people * row.control_risk) - round(people * treated),
                     "nnt": number_needed_to_treat(treated, row.control_risk)})
    return pd.DataFrame(rows)


# --- icon arrays ----------------------------------------------------------------------------


def icon_array(treatment_risk: float, control_risk: float, people: int = 100, columns: int | None = None) -> pd.DataFrame:
    """Two grids of ``people`` icons, one per group, with the first icons of each marked as having the outcome."""
    if people not in (100, 1000):
        raise ValueError("an icon array shows 100 or 1,000 people")
    columns = columns or (10 if people == 100 else 40)
    frames = []
    for group, share in (("without", control_risk), ("with", treatment_risk)):
        index = np.arange(people)
        count = int(round(people * share))
        frames.append(pd.DataFrame({"group": group, "person": index + 1, "column": index % columns,
                                    "row": index // columns, "has_outcome": index < count}))
    return pd.concat(frames, ignore_index=True)


# --- helpers --------------------------------------------------------------------------------


def _present(row: pd.Series, *names: str) -> bool:
    return all(name in row and row[name] is not None and not pd.isna(row[name]) for name in names)


def _number(value: float) -> str:
    return f"{float(value):g}"
