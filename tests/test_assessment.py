"""The pre/post assessment: items, objectives, scoring, class files (good and malformed), chart, printables."""

from __future__ import annotations

import csv
import re

import pandas as pd
import pytest

from claimlab import assessment
from claimlab.assessment import (
    answer_key_markdown,
    answers_csv_row,
    check_assessment,
    class_summary,
    describe_pre_post,
    describe_score,
    explain_answers,
    grade_item,
    load_items,
    load_objectives,
    notebook_objectives,
    pre_post_chart,
    printable_markdown,
    read_class_answers,
    score_answers,
    score_class,
)
from claimlab.assessment_form import take_assessment
from claimlab.cases import load_reference
from conftest import REPO

FIXTURES = REPO / "tests" / "fixtures" / "assessment"


@pytest.fixture(scope="module")
def items() -> pd.DataFrame:
    return load_items()


@pytest.fixture(scope="module")
def objectives() -> pd.DataFrame:
    return load_objectives()


@pytest.fixture(scope="module")
def concept_ids() -> set[str]:
    return set(load_reference("key-concepts")["concept_id"])


# --- the items and the objectives ---------------------------------------------------------------


def test_items_and_objectives_have_no_problems():
    assert [str(p) for p in check_assessment()] == []


def test_at_least_twenty_items_covering_every_concept(items, concept_ids):
    assert len(items) >= 20
    assert items["item_id"].is_unique
    assert set(items["key_concept"]) == concept_ids, "every Key Concept subgroup should have at least one item"


def test_every_item_has_three_or_four_options_each_explained(items):
    for _, item in items.iterrows():
        options = assessment.item_options(item)
        assert len(options) in (3, 4), item["item_id"]
        assert item["answer"] in options, item["item_id"]
        for letter, (text, why) in options.items():
            assert text.strip() and len(why.split()) >= 5, f"{item['item_id']} option {letter} needs an explanation"
        right_why = options[item["answer"]][1]
        assert right_why.startswith("Yes"), f"{item['item_id']}: the right option's explanation should say why it is right"
        for letter, (_, why) in options.items():
            if letter != item["answer"]:
                assert not why.startswith("Yes"), f"{item['item_id']} option {letter} is wrong but explained as right"


def test_every_item_is_tied_to_a_key_concept_in_the_reference_table(items, concept_ids):
    missing = items.loc[~items["key_concept"].isin(concept_ids), ["item_id", "key_concept"]]
    assert missing.empty, missing


def test_every_objective_is_tied_to_key_concepts_in_the_reference_table(objectives, concept_ids):
    for row in objectives.itertuples():
        ids = row.key_concept.split(";")
        assert ids and set(ids) <= concept_ids, f"lesson {row.lesson} objective {row.objective_number}: {row.key_concept}"


def test_every_item_is_tied_to_an_objective_that_teaches_its_concept(items, objectives):
    taught = {(r.lesson, r.objective_number): r.key_concept.split(";") for r in objectives.itertuples()}
    for row in items.itertuples():
        key = (row.lesson, row.objective_number)
        assert key in taught, f"{row.item_id}: no objective {key}"
        assert row.key_concept in taught[key], f"{row.item_id}: objective {key} does not teach {row.key_concept}"


def test_answer_keys_are_spread_over_the_letters(items):
    counts = items["answer"].value_counts()
    assert counts.max() <= len(items) / 2, counts.to_dict()


def test_items_are_new_scenarios_not_the_kratom_case(items):
    text = " ".join(items[["scenario", "question"]].astype(str).agg(" ".join, axis=1)).lower()
    assert "kratom" not in text


def lesson_notebooks():
    return sorted(p for p in (REPO / "notebooks").glob("*.ipynb") if p.name[:2] != "00")


@pytest.mark.parametrize("path", lesson_notebooks(), ids=lambda p: p.name)
def test_objectives_table_matches_each_lesson_notebook(path, objectives):
    """Every objective in a lesson's first cell has a row, with the same text (fails when they drift)."""
    lesson = path.name[:2]
    in_notebook = notebook_objectives(path)
    in_table = [(r.objective_number, r.objective) for r in objectives.itertuples() if r.lesson == lesson]
    assert in_notebook, f"{path.name} lists no objectives"
    assert in_table == in_notebook, (f"update datasets/assessment/lesson-objectives.csv for lesson {lesson} "
                                     "(text as in the notebook, and the Key Concepts each objective teaches)")


def test_objectives_belong_to_lessons_in_lessons_yml(objectives):
    from claimlab.lessons import lesson_map

    assert set(objectives["lesson"]) <= set(lesson_map()["number"])


# --- one learner ---------------------------------------------------------------------------------


def test_score_by_concept_counts_right_answers(items):
    answers = dict(zip(items["item_id"], items["answer"]))
    first = items.iloc[0]
    wrong = next(l for l in "abcd" if l != first["answer"] and first[f"option_{l}"])
    answers[first["item_id"]] = wrong.upper() + " "  # case and spaces do not matter
    score = score_answers(answers, items)
    total = score.set_index("key_concept").loc["all"]
    assert (total["items"], total["answered"], total["right"]) == (len(items), len(items), len(items) - 1)
    row = score.set_index("key_concept").loc[first["key_concept"]]
    assert row["right"] == row["items"] - 1
    assert row["percent_right"] == round(100 * (row["items"] - 1) / row["items"], 1)


def test_unanswered_and_odd_answers_are_reported_not_fatal(items):
    score = score_answers({"q01": ..., "Q2": "z", "q99": "a", "q03": None}, items)
    assert score.set_index("key_concept").loc["all", "answered"] == 0
    text = describe_score(score)
    assert "q02: 'z' is not one of its options" in text and "'q99' is not a question id" in text
    assert "No answers yet" in describe_score(score_answers(None, items))
    assert "should be a dict" in describe_score(score_answers(["a", "b"], items))


def test_grading_explains_the_choice_and_the_right_answer(items):
    item = items.iloc[0]
    right = grade_item(item, item["answer"])
    assert right.correct and assessment.item_options(item)[item["answer"]][1] in right.message
    wrong = next(l for l in "abcd" if l != item["answer"])
    feedback = grade_item(item, wrong)
    assert not feedback.correct and f"The best answer is {item['answer']})" in feedback.message
    assert "not answered yet" in grade_item(item, "").message


def test_explanations_give_nothing_away_for_unanswered_questions(items):
    table = explain_answers({"q01": items.iloc[0]["answer"]}, items, reveal=True)
    assert table.loc[0, "result"] == "right"
    rest = table.iloc[1:]
    assert set(rest["result"]) == {"not answered yet"} and set(rest["why"]) == {""}


def test_a_learner_row_round_trips_through_the_class_reader(items, tmp_path):
    answers = {"q01": "a", "q02": "b", "q05": ""}
    path = tmp_path / "one.csv"
    path.write_text(answers_csv_row("Ana", answers, items), encoding="utf-8")
    frame, problems = read_class_answers(path, items)
    assert problems == []
    assert frame.loc[0, "learner"] == "Ana" and frame.loc[0, "q01"] == "a" and pd.isna(frame.loc[0, "q05"])


def test_the_widget_collects_answers_and_scores_them(items):
    quiz = take_assessment(items)
    assert set(quiz.answers()) == set(items["item_id"]) and all(v is None for v in quiz.answers().values())
    quiz.choices["q01"].value = items.iloc[0]["answer"]
    quiz.explain_box.value = True
    score = quiz.show_score()
    assert score.set_index("key_concept").loc["all", "right"] == 1
    assert "right" in quiz.result.value and 'aria-live="polite"' in quiz.result.value


# --- a class: real-looking files -----------------------------------------------------------------


def test_real_looking_class_files_load_without_problems(items):
    pre, problems = read_class_answers(FIXTURES / "pre-good.csv", items)
    assert problems == []
    assert len(pre) == 8 and list(pre.columns) == ["learner", *items["item_id"]]


def test_class_scores_match_a_hand_count(items):
    pre, _ = read_class_answers(FIXTURES / "pre-good.csv", items)
    with open(FIXTURES / "pre-good.csv", newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    key = dict(zip(items["item_id"], items["answer"]))
    concept_items = items[items["key_concept"] == "2.1"]["item_id"]
    by_hand = [sum(row[i] == key[i] for i in concept_items) for row in rows]
    scored = score_class(pre, items)
    ours = scored[scored["key_concept"] == "2.1"]["right"].tolist()
    assert ours == by_hand


def test_class_summary_compares_pre_and_post_with_learner_counts(items):
    pre, _ = read_class_answers(FIXTURES / "pre-good.csv", items)
    post, _ = read_class_answers(FIXTURES / "post-good.csv", items)
    summary = class_summary(pre, post, items)
    assert list(summary["key_concept"]) == sorted(set(items["key_concept"]))
    assert set(summary["n_pre"]) == {8} and set(summary["n_post"]) == {8}
    assert summary.attrs == {"n_pre": 8, "n_post": 8, "n_both": 7}
    per_learner = score_class(pre, items)
    expected = per_learner[per_learner["key_concept"] == "1.1"]["percent_right"].mean()
    assert summary.set_index("key_concept").loc["1.1", "pre_percent"] == round(expected, 1)
    row = summary.iloc[0]
    assert row["change"] == round(row["post_percent"] - row["pre_percent"], 1)


def test_summary_handles_files_that_asked_different_questions(items):
    pre, _ = read_class_answers(FIXTURES / "semicolons.csv", items)
    post, _ = read_class_answers(FIXTURES / "pre-good.csv", items)
    summary = class_summary(pre, post, items).set_index("key_concept")
    assert summary.loc["1.1", "items_pre"] == 3 and summary.loc["2.4", "items_pre"] == 0
    assert pd.isna(summary.loc["2.4", "pre_percent"])
    assert "2.4 Room for chance: only asked after." in describe_pre_post(class_summary(pre, post, items))


def test_the_example_class_shipped_with_the_kit_reports_its_two_mistakes(items):
    folder = REPO / "datasets" / "assessment" / "example-class"
    pre, pre_problems = read_class_answers(folder / "example-pre.csv", items)
    post, post_problems = read_class_answers(folder / "example-post.csv", items)
    assert pre_problems == [] and len(pre) == 24
    messages = [p.message for p in post_problems]
    assert any("is not an option of q03" in m for m in messages)
    assert any("already answered" in m for m in messages)
    assert len(post) == 24


# --- a class: malformed files ---------------------------------------------------------------------


def problems_for(name, items):
    return read_class_answers(FIXTURES / name, items)


def test_bad_rows_are_reported_with_line_and_reason_and_good_rows_kept(items):
    frame, problems = problems_for("bad-rows.csv", items)
    assert list(frame["learner"]) == ["ana", "chen", "eli"]
    found = {(p.line, p.column): p.message for p in problems}
    assert "not a question id" in found[(1, "Timestamp")] and "not a question id" in found[(1, "q99")]
    assert "5 cells but the header has 8" in found[(3, None)]
    assert "learner is missing" in found[(4, "Learner")]
    assert "already answered on line 2" in found[(5, "learner")]
    assert "'e' is not an option of q01" in found[(6, "Q1")]
    assert "'d' is not an option of q03" in found[(6, "q03")]
    assert "answered no question" in found[(7, None)]
    assert len(problems) == 8
    assert [p.line for p in problems] == sorted(p.line for p in problems)
    eli = frame.set_index("learner").loc["eli"]
    assert eli["q01"] == "b" and pd.isna(eli["q02"]) and eli["q05"] == "a"  # ' B ' and 'A' read; '-' is unanswered
    chen = frame.set_index("learner").loc["chen"]
    assert pd.isna(chen["q01"]) and pd.isna(chen["q03"])  # invalid answers count as not answered


def test_every_problem_says_how_to_fix_it(items):
    for name in ("bad-rows.csv", "empty.csv", "latin1.csv", "binary.csv", "no-learner-column.csv",
                 "no-question-columns.csv", "stray-quote.csv", "header-only.csv"):
        _, problems = problems_for(name, items)
        assert problems, name
        assert all(p.fix and name in p.file for p in problems), name


@pytest.mark.parametrize("name, message", [
    ("empty.csv", "the file is empty"),
    ("header-only.csv", "no learner rows"),
    ("latin1.csv", "not UTF-8"),
    ("binary.csv", "not a text file"),
    ("no-learner-column.csv", "no column names the learner"),
    ("no-question-columns.csv", "no column is a question id"),
])
def test_unusable_files_give_an_empty_table_and_a_message(name, message, items):
    frame, problems = problems_for(name, items)
    assert frame.empty and "learner" in frame.columns
    assert any(message in p.message for p in problems)


def test_a_stray_quote_is_reported_on_its_line_and_the_rows_after_it_are_kept(items):
    frame, problems = problems_for("stray-quote.csv", items)
    assert list(frame["learner"]) == ["ana", "carl"]
    assert problems[0].line == 3 and "stray double quote" in problems[0].message and "double it" in problems[0].fix


def test_semicolon_separated_files_from_spreadsheets_are_read(items):
    frame, problems = problems_for("semicolons.csv", items)
    assert problems == [] and list(frame.columns) == ["learner", "q01", "q02", "q03"] and len(frame) == 2


def test_a_folder_of_one_row_files_is_combined_and_duplicates_reported(items):
    frame, problems = read_class_answers(FIXTURES / "folder", items)
    assert list(frame["learner"]) == ["ana", "ben"]
    assert len(problems) == 1 and "zz-ana-again.csv" in problems[0].file and "ana.csv" in problems[0].message


def test_a_missing_file_or_empty_folder_is_a_message(items, tmp_path):
    assert "no file" in read_class_answers(tmp_path / "nope.csv", items)[1][0].message
    assert "no .csv files" in read_class_answers(tmp_path, items)[1][0].message


# --- the chart -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def summary(items):
    pre, _ = read_class_answers(FIXTURES / "pre-good.csv", items)
    post, _ = read_class_answers(FIXTURES / "post-good.csv", items)
    return class_summary(pre, post, items)


def test_chart_has_title_description_safe_colours_and_learner_counts(summary):
    spec = pre_post_chart(summary).to_dict()
    assert spec["title"]["text"].startswith("Percent right by Key Concept")
    assert "Before: 8 learners; after: 8 learners" in spec["title"]["subtitle"]
    assert spec["description"] == describe_pre_post(summary)
    text = str(spec)
    assert "#E69F00" in text and "#0072B2" in text  # Okabe-Ito orange and blue
    assert "circle" in text and "square" in text  # shape as well as colour
    data = next(iter(spec["datasets"].values()))
    assert len(data) == 2 * len(summary) and all("(n=8)" in row["label"] for row in data)


def test_chart_renders_offline_as_svg(summary):
    import vl_convert as vlc

    svg = vlc.vegalite_to_svg(pre_post_chart(summary).to_dict())
    assert svg.startswith("<svg") and "Percent right by Key Concept" in svg


def test_description_warns_about_small_classes(summary):
    text = describe_pre_post(summary)
    assert "before (8 learners) and after (8 learners); 7 learners appear in both files" in text
    assert "fewer than 10 learners" in text


def test_empty_summary_is_described_not_drawn_wrongly(items):
    empty, _ = read_class_answers(FIXTURES / "empty.csv", items)
    summary = class_summary(empty, empty, items)
    assert summary.empty and "No answers to compare yet" in describe_pre_post(summary)


# --- printable forms ---------------------------------------------------------------------------------


def test_printable_sheet_has_every_question_and_no_answers(items):
    text = printable_markdown(items)
    for _, item in items.iterrows():
        assert item["scenario"] in text
        for _, why in assessment.item_options(item).values():
            assert why not in text
    assert "answer:" not in text.lower()


def test_answer_key_gives_every_explanation(items, objectives):
    text = answer_key_markdown(items, objectives)
    for _, item in items.iterrows():
        assert f"({item['item_id']}) answer: {item['answer']}" in text
        for _, why in assessment.item_options(item).values():
            assert why in text


def test_stored_printables_are_up_to_date():
    printable = (REPO / "assessment" / "printable.md").read_text(encoding="utf-8")
    key = (REPO / "instructors" / "assessment-answer-key.md").read_text(encoding="utf-8")
    hint = "regenerate: .venv/bin/python -c 'from claimlab.assessment import write_printables; write_printables()'"
    assert printable == printable_markdown(), hint
    assert key == answer_key_markdown(), hint


def test_the_answer_key_is_not_in_the_learners_folder():
    for path in (REPO / "assessment").iterdir():
        if path.suffix in {".md", ".ipynb"}:
            assert not re.search(r"answer: [abcd]\b", path.read_text(encoding="utf-8")), path


# --- the instructor guide ------------------------------------------------------------------------------

INSTRUCTORS = REPO / "instructors"


def lesson_numbers():
    from claimlab.lessons import lesson_map

    return list(lesson_map()["number"])


@pytest.mark.parametrize("number", lesson_numbers())
def test_every_lesson_has_a_guide_page_with_both_plans(number):
    pages = list(INSTRUCTORS.glob(f"lesson-{number}-*.md"))
    assert len(pages) == 1, f"instructors/lesson-{number}-<slug>.md"
    text = pages[0].read_text(encoding="utf-8")
    for heading in ("## 50-minute plan", "## 90-minute plan", "## Before the session", "## Discussion prompts",
                    "## Misconceptions learners bring", "## Online and with no computers", "## How to tell whether it worked"):
        assert heading in text or heading.replace("plan", "plan (short form)") in text, f"{pages[0].name}: {heading}"


@pytest.mark.parametrize("number", lesson_numbers())
def test_guide_pages_list_the_test_questions_of_their_lesson(number, items):
    text = next(INSTRUCTORS.glob(f"lesson-{number}-*.md")).read_text(encoding="utf-8")
    named = set(re.findall(r"\bq\d\d\b", text))
    own = set(items.loc[items["lesson"] == number, "item_id"])
    assert own <= named, f"add {sorted(own - named)} to the guide page of lesson {number}"
    assert named <= set(items["item_id"]), f"unknown question ids {sorted(named - set(items['item_id']))}"


def test_guide_links_point_to_files_that_exist():
    for page in INSTRUCTORS.glob("*.md"):
        for target in re.findall(r"\]\(([^)#]+)\)", page.read_text(encoding="utf-8")):
            if target.startswith(("http://", "https://")):
                continue
            if "exercises/06" in target:  # the exercise of lesson 06 is still being written
                continue
            assert (page.parent / target).exists(), f"{page.name} links to missing {target}"


def test_the_five_minute_card_fits_on_one_page():
    words = len((INSTRUCTORS / "five-minute-card.md").read_text(encoding="utf-8").split())
    assert words <= 520, f"{words} words is more than a printed page"


def test_further_reading_covers_the_frameworks_with_links():
    text = (INSTRUCTORS / "further-reading.md").read_text(encoding="utf-8")
    for name, link in [("Key Concepts", "informedhealthchoices.org"), ("GRADE", "gradeworkinggroup.org"),
                       ("CASP", "casp-uk.net"), ("HealthNewsReview", "healthnewsreview.org"), ("DISCERN", "ndph.ox.ac.uk")]:
        assert name in text and link in text, name
