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
import shutil
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import nbformat
import pandas as pd
import pytest

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


def test_two_processes_replacing_one_file_never_interleave(tmp_path):
    target = tmp_path / "shared.md"
    script = textwrap.dedent(f"""
        import sys
        sys.path.insert(0, {str(REPO / 'src')!r})
        from claimlab.files import write_atomic
        letter = sys.argv[1]
        for number in range(150):
            write_atomic({str(target)!r}, (letter * 1000 + "\\n") * 200)
    """)
    writers = [subprocess.Popen([sys.executable, "-c", script, letter]) for letter in "AB"]
    seen = set()
    while any(writer.poll() is None for writer in writers):
        with contextlib.suppress(FileNotFoundError):
            seen.add(target.read_text())
    assert all(writer.wait(timeout=120) == 0 for writer in writers)
    seen.add(target.read_text())
    whole = {("A" * 1000 + "\n") * 200, ("B" * 1000 + "\n") * 200}
    assert seen <= whole, "a reader saw a file mixing both writers, or a part-written file"
    assert [p.name for p in tmp_path.iterdir()] == ["shared.md"]


def test_two_processes_saving_new_worksheets_never_replace_each_other(tmp_path):
    script = textwrap.dedent(f"""
        import sys
        sys.path.insert(0, {str(REPO / 'src')!r})
        from pathlib import Path
        import claimlab.worksheet as w
        w.DRAFTS = Path({str(tmp_path / 'drafts')!r}) / sys.argv[1]
        sheet = w.appraisal_worksheet({ARTICLE!r})
        sheet.loc[0, "notes"] = "by " + sys.argv[1]
        for number in range(10):
            w.save_worksheet(sheet, {str(tmp_path / 'out')!r}, "same", if_exists="new_copy")
    """)
    writers = [subprocess.Popen([sys.executable, "-c", script, who]) for who in ("A", "B")]
    assert all(writer.wait(timeout=300) == 0 for writer in writers)
    saved = sorted((tmp_path / "out").glob("*.md"))
    texts = [path.read_text() for path in saved]
    assert len(saved) == 20, "a save replaced another process's file"
    assert sum("by A" in t for t in texts) == 10 and sum("by B" in t for t in texts) == 10


# --- 1. nothing lost: drafts ---------------------------------------------------------------------


def test_a_draft_survives_a_restart_and_an_extra_space(monkeypatch, capsys):
    sheet = appraisal_worksheet(ARTICLE)
    worksheet_editor(sheet).texts["notes"].value = "answer one"
    restart_kernel(monkeypatch)
    again = appraisal_worksheet(ARTICLE.replace("may help", "may  help") + "\n\n")
    assert "answer one" in set(again["notes"])
    assert "brought back" in capsys.readouterr().out


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
