"""The highlighted article: every cue marked in the text, explained on hover and for screen readers.

Colour is never the only signal: each cue also carries a short word in superscript ("hedge",
"natural", ...) and a family-specific underline. All article text is HTML-escaped, so a
``<script>`` in an article shows as text. The output has no random ids, so a notebook that
shows it stores the same bytes on every run.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from claimlab import vocabulary
from claimlab.articles import article_text, is_article_path
from claimlab.scanner import Cue, cue_families, scan_sentences
from claimlab.sentences import Sentence

TEXT_COLOUR = "#1A1A1A"
UNDERLINES = ("solid", "dashed", "dotted", "double")

CSS = """
.cl-article { font-family: Georgia, 'Times New Roman', serif; line-height: 1.7; color: #1A1A1A;
  max-width: 46rem; }
.cl-article h3 { font-family: system-ui, sans-serif; font-size: 1.1rem; margin: 1.2rem 0 0.4rem; }
.cl-article p, .cl-article li { margin: 0 0 0.7rem; }
.cl-cue { padding: 0 0.1em; border-radius: 2px; border-bottom-width: 2px; border-bottom-color: #1A1A1A; }
.cl-tag { font-family: system-ui, sans-serif; font-size: 0.65em; font-weight: 600; color: #1A1A1A;
  margin-left: 0.1em; }
.cl-sr { position: absolute; width: 1px; height: 1px; padding: 0; margin: -1px; overflow: hidden;
  clip: rect(0, 0, 0, 0); white-space: nowrap; border: 0; }
.cl-legend { font-family: system-ui, sans-serif; font-size: 0.9rem; list-style: none; padding: 0;
  margin: 0.5rem 0 1rem; max-width: 46rem; }
.cl-legend li { margin: 0 0 0.4rem; }
.cl-legend .cl-count { font-weight: 600; }
.cl-legend-title { font-family: system-ui, sans-serif; font-weight: 700; margin: 0.5rem 0 0.2rem; }
""".strip()


class HighlightedArticle:
    """An article with its cues highlighted; a notebook shows it as HTML."""

    def __init__(self, html: str, summary: str = "a highlighted article") -> None:
        self.html = html
        self.summary = summary

    def _repr_html_(self) -> str:
        return self.html

    def __repr__(self) -> str:  # the plain-text view: the same on every run, unlike an object address
        return f"<{self.summary}; shown highlighted in a notebook>"

    def __str__(self) -> str:
        return self.html


def _families_by_name() -> dict[str, dict[str, str]]:
    return {row["family"]: row for row in cue_families().to_dict("records")}


def _tag(family: str) -> str:
    """The short word shown after a cue (cue-families.csv's tag column), so colour is not the only signal."""
    return vocabulary.cue_tags().get(family) or family.split("_")[0]


def _mark_style(family: str, info: dict[str, str]) -> str:
    order = vocabulary.cue_family_ranks().get(family, 0)
    colour = info.get("colour") or "#EEEEEE"
    underline = UNDERLINES[order % len(UNDERLINES)]
    return f"background-color:{colour};color:{TEXT_COLOUR};border-bottom-style:{underline}"


def _hover_text(family: str, info: dict[str, str]) -> str:
    return f"{info.get('label', family)}: {info.get('explanation', '')}".strip()


def marked_sentence(text: str, cues: list[Cue], families: dict[str, dict[str, str]] | None = None) -> str:
    """One sentence as HTML, each cue wrapped in a <mark> with its family's colour, tag and explanation."""
    families = families if families is not None else _families_by_name()
    if not cues:
        return escape(text)
    cuts = sorted({0, len(text)} | {cue[2] for cue in cues} | {cue[3] for cue in cues})
    waiting = sorted(cues, key=lambda cue: cue[2])
    active: list[Cue] = []
    parts = []
    for start, end in zip(cuts, cuts[1:]):
        while waiting and waiting[0][2] <= start:
            active.append(waiting.pop(0))
        active = [cue for cue in active if cue[3] > start]
        piece = escape(text[start:end])
        for family, *_ in reversed(active):
            info = families.get(family, {})
            piece = (
                f'<mark class="cl-cue cl-cue-{escape(family)}" style="{_mark_style(family, info)}" '
                f'title="{escape(_hover_text(family, info))}">{piece}</mark>'
            )
        parts.append(piece)
        ending = list(dict.fromkeys(cue[0] for cue in active if cue[3] == end))
        if ending:  # cues that end together share one tag, their words kept apart: "safe, compare"
            tags = ", ".join(escape(_tag(family)) for family in ending)
            parts.append(f'<sup class="cl-tag" aria-hidden="true">{tags}</sup>')
            parts += [f'<span class="cl-sr"> (cue: {escape(_hover_text(family, families.get(family, {})))})</span>'
                      for family in ending]
    return "".join(parts)


def _article_body(scanned: list[tuple[Sentence, list[Cue]]], families: dict[str, dict[str, str]]) -> str:
    blocks: list[tuple[str, list[str]]] = []
    last_block = None
    for sentence, cues in scanned:
        marked = marked_sentence(sentence.text, cues, families)
        html = f'<span class="cl-sentence" data-sentence="{sentence.id}">{marked}</span>'
        if sentence.block != last_block:
            blocks.append((sentence.kind, []))
            last_block = sentence.block
        blocks[-1][1].append(html)
    lines, in_list = [], False
    for kind, sentences in blocks:
        if kind == "list_item" and not in_list:
            lines.append("<ul>")
            in_list = True
        elif kind != "list_item" and in_list:
            lines.append("</ul>")
            in_list = False
        tag = {"heading": "h3", "list_item": "li"}.get(kind, "p")
        lines.append(f"<{tag}>{' '.join(sentences)}</{tag}>")
    if in_list:
        lines.append("</ul>")
    return "\n".join(lines)


def cue_legend(counts: dict[str, int] | None = None) -> str:
    """The legend as HTML: each family's colour, tag, label and explanation (with counts if given)."""
    families = _families_by_name()
    shown = [family for family in families if counts is None or counts.get(family)]
    if not shown:
        return '<p class="cl-legend-title">No cues found in this article.</p>'
    items = []
    for family in shown:
        info = families[family]
        count = f' <span class="cl-count">×{counts[family]}</span>' if counts else ""
        items.append(
            f'<li><mark class="cl-cue cl-cue-{escape(family)}" style="{_mark_style(family, info)}">'
            f'{escape(info["label"])}</mark><sup class="cl-tag">{escape(_tag(family))}</sup>{count}: '
            f'{escape(info["explanation"])}</li>'
        )
    title = '<p class="cl-legend-title">Key to the highlights</p>'
    return f'{title}\n<ul class="cl-legend">\n' + "\n".join(items) + "\n</ul>"


def highlighted_html(text_or_path: str | Path, patterns_path: str | Path | None = None) -> str:
    """The highlighted article and its legend as an HTML fragment (with its own <style>)."""
    return _highlight(scan_sentences(article_text(text_or_path), patterns_path))


def _highlight(scanned: list[tuple[Sentence, list[Cue]]]) -> str:
    families = _families_by_name()
    counts: dict[str, int] = {}
    for _, cues in scanned:
        for cue in cues:
            counts[cue[0]] = counts.get(cue[0], 0) + 1
    ordered = {family: counts[family] for family in families if family in counts}
    return (
        f'<div class="cl-highlighted">\n<style>\n{CSS}\n</style>\n{cue_legend(ordered)}\n'
        f'<div class="cl-article">\n{_article_body(scanned, families)}\n</div>\n</div>'
    )


def highlighted_article(
    text_or_path: str | Path, patterns_path: str | Path | None = None
) -> HighlightedArticle:
    """Show an article with each cue highlighted and explained, plus a key (displays in a notebook)."""
    scanned = scan_sentences(article_text(text_or_path), patterns_path)
    cues = sum(len(found) for _, found in scanned)
    summary = f"article of {len(scanned)} sentences with {cues} cue{'s' if cues != 1 else ''}"
    return HighlightedArticle(_highlight(scanned), summary)


def highlighted_page(text_or_path: str | Path, title: str | None = None) -> str:
    """A complete, self-contained HTML page of the highlighted article (no scripts, no links)."""
    if title is None:
        title = f"Cues in {Path(text_or_path).name}" if is_article_path(text_or_path) else "Cues in an article"
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n</head>\n<body>\n<h1 style=\"font-family:system-ui,sans-serif\">"
        f"{escape(title)}</h1>\n{highlighted_html(text_or_path)}\n</body>\n</html>\n"
    )
