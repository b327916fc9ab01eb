"""Tests for claimlab.command_line: the scan command and writing a new file without replacing one."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pandas as pd
import pytest

from claimlab.__main__ import main
from claimlab.command_line import add_scan_command, run_scan, write_new_file
from claimlab.errors import ClaimLabInputError
from claimlab.paths import reference_dir
from claimlab.scanner import SCAN_COLUMNS
from article_samples import KRATOM, write


def bad_patterns(folder: Path, rows: list[list[str]]) -> Path:
    path = folder / "cue-patterns.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["family", "pattern", "example", "note"])
        writer.writerows(rows)
    return path


def test_write_new_file_refuses_to_overwrite_unless_forced(tmp_path):
    path = tmp_path / "out.txt"
    write_new_file(path, "one")
    with pytest.raises(ClaimLabInputError, match=r"out\.txt already exists.*--force"):
        write_new_file(path, "two")
    write_new_file(path, "three", force=True)
    assert path.read_text(encoding="utf-8") == "three"
    with pytest.raises(ClaimLabInputError, match="does not exist"):
        write_new_file(tmp_path / "no" / "out.txt", "x")


def test_write_new_file_keeps_a_file_that_appears_after_the_check(tmp_path, monkeypatch):
    # Pins a mutation the probe found uncaught (tests/README.md): the final write replaced whatever was there.
    path = tmp_path / "out.txt"
    path.write_text("someone else's", encoding="utf-8")
    real_exists = Path.exists
    monkeypatch.setattr(Path, "exists", lambda self: False if self == path else real_exists(self))  # not there yet
    with pytest.raises(ClaimLabInputError, match="already exists"):
        write_new_file(path, "mine")
    monkeypatch.undo()
    assert path.read_text(encoding="utf-8") == "someone else's"


def test_write_new_file_turns_an_os_error_into_a_clear_message(tmp_path):
    with pytest.raises(ClaimLabInputError, match="could not be written"):
        write_new_file(tmp_path, "x", force=True)


def test_add_scan_command_and_run_scan(tmp_path, capsys):
    import argparse

    parser = argparse.ArgumentParser()
    add_scan_command(parser.add_subparsers())
    path = write(tmp_path, "a.txt", "It may help.")
    args = parser.parse_args(["scan", str(path), "--format", "csv"])
    assert args.run is run_scan
    assert run_scan(args) == 0
    assert "hedge" in capsys.readouterr().out


def test_scan_command_prints_json_by_default(tmp_path, capsys):
    path = write(tmp_path, "a.txt", KRATOM)
    assert main(["scan", str(path)]) == 0
    assert json.loads(capsys.readouterr().out)["source"] == str(path)


def test_scan_command_writes_a_file_and_will_not_overwrite_it(tmp_path, capsys):
    path = write(tmp_path, "a.txt", KRATOM)
    output = tmp_path / "cues.csv"
    assert main(["scan", str(path), "--format", "csv", "--output", str(output)]) == 0
    assert pd.read_csv(output).columns.tolist() == SCAN_COLUMNS
    assert main(["scan", str(path), "--format", "md", "--output", str(output)]) == 2
    assert "already exists" in capsys.readouterr().err
    assert main(["scan", str(path), "--format", "md", "--output", str(output), "--force"]) == 0
    assert output.read_text(encoding="utf-8").startswith("| sentence |")


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("missing.txt", None, "no such file"),
        ("empty.txt", "", "is empty"),
        ("binary.txt", b"\x00\x01\x02PK\x03\x04", "binary file"),
        ("scripts.html", "<script>x()</script><nav>Home</nav>", "no readable article text"),
    ],
)
def test_scan_command_bad_input_gives_one_line_and_exit_code_2(tmp_path, capsys, name, content, message):
    path = tmp_path / name
    if content is not None:
        write(tmp_path, name, content)
    assert main(["scan", str(path)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.count("\n") == 1 and name in captured.err and message in captured.err
    assert "Traceback" not in captured.err


def test_scan_command_exits_2_for_a_bad_patterns_file(tmp_path, capsys, monkeypatch):
    datasets = tmp_path / "datasets"
    (datasets / "reference").mkdir(parents=True)
    (datasets / "reference" / "cue-families.csv").write_text(
        (reference_dir() / "cue-families.csv").read_text(encoding="utf-8"), encoding="utf-8"
    )
    bad_patterns(datasets / "reference", [["hedge", "may(", "", ""]])
    monkeypatch.setenv("CLAIMLAB_DATASETS", str(datasets))
    path = write(tmp_path, "a.txt", "It may help.")
    assert main(["scan", str(path)]) == 2
    err = capsys.readouterr().err
    assert re.search(r"cue-patterns\.csv, row 2, field 'pattern'", err) and err.count("\n") == 1
