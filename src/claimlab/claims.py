"""The claims of an article, as the case's hand annotation records them (lesson 01).

Small tables built from a case's ``claims`` table: how many sentences make each kind of claim,
what support the article offers, which cue families the annotators marked, how the scanner's
cues compare with theirs, and the ids and feedback for the "mark the safety claims" question.
Every function accepts an empty table and returns an empty (or zero-count) result that, when
shown, says what is missing and how to add it.

The notices themselves (``Notice``, ``table_with_notice``, ``nothing_recorded``) live in
``claimlab.notices``; they are still importable from here.
"""

from __future__ import annotations

import textwrap

import pandas as pd

from claimlab import vocabulary
from claimlab.notices import (  # noqa: F401  (re-exported: lessons and tests import them from here)
    DRAFT_HINT,
    NO_CLAIMS,
    TABLE_CONTENTS,
    Notice,
    NoticeTable,
    nothing_recorded,
    table_with_notice,
)
from claimlab.schema import split_list

# The words for claim_type and evidence_offered come from datasets/reference/appraisal-vocabulary.csv.
CLAIM_TYPES = {code: term["meaning"] for code, term in vocabulary.appraisal_terms("claim_type").items()}
CLAIM_TYPE_NAMES = {code: term["name"] for code, term in vocabulary.appraisal_terms("claim_type").items()}
SUPPORT_LEVELS = {code: term["meaning"] for code, term in vocabulary.appraisal_terms("evidence_offered").items()}


def claim_type_counts(claims: pd.DataFrame) -> pd.DataFrame:
    """How many sentences make each kind of claim, most frequent first, with what each kind means."""
    counts = claims["claim_type"].value_counts() if "claim_type" in claims else pd.Series(dtype="int64")
    rows = [(kind, int(counts.get(kind, 0)), meaning) for kind, meaning in CLAIM_TYPES.items()]
    rows += [(kind, int(n), "") for kind, n in counts.items() if kind not in CLAIM_TYPES]
    table = pd.DataFrame(rows, columns=["claim_type", "sentences", "meaning"])
    table = table.sort_values("sentences", ascending=False, kind="stable").reset_index(drop=True)
    return table_with_notice(table, NO_CLAIMS, always=True) if claims.empty else table


def support_counts(claims: pd.DataFrame) -> pd.DataFrame:
    """How many sentences offer no, vague or specific support, with what each level means."""
    counts = claims["evidence_offered"].value_counts() if "evidence_offered" in claims else pd.Series(dtype="int64")
    rows = [(level, int(counts.get(level, 0)), meaning) for level, meaning in SUPPORT_LEVELS.items()]
    table = pd.DataFrame(rows, columns=["evidence_offered", "sentences", "meaning"])
    return table_with_notice(table, NO_CLAIMS, always=True) if claims.empty else table


def hand_cue_counts(claims: pd.DataFrame, families: pd.DataFrame | None = None) -> pd.DataFrame:
    """In how many sentences the annotators marked each cue family, most frequent first."""
    counts: dict[str, int] = {}
    for value in claims.get("cues", pd.Series(dtype="object")):
        for family in set(split_list(value)):
            counts[family] = counts.get(family, 0) + 1
    labels = dict(zip(families["family"], families["label"])) if families is not None else {}
    rows = [(family, labels.get(family, family), n) for family, n in counts.items()]
    table = pd.DataFrame(rows, columns=["family", "label", "sentences"])
    table = table.sort_values(["sentences", "family"], ascending=[False, True]).reset_index(drop=True)
    return table_with_notice(table, NO_CLAIMS) if claims.empty else table


def quiz_sentences(claims: pd.DataFrame) -> pd.DataFrame:
    """The annotated sentences as a table with 'id' and 'text' columns, ready for mark_sentences."""
    if claims.empty:
        return table_with_notice(pd.DataFrame(columns=["id", "text"]), NO_CLAIMS)
    return pd.DataFrame({"id": claims["claim_id"].astype(str), "text": claims["sentence"].astype(str)})


def is_safety_claim(row: pd.Series) -> bool:
    """True when the annotation says the sentence claims safety: its type is safety, or it uses safety wording."""
    return row.get("claim_type") == "safety" or "safety_reassurance" in split_list(row.get("cues"))


def safety_claim_ids(claims: pd.DataFrame) -> set[str]:
    """The claim ids of the sentences that make a safety claim (see is_safety_claim)."""
    return {str(row["claim_id"]) for _, row in claims.iterrows() if is_safety_claim(row)}


def safety_explanations(claims: pd.DataFrame) -> dict[str, str]:
    """Feedback for each sentence of the safety question, built from the annotation: why it is or is not one."""
    explanations = {}
    for _, row in claims.iterrows():
        kind = str(row.get("claim_type", ""))
        name = CLAIM_TYPE_NAMES.get(kind, f"a claim of the kind '{kind}'")
        said = f"In plain words it says: {row.get('claim', '')}".strip()
        if kind == "safety":
            why = "Its main claim is about safety."
        elif is_safety_claim(row):
            why = f"It is mainly {name}, but it also uses safety wording, so it makes a safety claim too."
        else:
            why = f"It is {name} and uses no safety wording."
        explanations[str(row["claim_id"])] = f"{why} {said}"
    return explanations


def safety_quiz(claims: pd.DataFrame, question: str = "Which sentences make a safety claim?"):
    """The "mark the safety claims" question on the annotated sentences, or a Notice when there are none."""
    if claims.empty:
        return Notice(NO_CLAIMS)
    from claimlab.quizzes import mark_sentences  # widgets are imported only when a quiz is shown

    return mark_sentences(question, quiz_sentences(claims), correct_ids=safety_claim_ids(claims),
                          explanations=safety_explanations(claims))


def compare_with_scanner(claims: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
    """Each annotated sentence with the cue families the annotators marked and those the scanner found.

    ``sentences`` is the scanner's ``sentences_table`` of the same article; sentences are
    matched by their exact text. ``agree`` is True when both found the same families.
    """
    columns = ["claim_id", "sentence", "claim_type", "by_hand", "by_scanner", "only_by_hand", "only_by_scanner", "agree"]
    found = {}
    if not sentences.empty:
        found = {text: list(families) for text, families in zip(sentences["sentence"], sentences["families"])}
    rows = []
    for _, row in claims.iterrows():
        hand = split_list(row.get("cues"))
        scanner = found.get(str(row["sentence"]))
        scanned = scanner if scanner is not None else []
        rows.append((
            row["claim_id"], row["sentence"], row.get("claim_type", ""), ", ".join(hand),
            ", ".join(scanned) if scanner is not None else "(sentence not found by the scanner)",
            ", ".join(f for f in hand if f not in scanned),
            ", ".join(f for f in scanned if f not in hand),
            scanner is not None and set(hand) == set(scanned),
        ))
    table = pd.DataFrame(rows, columns=columns)
    return table_with_notice(table, NO_CLAIMS) if claims.empty else table


def article_for_reading(text: str, width: int = 90) -> str:
    """The article's text wrapped to a readable width, with a blank line between its lines (paragraphs)."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return "\n\n".join(textwrap.fill(line, width=width, subsequent_indent="  " if line.startswith("- ") else "")
                       for line in lines)
