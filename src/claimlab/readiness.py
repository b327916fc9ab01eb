"""What each lesson and exercise needs from a case, and what a learner sees where it is missing.

``check-case`` reports these after the schema problems. They are not errors: a lesson runs on
an empty case and shows a notice instead of a table. They tell an instructor what to fill in
next, lesson by lesson.

    for item in case_readiness(load_case("my-case")):
        print(item)
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from claimlab import vocabulary
from claimlab.cases import Case

DRAFT = "claims-draft.csv"
PLACEHOLDER_MARK = "say what the article is"  # the wording new-case leaves in the front matter


@dataclass(frozen=True)
class Readiness:
    """One thing a lesson or exercise is missing: where, what, and what the learner sees instead."""

    where: str
    missing: str
    instead: str

    def __str__(self) -> str:
        return f"{self.where}: {self.missing}: {self.instead}"


def case_readiness(case: Case, exercises: bool = True) -> list[Readiness]:
    """Everything the case still lacks, per lesson and (unless exercises=False) exercise; empty when complete."""
    found: list[Readiness] = []
    found += _article(case)
    found += _claims(case)
    found += _studies(case)
    found += _positions(case)
    found += _verdict(case)
    if exercises:  # making every exercise question is most of the time; the lessons' readiness does not need it
        found += _exercises(case)
    return sorted(found, key=_lesson_order)


def _exercises(case: Case) -> list[Readiness]:
    """The questions make-exercises --case leaves out for this case, and why (claimlab.question_bank)."""
    from claimlab.question_bank import case_data, left_out_questions

    return [Readiness(f"exercise {lesson}", f"question '{left.title}' left out", left.reason)
            for lesson, questions in left_out_questions(case_data(case)).items() for left in questions]


def _lesson_order(item: Readiness) -> tuple[int, int]:
    """Case files first, then lesson by lesson, each lesson before its exercise."""
    digits = "".join(ch if ch.isdigit() else " " for ch in item.where).split()
    return (int(digits[0]) if digits else 0, item.where.startswith("exercise"))


def _add(found: list[Readiness], where: str, missing: str, instead: str) -> None:
    found.append(Readiness(where, missing, instead))


def _article(case: Case) -> list[Readiness]:
    found: list[Readiness] = []
    provenance = case.provenance if isinstance(case.provenance, dict) else {}
    if PLACEHOLDER_MARK in str(provenance.get("provenance", "")):
        _add(found, "article.md", "placeholder front matter (the provenance line new-case wrote)",
             "lesson 01's 'about the article' table shows the placeholder; say what the article is and where "
             "it came from")
    unknown = [key for key in ("author", "publisher", "date_published")
               if str(provenance.get(key, "")).strip().lower() == "unknown"]
    if unknown and PLACEHOLDER_MARK in str(provenance.get("provenance", "")):
        _add(found, "article.md", f"front matter still 'unknown' for {', '.join(unknown)}",
             "lesson 01 shows 'unknown'; keep it only if you looked and the article really does not say")
    if (Path(case.folder) / DRAFT).exists():
        _add(found, DRAFT, "the scanner's draft of claims is still in the case folder",
             "learners do not see it; copy the rows you confirm into claims.csv, then delete it")
    return found


def _claims(case: Case) -> list[Readiness]:
    found: list[Readiness] = []
    if case.claims.empty:
        _add(found, "lesson 01", "no claims (claims.csv is empty)",
             "the claim-type, cue and support tables and the safety quiz show a notice")
        return found
    if not vocabulary.benefit_claim_types(case.claims):
        _add(found, "lessons 02 and 05", "no claim type counts as a claim of benefit (vocabulary.csv has no "
             "claim_type row with role benefit)",
             "the studies behind the claims of benefit and the fair tests of the remedy are counted as none")
    return found


def _studies(case: Case) -> list[Readiness]:
    found: list[Readiness] = []
    if case.studies.empty:
        _add(found, "lesson 02", "no studies (studies.csv is empty)",
             "the worked example, the design quiz and the design counts show a notice")
        _add(found, "lesson 03", "no studies", "the evidence map, the counts and the limitation tables show a notice")
    else:
        if not vocabulary.topics_with_role(case.studies, "claimed_use"):
            _add(found, "lesson 03", "no topic has the role claimed_use in vocabulary.csv",
                 "the lesson cannot pick the claimed use: its counts and the outcome to rate show a notice")
        if "limitation_families" in case.studies and not case.studies["limitation_families"].astype(str).str.strip().any():
            _add(found, "lesson 03", "no study's limitation_families is filled in",
                 "every limitation family shows 'none in this case' and its examples are empty")
        if not vocabulary.topics_with_role(case.studies, "harm"):
            _add(found, "lessons 03 and 05", "no topic has the role harm in vocabulary.csv",
                 "no study counts as a study of harms")
    if case.certainty_appraisal.empty:
        _add(found, "lesson 03", "no worked certainty rating (certainty-appraisal.csv is empty)",
             "the worked GRADE rating shows a notice; the certainty calculator still works")
    if case.comparators.empty:
        _add(found, "lesson 03", "no comparators", "the established treatments for the missing trial show a notice")
    return found


def _positions(case: Case) -> list[Readiness]:
    found: list[Readiness] = []
    if case.positions.empty:
        _add(found, "lesson 04", "no regulatory positions (regulatory-positions.csv is empty)",
             "the timeline, the counts, the reading checklist and the status and scope quizzes show a notice "
             "or a made-up example")
    if case.legal_status.empty:
        _add(found, "lesson 04", "no legal status (legal-status.csv is empty)", "the map shows a notice")
    return found


def _verdict(case: Case) -> list[Readiness]:
    found: list[Readiness] = []
    if case.comparators.empty:
        _add(found, "lesson 05", "no comparators",
             "lesson 05's comparison section (the established treatments, side by side) will show a notice")
    if case.rubric_appraisal.empty:
        _add(found, "lesson 05", "an empty model rubric (rubric-appraisal.csv)",
             "the model answer to compare with shows a notice, and the appraisal lists no rubric reasons")
    if not case.claims.empty and not (case.claims["verdict"] != "not_appraised").any():
        _add(found, "lesson 05", "no claim has a verdict other than not_appraised",
             "the claim-by-claim verdicts and the two written verdicts show a notice")
    return found
