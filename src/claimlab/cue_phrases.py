"""Cue phrases: cue families written as phrases with slots, each slot a list of words.

A cue pattern (``cue-patterns.csv``) is a regular expression. A cue *phrase* says the same kind
of thing in words a teacher can edit: ``{research} {gap} {show} {gap} {benefit}`` reads "a word
for research, up to three other words, a word for showing, ...". The words of each slot are
listed once in ``datasets/reference/cue-slots.csv`` and shared by every phrase that names the
slot, so a new paraphrase ("data demonstrate") is one new word in a list, not a new regex, and
another language needs new word lists, not new code.

Files (both beside ``cue-patterns.csv``; when ``cue-phrases.csv`` is absent there, no phrase is
added, so a patterns file kept elsewhere is scored alone):

- ``cue-phrases.csv``: ``family, phrase, example, note``. In ``phrase``: plain words; ``{slot}``
  (any word of the slot); ``{slot?}`` (the same, or nothing); ``{gap}`` (up to three other
  words) or ``{gap:N}`` (up to N, at most 8). A phrase starts and ends with a word or slot.
- ``cue-slots.csv``: ``slot, word, note``. ``word`` is a word or phrase, matched whole and
  without regard to case; a trailing ``*`` allows any ending (``demonstrat*``).

Each phrase is compiled to a regular expression and added to its family's patterns by the
scanner (``claimlab.scanner.compiled_cues``), so a cue found by a phrase is shown with its
family's label and learner explanation from ``cue-families.csv``, exactly as a pattern's cue is.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

from claimlab.errors import ClaimLabInputError
from claimlab.readfile import reference_rows

PHRASE_COLUMNS = ("family", "phrase", "example", "note")
SLOT_COLUMNS = ("slot", "word", "note")
PHRASES_FILE = "cue-phrases.csv"
SLOTS_FILE = "cue-slots.csv"
LEARNED_FILE = "cue-phrases-learned.csv"  # phrases learned from annotated examples (claimlab.cue_learning)
MAX_GAP = 8
DEFAULT_GAP = 3
_TOKEN = re.compile(r"\{([a-z_][a-z0-9_]*)(\?)?(?::(\d+))?\}|([^\s{}]+)")
_WORD = re.compile(r"[^\W_]+(?:['’.&+-][^\W_]+)*\*?|\d+(?:[.,]\d+)*%?\*?|#\d+|%")
# Any word of the text inside a gap (letters, digits, apostrophes, hyphens, %).
_GAP_WORD = r"[\w'’%-]+"


def word_pattern(word: str, where: str = "word") -> str:
    """The regular expression for one slot word or phrase: words escaped, spaces as one space, a trailing * as any ending."""
    parts = word.lower().split()
    if not parts:
        raise ClaimLabInputError(f"{where}: empty. Write a word or delete the row.")
    out = []
    for part in parts:
        if not _WORD.fullmatch(part):
            raise ClaimLabInputError(
                f"{where}: {part!r} is not a plain word. Use letters or digits (with - ' . & inside a word), "
                "and * only at the end of a word for 'any ending'."
            )
        out.append(re.escape(part[:-1]) + r"\w*" if part.endswith("*") else re.escape(part))
    return " ".join(out)


def slot_words(path: str | Path) -> dict[str, list[str]]:
    """The words of each slot, as regular expressions, longest first (from cue-slots.csv)."""
    path = Path(path)
    slots: dict[str, list[str]] = {}
    for line, row in reference_rows(path, SLOT_COLUMNS):
        slot = row["slot"]
        if not re.fullmatch(r"[a-z_][a-z0-9_]*", slot):
            raise ClaimLabInputError(
                f"{path}, row {line}, field 'slot': {slot!r} is not a slot name. Use lower-case letters, digits and _."
            )
        pattern = word_pattern(row["word"], f"{path}, row {line}, field 'word'")
        if pattern in slots.get(slot, []):
            raise ClaimLabInputError(f"{path}, row {line}, field 'word': {row['word']!r} is listed twice in slot {slot!r}.")
        slots.setdefault(slot, []).append(pattern)
    return {slot: sorted(words, key=len, reverse=True) for slot, words in slots.items()}


def phrase_pattern(phrase: str, slots: dict[str, list[str]], where: str = "phrase") -> str:
    """The regular expression for one phrase: its words, slots and gaps joined by single spaces."""
    pieces: list[tuple[str, str]] = []  # (kind, regex): kind is word, optional or gap
    for match in _TOKEN.finditer(phrase):
        name, optional, gap, word = match.groups()
        if word is not None:
            pieces.append(("word", word_pattern(word, where)))
        elif name == "gap":
            size = int(gap) if gap else DEFAULT_GAP
            if optional or not 1 <= size <= MAX_GAP:
                raise ClaimLabInputError(f"{where}: {match.group(0)!r}: a gap is {{gap}} or {{gap:N}} with N from 1 to {MAX_GAP}.")
            pieces.append(("gap", f"(?: {_GAP_WORD}){{0,{size}}}"))
        else:
            if gap:
                raise ClaimLabInputError(f"{where}: {match.group(0)!r}: only {{gap:N}} takes a number.")
            if name not in slots:
                known = ", ".join(sorted(slots)) or "(none)"
                raise ClaimLabInputError(
                    f"{where}: slot {{{name}}} is not in {SLOTS_FILE}. Add its words there, or use one of: {known}."
                )
            words = "(?:" + "|".join(slots[name]) + ")"
            pieces.append(("optional" if optional else "word", words))
    leftover = _TOKEN.sub("", phrase).strip()
    if leftover:
        raise ClaimLabInputError(f"{where}: {leftover!r} is not a word, a {{slot}} or a {{gap}}. Check the braces.")
    if not any(kind == "word" for kind, _ in pieces):
        raise ClaimLabInputError(f"{where}: {phrase!r} needs at least one word or slot that is not optional.")
    if pieces[0][0] == "gap" or pieces[-1][0] == "gap":
        raise ClaimLabInputError(f"{where}: {phrase!r} starts or ends with a gap. Start and end with a word or slot.")
    out, lead = "", False  # lead: a required word came before, so the next piece starts with a space
    for kind, regex in pieces:
        if kind == "gap":
            if not lead:
                raise ClaimLabInputError(f"{where}: {phrase!r} has a gap before its first required word. Move the gap.")
            out += regex
        elif kind == "optional":
            out += f"(?: {regex})?" if lead else f"(?:{regex} )?"
        else:
            out += (" " if lead else "") + regex
            lead = True
    return out


@functools.lru_cache(maxsize=8)
def _patterns(phrases: str, phrases_modified: float, slots: str, slots_modified: float,
              families: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    words = slot_words(slots)
    found = []
    for line, row in reference_rows(Path(phrases), PHRASE_COLUMNS):
        where = f"{phrases}, row {line}, field 'phrase'"
        if row["family"] not in families:
            raise ClaimLabInputError(
                f"{phrases}, row {line}, field 'family': unknown family {row['family']!r}. Use one of: {', '.join(families)}."
            )
        if not row["phrase"]:
            raise ClaimLabInputError(f"{where}: empty. Write a phrase or delete the row.")
        found.append((row["family"], phrase_pattern(row["phrase"], words, where)))
    return tuple(found)


def phrase_patterns(patterns_path: str | Path, families: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    """(family, regular expression) for every phrase in cue-phrases.csv beside the patterns file; () when there is none.

    The learned phrases (cue-phrases-learned.csv, same columns) are added when that file sits beside them too.
    """
    folder = Path(patterns_path).parent
    phrases, slots, learned = folder / PHRASES_FILE, folder / SLOTS_FILE, folder / LEARNED_FILE
    if not phrases.exists():
        return ()
    slots_modified = slots.stat().st_mtime if slots.exists() else 0.0
    found = _patterns(str(phrases), phrases.stat().st_mtime, str(slots), slots_modified, tuple(families))
    if learned.exists():
        found += _patterns(str(learned), learned.stat().st_mtime, str(slots), slots_modified, tuple(families))
    return found
