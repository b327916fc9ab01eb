"""The regulation helpers say only what the positions table says, and cope with an empty table."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from claimlab.cases import list_cases, load_case
from claimlab.quizzes import grade_multiple_choice
from claimlab.regulation import (STATEMENT_CHECKLIST, _field_question, meanings,
                                 changes_over_time, count_by, evidence_themes, example_position, meaning,
                                 positions_by_date, proposals_and_outcomes, read_statement, scope_quiz,
                                 show_full, position_source_links, status_quiz, theme_counts, unmapped_jurisdictions)

COLUMNS = ["position_id", "date", "date_precision", "jurisdiction", "jurisdiction_code", "body", "instrument",
           "action", "scope", "status", "summary", "evidence_cited", "source_url", "unverified_fields"]


def position(pid: str, date: str, jurisdiction: str = "Testland", code: str = "TST", **values: str) -> dict:
    row = {c: "" for c in COLUMNS}
    row.update(position_id=pid, date=date, date_precision="day", jurisdiction=jurisdiction,
               jurisdiction_code=code, body="Test Agency", action="warn", scope="plant",
               status="advisory", summary="A summary.", source_url="https://example.org/a")
    row.update(values)
    return row


@pytest.fixture
def positions() -> pd.DataFrame:
    return pd.DataFrame([
        position("t-2020-proposal", "2020-05-01", action="propose_schedule", status="withdrawn",
                 evidence_cited="Reports of dependence and deaths."),
        position("t-2021-withdrawal", "2021-01-01", action="withdraw_proposal", status="historical",
                 evidence_cited="Public comments against the pharmacology proposal."),
        position("t-2019-law", "2019-03-01", action="regulate_sale", status="in_force", scope="kratom_products",
                 instrument="An act", unverified_fields="instrument"),
        position("o-2022-review", "2022-10-01", jurisdiction="Int body", code="INT", action="review_no_action",
                 source_url="https://example.org/b ; https://example.org/c ; https://example.org/b"),
    ])


EMPTY = pd.DataFrame(columns=COLUMNS)


def test_every_vocabulary_value_of_the_schema_has_a_meaning():
    schema = json.loads(open(load_case().folder.parents[1] / "schemas" / "regulatory-positions.schema.json").read())
    fields = {f["name"]: f for f in schema["fields"]}
    for name in ("action", "status", "scope"):
        table = meanings(name)
        allowed = fields[name].get("constraints", {}).get("enum", [])
        assert allowed, name
        assert set(allowed) <= set(table), f"{name}: no meaning for {set(allowed) - set(table)}"


def test_meaning_of_empty_status_says_it_is_not_recorded():
    assert "no status" in meaning("status", "")
    assert meaning("scope", "plant") == meanings("scope")["plant"]
    kratom = load_case("kratom-opioid-withdrawal")
    assert "alkaloid" in meaning("scope", "mitragynine", kratom.positions)
    assert meaning("scope", "mitragynine") == "mitragynine"  # a case's own scope needs its vocabulary
    with pytest.raises(ValueError):
        meaning("body", "x")


def test_positions_by_date_sorts_by_date(positions):
    assert list(positions_by_date(positions)["position_id"]) == [
        "t-2019-law", "t-2020-proposal", "t-2021-withdrawal", "o-2022-review"]


def test_count_by_counts_and_explains(positions):
    counts = count_by(positions, "status").set_index("status")
    assert counts.loc["withdrawn", "positions"] == 1
    assert counts.loc["withdrawn", "meaning"] == meanings("status")["withdrawn"]


def test_proposals_and_outcomes_keeps_only_proposals_withdrawals_and_replacements(positions):
    assert list(proposals_and_outcomes(positions)["position_id"]) == ["t-2020-proposal", "t-2021-withdrawal"]
    assert list(proposals_and_outcomes(positions, ["position_id", "summary"]).columns) == ["position_id", "summary"]


def test_changes_over_time_lists_jurisdictions_with_several_positions(positions):
    changes = changes_over_time(positions)
    assert list(changes["jurisdiction"]) == ["Testland"]
    assert changes.loc[0, "sequence"].startswith("2019 regulate sale (in force) → 2020 propose schedule (withdrawn)")


def test_evidence_themes_match_whole_word_starts_only(positions):
    themes = evidence_themes(positions).set_index("position_id")
    assert "abuse or dependence" in themes.loc["t-2020-proposal", "themes"]
    assert "deaths or poisonings" in themes.loc["t-2020-proposal", "themes"]
    # 'harm' inside 'pharmacology' is not a match
    assert "harm" not in themes.loc["t-2021-withdrawal", "themes"]
    assert themes.loc["t-2019-law", "themes"] == "(no evidence recorded)"
    counts = theme_counts(positions).set_index("theme")
    assert counts.loc["(no evidence recorded)", "positions"] == 2


def test_example_position_picks_the_latest_match_or_none(positions):
    assert example_position(positions)["position_id"] == "o-2022-review"
    assert example_position(positions, status="withdrawn")["position_id"] == "t-2020-proposal"
    assert example_position(positions, has="evidence_cited")["position_id"] == "t-2021-withdrawal"
    assert example_position(positions, status="superseded") is None
    assert example_position(EMPTY) is None


def test_read_statement_answers_every_checklist_question_and_flags_unconfirmed(positions):
    table = read_statement(example_position(positions, status="in_force"))
    assert list(table["question"]) == [q for q, _, _ in STATEMENT_CHECKLIST]
    said = dict(zip(table["question"], table["what the data says"]))
    assert said["What instrument?"] == "An act [could not be confirmed in a source]"
    assert said["Is it in force?"].startswith("in_force: ")
    assert said["What evidence does it cite?"].startswith("(not recorded")
    assert len(read_statement(None)) == 1


def test_quizzes_from_the_data_have_a_right_answer_that_matches_the_row(positions):
    row = example_position(positions, status="withdrawn")
    question, options, answer = _field_question("status", row)
    assert "t-2020-proposal" in question and answer == meanings("status")["withdrawn"]
    assert grade_multiple_choice(answer, options, answer).correct
    wrong = next(o for o in options if o != answer)
    feedback = grade_multiple_choice(wrong, options, answer)
    assert not feedback.correct and "withdrawn" in feedback.message
    question, options, answer = _field_question("scope", None)
    assert question.startswith("Suppose") and answer in options
    assert len(options) == min(4, len(set(meanings("scope").values())))
    assert status_quiz(None) is not None and scope_quiz(row) is not None


def test_unmapped_jurisdictions_leaves_out_states_and_mapped_countries(positions):
    legal = pd.DataFrame({"jurisdiction_code": ["TST"], "country": ["Testland"], "status": ["mixed"],
                          "as_of": [""], "position_id": ["t-2019-law"]})
    assert list(unmapped_jurisdictions(positions, legal)["jurisdiction_code"]) == ["INT"]


def test_source_links_and_show_full(positions):
    links = position_source_links(example_position(positions, action="review_no_action")).data
    assert links.count("https://example.org/b") == 1 and "https://example.org/c" in links
    html = show_full(pd.DataFrame({"text": ["x" * 500]})).data
    assert "x" * 500 in html


def test_every_helper_copes_with_an_empty_table():
    for table in (positions_by_date(EMPTY), count_by(EMPTY, "action"), proposals_and_outcomes(EMPTY),
                  changes_over_time(EMPTY), evidence_themes(EMPTY), theme_counts(EMPTY),
                  unmapped_jurisdictions(EMPTY, EMPTY)):
        assert table.empty


@pytest.mark.parametrize("name", list_cases())
def test_every_case_gives_a_worked_example(name):
    case = load_case(name)
    if case.positions.empty:
        pytest.skip("no positions")
    example = example_position(case.positions, has=["evidence_cited", "status"])
    assert example is not None
    assert len(read_statement(example)) == len(STATEMENT_CHECKLIST)


def test_as_of_comes_from_checked_on_and_says_nothing_without_it():
    from claimlab.regulation import checked_on, positions_summary

    rows = pd.DataFrame({"jurisdiction": ["Land", "Land"], "body": ["Agency", "Agency"]})
    assert checked_on(rows) == "" and positions_summary(rows) == "2 positions from 1 jurisdiction and 1 body."
    same = rows.assign(checked_on=["2026-12-01", "2026-12-01"])
    assert checked_on(same) == "as of 2026-12-01"
    assert positions_summary(same.iloc[:1]) == "1 position from 1 jurisdiction and 1 body, as of 2026-12-01."
    spread = rows.assign(checked_on=[pd.Timestamp("2026-11-20"), pd.NaT])
    assert checked_on(spread) == "as of 2026-11-20"
    assert checked_on(rows.assign(checked_on=["2026-12-01", "2026-11-20"])) == "as of 2026-11-20 to 2026-12-01"
    assert checked_on(rows.assign(checked_on=["", None])) == "" and checked_on(rows.iloc[0:0]) == ""
