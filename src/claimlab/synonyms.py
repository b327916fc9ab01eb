"""Other right ways of writing a term: "laboratory study" for in_vitro, "not supported" for unsupported.

Learners answer in the words the lessons use, so an exercise whose answer is a term of one
of the kit's vocabularies (a study design, a claim type, a verdict, a rubric rating) accepts
the term, its label as the lessons show it (``study-designs.csv``, with and without its
bracketed gloss, and each half of an "A / B" label), and the synonyms listed in
``datasets/reference/answer-synonyms.csv``. ``make-exercises`` adds them to the answer key;
the checker also uses the vocabulary to tell a learner which words a question takes.
"""

from __future__ import annotations

import csv
import re
from functools import lru_cache
from pathlib import Path

from claimlab.paths import datasets_dir

SYNONYMS_FILE = "answer-synonyms.csv"
# Where each vocabulary's full list of terms is declared (the Table Schemas' enums).
VOCABULARY_FIELDS = {
    "design": ("studies.schema.json", "design"),
    "claim_type": ("claims.schema.json", "claim_type"),
    "verdict": ("claims.schema.json", "verdict"),
    "rating": ("rubric-appraisal.schema.json", "rating"),
}


def declared_terms(vocabulary: str, schemas: Path | None = None) -> list[str]:
    """A vocabulary's terms as its Table Schema declares them (empty when it declares none)."""
    import json

    where = VOCABULARY_FIELDS.get(vocabulary)
    if where is None:
        return []
    path = (schemas or datasets_dir() / "schemas") / where[0]
    try:
        fields = json.loads(path.read_text(encoding="utf-8")).get("fields", [])
    except (OSError, ValueError):
        return []
    field = next((f for f in fields if isinstance(f, dict) and f.get("name") == where[1]), {})
    enum = field.get("constraints", {}).get("enum", [])
    return [str(term) for term in enum if isinstance(term, str)]


def label_variants(label: str) -> list[str]:
    """A label as written, without its bracketed gloss, and each half of "A / B"."""
    variants = [label]
    bare = re.sub(r"\s*\([^)]*\)", "", label).strip()
    variants.append(bare)
    variants += [part.strip() for part in bare.split("/") if part.strip()]
    return list(dict.fromkeys(v for v in variants if v))


@lru_cache(maxsize=4)
def vocabulary_terms(folder: str | None = None) -> dict[tuple[str, str], list[str]]:
    """{(vocabulary, term): every way of writing it}, from the reference tables."""
    reference = Path(folder) if folder else datasets_dir() / "reference"
    terms: dict[tuple[str, str], list[str]] = {}
    for vocabulary in VOCABULARY_FIELDS:
        for term in declared_terms(vocabulary, reference.parent / "schemas"):
            terms[(vocabulary, term)] = [term]
    designs = reference / "study-designs.csv"
    if designs.is_file():
        with designs.open(encoding="utf-8", newline="") as stream:
            for row in csv.DictReader(stream):
                term = (row.get("design") or "").strip()
                if term:
                    terms.setdefault(("design", term), [term]).extend(label_variants(row.get("label") or ""))
    listed = reference / SYNONYMS_FILE
    if listed.is_file():
        with listed.open(encoding="utf-8", newline="") as stream:
            for row in csv.DictReader(stream):
                key = ((row.get("vocabulary") or "").strip(), (row.get("term") or "").strip())
                if all(key) and (row.get("synonym") or "").strip():
                    terms.setdefault(key, [key[1]]).append(row["synonym"].strip())
    return {key: list(dict.fromkeys(ways)) for key, ways in terms.items()}


def equivalents(answer: str, normalise) -> list[str]:
    """Every way of writing the term an answer names (empty when it names no vocabulary term).

    ``normalise`` is the checker's normaliser, so "In-vitro" and "in vitro" count as one.
    """
    target = normalise(answer)
    found: list[str] = []
    for ways in vocabulary_terms().values():
        if any(normalise(way) == target for way in ways):
            found += ways
    return list(dict.fromkeys(found))


def vocabulary_of(answers: list[str], normalise) -> tuple[str, list[str]] | None:
    """The one vocabulary every answer belongs to, with its terms, or None."""
    names = set()
    for answer in answers:
        target = normalise(answer)
        hits = {vocab for (vocab, _), ways in vocabulary_terms().items() if any(normalise(w) == target for w in ways)}
        if not hits:
            return None
        names |= hits
    if len(names) != 1:
        return None
    name = names.pop()
    return name, sorted(term for vocab, term in vocabulary_terms() if vocab == name)
