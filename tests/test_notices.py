"""Tests for claimlab.notices: what a lesson shows when a case has nothing recorded yet."""

from __future__ import annotations

import pandas as pd

from claimlab.notices import NO_CLAIMS, Notice, nothing_recorded, table_with_notice


def test_nothing_recorded_names_what_is_missing_and_the_files_to_fill_in():
    assert nothing_recorded("studies.csv") == (
        "No studies recorded yet for this case: add rows to studies.csv (see the case README).")
    both = nothing_recorded("studies.csv", "comparators.csv")
    assert both.startswith("No studies or established treatments recorded yet")
    assert "add rows to studies.csv and comparators.csv" in both
    assert "claims-draft.csv" in NO_CLAIMS and "claims-draft.csv" not in both


def test_a_notice_passes_through_indexing_and_unpacks_to_nothing():
    notice = Notice("nothing yet")
    assert notice["design"] is notice and notice[0] is notice
    assert dict(**notice) == {} and len(notice) == 0 and "design" not in notice
    assert str(notice) == repr(notice) == "nothing yet" and notice._repr_markdown_() == "*nothing yet*"


def test_a_table_with_a_notice_shows_it_while_empty_or_always():
    empty = table_with_notice(pd.DataFrame(columns=["a"]), "add rows")
    assert repr(empty) == "add rows" and empty._repr_html_() == "<p><em>add rows</em></p>"
    full = table_with_notice(pd.DataFrame({"a": [1]}), "add rows")
    assert "add rows" not in repr(full)
    always = table_with_notice(pd.DataFrame({"a": [0]}), "zeros so far", always=True)
    assert repr(always).startswith("zeros so far\n\n") and always[["a"]].notice == "zeros so far"
