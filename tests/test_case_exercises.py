"""Exercises made for any case (`make-exercises --case`): they run, check, vary by seed and never give kratom away.

Four cases: the kit's two, an untouched case made by `new-case` from the short fixture article,
and a partly filled copy of it (a few rows of studies and claims written here, invented for the
test like the article itself). Every made solution is executed and must check correct; every made
exercise is executed and must say "not answered yet" with no error.
"""

from __future__ import annotations

import csv
import functools
import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import nbformat
import pytest

from claimlab.__main__ import main
from claimlab.answers import ANOTHER_LOOK, MESSAGES, grade_answer, normalise_answer, read_answer_key
from claimlab.case_exercises import make_case_exercises, planned_files, write_all
from claimlab.cases import load_case
from claimlab.newcase import new_case
from claimlab.question_bank import LeftOut, Question, case_data, left_out_questions, questions_for_lesson
from conftest import REPO, outputs_text
from notebook_runs import run_notebook, steady_folder

ARTICLE = REPO / "tests" / "fixtures" / "articles" / "short-article.md"
STEMS = ["01-spotting-the-claims", "02-what-kind-of-study", "03-weighing-the-evidence", "04-what-regulators-say",
         "05-the-verdict"]
CHECK = re.compile(r"^\s*check(_open|_all)?\(", re.M)
CHOICES = re.compile(re.escape(MESSAGES["choices"]).replace(re.escape("{choices}"), "[^\n]*"))
KRATOM = re.compile(r"kratom|ketum|mitragyn|7-?hydroxy|7-?oh\b|speciosa", re.I)
INVENTED = "Invented for Claim Lab's tests; not a real study."
STUDIES = [  # invented rows for the partly filled case
    {"study_id": "trial-2020", "citation": f"Trial A. 2020. {INVENTED}", "year": "2020", "design": "randomized_trial",
     "topic": "other", "population": "Adults with a cold (invented)", "sample_size": "60",
     "methods_summary": "Adults with a cold were randomly allocated to syrup or a look-alike placebo syrup, double-blind.",
     "measured": "Days until symptoms ended", "finding": "Invented: no difference between the groups.",
     "limitation": "Small and short, so rare harms could be missed.", "source_url": "https://example.org/invented"},
    {"study_id": "survey-2021", "citation": f"Survey B. 2021. {INVENTED}", "year": "2021",
     "design": "cross_sectional_survey", "topic": "other", "population": "Syrup buyers (invented)", "sample_size": "900",
     "methods_summary": "Buyers answered an online questionnaire once; nothing was assigned and nobody was compared.",
     "measured": "Self-reported colds", "finding": "Invented: most said they had fewer colds.",
     "limitation": "Self-report by people who chose the syrup, with no comparison group.",
     "source_url": "https://example.org/invented"},
    {"study_id": "cells-2019", "citation": f"Cells C. 2019. {INVENTED}", "year": "2019", "design": "in_vitro",
     "topic": "mechanism", "population": "Cells in a dish (invented)", "sample_size": "",
     "methods_summary": "Researchers added berry extract to virus-infected cells in the laboratory; no people or animals.",
     "measured": "Virus growth in the dish", "finding": "Invented: less virus growth at high doses.",
     "limitation": "Cells in a dish cannot show what happens in people who take the syrup.",
     "source_url": "https://example.org/invented"},
]
CLAIMS = [
    {"claim_id": "c01", "sentence": "Elderberry syrup is the natural way to stop a cold before it starts.",
     "claim": "The syrup prevents colds.", "claim_type": "efficacy", "cues": "appeal_to_nature",
     "evidence_offered": "none", "verdict": "unsupported",
     "explanation": "The only fair test found no difference; a survey and a dish study cannot show prevention.",
     "key_concepts": "1.1", "study_ids": "trial-2020;survey-2021;cells-2019"},
    {"claim_id": "c02", "sentence": "Unlike harsh pharmacy drugs, elderberry is completely safe and has no side effects.",
     "claim": "The syrup is safe.", "claim_type": "safety", "cues": "safety_reassurance;treatment_comparison",
     "evidence_offered": "none", "verdict": "unsupported",
     "explanation": "No study looked for harms in enough people to say that.", "key_concepts": "1.1",
     "study_ids": "trial-2020"},
    {"claim_id": "c03", "sentence": "Thousands of happy customers cannot be wrong.", "claim": "Many buyers are happy.",
     "claim_type": "popularity", "cues": "popularity", "evidence_offered": "vague", "verdict": "misleading",
     "explanation": "Happy buyers show sales, not effects.", "key_concepts": "1.3", "study_ids": "survey-2021"},
]


def fill(path: Path, rows: list[dict]) -> None:
    """Write rows into a case table under its header."""
    with path.open(encoding="utf-8") as handle:
        header = next(csv.reader(handle))
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=header)
        writer.writeheader()
        writer.writerows([{name: row.get(name, "") for name in header} for row in rows])


@pytest.fixture(scope="module")
def cases() -> Iterator[dict[str, str]]:
    """Case name -> what --case is given: the kit's two, an untouched case and a partly filled one."""
    root = steady_folder("case-exercises-cases")  # the notebooks show the case's path: the same every run
    untouched = new_case("elderberry-colds", ARTICLE, cases=root)
    partly = root / "elderberry-partly"
    shutil.copytree(untouched, partly)
    fill(partly / "studies.csv", STUDIES)
    fill(partly / "claims.csv", CLAIMS)
    load_case(partly)  # the filled rows are valid
    yield {"kratom": "kratom-opioid-withdrawal", "ashwagandha": "ashwagandha-anxiety",
           "untouched": str(untouched), "partly": str(partly)}
    shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="module")
def made(cases) -> Iterator[dict[str, Path]]:
    """Case name -> the folder make-exercises wrote, through the command line."""
    out = {}
    for name, case in cases.items():
        folder = steady_folder(f"case-exercises-made-{name}")
        assert main(["make-exercises", "--case", case, "--out", str(folder), "--seed", "3"]) == 0
        out[name] = folder
    yield out
    for folder in out.values():
        shutil.rmtree(folder, ignore_errors=True)


@functools.lru_cache(maxsize=None)
def execute(path: Path) -> nbformat.NotebookNode:
    """A made notebook, run where it was written (each is run once; tests only read the result)."""
    nb = nbformat.read(path, as_version=4)
    return run_notebook(nb, path.parent, allow_errors=True)


def checks_shown(nb) -> list[str]:
    return [outputs_text(nbformat.NotebookNode(cells=[cell])) for cell in nb.cells
            if cell.cell_type == "code" and CHECK.search(cell.source)]


def errors(nb) -> list[str]:
    return [f"{o.get('ename')}: {o.get('evalue')}" for cell in nb.cells for o in cell.get("outputs", [])
            if o.get("output_type") == "error"]


@pytest.mark.parametrize("name", ["kratom", "ashwagandha", "untouched", "partly"])
def test_made_files_pair_up(made, name):
    folder = made[name]
    for kind, ext in (("exercises", "ipynb"), ("solutions", "ipynb"), ("answer-keys", "json")):
        assert sorted(p.stem for p in (folder / kind).iterdir()) == STEMS, kind
    for stem in STEMS:
        exercise = nbformat.read(folder / "exercises" / f"{stem}.ipynb", as_version=4)
        assert f'use_answer_key("../answer-keys/{stem}.json")' in exercise.cells[1].source


@pytest.mark.parametrize("name", ["kratom", "ashwagandha", "untouched", "partly"])
def test_every_made_solution_checks_correct(made, name):
    asked = 0
    for stem in STEMS:
        nb = execute(made[name] / "solutions" / f"{stem}.ipynb")
        assert errors(nb) == [], f"{name} {stem}"
        questions = len(read_answer_key(made[name] / "answer-keys" / f"{stem}.json").questions)
        shown = checks_shown(nb)
        assert len(shown) == questions + (1 if questions else 0), f"{name} {stem}: one check per question and a summary"
        for output in shown:
            assert "Correct." in output or f"{questions} answered correctly" in output, f"{name} {stem}: {output[:300]}"
            assert "needs another look" not in output and "Not answered yet" not in output
        asked += questions
    assert (asked == 0) == (name == "untouched"), f"{name}: {asked} questions"
    if name != "untouched":
        assert asked >= 8


@pytest.mark.parametrize("name", ["kratom", "ashwagandha", "untouched", "partly"])
def test_every_made_exercise_says_not_answered_yet(cases, made, name):
    for stem in STEMS:
        nb = execute(made[name] / "exercises" / f"{stem}.ipynb")
        assert errors(nb) == [], f"{name} {stem}"
        assert "Traceback" not in outputs_text(nb)
        loaded = f"Answer key for {stem} ({Path(cases[name]).name}, variant 3) loaded"
        assert loaded in outputs_text(nb), f"{name} {stem}: its own key was not loaded"
        shown = checks_shown(nb)
        for output in shown:
            assert "not answered yet" in output.lower(), f"{name} {stem}: {output[:300]}"
            assert "answered correctly" not in output or "0 answered correctly" in output
        if not shown:
            text = "\n".join(cell.source for cell in nb.cells)
            assert "left out because" in text and "No questions yet" in text


def test_an_untouched_case_says_why_each_question_is_left_out(made):
    for stem in STEMS:
        text = "\n".join(c.source for c in nbformat.read(made["untouched"] / "exercises" / f"{stem}.ipynb", 4).cells)
        assert "## Questions left out" in text
        assert re.search(r"left out because (no|it needs|\w+\.csv)", text), stem


@pytest.mark.parametrize("name", ["ashwagandha", "untouched", "partly"])
def test_no_made_notebook_on_another_case_mentions_kratom(made, name):
    for path in sorted(made[name].rglob("*")):
        if path.is_file():
            found = KRATOM.findall(path.read_text(encoding="utf-8"))
            assert not found, f"{path.relative_to(made[name])} mentions {found[:3]}"
    for stem in STEMS:  # and what they show when run
        shown = outputs_text(execute(made[name] / "exercises" / f"{stem}.ipynb"))
        assert not KRATOM.search(shown), f"{name} {stem}"


def test_seeds_give_different_variants_and_one_seed_the_same_bytes(cases):
    first, again = make_case_exercises(cases["kratom"], seed=1), make_case_exercises(cases["kratom"], seed=1)
    assert [m.exercise for m in first] == [m.exercise for m in again]
    assert [m.key for m in first] == [m.key for m in again]
    other = make_case_exercises(cases["kratom"], seed=2)
    differ = [a.stem for a, b in zip(first, other) if a.solution != b.solution]
    assert len(differ) >= 4, differ
    data = case_data(load_case(cases["ashwagandha"]))
    prompts = {seed: [q.prompt for q in questions_for_lesson(data, "02", seed) if isinstance(q, Question)]
               for seed in range(4)}
    assert len({tuple(p) for p in prompts.values()}) >= 3  # different studies to classify, not one fixed question


def test_a_wrong_answer_gets_feedback_that_is_not_the_answer(cases, made):
    data = case_data(load_case(cases["ashwagandha"]))
    checked = 0
    for stem in STEMS:
        key = read_answer_key(made["ashwagandha"] / "answer-keys" / f"{stem}.json")
        asked = [q for q in questions_for_lesson(data, stem[:2], 3) if isinstance(q, Question)]
        assert len(asked) == len(key.questions)
        for n, question in enumerate(asked, 1):
            answers = question.answer if isinstance(question.answer, list) else [question.answer]
            named = [normalise_answer(a) for a in answers if len(normalise_answer(a)) >= 3]
            tries = [item for items, _ in question.wrong for item in items] + ["a deliberately wrong answer 123"]
            for wrong in tries:
                given = [wrong] if isinstance(question.answer, list) else wrong
                result = grade_answer(key, f"q{n}", given)
                assert result.status == ANOTHER_LOOK, (stem, n, wrong)
                shown = CHOICES.sub("", result.message)  # the kit may list every choice; that gives nothing away
                said = f" {normalise_answer(shown)} "
                assert not [a for a in named if f" {a} " in said], (stem, n, wrong, result.message)
                checked += 1
            feedback = dict((items[0], text) for items, text in question.wrong)
            if feedback:
                item, text = next(iter(feedback.items()))
                given = [item] if isinstance(question.answer, list) else item
                assert text in grade_answer(key, f"q{n}", given).message  # the case's own feedback, not a generic line
    assert checked > 30


def test_questions_the_case_cannot_support_are_left_out_with_a_reason(cases):
    data = case_data(load_case(cases["partly"]))
    lesson04 = questions_for_lesson(data, "04", 0)
    assert lesson04 and all(isinstance(q, LeftOut) and q.reason for q in lesson04)  # no positions in the case
    lesson02 = questions_for_lesson(data, "02", 0)
    assert all(isinstance(q, Question) for q in lesson02)  # three studies: every design question can be asked
    missing = left_out_questions(data)
    assert [q.template for q in missing["04"]] == [q.template for q in lesson04] and missing["02"] == []


def test_making_again_keeps_a_dated_copy_of_what_changed(cases, tmp_path):
    out = tmp_path / "out"
    assert main(["make-exercises", "--case", cases["partly"], "--out", str(out)]) == 0
    exercise = out / "exercises" / "01-spotting-the-claims.ipynb"
    learner = exercise.read_text(encoding="utf-8").replace('"answer_1 = ..."', '"answer_1 = \\"mine\\""')
    exercise.write_text(learner, encoding="utf-8")
    assert main(["make-exercises", "--case", cases["partly"], "--out", str(out)]) == 0
    copies = list((out / "backups").rglob("01-spotting-the-claims.ipynb"))
    assert len(copies) == 1 and copies[0].read_text(encoding="utf-8") == learner
    assert copies[0].relative_to(out / "backups").parts[1:] == ("exercises", "01-spotting-the-claims.ipynb")
    assert exercise.read_text(encoding="utf-8") != learner  # the fresh exercise is back
    assert len(list((out / "backups").rglob("*.*"))) == 1  # files that did not change were not copied
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert main(["make-exercises", "--case", cases["partly"], "--out", str(out)]) == 0
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before  # the same seed: nothing to do


def test_a_refused_write_changes_nothing(cases, tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["make-exercises", "--case", cases["partly"], "--out", str(out), "--seed", "1"]) == 0
    (out / "solutions" / "05-the-verdict.ipynb").unlink()
    (out / "solutions" / "05-the-verdict.ipynb").mkdir()  # a folder where a file must go
    before = sorted((p, p.read_bytes() if p.is_file() else None) for p in out.rglob("*"))
    assert main(["make-exercises", "--case", cases["partly"], "--out", str(out), "--seed", "2"]) == 1
    assert "is a folder where a file is needed" in capsys.readouterr().out
    assert sorted((p, p.read_bytes() if p.is_file() else None) for p in out.rglob("*")) == before


def test_an_unreadable_case_writes_nothing_and_says_why(cases, tmp_path, capsys):
    broken = tmp_path / "broken"
    shutil.copytree(cases["partly"], broken)
    text = (broken / "claims.csv").read_text(encoding="utf-8").replace("unsupported", "maybe", 1)
    (broken / "claims.csv").write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    assert main(["make-exercises", "--case", str(broken), "--out", str(out)]) == 1
    said = capsys.readouterr().out
    assert "nothing was written" in said and "claims.csv, line 2" in said and not out.exists()


def test_case_and_out_go_together(capsys):
    assert main(["make-exercises", "--case", "ashwagandha-anxiety"]) == 2
    assert "--case and --out go together" in capsys.readouterr().out


def test_the_kits_own_exercises_are_never_replaced(capsys):
    before = {p: p.read_bytes() for folder in ("exercises", "solutions") for p in (REPO / folder).glob("*.ipynb")}
    assert main(["make-exercises", "--case", "kratom-opioid-withdrawal", "--out", str(REPO)]) == 2
    assert "the kit's own folder" in capsys.readouterr().out
    assert {p: p.read_bytes() for p in before} == before and not (REPO / "answer-keys").exists()


def test_write_all_is_all_or_nothing_when_a_folder_is_a_file(tmp_path):
    (tmp_path / "exercises").write_text("not a folder", encoding="utf-8")
    files = {"answer-keys/x.json": "{}\n", "exercises/x.ipynb": "{}\n"}
    with pytest.raises(ValueError, match="is a file where a folder is needed"):
        write_all(tmp_path, files)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["exercises"]


def test_made_keys_hold_no_answer_in_plain_text(cases):
    for lesson in make_case_exercises(cases["ashwagandha"], seed=5):
        key = json.loads(lesson.key)
        solution = nbformat.reads(lesson.solution, as_version=4)
        answers = re.findall(r'^answer_\d+ = "([^"]+)"', "\n".join(c.source for c in solution.cells), re.M)
        for answer in answers:
            assert f'"{answer}"' not in json.dumps(key["questions"]), (lesson.stem, answer)
        assert key["case"] == "ashwagandha-anxiety" and key["seed"] == 5
    assert planned_files(make_case_exercises(cases["untouched"]))  # an empty case still makes every file


def test_a_key_named_by_path_is_found_beside_the_notebook_and_never_swapped_for_the_kits(tmp_path, monkeypatch):
    from claimlab.answers import find_answer_key

    monkeypatch.chdir(REPO / "exercises")  # the kit's own key of this name is ../datasets/answer-keys/...
    monkeypatch.delenv("JPY_SESSION_NAME", raising=False)
    assert find_answer_key("../answer-keys/01-spotting-the-claims.json") is None
    assert find_answer_key("01-spotting-the-claims") == REPO / "datasets" / "answer-keys" / "01-spotting-the-claims.json"
    (tmp_path / "answer-keys").mkdir()
    (tmp_path / "exercises").mkdir()
    (tmp_path / "answer-keys" / "01-spotting-the-claims.json").write_text("{}", encoding="utf-8")
    monkeypatch.setenv("JPY_SESSION_NAME", str(tmp_path / "exercises" / "01-spotting-the-claims.ipynb"))
    assert find_answer_key("../answer-keys/01-spotting-the-claims.json") == \
        tmp_path / "exercises" / ".." / "answer-keys" / "01-spotting-the-claims.json"
