"""Tables in a learner's words: the codes of the case tables replaced by their labels.

The case tables store short codes (``treatment_comparison``, ``vague_authority;hedge``,
``mental_health``, ``benefits_quantified``) so that code and tests can rely on them. A learner
should read the labels the reference tables give them. ``with_labels`` rewrites the columns it
knows (kinds of claim, verdicts, cue families, study designs, topics, rubric criteria, and the
action, status and scope of a regulatory position); ids a learner may need to look up
(``claim_id``, ``study_id``, ``position_id``) stay as they are, beside the text they name.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from claimlab import vocabulary
from claimlab.schema import split_list

CUE_COLUMNS = ("cues", "by_hand", "by_scanner", "only_by_hand", "only_by_scanner", "suggested_cues", "families")
CLAIM_TYPE_COLUMNS = ("claim_type", "suggested_kind", "kind", "useful_for")


def _cue_labels() -> dict[str, str]:
    table = vocabulary.reference_vocabulary("cue-families")
    return dict(zip(table["family"].astype(str), table["label"].astype(str)))


def _criterion_labels() -> dict[str, str]:
    from claimlab.rubric import load_article_criteria  # the rubric loads widgets only when one is shown

    table = load_article_criteria()
    return dict(zip(table["criterion_id"].astype(str), table["title"].astype(str)))


def _words(code: str) -> str:
    return code.replace("_", " ")


def _mapper(labels: dict[str, str]) -> Callable[[object], object]:
    def one(value: object) -> object:
        if not isinstance(value, str) or not value:
            return value
        return labels.get(value, _words(value))
    return one


def _list_mapper(labels: dict[str, str]) -> Callable[[object], object]:
    def many(value: object) -> object:
        if not isinstance(value, str) or not value or value.startswith("("):
            return value  # empty, or a note such as "(sentence not found by the scanner)"
        codes = split_list(value.replace(", ", ";"))
        return ", ".join(labels.get(code, _words(code)) for code in codes)
    return many


def with_labels(table: pd.DataFrame, source: object = None) -> pd.DataFrame:
    """A copy of the table with each known code column in words (source: the case or its studies, for topics)."""
    shown = table.copy()
    claim_types = {c: t["label"] for c, t in vocabulary.appraisal_terms("claim_type").items()}
    claim_types.update({c: t["label"] for c, t in vocabulary.case_terms(source, "claim_type").items()})
    maps: dict[str, Callable[[object], object]] = {}
    for column in CLAIM_TYPE_COLUMNS:
        maps[column] = _list_mapper(claim_types)
    maps["verdict"] = _mapper({c: t["label"] for c, t in vocabulary.appraisal_terms("verdict").items()})
    cue_labels = _cue_labels()
    for column in CUE_COLUMNS:
        maps[column] = _list_mapper(cue_labels)
    maps["design"] = _mapper({c: vocabulary.design_label(c) for c in vocabulary.design_order()})
    maps["topic"] = lambda code: vocabulary.topic_label(code, source) if isinstance(code, str) and code else code
    maps["criterion_id"] = _mapper(_criterion_labels())
    maps["action"] = _mapper({c: t["label"] for c, t in vocabulary.action_terms(source).items()})
    maps["scope"] = _mapper({c: t["label"] for c, t in vocabulary.position_terms("scope").items()})
    statuses = {c: t["label"] for c, t in vocabulary.position_terms("status").items()}  # a position's status
    statuses.update({c: t["label"] for c, t in vocabulary.appraisal_terms("legal_status").items()})  # a country's
    maps["status"] = _mapper(statuses)
    for column, change in maps.items():
        if column in shown.columns:
            shown[column] = shown[column].map(change)
    if shown.index.name in maps:
        shown.index = shown.index.map(maps[shown.index.name])
    return shown
