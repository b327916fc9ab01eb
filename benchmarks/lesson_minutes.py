"""How long each lesson and its exercise really take, measured from the notebooks.

    .venv/bin/python benchmarks/lesson_minutes.py

Prints, per lesson: words read, code cells, quick checks, the lesson's minutes; the exercise's
checked and written answers and minutes; lesson plus exercise; and what lessons.yml says.
The rules (reading speed, task allowances, with their source) are in src/claimlab/reading_time.py.
"""

from __future__ import annotations

from pathlib import Path

from claimlab.lessons import lesson_map
from claimlab.reading_time import WORDS_PER_MINUTE, rounded_minutes, time_notebook

REPO = Path(__file__).resolve().parents[1]


def main() -> None:
    print(f"reading speed {WORDS_PER_MINUTE} words a minute; rounded up to 5 minutes\n")
    print(f"{'lesson':<32}{'words':>7}{'cells':>6}{'checks':>7}{'charts':>7}{'tools':>6}{'min':>6}{'| ex. qs':>9}{'ex min':>7}"
          f"{'| both':>7}{'| yml':>6}{'measured':>9}")
    for lesson in lesson_map().itertuples():
        notebook = REPO / lesson.notebook
        if not notebook.exists():
            continue
        timing = time_notebook(notebook)
        exercise = REPO / "exercises" / notebook.name
        ex = time_notebook(exercise) if exercise.exists() else None
        ex_minutes = ex.minutes if ex else 0.0
        questions = f"{ex.checked_answers}+{ex.written_answers}" if ex else "-"
        print(f"{lesson.number + ' ' + lesson.slug:<32}{timing.words:>7}{timing.code_cells:>6}{timing.quick_checks:>7}{timing.charts:>7}{timing.tools:>6}"
              f"{timing.minutes:>6.0f}{'| ' + questions:>9}{ex_minutes:>7.0f}{'| ' + str(round(timing.minutes + ex_minutes)):>7}"
              f"{'| ' + str(lesson.minutes):>6}{rounded_minutes(timing.minutes):>9}")


if __name__ == "__main__":
    main()
