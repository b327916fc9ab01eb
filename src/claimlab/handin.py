"""Handing in the pre/post assessment: its answers stay out of sight until the learner submits.

What is and is not secret (said plainly, in the docs too):

- The assessment's right answers and explanations are kept **out of sight**, not secret. The
  learner-facing table, ``datasets/assessment/items-sealed.csv``, holds each item's answer and
  explanations *sealed*: scrambled with a key written in ``claimlab.sealing``, so that they cannot be read
  at a glance, in a spreadsheet or by searching the folder, but anyone who reads this code can
  unseal them. The source table ``items.csv`` (and ``instructors/assessment-answer-key.md``) has
  them in plain text: for a measured sitting, give learners a copy of the kit without those two
  files (``python -m claimlab build-assessment --learner-copy FOLDER``).
- Explanations, and which letter is right, appear only after ``hand_in(..., sitting="after")``:
  the "before" hand-in shows the score alone, so the test can be taken again after the lessons.
- For graded or high-stakes use, collect answers with nbgrader, which keeps the answer key on
  the instructor's side (see instructors/grading.md).

``build-assessment`` converts ``items.csv`` (the authoring format: one row per item, with the
``answer`` and ``why_*`` columns) into the sealed table; a test fails when the two drift apart.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from datetime import datetime
from pathlib import Path

import pandas as pd

from claimlab import sittings
from claimlab.assessment import ANSWER_KEY, answers_csv_row, assessment_dir, describe_score, load_items, score_answers
from claimlab.files import write_atomic
from claimlab.sealing import SEALED_FILE, sealed_text, unsealed_items  # noqa: F401  (re-exported: build.py, tests)



def hand_in(answers: object, sitting: str = "before", learner: str = "your code",
            folder: str | Path = "worksheets", items: pd.DataFrame | None = None) -> "HandIn":
    """Hand in the answers of one sitting: a copy is saved, the CSV row printed, and the score shown.

    After the "after" sitting, explanations and the right answers are shown too.
    """
    items = load_items() if items is None else items
    if sitting not in sittings.SITTINGS:
        return HandIn(sitting, f"Nothing was handed in: sitting should be \"before\" or \"after\", not {sitting!r}.")
    row = answers_csv_row(learner, answers, items)
    score = score_answers(answers, items)
    if score[score["key_concept"] == "all"].iloc[0]["answered"] == 0:
        return HandIn(sitting, "Nothing was handed in: no question is answered yet. Choose your answers first.")
    saved = ""
    try:
        stem = f"assessment-{sitting}-{datetime.now():%Y-%m-%dT%H-%M-%S}"
        Path(folder).mkdir(parents=True, exist_ok=True)
        for number in range(1, 100):  # an earlier hand-in is never replaced
            path = Path(folder) / (f"{stem}.csv" if number == 1 else f"{stem}-{number}.csv")
            try:
                write_atomic(path, row, replace=False)
                break
            except FileExistsError:
                continue
        saved = f" A copy is saved in {path}."
    except OSError as error:
        saved = f" (No copy could be saved: {getattr(error, 'strerror', None) or error}.)"
    sittings.HANDED_IN[sitting] = {"answers": answers, "row": row}
    after = (" Your explanations are below, and explain_answers() now shows them." if sitting == "after" else
             " The right answers and explanations are shown after the after-lessons sitting, so taking the test "
             "again then still measures what you learned.")
    return HandIn(sitting, f"Handed in ({sitting} the lessons).{saved}{after}", row, score)


class HandIn:
    """What handing in did: a message, the CSV lines to send, and the score."""

    def _repr_html_(self) -> str:
        from html import escape

        parts = [f'<p role="status">{escape(self.message)}</p>']
        if self.row:
            parts.append(f"<p>Send these two lines to your instructor:</p><pre>{escape(self.row)}</pre>")
        if self.score is not None:
            parts += [f"<p>{escape(describe_score(self.score))}</p>", self.score.to_html(index=False)]
        return "".join(parts)

    def __init__(self, sitting: str, message: str, row: str = "", score: pd.DataFrame | None = None) -> None:
        self.sitting, self.message, self.row, self.score = sitting, message, row, score

    def __repr__(self) -> str:
        parts = [self.message]
        if self.row:
            parts += ["Send these two lines to your instructor:", self.row.rstrip("\n")]
        if self.score is not None:
            parts.append(describe_score(self.score))
        return "\n".join(parts)


def add_build_assessment_command(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Add `build-assessment` to the kit's command line."""
    parser = subparsers.add_parser(
        "build-assessment", help="seal the assessment's answers for learners (items.csv -> items-sealed.csv)",
        description="Write datasets/assessment/items-sealed.csv from items.csv; with --learner-copy, also copy "
                    "the kit to a folder without the plain-text answers.")
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if items-sealed.csv is out of date")
    parser.add_argument("--learner-copy", type=Path, default=None, metavar="FOLDER",
                        help="copy the kit to FOLDER without items.csv and the answer key")
    parser.set_defaults(run=run_build_assessment)
    return parser


def run_build_assessment(args: argparse.Namespace) -> int:
    """Build (or check) the sealed items, and optionally a learner copy of the kit."""
    from claimlab.errors import is_input_error
    from claimlab.paths import REPO

    try:
        text = sealed_text(load_items())
    except Exception as error:  # noqa: BLE001 - an input error is shown as its message
        if not is_input_error(error):
            raise
        print(f"build-assessment: {error}", file=sys.stderr)
        return 2
    target = assessment_dir() / SEALED_FILE
    current = target.read_text(encoding="utf-8") if target.exists() else ""
    if args.check:
        if current != text:
            print(f"drifted: {target} is not what items.csv gives. Run `python -m claimlab build-assessment`.")
            return 1
        return 0
    if current != text:
        write_atomic(target, text)
        print(f"wrote {target}")
    if args.learner_copy:
        destination = args.learner_copy
        if destination.exists():
            print(f"build-assessment: {destination} already exists; choose a new folder.", file=sys.stderr)
            return 2
        skip = {(assessment_dir() / "items.csv").resolve(), ANSWER_KEY.resolve()}
        shutil.copytree(REPO, destination, ignore=lambda folder, names: [
            n for n in names if (Path(folder) / n).resolve() in skip or n in (".git", ".venv", "worksheets")])
        print(f"Made a learner copy in {destination}: the assessment's answers are sealed there, "
              "and items.csv and the answer key are left out.")
    return 0
