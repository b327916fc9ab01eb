"""The pre/post assessment: multiple-choice items tied to Key Concepts, scored by concept.

The items live in ``datasets/assessment/items.csv`` (one scenario, one Informed Health Choices
Key Concept, 3 or 4 options, an explanation for every option), tied to a lesson objective in
``datasets/assessment/lesson-objectives.csv``. A learner scores their own answers by concept
(``score_answers``); an instructor loads a class's answer files, one row per learner
(``read_class_answers``, which reports every bad row with its line and reason), and compares
before with after (``class_summary``, ``pre_post_chart``, ``describe_pre_post``).

Each item is scored right or not right (dichotomously, as the IHC researchers scored theirs); an
item left unanswered counts as not right. Percentages are per learner, then averaged.

    items = load_items()
    pre, problems = read_class_answers("pre.csv")
    post, more = read_class_answers("post.csv")
    summary = class_summary(pre, post)
    show_chart(pre_post_chart(summary), describe_pre_post(summary))
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import altair as alt
import pandas as pd

from claimlab.escaping import csv_safe, csv_unsafe, csv_unsafe_frame
from claimlab.files import write_atomic
from claimlab.paths import REPO, datasets_dir
from claimlab.feedback import NOT_ANSWERED, Feedback
from claimlab.readfile import csv_records
from claimlab.sealing import SEALED_FILE, unsealed_items
from claimlab.schema import (
    CaseDataError, Problem, check_table, data_rows, read_schema, read_text_strictly, split_list, to_frame,
)
# A class's progress records (claimlab.progress), read like the pre/post answer files:
from claimlab.sittings import revealed
from claimlab.progress import progress_summary, read_progress  # noqa: F401

LETTERS = "abcd"
LEARNER_COLUMN = "learner"
LEARNER_ALIASES = {"learner", "learner_id", "student", "name", "id"}
UNANSWERED_MARKS = {"", "-", "na", "n/a", "none", "skip", "skipped"}
PRE_COLOUR = "#E69F00"   # Okabe-Ito orange
POST_COLOUR = "#0072B2"  # Okabe-Ito blue
GREY = "#999999"


# --- loading and checking ---------------------------------------------------------------------


def assessment_dir() -> Path:
    """The folder of the assessment's tables (datasets/assessment/)."""
    return datasets_dir() / "assessment"


def _read(resource: str) -> tuple[pd.DataFrame, list[Problem]]:
    package = json.loads((assessment_dir() / "datapackage.json").read_text(encoding="utf-8"))
    entry = next(r for r in package["resources"] if r["name"] == resource)
    schema_path = (assessment_dir() / entry["schema"]).resolve()
    if not schema_path.exists():
        schema_path = datasets_dir() / "schemas" / Path(entry["schema"]).name
    schema = read_schema(schema_path)
    path = assessment_dir() / entry["path"]
    rows, problems = check_table(path, schema, f"datasets/assessment/{entry['path']}")
    frame = to_frame(rows or [], schema)
    frame.attrs["lines"] = [row["_line"] for row in rows or []]
    return frame, problems


def check_assessment() -> list[Problem]:
    """Every problem in the items and objectives: schema, options, answers, concept ids, links."""
    from claimlab.cases import load_reference

    items, problems = _read("items")
    objectives, found = _read("lesson-objectives")
    problems += found
    known = set(load_reference("key-concepts")["concept_id"])
    label = "datasets/assessment/lesson-objectives.csv"
    seen: dict[tuple, int] = {}
    for line, row in zip(objectives.attrs["lines"], objectives.itertuples()):
        key = (row.lesson, row.objective_number)
        if key in seen:
            problems.append(Problem(label, line, "objective_number",
                                    f"lesson {row.lesson} objective {row.objective_number} is already on line {seen[key]}",
                                    "give each objective its own row"))
        seen.setdefault(key, line)
        for concept in split_list(row.key_concept):
            if concept not in known:
                problems.append(Problem(label, line, "key_concept", f"'{concept}' is not in key-concepts.csv",
                                        "use an id from datasets/reference/key-concepts.csv"))
    objective_concepts = {(r.lesson, r.objective_number): split_list(r.key_concept) for r in objectives.itertuples()}
    label = "datasets/assessment/items.csv"
    for line, (_, row) in zip(items.attrs["lines"], items.iterrows()):
        letters = [letter for letter in LETTERS if row[f"option_{letter}"]]
        if len(letters) < 3 or letters != list(LETTERS[: len(letters)]):
            problems.append(Problem(label, line, "option_a", "an item needs options a, b, c (and d if four), with no gaps",
                                    "fill in options in order, leaving only option_d empty for a three-option item"))
        for letter in LETTERS:
            if bool(row[f"option_{letter}"]) != bool(row[f"why_{letter}"]):
                problems.append(Problem(label, line, f"why_{letter}", f"option {letter} and its explanation must both be filled in or both empty",
                                        "write why the option is right or wrong, in the why_ column next to it"))
        if row["answer"] and row["answer"] not in letters:
            problems.append(Problem(label, line, "answer", f"the answer '{row['answer']}' is not one of the options",
                                    f"use one of: {', '.join(letters)}"))
        if row["key_concept"] and row["key_concept"] not in known:
            problems.append(Problem(label, line, "key_concept", f"'{row['key_concept']}' is not in key-concepts.csv",
                                    "use an id from datasets/reference/key-concepts.csv"))
        key = (row["lesson"], row["objective_number"])
        if key not in objective_concepts:
            problems.append(Problem(label, line, "objective_number",
                                    f"lesson {row['lesson']} has no objective {row['objective_number']} in lesson-objectives.csv",
                                    "use a lesson and objective listed in lesson-objectives.csv"))
        elif row["key_concept"] not in objective_concepts[key]:
            problems.append(Problem(label, line, "key_concept",
                                    f"objective {row['objective_number']} of lesson {row['lesson']} does not teach {row['key_concept']}",
                                    "tie the item to an objective that teaches its concept, or add the concept to that objective"))
    return problems


def load_items() -> pd.DataFrame:
    """The assessment items, checked; raises CaseDataError listing every problem.

    In a learner copy without items.csv, the items come from the sealed table (claimlab.sealing).
    """
    if not (assessment_dir() / "items.csv").exists() and (assessment_dir() / SEALED_FILE).exists():
        table = csv_unsafe_frame(pd.read_csv(assessment_dir() / SEALED_FILE, dtype=str, keep_default_na=False))
        items = unsealed_items(table)
        items["objective_number"] = pd.to_numeric(items["objective_number"], errors="coerce").astype("Int64")
        return items.astype({c: object for c in items.columns if c != "objective_number"}).reset_index(drop=True)
    items, problems = _read("items")
    if problems:
        raise CaseDataError(problems)
    return items.reset_index(drop=True)


def load_objectives() -> pd.DataFrame:
    """The lesson objectives with the Key Concepts each teaches, checked."""
    objectives, problems = _read("lesson-objectives")
    if problems:
        raise CaseDataError(problems)
    return objectives.reset_index(drop=True)


def concept_titles() -> dict[str, str]:
    """Key Concept id -> short title, from the kit's reference table."""
    from claimlab.cases import load_reference

    table = load_reference("key-concepts")
    return dict(zip(table["concept_id"], table["short_title"]))


def item_options(item: pd.Series) -> dict[str, tuple[str, str]]:
    """An item's options as letter -> (text, explanation), in order."""
    return {letter: (item[f"option_{letter}"], item[f"why_{letter}"]) for letter in LETTERS if item.get(f"option_{letter}")}


def notebook_objectives(path: Path) -> list[tuple[int, str]]:
    """The numbered objectives in the first cell of a lesson notebook, as (number, text)."""
    import nbformat

    first = nbformat.read(path, as_version=4).cells[0].source
    block = first.split("**Objectives**", 1)[1] if "**Objectives**" in first else ""
    block = block.split("**Minutes**", 1)[0]
    return [(int(number), text.strip()) for number, text in re.findall(r"^\s*(\d+)\.\s+(.+)$", block, re.MULTILINE)]


# --- one learner ----------------------------------------------------------------------------


def _normalise_answers(answers: object, items: pd.DataFrame) -> tuple[dict[str, str | None], list[str]]:
    """Answers as item id -> letter or None, and notes on anything that could not be used."""
    notes: list[str] = []
    result: dict[str, str | None] = {item_id: None for item_id in items["item_id"]}
    if answers is None or answers is ...:
        return result, notes
    if isinstance(answers, pd.Series):
        answers = answers.to_dict()
    if not isinstance(answers, dict):
        return result, [f"answers should be a dict such as {{'q01': 'b'}}, not a {type(answers).__name__}"]
    options = {row.item_id: [letter for letter in LETTERS if getattr(row, f"option_{letter}")] for row in items.itertuples()}
    for key, value in answers.items():
        item_id = _item_id(key)
        if item_id not in result:
            notes.append(f"'{key}' is not a question id (they run {items['item_id'].iloc[0]} to {items['item_id'].iloc[-1]})")
            continue
        letter = _letter(value)
        if letter is None:
            continue
        if letter not in options[item_id]:
            notes.append(f"{item_id}: '{value}' is not one of its options ({', '.join(options[item_id])}); counted as not answered")
            continue
        result[item_id] = letter
    return result, notes


def _letter(value: object) -> str | None:
    if value is None or value is ... or (isinstance(value, float) and pd.isna(value)) or value is pd.NA:
        return None
    text = str(value).strip().lower().rstrip(").")
    return None if text in UNANSWERED_MARKS else text


def _item_id(value: object) -> str:
    text = str(value).strip().lower()
    match = re.fullmatch(r"q\s*0*(\d+)", text)
    return f"q{int(match.group(1)):02d}" if match else text


def grade_item(item: pd.Series, choice: object) -> Feedback:
    """Right or not, with the explanation of the chosen option (and the right one when wrong)."""
    options = item_options(item)
    letter = _letter(choice)
    if letter is None:
        return Feedback(False, f"{item['item_id']}: {NOT_ANSWERED}.")
    if letter not in options:
        return Feedback(False, f"{item['item_id']}: '{choice}' is not an option; choose one of {', '.join(options)}.")
    text, why = options[letter]
    if letter == item["answer"]:
        return Feedback(True, f"{item['item_id']}: right. {why}")
    right_text, right_why = options[item["answer"]]
    return Feedback(False, f"{item['item_id']}: not the best answer. {why} The best answer is "
                           f"{item['answer']}) {right_text}. {right_why}")


def score_answers(answers: object, items: pd.DataFrame | None = None) -> pd.DataFrame:
    """A learner's score by Key Concept: items, answered, right, percent right (and a total row)."""
    items = load_items() if items is None else items
    chosen, notes = _normalise_answers(answers, items)
    titles = concept_titles()
    rows = []
    for concept, group in items.groupby("key_concept", sort=True):
        picks = [chosen[i] for i in group["item_id"]]
        right = sum(p == a for p, a in zip(picks, group["answer"]))
        rows.append({"key_concept": concept, "concept": titles.get(concept, concept), "items": len(group),
                     "answered": sum(p is not None for p in picks), "right": right,
                     "percent_right": round(100 * right / len(group), 1)})
    table = pd.DataFrame(rows, columns=["key_concept", "concept", "items", "answered", "right", "percent_right"])
    total = {"key_concept": "all", "concept": "all concepts", "items": int(table["items"].sum()),
             "answered": int(table["answered"].sum()), "right": int(table["right"].sum())}
    total["percent_right"] = round(100 * total["right"] / max(total["items"], 1), 1)
    table = pd.concat([table, pd.DataFrame([total])], ignore_index=True)
    table.attrs["notes"] = notes
    return table


def describe_score(score: pd.DataFrame) -> str:
    """The score in one or two sentences, with what to do next."""
    total = score[score["key_concept"] == "all"].iloc[0]
    notes = score.attrs.get("notes", [])
    text = ""
    if total["answered"] == 0:
        text = (f"No answers yet: you have answered 0 of {total['items']} questions. Write a letter for each "
                "question in the cell above (or use the buttons), run it, then run this cell again.")
    else:
        concepts = score[score["key_concept"] != "all"]
        weakest = concepts.sort_values(["percent_right", "key_concept"]).iloc[0]
        text = (f"You answered {total['answered']} of {total['items']} questions and got {total['right']} right "
                f"({total['percent_right']:g}%). Your lowest concept is {weakest['key_concept']} "
                f"({weakest['concept']}): {weakest['right']} of {weakest['items']} right.")
        if total["answered"] < total["items"]:
            text += " Unanswered questions count as not right."
    if notes:
        text += " Not used: " + "; ".join(notes) + "."
    return text


HIDDEN = "handed in? explanations come after the after-lessons hand-in"


def explain_answers(answers: object, items: pd.DataFrame | None = None, reveal: bool | None = None) -> pd.DataFrame:
    """For each answered question: right or not, and why, once the after-lessons sitting is handed in.

    Before that (reveal=None and no hand_in(..., sitting="after") yet) the table shows only which
    questions are answered, so it gives nothing away; unanswered ones never give anything away.
    """
    items = load_items() if items is None else items
    chosen, _ = _normalise_answers(answers, items)
    reveal = revealed() if reveal is None else reveal
    rows = []
    for _, item in items.iterrows():
        letter = chosen[item["item_id"]]
        if not reveal:
            rows.append({"item_id": item["item_id"], "key_concept": item["key_concept"], "your_answer": letter or "",
                         "result": NOT_ANSWERED if letter is None else "answered", "why": "" if letter is None else HIDDEN})
            continue
        feedback = grade_item(item, letter)
        rows.append({"item_id": item["item_id"], "key_concept": item["key_concept"],
                     "your_answer": letter or "", "result": ("right" if feedback.correct else
                                                             NOT_ANSWERED if letter is None else "not right"),
                     "why": "" if letter is None else feedback.message.split(": ", 1)[1]})
    return pd.DataFrame(rows)


def answers_csv_row(learner: str, answers: object, items: pd.DataFrame | None = None) -> str:
    """A header and one row of CSV holding a learner's answers, to hand to an instructor."""
    items = load_items() if items is None else items
    chosen, _ = _normalise_answers(answers, items)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([LEARNER_COLUMN, *items["item_id"]])
    writer.writerow([csv_safe(str(learner).strip()), *[chosen[i] or "" for i in items["item_id"]]])
    return buffer.getvalue()


# --- a class --------------------------------------------------------------------------------


def read_class_answers(path: str | Path, items: pd.DataFrame | None = None) -> tuple[pd.DataFrame, list[Problem]]:
    """A class's answers (one row per learner) and every problem found, with line and reason.

    ``path`` is a CSV file, or a folder whose CSV files are read in name order. The first column
    names the learner (``learner``); the others are question ids (``q01`` ...), each holding a
    letter. Rows that cannot be used are left out and reported; an answer that is not an option
    is reported and counted as not answered.
    """
    items = load_items() if items is None else items
    path = Path(path)
    if path.is_dir():
        frames, problems = [], []
        for file in sorted(path.glob("*.csv")):
            frame, found = _read_answer_file(file, items)
            frames.append(frame)
            problems += found
        if not frames:
            problems.append(Problem(_file_label(path), None, None, "this folder has no .csv files", "put the answer files (CSV) in it"))
        return _drop_duplicate_learners(frames, problems, items)
    if not path.exists() and not path.is_symlink():  # a broken or looping link is named when it is read
        return _empty_answers(items), [Problem(_file_label(path), None, None, "there is no file here",
                                               "check the name and folder of the answer file")]
    frame, problems = _read_answer_file(path, items)
    return _drop_duplicate_learners([frame], problems, items)


def _empty_answers(items: pd.DataFrame, columns: list[str] | None = None) -> pd.DataFrame:
    frame = pd.DataFrame(columns=[LEARNER_COLUMN, *(columns if columns is not None else items["item_id"])])
    frame.attrs.update(lines=[], files=[])
    return frame


def _file_label(path: Path) -> str:
    """A path as a person would look for it: relative to the kit's folder where possible."""
    try:
        return str(Path(path).resolve().relative_to(REPO.resolve()))
    except (ValueError, OSError, RuntimeError):  # outside the kit, or a symbolic link loop
        return str(path)


def _read_answer_file(path: Path, items: pd.DataFrame) -> tuple[pd.DataFrame, list[Problem]]:
    label = _file_label(path)
    text, problems = read_text_strictly(path, label)
    if text is None:
        return _empty_answers(items, []), problems
    if not text.strip():
        return _empty_answers(items, []), [Problem(label, 1, None, "the file is empty",
                                                   "add a header row: learner," + ",".join(items["item_id"][:3]) + ",...")]
    first_line = text.lstrip("\ufeff").splitlines()[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else "\t" if first_line.count("\t") > first_line.count(",") else ","
    records = csv_records(text, label, problems, delimiter=delimiter)
    first = next(records, None)
    if first is None or first[0] != 1:
        return _empty_answers(items, []), problems + [Problem(label, 1, None, "the header row cannot be read",
                                                              "check the quotes in the first line")]
    header = [name.strip() for name in first[1]]
    known = set(items["item_id"])
    options = {row.item_id: [letter for letter in LETTERS if getattr(row, f"option_{letter}")] for row in items.itertuples()}
    learner_index = next((i for i, name in enumerate(header) if name.lower() in LEARNER_ALIASES), None)
    if learner_index is None:
        problems.append(Problem(label, 1, None, "no column names the learner",
                                "add a first column named 'learner' holding a name or code for each learner"))
        return _empty_answers(items, []), problems
    columns: dict[int, str] = {}
    for index, name in enumerate(header):
        if index == learner_index:
            continue
        item_id = _item_id(name)
        if item_id in known and item_id not in columns.values():
            columns[index] = item_id
        elif item_id in known:
            problems.append(Problem(label, 1, name, f"question {item_id} has two columns; the second is ignored", "delete one of them"))
        else:
            problems.append(Problem(label, 1, name or f"(column {index + 1})", "this column is not a question id; it is ignored",
                                    f"question columns are named {items['item_id'].iloc[0]} to {items['item_id'].iloc[-1]}"))
    if not columns:
        problems.append(Problem(label, 1, None, "no column is a question id",
                                f"name the question columns {items['item_id'].iloc[0]}, {items['item_id'].iloc[1]}, ..."))
        return _empty_answers(items, []), problems
    item_columns = [columns[i] for i in sorted(columns)]
    rows, lines = [], []
    for line, cells in records:
        learner = str(csv_unsafe(cells[learner_index].strip()))
        if not learner:
            problems.append(Problem(label, line, header[learner_index], "the learner is missing; row left out",
                                    "write a name or code for the learner"))
            continue
        row: dict[str, object] = {LEARNER_COLUMN: learner}
        for index, item_id in columns.items():
            letter = _letter(cells[index])
            if letter is not None and letter not in options[item_id]:
                problems.append(Problem(label, line, header[index],
                                        f"'{cells[index].strip()}' is not an option of {item_id}; counted as not answered",
                                        f"write one of {', '.join(options[item_id])}, or leave it empty"))
                letter = None
            row[item_id] = letter if letter is not None else pd.NA
        if all(row[item_id] is pd.NA for item_id in item_columns):
            problems.append(Problem(label, line, None, f"learner '{learner}' answered no question; row left out",
                                    "fill in their answers, or delete the row"))
            continue
        rows.append(row)
        lines.append(line)
    if not rows and not any(problem.line and problem.line > 1 for problem in problems):
        problems.append(Problem(label, None, None, "the file has a header but no learner rows",
                                "add one row per learner below the header"))
    frame = pd.DataFrame(rows, columns=[LEARNER_COLUMN, *item_columns])
    frame.attrs.update(lines=lines, files=[label] * len(lines))
    return frame, problems


def _drop_duplicate_learners(frames: list[pd.DataFrame], problems: list[Problem], items: pd.DataFrame) -> tuple[pd.DataFrame, list[Problem]]:
    lines = [line for frame in frames for line in frame.attrs.get("lines", [])]
    files = [file for frame in frames for file in frame.attrs.get("files", [])]
    frames = [frame for frame in frames if len(frame.columns)]
    if not frames:
        return _empty_answers(items), problems
    order = [i for i in items["item_id"] if any(i in frame.columns for frame in frames)]
    combined = pd.concat([frame.reindex(columns=[LEARNER_COLUMN, *order]) for frame in frames], ignore_index=True)
    keep, first_seen = [], {}
    for position, learner in enumerate(combined[LEARNER_COLUMN]):
        key = str(learner).strip().lower()
        if key in first_seen:
            where = first_seen[key]
            problems.append(Problem(files[position], lines[position], LEARNER_COLUMN,
                                    f"learner '{learner}' already answered on line {lines[where]} of {files[where]}; this row is left out",
                                    "give each learner one row (or a distinct code)"))
            continue
        first_seen[key] = position
        keep.append(position)
    result = combined.iloc[keep].reset_index(drop=True)
    result.attrs.update(lines=[lines[i] for i in keep], files=[files[i] for i in keep])
    return result, sorted(problems, key=lambda p: (p.file, p.line or 0))


def score_class(answers: pd.DataFrame, items: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per learner and Key Concept: items asked, right, percent right."""
    items = load_items() if items is None else items
    asked = items[items["item_id"].isin(answers.columns)]
    columns = [LEARNER_COLUMN, "key_concept", "items", "right", "percent_right"]
    if answers.empty or asked.empty:
        return pd.DataFrame(columns=columns)
    # Column by column for the whole class at once: a pandas row per learner (which also copied the
    # table's per-row metadata each time) made a class of 1,000 take seconds.
    learners = list(answers[LEARNER_COLUMN])
    right_by_item = {item_id: [(not pd.isna(value)) and value == answer for value in answers[item_id]]
                     for item_id, answer in zip(asked["item_id"], asked["answer"])}
    per_concept = []
    for concept, group in asked.groupby("key_concept", sort=True):
        counts = [sum(column[i] for column in (right_by_item[item] for item in group["item_id"]))
                  for i in range(len(learners))]
        per_concept.append((concept, len(group), counts))
    rows = [{LEARNER_COLUMN: learner, "key_concept": concept, "items": size, "right": int(counts[i]),
             "percent_right": 100 * counts[i] / size}
            for i, learner in enumerate(learners) for concept, size, counts in per_concept]
    return pd.DataFrame(rows, columns=columns)


def class_summary(pre: pd.DataFrame, post: pd.DataFrame, items: pd.DataFrame | None = None) -> pd.DataFrame:
    """Before and after, by Key Concept: items, number of learners, mean percent right, change."""
    items = load_items() if items is None else items
    titles = concept_titles()
    scored = {phase: score_class(frame, items) for phase, frame in (("pre", pre), ("post", post))}
    concepts = sorted(set(scored["pre"]["key_concept"]) | set(scored["post"]["key_concept"]) |
                      set(items.loc[items["item_id"].isin(set(pre.columns) | set(post.columns)), "key_concept"]))
    rows = []
    for concept in concepts:
        row: dict[str, object] = {"key_concept": concept, "concept": titles.get(concept, concept)}
        for phase, frame in (("pre", pre), ("post", post)):
            part = scored[phase][scored[phase]["key_concept"] == concept]
            row[f"items_{phase}"] = int(items.loc[items["item_id"].isin(frame.columns), "key_concept"].eq(concept).sum())
            row[f"n_{phase}"] = int(part[LEARNER_COLUMN].nunique())
            row[f"{phase}_percent"] = round(float(part["percent_right"].mean()), 1) if len(part) else float("nan")
        row["change"] = round(row["post_percent"] - row["pre_percent"], 1)
        rows.append(row)
    columns = ["key_concept", "concept", "items_pre", "n_pre", "pre_percent", "items_post", "n_post", "post_percent", "change"]
    summary = pd.DataFrame(rows, columns=columns)
    pre_names = {str(x).strip().lower() for x in pre[LEARNER_COLUMN]} if len(pre) else set()
    post_names = {str(x).strip().lower() for x in post[LEARNER_COLUMN]} if len(post) else set()
    summary.attrs.update(n_pre=len(pre), n_post=len(post), n_both=len(pre_names & post_names))
    return summary


def pre_post_chart(summary: pd.DataFrame, title: str = "Percent right by Key Concept, before and after") -> alt.LayerChart:
    """A dot plot: each concept's mean percent right before (orange circle) and after (blue square)."""
    n_pre, n_post = summary.attrs.get("n_pre", 0), summary.attrs.get("n_post", 0)
    subtitle = f"Before: {_learners(n_pre)}; after: {_learners(n_post)}. A line joins each concept's two results."
    data = []
    for row in summary.itertuples():
        label = f"{row.key_concept} {row.concept}"
        for phase, name, n, items in (("pre", "before", row.n_pre, row.items_pre), ("post", "after", row.n_post, row.items_post)):
            value = getattr(row, f"{phase}_percent")
            if pd.notna(value):
                data.append({"concept": label, "when": name, "percent_right": value, "learners": n, "items": items,
                             "label": f"{value:.0f}% (n={n})"})
    frame = pd.DataFrame(data, columns=["concept", "when", "percent_right", "learners", "items", "label"])
    description = describe_pre_post(summary)
    order = [f"{r.key_concept} {r.concept}" for r in summary.itertuples()]
    y = alt.Y("concept:N", sort=order, title=None, axis=alt.Axis(labelLimit=320))
    x = alt.X("percent_right:Q", scale=alt.Scale(domain=[0, 100]), title="Mean percent right")
    colour = alt.Color("when:N", scale=alt.Scale(domain=["before", "after"], range=[PRE_COLOUR, POST_COLOUR]),
                       legend=alt.Legend(title="When"))
    shape = alt.Shape("when:N", scale=alt.Scale(domain=["before", "after"], range=["circle", "square"]), legend=None)
    base = alt.Chart(frame)
    lines = base.mark_line(color=GREY).encode(x=x, y=y, detail=alt.Detail("concept:N"))
    points = base.mark_point(filled=True, size=110, opacity=1).encode(
        x=x, y=y, color=colour, shape=shape,
        tooltip=[alt.Tooltip("concept:N"), alt.Tooltip("when:N"), alt.Tooltip("percent_right:Q", format=".1f"), alt.Tooltip("learners:Q"), alt.Tooltip("items:Q")])
    labels = base.transform_filter(alt.datum.when == "after").mark_text(align="left", dx=9, fontSize=10).encode(
        x=x, y=y, text=alt.Text("label:N"))
    return alt.layer(lines, points, labels, title=alt.TitleParams(title, subtitle=subtitle), description=description,
                     width=420, height=max(24 * len(order), 60))


def describe_pre_post(summary: pd.DataFrame) -> str:
    """The chart in words: learners, overall change, and each concept's before and after."""
    n_pre, n_post = summary.attrs.get("n_pre", 0), summary.attrs.get("n_post", 0)
    if summary.empty:
        return "No answers to compare yet: load a before file and an after file with at least one usable row each."
    parts = [f"Mean percent right by Key Concept, before ({_learners(n_pre)}) and after ({_learners(n_post)})"]
    both = summary.attrs.get("n_both")
    if both is not None:
        parts[0] += f"; {both} learners appear in both files"
    parts[0] += "."
    for row in summary.itertuples():
        if pd.isna(row.pre_percent) or pd.isna(row.post_percent):
            parts.append(f"{row.key_concept} {row.concept}: only asked {'after' if pd.isna(row.pre_percent) else 'before'}.")
            continue
        direction = "up" if row.change > 0 else "down" if row.change < 0 else "no change"
        change = f"{direction} {abs(row.change):g} points" if row.change else direction
        parts.append(f"{row.key_concept} {row.concept}: {row.pre_percent:g}% before, {row.post_percent:g}% after ({change}).")
    small = n_pre < 10 or n_post < 10
    if small:
        parts.append("With fewer than 10 learners in a file, differences this size can easily be due to chance.")
    return " ".join(parts)


def _learners(n: int) -> str:
    return f"{n} learner{'s' if n != 1 else ''}"


# --- printable forms --------------------------------------------------------------------------


PRINTABLE = REPO / "assessment" / "printable.md"
ANSWER_KEY = REPO / "instructors" / "assessment-answer-key.md"
GENERATED = "<!-- generated from datasets/assessment/items.csv by claimlab.assessment.write_printables(); do not edit by hand -->"


def printable_markdown(items: pd.DataFrame | None = None) -> str:
    """The assessment as a printable sheet, with an answer grid and no answers."""
    items = load_items() if items is None else items
    lines = [GENERATED, "", "# Check your skills: how well can you judge a health claim?", "",
             f"*{len(items)} questions. Each describes a situation, made up for this test, and asks one question. "
             "Circle one letter for each. There is no penalty for a wrong answer; if you are not sure, choose the "
             "answer you think is best.*", "",
             "Name or code: ______________________  Date: ____________  Before or after the course? ____________", ""]
    for number, (_, item) in enumerate(items.iterrows(), 1):
        lines += [f"## {number}. ({item['item_id']})", "", item["scenario"], "", f"**{item['question']}**", ""]
        lines += [f"- **{letter})** {text}" for letter, (text, _) in item_options(item).items()]
        lines.append("")
    lines += ["## Answer grid", "", "Circle your answer for each question.", "", "| question | answer |", "|---|---|"]
    lines += [f"| {n}. {row.item_id} | " + "  ".join(f"{l}" for l in LETTERS if getattr(row, f"option_{l}")) + " |"
              for n, row in enumerate(items.itertuples(), 1)]
    return "\n".join(lines) + "\n"


def answer_key_markdown(items: pd.DataFrame | None = None, objectives: pd.DataFrame | None = None) -> str:
    """The answer key for instructors: right letter, concept, objective, and why for every option."""
    items = load_items() if items is None else items
    objectives = load_objectives() if objectives is None else objectives
    titles = concept_titles()
    objective_text = {(r.lesson, r.objective_number): r.objective for r in objectives.itertuples()}
    lines = [GENERATED, "", "# Answer key: Check your skills", "",
             "For instructors. Keep it away from learners until after the test. Each question tests one Informed "
             "Health Choices Key Concept (subgroup id) and checks one lesson objective.", "",
             "| question | answer | Key Concept | lesson and objective |", "|---|---|---|---|"]
    for n, row in enumerate(items.itertuples(), 1):
        lines.append(f"| {n}. {row.item_id} | {row.answer} | {row.key_concept} {titles.get(row.key_concept, '')} | "
                     f"{row.lesson}.{row.objective_number} |")
    lines.append("")
    for number, (_, item) in enumerate(items.iterrows(), 1):
        key = (item["lesson"], item["objective_number"])
        lines += [f"## {number}. ({item['item_id']}) answer: {item['answer']}", "",
                  f"Key Concept {item['key_concept']} ({titles.get(item['key_concept'], '')}); lesson {item['lesson']}, "
                  f"objective {item['objective_number']}: {objective_text.get(key, '(not found)')}", "",
                  item["scenario"], "", f"**{item['question']}**", ""]
        for letter, (text, why) in item_options(item).items():
            mark = "right" if letter == item["answer"] else "wrong"
            lines.append(f"- **{letter})** {text} *({mark})* {why}")
        lines.append("")
    return "\n".join(lines)


def write_printables(printable: Path = PRINTABLE, answer_key: Path = ANSWER_KEY) -> list[Path]:
    """Write the printable test and the instructors' answer key from items.csv."""
    printable.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(printable, printable_markdown())
    answer_key.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(answer_key, answer_key_markdown())
    return [printable, answer_key]
