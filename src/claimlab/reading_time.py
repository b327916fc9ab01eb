"""How long a lesson really takes: words to read at a stated speed, plus the tasks in it.

The minutes in ``lessons.yml`` are measured here, not guessed. A notebook's time is

- its prose and its shown output (tables, feedback, chart descriptions) read at
  ``WORDS_PER_MINUTE``; a long table counts at most ``TABLE_WORDS_READ`` words, since
  learners skim tables for the row they need;
- plus a fixed allowance per task: each code cell read and run, each chart looked at, each
  quick check, each interactive tool used, each checked exercise question and each written
  answer.

The reading speed is the lower end of the range Brysbaert (2019) found for most adults reading
English non-fiction silently (175-300 words per minute, mean 238; Journal of Memory and
Language 109:104047, https://doi.org/10.1016/j.jml.2019.104047): learners read a lesson to
learn from it, which is slower than reading for the gist. The task allowances are the kit's
planning figures (not measurements of learners); change them here and re-run
``benchmarks/lesson_minutes.py`` to see what follows.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path

import nbformat

WORDS_PER_MINUTE = 175
TABLE_WORDS_READ = 150
MINUTES_PER_CODE_CELL = 0.5      # read the code, run it, look at what it shows
MINUTES_PER_QUICK_CHECK = 2.0    # read the question, answer, read the feedback (one retry)
MINUTES_PER_CHECKED_ANSWER = 4.0 # an exercise question: work it out, write it, check, maybe retry
MINUTES_PER_WRITTEN_ANSWER = 10.0  # an open question answered in a paragraph, then self-checked
MINUTES_PER_CHART = 1.5          # look at a chart and read what it shows
MINUTES_PER_TOOL = 5.0           # use an interactive tool that is not a quick check (guide, calculator, rubric)
QUIZ_CALLS = re.compile(r"\b(multiple_choice|multi_select|mark_sentences)\(")


@dataclass(frozen=True)
class Timing:
    """A notebook's measured minutes, and what they are made of."""

    notebook: str
    words: int
    code_cells: int
    quick_checks: int
    checked_answers: int
    written_answers: int
    charts: int = 0
    tools: int = 0

    @property
    def reading_minutes(self) -> float:
        """Minutes to read the prose and output."""
        return self.words / WORDS_PER_MINUTE

    @property
    def task_minutes(self) -> float:
        """Minutes for the tasks: code cells, quick checks, exercise answers."""
        return (self.code_cells * MINUTES_PER_CODE_CELL + self.quick_checks * MINUTES_PER_QUICK_CHECK
                + self.charts * MINUTES_PER_CHART + self.tools * MINUTES_PER_TOOL
                + self.checked_answers * MINUTES_PER_CHECKED_ANSWER
                + self.written_answers * MINUTES_PER_WRITTEN_ANSWER)

    @property
    def minutes(self) -> float:
        """Reading plus tasks."""
        return self.reading_minutes + self.task_minutes


def words_in(text: str) -> int:
    """Words a reader reads in a piece of Markdown or HTML (tags, code and URLs left out)."""
    text = re.sub(r"<(script|style)\b.*?</\1\s*>", " ", text, flags=re.S | re.I)
    text = re.sub(r"<svg\b.*?</svg\s*>", " ", text, flags=re.S | re.I)
    text = re.sub(r"<[^>]+>", " ", text)
    text = re.sub(r"\(https?://[^)]*\)|https?://\S+", " ", text)
    text = re.sub(r"```.*?```", " ", text, flags=re.S)
    return len(re.findall(r"[A-Za-z0-9][\w'’-]*", text))


def output_words(output: dict) -> int:
    """Words of one stored output that a learner reads (a long table counts as skimmed)."""
    data = output.get("data", {})
    if output.get("output_type") == "stream":
        return words_in(output.get("text", ""))
    if "application/vnd.jupyter.widget-view+json" in data:
        return 0  # the widget's own words are counted through its quick check
    if "text/html" in data:
        html = data["text/html"]
        html = html if isinstance(html, str) else "".join(html)
        words = words_in(html)
        return min(words, TABLE_WORDS_READ) if "<table" in html else words
    if "text/markdown" in data:
        return words_in(data["text/markdown"] if isinstance(data["text/markdown"], str) else "".join(data["text/markdown"]))
    if "text/plain" in data and "image/svg+xml" not in data and "image/png" not in data:
        text = data["text/plain"] if isinstance(data["text/plain"], str) else "".join(data["text/plain"])
        return min(words_in(text), TABLE_WORDS_READ)
    return 0


def time_notebook(path: Path) -> Timing:
    """Measure one notebook (a lesson with its stored outputs, or an exercise)."""
    nb = nbformat.read(path, as_version=4)
    words = code = checks = checked = written = charts = tools = 0
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            words += words_in(cell.source)
            continue
        if cell.cell_type != "code":
            continue
        code += 1
        quizzes = len(QUIZ_CALLS.findall(cell.source))
        checks += quizzes
        outputs = cell.get("outputs", [])
        charts += sum("image/svg+xml" in o.get("data", {}) for o in outputs)
        widgets = sum("application/vnd.jupyter.widget-view+json" in o.get("data", {}) for o in outputs)
        tools += max(widgets - quizzes, 0)
        checked += len(re.findall(r"\bcheck\(", cell.source))
        written += len(re.findall(r"\bcheck_open\(", cell.source))
        words += sum(output_words(o) for o in cell.get("outputs", []))
    return Timing(path.name, words, code, checks, checked, written, charts, tools)


def rounded_minutes(minutes: float, step: int = 5) -> int:
    """Minutes rounded up to the next multiple of step (plans are made in 5-minute blocks)."""
    return int(math.ceil(minutes / step) * step)
