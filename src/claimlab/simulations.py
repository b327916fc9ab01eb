"""Simulated people and trials for running a fair test yourself: the natural course, regression
to the mean, chance in small trials, and subgroups.

Every function here is pure and seeded: the same arguments and the same ``seed`` give the same
people and the same numbers, and a learner who changes the seed gets a new, equally likely
draw. Nothing here knows about any case: the shape of a condition's course comes in as a table
(a case's ``natural-course.csv``, read with ``claimlab.case_tables.natural_course``).

The remedy in every simulation does nothing (``effect=0`` by default), so whatever "benefit"
appears is the natural course, regression to the mean or chance.

The trials use a symptom score whose spread among people (``sd``) the simulation knows, so a
95% confidence interval is the difference in means plus or minus 1.96 standard errors and a
trial "finds a difference" when that interval leaves out zero (a two-sided test at 5%).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

Z_95 = 1.959963984540054  # the 97.5th centile of the standard normal distribution
MAX_PEOPLE = 20_000  # per simulation: keeps every re-draw well under a second
MAX_TRIALS = 5_000


# --- the natural course ---------------------------------------------------------------------


def course_points(course: pd.DataFrame, course_id: str | None = None) -> pd.DataFrame:
    """The points of one course (the first, unless ``course_id`` names another), sorted by day."""
    if course is None or course.empty:
        return pd.DataFrame(columns=["day", "severity"])
    chosen = course_id or str(course["course_id"].iloc[0])
    points = course[course["course_id"] == chosen]
    if points.empty:
        known = ", ".join(sorted(set(course["course_id"])))
        raise ValueError(f"there is no course '{chosen}' in natural-course.csv; there are: {known}")
    return points.astype({"day": float, "severity": float}).sort_values("day").reset_index(drop=True)


def course_severity(points: pd.DataFrame, days: np.ndarray) -> np.ndarray:
    """Severity on the course at each day, by straight lines between the points (flat beyond them)."""
    return np.interp(np.asarray(days, dtype=float), points["day"].to_numpy(float), points["severity"].to_numpy(float))


def peak_day(points: pd.DataFrame) -> float:
    """The day of the course's highest point."""
    return float(points.loc[points["severity"].idxmax(), "day"])


def start_day(points: pd.DataFrame) -> float:
    """The day people take the remedy in the simulations: the whole day nearest the course's peak."""
    return _day_on_grid(peak_day(points))


def simulate_course(points: pd.DataFrame, people: int = 40, days: int = 10, seed: int = 1,
                    spread_days: float = 0.5, day_to_day: float = 1.0, effect: float = 0.0,
                    treated_from: float | None = None, treated: np.ndarray | None = None) -> pd.DataFrame:
    """Daily symptom scores (0-10) for simulated people who all follow the course, each a little
    earlier or later, milder or worse, with day-to-day ups and downs.

    ``effect`` is how many points a remedy lowers the score on the days after ``treated_from``, in the
    people marked in ``treated`` (everyone, if not given); 0 means the remedy does nothing.
    """
    people = _bounded(people, 1, MAX_PEOPLE, "people")
    rng = np.random.default_rng(seed)
    grid = np.arange(0, days + 1, dtype=float)
    shift = rng.normal(0, spread_days, people)
    scale = rng.lognormal(0, 0.25, people)
    noise = rng.normal(0, day_to_day, (people, grid.size))
    base = course_severity(points, grid[None, :] - shift[:, None]) * scale[:, None]
    if treated is None:
        treated = np.ones(people, dtype=bool)
    start = peak_day(points) if treated_from is None else treated_from
    lowered = effect * (grid[None, :] > start) * np.asarray(treated, dtype=bool)[:, None]
    score = np.clip(base + noise - lowered, 0, 10)
    return pd.DataFrame({
        "person": np.repeat(np.arange(1, people + 1), grid.size),
        "day": np.tile(grid, people),
        "score": score.ravel().round(2),
        "group": np.repeat(np.where(treated, "remedy", "nothing"), grid.size),
    })


def before_and_after(points: pd.DataFrame, people: int = 40, seed: int = 1, start: float | None = None,
                     follow_up: float = 3, effect: float = 0.0) -> dict:
    """Everyone takes the remedy at ``start`` (the peak, by default); the mean score then and ``follow_up`` days later."""
    start = _day_on_grid(peak_day(points) if start is None else start)
    scores = simulate_course(points, people, days=int(start + follow_up) + 2, seed=seed, effect=effect, treated_from=start)
    return change_in(scores, start, follow_up)


def change_in(scores: pd.DataFrame, start: float, follow_up: float) -> dict:
    """The mean score of simulated people on the day they took the remedy and ``follow_up`` days later."""
    before = scores.loc[scores["day"] == start, "score"].mean()
    after = scores.loc[scores["day"] == start + follow_up, "score"].mean()
    return {"start_day": start, "follow_up_day": start + follow_up, "before": round(float(before), 2),
            "after": round(float(after), 2), "change": round(float(after - before), 2),
            "people": int(scores["person"].nunique())}


def comparison_scores(points: pd.DataFrame, people: int = 40, seed: int = 1, start: float | None = None,
                      follow_up: float = 3, effect: float = 0.0) -> pd.DataFrame:
    """Daily scores of the same people split at random (half and half) into remedy and nothing."""
    start = _day_on_grid(peak_day(points) if start is None else start)
    people = _bounded(people, 2, MAX_PEOPLE, "people")
    treated = np.random.default_rng(seed + 7919).permutation(np.arange(people) < math.ceil(people / 2))
    return simulate_course(points, people, days=int(start + follow_up) + 2, seed=seed, effect=effect,
                           treated_from=start, treated=treated)


def with_a_comparison_group(points: pd.DataFrame, people: int = 40, seed: int = 1, start: float | None = None,
                            follow_up: float = 3, effect: float = 0.0) -> pd.DataFrame:
    """The same people split at random into remedy and nothing: each group's mean before, after and change."""
    start = _day_on_grid(peak_day(points) if start is None else start)
    return changes_by_group(comparison_scores(points, people, seed, start, follow_up, effect), start, follow_up)


def changes_by_group(scores: pd.DataFrame, start: float, follow_up: float) -> pd.DataFrame:
    """Each group's number of people and mean score before, after and its change."""
    rows = []
    for group in ("remedy", "nothing"):
        result = change_in(scores[scores["group"] == group], start, follow_up)
        rows.append({"group": group, "people": result["people"], "before": result["before"],
                     "after": result["after"], "change": result["change"]})
    return pd.DataFrame(rows)


# --- regression to the mean -----------------------------------------------------------------


def regression_to_the_mean(people: int = 1000, seed: int = 1, worst_share: float = 0.2,
                           day_to_day: float = 1.5, mean: float = 5.0, between_people: float = 1.0) -> dict:
    """People whose symptoms only go up and down around their own usual level, with no trend and
    no treatment: pick the ``worst_share`` with the highest score on one day and measure them again.

    Returns the picked people's mean score on the day they were picked and on a later day, and
    the same for everyone.
    """
    people = _bounded(people, 10, MAX_PEOPLE, "people")
    if not 0 < worst_share < 1:
        raise ValueError("worst_share must be between 0 and 1, e.g. 0.2 for the worst fifth")
    rng = np.random.default_rng(seed)
    usual = rng.normal(mean, between_people, people)
    first = usual + rng.normal(0, day_to_day, people)
    later = usual + rng.normal(0, day_to_day, people)
    picked = first >= np.quantile(first, 1 - worst_share)
    return {"picked": int(picked.sum()), "people": people,
            "picked_first": round(float(first[picked].mean()), 2), "picked_later": round(float(later[picked].mean()), 2),
            "everyone_first": round(float(first.mean()), 2), "everyone_later": round(float(later.mean()), 2)}


def expected_regression(day_to_day: float = 1.5, between_people: float = 1.0) -> float:
    """The share of a picked group's distance from the average that disappears on re-measuring, on average."""
    return day_to_day**2 / (day_to_day**2 + between_people**2)


# --- chance: many small trials of a remedy that does nothing --------------------------------


def null_trials(trials: int = 200, per_group: int = 10, seed: int = 1, effect: float = 0.0, sd: float = 2.0) -> pd.DataFrame:
    """Many two-group trials: the difference in mean symptom score (remedy minus nothing) in each,
    its 95% confidence interval, and whether the trial "found a difference" (interval leaves out 0)."""
    trials = _bounded(trials, 1, MAX_TRIALS, "trials")
    per_group = _bounded(per_group, 2, MAX_PEOPLE, "per_group")
    rng = np.random.default_rng(seed)
    remedy = rng.normal(-effect, sd, (trials, per_group)).mean(axis=1)
    nothing = rng.normal(0, sd, (trials, per_group)).mean(axis=1)
    difference = remedy - nothing
    margin = Z_95 * sd * math.sqrt(2 / per_group)
    low, high = difference - margin, difference + margin
    return pd.DataFrame({
        "trial": np.arange(1, trials + 1), "per_group": per_group,
        "difference": difference.round(3), "ci_low": low.round(3), "ci_high": high.round(3),
        "found_a_difference": (low > 0) | (high < 0),
        "looks_like_it_works": high < 0,  # lower scores are better
    })


def share_found(trials: pd.DataFrame, column: str = "found_a_difference") -> float:
    """The share of trials that found a difference (or, with ``column``, that looked like it works)."""
    return float(trials[column].mean()) if len(trials) else float("nan")


def interval_covers(trials: pd.DataFrame, truth: float = 0.0) -> float:
    """The share of trials whose 95% confidence interval contains the true difference."""
    return float(((trials["ci_low"] <= truth) & (trials["ci_high"] >= truth)).mean())


def margin_of_error(per_group: int, sd: float = 2.0) -> float:
    """Half the width of a trial's 95% confidence interval for a difference in means."""
    return Z_95 * sd * math.sqrt(2 / per_group)


def spread_by_size(sizes: list[int] | tuple[int, ...] = (10, 40, 160, 640), trials: int = 200, seed: int = 1,
                   sd: float = 2.0) -> pd.DataFrame:
    """For trials of each size: how widely their results scatter around the truth (zero)."""
    rows = []
    for i, size in enumerate(sizes):
        result = null_trials(trials, size, seed=seed + 1000 * i, sd=sd)
        rows.append({"per_group": size, "trials": trials, "spread": round(float(result["difference"].std(ddof=1)), 3),
                     "expected_spread": round(sd * math.sqrt(2 / size), 3), "margin_of_error": round(margin_of_error(size, sd), 3),
                     "found_a_difference": round(share_found(result), 3)})
    return pd.DataFrame(rows)


# --- chance: subgroups ----------------------------------------------------------------------


def subgroup_trial(per_group: int = 200, subgroups: int = 10, seed: int = 1, sd: float = 2.0) -> pd.DataFrame:
    """One trial of a remedy that does nothing, looked at again in ``subgroups`` made-up subgroups
    of equal size: each subgroup's difference, 95% interval and whether it "worked"."""
    subgroups = _bounded(subgroups, 1, 100, "subgroups")
    per_group = _bounded(per_group, 2 * subgroups, MAX_PEOPLE, "per_group")
    rng = np.random.default_rng(seed)
    size = per_group // subgroups
    remedy = rng.normal(0, sd, (subgroups, size)).mean(axis=1)
    nothing = rng.normal(0, sd, (subgroups, size)).mean(axis=1)
    difference = remedy - nothing
    margin = margin_of_error(size, sd)
    return pd.DataFrame({
        "subgroup": [f"subgroup {i}" for i in range(1, subgroups + 1)], "per_group": size,
        "difference": difference.round(3), "ci_low": (difference - margin).round(3), "ci_high": (difference + margin).round(3),
        "looks_like_it_works": difference + margin < 0,
        "found_a_difference": (difference - margin > 0) | (difference + margin < 0),
    })


def chance_of_a_false_subgroup(subgroups: int, alpha: float = 0.05) -> float:
    """The chance that at least one of ``subgroups`` independent looks finds a difference by chance alone."""
    return 1 - (1 - alpha) ** subgroups


def expected_false_subgroups(subgroups: int, alpha: float = 0.05) -> float:
    """How many of ``subgroups`` looks are expected to find a difference by chance alone."""
    return subgroups * alpha


# --- helpers --------------------------------------------------------------------------------


def _bounded(value: object, low: int, high: int, name: str) -> int:
    try:
        number = int(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a whole number, not {value!r}") from None
    if not low <= number <= high:
        raise ValueError(f"{name} must be between {low:,} and {high:,}; you gave {number:,}")
    return number


def _day_on_grid(day: float) -> float:
    """Simulated scores are daily: a start day is rounded to the nearest whole day."""
    return float(round(day))
