"""The article scanner: read an article, split it into sentences and find the language of claims.

A *cue* is a word or phrase that often signals a move worth questioning ("may help",
"natural", "studies suggest") or, for ``specific_source``, something a reader can look up.
The word lists live in ``datasets/reference/cue-patterns.csv`` and the learner-facing
explanations in ``datasets/reference/cue-families.csv``, so instructors can adapt them
without touching this code. A cue is a prompt to look closer, never a verdict.
"""

from __future__ import annotations

import argparse
import bisect
import csv
import errno
import functools
import json
import re
import sys
from html.parser import HTMLParser
from pathlib import Path
from typing import NamedTuple

import pandas as pd

from claimlab.errors import ClaimLabInputError  # noqa: F401  (defined there, raised here)
from claimlab.escaping import csv_safe_frame, markdown_cell
from claimlab.files import write_atomic
from claimlab import cue_phrases, vocabulary  # cue_phrases: see the cue-phrases hook in compiled_cues
from claimlab.paths import reference_dir

PATTERN_COLUMNS = ("family", "pattern", "example", "note")
FAMILY_COLUMNS = ("family", "label", "order", "tag", "suggests_claim_type", "suggestion_order", "explanation",
                  "question_to_ask", "key_concept", "colour")
ARTICLE_SUFFIXES = (".txt", ".text", ".md", ".markdown", ".html", ".htm", ".xhtml")
ENCODINGS = ("utf-8", "utf-8-sig", "cp1252")
SCAN_COLUMNS = ["sentence_id", "sentence", "family", "match", "start", "end"]
FORMATS = ("json", "csv", "md", "html")




class Block(NamedTuple):
    """One block of an article: a heading, a list item or a paragraph."""

    number: int
    kind: str
    text: str


# A cue found in a sentence: (family, matched words, start, end), offsets within the sentence.
Cue = tuple[str, str, int, int]


class Sentence(NamedTuple):
    """One sentence with its stable id, e.g. ``p03-s02`` (block 3, sentence 2)."""

    id: str
    text: str
    block: int
    kind: str


# --------------------------------------------------------------------------- reading files


MAX_ARTICLE_BYTES = 50_000_000  # a larger file is refused before it is read, with a message


def read_article(path: str | Path, max_chars: int | None = None) -> str:
    """Read an article saved as plain text, Markdown or a web page (HTML) and return its text.

    With max_chars, plain text and Markdown are cut to that length before any other work (a
    web page is cut once reduced to its text).
    """
    path = Path(path)
    raw = _read_bytes(path, MAX_ARTICLE_BYTES)
    text = _decode(raw, path)
    if max_chars is not None and not _looks_like_html(path, text):
        text = text[: max_chars + 1]  # one more, so the caller can tell that it was cut
    if _looks_like_html(path, text):
        text = html_to_text(text)
        if not text.strip():
            raise ClaimLabInputError(
                f"{path} is a web page with no readable article text (only scripts, menus or "
                "forms). Open it in a browser, copy the article text into a .txt file and scan that."
            )
    else:
        text = _FRONT_MATTER.sub("", strip_html_comments(text), count=1)
        if path.suffix.lower() in (".md", ".markdown"):
            text = _strip_inline_markdown(text)
        if not text.strip():
            raise ClaimLabInputError(f"{path} has no text outside comments. Paste the article's text into it.")
    return _normalise_newlines(text)


def _read_bytes(path: Path, limit: int | None = None) -> bytes:
    from claimlab.files import check_name
    from claimlab.readfile import is_utf16

    too_long = check_name(path)
    if too_long:
        raise ClaimLabInputError(f"{str(path)[:60]}...: {too_long}.")
    try:
        size = path.stat().st_size
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise ClaimLabInputError(f"{path} is a symbolic link that leads back to itself (a link loop). "
                                     "Replace the link with the article file itself.") from error
        if error.errno in (errno.EACCES, errno.EPERM):
            raise ClaimLabInputError(f"{path} could not be read (permission denied). Give yourself permission to "
                                     "read it, or copy it to a folder you own.") from error
        size = None
    if limit is not None and size is not None and size > limit and path.is_file():
        raise ClaimLabInputError(f"{path} is {size / 1e6:.1f} MB, over the limit of {limit / 1e6:.0f} MB, so it "
                                 "was not read. Save only the article's text, or split it.")
    if not path.exists():
        raise ClaimLabInputError(
            f"{path}: no such file. Check the name and the folder (paths are relative to "
            f"where you run the command or notebook, here {Path.cwd()})."
        )
    if path.is_dir():
        raise ClaimLabInputError(
            f"{path} is a folder, not a file. Give the path of the article file inside it."
        )
    try:
        raw = path.read_bytes()
    except OSError as error:
        message = f"{path} could not be read ({error.strerror}). Check its permissions."
        raise ClaimLabInputError(message) from error
    if not raw.strip():
        raise ClaimLabInputError(
            f"{path} is empty. Paste the article's text into it and save, or choose another file."
        )
    if is_utf16(raw):
        raise ClaimLabInputError(
            f"{path} is UTF-16 text, not UTF-8. Open it in a text editor and save it again with the encoding "
            "UTF-8 (e.g. Notepad: Save As > Encoding UTF-8; LibreOffice: Save As > Text, Unicode (UTF-8)).")
    if b"\x00" in raw[:1_000_000]:
        raise ClaimLabInputError(
            f"{path} looks like a binary file (a PDF, Word file or image?), not text. Save the "
            "article as plain text (.txt), Markdown (.md) or a web page (.html) and scan that."
        )
    return raw


_CONTROLS = {code: None for code in range(32) if chr(code) not in "\t\n\r\f\v"}


def _decode(raw: bytes, path: Path) -> str:
    for encoding in ENCODINGS:
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        text = text.removeprefix("\ufeff")
        sample = text[:100_000]
        controls = len(sample) - len(sample.translate(_CONTROLS))
        if controls > max(5, len(text[:100_000]) // 50):
            break
        return text
    raise ClaimLabInputError(
        f"{path} is not readable text (it may be a binary file such as a PDF or Word document). "
        "Save the article as plain text (.txt, UTF-8) and scan that."
    )


def _looks_like_html(path: Path, text: str) -> bool:
    if path.suffix.lower() in (".html", ".htm", ".xhtml"):
        return True
    start = text.lstrip()[:200].lower()
    return start.startswith("<!doctype html") or start.startswith("<html")


def _normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


MAX_TAG = 4_000  # a "<" whose ">" is further than this (or absent) is text, not a tag


def strip_html_comments(text: str) -> str:
    """The text without its <!-- comments --> (one pass; an unclosed comment is kept, as text)."""
    parts, position = [], 0
    while True:
        start = text.find("<!--", position)
        if start < 0:
            break
        end = text.find("-->", start + 4)
        if end < 0:
            break  # no comment closes after this one, so none after it does either
        parts.append(text[position:start])
        position = end + 3
    parts.append(text[position:])
    return "".join(parts)


_TAG_START = re.compile(r"<(?=[A-Za-z/!?])")


def defuse_html(html: str) -> str:
    """HTML with every '<' that cannot start a whole tag written as '&lt;', so parsing it takes linear time.

    Python's HTML parser looks ahead to the end of the page for each unclosed tag, comment or
    quote, which takes minutes on 100 KB of '<a '; a '<' with no '>' within MAX_TAG characters,
    with another '<' before its '>', or with an unclosed quote, is text anyway.
    """
    html = strip_html_comments(html)
    if "<" not in html:
        return html
    parts, position, next_close = [], 0, -2
    for match in _TAG_START.finditer(html):
        start = match.start()
        if next_close != -1 and next_close < start:
            next_close = html.find(">", start)
        end = next_close
        inner = html.find("<", start + 1, end) if end > 0 else -1
        if (end < 0 or end - start > MAX_TAG or inner >= 0
                or html.count('"', start, end) % 2 or html.count("'", start, end) % 2 and "=" in html[start:end]):
            parts.append(html[position:start])
            parts.append("&lt;")
            position = start + 1
    parts.append(html[position:])
    return "".join(parts)
# A YAML block at the top of a Markdown file (title, author, ...): metadata, not article text.
_FRONT_MATTER = re.compile(r"\A\s*---[ \t]*\n(?=[A-Za-z_][\w-]*:)(?:[^\n]*\n){0,200}?---[ \t]*(?:\n|\Z)")
# Each pattern stops at the next opening mark or line end, so a page of "[" or "**x" is read
# in linear time (an earlier ".+?" looked ahead to the end of the text from every mark).
_MD_IMAGE = re.compile(r"!\[([^\[\]\n]*)\]\([^()\n]*\)")
_MD_LINK = re.compile(r"\[([^\[\]\n]+)\]\([^()\n]*\)")
_MD_EMPHASIS = re.compile(r"\*\*(?=[^\s*])([^*\n]+?)(?<=\S)\*\*|__(?=[^\s_])([^_\n]+?)(?<=\S)__")
_MD_CODE = re.compile(r"`([^`]+)`")
_MD_SINGLE_EMPHASIS = re.compile(r"(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])")


def _strip_inline_markdown(text: str) -> str:
    text = _MD_IMAGE.sub(r"\1", text)
    text = _MD_LINK.sub(r"\1", text)
    text = _MD_EMPHASIS.sub(lambda m: m.group(1) if m.group(1) is not None else m.group(2), text)
    text = _MD_SINGLE_EMPHASIS.sub(r"\1", text)
    return _MD_CODE.sub(r"\1", text)


SKIPPED_TAGS = {
    "script", "style", "nav", "header", "footer", "aside", "form", "noscript", "svg",
    "head", "template", "iframe", "button", "select", "textarea", "dialog", "menu", "object",
}
SKIPPED_ROLES = {"navigation", "banner", "contentinfo", "complementary", "search", "menu", "menubar", "dialog"}
VOID_TAGS = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
    "source", "track", "wbr",
}
HEADING_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
BLOCK_TAGS = HEADING_TAGS | {
    "p", "li", "div", "section", "article", "main", "blockquote", "pre", "table", "tr", "td",
    "th", "ul", "ol", "dl", "dt", "dd", "figure", "figcaption", "hr", "br", "body", "caption",
}


class _ArticleHTMLParser(HTMLParser):
    """Collects the readable blocks of a web page, leaving out scripts, menus and footers."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self.current: list[str] = []
        self.kind = "paragraph"
        self.skipping: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in VOID_TAGS:
            if not self.skipping and tag in BLOCK_TAGS:
                self._end_block()
            return
        if self.skipping:
            self.skipping.append(tag)
            return
        attributes = dict(attrs)
        role = (attributes.get("role") or "").lower()
        hidden = "hidden" in attributes or (attributes.get("aria-hidden") or "").lower() == "true"
        if tag in SKIPPED_TAGS or role in SKIPPED_ROLES or hidden:
            self._end_block()
            self.skipping.append(tag)
            return
        if tag in BLOCK_TAGS:
            if tag == "p" and self.kind == "list_item" and not "".join(self.current).strip():
                return  # <li><p>text</p></li> is still a list item
            self._end_block()
            self.kind = "heading" if tag in HEADING_TAGS else "list_item" if tag == "li" else "paragraph"

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if not self.skipping and tag in BLOCK_TAGS:
            self._end_block()

    def handle_endtag(self, tag: str) -> None:
        if self.skipping:
            if tag in self.skipping:
                while self.skipping and self.skipping.pop() != tag:
                    pass
            return
        if tag in BLOCK_TAGS:
            self._end_block()

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.current.append(data)

    def _end_block(self) -> None:
        text = " ".join("".join(self.current).split())
        if text:
            marker = {"heading": "## ", "list_item": "- "}.get(self.kind, "")
            self.blocks.append(marker + text)
        self.current = []
        self.kind = "paragraph"

    def close(self) -> None:
        super().close()
        self._end_block()


def html_to_text(html: str) -> str:
    """Reduce a saved web page to its readable text: headings, paragraphs and list items as blocks."""
    parser = _ArticleHTMLParser()
    parser.feed(defuse_html(html))
    parser.close()
    return "\n\n".join(parser.blocks)


# --------------------------------------------------------------------------- blocks and sentences

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
    lines = _normalise_newlines(text).split("\n")
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


# --------------------------------------------------------------------------- cue lists


def _default_file(name: str) -> Path:
    return reference_dir() / name


def _read_reference_csv(path: Path, columns: tuple[str, ...]) -> list[tuple[int, dict[str, str]]]:
    if not path.exists():
        raise ClaimLabInputError(
            f"{path}: no such file. Restore it from the kit (git checkout -- {path.name})."
        )
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [column for column in columns if column not in (reader.fieldnames or [])]
        if missing:
            raise ClaimLabInputError(
                f"{path}, row 1 (header), field {missing[0]!r}: column missing. "
                f"The header must be: {','.join(columns)}."
            )
        rows = []
        for row in reader:
            rows.append((reader.line_num, {key: (value or "").strip() for key, value in row.items() if key}))
    return rows


def cue_families(path: str | Path | None = None) -> pd.DataFrame:
    """The table of cue families: label, plain explanation, question to ask, key concept, colour."""
    path = Path(path) if path else _default_file("cue-families.csv")
    rows = _read_reference_csv(path, FAMILY_COLUMNS)
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
    rows = _read_reference_csv(path, PATTERN_COLUMNS)
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
            found += [(m.start(1) - 1, m.end(1) - 1) for m in self.lower.finditer("\x00" + lowered)]
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


def _lower(text: str) -> str:
    lowered = text.lower()
    if len(lowered) != len(text):  # a few letters (e.g. Turkish İ) grow when lower-cased
        lowered = "".join(char.lower() if len(char.lower()) == 1 else char for char in text)
    return lowered


@functools.lru_cache(maxsize=8)
def _compiled(path: str, modified: float, families: tuple[str, ...],
              phrases: tuple[tuple[str, str], ...] = ()) -> dict[str, FamilyMatcher]:
    by_family: dict[str, list[str]] = {}
    for line, row in _read_reference_csv(Path(path), PATTERN_COLUMNS):
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
            _combine([pattern], re.IGNORECASE)  # e.g. a global flag like (?i) only works at the very start
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


def is_article_path(candidate: object) -> bool:
    """True when the argument names an article file rather than holding an article's text."""
    if isinstance(candidate, Path):
        return True
    return (
        isinstance(candidate, str)
        and "\n" not in candidate
        and len(candidate) < 500
        and "\x00" not in candidate
        and (candidate.lower().endswith(ARTICLE_SUFFIXES) or _is_file(candidate))
    )


def _is_file(candidate: str) -> bool:
    # A line of text longer than a file name may be (255 bytes) makes is_file() raise OSError
    # (found by the claims corpus, held_out_2): such text is text, not a path.
    try:
        return Path(candidate).is_file()
    except OSError:
        return False


def article_text(text_or_path: str | Path) -> str:
    """The text of an article given either as text or as the path of a file."""
    if is_article_path(text_or_path):
        return read_article(text_or_path)
    if not isinstance(text_or_path, str):
        raise ClaimLabInputError(
            f"Expected an article's text or a file path, got {type(text_or_path).__name__}."
        )
    return text_or_path


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
                found[index].append((family, text[start - offset:end - offset], start - offset, end - offset))
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


def scan_as_dict(text_or_path: str | Path, patterns_path: str | Path | None = None) -> dict:
    """The scan as a dictionary ready for JSON: source, then sentences with their cues."""
    source = str(text_or_path) if is_article_path(text_or_path) else "(text)"
    return {
        "source": source,
        "sentences": [
            {
                "id": sentence.id,
                "text": sentence.text,
                "cues": [{"family": f, "match": m, "start": s, "end": e} for f, m, s, e in cues],
            }
            for sentence, cues in scan_sentences(text_or_path, patterns_path)
        ],
    }


def scan_as_markdown(text_or_path: str | Path) -> str:
    """The cues found as a Markdown table, one row per cue."""
    table = scan_article(text_or_path)
    lines = ["| sentence | family | match | sentence text |", "| --- | --- | --- | --- |"]
    for row in table.itertuples(index=False):
        cells = [row.sentence_id, row.family, row.match, row.sentence]
        lines.append("| " + " | ".join(markdown_cell(cell) for cell in cells) + " |")
    return "\n".join(lines) + "\n"


def scan_output(text_or_path: str | Path, output_format: str = "json") -> str:
    """The scan of an article as text in one of the formats json, csv, md or html."""
    if output_format == "json":
        return json.dumps(scan_as_dict(text_or_path), ensure_ascii=False, indent=2) + "\n"
    if output_format == "csv":
        return csv_safe_frame(scan_article(text_or_path)).to_csv(index=False, lineterminator="\n")
    if output_format == "md":
        return scan_as_markdown(text_or_path)
    if output_format == "html":
        from claimlab.highlight import highlighted_page

        return highlighted_page(text_or_path)
    raise ClaimLabInputError(f"Unknown format {output_format!r}: use one of {', '.join(FORMATS)}.")


# --------------------------------------------------------------------------- command line


def write_new_file(path: str | Path, content: str, force: bool = False) -> Path:
    """Write text to a file, refusing to replace an existing file unless force=True."""
    from claimlab.files import check_name

    path = Path(path)
    too_long = check_name(path)
    if too_long:
        raise ClaimLabInputError(f"{str(path)[:60]}...: {too_long}.")
    if path.exists() and not force:
        raise ClaimLabInputError(f"{path} already exists. Choose another name, or add --force to replace it.")
    if not path.parent.exists():
        raise ClaimLabInputError(
            f"{path}: the folder {path.parent} does not exist. Create it first or choose another folder."
        )
    try:
        write_atomic(path, content, replace=force)
    except FileExistsError as error:
        raise ClaimLabInputError(f"{path} already exists. Choose another name, or add --force to replace it.") from error
    except OSError as error:
        raise ClaimLabInputError(f"{error.strerror or error}. Choose a folder you can write to.") from error
    return path


def add_scan_command(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Add ``scan ARTICLE --format json|csv|md|html [--output FILE] [--force]`` to the command line."""
    command = subparsers.add_parser("scan", help="find the language of claims in an article")
    command.add_argument("article", help="the article: a .txt, .md or .html file")
    command.add_argument("--format", choices=FORMATS, default="json", help="output format (default json)")
    command.add_argument("--output", "-o", help="write to this file instead of the screen")
    command.add_argument("--force", action="store_true", help="replace the output file if it exists")
    command.set_defaults(run=run_scan)
    return command


def run_scan(args: argparse.Namespace) -> int:
    """Run ``scan``: print or save the cues; bad input gives a one-line message and exit code 2."""
    try:
        content = scan_output(Path(args.article), args.format)
        if args.output:
            write_new_file(args.output, content, force=args.force)
            print(f"Saved the scan of {args.article} to {args.output}.", file=sys.stderr)
        else:
            try:
                sys.stdout.write(content)
            except UnicodeEncodeError:  # a console that cannot show every character
                sys.stdout.flush()
                sys.stdout.buffer.write(content.encode("utf-8"))
    except ClaimLabInputError as error:
        print(f"claimlab scan: {error}", file=sys.stderr)
        return 2
    return 0
