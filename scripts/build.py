"""The kit's one build command: every generated file, from its source (never imported by lessons).

    python3 kit.py build            # rebuild what is stale
    python3 kit.py build --check    # change nothing; exit 1 and list every generated file that drifted
    python3 kit.py build --list     # say what each step reads and what it makes

Steps, in order (a later step reads what an earlier one made):

1. notebooks   lessons and solutions, executed with their outputs stored (nbval compares them);
               a notebook is stale when its cells or anything it reads (src/, datasets/,
               lessons.yml) changed since it was last executed by this command
2. exercises   exercises/ and datasets/answer-keys/ from solutions/ (``make-exercises``)
3. readme      the README's lesson table, from lessons.yml
4. dictionary  the data dictionary in each dataset README, from the Table Schemas it uses
5. assessment  the sealed items learners' copies read (answers scrambled until hand-in), the
               printable pre/post test and its answer key, from datasets/assessment/items.csv
6. case library  the instructor guide's table of cases, from each case's own files
7. handouts    instructors/handouts/, from the executed lessons

``--check`` fails on drift in steps 2-7. Stale notebooks are reported but do not fail the check:
strict nbval in the test command already compares every stored output with a fresh run.
Every file is written atomically (a temporary file beside it, then a rename).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "scripts"))

from claimlab.datadictionary import END as DICTIONARY_END  # noqa: E402
from claimlab.datadictionary import START as DICTIONARY_START  # noqa: E402

# A README whose tables live in a subfolder names it: "<!-- data-dictionary of reference/: made from ... -->"
DICTIONARY_START_RE = re.compile(r"<!-- data-dictionary(?: of (?P<folder>[\w./-]+/))?: made from the Table Schemas"
                                 r" by `python3 kit.py build`; do not edit by hand -->")
STAMP_KEY = "build_inputs"


@dataclass(frozen=True)
class Step:
    name: str
    reads: str
    makes: str
    expected: Callable[[], dict[Path, str]]  # every file this step makes, with the text it should hold


def write_atomically(path: Path, text: str) -> None:
    """Write text to path through a temporary file in the same folder and a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


# --- 1. notebooks ----------------------------------------------------------------------------

def executed_notebooks() -> list[Path]:
    """Lessons and solutions: the notebooks stored with their outputs."""
    return (sorted((REPO / "notebooks").glob("*.ipynb")) + sorted((REPO / "solutions").glob("*.ipynb"))
            + sorted((REPO / "assessment").glob("*.ipynb")))


def _shared_inputs_digest() -> str:
    digest = hashlib.sha256()
    files = sorted((REPO / "src" / "claimlab").rglob("*.py")) + sorted((REPO / "datasets").rglob("*"))
    files.append(REPO / "lessons.yml")
    for path in files:
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(REPO)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def notebook_stamp(path: Path, shared: str) -> str:
    """A digest of a notebook's cell sources and everything in the kit it can read."""
    import nbformat

    nb = nbformat.read(path, as_version=4)
    digest = hashlib.sha256(shared.encode())
    for cell in nb.cells:
        digest.update(cell.cell_type.encode())
        digest.update(cell.source.encode())
    return digest.hexdigest()


def stale_notebooks() -> list[Path]:
    """Notebooks whose stored stamp differs from their inputs now."""
    import nbformat

    shared = _shared_inputs_digest()
    stale = []
    for path in executed_notebooks():
        stored = nbformat.read(path, as_version=4).metadata.get("claimlab", {}).get(STAMP_KEY)
        if stored != notebook_stamp(path, shared):
            stale.append(path)
    return stale


def execute_notebooks(paths: list[Path]) -> None:
    """Execute notebooks (scripts/nbtools.py) and stamp them with their inputs."""
    import nbformat
    import nbtools

    for path in paths:
        print(f"  executing {path.relative_to(REPO)}", flush=True)
        nbtools.execute(path)
    shared = _shared_inputs_digest()
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        nb.metadata.setdefault("claimlab", {})[STAMP_KEY] = notebook_stamp(path, shared)
        write_atomically(path, nbformat.writes(nb) + "\n")


# --- 3. readme --------------------------------------------------------------------------------

def expected_readme() -> dict[Path, str]:
    from update_readme import END, START

    from claimlab.lessons import lesson_table_markdown

    readme = REPO / "README.md"
    text = readme.read_text(encoding="utf-8")
    pattern = re.compile(re.escape(START) + r".*?" + re.escape(END), re.S)
    return {readme: pattern.sub(lambda _m: f"{START}\n{lesson_table_markdown()}\n{END}", text)}


# --- 4. dictionary ----------------------------------------------------------------------------

def dataset_readmes() -> list[Path]:
    """Every dataset README that carries a generated data dictionary."""
    return sorted(p for p in (REPO / "datasets").rglob("README.md")
                  if DICTIONARY_START_RE.search(p.read_text(encoding="utf-8")))


def schemas_of(folder: Path) -> list[tuple[str, Path]]:
    """(table file name, Table Schema) for each table a folder's datapackage.json names, in its order."""
    package = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    return [(Path(resource["path"]).name, (folder / resource["schema"]).resolve())
            for resource in package.get("resources", [])
            if isinstance(resource, dict) and isinstance(resource.get("schema"), str)
            and isinstance(resource.get("path"), str)]


def table_dictionary(table: str, schema: Path) -> str:
    """One table's data dictionary, headed by the table's own file name."""
    from claimlab.datadictionary import data_dictionary

    text = data_dictionary(schema)
    return re.sub(r"^#### `[^`]*`", f"#### `{table}`", text, count=1)


def expected_dictionaries() -> dict[Path, str]:
    expected = {}
    for readme in dataset_readmes():
        text = readme.read_text(encoding="utf-8")
        start = DICTIONARY_START_RE.search(text)
        folder = readme.parent / (start["folder"] or "")
        tables = "\n".join(table_dictionary(table, schema) for table, schema in schemas_of(folder))
        pattern = re.compile(re.escape(start[0]) + r".*?" + re.escape(DICTIONARY_END), re.S)
        expected[readme] = pattern.sub(lambda _m: f"{start[0]}\n\n{tables}\n{DICTIONARY_END}", text)
    return expected


# --- 5. assessment ----------------------------------------------------------------------------

def expected_assessment() -> dict[Path, str]:
    from claimlab import assessment
    from claimlab.handin import SEALED_FILE, sealed_text

    return {assessment.assessment_dir() / SEALED_FILE: sealed_text(assessment.load_items()),
            assessment.PRINTABLE: assessment.printable_markdown(),
            assessment.ANSWER_KEY: assessment.answer_key_markdown()}


def expected_case_library() -> dict[Path, str]:
    from claimlab.case_library import LIBRARY_END, LIBRARY_START, case_library_markdown

    guide = REPO / "instructors" / "README.md"
    text = guide.read_text(encoding="utf-8")
    pattern = re.compile(re.escape(LIBRARY_START) + r".*?" + re.escape(LIBRARY_END), re.S)
    return {guide: pattern.sub(lambda _m: f"{LIBRARY_START}\n{case_library_markdown()}\n{LIBRARY_END}", text)}


# --- 6. handouts ------------------------------------------------------------------------------

def expected_handouts() -> dict[Path, str]:
    import make_handouts

    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch)
        _quiet(make_handouts.main, ["--out", str(out)])
        return {make_handouts.OUT / p.relative_to(out): p.read_text(encoding="utf-8")
                for p in sorted(out.rglob("*")) if p.is_file()}


def _quiet(function: Callable, argv: list[str]) -> None:
    import contextlib
    import io

    with contextlib.redirect_stdout(io.StringIO()):
        function(argv)


STEPS = [
    Step("readme", "lessons.yml", "README.md (lesson table)", expected_readme),
    Step("dictionary", "datasets/schemas/*.schema.json, each folder's datapackage.json",
         "the data dictionary in each dataset README.md", expected_dictionaries),
    Step("assessment", "datasets/assessment/items.csv",
         "datasets/assessment/items-sealed.csv, assessment/printable.md, instructors/assessment-answer-key.md",
         expected_assessment),
    Step("case library", "each case's datapackage.json, claims.csv and readiness",
         "instructors/README.md (the case library table)", expected_case_library),
    Step("handouts", "notebooks/*.ipynb (executed), instructors/five-minute-card.md, assessment/printable.md",
         "instructors/handouts/", expected_handouts),
]


def on_disk(path: Path) -> str | None:
    """A generated file's text as stored, or None when it is missing."""
    return path.read_text(encoding="utf-8") if path.exists() else None


def changed_files(expected: dict[Path, str], read: Callable[[Path], str | None] = on_disk) -> list[Path]:
    """The files whose stored text differs from what their step makes (or that are missing)."""
    return [path for path, text in expected.items() if read(path) != text]


def drifted(step: Step) -> tuple[dict[Path, str], list[Path]]:
    """What a step should make, and which of those files differ on disk (or are missing)."""
    expected = step.expected()
    return expected, changed_files(expected)


def exercises(check: bool) -> int:
    """Step 2: make-exercises (with --check: compare only)."""
    command = [sys.executable, "-m", "claimlab", "make-exercises"] + (["--check"] if check else [])
    return subprocess.run(command, cwd=REPO).returncode


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python3 kit.py build", description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 when a generated file drifted")
    parser.add_argument("--list", action="store_true", help="say what each step reads and makes")
    parser.add_argument("--all-notebooks", action="store_true", help="execute every notebook, stale or not")
    parser.add_argument("--skip-notebooks", action="store_true", help="leave notebooks as they are (steps 2-6 only)")
    args = parser.parse_args(argv)
    if args.list:
        print("1. notebooks: reads notebooks/, solutions/, src/, datasets/, lessons.yml; makes their stored outputs")
        print("2. exercises: reads solutions/; makes exercises/, datasets/answer-keys/")
        for number, step in enumerate(STEPS, 3):
            print(f"{number}. {step.name}: reads {step.reads}; makes {step.makes}")
        return 0
    status = 0
    stale = executed_notebooks() if args.all_notebooks else stale_notebooks()
    if args.skip_notebooks:
        print(f"notebooks: skipped ({len(stale)} stale)")
    elif args.check:
        for path in stale:
            print(f"notebooks: {path.relative_to(REPO)} was not executed by `kit.py build` since its inputs "
                  "changed (nbval in the test command compares its outputs)")
    elif stale:
        # Answer keys first: the solutions check their answers against them as they run, so a key
        # made after the run would leave the solution's stored feedback one edit behind. The exercises
        # are made again after the run (below), since they copy the kernel's language_info from it.
        if exercises(False) != 0:
            status = 1
        print(f"notebooks: executing {len(stale)} stale notebook(s)")
        execute_notebooks(stale)
    else:
        print("notebooks: up to date")
    if exercises(args.check) != 0:
        status = 1
    for step in STEPS:
        expected, changed = drifted(step)
        if not changed:
            print(f"{step.name}: up to date ({len(expected)} file(s))")
            continue
        if args.check:
            status = 1
            for path in changed:
                print(f"{step.name}: {path.relative_to(REPO)} has drifted from {step.reads}; "
                      "run `python3 kit.py build` and commit the result")
            continue
        for path in changed:
            write_atomically(path, expected[path])
            print(f"{step.name}: wrote {path.relative_to(REPO)}")
    if args.check and status:
        print("build --check: generated files have drifted (listed above)")
    elif args.check:
        print("build --check: every generated file matches its source")
    return status


if __name__ == "__main__":
    raise SystemExit(main())
