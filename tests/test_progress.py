"""Learners' progress records (claimlab.progress): saved by check_all, read back into a class table."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest

from claimlab import progress
from claimlab.answers import check_all, read_answer_key, summarise_answers
from claimlab.exercises import solution_regions
from claimlab.paths import REPO, datasets_dir

LESSON = "01-spotting-the-claims"
KEY = read_answer_key(datasets_dir() / "answer-keys" / f"{LESSON}.json")
APPRAISAL = "Kratom may help, the article says, but the certainty is very low and no trial is named. " * 3


def answers(right: bool = True) -> dict:
    """A learner's namespace for lesson 01: the solution's answers, or q1 wrong and q2 left out."""
    solution = nbformat.read(REPO / "solutions" / f"{LESSON}.ipynb", as_version=4)
    values = {name: value for region in solution_regions(solution) for name, value in region.values.items()}
    values["appraisal"] = APPRAISAL
    if not right:
        values["answer_1"] = "framing"
        values.pop("answer_2")
    return values


def test_check_all_saves_a_record_without_answers(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("JUPYTERHUB_USER", "ana")
    namespace = answers(right=False)
    result = check_all(namespace, key=KEY, save_progress=True)
    path = tmp_path / "progress" / f"{LESSON}.json"
    assert f"Saved your progress to {Path('progress') / path.name}" in result.message
    text = path.read_text(encoding="utf-8")
    record = json.loads(text)
    assert record["learner"] == "ana" and record["lesson"] == LESSON
    assert record["questions"]["q1"] == {"answered": True, "right": False}
    assert record["questions"]["q2"] == {"answered": False, "right": False}
    assert record["questions"]["q3"] == {"answered": True, "right": True}
    assert record["questions"]["appraisal"] == {"answered": True, "right": None}
    blank = progress.progress_record(KEY, summarise_answers(KEY, {})[0])
    assert blank["questions"]["appraisal"] == {"answered": False, "right": None}  # only a person judges a written answer
    assert blank["questions"]["q1"] == {"answered": False, "right": False}
    for value in namespace.values():  # no answer is stored, not even a wrong one
        for item in value if isinstance(value, list) else [value]:
            assert json.dumps(item) not in text or str(item) in ("True", "False")
    assert "framing" not in text and "kratom" not in text.lower()
    assert not list((tmp_path / "progress").glob(".*"))  # the atomic write left no temporary file


def test_check_all_without_saving_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    check_all(answers(), key=KEY)
    assert not (tmp_path / "progress").exists()


def test_a_record_round_trips_into_a_class_table(tmp_path, monkeypatch):
    monkeypatch.delenv("JUPYTERHUB_USER", raising=False)
    for learner, right in (("ana", True), ("ben", False)):
        (tmp_path / learner).mkdir()
        monkeypatch.chdir(tmp_path / learner)
        check_all(answers(right), key=KEY, save_progress=True, learner="BEN" if learner == "ben" else None)
    collected = tmp_path / "collected"
    for learner in ("ana", "ben"):
        (collected / learner).mkdir(parents=True)
        (tmp_path / learner / "progress" / f"{LESSON}.json").rename(collected / learner / f"{LESSON}.json")
    table, problems = progress.read_progress(collected)
    assert problems == []
    assert list(table.columns) == progress.COLUMNS and len(table) == 2 * len(KEY.questions)
    summary = progress.progress_summary(table).set_index("learner")
    assert summary.loc["ana", "right"] == len(KEY.questions) - 1  # all checked questions; the written one is null
    assert summary.loc["ana", "answered"] == len(KEY.questions)
    assert summary.loc["BEN", "right"] == len(KEY.questions) - 3 and summary.loc["BEN", "answered"] == len(KEY.questions) - 1
    assert summary.loc["ana", "lesson"] == LESSON  # ana named by her folder, BEN by the record itself


def test_bad_files_are_reported_by_name_and_reason(tmp_path):
    good = progress.progress_record(KEY, [], "ana")
    good["questions"] = {"q1": {"answered": True, "right": True}}
    files = {
        "ana.json": json.dumps(good),
        "again.json": json.dumps(good),
        "broken.json": '{"kind": "claimlab-progress", ',
        "binary.json": "\x00\x01",
        "other.json": json.dumps({"hello": 1}),
        "future.json": json.dumps({**good, "version": 9}),
        "nobody.json": json.dumps({**good, "learner": ""}),
        "odd.json": json.dumps({**good, "learner": "cy", "questions": {"q1": {"answered": "yes", "right": 1}}}),
        "impossible.json": json.dumps({**good, "learner": "di", "questions": {"q1": {"answered": False, "right": True}}}),
        "when.json": json.dumps({**good, "learner": "ed", "saved": "yesterday"}),
        "notes.txt": "ignored: not a .json file",
    }
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    table, problems = progress.read_progress(tmp_path)
    said = {Path(p.file).name: str(p) for p in problems}
    assert set(table["learner"]) == {"ana"}
    assert "already has a record" in said["ana.json"] or "already has a record" in said["again.json"]
    assert "not JSON" in said["broken.json"] and "line 1" in said["broken.json"]
    assert "not a text file" in said["binary.json"]
    assert "not a Claim Lab progress record" in said["other.json"]
    assert "version 9" in said["future.json"]
    assert "names no learner" in said["nobody.json"] and "sub-folder" in said["nobody.json"]
    assert "answered (true/false)" in said["odd.json"] and "answered (true/false)" in said["impossible.json"]
    assert "not a date" in said["when.json"]
    assert "notes.txt" not in said and len(problems) == 9


@pytest.mark.parametrize("where", ["missing", "file", "empty"])
def test_a_folder_that_cannot_be_read_says_so(tmp_path, where):
    folder = tmp_path / "collected"
    if where == "file":
        folder.write_text("x")
    elif where == "empty":
        folder.mkdir()
    table, problems = progress.read_progress(folder)
    assert table.empty and len(problems) == 1
    assert {"missing": "no folder here", "file": "not a folder", "empty": "no .json progress files"}[where] in str(problems[0])


def test_saving_where_it_cannot_write_says_so(tmp_path):
    blocker = tmp_path / "progress"
    blocker.write_text("a file where the folder should be")
    said = progress.save_progress(KEY, [], "ana", folder=blocker)
    assert said.startswith("Your progress could not be saved") and blocker.read_text().startswith("a file")


def test_an_odd_learner_name_is_refused(tmp_path):
    said = progress.save_progress(KEY, [], "../../etc", folder=tmp_path)
    assert "not saved" in said and not list(tmp_path.iterdir())


def test_assessment_reads_progress_folders_too():
    from claimlab import assessment

    assert assessment.read_progress is progress.read_progress


def test_a_failed_save_keeps_the_old_record_whole(tmp_path, monkeypatch):
    assert progress.save_progress(KEY, [], "ana", folder=tmp_path).startswith("Saved")
    before = (tmp_path / f"{LESSON}.json").read_text()

    def broken_replace(source, target):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(progress.os, "replace", broken_replace)
    said = progress.save_progress(KEY, [], "ben", folder=tmp_path)
    assert said.startswith("Your progress could not be saved") and "No space left" in said
    assert (tmp_path / f"{LESSON}.json").read_text() == before
    assert [p.name for p in tmp_path.iterdir()] == [f"{LESSON}.json"]  # no temporary file left behind
