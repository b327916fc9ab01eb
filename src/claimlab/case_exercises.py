"""Exercises for any case: ``python -m claimlab make-exercises --case NAME --out DIR [--seed N]``.

For lessons 01 to 05 it writes, into DIR::

    exercises/NN-slug.ipynb    what the learner opens (answers replaced by ...)
    solutions/NN-slug.ipynb    its twin with the answers, in the kit's solution markers
    answer-keys/NN-slug.json   the key both load, as salted hashes (claimlab.exercises)

The questions come from ``claimlab.question_bank``; the exercise and the key are made from the
solution by the same code as the kit's hand-written exercises, so checking, hints and "not
answered yet" behave the same. Each notebook loads its key by a path relative to itself
(``use_answer_key("../answer-keys/NN-slug.json")``), so the folder works wherever it is copied.
The same case and seed always give the same files, byte for byte. A file that would change is
first copied to ``DIR/backups/<UTC time>/``; if anything cannot be made or written, nothing is.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from claimlab.question_bank import LESSONS, LeftOut, Question, case_data, questions_for_lesson

KEYS = "answer-keys"
BACKUPS = "backups"
HOW_TO = ("**How to use it**: run the cells from the top. Each question is restated above its answer cell. "
          "Replace the `...` in the answer cell with your answer, run that cell, then run the check cell below it "
          "and read the feedback. A check says *Not answered yet* until you answer. If your answer needs another "
          "look, the feedback says why and gives a hint; change your answer and check again, as often as you like. "
          "The last cell sums up how you did.")
CASE_NOTE = ("The case is one variable, as in the lesson. These questions and their answer key were made for this "
             "case and this variant, so keep `CASE` as it is.")
LOOK_CELLS = {  # what each lesson's notebook sets up for its questions, after loading the case
    "01": "",
    "02": 'from claimlab.designs import load_study_designs\n\nstudies = case.studies.set_index("study_id")\n'
          'designs = load_study_designs().set_index("design")',
    "03": 'from claimlab.designs import load_study_designs\n\nstudies = case.studies.set_index("study_id")\n'
          'designs = load_study_designs().set_index("design")',
    "04": "from claimlab.regulation import positions_by_date\n\npositions = case.positions",
    "05": "from claimlab import verdict",
}


class CaseExerciseError(ValueError):
    """Exercises that cannot be made or written; the message says why and what to do."""


@dataclass(frozen=True)
class MadeLesson:
    """One lesson's made files, as text: the solution, the exercise and the answer key."""

    stem: str
    solution: str
    exercise: str
    key: str
    asked: int
    left_out: int


# --- making the notebooks ----------------------------------------------------------------------------


def make_case_exercises(case_name: str, seed: int = 0) -> list[MadeLesson]:
    """The exercise, solution and key of every lesson 01 to 05 for one case and seed (nothing is written)."""
    from claimlab.cases import case_folder, cases_dir, load_case
    from claimlab.exercises import build_answer_key, make_exercise, study_citations
    from claimlab.lessons import lesson_map

    case = load_case(case_name)
    folder = case_folder(case_name).resolve()
    in_kit = folder.parent == cases_dir().resolve()
    case_ref = folder.name if in_kit else str(folder)
    data = case_data(case, also_named=study_citations())
    lessons = lesson_map().set_index("number")
    made = []
    for number in LESSONS:
        info = lessons.loc[number]
        stem = f"{number}-{info['slug']}"
        questions = questions_for_lesson(data, number, seed)
        solution = solution_notebook(number, stem, str(info["title"]), case_ref, case.name, seed, questions)
        label = f"{stem} ({case.name}, variant {seed})"
        key = build_answer_key(solution, label)
        key["note"] = (f"Made from the case {case.name} by `python -m claimlab make-exercises --case {case.name} "
                       f"--seed {seed}`. Answers are stored only as salted hashes; make the exercises again "
                       "rather than editing this file.")
        key["case"], key["seed"] = case.name, seed
        exercise = make_exercise(solution)
        exercise.metadata["claimlab"].update(_made_from(case.name, seed))
        made.append(MadeLesson(
            stem=stem, solution=nbformat.writes(solution) + "\n", exercise=nbformat.writes(exercise) + "\n",
            key=json.dumps(key, indent=1, ensure_ascii=False) + "\n",
            asked=sum(isinstance(q, Question) for q in questions), left_out=sum(isinstance(q, LeftOut) for q in questions)))
    return made


def solution_notebook(number: str, stem: str, title: str, case_ref: str, case_name: str, seed: int,
                      questions: list[Question | LeftOut]) -> nbformat.NotebookNode:
    """The solution notebook of one lesson: the kit's markers and declarations around each answer."""
    asked = [q for q in questions if isinstance(q, Question)]
    left = [q for q in questions if isinstance(q, LeftOut)]
    cells = [
        new_markdown_cell(f"# Exercise: {title}\n\n*Questions made from the case `{case_name}` (variant {seed}), "
                          f"to practise what lesson {number} teaches, on this case's own data.*\n\n"
                          f"**Practises**: the lesson *{title}* (`notebooks/{stem}.ipynb` in the kit). Do the lesson "
                          f"first.\n\n{HOW_TO}"),
        new_code_cell("import claimlab\nclaimlab.setup()\nfrom claimlab.answers import check, check_all, use_answer_key\n"
                      f'use_answer_key("../{KEYS}/{stem}.json")'),
        new_markdown_cell(CASE_NOTE),
        new_code_cell(f"from claimlab.cases import load_case\n\nCASE = {json.dumps(case_ref)}\ncase = load_case(CASE)\ncase"),
    ]
    if LOOK_CELLS[number]:
        cells.append(new_code_cell(LOOK_CELLS[number]))
    if left:
        lines = "\n".join(f"- **{q.title}**: left out because {q.reason}" for q in left)
        cells.append(new_markdown_cell(
            f"## Questions left out\n\nThis case does not yet hold what {'this question needs' if len(left) == 1 else 'these questions need'}, "
            f"so {'it is' if len(left) == 1 else 'they are'} left out:\n\n{lines}\n\n"
            "When the case's tables are filled in, your instructor can make the exercises again to include "
            f"{'it' if len(left) == 1 else 'them'}."))
    for n, question in enumerate(asked, 1):
        cells.append(new_markdown_cell(f"## Question {n}: {question.title}\n\n{question.prompt}"))
        if question.look:
            cells.append(new_code_cell(question.look))
        cells.append(new_code_cell(answer_region(question, f"answer_{n}")))
        cells.append(new_code_cell(f'check("q{n}", answer_{n})'))
    if asked:
        cells += [new_markdown_cell("## How did you do?"), new_code_cell("check_all()")]
    else:
        cells.append(new_markdown_cell("## No questions yet\n\nNone of this lesson's questions can be asked of this "
                                       "case yet: the list above says what each one needs."))
    for index, cell in enumerate(cells):
        cell["id"] = f"cell-{index:02d}"  # fixed ids: the same case and seed give the same file
    nb = new_notebook(cells=cells, metadata={
        "kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
        "claimlab": _made_from(case_name, seed),
    })
    nbformat.validate(nb)
    return nb


def answer_region(question: Question, variable: str) -> str:
    """A solution region: the answer and its ACCEPT, WRONG, HINT and WHY declarations."""
    lines = ["### BEGIN SOLUTION", f"{variable} = {_literal(question.answer)}"]
    if question.in_order:
        lines.append("# IN ORDER")
    lines += [f"# ACCEPT: {' | '.join(_literal(v) for v in group)}" for group in question.accept]
    lines += [f"# WRONG: {' | '.join(_literal(v) for v in items)} -> {text}" for items, text in question.wrong]
    lines += [f"# HINT: {hint}" for hint in question.hints]
    if question.why:
        lines.append(f"# WHY: {question.why}")
    lines.append("### END SOLUTION")
    return "\n".join(lines)


def _literal(value: object) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(_literal(v) for v in value) + "]"
    return json.dumps(value, ensure_ascii=False) if isinstance(value, str) else repr(value)


def _made_from(case_name: str, seed: int) -> dict:
    return {"made_for_case": case_name, "variant": seed}


# --- writing them ------------------------------------------------------------------------------------


def planned_files(made: list[MadeLesson]) -> dict[str, str]:
    """Every file to write, by its path inside DIR."""
    files = {}
    for lesson in made:
        files[f"exercises/{lesson.stem}.ipynb"] = lesson.exercise
        files[f"solutions/{lesson.stem}.ipynb"] = lesson.solution
        files[f"{KEYS}/{lesson.stem}.json"] = lesson.key
    return files


def write_all(out: Path, files: dict[str, str], now: datetime | None = None) -> list[str]:
    """Write the files into out, keeping a dated copy of each one that changes; all or nothing."""
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise CaseExerciseError(f"{out} is a file, not a folder: give --out a folder (it is made if missing)")
    changed, said = {}, []
    for relative, text in files.items():
        target = out / relative
        for parent in reversed(target.relative_to(out).parents):
            if (out / parent).exists() and not (out / parent).is_dir():
                raise CaseExerciseError(f"{out / parent} is a file where a folder is needed; rename or move it, "
                                        "then run the command again")
        if target.exists() and not target.is_file():
            raise CaseExerciseError(f"{target} is a folder where a file is needed; rename or move it, then run the "
                                    "command again")
        if target.is_file() and target.read_bytes() == text.encode("utf-8"):
            said.append(f"up to date: {relative}")
        else:
            changed[relative] = text
    if not changed:
        return said
    stamp = (now or datetime.now(timezone.utc)).strftime("%Y-%m-%dT%H-%M-%SZ")
    backup_root = out / BACKUPS / stamp
    suffix = 1
    while backup_root.exists():
        suffix += 1
        backup_root = out / BACKUPS / f"{stamp}-{suffix}"
    made_dirs: list[Path] = []
    temps: dict[str, Path] = {}
    try:
        for relative, text in changed.items():  # every new file first, beside its target
            target = out / relative
            _make_dirs(target.parent, made_dirs)
            handle, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
            with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
                stream.write(text)
            temps[relative] = Path(name)
        for relative in changed:  # then a copy of every file about to change
            if (out / relative).is_file():
                _make_dirs((backup_root / relative).parent, made_dirs)
                shutil.copy2(out / relative, backup_root / relative)
    except OSError as error:
        for temp in temps.values():
            temp.unlink(missing_ok=True)
        shutil.rmtree(backup_root, ignore_errors=True)
        for folder in reversed(made_dirs):
            try:
                folder.rmdir()
            except OSError:
                pass
        raise CaseExerciseError(f"nothing was written: {error.strerror or error} ({error.filename}). "
                                "Check that you may write in that folder and that the disk is not full.") from None
    for relative, temp in temps.items():
        existed = (out / relative).is_file()
        os.replace(temp, out / relative)
        said.append(f"wrote {relative}" + (f" (the old one is in {BACKUPS}/{backup_root.name}/{relative})" if existed else ""))
    return said


def _make_dirs(folder: Path, made: list[Path]) -> None:
    missing = [p for p in [folder, *folder.parents] if not p.exists()]
    for path in reversed(missing):
        path.mkdir()
        made.append(path)


# --- the command -------------------------------------------------------------------------------------


def add_case_options(parser: argparse.ArgumentParser) -> None:
    """Add --case, --out and --seed to `make-exercises`, and send --case runs here."""
    parser.add_argument("--case", metavar="NAME", help="make exercises from this case instead (a folder name under "
                                                       "datasets/cases/ or a path to a case folder); needs --out")
    parser.add_argument("--out", metavar="DIR", help="with --case: the folder to write exercises/, solutions/ and "
                                                     "answer-keys/ into")
    parser.add_argument("--seed", type=int, default=0, metavar="N",
                        help="with --case: which variant of each question (default 0); one seed per learner or group")
    run_from_solutions = parser.get_default("run")

    def run(args: argparse.Namespace) -> int:
        if args.case is None and args.out is None:
            return run_from_solutions(args)
        return run_case_exercises(args)

    parser.set_defaults(run=run)


def run_case_exercises(args: argparse.Namespace) -> int:
    """Make and write one case's exercises; 0 when every file is written or up to date."""
    from claimlab.schema import CaseDataError

    if not args.case or not args.out:
        print("make-exercises: --case and --out go together, e.g. "
              "`python -m claimlab make-exercises --case ashwagandha-anxiety --out my-exercises`.")
        return 2
    if getattr(args, "solutions", None) or getattr(args, "check", False) or getattr(args, "force", False):
        print("make-exercises: with --case, give no solution notebooks, --check or --force "
              "(a changed file is always kept as a dated copy in DIR/backups/).")
        return 2
    from claimlab.paths import REPO

    if Path(args.out).resolve() == REPO.resolve():
        print(f"make-exercises: {args.out} is the kit's own folder, whose exercises/ and solutions/ are the "
              "hand-written ones. Choose another folder for --out, e.g. --out made-exercises; nothing was written.")
        return 2
    try:
        made = make_case_exercises(args.case, args.seed)
        said = write_all(Path(args.out), planned_files(made))
    except CaseDataError as error:
        print(f"Cannot make exercises for {args.case}; nothing was written. The case has problems:")
        for problem in error.problems:
            print(f"  {problem}")
        print(f"Fix them (`python -m claimlab check-case {args.case}` lists them again), then run this again.")
        return 1
    except (CaseExerciseError, ValueError, OSError) as error:
        print(f"Cannot make exercises for {args.case}: {error}")
        return 1
    for line in said:
        print(line)
    for lesson in made:
        print(f"{lesson.stem}: {lesson.asked} question{'' if lesson.asked == 1 else 's'}" + (f", {lesson.left_out} left out (the notebook says why)"
                                                            if lesson.left_out else ""))
    print(f"Learners open {Path(args.out) / 'exercises'}; the answers are in {Path(args.out) / 'solutions'}.")
    return 0
