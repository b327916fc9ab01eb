"""Measured lesson minutes (claimlab.reading_time, printed by benchmarks/lesson_minutes.py)."""

from __future__ import annotations

import nbformat
import pytest

from claimlab import reading_time as rt
from claimlab.lessons import lesson_map
from conftest import REPO


def test_words_in_counts_prose_not_markup_code_or_links():
    assert rt.words_in("Read **this** [page](https://example.org/a-b) now.") == 4
    assert rt.words_in("<p>Two <b>words</b></p><script>var x = 1;</script><svg><text>no</text></svg>") == 2
    assert rt.words_in("```python\nx = 1\n```\nDone.") == 1


def test_a_long_table_counts_as_skimmed_but_prose_output_counts_in_full():
    table = {"output_type": "display_data", "data": {"text/html": "<table>" + "<td>word</td>" * 500 + "</table>"}}
    prose = {"output_type": "stream", "text": "word " * 500}
    assert rt.output_words(table) == rt.TABLE_WORDS_READ
    assert rt.output_words(prose) == 500
    widget = {"output_type": "display_data", "data": {"application/vnd.jupyter.widget-view+json": {},
                                                     "text/html": "<p>" + "word " * 50 + "</p>"}}
    assert rt.output_words(widget) == 0


def test_a_notebooks_minutes_add_reading_and_tasks(tmp_path):
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("word " * rt.WORDS_PER_MINUTE * 2),
        nbformat.v4.new_code_cell('multiple_choice("Q?", {"a": "", "b": ""}, "a")'),
        nbformat.v4.new_code_cell('check("q1", answer_1)\ncheck("q2", answer_2)'),
        nbformat.v4.new_code_cell('check_open(answer_3, "q3")'),
    ])
    path = tmp_path / "nb.ipynb"
    nbformat.write(nb, path)
    timing = rt.time_notebook(path)
    assert (timing.words, timing.code_cells, timing.quick_checks, timing.checked_answers, timing.written_answers) == (
        rt.WORDS_PER_MINUTE * 2, 3, 1, 2, 1)
    expected = 2 + 3 * rt.MINUTES_PER_CODE_CELL + rt.MINUTES_PER_QUICK_CHECK + 2 * rt.MINUTES_PER_CHECKED_ANSWER \
        + rt.MINUTES_PER_WRITTEN_ANSWER
    assert timing.minutes == pytest.approx(expected)


def test_rounded_minutes_rounds_up_to_five():
    assert [rt.rounded_minutes(m) for m in (0.1, 5, 5.01, 49)] == [5, 5, 10, 50]


@pytest.mark.parametrize("lesson", list(lesson_map().itertuples()), ids=lambda lesson: lesson.number)
def test_lessons_yml_minutes_are_the_measured_minutes(lesson):
    notebook = REPO / lesson.notebook
    measured = rt.rounded_minutes(rt.time_notebook(notebook).minutes)
    assert abs(int(lesson.minutes) - measured) <= 5, (
        f"{lesson.notebook}: lessons.yml says {lesson.minutes} minutes, the measurement says {measured}; "
        "run benchmarks/lesson_minutes.py and update lessons.yml, the notebook's first cell and the guide")
