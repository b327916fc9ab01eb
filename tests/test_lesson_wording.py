"""What a learner reads: no instructor asides and no raw codes where a label belongs; the evidence rule of lesson 05.

Read from the stored, executed lessons (notebooks/01-07). Instructor notes (timings, class plans)
live in instructors/; a lesson's own section for instructors (lesson 06's last section) is
allowed. A code of the case tables (a kind of claim, a cue family, a rubric criterion, a topic)
may appear in an output only beside its label, as in the kit's vocabulary tables.
"""

from __future__ import annotations

import re

import nbformat
import pytest

from claimlab import vocabulary
from claimlab.cases import load_case
from claimlab.rubric import criterion_titles
from conftest import REPO

LESSONS = sorted((REPO / "notebooks").glob("0[1-7]-*.ipynb"))
ASIDE = re.compile(r"for instructors\s*[:*]|suggested timing|in a class of \d+|timing \(\d+ minutes\)|"
                   r"ask your (teacher|instructor)", re.I)
KRATOM = "kratom-opioid-withdrawal"


def learner_markdown(nb) -> list[str]:
    """The Markdown cells a learner reads, up to a section written for instructors."""
    cells = []
    for cell in nb.cells:
        if cell.cell_type == "markdown" and cell.source.lstrip().startswith("## For instructors"):
            break
        if cell.cell_type == "markdown":
            cells.append(cell.source)
    return cells


def output_texts(nb) -> list[str]:
    texts = []
    for cell in nb.cells:
        if cell.cell_type == "markdown" and cell.source.lstrip().startswith("## For instructors"):
            break
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            text = "".join(output.get("text", "")) + "".join(data.get("text/markdown", "")) + "".join(
                data.get("text/plain", ""))
            if "Widget(" in text or "MultipleChoice(" in text or "MarkSentences(" in text:
                continue  # widgets: their text is checked in the widget tests
            texts.append(text)
    return texts


def codes_and_labels() -> dict[str, str]:
    """Codes with an underscore (the ones that read as code) and their labels."""
    labels = {c: t["label"] for c, t in vocabulary.appraisal_terms("claim_type").items()}
    families = vocabulary.reference_vocabulary("cue-families")
    labels.update(dict(zip(families["family"], families["label"])))
    labels.update(criterion_titles())
    studies = load_case(KRATOM).studies
    labels.update({c: vocabulary.topic_label(c, studies) for c in vocabulary.case_codes(studies, "topic")})
    return {code: label for code, label in labels.items() if "_" in code}


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_no_instructor_aside_in_a_lesson(path):
    nb = nbformat.read(path, as_version=4)
    asides = [m.group(0) for text in learner_markdown(nb) for m in ASIDE.finditer(text)]
    assert asides == [], f"{path.name}: instructor notes belong in instructors/: {asides}"


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_no_raw_code_without_its_label_in_what_a_lesson_shows(path):
    nb = nbformat.read(path, as_version=4)
    codes = codes_and_labels()
    raw = []
    for text in output_texts(nb):
        for code, label in codes.items():
            if re.search(rf"(?<![\w-]){re.escape(code)}(?![\w-])", text) and label.lower() not in text.lower():
                raw.append(code)
    assert raw == [], f"{path.name} shows codes where a learner should read a label: {sorted(set(raw))}"


def test_lesson_05_explains_why_harms_data_can_refute_a_safety_claim_from_the_reference_table():
    rules = vocabulary.appraisal_terms("evidence_rule")
    assert {"benefit", "safety"} <= set(rules), "appraisal-vocabulary.csv lost an evidence rule"
    nb = nbformat.read(REPO / "notebooks" / "05-the-verdict.ipynb", as_version=4)
    shown = "\n".join(output_texts(nb))
    for term in rules.values():
        assert term["meaning"] in shown, f"lesson 05 no longer shows the rule for {term['label']!r}"
