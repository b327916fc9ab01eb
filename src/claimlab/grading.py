"""The kit's exercises as an nbgrader course: one assignment per lesson, graded where courses grade.

``python -m claimlab make-exercises --nbgrader COURSE [--from SOLUTIONS]`` writes an nbgrader
course's ``source/`` folder from solution notebooks (the kit's ``solutions/`` by default, or any
folder of them, such as the one ``make-exercises --case`` writes), plus the few settings it needs
in ``COURSE/nbgrader_config.py``. Each solution notebook becomes one assignment,
``source/NN-slug/NN-slug.ipynb``, next to its answer key ``NN-slug.answer-key.json`` (salted hashes
only, made from the same notebook):

- an answer the kit checks (``check("q1", answer_1)``) becomes a **solution cell** followed by an
  **autograded test cell** worth the question's points: ``graded_check("q1", answer_1)`` shows
  the kit's feedback, as ``check`` does, and fails while nbgrader runs the notebook
  (``NBGRADER_EXECUTION`` is set during autograde and validate) unless the answer is right;
- an open question (``check_open``, or a Markdown solution region) becomes a **manually graded
  answer**, followed by a read-only cell that says how it is marked: the kit's rubric;
- the set-up cell loads the answer key from the assignment folder and is read-only, so a
  submission cannot swap it (nbgrader puts the source copy back before autograding).

Points: 1 for each checked question and 2 for each written answer, unless the solution region
says otherwise with a line ``# POINTS: 3`` (``<!-- POINTS: 3 -->`` in Markdown).

Nothing in a course folder is overwritten without a dated copy in ``COURSE/backups/``.
"""

from __future__ import annotations

import argparse
import ast
import copy
import datetime as dt
import json
import os
import re
import shutil
import tempfile
from pathlib import Path

import nbformat

from claimlab.answers import CORRECT, check
from claimlab.feedback import Feedback
from claimlab.exercises import (
    CODE_MARKERS, MARKDOWN_MARKERS, WRITE_HERE, YOUR_ANSWER, ExerciseSourceError, _split_regions, assigned_names,
    build_answer_key,
)
from claimlab.paths import REPO

NBGRADER_TESTED = "0.9.6"
KEY_SUFFIX = ".answer-key.json"
CHECKED_POINTS, WRITTEN_POINTS = 1, 2
POINTS_LINE = re.compile(r"^\s*(?:#+|<!--)\s*POINTS\s*:\s*(\d+(?:\.\d+)?)\s*(?:-->)?\s*$")
CONFIG_BEGIN = "# --- Claim Lab: written by `python -m claimlab make-exercises --nbgrader` ---"
CONFIG_END = "# --- end of Claim Lab's settings ---"
CONFIG_BLOCK = f'''{CONFIG_BEGIN}
# A solution region becomes nothing (the kit's cells already say "# your answer here" and
# name = ... above it); a written answer becomes the kit's "write your answer here" note.
c.ClearSolutions.code_stub = {{"python": ""}}
c.ClearSolutions.text_stub = {WRITE_HERE!r}
{CONFIG_END}
'''
CONFIG_HEAD = '''"""nbgrader settings for a Claim Lab course (https://nbgrader.readthedocs.io)."""

c = get_config()  # noqa: F821  (nbgrader provides get_config)

'''

# Every sentence this module puts in a notebook or prints, in one place.
MESSAGES = {
    "marked_heading": "**How this answer is marked** ({points} points, by your instructor):",
    "marked_words": "- At least {words} words.",
    "marked_item": "- {item}",
    "marked_example": "- compared with a worked example your instructor has.",
    "not_correct": "{qid} is not answered correctly yet; the feedback above says why.",
    "wrote": "wrote {path}",
    "same": "up to date: {path}",
    "backed_up": "kept a copy of the old {path} in {backup}",
    "no_solutions": "No solution notebooks found in {folder}. Give a folder of solution notebooks with --from.",
    "cannot": "{path}: cannot make its nbgrader assignment: {error}",
    "done": "The course's source/ is ready. Next, in {course}: `nbgrader generate_assignment {first}` "
            "(see instructors/grading.md).",
    "cannot_write": "{course}: cannot write the course there ({error}). Check that it is a folder you can write to, "
                    "and that its nbgrader_config.py is a text file (UTF-8).",
    "from_alone": "--from only works with --nbgrader COURSE: say where to write the course.",
}


# --- what a graded notebook calls --------------------------------------------------------------


class NotYetCorrect(AssertionError):
    """Raised by graded_check while nbgrader runs a notebook and an answer is not right: the test cell fails."""


def under_nbgrader() -> bool:
    """True while nbgrader runs the notebook (autograde or validate), which sets NBGRADER_EXECUTION."""
    return bool(os.environ.get("NBGRADER_EXECUTION"))


def graded_check(question: str, answer: object = ...) -> None:
    """Show the kit's feedback on an answer, then, under nbgrader, fail the test cell unless it is right."""
    result = check(question, answer)
    _show(result)
    if under_nbgrader() and result.status != CORRECT:
        raise NotYetCorrect(MESSAGES["not_correct"].format(qid=result.question or question))


def _show(result: Feedback) -> None:
    try:
        from IPython.display import display

        display(result)
    except ImportError:  # plain Python
        print(result.message)


# --- one notebook --------------------------------------------------------------------------------


def nbgrader_notebook(solution_nb: nbformat.NotebookNode, lesson: str) -> nbformat.NotebookNode:
    """A solution notebook as an nbgrader source notebook: solution, test and manually graded cells."""
    key = build_answer_key(solution_nb, lesson)
    questions = {spec["variable"]: (qid, spec) for qid, spec in key["questions"].items()}
    cells: list[nbformat.NotebookNode] = []
    setup_done = written = 0
    for index, cell in enumerate(solution_nb.cells):
        cell = copy.deepcopy(cell)
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
        if cell.cell_type == "markdown" and any(MARKDOWN_MARKERS[0].fullmatch(line) for line in cell.source.split("\n")):
            for kind, chunk in _split_regions(cell.source.split("\n"), MARKDOWN_MARKERS, index):
                if kind == "keep":
                    if "\n".join(chunk).strip():
                        cells.append(_plain(cell, "\n".join(chunk).strip("\n"), "markdown"))
                    continue
                written += 1
                grade_id, points = f"written-{written}", _points(chunk, WRITTEN_POINTS)
                cells.append(_marked(_plain(cell, "\n".join(chunk), "markdown"), grade_id, solution=True, grade=True, points=points))
                cells.append(_marked(_plain(cell, _how_marked(points, {}), "markdown"), f"{grade_id}-how", locked=True))
            continue
        if cell.cell_type != "code":
            cells.append(cell)
            continue
        if not setup_done and "use_answer_key" in cell.source:
            setup_done = 1
            cell.source = _setup_source(cell.source, lesson)
            cells.append(_marked(cell, "setup", locked=True))
            continue
        checks = _check_calls(cell.source)
        if checks is not None:
            for call, qid, how in checks:
                spec = key["questions"].get(qid)
                if spec is None or spec.get("kind") == "open":
                    how = "check_open"
                cells.append(_check_cell(cell, call, qid, how, _points_of(solution_nb, (spec or {}).get("variable", ""), CHECKED_POINTS)))
            continue
        if not any(CODE_MARKERS[0].fullmatch(line) for line in cell.source.split("\n")):
            cells.append(cell)
            continue
        cells += _solution_cells(cell, index, questions)
    if not setup_done:
        raise ExerciseSourceError("no code cell loads the answer key with use_answer_key(...); add it to the set-up cell")
    made = {cell.metadata["nbgrader"]["grade_id"] for cell in cells if "nbgrader" in cell.metadata}
    for qid, spec in key["questions"].items():
        wanted = f"answer-{qid}" if spec.get("kind") == "open" else f"check-{qid}"
        if wanted not in made:
            call = f'check_open({spec["variable"]}, "{qid}")' if spec.get("kind") == "open" else f'check("{qid}", {spec["variable"]})'
            raise ExerciseSourceError(f"question {qid} would not be graded: put {call} in a cell of its own, "
                                      "after the cell with its solution region")
    nb = copy.deepcopy(solution_nb)
    nb.cells = cells
    nb.metadata["claimlab"] = {"nbgrader_source_of": lesson}
    _unique_ids(nb)
    return nb


def _unique_ids(nb: nbformat.NotebookNode) -> None:
    """Cell ids made unique the same way on every run (a split cell's parts get -1, -2 ...)."""
    seen: set[str] = set()
    for cell in nb.cells:
        base = str(cell.get("id") or "cell")[:60]
        candidate, n = base, 0
        while candidate in seen:
            n += 1
            candidate = f"{base}-{n}"
        cell.id = candidate
        seen.add(candidate)


def _solution_cells(cell: nbformat.NotebookNode, index: int, questions: dict) -> list[nbformat.NotebookNode]:
    """A code cell with solution regions: placeholders above each region, then its check calls as cells of their own."""
    chunks = _split_regions(cell.source.split("\n"), CODE_MARKERS, index)
    last = max(n for n, (kind, _) in enumerate(chunks) if kind == "solution")
    lines: list[str] = []
    asked: list[tuple[str, dict, list[str]]] = []
    for kind, chunk in chunks[: last + 1]:
        if kind == "solution":
            indent = re.match(r"\s*", chunk[0]).group(0)
            names = assigned_names(chunk[1:-1])
            lines += [indent + YOUR_ANSWER] + [f"{indent}{name} = ..." for name in names]
            asked += [(*questions[name], chunk) for name in names if name in questions]
        lines += chunk
    after = "\n".join(line for _, chunk in chunks[last + 1:] for line in chunk).strip("\n")
    calls = _check_calls(after) if after else []
    if calls is None:  # other code after the region stays in the learner's cell
        lines, calls = lines + [after], []
    written = next(((qid, spec, chunk) for qid, spec, chunk in asked if spec.get("kind") == "open"), None)
    cells = []
    if written:
        qid, spec, chunk = written
        points = _points(chunk, WRITTEN_POINTS)
        cells.append(_marked(_plain(cell, "\n".join(lines)), f"answer-{qid}", solution=True, grade=True, points=points))
        cells.append(_marked(_plain(cell, _how_marked(points, spec), "markdown"), f"answer-{qid}-how", locked=True))
    else:
        name = f"answer-{asked[0][0]}" if asked else f"solution-{index}"
        cells.append(_marked(_plain(cell, "\n".join(lines)), name, solution=True))
    points = {qid: _points(chunk, CHECKED_POINTS) for qid, _, chunk in asked}
    cells += [_check_cell(cell, call, qid, how, points.get(qid, CHECKED_POINTS)) for call, qid, how in calls]
    return cells


def _check_cell(template: nbformat.NotebookNode, call: str, qid: str, how: str, points: float) -> nbformat.NotebookNode:
    """A check call as a read-only cell: an autograded test for check(), a self-check for check_open()."""
    if how == "check_open":
        return _marked(_plain(template, call), f"self-check-{qid}", locked=True)
    return _marked(_plain(template, call.replace("check(", "graded_check(", 1)), f"check-{qid}",
                   grade=True, locked=True, points=points)


def _check_calls(source: str) -> list[tuple[str, str, str]] | None:
    """The check and check_open calls of a cell that holds nothing else, as (code, question id, function); else None."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return None
    calls = []
    for node in tree.body:
        call = node.value if isinstance(node, ast.Expr) else None
        if not isinstance(call, ast.Call) or not isinstance(call.func, ast.Name) or len(call.args) != 2:
            return None
        name, (first, second) = call.func.id, call.args
        if name == "check" and isinstance(first, ast.Constant) and isinstance(first.value, str):
            calls.append((ast.get_source_segment(source, node), first.value, name))
        elif name == "check_open" and isinstance(second, ast.Constant) and isinstance(second.value, str):
            calls.append((ast.get_source_segment(source, node), second.value, name))
        else:
            return None
    return calls or None


def _setup_source(source: str, lesson: str) -> str:
    """The set-up cell, loading the key from the assignment's folder and importing graded_check."""
    key_file = f"{lesson}{KEY_SUFFIX}"
    loaded, count = re.subn(r"use_answer_key\(\s*([\"']).*?\1\s*\)", f'use_answer_key("{key_file}")', source)
    if not count:
        loaded = source.rstrip("\n") + f'\nuse_answer_key("{key_file}")'
    lines = loaded.split("\n")
    at = next((n for n, line in enumerate(lines) if "use_answer_key(" in line and not line.lstrip().startswith(("from", "import"))),
              len(lines))
    lines.insert(at, "from claimlab.grading import graded_check")
    return "\n".join(lines)


def _how_marked(points: float, spec: dict) -> str:
    lines = [MESSAGES["marked_heading"].format(points=_number(points)), ""]
    if spec.get("min_words"):
        lines.append(MESSAGES["marked_words"].format(words=spec["min_words"]))
    lines += [MESSAGES["marked_item"].format(item=item) for item in spec.get("rubric", [])]
    if not spec.get("rubric"):
        lines.append(MESSAGES["marked_example"])
    return "\n".join(lines)


def _points(chunk: list[str], default: float) -> float:
    found = [float(m.group(1)) for line in chunk if (m := POINTS_LINE.match(line))]
    return found[-1] if found else default


def _points_of(solution_nb: nbformat.NotebookNode, variable: str, default: float) -> float:
    for index, cell in enumerate(solution_nb.cells):
        if cell.cell_type != "code":
            continue
        for kind, chunk in _split_regions(cell.source.split("\n"), CODE_MARKERS, index):
            if kind == "solution" and variable in assigned_names(chunk[1:-1]):
                return _points(chunk, default)
    return default


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def _plain(template: nbformat.NotebookNode, source: str, cell_type: str | None = None) -> nbformat.NotebookNode:
    kind = cell_type or template.cell_type
    cell = nbformat.v4.new_code_cell(source) if kind == "code" else nbformat.v4.new_markdown_cell(source)
    if template.get("id"):
        cell.id = template.id  # made unique, and so the same on every run, by _unique_ids
    tags = template.get("metadata", {}).get("tags")
    if tags and kind == template.cell_type:
        cell.metadata["tags"] = list(tags)
    return cell


def _marked(cell: nbformat.NotebookNode, grade_id: str, *, solution: bool = False, grade: bool = False,
            locked: bool = False, points: float | None = None) -> nbformat.NotebookNode:
    """A cell with nbgrader's metadata (schema 3)."""
    meta = {"grade": grade, "grade_id": grade_id, "locked": locked, "schema_version": 3, "solution": solution, "task": False}
    if grade:
        meta["points"] = points
    cell.metadata["nbgrader"] = meta
    return cell


# --- the course folder ------------------------------------------------------------------------------


def course_files(solutions: list[Path]) -> dict[str, str]:
    """What the course's source/ holds for these solution notebooks: {path in the course: text}."""
    files: dict[str, str] = {}
    for path in solutions:
        lesson = path.stem
        solution = nbformat.read(path, as_version=4)
        key = build_answer_key(solution, lesson)
        files[f"source/{lesson}/{lesson}.ipynb"] = nbformat.writes(nbgrader_notebook(solution, lesson)) + "\n"
        files[f"source/{lesson}/{lesson}{KEY_SUFFIX}"] = json.dumps(key, indent=1, ensure_ascii=False) + "\n"
    return files


def config_text(existing: str | None) -> str:
    """nbgrader_config.py with the kit's settings: a new file, or the existing one with its Claim Lab block replaced or added."""
    if existing is None:
        return CONFIG_HEAD + CONFIG_BLOCK
    pattern = re.compile(re.escape(CONFIG_BEGIN) + r".*?" + re.escape(CONFIG_END) + r"\n?", re.DOTALL)
    if pattern.search(existing):
        return pattern.sub(lambda _: CONFIG_BLOCK, existing, count=1)
    return existing.rstrip("\n") + "\n\n" + CONFIG_BLOCK


def write_course(course: Path, solutions: list[Path], now: dt.datetime | None = None) -> list[str]:
    """Write (or bring up to date) an nbgrader course's source/ and settings; what was done, line by line."""
    course = Path(course)
    stamp = (now or dt.datetime.now(dt.timezone.utc)).strftime("%Y-%m-%d-%H%M%S")  # UTC
    files = course_files(solutions)
    config = course / "nbgrader_config.py"
    files["nbgrader_config.py"] = config_text(config.read_text(encoding="utf-8") if config.exists() else None)
    said = []
    for relative, text in files.items():
        target = course / relative
        if target.exists():
            if target.read_bytes() == text.encode("utf-8"):
                said.append(MESSAGES["same"].format(path=relative))
                continue
            backup = course / "backups" / stamp / relative
            backup.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(target, backup)
            said.append(MESSAGES["backed_up"].format(path=relative, backup=backup.relative_to(course)))
        write_atomically(target, text)
        said.append(MESSAGES["wrote"].format(path=relative))
    return said


def write_atomically(path: Path, text: str) -> None:
    """Write a text file so that a reader sees the old file or the new one, never half of one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


# --- the command ------------------------------------------------------------------------------------


def add_make_exercises_command(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """The kit's `make-exercises` (claimlab.exercises), with --case NAME, --nbgrader COURSE and --from SOLUTIONS added."""
    from claimlab import exercises
    from claimlab.case_exercises import add_case_options  # --case NAME --out DIR [--seed N]: exercises for any case

    parser = exercises.add_make_exercises_command(subparsers)
    add_case_options(parser)
    add_nbgrader_options(parser)
    return parser


def add_nbgrader_options(parser: argparse.ArgumentParser) -> None:
    """Give `make-exercises` its --nbgrader COURSE and --from SOLUTIONS options."""
    parser.add_argument("--nbgrader", metavar="COURSE",
                        help="write an nbgrader course's source/ (one assignment per lesson) into the folder COURSE")
    parser.add_argument("--from", dest="from_folder", metavar="SOLUTIONS",
                        help="with --nbgrader: the folder of solution notebooks (default: the kit's solutions/)")
    plain = parser.get_default("run")

    def run(args: argparse.Namespace) -> int:
        if getattr(args, "nbgrader", None):
            return run_nbgrader(args)
        if getattr(args, "from_folder", None):
            print(MESSAGES["from_alone"])
            return 2
        return plain(args)

    parser.set_defaults(run=run)


def run_nbgrader(args: argparse.Namespace) -> int:
    """`make-exercises --nbgrader COURSE`: write the course; 0 when every lesson was written."""
    folder = Path(args.from_folder) if getattr(args, "from_folder", None) else Path(getattr(args, "root", None) or REPO) / "solutions"
    paths = [Path(p) for p in getattr(args, "solutions", [])] or sorted(folder.glob("[0-9]*.ipynb"))
    if not paths:
        print(MESSAGES["no_solutions"].format(folder=folder))
        return 1
    good, status = [], 0
    for path in paths:
        try:
            course_files([path])
            good.append(path)
        except (ExerciseSourceError, OSError, ValueError) as error:
            print(MESSAGES["cannot"].format(path=path, error=error))
            status = 1
    if good:
        try:
            said = write_course(Path(args.nbgrader), good)
        except (OSError, ValueError) as error:  # a file where the folder should be, a config file that is not text ...
            print(MESSAGES["cannot_write"].format(course=args.nbgrader, error=error))
            return 1
        for line in said:
            print(line)
        print(MESSAGES["done"].format(course=args.nbgrader, first=good[0].stem))
    return status
