"""Exercises and their solutions from one source: the solution notebook.

A solution notebook (``solutions/NN-slug.ipynb``) marks what the learner must write with
nbgrader's markers, ``### BEGIN SOLUTION`` / ``### END SOLUTION`` in code cells and
``<!-- BEGIN SOLUTION -->`` / ``<!-- END SOLUTION -->`` in Markdown cells. Inside a code
region, comment lines declare how the answer is checked::

    ### BEGIN SOLUTION
    answer_1 = "coe-2019"
    # ACCEPT: "Coe 2019" | "the Coe survey"
    # WRONG: "grundmann-2017" -> A survey asks people once, with no one to compare them with.
    # HINT: Which study followed people over time?
    # WHY: It is the only one that compared users with non-users.
    ### END SOLUTION
    check("q1", answer_1)

``make_exercise`` turns each region into ``answer_1 = ...`` (the variable keeps its name) and
``build_answer_key`` turns the declarations into a key of salted hashes. ``python -m claimlab
make-exercises`` writes both, and never overwrites an exercise a learner has edited.

Notebooks import the checking functions from here: ``from claimlab.exercises import check``.
"""

from __future__ import annotations

import argparse
import ast
import copy
import csv
import hashlib
import json
import re
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from claimlab.answers import (  # noqa: F401  (re-exported for notebooks)
    KEYS_FOLDER,
    check,
    check_all,
    check_open,
    hash_answer,
    normalise_answer,
    normalise_exact,
    use_answer_key,
)
from claimlab.answers import normalise_answer as _normalise
from claimlab.errors import KitInputError
from claimlab.files import keep_backup, write_atomic
from claimlab.paths import REPO
from claimlab.synonyms import equivalents, vocabulary_of

CODE_BEGIN, CODE_END = "### BEGIN SOLUTION", "### END SOLUTION"
MARKDOWN_BEGIN, MARKDOWN_END = "<!-- BEGIN SOLUTION -->", "<!-- END SOLUTION -->"
YOUR_ANSWER = "# your answer here"
WRITE_HERE = "*Write your answer here (double-click this cell to edit it).*"
CODE_MARKERS = (re.compile(r"\s*#+\s*BEGIN SOLUTION\s*"), re.compile(r"\s*#+\s*END SOLUTION\s*"))
MARKDOWN_MARKERS = (re.compile(r"\s*<!--\s*BEGIN SOLUTION\s*-->\s*"), re.compile(r"\s*<!--\s*END SOLUTION\s*-->\s*"))
DIRECTIVE = re.compile(r"^\s*#\s*(QUESTION|ACCEPT|WRONG|HINT|WHY|ROUND|IN ORDER|EXACT|RUBRIC|MIN_WORDS)\b\s*:?\s*(.*?)\s*$")


class ExerciseSourceError(KitInputError):
    """A solution notebook whose markers or declarations cannot be used; the message says where and how to fix it."""


@dataclass
class Region:
    """One marked solution region of a code cell: its lines, assigned variables and declarations."""

    cell: int
    lines: list[str]
    variables: list[str] = field(default_factory=list)
    values: dict[str, object] = field(default_factory=dict)
    directives: list[tuple[str, str]] = field(default_factory=list)


# --- the exercise ---------------------------------------------------------------------------------


def make_exercise(solution_nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """The learner's version of a solution notebook: regions become placeholders, outputs go."""
    exercise = copy.deepcopy(solution_nb)
    for index, cell in enumerate(exercise.cells):
        if cell.cell_type == "code":
            cell.source = replace_code_regions(cell.source, index)
            cell.outputs = []
            cell.execution_count = None
        elif cell.cell_type == "markdown":
            cell.source = replace_markdown_regions(cell.source, index)
    exercise.metadata["claimlab"] = {"generated_hash": content_hash(exercise)}
    return exercise


def replace_code_regions(source: str, cell: int = 0) -> str:
    """A code cell's source with each solution region replaced by `name = ...` placeholders."""
    lines = source.split("\n")
    out: list[str] = []
    for kind, chunk in _split_regions(lines, CODE_MARKERS, cell):
        if kind == "keep":
            out += chunk
            continue
        indent = re.match(r"\s*", chunk[0]).group(0)
        names = assigned_names(chunk[1:-1])
        out.append(indent + YOUR_ANSWER)
        out += [f"{indent}{name} = ..." for name in names]
    return "\n".join(out)


def replace_markdown_regions(source: str, cell: int = 0) -> str:
    """A Markdown cell's source with each solution region replaced by a 'write your answer here' note."""
    lines = source.split("\n")
    out: list[str] = []
    for kind, chunk in _split_regions(lines, MARKDOWN_MARKERS, cell):
        out += chunk if kind == "keep" else [WRITE_HERE]
    return "\n".join(out)


def assigned_names(lines: list[str]) -> list[str]:
    """The variables a region assigns at its top level, in order (answer_1 = "x" gives answer_1)."""
    code = textwrap.dedent("\n".join(lines))
    try:
        tree = ast.parse(code)
    except SyntaxError:
        names = [m.group(1) for line in lines if (m := re.match(r"\s*([A-Za-z_]\w*)\s*(?::[^=]*)?=(?!=)", line))]
        return list(dict.fromkeys(names))
    names = []
    for node in tree.body:
        targets = node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(node, ast.AnnAssign) else []
        for target in targets:
            for sub in ast.walk(target):
                if isinstance(sub, ast.Name):
                    names.append(sub.id)
    return list(dict.fromkeys(names))


def content_hash(nb: nbformat.NotebookNode) -> str:
    """A fingerprint of what a learner can change: each cell's kind and source (not outputs or ids)."""
    cells = [[cell.cell_type, cell.source] for cell in nb.cells]
    return hashlib.sha256(json.dumps(cells, ensure_ascii=False).encode()).hexdigest()


def is_edited(exercise_nb: nbformat.NotebookNode) -> bool:
    """True when an exercise's cells differ from what was generated (a learner has written in it)."""
    stored = exercise_nb.metadata.get("claimlab", {}).get("generated_hash")
    return stored != content_hash(exercise_nb)


# --- the answer key -------------------------------------------------------------------------------


def solution_regions(solution_nb: nbformat.NotebookNode) -> list[Region]:
    """Every code solution region of a notebook, with what it assigns and declares."""
    regions = []
    for index, cell in enumerate(solution_nb.cells):
        if cell.cell_type == "markdown":
            _split_regions(cell.source.split("\n"), MARKDOWN_MARKERS, index)  # markers must pair up
        if cell.cell_type != "code":
            continue
        for kind, chunk in _split_regions(cell.source.split("\n"), CODE_MARKERS, index):
            if kind == "keep":
                continue
            body = chunk[1:-1]
            region = Region(cell=index, lines=body)
            region.directives = [(m.group(1), m.group(2)) for line in body if (m := DIRECTIVE.match(line))]
            region.variables = assigned_names(body)
            region.values = _literal_values(body)
            regions.append(region)
    return regions


def checked_variables(solution_nb: nbformat.NotebookNode) -> dict[str, tuple[str, str]]:
    """Which variable each check call checks: {variable: (question id, "check" or "check_open")}."""
    found: dict[str, tuple[str, str]] = {}
    for cell in solution_nb.cells:
        if cell.cell_type != "code":
            continue
        code = "\n".join(line for line in cell.source.split("\n") if not line.lstrip().startswith(("%", "!")))
        try:
            tree = ast.parse(code)
        except SyntaxError:
            continue
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or len(node.args) < 2:
                continue
            name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
            first, second = node.args[0], node.args[1]
            if name == "check" and _is_text(first) and isinstance(second, ast.Name):
                found[second.id] = (first.value, "check")
            elif name == "check_open" and isinstance(first, ast.Name) and _is_text(second):
                found[first.id] = (second.value, "check_open")
    return found


def build_answer_key(solution_nb: nbformat.NotebookNode, lesson: str) -> dict:
    """The answer key of a lesson, from the declarations in its solution notebook: hashes, hints, rubrics."""
    salt = f"claimlab|{lesson}"
    citations = study_citations()
    checked = checked_variables(solution_nb)
    questions: dict[str, dict] = {}
    for region in solution_regions(solution_nb):
        where = f"cell {region.cell}"
        declared = dict(region.directives).get("QUESTION")
        mine = [v for v in region.variables if v in checked]
        if declared:
            if len(region.variables) != 1 and len(mine) != 1:
                raise ExerciseSourceError(f"{where}: QUESTION {declared} needs one answer variable in its region")
            mine = mine or region.variables
        if not mine:
            if any(d != "QUESTION" for d, _ in region.directives):
                raise ExerciseSourceError(
                    f"{where}: this region declares answers but nothing checks {', '.join(region.variables) or 'it'}; "
                    f"add a cell with check(\"q1\", {region.variables[0] if region.variables else 'answer_1'})")
            continue
        if len(mine) > 1:
            raise ExerciseSourceError(f"{where}: {', '.join(mine)} are all checked; put each answer in its own region")
        variable = mine[0]
        qid, how = checked.get(variable, (declared, "check"))
        qid = declared or qid
        if qid in questions:
            raise ExerciseSourceError(f"{where}: question {qid!r} is declared twice")
        spec = _open_spec(region, variable) if how == "check_open" else _question_spec(region, variable, qid, salt, citations)
        questions[qid] = spec
    return {
        "lesson": lesson,
        "note": "Generated from solutions/" + lesson + ".ipynb by `python -m claimlab make-exercises`. "
                "Edit the solution notebook, not this file: answers are stored only as salted hashes.",
        "salt": salt,
        "questions": questions,
    }


def study_citations() -> dict[str, list[str]]:
    """Other ways to name each study of the kit's cases: {normalised study id: [citation, 'Author Year', ...]}."""
    from claimlab.paths import cases_dir

    rows = []
    for path in sorted(cases_dir().glob("*/studies.csv")):
        with path.open(encoding="utf-8-sig", newline="") as handle:
            rows += list(csv.DictReader(handle))
    short: dict[str, list[str]] = {}  # 'Author Year' -> the studies it could mean
    for row in rows:
        citation, year = (row.get("citation") or "").strip(), (row.get("year") or "").strip()
        author = citation.split(" ")[0].rstrip(",.") if citation else ""
        if author and year:
            short.setdefault(normalise_answer(f"{author} {year}"), []).append(row.get("study_id", ""))
    names: dict[str, list[str]] = {}
    for row in rows:
        citation, year = (row.get("citation") or "").strip(), (row.get("year") or "").strip()
        author = citation.split(" ")[0].rstrip(",.") if citation else ""
        variants = [citation] if citation else []
        if author and year and len(short[normalise_answer(f"{author} {year}")]) == 1:  # skip 'Smith 2022' if two
            variants += [f"{author} {year}", f"{author} et al {year}"]
        names[normalise_answer(row.get("study_id", ""))] = variants
    return names


# --- the command ----------------------------------------------------------------------------------


def add_make_exercises_command(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Add `make-exercises` to the kit's command line."""
    parser = subparsers.add_parser(
        "make-exercises",
        help="generate exercises/ and the answer keys from solutions/",
        description="Generate each exercise notebook and its answer key from the solution notebook. "
                    "An exercise a learner has edited is never overwritten unless you pass --force.",
    )
    parser.add_argument("solutions", nargs="*", metavar="SOLUTION", help="solution notebooks (default: all in solutions/)")
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 and list files that have drifted")
    parser.add_argument("--force", action="store_true", help="overwrite exercises even if they have been edited")
    parser.add_argument("--root", default=str(REPO), help="the kit's folder (default: this kit)")
    parser.set_defaults(run=run_make_exercises)
    return parser


def run_make_exercises(args: argparse.Namespace) -> int:
    """Regenerate (or with --check, compare) exercises and answer keys; 0 when all is well."""
    root = Path(getattr(args, "root", None) or REPO)
    paths = [Path(p) for p in args.solutions] or sorted((root / "solutions").glob("*.ipynb"))
    if not paths:
        print("No solution notebooks found in solutions/.")
        return 0
    status = 0
    for path in paths:
        try:
            status |= _make_one(path, root, check_only=args.check, force=args.force)
        except (ExerciseSourceError, OSError, ValueError) as error:
            print(f"{_label(path, root)}: cannot generate its exercise: {error}")
            status = 1
    if args.check and not args.solutions:
        have = {p.name for p in paths}
        for orphan in sorted((root / "exercises").glob("*.ipynb")):
            if orphan.name not in have:
                print(f"drifted: {_label(orphan, root)} has no solution notebook in solutions/")
                status = 1
    if args.check and status:
        print("Run `python -m claimlab make-exercises` to regenerate them.")
    return status


def exercise_path_for(solution: Path, root: Path) -> Path:
    """Where a solution's exercise goes: exercises/ with the same name."""
    return root / "exercises" / solution.name


def answer_key_path_for(solution: Path, root: Path) -> Path:
    """Where a solution's answer key goes: datasets/answer-keys/NN-slug.json."""
    return root / "datasets" / KEYS_FOLDER / f"{solution.stem}.json"


def _make_one(path: Path, root: Path, check_only: bool, force: bool) -> int:
    solution = nbformat.read(path, as_version=4)
    exercise = make_exercise(solution)
    key_text = json.dumps(build_answer_key(solution, path.stem), indent=1, ensure_ascii=False) + "\n"
    exercise_path, key_path = exercise_path_for(path, root), answer_key_path_for(path, root)
    existing = _read_exercise(exercise_path)
    same_exercise = existing is not None and existing is not UNREADABLE and nbformat.writes(existing) == nbformat.writes(exercise)
    same_key = key_path.exists() and key_path.read_text(encoding="utf-8") == key_text
    if check_only:
        for ok, target in ((same_exercise, exercise_path), (same_key, key_path)):
            if not ok:
                print(f"drifted: {_label(target, root)} is not what {_label(path, root)} generates")
        return 0 if same_exercise and same_key else 1
    edited = existing is not None and not same_exercise and (existing is UNREADABLE or is_edited(existing))
    if edited and not force:
        # A refused regeneration changes nothing: not the exercise, and not the answer key its checks use.
        print(
            f"NOT overwritten: {_label(exercise_path, root)} has been edited since it was generated "
            f"(perhaps a learner's answers), and its answer key was left as it is. Copy the work you want "
            f"to keep first if you like, then run `python -m claimlab make-exercises --force "
            f"{_label(path, root)}`: it keeps a dated copy of the edited file in "
            f"{_label(backups_folder(root), root)}/."
        )
        return 1
    if not same_key:
        key_path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(key_path, key_text)
        print(f"wrote {_label(key_path, root)}")
    if same_exercise:
        print(f"up to date: {_label(exercise_path, root)}")
        return 0
    kept = None
    if existing is not None and (edited or has_outputs(existing)):
        kept = keep_backup(exercise_path, backups_folder(root))
    exercise_path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(exercise_path, nbformat.writes(exercise))
    print(f"wrote {_label(exercise_path, root)}" + (f" (the old one is kept as {_label(kept, root)})" if kept else ""))
    return 0


def backups_folder(root: Path) -> Path:
    """Where make-exercises keeps a dated copy of an exercise it replaces: worksheets/backups/exercises/."""
    return root / "worksheets" / "backups" / "exercises"


def has_outputs(exercise_nb: nbformat.NotebookNode) -> bool:
    """True when an exercise has been run (a cell has outputs or an execution count): worth a backup."""
    return any(cell.get("outputs") or cell.get("execution_count") for cell in exercise_nb.get("cells", []))


# --- helpers ---------------------------------------------------------------------------------------

UNREADABLE = nbformat.NotebookNode()  # an exercise file that is not a notebook: treat it as a learner's


def _read_exercise(path: Path) -> nbformat.NotebookNode | None:
    if not path.exists():
        return None
    try:
        return nbformat.read(path, as_version=4)
    except Exception:  # not JSON, not a notebook: someone's file, so do not overwrite it without --force
        return UNREADABLE



def _split_regions(lines: list[str], markers: tuple[re.Pattern, re.Pattern], cell: int) -> list[tuple[str, list[str]]]:
    """Lines cut into ("keep", lines) and ("solution", lines including both markers)."""
    begin, end = markers
    chunks: list[tuple[str, list[str]]] = []
    current: list[str] = []
    inside = False
    for number, line in enumerate(lines, 1):
        if begin.fullmatch(line):
            if inside:
                raise ExerciseSourceError(f"cell {cell}, line {number}: BEGIN SOLUTION inside another solution region; "
                                          "close the first with END SOLUTION")
            if current:
                chunks.append(("keep", current))
            current, inside = [line], True
        elif end.fullmatch(line):
            if not inside:
                raise ExerciseSourceError(f"cell {cell}, line {number}: END SOLUTION without a BEGIN SOLUTION above it")
            chunks.append(("solution", current + [line]))
            current, inside = [], False
        else:
            if not inside and ("BEGIN SOLUTION" in line or "END SOLUTION" in line):
                raise ExerciseSourceError(f"cell {cell}, line {number}: put the solution marker on a line of its own, "
                                          f"as {CODE_BEGIN} (code) or {MARKDOWN_BEGIN} (Markdown)")
            if not inside and DIRECTIVE.match(line) and markers is CODE_MARKERS:
                raise ExerciseSourceError(f"cell {cell}, line {number}: this declaration is outside a solution region, "
                                          "so learners would see it; move it between the markers")
            current.append(line)
    if inside:
        raise ExerciseSourceError(f"cell {cell}: BEGIN SOLUTION is never closed; add a line {CODE_END if markers is CODE_MARKERS else MARKDOWN_END}")
    if current or not chunks:
        chunks.append(("keep", current))
    return chunks


def _literal_values(lines: list[str]) -> dict[str, object]:
    try:
        tree = ast.parse(textwrap.dedent("\n".join(lines)))
    except SyntaxError:
        return {}
    values: dict[str, object] = {}
    for node in tree.body:
        if isinstance(node, (ast.Assign, ast.AnnAssign)) and node.value is not None:
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                if isinstance(target, ast.Name):
                    try:
                        values[target.id] = ast.literal_eval(node.value)
                    except (ValueError, SyntaxError, TypeError):
                        values[target.id] = NotImplemented  # computed: needs an ACCEPT line
    return values


def _answer_items(text: str) -> list[object]:
    """The answers on an ACCEPT or WRONG line: "a" | 'b' | 12 | bare words."""
    items = []
    for match in re.finditer(r'"(?:[^"\\]|\\.)*"|\'(?:[^\'\\]|\\.)*\'|[^|]+', text):
        item = match.group(0).strip()
        if not item:
            continue
        try:
            items.append(ast.literal_eval(item))
        except (ValueError, SyntaxError):
            items.append(item)
    return items


def _question_spec(region: Region, variable: str, qid: str, salt: str, citations: dict[str, list[str]]) -> dict:
    where = f"cell {region.cell} ({variable})"
    value = region.values.get(variable, NotImplemented)
    groups = [_answer_items(text) for d, text in region.directives if d == "ACCEPT"]
    decimals = next((int(text) for d, text in region.directives if d == "ROUND" and text.strip().isdigit()), None)
    in_order = any(d == "IN ORDER" for d, _ in region.directives)
    exact = any(d == "EXACT" for d, _ in region.directives)  # file names and the like: punctuation counts

    def normalise_answer(value: object, decimals: int | None = None) -> str:  # noqa: F811
        return normalise_exact(value) if exact else _normalise(value, decimals)

    if value is NotImplemented and not groups:
        raise ExerciseSourceError(f"{where}: the answer is computed, so list what to accept: # ACCEPT: \"answer\" | \"variant\"")
    if value is NotImplemented and len(groups) > 1:
        # Several ACCEPT lines on a computed answer could mean variants of one answer or the items
        # of a list; the key is made without running the code, so it cannot tell. Refuse, loudly.
        raise ExerciseSourceError(f"{where}: the answer is computed and has {len(groups)} ACCEPT lines; write a list "
                                  "answer as a literal (answer = [\"a\", \"b\"]), or give one ACCEPT line with all "
                                  "the ways of writing a single answer")
    if isinstance(value, dict):
        raise ExerciseSourceError(f"{where}: a dict cannot be checked; use a list or set of answers")
    several = isinstance(value, (list, tuple, set, frozenset))
    if several:
        kind = "sequence" if in_order else "set"
        slots = [[item] for item in (list(value) if not isinstance(value, (set, frozenset)) else sorted(value, key=str))]
        for group in groups:
            normal = {normalise_answer(g, decimals) for g in group}
            slot = next((s for s in slots if normalise_answer(s[0], decimals) in normal), None)
            if slot is None:
                raise ExerciseSourceError(f"{where}: ACCEPT {group!r} names none of the items of the answer")
            slot += group
    else:
        kind = "one"
        slots = [([] if value is NotImplemented else [value]) + [item for group in groups for item in group]]
    for slot in slots:
        slot += [v for item in list(slot) for v in citations.get(normalise_answer(item), [])]
    answer_type = "number" if kind == "one" and all(_is_number(v) for v in slots[0]) else "text"
    accept = [sorted({hash_answer(salt, qid, normalise_answer(v, decimals)) for v in slot}) for slot in slots]
    wrong: dict[str, int] = {}
    feedback_texts: list[str] = []
    accepted = {h for slot in accept for h in slot}
    for d, text in region.directives:
        if d != "WRONG":
            continue
        answers, _, feedback = text.partition("->")
        if not feedback.strip():
            raise ExerciseSourceError(f"{where}: write WRONG lines as # WRONG: \"answer\" | \"variant\" -> why it is wrong")
        items = _answer_items(answers)
        for item in items:
            if hash_answer(salt, qid, normalise_answer(item, decimals)) in accepted:
                raise ExerciseSourceError(f"{where}: {item!r} is both accepted and declared WRONG")
        for item in items + [v for item in items for v in citations.get(normalise_answer(item), [])]:
            hashed = hash_answer(salt, qid, normalise_answer(item, decimals))
            if hashed not in accepted:
                wrong[hashed] = len(feedback_texts)
        feedback_texts.append(feedback.strip())
    if not exact:  # other right ways of writing a vocabulary term, unless the solution calls one WRONG
        for slot, hashes in zip(slots, accept):
            ways = [w for item in slot if isinstance(item, str) for w in equivalents(item, normalise_answer)]
            more = {hash_answer(salt, qid, normalise_answer(w, decimals)) for w in ways} - set(wrong)
            hashes[:] = sorted(set(hashes) | more)
    spec = {
        "variable": variable,
        "kind": kind,
        "answer_type": answer_type,
        "accept": accept,
        "wrong": dict(sorted(wrong.items())),
        "wrong_feedback": feedback_texts,
        "hints": [text for d, text in region.directives if d == "HINT"],
        "why": " ".join(text for d, text in region.directives if d == "WHY"),
    }
    if decimals is not None:
        spec["decimals"] = decimals
    if in_order:
        spec["in_order"] = True
    if exact:
        spec["exact"] = True
    vocabulary = None if exact or answer_type == "number" else vocabulary_of(
        [v for slot in slots for v in slot if isinstance(v, str)] or ["-"], normalise_answer)
    if vocabulary:  # which vocabulary the answer is a term of; the checker lists its terms on a miss
        spec["choices_from"] = vocabulary[0]
    _refuse_giveaways(where, spec, [v for slot in slots for v in slot], decimals)
    return spec


def _open_spec(region: Region, variable: str) -> dict:
    minimum = next((int(t) for d, t in region.directives if d == "MIN_WORDS" and t.strip().isdigit()), 50)
    return {"variable": variable, "kind": "open", "min_words": minimum,
            "rubric": [text for d, text in region.directives if d == "RUBRIC"]}


def _refuse_giveaways(where: str, spec: dict, answers: list[object], decimals: int | None) -> None:
    """Feedback must teach without giving the answer away: no accepted answer in a hint or feedback."""
    texts = [("HINT", h) for h in spec["hints"]] + [("WHY", spec["why"])] + [("WRONG", w) for w in spec["wrong_feedback"]]
    for label, text in texts:
        said = f" {normalise_answer(text)} "
        for answer in answers:
            normal = normalise_answer(answer, decimals)
            if len(normal) >= 3 and f" {normal} " in said:
                raise ExerciseSourceError(f"{where}: the {label} text contains an accepted answer ({answer!r}); "
                                          "feedback must teach without giving the answer away")


def _is_number(value: object) -> bool:
    return not isinstance(value, (bool, str)) and isinstance(value, (int, float))


def _is_text(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str)


def _label(path: Path, root: Path) -> str:
    try:
        return str(Path(path).resolve().relative_to(root.resolve()))
    except ValueError:
        return str(path)
