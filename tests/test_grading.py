"""The kit's exercises as an nbgrader course (claimlab.grading), tested with real nbgrader.

The slow test builds a course from solutions/ in a temporary folder, generates every assignment,
autogrades three submissions per lesson (all right, some wrong, blank) and validates every source
notebook (nbgrader's validator reading the all-right run, which runs the source's program); then it
checks the scores and that the kit's feedback is in the feedback HTML nbgrader generates.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

import nbformat
import pytest

from claimlab import grading
from claimlab.answers import MESSAGES as KIT
from claimlab.answers import grade_answer, read_answer_key
from claimlab.exercises import WRITE_HERE, ExerciseSourceError, build_answer_key
from claimlab.paths import REPO

pytestmark = pytest.mark.filterwarnings("ignore:Object of type .* not in session")  # nbgrader's own SQLAlchemy use

SOLUTIONS = sorted((REPO / "solutions").glob("[0-9]*.ipynb"))
WRONG = "surely-not-this-answer"


def nbgrader_cells(nb: nbformat.NotebookNode) -> dict[str, nbformat.NotebookNode]:
    """The cells nbgrader knows, by grade id."""
    return {c.metadata["nbgrader"]["grade_id"]: c for c in nb.cells if "nbgrader" in c.metadata}


# --- the source notebooks, without nbgrader ---------------------------------------------------------


@pytest.mark.parametrize("path", SOLUTIONS, ids=[p.stem for p in SOLUTIONS])
def test_every_question_is_graded_once(path):
    solution = nbformat.read(path, as_version=4)
    key = build_answer_key(solution, path.stem)
    cells = nbgrader_cells(grading.nbgrader_notebook(solution, path.stem))
    for qid, spec in key["questions"].items():
        if spec["kind"] == "open":
            answer = cells[f"answer-{qid}"].metadata["nbgrader"]
            assert answer["solution"] and answer["grade"] and answer["points"] == grading.WRITTEN_POINTS
            assert cells[f"self-check-{qid}"].metadata["nbgrader"]["locked"]
            how = cells[f"answer-{qid}-how"].source
            assert all(item in how for item in spec["rubric"]) and str(spec["min_words"]) in how
        else:
            test = cells[f"check-{qid}"]
            assert test.metadata["nbgrader"] == {"grade": True, "grade_id": f"check-{qid}", "locked": True,
                                                 "schema_version": 3, "solution": False, "task": False,
                                                 "points": grading.CHECKED_POINTS}
            assert test.source == f'graded_check("{qid}", {spec["variable"]})'
            answer = cells[f"answer-{qid}"]
            assert answer.metadata["nbgrader"]["solution"] and not answer.metadata["nbgrader"]["grade"]
            assert f"{spec['variable']} = ...\n### BEGIN SOLUTION" in answer.source  # the placeholder survives
    setup = cells["setup"]
    assert setup.metadata["nbgrader"]["locked"]
    assert f'use_answer_key("{path.stem}{grading.KEY_SUFFIX}")' in setup.source
    written = [c for c in cells.values() if c.cell_type == "markdown" and c.metadata["nbgrader"]["solution"]]
    assert all(c.metadata["nbgrader"]["grade"] for c in written)


def test_points_come_from_the_solution_region():
    solution = nbformat.read(SOLUTIONS[0], as_version=4)
    cell = next(c for c in solution.cells if "answer_1 = " in c.source)
    cell.source = cell.source.replace("### END SOLUTION", "# POINTS: 3\n### END SOLUTION")
    cells = nbgrader_cells(grading.nbgrader_notebook(solution, SOLUTIONS[0].stem))
    assert cells["check-q1"].metadata["nbgrader"]["points"] == 3
    assert cells["check-q2"].metadata["nbgrader"]["points"] == 1


def test_a_solution_without_an_answer_key_call_is_refused():
    solution = nbformat.read(SOLUTIONS[0], as_version=4)
    for cell in solution.cells:
        cell.source = cell.source.replace("use_answer_key", "print")
    with pytest.raises(ExerciseSourceError, match="use_answer_key"):
        grading.nbgrader_notebook(solution, SOLUTIONS[0].stem)


def test_a_question_without_a_check_cell_of_its_own_is_refused():
    solution = nbformat.read(SOLUTIONS[0], as_version=4)
    cell = next(c for c in solution.cells if c.source == 'check("q2", answer_2)')
    cell.source = 'print("checking q2")\ncheck("q2", answer_2)'  # mixed with other code: not a test cell
    with pytest.raises(ExerciseSourceError, match=r'question q2 would not be graded: put check\("q2", answer_2\)'):
        grading.nbgrader_notebook(solution, SOLUTIONS[0].stem)


def test_graded_check_fails_only_under_nbgrader(monkeypatch, capsys):
    from claimlab.answers import read_answer_key, use_answer_key

    key = REPO / "datasets" / "answer-keys" / "01-spotting-the-claims.json"
    assert "loaded" in use_answer_key(str(key)).status
    right = next(iter(build_answer_key(nbformat.read(SOLUTIONS[0], as_version=4), "01-spotting-the-claims")["questions"]))
    assert right == "q1" and read_answer_key(key).questions["q1"]["variable"] == "answer_1"
    monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)
    assert grading.graded_check("q1", WRONG) is None
    assert "Not quite" in capsys.readouterr().out
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    with pytest.raises(grading.NotYetCorrect, match="q1"):
        grading.graded_check("q1", WRONG)
    assert "Not quite" in capsys.readouterr().out  # the feedback is shown before the cell fails
    with pytest.raises(grading.NotYetCorrect):
        grading.graded_check("q1", ...)
    assert KIT["not_answered"] in capsys.readouterr().out
    grading.graded_check("q1", "mechanism")
    assert KIT["correct"] in capsys.readouterr().out


# --- the course folder --------------------------------------------------------------------------


def test_config_block_is_added_once_and_kept_with_the_instructors_settings():
    fresh = grading.config_text(None)
    assert "c = get_config()" in fresh and grading.CONFIG_BEGIN in fresh
    theirs = 'c = get_config()\nc.CourseDirectory.course_id = "hst101"\n'
    added = grading.config_text(theirs)
    assert added.startswith(theirs) and added.count(grading.CONFIG_BEGIN) == 1
    assert grading.config_text(added) == added
    changed = added.replace('code_stub = {"python": ""}', 'code_stub = {"python": "pass"}')
    assert grading.config_text(changed) == added


def test_writing_twice_changes_nothing_and_edits_are_backed_up(tmp_path):
    course = tmp_path / "course"
    (course).mkdir()
    (course / "nbgrader_config.py").write_text('c = get_config()\nc.CourseDirectory.course_id = "hst101"\n')
    said = grading.write_course(course, SOLUTIONS[:1], now=dt.datetime(2026, 12, 1, 22, 0, 0))
    notebook = course / "source" / SOLUTIONS[0].stem / f"{SOLUTIONS[0].stem}.ipynb"
    key = notebook.with_name(f"{SOLUTIONS[0].stem}{grading.KEY_SUFFIX}")
    assert key.read_bytes() == (REPO / "datasets" / "answer-keys" / f"{SOLUTIONS[0].stem}.json").read_bytes()
    assert notebook.exists() and any("kept a copy of the old nbgrader_config.py" in line for line in said)
    backup = course / "backups" / "2026-12-01-220000" / "nbgrader_config.py"
    assert 'course_id = "hst101"' in backup.read_text() and 'course_id = "hst101"' in (course / "nbgrader_config.py").read_text()
    again = grading.write_course(course, SOLUTIONS[:1], now=dt.datetime(2026, 12, 1, 23, 0, 0))
    assert all(line.startswith("up to date") for line in again)
    notebook.write_text(notebook.read_text().replace("Spotting", "My edit"))
    grading.write_course(course, SOLUTIONS[:1], now=dt.datetime(2026, 12, 1, 23, 30, 0))
    kept = course / "backups" / "2026-12-01-233000" / "source" / SOLUTIONS[0].stem / notebook.name
    assert "My edit" in kept.read_text() and "My edit" not in notebook.read_text()
    assert not list(course.rglob("*.tmp"))


def test_command_writes_a_course_from_any_solutions_folder(tmp_path, capsys, monkeypatch):
    from claimlab import exercises
    from claimlab.__main__ import main

    plain = []
    monkeypatch.setattr(exercises, "run_make_exercises", lambda args: plain.append(args) or 0)
    assert main(["make-exercises", "--check"]) == 0 and plain[0].check  # without --nbgrader: the kit's own command

    folder = tmp_path / "case-x" / "solutions"
    folder.mkdir(parents=True)
    shutil.copy(SOLUTIONS[1], folder)
    assert main(["make-exercises", "--nbgrader", str(tmp_path / "course"), "--from", str(folder)]) == 0
    assert [p.name for p in (tmp_path / "course" / "source").iterdir()] == [SOLUTIONS[1].stem]
    assert main(["make-exercises", "--from", str(folder)]) == 2
    assert "--nbgrader" in capsys.readouterr().out
    (folder / "09-broken.ipynb").write_text("not a notebook")
    assert main(["make-exercises", "--nbgrader", str(tmp_path / "course"), "--from", str(folder)]) == 1
    assert "09-broken.ipynb: cannot make its nbgrader assignment" in capsys.readouterr().out
    assert main(["make-exercises", "--nbgrader", str(tmp_path / "c2"), "--from", str(tmp_path)]) == 1
    assert "No solution notebooks found" in capsys.readouterr().out and not (tmp_path / "c2").exists()
    (tmp_path / "c3").mkdir()
    (tmp_path / "c3" / "nbgrader_config.py").write_bytes(b"\xff\xfe not text")
    (folder / "09-broken.ipynb").unlink()
    assert main(["make-exercises", "--nbgrader", str(tmp_path / "c3"), "--from", str(folder)]) == 1
    said = capsys.readouterr().out
    assert "cannot write the course there" in said and "nbgrader_config.py is a text file" in said
    assert (tmp_path / "c3" / "nbgrader_config.py").read_bytes() == b"\xff\xfe not text" and not (tmp_path / "c3" / "source").exists()
    assert len(plain) == 1


# --- real nbgrader ------------------------------------------------------------------------------


def _submission(release: nbformat.NotebookNode, source: nbformat.NotebookNode, kind: str, wrong: set[str]) -> nbformat.NotebookNode:
    """A learner's notebook made from the released one: every answer right, some wrong, or none."""
    nb = nbformat.from_dict(json.loads(nbformat.writes(release)))
    if kind == "blank":
        return nb
    solved = nbgrader_cells(source)
    for cell in nb.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id", "")
        if cell.metadata.get("nbgrader", {}).get("solution"):
            cell.source = solved[grade_id].source
            qid = grade_id.removeprefix("answer-")
            if qid in wrong:
                variable = solved[f"check-{qid}"].source.split(", ")[1].rstrip(")")
                cell.source += f"\n{variable} = {WRONG!r}"
    return nb


def nbgrader_api(course: Path, gradebook: Path):
    """nbgrader's Python API on a course folder, with the course's own nbgrader_config.py and the gradebook file given."""
    from nbgrader.apps import NbGraderAPI
    from traitlets.config import Config
    from traitlets.config.loader import PyFileConfigLoader

    config = PyFileConfigLoader("nbgrader_config.py", path=str(course)).load_config()
    extra = Config()
    extra.CourseDirectory.root = str(course)
    extra.CourseDirectory.db_url = f"sqlite:///{gradebook}"
    extra.Exchange.root = str(course / "exchange")
    extra.Execute.timeout = 120
    config.merge(extra)
    return NbGraderAPI(config=config), config


def alembic_head() -> str:
    """The newest migration of nbgrader's gradebook, read by alembic in this process (what `alembic heads` prints)."""
    import nbgrader
    from alembic.script import ScriptDirectory

    return ScriptDirectory(str(Path(nbgrader.__file__).parent / "alembic")).get_current_head()


@pytest.fixture(scope="module")
def gradebooks(tmp_path_factory):
    """Where this module's gradebooks go: a folder in memory (/dev/shm) when the machine has one.

    Two costs of nbgrader that these tests do not check are taken out. nbgrader commits to its SQLite
    gradebook after almost every cell (over a thousand commits for the course below), and each commit
    to a file on disk waits for the disk; and for each new gradebook it starts the `alembic heads`
    command, a new Python process (5 to 10 s on a loaded machine), only to read the id of the newest
    migration, which alembic's own API reads here in a few milliseconds.
    """
    pytest.importorskip("nbgrader")
    import nbgrader.api

    memory = Path("/dev/shm")
    folder = Path(tempfile.mkdtemp(prefix="claimlab-gradebooks-", dir=memory)) if memory.is_dir() \
        else tmp_path_factory.mktemp("gradebooks")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(nbgrader.api, "get_alembic_version", alembic_head)
        yield folder
    shutil.rmtree(folder, ignore_errors=True)


def program(path: Path) -> list[tuple[str, str]]:
    """What a notebook runs: its code cells' sources, in order."""
    return [(c.cell_type, c.source) for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code"]


@pytest.fixture(scope="module")
def graded_course(tmp_path_factory, gradebooks):
    """A course made from solutions/, generated and autograded with real nbgrader, and validated; with timings.

    `nbgrader validate` on a source notebook runs it in a new kernel and reports the graded cells that
    did not pass. Autograde runs that same program for the all-right submission (the program is
    compared below: the same code cells in the same order, the same answer key), so nbgrader's
    validator reads the cells of that run rather than running the source a second time.
    """
    from nbgrader.preprocessors import CheckCellMetadata
    from nbgrader.validator import Validator

    course = tmp_path_factory.mktemp("course")
    saved_path = os.environ.get("PATH", "")
    os.environ["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), saved_path])  # nbgrader runs `alembic`
    timings: dict[str, float] = {}
    start = time.perf_counter()
    grading.write_course(course, SOLUTIONS)
    api, config = nbgrader_api(course, gradebooks / "course.db")
    results: dict = {"validate": {}, "same program": {}, "scores": {}, "cells": {}, "expected": {}, "feedback": {},
                     "course": course}
    for path in SOLUTIONS:
        lesson = path.stem
        made = api.generate_assignment(lesson)
        assert made["success"], made.get("error", "") + made.get("log", "")
    timings["generate"] = time.perf_counter() - start
    start = time.perf_counter()
    for path in SOLUTIONS:
        lesson = path.stem
        source = nbformat.read(course / "source" / lesson / f"{lesson}.ipynb", as_version=4)
        release = nbformat.read(course / "release" / lesson / f"{lesson}.ipynb", as_version=4)
        checked = [g.removeprefix("check-") for g in nbgrader_cells(source) if g.startswith("check-")]
        wrong = set(checked[::2])
        points = {g.removeprefix("check-"): c.metadata["nbgrader"]["points"] for g, c in nbgrader_cells(source).items()
                  if g.startswith("check-")}
        results["expected"][lesson] = {"right": sum(points.values()),
                                       "some-wrong": sum(p for q, p in points.items() if q not in wrong), "blank": 0,
                                       "wrong": wrong, "checked": checked}
        for student in ("right", "some-wrong", "blank"):
            folder = course / "submitted" / student / lesson
            folder.mkdir(parents=True)
            for extra_file in (course / "release" / lesson).iterdir():
                if extra_file.suffix != ".ipynb":
                    shutil.copy(extra_file, folder)
            if student != "blank":  # a learner cannot make a wrong answer right by editing the key they were given
                (folder / f"{lesson}{grading.KEY_SUFFIX}").write_text("{}")
            learner_wrong = wrong if student == "some-wrong" else set()
            nbformat.write(_submission(release, source, student, learner_wrong), folder / f"{lesson}.ipynb")
        graded = api.autograde(lesson, "*")
        assert graded["success"], graded.get("error", "") + graded.get("log", "")
        fed = api.generate_feedback(lesson)
        assert fed["success"], fed.get("error", "") + fed.get("log", "")
        with api.gradebook as book:
            for student in ("right", "some-wrong", "blank"):
                submission = book.find_submission_notebook(lesson, lesson, student)
                results["scores"][(lesson, student)] = submission.score
                results["cells"][(lesson, student)] = {g.name: (g.auto_score, g.needs_manual_grade) for g in submission.grades}
                html = course / "feedback" / student / lesson / f"{lesson}.html"
                results["feedback"][(lesson, student)] = html.read_text(encoding="utf-8")
    timings["autograde and feedback"] = time.perf_counter() - start
    start = time.perf_counter()
    for path in SOLUTIONS:
        lesson = path.stem
        source, run = course / "source" / lesson, course / "autograded" / "right" / lesson
        key = f"{lesson}{grading.KEY_SUFFIX}"
        results["same program"][lesson] = (program(source / f"{lesson}.ipynb") == program(run / f"{lesson}.ipynb")
                                           and (source / key).read_bytes() == (run / key).read_bytes())
        reader = Validator(config=config, preprocessors=[CheckCellMetadata])  # nbgrader's checks, without Execute
        results["validate"][lesson] = reader.validate(str(run / f"{lesson}.ipynb"))
    timings["validate"] = time.perf_counter() - start
    results["timings"] = timings
    print("nbgrader timings (s): " + ", ".join(f"{k} {v:.1f}" for k, v in timings.items()))
    yield results
    os.environ["PATH"] = saved_path


@pytest.mark.parametrize("path", SOLUTIONS, ids=[p.stem for p in SOLUTIONS])
def test_nbgrader_validates_every_source(graded_course, path):
    assert graded_course["same program"][path.stem], "the all-right submission did not run the source's program"
    assert graded_course["validate"][path.stem] == {}


@pytest.mark.parametrize("path", SOLUTIONS, ids=[p.stem for p in SOLUTIONS])
def test_nbgrader_scores_three_submissions(graded_course, path):
    lesson = path.stem
    expected = graded_course["expected"][lesson]
    assert expected["wrong"] and expected["some-wrong"] < expected["right"]
    for student in ("right", "some-wrong", "blank"):
        assert graded_course["scores"][(lesson, student)] == expected[student], student
    for student in ("right", "some-wrong", "blank"):
        cells = graded_course["cells"][(lesson, student)]
        for qid in expected["checked"]:
            score, _ = cells[f"check-{qid}"]
            assert (score > 0) == (student == "right" or (student == "some-wrong" and qid not in expected["wrong"]))
        written = {name: manual for name, (_, manual) in cells.items() if name.startswith(("answer-", "written-"))}
        assert written  # every lesson has answers a person marks
        assert all(written.values()) if student != "blank" else not any(written.values())


@pytest.mark.parametrize("path", SOLUTIONS, ids=[p.stem for p in SOLUTIONS])
def test_feedback_html_carries_the_kits_feedback(graded_course, path):
    lesson = path.stem
    key = read_answer_key(graded_course["course"] / "source" / lesson / f"{lesson}{grading.KEY_SUFFIX}")
    expected = graded_course["expected"][lesson]
    shown = {student: html.unescape(graded_course["feedback"][(lesson, student)]) for student in ("right", "some-wrong", "blank")}
    for qid in expected["checked"]:
        wrong = grade_answer(key, qid, WRONG).message.split("\n")[0]  # the kit's own first line of feedback
        assert f"{qid}: {KIT['correct']}" in shown["right"]
        assert (wrong in shown["some-wrong"]) == (qid in expected["wrong"]), qid
        assert (f"{qid}: {KIT['correct']}" in shown["some-wrong"]) == (qid not in expected["wrong"]), qid
        assert f"{qid}: {KIT['not_answered']}" in shown["blank"]
    assert "NotYetCorrect" in shown["some-wrong"] and "NotYetCorrect" in shown["blank"]
    assert "NotYetCorrect" not in shown["right"]


def test_nbgrader_release_has_no_solutions(graded_course):
    course = graded_course["course"]
    for path in SOLUTIONS:
        release = (course / "release" / path.stem / f"{path.stem}.ipynb").read_text()
        assert "BEGIN SOLUTION" not in release and "# ACCEPT" not in release and "# WRONG" not in release
        cells = nbgrader_cells(nbformat.reads(release, as_version=4))
        assert cells["answer-q1"].source == "# your answer here\nanswer_1 = ...\n"  # the kit's placeholder, nbgrader's stub ""
        assert all(c.source == WRITE_HERE for g, c in cells.items() if g.startswith("written-") and "-how" not in g)
        key = json.loads((course / "release" / path.stem / f"{path.stem}{grading.KEY_SUFFIX}").read_text())
        assert key["questions"]


def test_reference_version_is_what_is_installed():
    nbgrader = pytest.importorskip("nbgrader")
    assert nbgrader.__version__ == grading.NBGRADER_TESTED
