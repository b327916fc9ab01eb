"""Every lesson runs on every case: the shipped ones, an untouched new case and a partly filled one.

nbval runs each stored notebook on the case it was saved with. Here each lesson is run again
with its ``CASE = ...`` line pointed at the other shipped cases, at a case just made with
``new-case`` from the short article in tests/fixtures (empty tables), and at the same case partly
filled (a few claims, one study, its vocabulary; no positions, treatments or model answers). Each
run must finish without an error output, and on a case that is not about kratom no output and no
widget may mention kratom or its alkaloids: whatever a lesson says about a case comes from that
case's tables. The two new cases are run by test_lessons_on_new_cases.py, a file of its own
so that the test command's workers run the halves side by side.
"""

from __future__ import annotations

import csv
import json
import re
import tempfile
from pathlib import Path

import nbformat
import pytest

from claimlab.cases import list_cases
from claimlab.newcase import DRAFT
from conftest import REPO, notebooks_in
from notebook_runs import run_notebook

LESSONS = [p for p in notebooks_in("notebooks") if not p.name.startswith("00-")]
CASE_LINE = re.compile(r'^CASE = "[a-z0-9-]+"', re.M)
SHORT_ARTICLE = REPO / "tests" / "fixtures" / "articles" / "short-article.md"
KRATOM_WORDS = re.compile(r"kratom|mitragynine|7-hydroxymitragynine|7-OH|opioid", re.I)  # opioid: its claimed use
KRATOM_CASE = "kratom-opioid-withdrawal"
EMPTY_CASE, PARTLY_FILLED = "elderberry-untouched", "elderberry-partly-filled"

# Test-only rows for the fictional fixture article (example.org addresses: no fact about any remedy).
PARTLY_CLAIMS = [
    {"claim_id": "c01", "sentence": "Elderberry syrup is the natural way to stop a cold before it starts.",
     "claim": "It prevents colds.", "claim_type": "efficacy", "cues": "appeal_to_nature",
     "evidence_offered": "none", "verdict": "unsupported", "explanation": "Test row: no study of prevention.",
     "key_concepts": "1.1", "study_ids": "", "position_ids": "", "comparator_ids": "",
     "no_evidence_note": "Test row: nothing searched."},
    {"claim_id": "c02", "sentence": "A study showed that people who took elderberry got better four days sooner.",
     "claim": "It shortens colds.", "claim_type": "efficacy", "cues": "vague_authority",
     "evidence_offered": "vague", "verdict": "partly_supported", "explanation": "Test row: one small trial.",
     "key_concepts": "1.1", "study_ids": "test-trial-2020", "position_ids": "", "comparator_ids": "",
     "no_evidence_note": ""},
    {"claim_id": "c03", "sentence": "Thousands of happy customers cannot be wrong.", "claim": "It is popular.",
     "claim_type": "popularity", "cues": "popularity", "evidence_offered": "none", "verdict": "misleading",
     "explanation": "Test row: popularity is not evidence.", "key_concepts": "1.1", "study_ids": "",
     "position_ids": "", "comparator_ids": "", "no_evidence_note": "Test row: nothing searched."},
]
PARTLY_STUDIES = [
    {"study_id": "test-trial-2020", "citation": "Test row, not a real study. 2020.", "year": "2020",
     "design": "randomized_trial", "topic": "colds", "population": "Test adults", "sample_size": "60",
     "methods_summary": "Test row: people were randomly given syrup or placebo.", "measured": "Days of cold",
     "finding": "Test row: shorter colds.", "limitation": "Test row: small.", "limitation_families": "",
     "doi": "", "pmid": "", "source_url": "https://example.org/test-only", "unverified_fields": ""},
]


def run_on_case(path: Path, case: str) -> tuple[list[str], str]:
    """Run a lesson with CASE set to another case; return the errors it showed and all it showed, as text."""
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code" and CASE_LINE.search(cell.source):
            cell.source = CASE_LINE.sub(f'CASE = "{case}"', cell.source, count=1)
            break
    with tempfile.TemporaryDirectory() as folder:  # lesson 06 saves a worksheet: never into notebooks/
        run_notebook(nb, Path(folder), allow_errors=True, store_widget_state=True)
    errors = [f"{o.get('ename')}: {o.get('evalue')}" for cell in nb.cells
              for o in cell.get("outputs", []) if o.get("output_type") == "error"]
    shown = json.dumps([cell.get("outputs", []) for cell in nb.cells]) + json.dumps(nb.metadata.get("widgets", {}))
    return errors, shown


def kratom_mentions(shown: str) -> list[str]:
    """Each mention of kratom or its alkaloids in a lesson's outputs and widgets, with a little context."""
    return [shown[max(0, m.start() - 60): m.end() + 60] for m in KRATOM_WORDS.finditer(shown)]


def other_cases(path: Path) -> list[str]:
    saved = CASE_LINE.search(path.read_text(encoding="utf-8"))
    saved_case = saved.group(0).split('"')[1] if saved else None
    return [case for case in list_cases() if case != saved_case]


def append_rows(path: Path, rows: list[dict]) -> None:
    with path.open(encoding="utf-8") as handle:
        header = next(csv.reader(handle))
    with path.open("a", newline="", encoding="utf-8") as handle:
        csv.DictWriter(handle, header, lineterminator="\n").writerows(rows)


def fill_partly(folder: Path) -> None:
    """A few claims, one study and the vocabulary they need; positions, treatments and model answers left empty."""
    append_rows(folder / "claims.csv", PARTLY_CLAIMS)
    append_rows(folder / "studies.csv", PARTLY_STUDIES)
    append_rows(folder / "vocabulary.csv", [{"field": "topic", "code": "colds", "label": "colds",
                                             "role": "claimed_use", "meaning": "Test row: the common cold."}])
    (folder / DRAFT).unlink()


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_lesson_runs_on_every_other_case(path):
    for case in other_cases(path):
        errors, shown = run_on_case(path, case)
        assert errors == [], f"{path.name} on {case}"
        if case != KRATOM_CASE:
            assert kratom_mentions(shown) == [], f"{path.name} on {case}"


def test_the_kratom_check_would_catch_a_mention():
    shown = json.dumps([{"text/plain": "Self-selected users of Kratom reported ... 7-OH products"}])
    assert len(kratom_mentions(shown)) == 2
