"""The cache of executed notebooks (tests/notebook_runs.py): a hit only when nothing that shows could differ."""

from __future__ import annotations

import multiprocessing
import os
import zlib
from pathlib import Path

import nbformat
import pytest

import notebook_runs
from claimlab.cache_entries import keep_entry, read_entry
from notebook_runs import cache_folder, run_key, run_notebook

# A fresh kernel shows a new random number each time it runs: the same number twice means the cache answered.
DRAW = "import random\nprint('drawn', random.random())"


def notebook(*sources: str) -> nbformat.NotebookNode:
    cells = [nbformat.v4.new_code_cell(source, id=f"cell-{n}") for n, source in enumerate(sources)]  # ids: fixed
    return nbformat.v4.new_notebook(cells=cells,
                                    metadata={"kernelspec": {"name": "python3", "display_name": "Python 3",
                                                             "language": "python"}})


def shown(nb: nbformat.NotebookNode) -> str:
    return "".join(output.get("text", "") for cell in nb.cells for output in cell.get("outputs", []))


@pytest.fixture
def kit(tmp_path, monkeypatch):
    """A small kit whose files make up the key (src/, datasets/, lessons.yml), and a cache of its own."""
    root = tmp_path / "kit"
    (root / "src" / "claimlab").mkdir(parents=True)
    (root / "src" / "claimlab" / "words.py").write_text("HELLO = 'hello'\n")
    (root / "datasets" / "cases" / "one").mkdir(parents=True)
    (root / "datasets" / "cases" / "one" / "claims.csv").write_text("claim_id,claim\nc01,It works.\n")
    (root / "lessons.yml").write_text("lessons: []\n")
    monkeypatch.setattr(notebook_runs, "REPO", root)
    monkeypatch.setenv(notebook_runs.CACHE_ENV, str(tmp_path / "cache"))
    for name in [name for name in os.environ if name.startswith("CLAIMLAB_") and name != notebook_runs.CACHE_ENV]:
        monkeypatch.delenv(name)
    work = tmp_path / "work"
    work.mkdir()
    return root, work


def entries(kit) -> list:
    return sorted(cache_folder().glob(f"*{notebook_runs.SUFFIX}"))


def test_a_second_identical_run_comes_from_the_cache(kit):
    _, work = kit
    first = shown(run_notebook(notebook(DRAW), work))
    assert first.startswith("drawn ")
    assert shown(run_notebook(notebook(DRAW), work)) == first
    assert len(entries(kit)) == 1


def test_the_same_contents_in_another_folder_find_the_entry(kit, tmp_path):
    _, work = kit
    (work / "notes.txt").write_text("same\n")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "notes.txt").write_text("same\n")
    assert run_key(notebook(DRAW), work).digest == run_key(notebook(DRAW), elsewhere).digest


def change_src(root, work, monkeypatch):
    (root / "src" / "claimlab" / "words.py").write_text("HELLO = 'goodbye'\n")


def change_data(root, work, monkeypatch):
    (root / "datasets" / "cases" / "one" / "claims.csv").write_text("claim_id,claim\nc01,It cures.\n")


def add_data(root, work, monkeypatch):
    (root / "datasets" / "cases" / "one" / "studies.csv").write_text("study_id\n")


def change_manifest(root, work, monkeypatch):
    (root / "lessons.yml").write_text("lessons: [01]\n")


def change_working_folder(root, work, monkeypatch):
    (work / "worksheet.json").write_text("{}\n")


def change_a_variable(root, work, monkeypatch):
    monkeypatch.setenv("CLAIMLAB_SOMETHING", "yes")


def change_the_data_a_variable_names(root, work, monkeypatch):
    copy = work.parent / "copy"
    copy.mkdir(exist_ok=True)
    (copy / "claims.csv").write_text("a\n")
    monkeypatch.setenv("CLAIMLAB_DATASETS", str(copy))
    before = run_key(notebook(DRAW), work).digest
    (copy / "claims.csv").write_text("b\n")
    assert run_key(notebook(DRAW), work).digest != before


@pytest.mark.parametrize("change", [change_src, change_data, add_data, change_manifest, change_working_folder,
                                    change_a_variable, change_the_data_a_variable_names], ids=lambda f: f.__name__)
def test_each_input_changes_the_key(kit, monkeypatch, change):
    root, work = kit
    before = run_key(notebook(DRAW), work).digest
    change(root, work, monkeypatch)
    assert run_key(notebook(DRAW), work).digest != before


def test_the_notebook_and_the_options_change_the_key_and_the_timeout_does_not(kit):
    _, work = kit
    plain = run_key(notebook(DRAW), work).digest
    assert run_key(notebook(DRAW + "\n"), work).digest != plain
    assert run_key(notebook(DRAW), work, allow_errors=True).digest != plain
    assert run_key(notebook(DRAW), work, store_widget_state=False).digest != plain
    assert run_key(notebook(DRAW), work, kernel_name="other").digest != plain
    assert run_key(notebook(DRAW), work).digest == plain  # nothing else (no timeout) is in it


def test_a_changed_src_file_runs_the_notebook_again(kit):
    root, work = kit
    first = shown(run_notebook(notebook(DRAW), work))
    change_src(root, work, None)
    assert shown(run_notebook(notebook(DRAW), work)) != first


def test_outputs_that_show_the_folder_are_not_reused_in_another_folder(kit, tmp_path):
    _, work = kit
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    where = "import os\nprint(os.getcwd())"
    assert str(work) in shown(run_notebook(notebook(where), work))
    assert shown(run_notebook(notebook(where), elsewhere)).strip() == str(elsewhere)
    assert shown(run_notebook(notebook(where), work)).strip() == str(work)  # its own entry still answers


def test_files_the_run_wrote_are_written_again_on_a_hit(kit, tmp_path):
    _, work = kit
    writes = "from pathlib import Path\nPath('saved').mkdir()\nPath('saved/answer.txt').write_text('42')"
    first = shown(run_notebook(notebook(writes, DRAW), work))
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    assert shown(run_notebook(notebook(writes, DRAW), elsewhere)) == first  # an empty folder, as work was: a hit
    assert (elsewhere / "saved" / "answer.txt").read_text() == "42"


def test_a_corrupt_entry_is_ignored_and_rewritten(kit):
    _, work = kit
    first = shown(run_notebook(notebook(DRAW), work))
    [entry] = entries(kit)
    header, _, payload = entry.read_bytes().partition(b"\n")
    tampered = zlib.compress(zlib.decompress(payload).replace(b"drawn", b"faked"))  # still a readable entry
    entry.write_bytes(header + b"\n" + tampered)  # but no longer the one its checksum names
    second = shown(run_notebook(notebook(DRAW), work))
    assert "faked" not in second and second != first  # run again, not read from the broken entry
    entry.write_bytes(entry.read_bytes()[:-100])  # cut short
    assert read_entry(entry, notebook_runs.FORMAT) is None
    second = shown(run_notebook(notebook(DRAW), work))
    assert read_entry(entry, notebook_runs.FORMAT) is not None  # and rewritten whole
    assert shown(run_notebook(notebook(DRAW), work)) == second


def test_off_runs_every_time_and_keeps_nothing(kit, monkeypatch, tmp_path):
    _, work = kit
    monkeypatch.setenv(notebook_runs.CACHE_ENV, "off")
    assert cache_folder() is None
    assert shown(run_notebook(notebook(DRAW), work)) != shown(run_notebook(notebook(DRAW), work))
    assert not (tmp_path / "cache").exists()


def write_many(path: str, fill: bytes) -> None:
    for _ in range(40):
        keep_entry(Path(path), notebook_runs.FORMAT, fill * 200_000)


def test_two_writers_of_one_entry_leave_one_whole_entry(tmp_path):
    path = tmp_path / f"same{notebook_runs.SUFFIX}"
    context = multiprocessing.get_context("spawn")
    writers = [context.Process(target=write_many, args=(str(path), fill)) for fill in (b"a", b"b")]
    for writer in writers:
        writer.start()
    for _ in range(200):  # read while they write: never half of one, never a mixture
        payload = read_entry(path, notebook_runs.FORMAT)
        assert payload in (None, b"a" * 200_000, b"b" * 200_000)
    for writer in writers:
        writer.join(60)
        assert writer.exitcode == 0
    assert read_entry(path, notebook_runs.FORMAT) in (b"a" * 200_000, b"b" * 200_000)
    assert [p.name for p in tmp_path.iterdir()] == [path.name]  # no temporary file left behind


def test_the_folder_keeps_the_most_recently_used_entries_within_its_size(tmp_path):
    for number in range(4):
        keep_entry(tmp_path / f"{number}.run", "form", b"x" * 1000)
        os.utime(tmp_path / f"{number}.run", (1_000_000 + number, 1_000_000 + number))
    read_entry(tmp_path / "0.run", "form")  # using entry 0 makes it the newest
    keep_entry(tmp_path / "4.run", "form", b"x" * 1000, max_bytes=3 * 1100)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["0.run", "3.run", "4.run"]


def test_a_steady_folder_has_the_same_path_each_time_and_starts_empty():
    first = notebook_runs.steady_folder("steady-folder-test")
    (first / "left-over.txt").write_text("x")
    again = notebook_runs.steady_folder("steady-folder-test")
    assert again == first and list(again.iterdir()) == []
    again.rmdir()
