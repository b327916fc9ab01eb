"""A case's studies seen through their designs: examples to classify, quizzes built from the data.

The lesson "What kind of study is that?" uses these helpers so that it works for any case:
the studies to classify, the options of a "which design is this?" question and the count of
designs all come from the case's ``studies`` table and ``study-designs.csv``, never from text
typed into the notebook. The decision path itself lives in ``claimlab.designs``.

On a case whose studies table is still empty, the helpers return a ``Notice`` (or a table that
shows one) saying what to add, and pass a notice they are given straight on, so the lesson runs.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from claimlab import vocabulary
from claimlab.notices import NO_CLAIMS, Notice, nothing_recorded, table_with_notice
from claimlab.designs import (
    ARGUMENT_FOR,
    FIRST_QUESTION,
    NO,
    QUESTIONS,
    YES,
    evidence_ladder,
    load_study_designs,
)
from claimlab.schema import split_list
from claimlab.wording import listing

NO_STUDIES = nothing_recorded("studies.csv")
Steps = list[tuple[str, bool]]  # (question id, answer) from the first question to a design


def design_paths(design: str) -> list[Steps]:
    """Every way through the decision path that ends at this design (shortest first)."""
    found: list[Steps] = []

    def walk(node: str, path: Steps) -> None:
        if node not in QUESTIONS:
            if node == design:
                found.append(path)
            return
        question = QUESTIONS[node]
        walk(question.yes, [*path, (node, True)])
        walk(question.no, [*path, (node, False)])

    walk(FIRST_QUESTION, [])
    if not found:
        raise ValueError(f"No path of the design guide ends at '{design}'.")
    return sorted(found, key=len)


def usual_path(design: str) -> Steps:
    """The one way to a design that the lesson shows: where there are two, the one that assumes less.

    Only the case series can be reached two ways (investigators gave the treatment, or people
    chose it); a report that does not say is read as observational, as the guide does elsewhere.
    """
    paths = design_paths(design)
    observed = [p for p in paths if ("investigators_assigned", False) in p]
    return observed[0] if observed else paths[0]


def design_answers(design: str | Notice) -> dict[str, bool] | Notice:
    """The answers (arguments of classify_design) that lead to this design (a Notice is passed on)."""
    if isinstance(design, Notice):
        return design
    return {ARGUMENT_FOR.get(qid, qid): answer for qid, answer in usual_path(design)}


def answers_table(design: str | Notice) -> pd.DataFrame | Notice:
    """The questions and answers that lead to this design, one row per step (a Notice is passed on)."""
    if isinstance(design, Notice):
        return design
    path = usual_path(design)
    return pd.DataFrame(
        {
            "step": range(1, len(path) + 1),
            "question": [QUESTIONS[qid].text for qid, _ in path],
            "answer": [YES if answer else NO for _, answer in path],
            "what to look for": [QUESTIONS[qid].explanation for qid, _ in path],
        }
    )


def example_studies(studies: pd.DataFrame, designs: pd.DataFrame | None = None) -> pd.DataFrame:
    """One study of each design in the case (the first listed), most common design first."""
    _need(studies, ["study_id", "design", "methods_summary"])
    if studies.empty:
        return table_with_notice(studies.copy(), NO_STUDIES)
    ladder = list(evidence_ladder(designs)["design"])
    counts = studies["design"].value_counts()
    rank = {d: (-int(counts[d]), ladder.index(d) if d in ladder else len(ladder)) for d in counts.index}
    first = studies.drop_duplicates("design")
    order = sorted(first.index, key=lambda i: rank[first.loc[i, "design"]])
    return first.loc[order].reset_index(drop=True)


def worked_example(examples: pd.DataFrame) -> pd.Series | Notice:
    """The first of the example studies, or a Notice when the case has no studies yet."""
    if examples.empty:
        return Notice(getattr(examples, "notice", "") or NO_STUDIES)
    return examples.iloc[0]


def what_they_did(study: pd.Series | Notice) -> str:
    """'study-id: what the investigators did' (its methods summary), or the notice's message."""
    if isinstance(study, Notice):
        return study.message
    return f"{study['study_id']}: {study['methods_summary']}"


def what_each_did(examples: pd.DataFrame) -> str:
    """what_they_did for every example study, a blank line after each; the notice when there are none."""
    if examples.empty:
        return getattr(examples, "notice", "") or NO_STUDIES
    return "\n\n".join(what_they_did(study) for _, study in examples.iterrows()) + "\n"


def most_linked_study(
    claims: pd.DataFrame, studies: pd.DataFrame, skip_designs: Iterable[str] = (),
    skip_reviews: bool = True,
) -> str | Notice:
    """The id of the study linked to the most claims, leaving out some designs (first listed on a tie).

    A case with no studies yet gets a Notice saying how to add them.
    """
    _need(studies, ["study_id", "design"])
    if studies.empty:
        return Notice(NO_STUDIES)
    skipped = set(skip_designs) | (set(vocabulary.designs_in_group("review")) if skip_reviews else set())
    kept = studies[~studies["design"].isin(skipped)]
    if kept.empty:  # every study has a skipped design: use them all rather than fail
        kept = studies
    links = pd.Series(0, index=list(kept["study_id"]))
    if "study_ids" in claims:
        for value in claims["study_ids"]:
            for study_id in split_list(value):
                if study_id in links.index:
                    links[study_id] += 1
    return str(links.idxmax())


def which_design_quiz(
    studies: pd.DataFrame, study_id: str | Notice, n_options: int = 4, designs: pd.DataFrame | None = None
) -> dict | Notice:
    """A 'which design is this?' question on one study: question, options and answer for multiple_choice."""
    if isinstance(study_id, Notice):
        return study_id
    _need(studies, ["study_id", "design", "methods_summary"])
    rows = studies[studies["study_id"] == study_id]
    if rows.empty:
        raise ValueError(f"'{study_id}' is not a study_id in this case.")
    study = rows.iloc[0]
    table = load_study_designs() if designs is None else designs
    labels = dict(zip(table["design"].astype(str), table["label"].astype(str)))
    right = str(study["design"])
    if right not in labels:
        raise ValueError(f"'{right}' (the design of {study_id}) is not in the table of designs.")
    others = [d for d in labels if d != right]
    nearest = sorted(others, key=lambda d: -_shared_steps(right, d)[0])  # stable: table order on ties
    chosen = nearest[: max(n_options - 2, 1)]
    extra = "randomized_trial" if right != "randomized_trial" and "randomized_trial" in labels else None
    pool = [extra] if extra and extra not in chosen else []
    pool += [d for d in nearest if d not in chosen and d != extra]
    chosen += pool[: max(n_options - 1 - len(chosen), 0)]
    shown = [d for d in labels if d in chosen or d == right]  # in the table's order
    options = {labels[d]: _option_feedback(d, right, labels) for d in shown}
    question = f"Which design is {study_id}? What the investigators did: {study['methods_summary']}"
    return {"question": question, "options": options, "answer": labels[right]}


def which_design_question(
    studies: pd.DataFrame, study_id: str | Notice, n_options: int = 4, designs: pd.DataFrame | None = None
):
    """The 'which design is this?' quiz widget on one study, or a Notice when there is no study to ask about."""
    quiz = which_design_quiz(studies, study_id, n_options, designs)
    if isinstance(quiz, Notice):
        return quiz
    from claimlab.quizzes import multiple_choice  # widgets are imported only when a quiz is shown

    return multiple_choice(**quiz)


def designs_in_case(studies: pd.DataFrame, designs: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every design on the ladder with how many of the case's studies have it, and which."""
    ladder = evidence_ladder(designs)
    has_design = "design" in studies and "study_id" in studies
    ids = studies.groupby("design")["study_id"].agg(list) if has_design and not studies.empty else {}
    table = pd.DataFrame(
        {
            "design": ladder["label"],
            "CEBM level": ladder["note"],
            "studies": [len(ids.get(d, [])) for d in ladder["design"]],
            "study ids": [", ".join(ids.get(d, [])) for d in ladder["design"]],
        }
    )
    return table_with_notice(table, NO_STUDIES, always=True) if studies.empty else table


def describe_designs(studies: pd.DataFrame, designs: pd.DataFrame | None = None) -> str:
    """The count of designs in words: how many studies sit on a ranked step, and which steps are empty."""
    counts = pd.DataFrame(designs_in_case(studies, designs))
    ladder = evidence_ladder(designs)
    counts["ranked"] = ladder["cebm_level"].notna().to_numpy()
    counts["code"] = ladder["design"].to_numpy()
    total = int(counts["studies"].sum())
    if total == 0:
        return NO_STUDIES
    ranked = counts[counts["ranked"]]
    found = [_named(int(n), label) for n, label in zip(ranked["studies"], ranked["design"]) if n]
    text = f"{_named(total, 'study')} in all. "
    if found:
        text += (f"{int(ranked['studies'].sum())} of them have a design ranked for 'does this help?': "
                 f"{listing(found, 'and')}.")
    else:
        text += "None of them has a design ranked for 'does this help?'."
    reviews = int(counts.loc[counts["code"] == "systematic_review", "studies"].sum())
    if reviews:
        text += " A systematic review is level 1 only when it gathers randomised trials: check what each one gathered."
    missing = [_short_label(label) for n, label in zip(ranked["studies"], ranked["design"]) if not n]
    if missing:
        text += f" No {listing(missing, 'or')}."
    return text


def linked_studies(
    claims: pd.DataFrame, studies: pd.DataFrame, claim_type: str | Iterable[str] = "efficacy",
    designs: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The studies linked to claims of one type (or of several), with their design and what it cannot show."""
    types = [claim_type] if isinstance(claim_type, str) else list(claim_type)
    table = load_study_designs() if designs is None else designs
    cards = table.set_index(table["design"].astype(str))
    wanted: list[str] = []
    if not claims.empty and {"claim_type", "study_ids"} <= set(claims.columns):
        for value in claims.loc[claims["claim_type"].isin(types), "study_ids"]:
            wanted += [s for s in split_list(value) if s not in wanted]
    rows = studies[studies["study_id"].isin(wanted)] if "study_id" in studies else studies.iloc[0:0]
    table = pd.DataFrame(
        {
            "study_id": list(rows.get("study_id", [])),
            "design": [cards["label"].get(str(d), str(d)) for d in rows.get("design", [])],
            "cannot show": [cards["cannot_show"].get(str(d), "") for d in rows.get("design", [])],
        }
    )
    missing = [name for name, t in (("claims.csv", claims), ("studies.csv", studies)) if t.empty]
    if not missing:
        return table
    return table_with_notice(table, NO_CLAIMS if missing == ["claims.csv"] else nothing_recorded(*missing))


# --- helpers ------------------------------------------------------------------------------


def _shared_steps(a: str, b: str) -> tuple[int, str | None, bool | None]:
    """Longest shared start of a path to a and a path to b: its length, the next question, b's answer."""
    return max((_parting(path_a, b) for path_a in design_paths(a)), key=lambda found: found[0])


def _parting(path_a: Steps, b: str) -> tuple[int, str | None, bool | None]:
    """Where a path to b leaves this path: steps shared, the question, and b's answer to it."""
    best: tuple[int, str | None, bool | None] = (-1, None, None)
    for path_b in design_paths(b):
        n = 0
        while n < min(len(path_a), len(path_b)) and path_a[n] == path_b[n]:
            n += 1
        if n > best[0]:
            best = (n, *path_b[n]) if n < len(path_b) else (n, None, None)
    return best


def _option_feedback(design: str, right: str, labels: dict[str, str]) -> str:
    """Why this option is right or wrong, from the decision path."""
    if design == right:
        qid, answer = usual_path(right)[-1]
        return (
            f"The case team recorded this design ({labels[right]}). The deciding question: "
            f"'{QUESTIONS[qid].text}' {YES if answer else NO}."
        )
    # Where the way to the wrong design leaves each way to the right one (a design may have two).
    partings = {_parting(path, design)[1:] for path in design_paths(right)}
    partings.discard((None, None))
    if len(partings) == 1:
        qid, needed = partings.pop()
        return (
            f"Not this design: it needs the answer {YES if needed else NO} to '{QUESTIONS[qid].text}', "
            f"but this summary points to {NO if needed else YES}. {QUESTIONS[qid].explanation}"
        )
    needs = " and ".join(f"{YES if needed else NO} to '{QUESTIONS[qid].text}'" for qid, needed in sorted(partings))
    return f"Not this design: it needs {needs}, and this summary does not give all of these."


def _short_label(label: str) -> str:
    """'Cohort study' -> 'cohort study'; 'Case series (several ...)' -> 'case series'."""
    return label.split(" (")[0].lower()


def _named(n: int, label: str) -> str:
    """'1 cohort study', '3 case series', '5 systematic reviews'."""
    name = _short_label(label)
    if n != 1 and not name.endswith("series"):
        name = name[:-1] + "ies" if name.endswith("study") else name + "s"
    return f"{n} {name}"


def _need(table: pd.DataFrame, columns: list[str]) -> None:
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise ValueError(f"The studies table has no column {', '.join(missing)}: is it a case's studies table?")
