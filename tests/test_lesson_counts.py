"""The claim counts the lessons show agree with the case data, under one definition.

A claim is an annotated sentence whose kind is not ``framing`` (claimlab.claim_counts). Lesson 01
counts sentences by kind, lesson 05 counts verdicts, the worked verdicts count claims, and every
lesson shows the case's summary line: each number must be the one the data gives. The stored
kratom lessons are read as they are; lessons 01 and 05 are run again on the ashwagandha case.
"""

from __future__ import annotations

import re

import nbformat
import pytest

from claimlab.cases import list_cases, load_case
from claimlab.claim_counts import claim_count_text, claims_only, count_claims, framing_only
from claimlab.claims import safety_claim_ids
from conftest import REPO

KRATOM = "kratom-opioid-withdrawal"
ASHWAGANDHA = "ashwagandha-anxiety"
LESSON_01 = REPO / "notebooks" / "01-spotting-the-claims.ipynb"
LESSON_05 = REPO / "notebooks" / "05-the-verdict.ipynb"


def shown_text(outputs: list) -> str:
    """Everything a list of cell outputs shows, as one string (text, plain and Markdown)."""
    parts = []
    for output in outputs:
        parts.append("".join(output.get("text", "")))
        data = output.get("data", {})
        for kind in ("text/markdown", "text/plain", "text/html"):
            parts.append("".join(data.get(kind, "")))
    return "\n".join(parts)


def stored_outputs(path) -> str:
    nb = nbformat.read(path, as_version=4)
    return shown_text([o for cell in nb.cells for o in cell.get("outputs", [])])


def counts_shown(shown: str) -> dict[str, list[int]]:
    """Every count of claims the lessons state, by the phrase that states it."""
    found = {
        "summary line": [int(b) for a, b in re.findall(r"<Case [^:]+: (\d+) sentences \((\d+) claims\)", shown)],
        "summary sentences": [int(a) for a, b in re.findall(r"<Case [^:]+: (\d+) sentences \((\d+) claims\)", shown)],
        "lesson 01 claims": [int(n) for n in re.findall(r"annotation covers \d+ sentences?: (\d+) makes? a claim", shown)],
        "lesson 01 framing": [int(n) for n in re.findall(r"and (\d+) (?:is a framing sentence|are framing sentences)", shown)],
        "technical appraisal": [int(n) for n in re.findall(r"\*\*Claims\.\*\* (\d+) sentences? makes? a claim", shown)],
        "message to a friend": [int(n) for n in re.findall(r"Of the (\d+) things it claims", shown)]
        + [1 for _ in re.findall(r"Of the one thing it claims", shown)],
        "chart description": [int(n) for n in re.findall(r"(\d+) sentences? with a verdict, by study design", shown)],
    }
    return found


def expected(case_name: str) -> dict[str, int]:
    claims = load_case(case_name).claims
    n = count_claims(claims)
    return {"summary line": n.claims, "summary sentences": n.sentences, "lesson 01 claims": n.claims,
            "lesson 01 framing": n.framing, "technical appraisal": n.claims, "message to a friend": n.claims,
            "chart description": int((claims["verdict"] != "not_appraised").sum())}


def test_the_definition_on_the_kratom_case():
    claims = load_case(KRATOM).claims
    n = count_claims(claims)
    assert n.sentences == len(claims) == n.claims + n.framing
    assert n.claims == int((claims["claim_type"] != "framing").sum())
    assert set(claims_only(claims)["claim_id"]).isdisjoint(framing_only(claims)["claim_id"])
    assert f"{n.claims} make a claim" in claim_count_text(claims)


def test_the_stored_kratom_lessons_state_the_counts_of_the_data():
    want = expected(KRATOM)
    shown = counts_shown(stored_outputs(LESSON_01) + stored_outputs(LESSON_05))
    for phrase in want:
        assert shown[phrase], f"the stored lessons 01 and 05 no longer state the {phrase!r} count"
        assert set(shown[phrase]) == {want[phrase]}, (phrase, shown[phrase], want[phrase])


@pytest.mark.parametrize("path", sorted((REPO / "notebooks").glob("0[1-7]-*.ipynb"))
                         + sorted((REPO / "solutions").glob("0[1-7]-*.ipynb")), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_lesson_summary_line_counts_claims_as_the_data_does(path):
    want = expected(KRATOM)
    shown = counts_shown(stored_outputs(path))
    assert set(shown["summary line"]) <= {want["summary line"]}, shown["summary line"]  # where a lesson shows it
    assert set(shown["summary sentences"]) <= {want["summary sentences"]}, shown["summary sentences"]
    assert not re.search(r"<Case [^:]+: \d+ claims,", stored_outputs(path)), "the summary line counts sentences as claims"


def test_lessons_01_and_05_state_the_ashwagandha_counts_when_run_on_it():
    from test_lessons_on_every_case import run_on_case

    want = expected(ASHWAGANDHA)
    shown_all = ""
    for path in (LESSON_01, LESSON_05):
        errors, shown = run_on_case(path, ASHWAGANDHA)
        assert errors == [], errors
        shown_all += shown  # JSON text: the phrases counted have no character JSON escapes
    found = counts_shown(shown_all)
    for phrase in want:
        assert found[phrase], f"run on {ASHWAGANDHA}, lessons 01 and 05 do not state the {phrase!r} count"
        assert set(found[phrase]) == {want[phrase]}, (phrase, found[phrase], want[phrase])


# --- c06: a sentence that claims safety is not a framing sentence -------------------------------


@pytest.mark.parametrize("name", [KRATOM, ASHWAGANDHA])
def test_no_framing_sentence_is_a_right_answer_to_the_safety_question(name):
    claims = load_case(name).claims
    assert safety_claim_ids(framing_only(claims)) == set()


def test_the_kratom_sentence_promising_safe_use_guidelines_is_a_safety_claim():
    claims = load_case(KRATOM).claims.set_index("claim_id")
    promising = [cid for cid, s in claims["sentence"].items() if "safe use guidelines" in s]
    assert promising, "the kratom article's sentence about safe use guidelines is no longer annotated"
    for cid in promising:
        assert claims.loc[cid, "claim_type"] == "safety"
        assert cid in safety_claim_ids(claims.reset_index())


@pytest.mark.parametrize("name", list_cases())
def test_what_lessons_01_and_05_print_counts_claims_as_the_data_does_on_every_case(name):
    from claimlab import verdict
    from claimlab.charts import describe_claim_evidence_matrix

    case = load_case(name)
    shown = "\n".join([repr(case), claim_count_text(case.claims), verdict.technical_appraisal(case),
                       verdict.message_to_a_friend(case),
                       describe_claim_evidence_matrix(verdict.appraised_claims(case.claims), case.studies)])
    want = expected(name)
    found = counts_shown(shown)
    for phrase in want:
        assert set(found[phrase]) == {want[phrase]}, (phrase, found[phrase], want[phrase])
    table = verdict.verdict_counts(case.claims)
    n = count_claims(case.claims)
    assert (table["claims"].sum(), table["framing sentences"].sum()) == (n.claims, n.framing)
