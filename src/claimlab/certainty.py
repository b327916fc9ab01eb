"""Certainty of evidence, GRADE-style: how sure can we be about the effect on one outcome?

GRADE rates a *body of evidence for one outcome* (all the studies that measured it), never a
single study. Randomised trials start at high certainty and observational studies at low.
Each of five concerns can rate the evidence down one level (serious) or two (very serious);
three reasons can rate observational evidence up when nothing rated it down. The result is
one of four levels: high, moderate, low, very low.
"""

from __future__ import annotations

import html
import numbers
from dataclasses import dataclass, field

import ipywidgets as widgets

from claimlab import vocabulary
from claimlab.feedback import NOT_ANSWERED

LEVELS = ("very low", "low", "moderate", "high")
STARTS = {"randomized": "high", "observational": "low"}
# GRADE's two starting points; a design code from study-designs.csv also works (its grade_start column).
START_WORDS = {"randomized": "randomized", "randomised": "randomized", "observational": "observational"}

DOWNGRADES = {
    "risk_of_bias": "Risk of bias",
    "inconsistency": "Inconsistency",
    "indirectness": "Indirectness",
    "imprecision": "Imprecision",
    "publication_bias": "Publication bias",
}
DOWNGRADE_HELP = {
    "risk_of_bias": "flaws in how the studies were done (e.g. self-selected samples, no blinding)",
    "inconsistency": "the studies' results disagree more than chance would explain",
    "indirectness": "the people, treatment, comparison or outcome differ from the question asked",
    "imprecision": "few people or events, so the result is compatible with very different effects",
    "publication_bias": "studies with disappointing results are likely missing",
}
UPGRADES = {
    "large_effect": "Large effect",
    "dose_response": "Dose-response gradient",
    "plausible_confounding": "Plausible confounding would reduce the effect",
}
UPGRADE_MAX = {"large_effect": 2, "dose_response": 1, "plausible_confounding": 1}
SEVERITY_WORDS = {
    "none": 0, "no": 0, "not serious": 0, "": 0,
    "serious": 1, "likely": 1, "suspected": 1,
    "very serious": 2, "very likely": 2, "strongly suspected": 2,
}  # fmt: skip
UPGRADE_WORDS = {"none": 0, "no": 0, "": 0, "yes": 1, "large": 1, "very large": 2}

PLAIN_LANGUAGE = {
    "high": "We can be confident about the effect on {outcome}: further research is very "
    "unlikely to change the picture much.",
    "moderate": "The effect on {outcome} is probably close to what the studies found, but "
    "further research could still change the picture.",
    "low": "Our confidence in the effect on {outcome} is limited: the real effect may be quite "
    "different from what the studies found.",
    "very low": "We are very uncertain about the effect on {outcome}: the studies tell us little, "
    "and the real effect could be very different from what they suggest.",
}


@dataclass
class CertaintyJudgement:
    """A certainty rating for one outcome: where it started, what moved it, where it ended."""

    outcome: str
    start: str | None
    start_level: str | None
    final_level: str | None
    steps: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    missing_justifications: list[str] = field(default_factory=list)

    def plain_language(self) -> str:
        """One sentence a non-specialist can read."""
        if self.final_level is None:
            return f"No certainty rating yet for {self.outcome}: choose a starting design first."
        return PLAIN_LANGUAGE[self.final_level].format(outcome=self.outcome)

    def summary(self) -> str:
        """The rating, its steps and any warnings, as plain text."""
        lines = [f"Outcome: {self.outcome}", f"Certainty: {self.final_level or 'not rated'}"]
        lines += [f"  - {step}" for step in self.steps]
        lines += [f"Warning: {warning}" for warning in self.warnings]
        lines.append(self.plain_language())
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.summary()

    def _repr_html_(self) -> str:
        return assessment_html(self)


def start_kind(start: object) -> str | None:
    """'randomized' or 'observational' for a starting point or a design code (e.g. 'cohort'); None if unknown."""
    if not isinstance(start, str):
        return None
    word = start.strip().lower()
    if word in START_WORDS:
        return START_WORDS[word]
    level = vocabulary.grade_start(word.replace(" ", "_").replace("randomised", "randomized"))
    return {"high": "randomized", "low": "observational"}.get(level or "")


def assess_certainty(
    start: str,
    downgrades: dict[str, int | str] | None = None,
    upgrades: dict[str, int | str] | None = None,
    justifications: dict[str, str] | None = None,
    outcome: str = "this outcome",
) -> CertaintyJudgement:
    """Rate the certainty of a body of evidence for one outcome, GRADE-style."""
    warnings: list[str] = []
    steps: list[str] = []
    reasons = _justifications(justifications, warnings)
    down = _domain_values(downgrades, DOWNGRADES, {d: 2 for d in DOWNGRADES}, "downgrades", warnings)
    up = _domain_values(upgrades, UPGRADES, UPGRADE_MAX, "upgrades", warnings)

    if start is ... or start is None or (isinstance(start, str) and start.strip() in ("", "...", "\u2026")):
        warnings.append(f"{NOT_ANSWERED.capitalize()}: replace the ... with the starting design, 'randomized' or "
                        "'observational', then run the cell again.")
        return CertaintyJudgement(outcome, None, None, None, steps, warnings, [])
    kind = start_kind(start)
    if kind is None:
        warnings.append(
            f"Unknown starting design {start!r}: choose 'randomized' (randomised trials start "
            "high) or 'observational' (observational studies start low). For a systematic review, "
            "choose the design of the studies it included. Lab, animal and "
            "pharmacokinetic studies do not measure the outcome in people; their findings count "
            "as indirect evidence."
        )
        return CertaintyJudgement(outcome, None, None, None, steps, warnings, [])

    start_level = STARTS[kind]
    score = LEVELS.index(start_level)
    design_words = "Randomised trials" if kind == "randomized" else "Observational studies"
    steps.append(f"Start: {design_words.lower()} start at {start_level}.")

    missing = []
    for domain, amount in down.items():
        if not amount:
            continue
        score -= amount
        word = "very serious" if amount == 2 else "serious"
        if domain == "publication_bias":
            word = "very likely" if amount == 2 else "likely"
        steps.append(
            f"{DOWNGRADES[domain]}: {word} (down {amount}) -> {_level_at(score)}{_floor(score)}."
            + _why(domain, reasons, missing)
        )

    rated_down = any(down.values())
    wanted_up = {d: a for d, a in up.items() if a}
    if wanted_up and kind == "randomized":
        warnings.append(
            "Upgrades were not applied: GRADE rates up only observational evidence. "
            "Randomised evidence already starts at high."
        )
    elif wanted_up and rated_down:
        warnings.append(
            "Upgrades were not applied: GRADE considers rating up only methodologically rigorous "
            "observational evidence, so usually only when nothing rated it down, and this evidence was rated down."
        )
    else:
        for domain, amount in wanted_up.items():
            score += amount
            steps.append(
                f"{UPGRADES[domain]} (up {amount}) -> {_level_at(score)}{_ceiling(score)}."
                + _why(domain, reasons, missing)
            )

    final = _level_at(score)
    if len(steps) == 1:
        steps.append(f"No reason to rate down or up: stays at {final}.")
    for domain in missing:
        name = DOWNGRADES.get(domain) or UPGRADES[domain]
        warnings.append(f"{name} was rated but has no justification: say why in one line.")
    return CertaintyJudgement(outcome, kind, start_level, final, steps, warnings, missing)


def certainty_calculator(outcome: str = "this outcome") -> CertaintyCalculator:
    """A widget to rate the certainty of the evidence for one outcome, with a live result."""
    return CertaintyCalculator(outcome)


class CertaintyCalculator(widgets.VBox):
    """The certainty calculator widget; its controls are attributes so tests can set them."""

    def __init__(self, outcome: str = "this outcome"):
        self.outcome = outcome
        e = html.escape
        self.heading = widgets.HTML(
            f"<h3>Certainty of the evidence for one outcome: {e(outcome)}</h3>"
            '<p role="note"><b>Rate the whole body of evidence for this one outcome</b> '
            "(all the studies that measured it), not a single study. A different outcome "
            "(say, harms instead of benefits) needs its own rating.</p>"
        )
        self.start = widgets.Dropdown(
            options=[
                ("Randomised trials (start: high)", "randomized"),
                ("Observational studies (start: low)", "observational"),
            ],
            value="observational",
            description="Studies are",
            style={"description_width": "initial"},
        )
        self.downgrade_choices: dict[str, widgets.Dropdown] = {}
        self.justifications: dict[str, widgets.Text] = {}
        rows = [widgets.HTML("<b>Reasons to rate down</b>")]
        for domain, name in DOWNGRADES.items():
            words = ["likely", "very likely"] if domain == "publication_bias" else ["serious", "very serious"]
            self.downgrade_choices[domain] = widgets.Dropdown(
                options=[("none", 0), (f"{words[0]} (-1)", 1), (f"{words[1]} (-2)", 2)],
                value=0,
                description=name,
                style={"description_width": "10em"},
                tooltip=DOWNGRADE_HELP[domain],
            )
            self.justifications[domain] = widgets.Text(
                placeholder=f"Why? ({DOWNGRADE_HELP[domain]})",
                description="Why:",
                tooltip=f"Why you rated {name.lower()} this way",
                layout=widgets.Layout(width="32em"),
            )
            rows.append(widgets.HBox([self.downgrade_choices[domain], self.justifications[domain]]))
        rows.append(widgets.HTML("<b>Reasons to rate up</b> (observational evidence only)"))
        self.upgrade_choices: dict[str, widgets.Dropdown] = {}
        for domain, name in UPGRADES.items():
            options = [("no", 0), ("yes (+1)", 1)]
            if domain == "large_effect":
                options = [("no", 0), ("large (+1)", 1), ("very large (+2)", 2)]
            self.upgrade_choices[domain] = widgets.Dropdown(
                options=options, value=0, description=name, style={"description_width": "20em"}
            )
            self.justifications[domain] = widgets.Text(
                placeholder="Why?",
                description="Why:",
                tooltip=f"Why you rated up for {name.lower()}",
                layout=widgets.Layout(width="24em"),
            )
            rows.append(widgets.HBox([self.upgrade_choices[domain], self.justifications[domain]]))
        self.result = widgets.HTML()
        controls = [self.start, *self.downgrade_choices.values(), *self.upgrade_choices.values()]
        for control in [*controls, *self.justifications.values()]:
            control.observe(lambda _change: self.update(), names="value")
        super().__init__([self.heading, self.start, *rows, self.result])
        from claimlab.widget_style import readable

        readable(self)
        self.update()

    @property
    def assessment(self) -> CertaintyJudgement:
        """The assessment for the values now set in the widget."""
        return assess_certainty(
            self.start.value,
            {d: w.value for d, w in self.downgrade_choices.items()},
            {d: w.value for d, w in self.upgrade_choices.items()},
            {d: w.value for d, w in self.justifications.items()},
            outcome=self.outcome,
        )

    def update(self) -> None:
        """Recompute the result line from the controls."""
        self.result.value = assessment_html(self.assessment)


def assessment_html(assessment: CertaintyJudgement) -> str:
    """An assessment as HTML: level in words, steps, warnings, plain-language sentence."""
    e = html.escape
    steps = "".join(f"<li>{e(step)}</li>" for step in assessment.steps)
    warnings = "".join(f"<li>Warning: {e(w)}</li>" for w in assessment.warnings)
    level = assessment.final_level or "not rated"
    return (
        '<div role="status" aria-live="polite" style="border:2px solid #444;padding:0.5em">'
        f"<p><b>Certainty for {e(assessment.outcome)}: {e(level)}</b></p>"
        f"<ol>{steps}</ol>"
        + (f"<ul>{warnings}</ul>" if warnings else "")
        + f"<p>{e(assessment.plain_language())}</p></div>"
    )


# --- helpers ------------------------------------------------------------------------------


def _domain_values(values, known: dict, maximum: dict, kind: str, warnings: list[str]) -> dict[str, int]:
    result = {domain: 0 for domain in known}
    if values is None:
        return result
    if not isinstance(values, dict):
        warnings.append(f"{kind} should be a dict of domain -> 0, 1 or 2; got {type(values).__name__}, ignored.")
        return result
    words = UPGRADE_WORDS if kind == "upgrades" else SEVERITY_WORDS
    for domain, value in values.items():
        if domain not in known:
            warnings.append(
                f"Unknown {kind[:-1]} domain {domain!r} ignored. Known: {', '.join(known)}."
            )
            continue
        amount = words.get(value.strip().lower()) if isinstance(value, str) else value
        if value is None:
            amount = 0
        elif isinstance(amount, numbers.Integral) and not isinstance(amount, bool):
            amount = int(amount)  # numpy integers from a table count too
        if isinstance(amount, bool) or not isinstance(amount, int) or not 0 <= amount <= maximum[domain]:
            warnings.append(
                f"{known[domain]}: {value!r} is not allowed (use 0 to {maximum[domain]}); ignored."
            )
            continue
        result[domain] = amount
    return result


def _justifications(values, warnings: list[str]) -> dict[str, str]:
    if values is None:
        return {}
    if not isinstance(values, dict):
        warnings.append(f"justifications should be a dict of domain -> text; got {type(values).__name__}, ignored.")
        return {}
    known = {**DOWNGRADES, **UPGRADES}
    reasons = {}
    for domain, text in values.items():
        if domain not in known:
            warnings.append(f"Justification for unknown domain {domain!r} ignored.")
            continue
        reasons[domain] = "" if text is None else str(text).strip()
    return reasons


def _why(domain: str, reasons: dict[str, str], missing: list[str]) -> str:
    if reasons.get(domain):
        return f" Why: {reasons[domain]}"
    missing.append(domain)
    return " Why: (no justification given)"


def _level_at(score: int) -> str:
    return LEVELS[min(max(score, 0), len(LEVELS) - 1)]


def _floor(score: int) -> str:
    return " (the lowest level: it cannot go lower)" if score < 0 else ""


def _ceiling(score: int) -> str:
    return " (the highest level: it cannot go higher)" if score >= len(LEVELS) else ""


# --- the case author's worked rating (certainty-appraisal.csv) --------------------------------

RATING_STEPS = {"not_serious": 0, "serious": 1, "very_serious": 2, "none": 0, "one_level": 1, "two_levels": 2}
NO_APPRAISAL = ("No worked certainty rating recorded yet for this case: add rows to certainty-appraisal.csv "
                "(a start row and one row per concern, each with its reason; see the case README). Until then, "
                "rate the evidence yourself in the calculator below.")


def worked_rating(case, outcome_id: str | None = None, upgrades: dict[str, int | str] | None = None):
    """The case author's GRADE-style rating of one outcome, from certainty-appraisal.csv (a Notice if none).

    ``upgrades`` adds reasons to rate up on top of the author's rows, to see what GRADE does with them.
    """
    from claimlab.notices import Notice
    from claimlab.schema import split_list

    table = getattr(case, "certainty_appraisal", None)
    if table is None or table.empty:
        return Notice(NO_APPRAISAL)
    outcome_id = outcome_id or str(table["outcome_id"].iloc[0])
    rows = table[table["outcome_id"] == outcome_id]
    if rows.empty:
        known = ", ".join(dict.fromkeys(table["outcome_id"]))
        raise ValueError(f"No outcome {outcome_id!r} in certainty-appraisal.csv; its outcomes are: {known}.")
    start = rows.loc[rows["domain"] == "start", "rating"]
    if start.empty:
        return Notice(f"certainty-appraisal.csv has no start row for {outcome_id}: add one whose rating is "
                      "randomized or observational.")
    down: dict[str, int | str] = {}
    up: dict[str, int | str] = {}
    why: dict[str, str] = {}
    for row in rows.itertuples():
        ids = split_list(row.study_ids)
        reason = str(row.reason) + (f" ({', '.join(ids)})" if ids else "")
        if row.domain in DOWNGRADES:
            down[row.domain] = RATING_STEPS.get(str(row.rating), 0)
        elif row.domain in UPGRADES:
            up[row.domain] = RATING_STEPS.get(str(row.rating), 0)
        else:
            continue
        why[row.domain] = reason
    for domain, amount in (upgrades or {}).items():
        up[domain] = amount
        why.setdefault(domain, "tried in the lesson, to see what GRADE does with it")
    return assess_certainty(str(start.iloc[0]), down, up, justifications=why, outcome=str(rows["outcome"].iloc[0]))


def worked_rating_reasons(case, outcome_id: str | None = None):
    """The case author's rating as a table: each step, its rating, its reason and the studies it rests on."""
    from claimlab.notices import table_with_notice

    table = getattr(case, "certainty_appraisal", None)
    columns = ["step", "rating", "reason", "studies"]
    if table is None or table.empty:
        import pandas as pd

        return table_with_notice(pd.DataFrame(columns=columns), NO_APPRAISAL)
    outcome_id = outcome_id or str(table["outcome_id"].iloc[0])
    rows = table[table["outcome_id"] == outcome_id]
    names = {"start": "Start", **DOWNGRADES, **UPGRADES}
    shown = rows.assign(step=[names.get(d, d) for d in rows["domain"]],
                        rating=[str(r).replace("_", " ") for r in rows["rating"]],
                        studies=[str(v).replace(";", ", ") for v in rows["study_ids"]])
    return shown[columns].set_index("step")
