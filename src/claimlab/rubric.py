"""The article rubric: judge a health article criterion by criterion, with a reason for each.

Each criterion (from ``article-criteria.csv``, adapted from HealthNewsReview's criteria) is
rated satisfactory, not satisfactory, not applicable or can't tell, and every rating needs a
reason. Following CASP, the rubric never adds the ratings up into a score: the summary says
*where* the article falls short, and many "can't tell" answers are a finding in themselves.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from pathlib import Path

import ipywidgets as widgets
import pandas as pd

from claimlab.feedback import NOT_ANSWERED
from claimlab.paths import reference_dir
from claimlab.wording import cell_text

CRITERIA_FILE = "article-criteria.csv"
RATINGS = {
    "satisfactory": "Satisfactory",
    "not_satisfactory": "Not satisfactory",
    "not_applicable": "Not applicable",
    "cant_tell": "Can't tell",
}
RATING_ALIASES = {"n/a": "not_applicable", "na": "not_applicable", "cannot_tell": "cant_tell",
                  "unsatisfactory": "not_satisfactory"}  # fmt: skip
NOT_RATED = "not rated"
NO_RATINGS = ("Nothing has been rated yet, so this says nothing about the article: no criterion is satisfied "
              "or unsatisfied until someone rates it (a case's model answer is its rubric-appraisal.csv).")
NO_MODEL = ("No model answer is recorded for this case yet (its rubric-appraisal.csv is empty), so there is "
            "nothing to compare with: an empty model answer is not a clean bill of health for the article.")


@dataclass
class RubricSummary:
    """Counts by rating and the criteria the article does not satisfy. Deliberately no score."""

    counts: dict[str, int]
    not_satisfied: list[str] = field(default_factory=list)
    cant_tell: list[str] = field(default_factory=list)
    not_rated: list[str] = field(default_factory=list)

    def text(self) -> str:
        """The summary in words (criteria by their titles, not their ids)."""
        titles = criterion_titles()
        named = lambda ids: ", ".join(titles.get(i, i) for i in ids)  # noqa: E731
        counts = ", ".join(f"{RATINGS.get(k, k)}: {n}" for k, n in self.counts.items())
        lines = [f"Ratings: {counts}."]
        if not any(self.counts.values()):
            lines.append(NO_RATINGS)
        elif self.not_satisfied:
            lines.append("Not satisfied: " + named(self.not_satisfied) + ".")
        else:
            lines.append("No criterion was rated not satisfactory.")
        if self.cant_tell:
            lines.append(
                "Can't tell: " + named(self.cant_tell) + ". Information the article leaves "
                "out is itself a finding."
            )
        if self.not_rated:
            lines.append("Not rated yet: " + named(self.not_rated) + ".")
        lines.append("There is no total score: the point is where the article falls short, and why.")
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.text()


def load_article_criteria(path: str | Path | None = None) -> pd.DataFrame:
    """The article criteria (article-criteria.csv), one row per criterion."""
    path = Path(path) if path is not None else reference_dir() / CRITERIA_FILE
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def criterion_titles() -> dict[str, str]:
    """Each criterion id with the title a learner reads (article-criteria.csv)."""
    table = load_article_criteria()
    return dict(zip(table["criterion_id"], table["title"]))


def rubric_worksheet(criteria: pd.DataFrame | None = None) -> pd.DataFrame:
    """An empty worksheet: one row per criterion, with rating and reason to fill in."""
    table = load_article_criteria() if criteria is None else criteria
    columns = [c for c in ("title", "question", "satisfactory_when", "not_satisfactory_when") if c in table]
    sheet = table.set_index("criterion_id")[columns].copy()
    sheet["rating"] = ""
    sheet["reason"] = ""
    return sheet


def check_rubric(answers: object, criteria: pd.DataFrame | None = None) -> list[str]:
    """Problems with a filled-in rubric: unknown criteria or ratings, missing ratings or reasons."""
    rows, problems = _answer_rows(answers)
    if problems:
        return problems
    table = load_article_criteria() if criteria is None else criteria
    known = [str(c) for c in table["criterion_id"]]
    seen: set[str] = set()
    for row in rows:
        cid = row["criterion_id"]
        if cid not in known:
            problems.append(f"'{cid}' is not one of the criteria ({', '.join(known)}).")
            continue
        if cid in seen:
            problems.append(f"{cid}: answered more than once; keep one answer.")
            continue
        seen.add(cid)
        if not cell_text(row["rating"]) and not cell_text(row["reason"]):
            problems.append(f"{cid}: {NOT_ANSWERED}.")
            continue
        if not cell_text(row["rating"]):
            problems.append(f"{cid}: no rating yet; choose one of {_rating_list()}.")
        elif _rating_id(row["rating"]) is None:
            problems.append(f"{cid}: {row['rating']!r} is not a rating; use one of {_rating_list()}.")
        if not cell_text(row["reason"]):
            problems.append(f"{cid}: give a reason (what in the article supports your rating?).")
    problems += [f"{cid}: {NOT_ANSWERED}." for cid in known if cid not in seen]
    return problems


def summarise_rubric(answers: object) -> RubricSummary:
    """Counts by rating and the list of criteria not satisfied; never a score."""
    rows, _problems = _answer_rows(answers)
    counts = {rating: 0 for rating in RATINGS}
    summary = RubricSummary(counts=counts)
    for row in rows:
        rating = _rating_id(row["rating"])
        if rating is None:
            summary.not_rated.append(row["criterion_id"])
            continue
        counts[rating] += 1
        if rating == "not_satisfactory":
            summary.not_satisfied.append(row["criterion_id"])
        elif rating == "cant_tell":
            summary.cant_tell.append(row["criterion_id"])
    counts[NOT_RATED] = len(summary.not_rated)
    return summary


RATE_FIRST = "Rate this criterion first; then the model answer shows here."
NO_MODEL_YET = ("The case has no model answer for this criterion yet, so there is nothing to compare "
                "with: that is not a sign that the article does well on it.")


def compare_with_model(answers: object, model_answers: object, reveal: bool = False) -> pd.DataFrame:
    """Your rating next to the model rating for each criterion you rated, with the model's reason.

    The model's rating and reason for a criterion show only once you have rated it, so a
    learner who checks before trying sees no answers; ``reveal=True`` (a button that says so)
    shows them all.
    """
    yours = {row["criterion_id"]: row for row in _answer_rows(answers)[0]}
    model = {row["criterion_id"]: row for row in _answer_rows(model_answers)[0]}
    records = []
    extra = [c for c in yours if c not in model and cell_text(yours[c]["rating"])]
    for cid in [*model, *extra]:
        mine, theirs = yours.get(cid), model.get(cid)
        your_rating = _rating_id(mine["rating"]) if mine else None
        model_rating = _rating_id(theirs["rating"]) if theirs else None
        model_reason = cell_text(theirs["reason"]) if theirs else NO_MODEL_YET
        if theirs is None:
            agreement = "no model answer"
        elif your_rating is None:
            agreement = "not answered"
            if not reveal:
                model_rating, model_reason = None, RATE_FIRST
        else:
            agreement = "same" if your_rating == model_rating else "different"
        records.append(
            {
                "criterion_id": cid,
                "your_rating": your_rating or "",
                "model_rating": model_rating or "",
                "agreement": agreement,
                "your_reason": cell_text(mine["reason"]) if mine else "",
                "model_reason": model_reason,
            }
        )
    columns = ["criterion_id", "your_rating", "model_rating", "agreement", "your_reason", "model_reason"]
    table = pd.DataFrame(records, columns=columns)
    if not model:
        from claimlab.notices import table_with_notice

        return table_with_notice(table, NO_MODEL, always=True)
    return table


def rubric_widget(criteria: pd.DataFrame | None = None, model_answers: object = None) -> RubricWidget:
    """A worksheet widget: a rating and a reason per criterion, then check and compare."""
    return RubricWidget(load_article_criteria() if criteria is None else criteria, model_answers)


class RubricWidget(widgets.VBox):
    """The rubric widget; its controls are attributes so tests can fill them in."""

    def __init__(self, criteria: pd.DataFrame, model_answers: object = None):
        self.criteria = criteria
        self.model_answers = model_answers
        e = html.escape
        self.ratings: dict[str, widgets.Dropdown] = {}
        self.reasons: dict[str, widgets.Textarea] = {}
        rows: list[widgets.Widget] = [
            widgets.HTML(
                "<p>Rate each criterion and give a reason from the article. There is no total "
                "score: what matters is where the article falls short, and why.</p>"
            )
        ]
        for n, row in enumerate(criteria.itertuples(index=False), 1):
            cid = str(row.criterion_id)
            guide = ""
            if getattr(row, "satisfactory_when", ""):
                guide = (
                    f"<br><i>Satisfactory when:</i> {e(str(row.satisfactory_when))}"
                    f"<br><i>Not satisfactory when:</i> {e(str(getattr(row, 'not_satisfactory_when', '')))}"
                )
            rows.append(widgets.HTML(f"<p><b>{n}. {e(str(row.title))}</b>: {e(str(row.question))}{guide}</p>"))
            self.ratings[cid] = widgets.Dropdown(
                options=[("(choose a rating)", ""), *[(label, key) for key, label in RATINGS.items()]],
                value="",
                description=f"Rating for {row.title}:",
                style={"description_width": "initial"},
            )
            self.reasons[cid] = widgets.Textarea(
                placeholder="Your reason: what in the article supports this rating?",
                description="Reason:",
                tooltip=f"Your reason for the rating of {row.title}",
                layout=widgets.Layout(width="40em", height="4em"),
            )
            rows += [self.ratings[cid], self.reasons[cid]]
        label = "Check my answers" + (" and compare with the model" if model_answers is not None else "")
        self.check_button = widgets.Button(description=label, layout=widgets.Layout(width="auto"))
        self.check_button.on_click(lambda _b: self.check())
        buttons = [self.check_button]
        if model_answers is not None:
            self.reveal_button = widgets.Button(description="Show the whole model answer",
                                                tooltip="Show the model rating and reason for every criterion, "
                                                        "including those you have not rated")
            self.reveal_button.on_click(lambda _b: self.check(reveal=True))
            buttons.append(self.reveal_button)
        self.feedback = widgets.HTML()
        super().__init__([*rows, widgets.HBox(buttons), self.feedback])
        from claimlab.widget_style import readable

        readable(self)

    def answers(self) -> pd.DataFrame:
        """The learner's answers as a table (criterion_id, rating, reason)."""
        return pd.DataFrame(
            {
                "criterion_id": list(self.ratings),
                "rating": [w.value for w in self.ratings.values()],
                "reason": [w.value for w in self.reasons.values()],
            }
        )

    def check(self, reveal: bool = False) -> None:
        """Show problems, the summary and, if there is a model, the comparison for what was rated."""
        answers = self.answers()
        e = html.escape
        parts = []
        problems = check_rubric(answers, self.criteria)
        if problems:
            items = "".join(f"<li>{e(p)}</li>" for p in problems)
            parts.append(f"<p><b>Still to do ({len(problems)}):</b></p><ul>{items}</ul>")
        else:
            parts.append("<p><b>Complete:</b> every criterion has a rating and a reason.</p>")
        summary = summarise_rubric(answers).text().replace("\n", "<br>")
        parts.append(f"<p>{summary}</p>")
        if self.model_answers is not None:
            parts.append(comparison_html(compare_with_model(answers, self.model_answers, reveal=reveal)))
        self.feedback.value = f'<div role="status" aria-live="polite">{"".join(parts)}</div>'


def comparison_html(comparison: pd.DataFrame) -> str:
    """A comparison table as accessible HTML (agreement in words, not colour)."""
    e = html.escape
    header = "".join(
        f'<th scope="col">{e(name)}</th>'
        for name in ("Criterion", "Your rating", "Model rating", "Agreement", "Model reason")
    )
    body = "".join(
        "<tr>"
        f'<th scope="row">{e(row.criterion_id)}</th>'
        f"<td>{e(RATINGS.get(row.your_rating, row.your_rating or '(none)'))}</td>"
        f"<td>{e(RATINGS.get(row.model_rating, row.model_rating or '(none)'))}</td>"
        f"<td>{e(row.agreement)}</td>"
        f"<td>{e(row.model_reason)}</td>"
        "</tr>"
        for row in comparison.itertuples(index=False)
    )
    same = int((comparison["agreement"] == "same").sum())
    caption = f"Your answers and the model answer: same rating on {same} of {len(comparison)} criteria"
    return f"<table><caption>{e(caption)}</caption><thead><tr>{header}</tr></thead><tbody>{body}</tbody></table>"


# --- helpers ------------------------------------------------------------------------------


def _answer_rows(answers: object) -> tuple[list[dict], list[str]]:
    """Answers in any accepted shape -> rows of criterion_id, rating, reason (and problems)."""
    if answers is None:
        return [], ["No answers yet: fill in the worksheet first."]
    records: list[dict] = []
    if isinstance(answers, pd.DataFrame):
        table = answers
        if "criterion_id" not in table.columns:
            table = table.rename_axis("criterion_id").reset_index()
        if "rating" not in table.columns:
            return [], ["The answers table needs a 'rating' column (and a 'reason' column)."]
        for row in table.to_dict("records"):
            records.append(row)
    elif isinstance(answers, dict):
        for cid, value in answers.items():
            if isinstance(value, dict):
                records.append({"criterion_id": cid, **value})
            elif isinstance(value, (tuple, list)):
                records.append({"criterion_id": cid, "rating": value[0] if value else "",
                                "reason": value[1] if len(value) > 1 else ""})  # fmt: skip
            else:
                records.append({"criterion_id": cid, "rating": value, "reason": ""})
    elif isinstance(answers, list) and all(isinstance(item, dict) for item in answers):
        records = list(answers)
    else:
        return [], [
            f"Answers should be the worksheet table, a dict of criterion -> (rating, reason) "
            f"or a list of dicts; got {type(answers).__name__}."
        ]
    rows = [
        {"criterion_id": cell_text(r.get("criterion_id")), "rating": r.get("rating", ""), "reason": r.get("reason", "")}
        for r in records
    ]
    return rows, []


def _rating_id(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    word = value.strip().lower().replace("'", "").replace("\u2019", "")
    word = RATING_ALIASES.get(word, word)
    word = "_".join(word.replace("-", " ").split())
    word = RATING_ALIASES.get(word, word)
    return word if word in RATINGS else None


def _rating_list() -> str:
    return ", ".join(RATINGS)

