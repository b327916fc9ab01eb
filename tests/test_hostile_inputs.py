"""Hostile inputs: nothing lost, no traceback, no hang, no formula, no answer in the open.

Each case the robustness probe (issue 14) found is built here, in a temporary folder, from a copy
of a shipped case or a generated input. Every message must name the file, the line (where
there is one) and the field, and say how to fix it; nothing may raise, hang or write outside the
folder it was given.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import re
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from at_once import exit_codes, run_at_once, start_at_once
from claimlab import files, worksheet
from claimlab.files import WriteError, keep_backup, write_atomic
from claimlab.worksheet import (
    appraisal_worksheet,
    keep_draft,
    save_worksheet,
    text_from_upload,
    worksheet_editor,
)

REPO = Path(__file__).resolve().parents[1]
CASE = REPO / "datasets" / "cases" / "kratom-opioid-withdrawal"
ARTICLE = (
    "Why It Works\n\n"
    "This natural herb may help you relax. It is far safer than medication.\n\n"
    "Studies show it works. One reader told us it changed her life.\n\n"
    "Thousands of people are turning to it. Doctors recommend it for sleep.\n"
)


@pytest.fixture(autouse=True)
def fresh_worksheets(tmp_path, monkeypatch):
    """Drafts in a temporary folder, and no worksheet kept from another test (a fresh kernel)."""
    monkeypatch.setattr(worksheet, "DRAFTS", tmp_path / "drafts")
    monkeypatch.setattr(worksheet, "_LIVE", {})


@contextlib.contextmanager
def within(seconds: int):
    """Fail (rather than hang) when the block takes longer than this: a generous bound, not a speed test."""
    def stop(_signum, _frame):
        raise AssertionError(f"took more than {seconds} s: a quadratic path?")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def disk_full(*_args, **_kwargs):
    raise OSError(errno.ENOSPC, "No space left on device")


def restart_kernel(monkeypatch) -> None:
    """What a kernel restart forgets: the worksheets held in memory."""
    monkeypatch.setattr(worksheet, "_LIVE", {})


# --- 1. nothing lost: atomic writes --------------------------------------------------------------


def test_a_failed_write_keeps_the_old_file_and_leaves_nothing_behind(tmp_path, monkeypatch):
    target = tmp_path / "kept.md"
    write_atomic(target, "the good version\n")
    monkeypatch.setattr(files.os, "replace", disk_full)
    with pytest.raises(WriteError) as raised:
        write_atomic(target, "a new version that does not fit\n")
    assert target.read_text() == "the good version\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kept.md"]  # no temporary or 0-byte file
    assert "kept.md" in raised.value.strerror and "free some disk space" in raised.value.strerror


def test_a_failed_sync_is_a_failed_write(tmp_path, monkeypatch):
    target = tmp_path / "kept.md"
    monkeypatch.setattr(files.os, "fsync", disk_full)
    with pytest.raises(WriteError):
        write_atomic(target, "x")
    assert not target.exists() and list(tmp_path.iterdir()) == []


def test_write_without_replace_never_replaces(tmp_path):
    target = tmp_path / "mine.md"
    write_atomic(target, "first")
    with pytest.raises(FileExistsError):
        write_atomic(target, "second", replace=False)
    assert target.read_text() == "first" and sorted(p.name for p in tmp_path.iterdir()) == ["mine.md"]


def test_a_backup_is_dated_and_never_overwritten(tmp_path):
    target = tmp_path / "ex.ipynb"
    target.write_text("one")
    first = keep_backup(target)
    target.write_text("two")
    second = keep_backup(target)
    assert first != second and first.read_text() == "one" and second.read_text() == "two"
    assert first.parent == tmp_path / "backups" and first.name.startswith("ex.20") and first.suffix == ".ipynb"


def test_a_worksheet_save_on_a_full_disk_keeps_the_previous_worksheet(tmp_path, monkeypatch):
    sheet = appraisal_worksheet(ARTICLE)
    sheet.loc[0, "notes"] = "my first answer"
    save_worksheet(sheet, tmp_path / "out", "mine")
    before = (tmp_path / "out" / "mine.md").read_text()
    sheet.loc[0, "notes"] = "my second answer"
    monkeypatch.setattr(files.os, "replace", disk_full)
    result = save_worksheet(sheet, tmp_path / "out", "mine", if_exists="overwrite")
    assert result.saved == [] and "could not be written" in result.message and "No space" in result.message
    assert (tmp_path / "out" / "mine.md").read_text() == before  # not truncated
    assert not any(p.stat().st_size == 0 for p in (tmp_path / "out").rglob("*") if p.is_file())
    monkeypatch.undo()
    monkeypatch.setattr(worksheet, "DRAFTS", tmp_path / "drafts")
    again = save_worksheet(sheet, tmp_path / "out", "mine", if_exists="overwrite")
    assert again.saved and "my second answer" in (tmp_path / "out" / "mine.md").read_text()
    assert "old version is kept" in again.message
    backups = list((tmp_path / "out" / "backups").iterdir())
    assert len(backups) == 1 and "my first answer" in backups[0].read_text()


def test_a_draft_on_a_full_disk_is_not_truncated_and_the_learner_is_told(tmp_path, monkeypatch):
    sheet = appraisal_worksheet(ARTICLE)
    editor = worksheet_editor(sheet)
    editor.texts["notes"].value = "kept answer"
    draft = sheet.attrs["draft"]
    good = draft.read_text()
    monkeypatch.setattr(files.os, "replace", disk_full)
    editor.texts["notes"].value = "answer typed when the disk was full"
    assert draft.read_text() == good
    assert "could not be kept in the draft" in editor.progress.value
    assert sheet.loc[0, "notes"] == "answer typed when the disk was full"  # still in the notebook
    assert "could not be kept" in keep_draft(sheet)


def replace_again_and_again(target: Path, letter: str) -> None:
    """One writer's part in the race below: replace the file 150 times with a whole file of one letter."""
    for number in range(150):
        write_atomic(target, (letter * 1000 + "\n") * 200)


def test_two_processes_replacing_one_file_never_interleave(tmp_path):
    target = tmp_path / "shared.md"
    writers = start_at_once(replace_again_and_again, [(target, letter) for letter in "AB"])
    seen = set()
    while any(writer.is_alive() for writer in writers):
        with contextlib.suppress(FileNotFoundError):
            seen.add(target.read_text())
    assert exit_codes(writers) == [0, 0]
    seen.add(target.read_text())
    whole = {("A" * 1000 + "\n") * 200, ("B" * 1000 + "\n") * 200}
    assert seen <= whole, "a reader saw a file mixing both writers, or a part-written file"
    assert [p.name for p in tmp_path.iterdir()] == ["shared.md"]


def save_ten_new_copies(folder: Path, who: str) -> None:
    """One learner's part in the race below: save the same worksheet name ten times, as new copies."""
    worksheet.DRAFTS = folder / "drafts" / who
    sheet = worksheet.appraisal_worksheet(ARTICLE)
    sheet.loc[0, "notes"] = "by " + who
    for number in range(10):
        worksheet.save_worksheet(sheet, folder / "out", "same", if_exists="new_copy")


def test_two_processes_saving_new_worksheets_never_replace_each_other(tmp_path):
    assert run_at_once(save_ten_new_copies, [(tmp_path, who) for who in ("A", "B")], timeout=300) == [0, 0]
    saved = sorted((tmp_path / "out").glob("*.md"))
    texts = [path.read_text() for path in saved]
    assert len(saved) == 20, "a save replaced another process's file"
    assert sum("by A" in t for t in texts) == 10 and sum("by B" in t for t in texts) == 10


# --- 1. nothing lost: drafts ---------------------------------------------------------------------


def test_a_draft_survives_a_restart_and_an_extra_space(monkeypatch, capsys):
    sheet = appraisal_worksheet(ARTICLE)
    worksheet_editor(sheet).texts["notes"].value = "answer one"
    restart_kernel(monkeypatch)
    again = appraisal_worksheet(ARTICLE.replace("may help", "may  help").replace("Studies", "studies") + "\n\n")
    assert "answer one" in set(again["notes"])
    out = capsys.readouterr().out
    assert "brought back" in out and "changed a little" not in out  # the same draft, found by its key
    assert again.attrs["draft"] == sheet.attrs["draft"]


def test_a_draft_survives_a_small_edit_and_says_what_stayed_behind(monkeypatch, capsys):
    sheet = appraisal_worksheet(ARTICLE)
    editor = worksheet_editor(sheet)
    editor.texts["notes"].value = "first sentence note"
    editor.go(1)
    editor.texts["notes"].value = "second sentence note"
    restart_kernel(monkeypatch)
    edited = ARTICLE.replace("It is far safer than medication.", "It is much safer than medication.")
    again = appraisal_worksheet(edited)
    out = capsys.readouterr().out
    assert "first sentence note" in set(again["notes"])
    assert "changed a little" in out and "1 answered sentence is no longer in it" in out


def test_a_draft_that_does_not_match_is_named_not_silently_ignored(monkeypatch, capsys):
    sheet = appraisal_worksheet(ARTICLE)
    worksheet_editor(sheet).texts["notes"].value = "answer one"
    restart_kernel(monkeypatch)
    other = appraisal_worksheet("A different text. Experts say it cures everything, naturally.\n")
    out = capsys.readouterr().out
    assert "did not match" in out and "draft-" in out and "paste the same text again" in out
    assert "answer one" not in set(other["notes"])


def test_a_broken_draft_is_reported_and_left_alone(monkeypatch, capsys):
    sheet = appraisal_worksheet(ARTICLE)
    draft = sheet.attrs["draft"]
    draft.parent.mkdir(parents=True)
    draft.write_text("not,a\nworksheet")
    restart_kernel(monkeypatch)
    appraisal_worksheet(ARTICLE)
    assert "could not be read" in capsys.readouterr().out and draft.read_text() == "not,a\nworksheet"


def test_running_the_cell_again_never_splits_edits_between_two_editors():
    sheet = appraisal_worksheet(ARTICLE)
    old = worksheet_editor(sheet)
    old.texts["notes"].value = "typed in the old form"
    again = appraisal_worksheet(ARTICLE)  # the learner re-runs the worksheet cell
    assert again is sheet  # the same table, so nothing typed is left in another one
    new = worksheet_editor(again)
    assert old.retired and "switched off" in old.children[0].value
    old.texts["notes"].value = "typed in the old form after the re-run"
    assert sheet.loc[0, "notes"] == "typed in the old form"
    new.texts["evidence_to_look_for"].value = "trials"
    assert again.loc[0, "notes"] == "typed in the old form" and again.loc[0, "evidence_to_look_for"] == "trials"


def test_run_all_saving_a_blank_worksheet_does_not_block_the_real_save(tmp_path):
    sheet = appraisal_worksheet(ARTICLE)
    first = save_worksheet(sheet, tmp_path, "my-worksheet", html=True)  # Run All, nothing typed yet
    assert len(first.saved) == 2
    sheet.loc[0, "notes"] = "my real answer"
    real = save_worksheet(sheet, tmp_path, "my-worksheet", html=True)
    assert not real.waiting and "blank worksheet" in real.message
    assert "my real answer" in (tmp_path / "my-worksheet.md").read_text()
    sheet.loc[1, "notes"] = "later answer"
    third = save_worksheet(sheet, tmp_path, "my-worksheet")
    assert third.waiting and third.saved == []  # a worksheet with answers is never replaced without asking


# --- 1. nothing lost: exercises and cases --------------------------------------------------------


EXERCISE_KIT = REPO / "tests" / "fixtures" / "exercises"
LESSON = "90-sample-exercise"


def make_exercises(*argv: str) -> int:
    import argparse

    from claimlab.exercises import add_make_exercises_command

    parser = argparse.ArgumentParser()
    add_make_exercises_command(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["make-exercises", *argv])
    return args.run(args)


@pytest.fixture
def kit(tmp_path) -> Path:
    copy = tmp_path / "kit"
    shutil.copytree(EXERCISE_KIT, copy)
    return copy


def _change_solution(kit: Path) -> None:
    solution_path = kit / "solutions" / f"{LESSON}.ipynb"
    nb = nbformat.read(solution_path, as_version=4)
    nb.cells[0].source += " Changed."
    nb.cells[5].source = nb.cells[5].source.replace("# ACCEPT:", "# ACCEPT: \"an extra accepted answer\" |", 1) \
        if "# ACCEPT:" in nb.cells[5].source else nb.cells[5].source
    nbformat.write(nb, solution_path)


def test_a_refused_regeneration_changes_nothing_not_even_the_answer_key(kit, capsys):
    exercise_path = kit / "exercises" / f"{LESSON}.ipynb"
    key_path = kit / "datasets" / "answer-keys" / f"{LESSON}.json"
    exercise = nbformat.read(exercise_path, as_version=4)
    exercise.cells[5].source = 'answer_1 = "my own answer"'
    nbformat.write(exercise, exercise_path)
    solution_path = kit / "solutions" / f"{LESSON}.ipynb"
    nb = nbformat.read(solution_path, as_version=4)
    nb.cells[0].source += " Changed."
    key = json.loads(key_path.read_text())
    nb.metadata.setdefault("claimlab", {})
    nbformat.write(nb, solution_path)
    key_path.write_text(json.dumps({**key, "stale": True}, indent=1))  # a key that regeneration would rewrite
    before = {p: p.read_bytes() for p in kit.rglob("*") if p.is_file() and p != solution_path}
    assert make_exercises("--root", str(kit)) == 1
    assert "answer key was left as it is" in capsys.readouterr().out
    after = {p: p.read_bytes() for p in kit.rglob("*") if p.is_file() and p != solution_path}
    assert after == before


def test_force_keeps_a_dated_copy_of_an_edited_exercise(kit, capsys):
    exercise_path = kit / "exercises" / f"{LESSON}.ipynb"
    exercise = nbformat.read(exercise_path, as_version=4)
    exercise.cells[5].source = 'answer_1 = "my own answer"'
    nbformat.write(exercise, exercise_path)
    _change_solution(kit)
    assert make_exercises("--root", str(kit), "--force") == 0
    backups = list((kit / "worksheets" / "backups" / "exercises").glob(f"{LESSON}.*.ipynb"))
    assert len(backups) == 1 and "my own answer" in backups[0].read_text()
    assert "my own answer" not in exercise_path.read_text() and "kept as" in capsys.readouterr().out


def test_an_exercise_that_was_only_run_is_backed_up_before_it_is_regenerated(kit):
    exercise_path = kit / "exercises" / f"{LESSON}.ipynb"
    exercise = nbformat.read(exercise_path, as_version=4)
    exercise.cells[6].outputs = [nbformat.v4.new_output("stream", text="q1: Not answered yet.")]
    exercise.cells[6].execution_count = 4
    nbformat.write(exercise, exercise_path)
    _change_solution(kit)
    assert make_exercises("--root", str(kit)) == 0
    backups = list((kit / "worksheets" / "backups" / "exercises").glob("*.ipynb"))
    assert len(backups) == 1 and "Not answered yet" in backups[0].read_text()


def test_new_case_on_a_full_disk_leaves_no_half_made_case(tmp_path, monkeypatch, capsys):
    from claimlab.__main__ import main

    article = tmp_path / "article.txt"
    article.write_text(ARTICLE)
    cases = tmp_path / "cases"
    cases.mkdir()
    monkeypatch.setattr(files.os, "link", disk_full)
    assert main(["new-case", "herb-sleep", "--article", str(article), "--cases-dir", str(cases)]) == 2
    err = capsys.readouterr().err
    assert "could not be made" in err and "nothing was left behind" in err and "Traceback" not in err
    assert list(cases.iterdir()) == []


# --- 2. no tracebacks: case folders --------------------------------------------------------------


def _rewrite_cell(path: Path, column: str, value: str, row: int = 1) -> None:
    import csv
    import io

    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    rows[row][rows[0].index(column)] = value
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")


def _package(folder: Path, change) -> None:
    package = json.loads((folder / "datapackage.json").read_text())
    package = change(package)
    (folder / "datapackage.json").write_text(json.dumps(package, indent=1))


def _studies(package: dict) -> dict:
    return next(r for r in package["resources"] if r["name"] == "studies")


def _without(resource: dict, key: str) -> dict:
    resource.pop(key)
    return resource


def _replace_with_dir(folder: Path) -> None:
    (folder / "studies.csv").unlink()
    (folder / "studies.csv").mkdir()


def _link_loop(folder: Path) -> None:
    (folder / "studies.csv").unlink()
    os.symlink("studies.csv", folder / "studies.csv")


def _delimiter(folder: Path, delimiter: str) -> None:
    text = (folder / "studies.csv").read_text(encoding="utf-8")
    (folder / "studies.csv").write_text(text.replace(",", delimiter), encoding="utf-8")


def _duplicate_column(folder: Path) -> None:
    lines = (folder / "studies.csv").read_text(encoding="utf-8").split("\n")
    header = lines[0].split(",")
    lines[0] = ",".join([*header[:-1], header[1]])  # the last column renamed to an earlier one
    (folder / "studies.csv").write_text("\n".join(lines), encoding="utf-8")


def _stray_quote(folder: Path) -> None:
    lines = (folder / "comparators.csv").read_text(encoding="utf-8").split("\n")
    lines[1] = lines[1].replace(",", ',"', 1)
    (folder / "comparators.csv").write_text("\n".join(lines), encoding="utf-8")


def _utf16(folder: Path) -> None:
    text = (folder / "studies.csv").read_text(encoding="utf-8")
    (folder / "studies.csv").write_bytes(text.encode("utf-16"))


def _outside(folder: Path) -> None:
    (folder.parent / "secret.csv").write_text("SECRET-VALUE,private\n")
    _package(folder, lambda p: (_studies(p).update(path="../secret.csv"), p)[1])


# (what breaks it, the file, the line (None: the whole file), the field, words of the message, words of the fix)
CASE_BREAKS = {
    "table is a folder": (_replace_with_dir, "studies.csv", None, None, "folder, not a file", "put the CSV file"),
    "symbolic link loop": (_link_loop, "studies.csv", None, None, "link loop", "replace the link"),
    "datapackage is a list": (lambda f: (f / "datapackage.json").write_text("[1, 2]"), "datapackage.json", 1, None,
                              "JSON list", "copy the datapackage.json"),
    "resource names no path": (lambda f: _package(f, lambda p: (_without(_studies(p), "path"), p)[1]),
                               "datapackage.json", "any", "path", "names no path", "add \"path\""),
    "unknown schema": (lambda f: _package(f, lambda p: (_studies(p).update(schema="nope.schema.json"), p)[1]),
                       "datapackage.json", None, "schema", "no schema named nope", "studies.schema.json"),
    "path outside the case": (_outside, "datapackage.json", None, "path", "outside the case folder", "inside the case"),
    "path over 255 characters": (lambda f: _package(f, lambda p: (_studies(p).update(path="x" * 300 + ".csv"), p)[1]),
                                 "datapackage.json", None, "path", "too long", "shorter name"),
    "semicolons": (lambda f: _delimiter(f, ";"), "studies.csv", 1, None, "semicolons", "CSV with commas"),
    "tabs": (lambda f: _delimiter(f, "\t"), "studies.csv", 1, None, "tabs", "CSV with commas"),
    "duplicate column": (_duplicate_column, "studies.csv", 1, "citation", "appears twice", "delete or rename"),
    "stray quote": (_stray_quote, "comparators.csv", 2, None, "stray double quote", "double it"),
    "UTF-16": (_utf16, "studies.csv", None, None, "UTF-16", "CSV UTF-8"),
    "20-digit sample size": (lambda f: _rewrite_cell(f / "studies.csv", "sample_size", "1" * 20), "studies.csv", 2,
                             "sample_size", "too large", "check the number"),
    "date in 2099": (lambda f: _rewrite_cell(f / "regulatory-positions.csv", "date", "2099-01-01"),
                     "regulatory-positions.csv", 2, "date", "in the future", "date the source gives"),
    "year 1066": (lambda f: _rewrite_cell(f / "studies.csv", "year", "1066"), "studies.csv", 2, "year",
                  "not a plausible year", "check the year"),
}


def _tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): (p.read_bytes() if p.is_file() and not p.is_symlink() else b"")
            for p in folder.rglob("*") if not (p.is_symlink() or p.is_dir()) or p.is_file()}


@pytest.mark.parametrize("name", CASE_BREAKS)
def test_a_broken_case_gives_file_line_field_and_fix(name, tmp_path, capsys):
    from claimlab.__main__ import main
    from claimlab.cases import load_case
    from claimlab.schema import CaseDataError

    breaks, file, line, field, message, fix = CASE_BREAKS[name]
    folder = tmp_path / "cases" / "broken"
    shutil.copytree(CASE, folder)
    breaks(folder)
    before = sorted(p.name for p in tmp_path.rglob("*"))
    with within(60):
        status = main(["check-case", str(folder)])
    out = capsys.readouterr()
    assert status == 1 and "Traceback" not in out.out + out.err
    with pytest.raises(CaseDataError) as raised:
        load_case(folder)
    problems = [p for p in raised.value.problems if p.file.endswith(file)]
    assert problems, raised.value
    first = problems[0]
    assert message in first.message and fix in first.fix, first
    if line == "any":
        assert first.line is not None
    else:
        assert first.line == line, first
    if field:
        assert field in (first.column or ""), first
    others = [p for p in raised.value.problems if p is not first]
    if name == "stray quote":  # the one row left out is still referred to elsewhere, and only that row
        left_out = (CASE / file).read_text(encoding="utf-8").split("\n")[1].split(",")[0]
        assert all(f"'{left_out}'" in p.message for p in others), others
    else:
        assert len(others) <= 2, "follow-on errors hide the real one"
    assert "SECRET-VALUE" not in str(raised.value) + out.out  # an outside file is neither read nor echoed
    assert sorted(p.name for p in tmp_path.rglob("*")) == before  # nothing written anywhere


def test_an_unreadable_table_says_permission_and_how_to_fix_it(tmp_path, monkeypatch):
    from claimlab.cases import check_case

    folder = tmp_path / "broken"
    shutil.copytree(CASE, folder)
    real = Path.read_bytes

    def refuse(self):
        if self.name == "studies.csv":
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", refuse)  # (chmod 000 does not stop root, who runs the CI)
    problems = check_case(folder)
    assert [p.file.endswith("studies.csv") for p in problems] == [True]
    assert "permission denied" in problems[0].message and "chmod" in problems[0].fix


def test_a_stray_quote_does_not_drop_the_rest_of_the_table(tmp_path):
    from claimlab.schema import check_table, read_schema

    table = tmp_path / "comparators.csv"
    text = (CASE / "comparators.csv").read_text(encoding="utf-8").split("\n")
    rows_before = len([line for line in text[1:] if line.strip()])
    text[1] = text[1].replace(",", ',"', 1)
    table.write_text("\n".join(text), encoding="utf-8")
    rows, problems = check_table(table, read_schema(REPO / "datasets" / "schemas" / "comparators.schema.json"))
    assert [p.line for p in problems] == [2]
    assert len(rows) == rows_before - 1  # only the row with the quote is left out


def test_a_case_name_over_255_characters(capsys):
    from claimlab.__main__ import main

    assert main(["check-case", "x" * 300]) == 1
    out = capsys.readouterr().out
    assert "255" in out and "shorter name" in out and "Traceback" not in out


@pytest.mark.parametrize("trouble", ["utf16", "folder", "loop", "long", "missing"])
def test_new_case_with_a_bad_article_says_what_and_how(trouble, tmp_path, capsys):
    from claimlab.__main__ import main

    article = tmp_path / "article.txt"
    if trouble == "utf16":
        article.write_bytes(ARTICLE.encode("utf-16"))
    elif trouble == "folder":
        article.mkdir()
    elif trouble == "loop":
        os.symlink("article.txt", article)
    elif trouble == "long":
        article = tmp_path / ("a" * 300 + ".txt")
    cases = tmp_path / "cases"
    cases.mkdir()
    status = main(["new-case", "herb", "--article", str(article), "--cases-dir", str(cases)])
    err = capsys.readouterr().err
    assert status == 2 and "Traceback" not in err and list(cases.iterdir()) == []
    expected = {"utf16": ("UTF-16", "UTF-8"), "folder": ("a folder", "path of the article file"),
                "loop": ("link loop", "Replace the link"), "long": ("255", "shorter name"),
                "missing": ("no such file", "Check the name")}[trouble]
    assert all(words in err for words in expected), err


def test_new_case_with_a_name_over_255_characters(tmp_path, capsys):
    from claimlab.__main__ import main

    article = tmp_path / "article.txt"
    article.write_text(ARTICLE)
    status = main(["new-case", "a" * 300, "--article", str(article), "--cases-dir", str(tmp_path)])
    err = capsys.readouterr().err
    assert status == 2 and "255" in err and "Traceback" not in err


def test_scan_output_path_over_255_characters(tmp_path, capsys):
    from claimlab.__main__ import main

    article = tmp_path / "article.txt"
    article.write_text(ARTICLE)
    status = main(["scan", str(article), "--output", str(tmp_path / ("o" * 300 + ".json"))])
    err = capsys.readouterr().err
    assert status == 2 and "255" in err and "Traceback" not in err


# --- 2. no tracebacks: class answer files --------------------------------------------------------


@pytest.mark.parametrize("trouble", ["utf16", "folder-of-folders", "loop", "stray-quote", "semicolons"])
def test_a_broken_class_file_gives_file_line_field_and_fix(trouble, tmp_path):
    from claimlab.assessment import read_class_answers

    good = "learner,q01,q02\nana,a,b\nben,b,a\ncarl,a,a\n"
    path = tmp_path / "class.csv"
    if trouble == "utf16":
        path.write_bytes(good.encode("utf-16"))
    elif trouble == "folder-of-folders":
        path = tmp_path / "answers"
        (path / "inner.csv").mkdir(parents=True)
    elif trouble == "loop":
        os.symlink("class.csv", path)
    elif trouble == "stray-quote":
        path.write_text(good.replace("ben,", '"ben,'))
    elif trouble == "semicolons":
        path.write_text(good.replace(",", ";"))
    frame, problems = read_class_answers(path)
    if trouble == "semicolons":  # read as the spreadsheet meant it
        assert problems == [] and list(frame["learner"]) == ["ana", "ben", "carl"]
        return
    assert problems, trouble
    first = problems[0]
    expected = {"utf16": ("UTF-16", "CSV UTF-8"), "folder-of-folders": ("folder, not a file", "CSV file"),
                "loop": ("link loop", "replace the link"), "stray-quote": ("stray double quote", "double it")}[trouble]
    assert expected[0] in first.message and expected[1] in first.fix, first
    if trouble == "stray-quote":
        assert first.line == 3 and list(frame["learner"]) == ["ana", "carl"]


# --- 2. no tracebacks: notebooks ----------------------------------------------------------------


def test_a_kit_input_error_in_a_notebook_shows_the_message_not_the_stack(capsys):
    from IPython.core.interactiveshell import InteractiveShell

    shell = InteractiveShell.instance()
    shell.run_cell("import claimlab; claimlab.setup(quiet=True)")
    capsys.readouterr()
    shell.run_cell("from claimlab.cases import load_case\nload_case('no-such-case-here')")
    out = capsys.readouterr().out
    assert "there is no case with this name" in out and "Fix:" in out
    assert "Traceback" not in out and "File " not in out
    shell.run_cell("1 / 0")  # not an input error: the stack stays, with its hint
    assert "ZeroDivisionError" in capsys.readouterr().out


# --- 3. linear time ------------------------------------------------------------------------------

ADVERSARIAL = {
    "brackets.md": "[",
    "images.md": "![",
    "bold.md": "**x",
    "underscores.md": "__x",
    "comments.md": "<!--",
    "doctors.txt": "Dr. Smith ",
    "initials.txt": "J. ",
    "tags.html": "<a ",
    "quotes.html": '<a title="',
    "comments.html": "<!--",
}


@pytest.mark.parametrize("name", ADVERSARIAL)
def test_a_100_kb_adversarial_upload_through_lesson_06_returns_quickly(name, tmp_path):
    from claimlab.worksheet import chosen_text

    unit = ADVERSARIAL[name]
    content = (unit * (100_000 // len(unit) + 1))[:100_000].encode("utf-8")
    with within(20):  # generous: the quadratic paths took 8 to 87 s on 100 KB (issue 14); now well under 1 s
        text, message = text_from_upload(name, content)
        appraisal_worksheet(chosen_text(text), restore=False, drafts=tmp_path)
    assert isinstance(message, str)


def test_scan_work_grows_in_proportion_to_the_text():
    """Count the work instead of timing it: the characters the sentence splitter looks back over."""
    from claimlab import sentences

    looked_at = []
    real = sentences._last_words

    def counting(text, start, dot):
        words = real(text, start, dot)
        looked_at.append(sum(len(word) + 1 for word in words))
        return words

    sentences._last_words = counting
    try:
        for size in (10_000, 40_000):
            looked_at.clear()
            sentences.split_sentences(("Dr. Smith " * size)[:size])
            per_char = sum(looked_at) / size
            assert per_char < 30, f"{per_char:.0f} characters looked at per character of text"
    finally:
        sentences._last_words = real


def test_the_upload_limit_applies_before_parsing():
    from claimlab.worksheet import MAX_UPLOAD_BYTES

    text, message = text_from_upload("huge.html", b"<p>" + b"x" * MAX_UPLOAD_BYTES)
    assert text == "" and "larger than" in message


def test_a_long_upload_is_cut_before_the_work_and_says_so():
    from claimlab.worksheet import MAX_CHARS

    text, message = text_from_upload("long.md", ("It may help. " * 20_000).encode())
    assert len(text) <= MAX_CHARS + 1 and "only its first" in message


def test_a_long_report_is_cut_and_says_so(tmp_path, monkeypatch):
    from claimlab import report

    monkeypatch.setattr(report, "MAX_REPORT_CHARS", 2_000)
    article = tmp_path / "long.txt"
    article.write_text("This herb may help. " * 1_000)
    page = report.report_html(article)
    assert "longer than 2,000 characters" in page and page.count("cl-cue") < 400


def test_class_summary_does_not_copy_row_metadata_per_learner():
    from claimlab.assessment import load_items, score_class

    items = load_items()
    answers = pd.DataFrame({"learner": [f"l{i}" for i in range(50)], items["item_id"].iloc[0]: ["a"] * 50})
    answers.attrs["lines"] = list(range(1_000_000))  # as if cut from a very large file
    copies = []
    real = pd.Series.__finalize__

    def counting(self, other, method=None, **kwargs):
        result = real(self, other, method=method, **kwargs)
        if len(result.attrs.get("lines", [])) == 1_000_000:
            copies.append(1)
        return result

    pd.Series.__finalize__ = counting
    try:
        score_class(answers, items)
    finally:
        pd.Series.__finalize__ = real
    assert len(copies) <= len(answers.columns) + 2, "the row metadata is copied once per learner"


# --- 4. spreadsheet formulas and raw HTML ---------------------------------------------------------

HOSTILE_ARTICLE = (
    "=HYPERLINK(\"http://example.invalid\",\"click\") may help you.\n\n"
    "+1 doctors recommend it. -2 side effects, they say, it is natural.\n\n"
    "@SUM(A1) studies show it works.\n\n"
    "<script>alert(1)</script> This natural cure may help. [Buy](javascript:alert(2)) it is safe.\n"
)
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")


def _cells(csv_text: str) -> list[str]:
    import csv
    import io

    return [cell for row in csv.reader(io.StringIO(csv_text)) for cell in row]


def test_no_csv_the_kit_writes_starts_a_cell_with_a_formula(tmp_path):
    from claimlab.assessment import answers_csv_row, load_items
    from claimlab.newcase import DRAFT, new_case
    from claimlab.scan_formats import scan_output

    article = tmp_path / "hostile.txt"
    article.write_text(HOSTILE_ARTICLE)
    outputs = {"scan --format csv": scan_output(article, "csv")}
    outputs["claims-draft.csv"] = (new_case("hostile", article, tmp_path / "cases") / DRAFT).read_text()
    outputs["class answer row"] = answers_csv_row("=cmd|' /C calc'!A0", {}, load_items())
    sheet = appraisal_worksheet(HOSTILE_ARTICLE)
    worksheet_editor(sheet).texts["notes"].value = "@evil note"
    outputs["worksheet draft"] = sheet.attrs["draft"].read_text()
    for where, text in outputs.items():
        cells = _cells(text)
        assert cells, where
        bad = [cell for cell in cells if cell.startswith(FORMULA_START)]
        assert bad == [], f"{where}: {bad[:3]}"
        assert any(cell.startswith("'=") or cell.startswith("'@") or cell.startswith("'+") for cell in cells), where


def test_a_csv_the_kit_wrote_reads_back_as_it_was(monkeypatch):
    from claimlab.escaping import csv_safe, csv_unsafe

    for value in ("=1+1", "+44 20", "-5", "@name", "\tx", "'=quoted", "plain", "'tis", ""):
        assert csv_unsafe(csv_safe(value)) == value
    sheet = appraisal_worksheet(HOSTILE_ARTICLE)
    worksheet_editor(sheet).texts["notes"].value = "=my note"
    restart_kernel(monkeypatch)
    again = appraisal_worksheet(HOSTILE_ARTICLE)
    assert "=my note" in set(again["notes"]) and any(s.startswith("=HYPERLINK") for s in again["sentence"])


def test_markdown_outputs_carry_no_raw_html_or_script_links(tmp_path):
    from claimlab.scan_formats import scan_output

    table = scan_output(HOSTILE_ARTICLE + "\n", "md")
    sheet = appraisal_worksheet(HOSTILE_ARTICLE)
    sheet.loc[0, "notes"] = "<img src=x onerror=alert(3)> [x](javascript:alert(4))"
    saved = save_worksheet(sheet, tmp_path, "hostile", article=HOSTILE_ARTICLE, about="<b>about</b>")
    page = saved.saved[0].read_text()
    for text in (table, page):
        assert "<script" not in text and "<img" not in text and "<b>" not in text
        assert not re.search(r"(?<!\\)\]\(javascript:", text), "a live javascript: link"
    assert "&lt;script&gt;" in page and "&lt;img" in page


# --- 5. answers in the open ------------------------------------------------------------------------


@pytest.fixture
def no_hand_in(monkeypatch):
    from claimlab import sittings

    monkeypatch.setattr(sittings, "HANDED_IN", {})


def test_explanations_and_right_letters_stay_hidden_until_the_after_hand_in(no_hand_in, tmp_path):
    from claimlab.assessment import explain_answers, load_items
    from claimlab.handin import hand_in

    items = load_items()
    answers = {item_id: "a" for item_id in items["item_id"]}
    hidden = explain_answers(answers, items)
    assert set(hidden["result"]) == {"answered"} and not any(
        why in " ".join(hidden["why"]) for why in items["why_a"])
    before = hand_in(answers, "before", "ana", tmp_path, items)
    assert "shown after the after-lessons sitting" in repr(before)
    assert set(explain_answers(answers, items)["result"]) == {"answered"}
    after = hand_in(answers, "after", "ana", tmp_path, items)
    assert "explanations" in repr(after)
    shown = explain_answers(answers, items)
    assert {"right", "not right"} >= set(shown["result"]) and shown["why"].str.len().min() > 0
    saved = sorted(p.name for p in tmp_path.glob("assessment-*.csv"))
    assert len(saved) == 2 and saved[0].startswith("assessment-after") and saved[1].startswith("assessment-before")


def test_handing_in_nothing_saves_nothing(no_hand_in, tmp_path):
    from claimlab.handin import hand_in

    assert "no question is answered" in repr(hand_in({}, "before", "ana", tmp_path))
    assert list(tmp_path.iterdir()) == []


def test_the_learner_table_holds_no_answer_in_plain_text():
    import csv
    import io

    from claimlab.assessment import load_items
    from claimlab.handin import SEALED_FILE, unsealed_items

    from claimlab.handin import sealed_text

    items = load_items()
    shipped = (REPO / "datasets" / "assessment" / SEALED_FILE).read_text(encoding="utf-8")
    for text in (shipped, sealed_text(items)):
        header = next(csv.reader(io.StringIO(text)))
        assert "answer" not in header and not any(column.startswith("why_") for column in header)
        for why in items["why_a"]:
            assert why not in text
        back = unsealed_items(pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False))
        assert list(back["answer"]) == list(items["answer"])


def test_the_sealed_table_is_rebuilt_when_items_change(capsys):
    from claimlab.__main__ import main

    assert main(["build-assessment", "--check"]) == 0, "run `python -m claimlab build-assessment`"


def test_a_learner_copy_without_items_csv_still_runs_the_assessment(tmp_path, monkeypatch):
    from claimlab import assessment
    from claimlab.handin import SEALED_FILE

    folder = tmp_path / "assessment"
    folder.mkdir()
    for name in ("datapackage.json", "lesson-objectives.csv", SEALED_FILE):
        shutil.copy(REPO / "datasets" / "assessment" / name, folder / name)
    full = assessment.load_items()
    monkeypatch.setattr(assessment, "assessment_dir", lambda: folder)
    learner = assessment.load_items()
    assert list(learner["answer"]) == list(full["answer"]) and list(learner["why_b"]) == list(full["why_b"])
    score = assessment.score_answers(dict(zip(full["item_id"], full["answer"])), learner)
    assert score.set_index("key_concept").loc["all", "percent_right"] == 100


def test_the_assessment_widget_hands_in_before_it_scores(no_hand_in, tmp_path, monkeypatch):
    from claimlab.assessment import load_items
    from claimlab.assessment_form import take_assessment

    monkeypatch.chdir(tmp_path)
    items = load_items()
    quiz = take_assessment(items)
    quiz.score_button.click()
    assert "no question is answered" in quiz.result.value and not (tmp_path / "worksheets").exists()
    quiz.choices["q01"].value = items.iloc[0]["answer"]
    quiz.explain_box.value = True
    quiz.score_button.click()
    assert "Handed in (before" in quiz.result.value and "after-lessons sitting" in quiz.result.value
    assert items.iloc[0]["why_" + items.iloc[0]["answer"]][:40] not in quiz.result.value
    quiz.sitting.value = "after"
    quiz.score_button.click()
    assert items.iloc[0]["why_" + items.iloc[0]["answer"]][:40] in quiz.result.value
    assert len(list((tmp_path / "worksheets").glob("assessment-*.csv"))) == 2


def test_report_output_path_over_255_characters(tmp_path, capsys):
    from claimlab.__main__ import main

    article = tmp_path / "article.txt"
    article.write_text(ARTICLE)
    status = main(["report", str(article), "--output", str(tmp_path / ("r" * 300 + ".html"))])
    err = capsys.readouterr().err
    assert status == 2 and "255" in err and "Traceback" not in err


def test_a_learner_copy_holds_no_assessment_answer_in_plain_text(tmp_path, capsys):
    from claimlab.__main__ import main
    from claimlab.assessment import load_items

    items = load_items()
    copy = tmp_path / "for-learners"
    assert main(["build-assessment", "--learner-copy", str(copy)]) == 0
    assert (copy / "datasets" / "assessment" / "items-sealed.csv").exists()
    assert not (copy / "datasets" / "assessment" / "items.csv").exists()
    assert not (copy / "instructors" / "assessment-answer-key.md").exists()
    explanations = [why for why in items["why_a"] if len(why) > 30]
    for path in copy.rglob("*"):
        if path.is_file() and path.suffix in (".csv", ".md", ".html", ".ipynb", ".json", ".py"):
            text = path.read_text(encoding="utf-8", errors="replace")
            assert not any(why in text for why in explanations), path
    assert main(["build-assessment", "--learner-copy", str(copy)]) == 2  # never into an existing folder


def test_a_reader_that_stops_early_gets_no_traceback():
    """`python -m claimlab check-case NAME | head -1`: the report stops quietly when the pipe closes."""
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader has already hung up, as `head` does after its line
    env = dict(os.environ, PYTHONPATH=str(REPO / "src"))
    try:
        done = subprocess.run(
            [sys.executable, "-m", "claimlab", "check-case", CASE.name],
            stdout=write_end,
            stderr=subprocess.PIPE,
            env=env,
            cwd=REPO,
            timeout=120,
        )
    finally:
        os.close(write_end)
    stderr = done.stderr.decode()
    assert "Traceback" not in stderr, stderr
    assert done.returncode == 141
