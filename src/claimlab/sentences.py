"""An article's text cut into blocks (headings, list items, paragraphs) and sentences with stable ids.

A sentence id such as ``p03-s02`` (block 3, sentence 2) stays the same however often the article
is read, so a case's claims table can point at a sentence. Abbreviations ("e.g.", "Dr.", "No. 5")
and initials do not end a sentence.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from claimlab.articles import normalise_newlines


class Block(NamedTuple):
    """One block of an article: a heading, a list item or a paragraph."""

    number: int
    kind: str
    text: str


class Sentence(NamedTuple):
    """One sentence with its stable id, e.g. ``p03-s02`` (block 3, sentence 2)."""

    id: str
    text: str
    block: int
    kind: str


_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)(?:\s+#+)?\s*$")
_LIST_ITEM = re.compile(r"^\s*(?:[-*+•–]|\d{1,3}[.)])\s+(?=\S)")
_SETEXT = re.compile(r"^\s{0,3}(=+|-+)\s*$")
_RULE = re.compile(r"^\s{0,3}(?:[-*_]\s*){3,}$")
_QUOTE = re.compile(r"^\s{0,3}>\s?")


def _looks_like_heading(line: str) -> bool:
    words = line.split()
    if not words or len(words) > 12 or line.rstrip()[-1] in ".!,;:…":
        return False
    if not (line[0].isupper() or line[0].isdigit()):
        return False
    if line.rstrip().endswith("?"):
        capitalised = sum(1 for word in words if word[0].isupper())
        return capitalised * 2 >= len(words)
    return True


def _looks_like_title(line: str) -> bool:
    words = line.split()
    capitalised = sum(1 for word in words if word[0].isupper() or not word[0].isalpha())
    return len(words) <= 10 and _looks_like_heading(line) and capitalised * 2 > len(words)


def article_blocks(text: str) -> list[Block]:
    """Split an article's text into numbered blocks: headings, list items and paragraphs."""
    lines = normalise_newlines(text).split("\n")
    one_line_blocks = not any(not line.strip() for line in _inner(lines))
    blocks: list[tuple[str, str]] = []
    paragraph: list[str] = []

    def end_paragraph() -> None:
        if paragraph:
            joined = " ".join(part.strip() for part in paragraph)
            kind = "heading" if len(paragraph) == 1 and _looks_like_heading(joined) else "paragraph"
            blocks.append((kind, joined))
            paragraph.clear()

    for line in lines:
        line = _QUOTE.sub("", line)
        if not line.strip():
            end_paragraph()
            continue
        heading = _MD_HEADING.match(line)
        if heading:
            end_paragraph()
            blocks.append(("heading", heading.group(1).strip()))
        elif _SETEXT.match(line) and len(paragraph) == 1:
            blocks.append(("heading", paragraph.pop().strip()))
        elif _RULE.match(line):
            end_paragraph()
        elif _LIST_ITEM.match(line):
            end_paragraph()
            blocks.append(("list_item", _LIST_ITEM.sub("", line, count=1).strip()))
        elif (blocks and blocks[-1][0] == "list_item" and line[:1].isspace()
              and not paragraph and not one_line_blocks):
            kind, item = blocks.pop()
            blocks.append((kind, f"{item} {line.strip()}"))
        else:
            heading_above = len(paragraph) == 1 and _looks_like_title(paragraph[0])
            if one_line_blocks or (heading_above and line.lstrip()[:1].isupper()):
                end_paragraph()
            paragraph.append(line)
    end_paragraph()
    return [Block(number, kind, body) for number, (kind, body) in enumerate(blocks, start=1) if body]


def _inner(lines: list[str]) -> list[str]:
    filled = [index for index, line in enumerate(lines) if line.strip()]
    return lines[filled[0]: filled[-1] + 1] if filled else []


ABBREVIATIONS = {
    "e.g.", "i.e.", "vs.", "cf.", "al.", "dr.", "mr.", "mrs.", "ms.", "prof.", "st.", "mt.", "approx.",
    "inc.", "ltd.", "corp.", "jr.", "sr.", "dept.", "univ.", "jan.", "feb.", "aug.", "sept.", "oct.",
    "nov.", "dec.",
}
# Abbreviations only when a number follows ("No. 5", "p. 12"); otherwise "No." can end a sentence.
NUMBER_ABBREVIATIONS = {"no.", "nos.", "p.", "pp.", "vol.", "fig.", "figs.", "ref.", "refs.", "ca."}
_END = re.compile(r"[.!?…]+[\"”’'»)\]]*(?=\s)|[。！？]+[\"”’'」』)）]*")


_NEXT_CHAR = re.compile(r"[\s\"“‘'«(\[¿¡]*(.?)", re.DOTALL)


def _last_words(text: str, start: int, dot: int) -> list[str]:
    """The words just before a full stop (at most 200 characters back, never before the sentence's start)."""
    # Only the last two words count: looking back to the sentence's start made a page of
    # "Dr. Smith Dr. Smith ..." (one long sentence) take quadratic time.
    window = max(start, dot - 200)
    words = text[window:dot + 1].split()
    if window > start and len(words) < 2:
        words = ["x", *words]  # a word before it exists, it is just out of view
    return words


def _is_abbreviation(text: str, start: int, dot: int, following: str) -> bool:
    words = _last_words(text, start, dot)
    token = words[-1].lstrip("(\"“‘'[") if words else ""
    lowered = token.lower()
    if lowered in ABBREVIATIONS or (lowered in NUMBER_ABBREVIATIONS and following.isdigit()):
        return True
    if re.fullmatch(r"(?:[A-Za-z]\.){2,}", token):  # U.S., e.g., i.e.
        return True
    if re.fullmatch(r"[A-Z]\.", token):  # an initial (J. Smith), but not "vitamin D."
        before = words[-2] if len(words) > 1 else ""
        return not before or before[:1].isupper() or re.match(r"\s+[A-Z]\.", text[dot + 1:dot + 5]) is not None
    return False


def _sentence_spans(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for end_mark in _END.finditer(text):
        end = end_mark.end()
        if end_mark.group()[0] not in "。！？":
            first = _NEXT_CHAR.match(text, end).group(1)
            uncased_script = first and not first.isascii() and not first.islower()
            if not (first.isupper() or first.isdigit() or uncased_script):
                continue
            if end_mark.group() == "." and _is_abbreviation(text, start, end_mark.start(), first):
                continue
        if text[start:end].strip():
            spans.append((start, end))
        start = end
    if text[start:].strip():
        spans.append((start, len(text)))
    return spans


def split_sentences(text: str) -> list[Sentence]:
    """Split an article's text into sentences with stable ids like ``p03-s02`` (block 3, sentence 2)."""
    sentences = []
    for block in article_blocks(text):
        spans = _sentence_spans(block.text)
        for number, (start, end) in enumerate(spans, start=1):
            sentence_id = f"p{block.number:02d}-s{number:02d}"
            sentences.append(Sentence(sentence_id, block.text[start:end].strip(), block.number, block.kind))
    return sentences
