"""A learner's own record of progress: which questions are answered and which are right, never the answers.

``check_all(save_progress=True)`` at the end of an exercise writes ``progress/NN-slug.json`` next to
the notebook: the lesson, the learner (``learner=`` or, on a JupyterHub, the hub's user name),
when it was saved, and for each question whether it is answered and whether it is right (``null``
for a written answer, which only a person can judge). The learner keeps it; an instructor can
collect a folder of them (one sub-folder per learner works too) and read it into a class table::

    table, problems = read_progress("collected/")
    progress_summary(table)

Bad files are left out and reported by name and reason, as with the pre/post answer files.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import tempfile
from pathlib import Path

import pandas as pd

from claimlab.answer_key import CORRECT, NOT_YET, AnswerKey
from claimlab.errors import Problem

RECORD_KIND = "claimlab-progress"
RECORD_VERSION = 1
FOLDER = "progress"
COLUMNS = ["learner", "lesson", "question", "answered", "right", "saved", "file"]
SUMMARY_COLUMNS = ["learner", "lesson", "questions", "answered", "right", "saved"]
LONGEST_NAME = 80

MESSAGES = {
    "saved": "Saved your progress to {path}: which questions are answered and right, not your answers. "
             "Keep it, or hand it in if your instructor asks.",
    "not_saved": "Your progress could not be saved to {path} ({error}). Your answers are safe in this notebook.",
    "bad_name": "Your progress was not saved: a learner name can hold letters, digits, spaces, '.', '-' and '_' "
                "(at most {longest} characters).",
}

SAFE_NAME = re.compile(r"[\w .\-]+")


# --- a learner's record ---------------------------------------------------------------------------


def progress_record(key: AnswerKey, results: list, learner: str = "", saved: dt.datetime | None = None) -> dict:
    """A record of which questions of a key are answered and right, from check results (Feedback): no answers."""
    written = {qid for qid, spec in key.questions.items() if spec.get("kind") == "open"}
    questions = {}
    for result in results:
        right = None if result.question in written else result.status == CORRECT  # a person judges a written answer
        questions[result.question] = {"answered": result.status != NOT_YET, "right": right}
    when = (saved or dt.datetime.now(dt.timezone.utc)).isoformat(timespec="seconds")
    return {"kind": RECORD_KIND, "version": RECORD_VERSION, "lesson": key.lesson, "learner": learner,
            "saved": when, "questions": questions}


def default_learner() -> str:
    """The learner's name as the hub knows it ($JUPYTERHUB_USER), or '' off a hub."""
    return os.environ.get("JUPYTERHUB_USER", "").strip()


def save_progress(key: AnswerKey, results: list, learner: str | None = None, folder: str | Path = FOLDER) -> str:
    """Save a learner's progress on a key's questions atomically as FOLDER/NN-slug.json; a sentence saying where (or why not)."""
    learner = default_learner() if learner is None else str(learner).strip()
    if learner and (len(learner) > LONGEST_NAME or not SAFE_NAME.fullmatch(learner)):
        return MESSAGES["bad_name"].format(longest=LONGEST_NAME)
    path = Path(folder) / f"{key.lesson}.json"
    text = json.dumps(progress_record(key, results, learner), indent=1, ensure_ascii=False) + "\n"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                stream.write(text)
            os.replace(temporary, path)
        finally:
            Path(temporary).unlink(missing_ok=True)
    except OSError as error:
        return MESSAGES["not_saved"].format(path=path, error=error.strerror or type(error).__name__)
    return MESSAGES["saved"].format(path=path)


# --- a class's records ----------------------------------------------------------------------------


def read_progress(folder: str | Path) -> tuple[pd.DataFrame, list[Problem]]:
    """A folder of progress records (sub-folders too) as one table, a row per learner, lesson and question, and every problem found."""
    folder = Path(folder)
    if not folder.is_dir():
        what = "this is a file, not a folder" if folder.exists() else "there is no folder here"
        return _table([]), [Problem(str(folder), None, None, what, "give the folder you collected the progress files into")]
    files = sorted(p for p in folder.rglob("*.json") if not any(part.startswith(".") for part in p.relative_to(folder).parts))
    if not files:
        return _table([]), [Problem(str(folder), None, None, "this folder has no .json progress files",
                                    "collect each learner's progress/NN-slug.json into it")]
    rows, problems, seen = [], [], {}
    for path in files:
        record, problem = _read_record(path, folder)
        if problem:
            problems.append(problem)
            continue
        key = (record["learner"].casefold(), record["lesson"])
        if key in seen:
            first = seen[key]
            problems.append(Problem(_label(path, folder), None, "learner",
                                    f"learner '{record['learner']}' already has a record for {record['lesson']} in "
                                    f"{first}; this one is left out", "keep one record per learner and lesson"))
            continue
        seen[key] = _label(path, folder)
        rows += [{"learner": record["learner"], "lesson": record["lesson"], "question": qid, "answered": q["answered"],
                  "right": q["right"], "saved": record["saved"], "file": _label(path, folder)}
                 for qid, q in record["questions"].items()]
    return _table(rows), problems


def progress_summary(table: pd.DataFrame) -> pd.DataFrame:
    """One row per learner and lesson: how many questions, how many answered, how many right."""
    if table.empty:
        return pd.DataFrame(columns=SUMMARY_COLUMNS)
    grouped = table.groupby(["learner", "lesson"], sort=True)
    summary = grouped.agg(questions=("question", "size"), answered=("answered", "sum"),
                          right=("right", lambda s: int((s == True).sum())), saved=("saved", "first"))  # noqa: E712
    return summary.reset_index()[SUMMARY_COLUMNS].astype({"answered": int, "right": int})


def _table(rows: list[dict]) -> pd.DataFrame:
    table = pd.DataFrame(rows, columns=COLUMNS)
    return table.astype({"answered": bool, "right": object})


def _label(path: Path, folder: Path) -> str:
    return str(Path(folder.name) / path.relative_to(folder))


def _read_record(path: Path, folder: Path) -> tuple[dict | None, Problem | None]:
    """One progress file, checked: the record, or the problem with it."""
    label = _label(path, folder)
    fix = "ask the learner to run check_all(save_progress=True) again and hand in the new file"

    def bad(message: str, field: str | None = None) -> tuple[None, Problem]:
        return None, Problem(label, None, field, message, fix)

    raw = path.read_bytes()
    if b"\x00" in raw:
        return bad("this is not a text file (it contains NUL bytes)")
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        return bad("this is not UTF-8 text")
    except json.JSONDecodeError as error:
        return None, Problem(label, error.lineno, None, f"this is not JSON ({error.msg})", fix)
    if not isinstance(data, dict) or data.get("kind") != RECORD_KIND:
        return bad("this is not a Claim Lab progress record (it has no \"kind\": \"claimlab-progress\")", "kind")
    if data.get("version") != RECORD_VERSION:
        return bad(f"this record is version {data.get('version')!r}; this kit reads version {RECORD_VERSION}", "version")
    lesson = data.get("lesson")
    if not isinstance(lesson, str) or not lesson.strip():
        return bad("the record names no lesson", "lesson")
    learner = data.get("learner") if isinstance(data.get("learner"), str) else ""
    if not learner.strip():
        parts = path.relative_to(folder).parts
        learner = parts[0] if len(parts) > 1 else ""
    if not learner.strip():
        return None, Problem(label, None, "learner", "the record names no learner",
                             "put the file in a sub-folder named after the learner, or ask them to save it with "
                             "check_all(save_progress=True, learner=\"their name\")")
    saved = data.get("saved")
    try:
        dt.datetime.fromisoformat(str(saved))
    except ValueError:
        return bad(f"'saved' is not a date and time ({saved!r})", "saved")
    questions = data.get("questions")
    if not isinstance(questions, dict) or not questions:
        return bad("the record lists no questions", "questions")
    for qid, entry in questions.items():
        if (not isinstance(entry, dict) or not isinstance(entry.get("answered"), bool)
                or entry.get("right") not in (True, False, None) or (entry.get("right") and not entry["answered"])):
            return bad(f"question {qid!r} should say answered (true/false) and right (true, false or null)", "questions")
    clean = {qid: {"answered": entry["answered"], "right": entry["right"]} for qid, entry in questions.items()}
    return {"lesson": lesson.strip(), "learner": learner.strip(), "saved": str(saved), "questions": clean}, None
