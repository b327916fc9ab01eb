"""How many claims an article makes: one definition, used by every lesson.

The hand annotation (a case's ``claims.csv``) has one row per sentence of the article. A sentence
is a **claim** when its main kind (``claim_type``) is anything but ``framing``; a **framing**
sentence sets the scene and makes no claim about the remedy. The appraisal's verdict is a
separate column: a framing sentence can still be judged (for example "misleading", when it
promises readers an informed choice the article does not give), but that does not make it a
claim. Lesson 01 counts sentences by kind, lesson 05 counts verdicts, and both count claims here.
"""

from __future__ import annotations

from typing import NamedTuple

import pandas as pd

from claimlab.wording import count

FRAMING = "framing"  # the claim_type of a sentence that makes no claim (appraisal-vocabulary.csv)
NOT_APPRAISED = "not_appraised"  # the verdict of a sentence the appraisal does not judge


class ClaimCount(NamedTuple):
    """The annotated sentences, split into claims and framing sentences."""

    sentences: int
    claims: int
    framing: int
    framing_judged: int  # framing sentences that still received a verdict


def is_claim(claims: pd.DataFrame) -> pd.Series:
    """True for each sentence whose main kind is a claim (anything but framing)."""
    if claims.empty or "claim_type" not in claims:
        return pd.Series(False, index=claims.index, dtype=bool)
    return claims["claim_type"].astype(str) != FRAMING


def claims_only(claims: pd.DataFrame) -> pd.DataFrame:
    """The sentences that make a claim (framing sentences left out)."""
    return claims[is_claim(claims)]


def framing_only(claims: pd.DataFrame) -> pd.DataFrame:
    """The framing sentences: they make no claim about the remedy."""
    return claims[~is_claim(claims)]


def count_claims(claims: pd.DataFrame) -> ClaimCount:
    """How many annotated sentences, claims, framing sentences, and framing sentences with a verdict."""
    framing = framing_only(claims)
    judged = framing[framing["verdict"].astype(str) != NOT_APPRAISED] if "verdict" in framing else framing.iloc[0:0]
    return ClaimCount(len(claims), int(is_claim(claims).sum()), len(framing), len(judged))


def claim_count_text(claims: pd.DataFrame) -> str:
    """The count in one sentence, e.g. '29 sentences: 22 make a claim about the remedy and 7 frame the story.'"""
    n = count_claims(claims)
    if not n.sentences:
        return "No sentences are annotated yet for this case: add rows to claims.csv (see the case README)."
    text = (f"The annotation covers {count(n.sentences, 'sentence')}: "
            f"{count(n.claims, 'makes a claim', 'make a claim')} about the remedy and "
            f"{count(n.framing, 'is a framing sentence', 'are framing sentences')} (no claim about it).")
    if n.framing_judged:
        text += (f" {count(n.framing_judged, 'framing sentence', 'framing sentences')} still "
                 f"{'gets' if n.framing_judged == 1 else 'get'} a verdict in lesson 05, because "
                 f"{'it steers' if n.framing_judged == 1 else 'they steer'} the reader, but "
                 f"{'it is' if n.framing_judged == 1 else 'they are'} not counted as claims.")
    return text
