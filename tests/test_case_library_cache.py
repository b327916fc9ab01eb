"""The case library's kept rows: reused while nothing changed, computed again when anything did."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from claimlab import case_library_cache
from claimlab.case_library import COLUMNS, case_folders, case_library, library_row
from claimlab.case_library_cache import SUFFIX, kept_rows

ROW = dict(zip(COLUMNS, ["a-case", "genre", "teaches", "1.1, 2.3", "01, 02", 3]))


def make_case(tmp_path: Path) -> Path:
    folder = tmp_path / "cases" / "a-case"
    (folder / "provenance").mkdir(parents=True)
    (folder / "article.md").write_text("An article.\n", encoding="utf-8")
    (folder / "provenance" / "notes.md").write_text("Notes.\n", encoding="utf-8")
    return folder


def counting(calls: list) -> callable:
    def compute(folder: Path) -> dict:
        calls.append(folder)
        return dict(ROW, case=folder.name)
    return compute


def test_a_kept_row_is_reused_until_a_file_of_the_case_changes(tmp_path):
    folder, store, calls = make_case(tmp_path), tmp_path / "store", []
    first = kept_rows([folder], counting(calls), COLUMNS, store)
    assert kept_rows([folder], counting(calls), COLUMNS, store) == first == [ROW] and len(calls) == 1
    (folder / "provenance" / "notes.md").write_text("Notes, checked again.\n", encoding="utf-8")
    kept_rows([folder], counting(calls), COLUMNS, store)
    assert len(calls) == 2


def test_a_changed_kit_file_means_the_row_is_computed_again(tmp_path, monkeypatch):
    folder, store, calls = make_case(tmp_path), tmp_path / "store", []
    code = tmp_path / "module.py"
    code.write_text("A = 1\n", encoding="utf-8")
    monkeypatch.setattr(case_library_cache, "kit_files", lambda: [code])
    kept_rows([folder], counting(calls), COLUMNS, store)
    code.write_text("A = 2\n", encoding="utf-8")
    kept_rows([folder], counting(calls), COLUMNS, store)
    assert len(calls) == 2


def test_an_edited_or_cut_entry_is_computed_again_never_shown(tmp_path):
    folder, store, calls = make_case(tmp_path), tmp_path / "store", []
    kept_rows([folder], counting(calls), COLUMNS, store)
    (entry,) = store.glob(f"*{SUFFIX}")
    entry.write_text(entry.read_text(encoding="utf-8").replace("1.1, 2.3", "9.9"), encoding="utf-8")
    assert kept_rows([folder], counting(calls), COLUMNS, store) == [ROW] and len(calls) == 2
    entry.write_text(entry.read_text(encoding="utf-8")[:30], encoding="utf-8")
    assert kept_rows([folder], counting(calls), COLUMNS, store) == [ROW] and len(calls) == 3


def test_with_the_cache_off_every_row_is_computed(tmp_path, monkeypatch):
    monkeypatch.setenv("CLAIMLAB_CHART_CACHE", "off")
    folder, calls = make_case(tmp_path), []
    kept_rows([folder], counting(calls), COLUMNS)
    kept_rows([folder], counting(calls), COLUMNS)
    assert len(calls) == 2


def test_the_library_from_kept_rows_is_the_library_computed_afresh(tmp_path, monkeypatch):
    monkeypatch.setenv("CLAIMLAB_CHART_CACHE", str(tmp_path / "charts"))
    first, kept = case_library(), case_library()
    fresh = pd.DataFrame([library_row(folder) for folder in case_folders()], columns=COLUMNS)
    pd.testing.assert_frame_equal(first, fresh)
    pd.testing.assert_frame_equal(kept, fresh)
    assert len(list((tmp_path / "charts" / "case-library").glob(f"*{SUFFIX}"))) == len(case_folders())
