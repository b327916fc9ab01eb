"""Learned cue phrases: word sequences that the annotated examples show go with a cue family.

The hand-written patterns and phrases (``cue-patterns.csv``, ``cue-phrases.csv``) miss paraphrases
nobody thought of. This module reads sentences a person has annotated with cue families (the
claims corpus, the kit's own articles, the cases' claims) and finds short word sequences (one to
three words, a long word may end in ``*`` for "any ending") that:

- appear in annotated sentences of the family the current scanner misses, from at least
  ``min_documents`` different documents (a sequence seen in one document only is memorising);
- rarely appear in sentences *not* annotated with the family (precision on the examples at least
  ``min_precision``, counting every matched sentence).

They are chosen one at a time, greedily, each the one that finds the most missed sentences. The
result is a plain table with the columns of ``cue-phrases.csv`` (family, phrase, example, note),
shipped as ``datasets/reference/cue-phrases-learned.csv`` and read by the scanner beside the
hand-written phrases (``claimlab.cue_phrases``): a learned cue is shown with its family's label
and explanation, the highlighted words are the words that made it, and the note says how many
annotated sentences and documents it was learned from. A teacher can delete or edit a row like
any other phrase; for another language, run the learner on that language's annotated sentences.

No list of words is built in: "too common to be a cue on its own" is measured on the examples
(a word in more than ``common_share`` of the sentences is never a one-word phrase).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from typing import NamedTuple

LEARNED_FILE = "cue-phrases-learned.csv"
_TOKEN = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")
_ENDINGS = ("ations", "ation", "ings", "ing", "ed", "es", "s", "ly")


class Example(NamedTuple):
    """One annotated sentence: its document, its text, the families a person marked, the families the scanner finds."""

    document: str
    text: str
    annotated: frozenset[str]
    predicted: frozenset[str]


class LearnedPhrase(NamedTuple):
    """A learned phrase with what it was learned from."""

    family: str
    phrase: str
    example: str
    sentences: int
    documents: int
    precision: float

    def row(self) -> dict[str, str]:
        """The phrase as a row of cue-phrases-learned.csv."""
        note = (f"Learned from annotated examples: in {self.sentences} sentences of {self.documents} documents "
                f"marked with this family; {self.precision:.0%} of the example sentences it matches are marked with it.")
        return {"family": self.family, "phrase": self.phrase, "example": self.example, "note": note}


def _words(text: str) -> list[str]:
    return [word.replace("’", "'") for word in _TOKEN.findall(text.lower())]


def _stem(word: str) -> str | None:
    """The word cut before a common ending, with '*' for any ending; None when the word is too short."""
    for ending in _ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 5:
            return word[: -len(ending)] + "*"
    return None


def _regex(phrase: str) -> re.Pattern[str]:
    parts = [re.escape(word[:-1]) + r"\w*" if word.endswith("*") else re.escape(word) for word in phrase.split()]
    # As the scanner matches a phrase: whole words, separated by a space (punctuation between them breaks the match).
    return re.compile(r"(?<!\w)" + " ".join(parts) + r"(?!\w)")


def _candidates(text: str, common: set[str]) -> set[str]:
    """Word sequences of one to three words in the text (with stemmed variants) worth testing as phrases."""
    found: set[str] = set()
    for chunk in re.split(r"[^\w'’ ]+|\s{2,}", text.lower()):  # punctuation ends a sequence, as it ends a phrase match
        words = _words(chunk)
        for size in (1, 2, 3):
            for start in range(len(words) - size + 1):
                gram = words[start:start + size]
                if all(word in common or word.isdigit() for word in gram):
                    continue
                if size == 1 and (len(gram[0]) < 4 or gram[0] in common):
                    continue
                if gram[0] in common and size > 1 and gram[-1] in common:
                    continue  # "of the immune system" is tested as "immune system"
                found.add(" ".join(gram))
                stem = _stem(gram[-1])
                if stem and (size > 1 or stem[:-1] not in common):
                    found.add(" ".join([*gram[:-1], stem]))
    return found


def learn(examples: Iterable[Example], families: Iterable[str], min_documents: int = 3, min_sentences: int = 3,
          min_precision: float = 0.8, common_share: float = 0.04, max_per_family: int = 40) -> list[LearnedPhrase]:
    """Phrases that find a family's missed sentences across documents, rarely matching other sentences (see module)."""
    examples = list(examples)
    if not examples:
        return []
    counts = Counter(word for example in examples for word in set(_words(example.text)))
    common = {word for word, n in counts.items() if n > common_share * len(examples)}
    joined_texts = [" ".join(example.text.lower().replace("’", "'").split()) for example in examples]
    learned: list[LearnedPhrase] = []
    for family in families:
        covered = {i for i, example in enumerate(examples) if family in example.predicted}
        marked = {i for i, example in enumerate(examples) if family in example.annotated}
        tested: dict[str, tuple[set[int], set[int]]] = {}
        pool: set[str] = set()
        for i in marked - covered:
            pool |= _candidates(examples[i].text, common)
        for phrase in pool:
            regex = _regex(phrase)
            hits = {i for i, text in enumerate(joined_texts) if regex.search(text)}
            tested[phrase] = (hits & marked, hits - marked)
        for _ in range(max_per_family):
            best = None
            for phrase, (good, bad) in tested.items():
                new = good - covered
                documents = {examples[i].document for i in new}
                precision = len(good) / (len(good) + len(bad))
                if len(new) < min_sentences or len(documents) < min_documents or precision < min_precision:
                    continue
                key = (len(new) - 2 * len(bad), precision, -len(phrase.split()), "*" not in phrase, phrase)
                if best is None or key > best[0]:
                    best = (key, phrase, new, good, bad)
            if best is None:
                break
            _key, phrase, new, good, bad = best
            covered |= good
            sample = min(new)
            match = _regex(phrase).search(joined_texts[sample])
            example = match.group(0) if match else phrase.replace("*", "")
            learned.append(LearnedPhrase(family, phrase, example, len(good),
                                         len({examples[i].document for i in good}), len(good) / (len(good) + len(bad))))
            del tested[phrase]
    return learned
