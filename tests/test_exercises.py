"""Tests for claimlab.exercises: one source for exercises and answer keys, no leaks (the checker: test_answers.py)."""

from __future__ import annotations

import argparse
import json
import shutil
from pathlib import Path

import nbformat
import pytest

from claimlab.answers import hash_answer, normalise_answer
from claimlab.exercises import (
    YOUR_ANSWER,
    WRITE_HERE,
    ExerciseSourceError,
    add_make_exercises_command,
    answer_key_path_for,
    assigned_names,
    build_answer_key,
    checked_variables,
    content_hash,
    exercise_path_for,
    is_edited,
    make_exercise,
    replace_code_regions,
    replace_markdown_regions,
    run_make_exercises,
    solution_regions,
    study_citations,
)
from conftest import REPO, outputs_text

KIT = REPO / "tests" / "fixtures" / "exercises"
LESSON = "90-sample-exercise"
SOLUTION = KIT / "solutions" / f"{LESSON}.ipynb"
EXERCISE = KIT / "exercises" / f"{LESSON}.ipynb"
KEY_FILE = KIT / "datasets" / "answer-keys" / f"{LESSON}.json"
REGENERATE = ("regenerate the fixture (a case's studies.csv feeds the accepted citations): "
              "python -m claimlab make-exercises --root tests/fixtures/exercises, then "
              "python scripts/nbtools.py execute tests/fixtures/exercises/solutions/90-sample-exercise.ipynb")


@pytest.fixture(scope="module")
def solution() -> nbformat.NotebookNode:
    return nbformat.read(SOLUTION, as_version=4)


@pytest.fixture
def kit(tmp_path) -> Path:
    """A copy of the fixture kit (solutions/, exercises/, datasets/answer-keys/) to change freely."""
    copy = tmp_path / "kit"
    shutil.copytree(KIT, copy)
    return copy


def command(*argv: str) -> int:
    """Run `make-exercises` through the parser, as `python -m claimlab make-exercises` would."""
    parser = argparse.ArgumentParser()
    add_make_exercises_command(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["make-exercises", *argv])
    return args.run(args)


def solution_notebook(*cells: tuple[str, str]) -> nbformat.NotebookNode:
    """A small solution notebook from (kind, source) pairs."""
    make = {"code": nbformat.v4.new_code_cell, "markdown": nbformat.v4.new_markdown_cell}
    return nbformat.v4.new_notebook(cells=[make[kind](source) for kind, source in cells])


# --- making the exercise --------------------------------------------------------------------------


def test_make_exercise_replaces_regions_and_keeps_everything_else(solution):
    exercise = make_exercise(solution)
    assert len(exercise.cells) == len(solution.cells)
    for before, after in zip(solution.cells, exercise.cells):
        assert after.cell_type == before.cell_type and after.id == before.id and after.metadata == before.metadata
        if before.cell_type == "code":
            assert after.outputs == [] and after.execution_count is None
        marked = "BEGIN SOLUTION" in before.source
        if not marked:
            assert after.source == before.source
        else:
            assert "SOLUTION" not in after.source and "ACCEPT" not in after.source and "HINT" not in after.source
    sources = [cell.source for cell in exercise.cells]
    for name in ("answer_1", "answer_2", "answer_3", "appraisal"):
        assert f"{YOUR_ANSWER}\n{name} = ..." in sources
    assert any(WRITE_HERE in s and "Worked example" not in s for s in sources)
    assert exercise.metadata["claimlab"]["generated_hash"] == content_hash(exercise)
    assert "claimlab" not in solution.metadata  # the solution is not changed


def test_replace_code_regions_keeps_names_and_indentation():
    source = 'x = 1\nif x:\n    ### BEGIN SOLUTION\n    a, b = 1, 2\n    c: int = 3\n    print(a)\n    ### END SOLUTION\ncheck("q1", a)'
    assert replace_code_regions(source) == (
        'x = 1\nif x:\n    # your answer here\n    a = ...\n    b = ...\n    c = ...\ncheck("q1", a)'
    )


def test_replace_code_regions_without_assignment_leaves_a_note():
    assert replace_code_regions("### BEGIN SOLUTION\nprint('hi')\n### END SOLUTION") == YOUR_ANSWER


def test_replace_code_regions_refuses_unpaired_markers():
    with pytest.raises(ExerciseSourceError, match="never closed"):
        replace_code_regions("### BEGIN SOLUTION\nx = 1", cell=4)
    with pytest.raises(ExerciseSourceError, match="without a"):
        replace_code_regions("x = 1\n### END SOLUTION")


def test_misplaced_markers_and_declarations_are_refused_so_nothing_leaks():
    with pytest.raises(ExerciseSourceError, match="line of its own"):
        replace_code_regions('answer = "x"  ### END SOLUTION')
    with pytest.raises(ExerciseSourceError, match="outside a solution region"):
        replace_code_regions('answer = "x"\n# ACCEPT: "y"')
    assert replace_code_regions("## BEGIN SOLUTION\na = 1\n#END SOLUTION") == f"{YOUR_ANSWER}\na = ..."


def test_replace_markdown_regions_leaves_a_write_here_note():
    source = "Question?\n<!-- BEGIN SOLUTION -->\nModel answer.\n<!-- END SOLUTION -->\nMore."
    assert replace_markdown_regions(source) == f"Question?\n{WRITE_HERE}\nMore."


def test_assigned_names_reads_assignments_even_from_broken_code():
    assert assigned_names(['answer_1 = "x"', "# ACCEPT: y", "answer_1 = 'z'", "other == 2"]) == ["answer_1"]
    assert assigned_names(["answer_1 = (", "  'unclosed"]) == ["answer_1"]


def test_content_hash_ignores_outputs_and_is_edited_sees_new_text(solution):
    exercise = make_exercise(solution)
    assert not is_edited(exercise)
    exercise.cells[5].outputs = [nbformat.v4.new_output("stream", text="ran it")]
    exercise.cells[5].execution_count = 3
    assert not is_edited(exercise)  # running it is not editing it
    exercise.cells[5].source = 'answer_1 = "my answer"'
    assert is_edited(exercise)
    del exercise.metadata["claimlab"]
    assert is_edited(exercise)  # no record: assume a learner's work


# --- the answer key -------------------------------------------------------------------------------


def test_solution_regions_and_checked_variables(solution):
    regions = solution_regions(solution)
    assert [r.variables for r in regions] == [["answer_1"], ["answer_2"], ["answer_3"], ["appraisal"]]
    assert ("HINT", "Look down the design column of case.studies.") in regions[0].directives
    assert checked_variables(solution) == {
        "answer_1": ("q1", "check"), "answer_2": ("q2", "check"),
        "answer_3": ("q3", "check"), "appraisal": ("appraisal", "check_open"),
    }  # fmt: skip


def test_build_answer_key_matches_the_stored_key(solution):
    built = build_answer_key(solution, LESSON)
    assert built == json.loads(KEY_FILE.read_text(encoding="utf-8")), REGENERATE
    assert list(built["questions"]) == ["q1", "q2", "q3", "appraisal"]
    q1 = built["questions"]["q1"]
    assert q1["variable"] == "answer_1" and q1["kind"] == "one" and len(q1["hints"]) == 2
    assert hash_answer(built["salt"], "q1", normalise_answer("vicknasingam-2020")) in q1["accept"][0]
    assert built["questions"]["q2"]["kind"] == "set" and len(built["questions"]["q2"]["accept"]) == 2
    assert built["questions"]["q3"] | {"decimals": 2} == built["questions"]["q3"]
    assert built["questions"]["appraisal"]["min_words"] == 40


def test_build_answer_key_refuses_feedback_that_gives_the_answer_away():
    nb = solution_notebook(("code", '### BEGIN SOLUTION\nanswer_1 = "cohort study"\n'
                                    '# HINT: It is a cohort study.\n### END SOLUTION\ncheck("q1", answer_1)'))
    with pytest.raises(ExerciseSourceError, match="without giving the answer away"):
        build_answer_key(nb, "01-x")


def test_build_answer_key_needs_accept_for_a_computed_answer():
    nb = solution_notebook(("code", "### BEGIN SOLUTION\nanswer_1 = len([1, 2])\n### END SOLUTION"),
                           ("code", 'check("q1", answer_1)'))
    with pytest.raises(ExerciseSourceError, match="ACCEPT"):
        build_answer_key(nb, "01-x")


def test_a_computed_answer_with_several_accept_lines_is_refused_not_misread():
    source = ('### BEGIN SOLUTION\nanswer_1 = sorted(ids)\n# ACCEPT: "coe-2019"\n# ACCEPT: "hill-2024"\n'
              '### END SOLUTION')
    nb = solution_notebook(("code", source), ("code", 'check("q1", answer_1)'))
    with pytest.raises(ExerciseSourceError, match="as a literal"):
        build_answer_key(nb, "01-x")


def test_build_answer_key_needs_a_check_for_declared_answers():
    nb = solution_notebook(("code", '### BEGIN SOLUTION\nanswer_1 = "x"\n# HINT: think\n### END SOLUTION'))
    with pytest.raises(ExerciseSourceError, match="nothing checks"):
        build_answer_key(nb, "01-x")


def test_build_answer_key_question_directive_and_in_order():
    nb = solution_notebook(("code", '### BEGIN SOLUTION\nranking = ("rct", "cohort", "case report")\n'
                                    "# QUESTION: rank\n# IN ORDER\n### END SOLUTION"))
    built = build_answer_key(nb, "01-x")
    assert built["questions"]["rank"]["kind"] == "sequence" and built["questions"]["rank"]["in_order"]


def test_study_citations_name_each_study_three_ways_unless_ambiguous():
    names = study_citations()
    assert names["boyer 2008"][0].startswith("Boyer EW") and names["boyer 2008"][1:] == ["Boyer 2008", "Boyer et al 2008"]
    assert len(names["smith 2022"]) == len(names["smith 2022 b"]) == 1  # 'Smith 2022' could mean either


def test_a_wrong_answer_cannot_also_be_accepted():
    nb = solution_notebook(("code", '### BEGIN SOLUTION\nanswer_1 = "coe-2019"\n# WRONG: "Coe 2019" -> no\n'
                                    '### END SOLUTION\ncheck("q1", answer_1)'))
    with pytest.raises(ExerciseSourceError, match="both accepted and declared WRONG"):
        build_answer_key(nb, "01-x")


# --- the command ----------------------------------------------------------------------------------


def test_the_fixture_exercise_and_key_are_up_to_date():
    assert command("--check", "--root", str(KIT)) == 0, REGENERATE


def test_the_kits_exercises_are_up_to_date(capsys):
    assert command("--check") == 0, capsys.readouterr().out


def test_paths_pair_up(kit):
    solution = kit / "solutions" / f"{LESSON}.ipynb"
    assert exercise_path_for(solution, kit) == kit / "exercises" / f"{LESSON}.ipynb"
    assert answer_key_path_for(solution, kit) == kit / "datasets" / "answer-keys" / f"{LESSON}.json"


def test_check_detects_drift_and_regenerating_fixes_it(kit, capsys):
    solution_path = kit / "solutions" / f"{LESSON}.ipynb"
    nb = nbformat.read(solution_path, as_version=4)
    nb.cells[4].source += "\n\nA new sentence in the question."
    nb.cells[5].source = nb.cells[5].source.replace("# HINT: Look down", "# HINT: Look along")
    nbformat.write(nb, solution_path)
    (kit / "exercises" / "91-orphan.ipynb").write_text(nbformat.writes(nbformat.v4.new_notebook()))
    assert command("--check", "--root", str(kit)) == 1
    out = capsys.readouterr().out
    assert f"drifted: exercises/{LESSON}.ipynb" in out and f"drifted: datasets/answer-keys/{LESSON}.json" in out
    assert "exercises/91-orphan.ipynb has no solution" in out
    (kit / "exercises" / "91-orphan.ipynb").unlink()
    assert command("--root", str(kit)) == 0
    assert command("--check", "--root", str(kit)) == 0
    assert "A new sentence" in (kit / "exercises" / f"{LESSON}.ipynb").read_text()


def test_a_learners_edited_exercise_is_not_overwritten_without_force(kit, capsys):
    exercise_path = kit / "exercises" / f"{LESSON}.ipynb"
    exercise = nbformat.read(exercise_path, as_version=4)
    exercise.cells[5].source = 'answer_1 = "my own answer"'
    nbformat.write(exercise, exercise_path)
    solution_path = kit / "solutions" / f"{LESSON}.ipynb"
    nb = nbformat.read(solution_path, as_version=4)
    nb.cells[0].source += " Changed."
    nbformat.write(nb, solution_path)
    assert command("--root", str(kit)) == 1
    out = capsys.readouterr().out
    assert "NOT overwritten" in out and "--force" in out and "Copy the work" in out
    assert "my own answer" in exercise_path.read_text()
    assert command("--force", "--root", str(kit), str(solution_path)) == 0
    assert "my own answer" not in exercise_path.read_text() and "Changed." in exercise_path.read_text()


def test_an_exercise_that_was_only_run_is_regenerated(kit):
    exercise_path = kit / "exercises" / f"{LESSON}.ipynb"
    exercise = nbformat.read(exercise_path, as_version=4)
    exercise.cells[6].outputs = [nbformat.v4.new_output("stream", text="q1: Not answered yet.")]
    exercise.cells[6].execution_count = 4
    nbformat.write(exercise, exercise_path)
    assert command("--root", str(kit)) == 0
    assert "execution_count\": 4" not in exercise_path.read_text()


def test_a_broken_solution_is_reported_not_raised(kit, capsys):
    solution_path = kit / "solutions" / f"{LESSON}.ipynb"
    nb = nbformat.read(solution_path, as_version=4)
    nb.cells[5].source = nb.cells[5].source.replace("### END SOLUTION", "")
    nbformat.write(nb, solution_path)
    assert command("--root", str(kit)) == 1
    assert "never closed" in capsys.readouterr().out


def test_an_unreadable_exercise_is_kept_unless_forced(kit, capsys):
    exercise_path = kit / "exercises" / f"{LESSON}.ipynb"
    exercise_path.write_text("my notes, not a notebook")
    assert command("--root", str(kit)) == 1 and "NOT overwritten" in capsys.readouterr().out
    assert command("--root", str(kit), "--force") == 0 and not is_edited(nbformat.read(exercise_path, as_version=4))


def test_run_make_exercises_with_no_solutions(tmp_path, capsys):
    args = argparse.Namespace(solutions=[], check=False, force=False, root=str(tmp_path))
    assert run_make_exercises(args) == 0
    assert "No solution notebooks" in capsys.readouterr().out


# --- no leaks -------------------------------------------------------------------------------------


def solution_strings(path: Path) -> set[str]:
    """Every answer written in a solution notebook: answer values, ACCEPT lines and model answers."""
    import re

    nb = nbformat.read(path, as_version=4)
    found: set[str] = set()
    for region in solution_regions(nb):
        for value in region.values.values():
            items = value if isinstance(value, (list, tuple, set, frozenset)) else [value]
            for item in items:
                if item is not NotImplemented:
                    found |= {line.strip() for line in str(item).split("\n") if line.strip()}
        for kind, text in region.directives:
            if kind == "ACCEPT":
                found |= {item.strip().strip("\"'") for item in text.split("|") if item.strip()}
    for cell in nb.cells:
        for model in re.findall(r"<!-- BEGIN SOLUTION -->(.*?)<!-- END SOLUTION -->", cell.source, flags=re.S):
            found |= {line.strip() for line in model.split("\n") if line.strip()}
    return {s for s in found if len(s) >= 4}


def secrets_of(path: Path) -> set[str]:
    """The answers of a solution that its question text does not already show (e.g. listed options)."""
    shown = "\n".join(cell.source for cell in make_exercise(nbformat.read(path, as_version=4)).cells).lower()
    return {s for s in solution_strings(path) if s.lower() not in shown}


def leaks_in(root: Path) -> list[str]:
    """Every answer of a solution that can be read in its own exercise, its key or the checking code.

    Lessons are compared one by one: a study id that answers a question in one lesson may appear
    on purpose in another lesson's question, so it is only a leak in its own lesson's files.
    """
    code = [REPO / "src" / "claimlab" / "answers.py", REPO / "src" / "claimlab" / "exercises.py"]
    leaks = []
    for solution in sorted((root / "solutions").glob("*.ipynb")):
        own = [root / "exercises" / solution.name, root / "datasets" / "answer-keys" / f"{solution.stem}.json"]
        texts = {path: path.read_text(encoding="utf-8").lower() for path in own + code if path.exists()}
        leaks += [f"{secret!r} in {path}" for path, text in texts.items()
                  for secret in sorted(secrets_of(solution)) if secret.lower() in text]
    return leaks


@pytest.mark.parametrize("root", [KIT, REPO], ids=["fixture", "kit"])
def test_no_solution_text_is_readable_in_exercises_or_keys(root):
    assert leaks_in(root) == []


def test_the_leak_scan_knows_the_answers_and_finds_a_leak(kit):
    secrets = secrets_of(kit / "solutions" / f"{LESSON}.ipynb")
    assert {"vicknasingam-2020", "boyer-2008", "galbis-reig-2016", "0.11"} <= secrets
    assert any("very low" in s for s in secrets) and any("Worked example" in s for s in secrets)
    key_path = kit / "datasets" / "answer-keys" / f"{LESSON}.json"
    key_path.write_text(key_path.read_text().replace('"why": ""', '"why": "It is galbis-reig-2016."'))
    assert leaks_in(kit) == [f"'galbis-reig-2016' in {key_path}"]


# --- running the notebooks ------------------------------------------------------------------------


def execute(path: Path, allow_errors: bool = False) -> nbformat.NotebookNode:
    """Run a notebook from its own folder, as a learner's Jupyter would."""
    from notebook_runs import run_notebook

    return run_notebook(nbformat.read(path, as_version=4), path.parent, timeout=120, allow_errors=allow_errors)


def test_the_unanswered_exercise_runs_and_says_not_answered_yet():
    nb = execute(EXERCISE)
    text = outputs_text(nb)
    assert "Traceback" not in text and not any(o.output_type == "error" for c in nb.cells for o in c.get("outputs", []))
    checks = [c for c in nb.cells if c.cell_type == "code" and c.source.startswith(("check(", "check_open("))]
    assert len(checks) == 4
    for cell in checks:
        assert "Not answered yet" in outputs_text(nbformat.v4.new_notebook(cells=[cell]))
    assert "0 answered correctly, 0 written, 4 not answered yet" in text


def test_the_solution_runs_and_every_check_says_correct():
    nb = execute(SOLUTION)
    text = outputs_text(nb)
    assert "Traceback" not in text
    for number in (1, 2, 3):
        assert f"q{number}: Correct." in text
    assert "[x] Long enough" in text and "[x] Says how sure" in text
    assert "3 answered correctly, 1 written, 0 not answered yet, 0 need another look." in text


def test_a_python_error_in_an_exercise_gets_a_plain_language_hint_first(tmp_path):
    nb = nbformat.read(EXERCISE, as_version=4)
    nb.cells[5].source = "answer_1 = vicknasingam-2020"  # forgot the quotes
    path = tmp_path / "exercises" / f"{LESSON}.ipynb"
    path.parent.mkdir()
    nbformat.write(nb, path)
    shutil.copytree(KIT / "datasets", tmp_path / "datasets")
    ran = execute(path, allow_errors=True)
    outputs = ran.cells[5].outputs
    assert outputs[0].output_type == "stream" and outputs[0].text.startswith("Hint: If ") and "put it in quotes" in outputs[0].text
    assert outputs[-1].output_type == "error" and outputs[-1].ename == "NameError"
