"""Reading an article: a plain-text, Markdown or web-page (HTML) file reduced to its readable text.

Bad files (missing, empty, binary, UTF-16, too large, a web page with no article in it) give a
message that names the file and says how to fix it. Web pages are parsed in linear time, whatever
their markup, and menus, scripts and footers are left out.
"""

from __future__ import annotations

import errno
import re
from html.parser import HTMLParser
from pathlib import Path

from claimlab.errors import ClaimLabInputError

ARTICLE_SUFFIXES = (".txt", ".text", ".md", ".markdown", ".html", ".htm", ".xhtml")
ENCODINGS = ("utf-8", "utf-8-sig", "cp1252")


MAX_ARTICLE_BYTES = 50_000_000  # a larger file is refused before it is read, with a message


def read_article_text(path: str | Path, max_chars: int | None = None) -> str:
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
    return normalise_newlines(text)


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


def normalise_newlines(text: str) -> str:
    """The text with Windows (CR LF) and old Mac (CR) line ends written as LF."""
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
        return read_article_text(text_or_path)
    if not isinstance(text_or_path, str):
        raise ClaimLabInputError(
            f"Expected an article's text or a file path, got {type(text_or_path).__name__}."
        )
    return text_or_path
