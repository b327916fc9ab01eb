"""The article scanner: find the language of claims in each sentence of an article.

A *cue* is a word or phrase that often signals a move worth questioning ("may help",
"natural", "studies suggest") or, for ``specific_source``, something a reader can look up.
The word lists live in ``datasets/reference/cue-patterns.csv`` and the learner-facing
explanations in ``datasets/reference/cue-families.csv``, so instructors can adapt them
without touching this code. A cue is a prompt to look closer, never a verdict.

Reading the article file is ``claimlab.articles``; cutting it into sentences, ``claimlab.sentences``;
writing a scan out as JSON, CSV, Markdown or HTML, ``claimlab.scan_formats``; the ``scan`` command,
``claimlab.command_line``. Their names are still importable from here, as lessons written
before the split expect.
"""

from __future__ import annotations

import bisect
import functools
import re
from pathlib import Path
from typing import NamedTuple

import pandas as pd

from claimlab import cue_phrases, vocabulary  # cue_phrases: see the cue-phrases hook in compiled_cues
from claimlab.articles import (  # noqa: F401  (re-exported: lessons and tests import them from here)
    ARTICLE_SUFFIXES,
    ENCODINGS,
    MAX_ARTICLE_BYTES,
    article_text,
    defuse_html,
    html_to_text,
    is_article_path,
    read_article_text,
    strip_html_comments,
)
from claimlab.errors import ClaimLabInputError  # noqa: F401  (defined there, raised here)
from claimlab.paths import reference_dir
from claimlab.readfile import reference_rows
from claimlab.sentences import Block, Sentence, article_blocks, split_sentences  # noqa: F401  (re-exported)

PATTERN_COLUMNS = ("family", "pattern", "example", "note")
FAMILY_COLUMNS = ("family", "label", "order", "tag", "suggests_claim_type", "suggestion_order", "explanation",
                  "question_to_ask", "key_concept", "colour")
SCAN_COLUMNS = ["sentence_id", "sentence", "family", "match", "start", "end"]

read_article = read_article_text  # deprecated name, kept for code written before claimlab.articles


class Cue(NamedTuple):
    """A cue found in a sentence: its family, the matched words, and where they start and end in the sentence."""

    family: str
    match: str
    start: int
    end: int


# --------------------------------------------------------------------------- cue lists


def _default_file(name: str) -> Path:
    return reference_dir() / name


def cue_families(path: str | Path | None = None) -> pd.DataFrame:
    """The table of cue families: label, plain explanation, question to ask, key concept, colour."""
    path = Path(path) if path else _default_file("cue-families.csv")
    rows = reference_rows(path, FAMILY_COLUMNS)
    seen = set()
    for line, row in rows:
        if not row["family"]:
            raise ClaimLabInputError(f"{path}, row {line}, field 'family': empty. Give the family's name.")
        if row["family"] in seen:
            raise ClaimLabInputError(
                f"{path}, row {line}, field 'family': {row['family']!r} appears twice. Keep one row."
            )
        seen.add(row["family"])
        if not re.fullmatch(r"#[0-9A-Fa-f]{6}", row["colour"]):
            raise ClaimLabInputError(
                f"{path}, row {line}, field 'colour': {row['colour']!r} is not a colour like #E8F4FB."
            )
    return pd.DataFrame([row for _, row in rows], columns=list(FAMILY_COLUMNS))


def cue_patterns(path: str | Path | None = None) -> pd.DataFrame:
    """The table of cue patterns (regular expressions) with an example and a note for each."""
    path = Path(path) if path else _default_file("cue-patterns.csv")
    rows = reference_rows(path, PATTERN_COLUMNS)
    return pd.DataFrame([row for _, row in rows], columns=list(PATTERN_COLUMNS))


class FamilyMatcher:
    """All the patterns of one cue family, combined into as few regular expressions as possible.

    Patterns written in lower case (most of them) are combined into one expression that runs on
    a lower-cased copy of the text, which is several times faster than re.IGNORECASE.
    Patterns that need the original capitals (``(?-i:WHO)``, ``says (?-i:[A-Z])``) run
    case-insensitively on the text itself.
    """

    def __init__(self, family: str, patterns: list[str]) -> None:
        self.family = family
        lower = [p for p in patterns if not _needs_original_case(p)]
        mixed = [p for p in patterns if _needs_original_case(p)]
        self.lower = _combine(lower, 0) if lower else None
        self.mixed = _combine(mixed, re.IGNORECASE) if mixed else None

    def spans(self, text: str, lowered: str | None = None) -> list[tuple[int, int]]:
        """Start and end of each match in the text (no overlaps within the family)."""
        found = []
        if self.lower is not None:
            lowered = lowered if lowered is not None else _lower(text)
            found += [(_bracket_start(text, m.start(1) - 1), m.end(1) - 1) for m in self.lower.finditer("\x00" + lowered)]
        if self.mixed is not None:
            found += [(m.start(1) - 1, m.end(1) - 1) for m in self.mixed.finditer("\x00" + text)]
            found.sort()
        kept: list[tuple[int, int]] = []
        for start, end in found:
            if end > start and (not kept or start >= kept[-1][1]):
                kept.append((start, end))
        return kept

    def search(self, text: str) -> bool:
        """True when the family has a match in the text."""
        return bool(self.spans(text))


def _needs_original_case(pattern: str) -> bool:
    unescaped = re.sub(r"\\.", "", pattern)
    return "(?-i" in pattern or re.search(r"[A-Z]", unescaped) is not None


def _combine(patterns: list[str], flags: int) -> re.Pattern[str]:
    # "\W(...)" rather than "(?<!\w)(...)": a pattern that starts with a character class lets
    # the regex engine skip through the middle of words quickly (about 25% faster here). The
    # lookahead for the characters a cue can start with skips runs of punctuation just as fast
    # (a page of "<" or "1. 1. " would otherwise try every pattern at every character).
    starts = _start_class(patterns)
    ahead = f"(?=[{starts}])" if starts else ""
    return re.compile(r"\W" + ahead + "(" + "|".join(f"(?:{p})" for p in patterns) + r")(?!\w)", flags)


def _start_class(patterns: list[str]) -> str:
    """A character class (without brackets) of every character the patterns can start with, or '' if unknown."""
    try:
        import re._parser as parser  # Python 3.11+
    except ImportError:  # pragma: no cover
        return ""
    found: set[str] = set()
    for pattern in patterns:
        try:
            firsts = _firsts(list(parser.parse(pattern)), parser)
        except Exception:  # an unusual pattern: skip the shortcut rather than risk a missed cue
            return ""
        if firsts is None:
            return ""
        found |= firsts
    return "".join(sorted(found))


def _firsts(items: list, parser) -> set[str] | None:
    """The characters (as class members) a parsed pattern can start with; None when it could be anything."""
    import re._constants as c

    found: set[str] = set()
    for op, value in items:
        if op in (c.ASSERT, c.ASSERT_NOT, c.AT):
            continue  # zero width: look at what follows
        if op is c.LITERAL:
            found.add(re.escape(chr(value)))
            return found
        if op is c.IN:
            for kind, member in value:
                if kind is c.LITERAL:
                    found.add(re.escape(chr(member)))
                elif kind is c.RANGE:
                    found.add(f"{re.escape(chr(member[0]))}-{re.escape(chr(member[1]))}")
                elif kind is c.CATEGORY and member in (c.CATEGORY_DIGIT, c.CATEGORY_WORD):
                    found.add(r"\d" if member is c.CATEGORY_DIGIT else r"\w")
                else:
                    return None
            return found
        if op is c.SUBPATTERN:
            inner = _firsts(list(value[-1]), parser)
            if inner is None:
                return None
            found |= inner
            if not _nullable(list(value[-1])):
                return found
            continue
        if op is c.BRANCH:
            for branch in value[1]:
                inner = _firsts(list(branch), parser)
                if inner is None:
                    return None
                found |= inner
            if not any(_nullable(list(branch)) for branch in value[1]):
                return found
            continue
        if op in (c.MAX_REPEAT, c.MIN_REPEAT, getattr(c, "POSSESSIVE_REPEAT", None)):
            low, _high, body = value
            inner = _firsts(list(body), parser)
            if inner is None:
                return None
            found |= inner
            if low > 0 and not _nullable(list(body)):
                return found
            continue
        return None
    return None  # the whole pattern can match empty text


def _nullable(items: list) -> bool:
    """True when a parsed pattern can match empty text (then what follows it can come first)."""
    import re._constants as c

    for op, value in items:
        if op in (c.ASSERT, c.ASSERT_NOT, c.AT):
            continue
        if op is c.SUBPATTERN:
            if not _nullable(list(value[-1])):
                return False
        elif op is c.BRANCH:
            if not any(_nullable(list(branch)) for branch in value[1]):
                return False
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT, getattr(c, "POSSESSIVE_REPEAT", None)):
            if value[0] > 0 and not _nullable(list(value[2])):
                return False
        else:
            return False
    return True


# A quotation's editorial capital in brackets ("[c]linically proven", "[A]nti-inflammatory", as agencies
# quote claims) is read as the plain word: "[c]l" becomes "  cl" in the lower-cased copy (same length,
# so offsets still point into the text), and a cue that starts there is widened back over the "[".
_BRACKETED_LETTER = re.compile(r"(?<!\w)\[(\w)\](?=\w)")


def _lower(text: str) -> str:
    lowered = text.lower()
    if len(lowered) != len(text):  # a few letters (e.g. Turkish İ) grow when lower-cased
        lowered = "".join(char.lower() if len(char.lower()) == 1 else char for char in text)
    if "[" in lowered:
        lowered = _BRACKETED_LETTER.sub(r"  \1", lowered)
    return lowered


def _bracket_start(text: str, start: int) -> int:
    """The start of a cue, moved back over a bracketed capital ("[c]linically") that _lower read as a letter."""
    if start >= 2 and text[start - 2] == "[" and text[start] == "]":
        return start - 2
    return start


@functools.lru_cache(maxsize=8)
def _compiled(path: str, modified: float, families: tuple[str, ...],
              phrases: tuple[tuple[str, str], ...] = ()) -> dict[str, FamilyMatcher]:
    by_family: dict[str, list[str]] = {}
    for line, row in reference_rows(Path(path), PATTERN_COLUMNS):
        family, pattern = row["family"], row["pattern"]
        if family not in families:
            raise ClaimLabInputError(
                f"{path}, row {line}, field 'family': unknown family {family!r}. "
                f"Use one of: {', '.join(families)}."
            )
        if not pattern:
            raise ClaimLabInputError(
                f"{path}, row {line}, field 'pattern': empty. Write a pattern or delete the row."
            )
        try:
            compiled = re.compile(pattern, re.IGNORECASE)
            # Inside the group the matchers put it in: a global flag like (?i) only works at the very start.
            # (Not _combine([pattern]): its start-character analysis doubled the cost of reading the file.)
            re.compile(f"(?:{pattern})", re.IGNORECASE)
        except re.error as error:
            raise ClaimLabInputError(
                f"{path}, row {line}, field 'pattern': {pattern!r} is not a valid regular expression "
                f"({error}). Fix it or delete the row."
            ) from error
        if compiled.search("") is not None:
            raise ClaimLabInputError(
                f"{path}, row {line}, field 'pattern': {pattern!r} matches empty text. "
                "Make it match at least one word."
            )
        by_family.setdefault(family, []).append(pattern)
    for family, pattern in phrases:  # cue-phrases hook (claimlab.cue_phrases): phrases with slots join their family
        by_family.setdefault(family, []).append(pattern)
    return {family: FamilyMatcher(family, by_family[family]) for family in families if family in by_family}


@functools.lru_cache(maxsize=8)
def _family_names(path: str, modified: float) -> tuple[str, ...]:
    # Read once per version of the file: re-reading it on every scan cost more than scanning 10 KB.
    return tuple(cue_families(path)["family"])


def compiled_cues(
    patterns_path: str | Path | None = None, families_path: str | Path | None = None
) -> dict[str, FamilyMatcher]:
    """The cue patterns of each family, read and compiled once (then cached until the file changes)."""
    path = Path(patterns_path) if patterns_path else _default_file("cue-patterns.csv")
    families_file = Path(families_path) if families_path else _default_file("cue-families.csv")
    families = _family_names(str(families_file), families_file.stat().st_mtime if families_file.exists() else 0.0)
    modified = path.stat().st_mtime if path.exists() else 0.0
    # cue-phrases hook: phrase families with slots (cue-phrases.csv and cue-slots.csv beside the patterns file)
    phrases = cue_phrases.phrase_patterns(path, families)
    return _compiled(str(path), modified, families, phrases)


# --------------------------------------------------------------------------- scanning


# "Studies suggest" is vague only when no study is named: a sentence that also names a checkable
# source ("research published in the Journal of ...") keeps only the specific_source cue.
SUPPRESSED_BY = {"vague_authority": "specific_source"}


def _cues_by_sentence(texts: list[str], patterns: dict[str, FamilyMatcher]) -> list[list[Cue]]:
    # One pass per family over all the sentences joined by NUL characters (which no cue
    # matches), rather than one per sentence: far fewer calls into the regex engine.
    joined = "\x00".join(texts)
    lowered = _lower(joined)
    starts, position = [], 0
    for text in texts:
        starts.append(position)
        position += len(text) + 1
    found: list[list[Cue]] = [[] for _ in texts]
    for family, matcher in patterns.items():
        for start, end in matcher.spans(joined, lowered):
            index = bisect.bisect_right(starts, start) - 1
            offset, text = starts[index], texts[index]
            end = min(end, offset + len(text))
            if start < end:
                found[index].append(Cue(family, text[start - offset:end - offset], start - offset, end - offset))
    order = vocabulary.cue_family_ranks()  # read once per article, not once per sentence
    return [_tidy(cues, order) for cues in found]


def _tidy(cues: list[Cue], order: dict[str, int]) -> list[Cue]:
    present = {cue[0] for cue in cues}
    cues = [cue for cue in cues if SUPPRESSED_BY.get(cue[0]) not in present]
    return sorted(cues, key=lambda cue: (cue[2], cue[3], order.get(cue[0], len(order))))


def scan_sentences(
    text_or_path: str | Path, patterns_path: str | Path | None = None
) -> list[tuple[Sentence, list[Cue]]]:
    """Each sentence of an article with its cues as (family, match, start, end)."""
    patterns = compiled_cues(patterns_path)
    sentences = split_sentences(article_text(text_or_path))
    return list(zip(sentences, _cues_by_sentence([sentence.text for sentence in sentences], patterns)))


def scan_article(text_or_path: str | Path, patterns_path: str | Path | None = None) -> pd.DataFrame:
    """One row per cue found: sentence_id, sentence, family, match, start, end (offsets in the sentence)."""
    rows = [
        (sentence.id, sentence.text, family, match, start, end)
        for sentence, cues in scan_sentences(text_or_path, patterns_path)
        for family, match, start, end in cues
    ]
    table = pd.DataFrame(rows, columns=SCAN_COLUMNS)
    return table.astype({"start": "int64", "end": "int64"})


def sentences_table(text_or_path: str | Path, patterns_path: str | Path | None = None) -> pd.DataFrame:
    """One row per sentence: its id, kind of block, text and the list of cue families in it."""
    rows = []
    ranks = vocabulary.cue_family_ranks()
    for sentence, cues in scan_sentences(text_or_path, patterns_path):
        families = sorted({cue[0] for cue in cues}, key=lambda f: ranks.get(f, len(ranks)))
        rows.append((sentence.id, sentence.kind, sentence.text, families, len(cues)))
    return pd.DataFrame(rows, columns=["sentence_id", "kind", "sentence", "families", "n_cues"])


def count_cues(text_or_path: str | Path, patterns_path: str | Path | None = None) -> pd.DataFrame:
    """How many cues of each family an article has, and in how many sentences, with the family's label."""
    families = cue_families()
    cues, sentences = {}, {}
    for _, found in scan_sentences(text_or_path, patterns_path):
        for family in {cue[0] for cue in found}:
            sentences[family] = sentences.get(family, 0) + 1
        for cue in found:
            cues[cue[0]] = cues.get(cue[0], 0) + 1
    rows = [
        (row.family, row.label, cues[row.family], sentences[row.family])
        for row in families.itertuples()
        if row.family in cues
    ]
    return pd.DataFrame(rows, columns=["family", "label", "cues", "sentences"])


# Moved to their own modules; still found here for code written before the split. They are looked
# up on first use, not imported, so this module never imports the modules that build on it.
_MOVED = {
    "FORMATS": "claimlab.scan_formats", "scan_as_dict": "claimlab.scan_formats",
    "scan_as_markdown": "claimlab.scan_formats", "scan_output": "claimlab.scan_formats",
    "write_new_file": "claimlab.command_line", "add_scan_command": "claimlab.command_line",
    "run_scan": "claimlab.command_line",
}


def __getattr__(name: str) -> object:
    """A name that moved out of this module (see _MOVED), found where it now lives."""
    if name in _MOVED:
        import importlib

        return getattr(importlib.import_module(_MOVED[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
