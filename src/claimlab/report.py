"""The article report: one self-contained HTML file with the highlighted article, the cues and a checklist.

The file has its CSS inline, no JavaScript and no links it needs to render, so it opens offline,
can be e-mailed or printed, and is the same bytes every time it is made from the same article.
"""

from __future__ import annotations

import argparse
import sys
from html import escape
from pathlib import Path

import pandas as pd

from claimlab import __version__
from claimlab.highlight import CSS, cue_legend, highlighted_html
from claimlab.articles import read_article_text
from claimlab.command_line import write_new_file
from claimlab.errors import ClaimLabInputError
from claimlab.scanner import count_cues, cue_families, scan_article

# Shown when an article names nothing a reader could look up.
NO_SOURCE_QUESTION = (
    "The article names no study, journal, trial number or agency you could look up. "
    "Where would you find the evidence for its claims?"
)

REPORT_CSS = """
body { font-family: system-ui, -apple-system, 'Segoe UI', sans-serif; color: #1A1A1A; background: #FFFFFF;
  margin: 2rem auto; max-width: 52rem; padding: 0 1rem; line-height: 1.5; }
h1 { font-size: 1.6rem; } h2 { font-size: 1.25rem; margin-top: 2rem; border-bottom: 1px solid #999; }
table { border-collapse: collapse; width: 100%; font-size: 0.9rem; }
th, td { border: 1px solid #999; padding: 0.3rem 0.5rem; text-align: left; vertical-align: top; }
th { background: #EEEEEE; }
.cl-note { background: #F4F4F4; border-left: 4px solid #555; padding: 0.5rem 0.8rem; }
.cl-checklist li { margin-bottom: 0.6rem; }
@media print { body { margin: 0; } h2 { break-after: avoid; } tr { break-inside: avoid; } }
""".strip()


def reader_checklist(text_or_path: str | Path) -> pd.DataFrame:
    """The questions to ask about an article: one row per cue family it contains."""
    counts = count_cues(text_or_path)
    families = cue_families().set_index("family")
    rows = [
        (
            row.family,
            row.label,
            row.sentences,
            families.loc[row.family, "question_to_ask"],
            families.loc[row.family, "key_concept"],
        )
        for row in counts.itertuples()
    ]
    return pd.DataFrame(rows, columns=["family", "label", "sentences", "question_to_ask", "key_concept"])


def _cue_table_html(table: pd.DataFrame, labels: dict[str, str]) -> str:
    if table.empty:
        return "<p>No cues found.</p>"
    # One pass over plain records (a pandas group per sentence cost a millisecond each).
    by_sentence: dict[str, tuple[str, list[str]]] = {}
    for record in table[["sentence_id", "sentence", "family", "match"]].to_dict("records"):
        entry = by_sentence.setdefault(record["sentence_id"], (record["sentence"], []))
        entry[1].append(f"{escape(labels.get(record['family'], record['family']))}: “{escape(record['match'])}”")
    rows = [f"<tr><td>{escape(sentence_id)}</td><td>{escape(text)}</td><td>{'<br>'.join(found)}</td></tr>"
            for sentence_id, (text, found) in by_sentence.items()]
    return (
        '<table>\n<caption class="cl-sr">Each sentence with cues: its id, its text, '
        "and each cue's family and words</caption>\n"
        '<thead><tr><th scope="col">Sentence</th><th scope="col">Text</th>'
        '<th scope="col">Cues (family: words)</th></tr></thead>\n'
        "<tbody>\n" + "\n".join(rows) + "\n</tbody>\n</table>"
    )


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _key_concept(concept: str) -> str:
    if not concept:
        return ""
    return f" <small>(Informed Health Choices Key Concepts {escape(str(concept))})</small>"


def _checklist_html(checklist: pd.DataFrame) -> str:
    items = [
        f"<li><strong>{escape(row.label)}</strong> ({_count(row.sentences, 'sentence')}): "
        f"{escape(row.question_to_ask)}{_key_concept(row.key_concept)}</li>"
        for row in checklist.itertuples()
    ]
    if "specific_source" not in set(checklist["family"]):
        items.append(f"<li><strong>No checkable source</strong>: {escape(NO_SOURCE_QUESTION)}</li>")
    return '<ol class="cl-checklist">\n' + "\n".join(items) + "\n</ol>"


MAX_REPORT_CHARS = 300_000  # about 45,000 words (a book chapter): a longer article is cut, and the report says so


def report_html(article_path: str | Path) -> str:
    """The whole report for an article as one self-contained HTML page."""
    article_path = Path(article_path)
    text = read_article_text(article_path)
    cut = ""
    if len(text) > MAX_REPORT_CHARS:  # the limit is applied before any scanning
        text = text[:MAX_REPORT_CHARS]
        cut = (f" The article is longer than {MAX_REPORT_CHARS:,} characters, so this report covers only its "
               "first part: save the part you want to read as its own file to report on the rest.")
    table = scan_article(text)
    families = cue_families()
    labels = dict(zip(families["family"], families["label"]))
    checklist = reader_checklist(text)
    sentences = len({*table["sentence_id"]}) if not table.empty else 0
    title = f"Claim Lab report: {article_path.name}"
    summary = (
        f"The scanner found {len(table)} cue{'s' if len(table) != 1 else ''} from {len(checklist)} "
        f"famil{'ies' if len(checklist) != 1 else 'y'} in {sentences} sentence{'s' if sentences != 1 else ''}."
    )
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="en">',
            "<head>",
            '<meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{escape(title)}</title>",
            f"<style>\n{REPORT_CSS}\n{CSS}\n</style>",
            "</head>",
            "<body>",
            "<main>",
            f"<h1>{escape(title)}</h1>",
            f"<p>{escape(summary + cut)}</p>",
            '<p class="cl-note">A cue is a word or phrase that often goes with a claim worth questioning '
            "(or, for a checkable source, something you can look up). It is a prompt to read closer, "
            "not a verdict: the scanner matches words and cannot tell what the article means.</p>",
            '<h2 id="checklist">Reader\'s checklist</h2>',
            "<p>Questions to ask of this article, one for each kind of cue it contains.</p>",
            _checklist_html(checklist),
            '<h2 id="article">The article, highlighted</h2>',
            highlighted_html(text).replace(f"<style>\n{CSS}\n</style>\n", ""),
            '<h2 id="cues">Cues found</h2>',
            _cue_table_html(table, labels),
            '<h2 id="key">All cue families</h2>',
            cue_legend(None),
            f"<p><small>Made with Claim Lab {escape(__version__)} from {escape(article_path.name)}. "
            "The word lists are in datasets/reference/cue-patterns.csv.</small></p>",
            "</main>",
            "</body>",
            "</html>",
            "",
        ]
    )


def write_report(article_path: str | Path, output_path: str | Path, force: bool = False) -> Path:
    """Write the report for an article to an HTML file; an existing file is kept unless force=True."""
    from claimlab.files import check_name

    output_path = Path(output_path)
    too_long = check_name(output_path)
    if too_long:
        raise ClaimLabInputError(f"{str(output_path)[:60]}...: {too_long}.")
    if output_path.exists() and not force:
        raise ClaimLabInputError(
            f"{output_path} already exists. Choose another name, "
            "or replace it with --force (force=True in Python)."
        )
    return write_new_file(output_path, report_html(article_path), force=force)


def default_report_path(article_path: str | Path) -> Path:
    """Where a report goes when no file is named: <article name>-report.html in the current folder."""
    return Path(f"{Path(article_path).stem}-report.html")


def add_report_command(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Add ``report ARTICLE [--output FILE] [--force]`` to the command line."""
    command = subparsers.add_parser("report", help="write an HTML report of the claims cues in an article")
    command.add_argument("article", help="the article: a .txt, .md or .html file")
    command.add_argument("--output", "-o", help="the HTML file to write (default: ARTICLE-report.html here)")
    command.add_argument("--force", action="store_true", help="replace the output file if it exists")
    command.set_defaults(run=run_report)
    return command


def run_report(args: argparse.Namespace) -> int:
    """Run ``report``: write the HTML report; bad input gives a one-line message and exit code 2."""
    output = Path(args.output) if args.output else default_report_path(args.article)
    try:
        written = write_report(args.article, output, force=args.force)
    except ClaimLabInputError as error:
        print(f"claimlab report: {error}", file=sys.stderr)
        return 2
    print(f"Wrote {written}. Open it in any web browser.")
    return 0
