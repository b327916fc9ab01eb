"""Bring your own article (lesson 06): choose an article, appraise it claim by claim, keep the worksheet.

The learner pastes or uploads an article (``article_input``); ``chosen_text`` gives the text
to work on, falling back to a default article when nothing was given. ``appraisal_worksheet``
turns the text into one row per prose sentence that carries a cue, with blank columns the
learner fills in (``worksheet_editor`` walks through them one by one). The guides say, for each
kind of claim, what evidence would support it and where to look, and which regulators to
check: general pointers, never facts about a remedy. ``save_worksheet`` writes the worksheet
as Markdown (and optionally a self-contained HTML page) and never replaces an existing file
unless asked to. Odd input (empty text, a binary upload, a huge paste) gives a message, never
a traceback.
"""

from __future__ import annotations

import hashlib
import re
import tempfile
import weakref
from dataclasses import dataclass, field
from datetime import date
from html import escape
from pathlib import Path

import ipywidgets as widgets
import pandas as pd

from claimlab import __version__, vocabulary
from claimlab.articles import html_to_text, read_article_text
from claimlab.claims import CLAIM_TYPES
from claimlab.errors import ClaimLabInputError
from claimlab.escaping import csv_safe_frame, csv_unsafe_frame, markdown_text
from claimlab.files import WriteError, check_name, keep_backup, write_atomic
from claimlab.scanner import cue_families, sentences_table
from claimlab.wording import cell_text

MAX_CHARS = 100_000  # about 15,000 words: longer text is cut, with a message
MAX_UPLOAD_BYTES = 5_000_000
UPLOAD_SUFFIXES = (".txt", ".text", ".md", ".markdown", ".html", ".htm")
IF_EXISTS = ("ask", "new_copy", "overwrite")
CLAIM_ANSWERS = ("", "yes", "no", "not sure")
# The columns the learner fills in, with the label each has in the saved file.
ANSWER_COLUMNS = {
    "is_claim": "Is it a claim?",
    "kind": "Kind of claim",
    "evidence_to_look_for": "Evidence to look for",
    "where_to_look": "Where to look",
    "regulators_to_check": "Regulators to check",
    "notes": "Notes",
}
WORKSHEET_COLUMNS = ["sentence_id", "sentence", "cues", "suggested_kind", *ANSWER_COLUMNS]

# Where to look: general pointers a learner can open; none of them is a fact about a remedy.
SOURCES = [
    ("Cochrane Library", "https://www.cochranelibrary.com",
     "systematic reviews: studies that gather and weigh every fair test of a treatment",
     "efficacy; safety; treatment_comparison"),
    ("PubMed", "https://pubmed.ncbi.nlm.nih.gov",
     "a free index of published medical research: trials, reviews, case reports, laboratory studies",
     "efficacy; safety; mechanism; treatment_comparison"),
    ("ClinicalTrials.gov", "https://clinicaltrials.gov",
     "a register of trials, including unfinished and unpublished ones, with what they planned to measure",
     "efficacy; safety; treatment_comparison"),
    ("FDA (United States medicines regulator)", "https://www.fda.gov",
     "approvals, warnings, recalls and safety communications in the United States",
     "safety; regulators"),
    ("EMA (European Medicines Agency)", "https://www.ema.europa.eu",
     "medicines authorised in the European Union, and assessments of herbal medicines",
     "efficacy; safety; regulators"),
    ("WHO (World Health Organization)", "https://www.who.int",
     "international guidance, reviews and public-health statements",
     "safety; regulators"),
    ("Your national medicines regulator or food-safety agency", "",
     "decisions, warnings and bans in your country; a remedy sold as a food supplement may be "
     "handled by a food-safety agency rather than a medicines regulator, so check both",
     "safety; regulators"),
    ("Poison-centre and pharmacovigilance reports", "",
     "reports of harms after use (pharmacovigilance means watching for harms once a product is in "
     "use); find them through your national regulator or poison centre",
     "safety"),
]

# For each kind of claim: what evidence would support it, and where to look first.
EVIDENCE_GUIDE = {
    "efficacy": (
        "Fair comparisons in people: randomised trials comparing the remedy with a placebo or usual "
        "care, measuring outcomes that matter to patients; best of all, a systematic review of such trials.",
        "Cochrane Library; PubMed; ClinicalTrials.gov (were trials registered, finished, published?)",
    ),
    "safety": (
        "Data on how often harms happen, in many people, for long enough: harms measured in trials, "
        "large observational studies, case reports, poison-centre and pharmacovigilance reports.",
        "PubMed (trials, case reports); your national regulator and food-safety agency; "
        "poison-centre and pharmacovigilance reports; WHO",
    ),
    "mechanism": (
        "Laboratory and animal studies can show how a substance acts; they cannot show that people "
        "get better. Look for trials in people as well.",
        "PubMed (laboratory and animal studies, then trials in people)",
    ),
    "treatment_comparison": (
        "A study that put the options side by side (a head-to-head randomised trial), for benefits "
        "and for harms; without one, compare each option's own evidence with care.",
        "Cochrane Library; PubMed; ClinicalTrials.gov; a regulator's assessment of the established treatment",
    ),
    "popularity": (
        "Popularity is not evidence of effect: sales or user numbers show that it sells. Look for the "
        "evidence behind the effect the popularity is meant to suggest.",
        "The same places as for an efficacy claim",
    ),
    "tradition": (
        "Long use is not evidence of effect or safety: harms and failures are rarely recorded. Look "
        "for fair tests of the traditional use, and for reports of harms.",
        "PubMed; Cochrane Library; EMA assessments of herbal medicines",
    ),
    "framing": (
        "No claim about the remedy to check; but ask whether the framing (how common or serious the "
        "problem is) is fair, and who benefits from it.",
        "WHO or a national health service for how common a condition is",
    ),
}

# Questions to ask of regulators, and where to ask them.
REGULATOR_QUESTIONS = [
    ("Is the remedy approved as a medicine for this use?",
     "Your national medicines regulator; FDA (https://www.fda.gov); EMA (https://www.ema.europa.eu)",
     "Approval means a regulator weighed the evidence of benefit and harm. No approval may simply mean "
     "nobody applied, not that it was tested and failed."),
    ("Is it sold as a food supplement, and who oversees that?",
     "Your national food-safety agency",
     "Rules for dietary supplements usually ask whether a product is safe to sell, not whether it treats anything."),
    ("Has any agency issued a warning, restriction, recall or ban?",
     "National regulators and food-safety agencies; FDA; EMA; WHO (https://www.who.int)",
     "Note the date and the reason each gives; decisions differ between countries."),
    ("Are harms being reported after use?",
     "Poison-centre and pharmacovigilance reports, through your national regulator",
     "Reports show that harms happen and what kind; they cannot say how often, because not every case is reported."),
    ("Are trials planned or under way?",
     "ClinicalTrials.gov (https://clinicaltrials.gov)",
     "A registered trial that never reported its results is a question worth asking."),
]


def evidence_guide() -> pd.DataFrame:
    """For each kind of claim: what it says, what evidence would support it, and where to look."""
    rows = [(kind, CLAIM_TYPES.get(kind, ""), evidence, where) for kind, (evidence, where) in EVIDENCE_GUIDE.items()]
    return pd.DataFrame(rows, columns=["kind", "what_it_says", "evidence_that_would_support_it", "where_to_look"])


def where_to_look() -> pd.DataFrame:
    """The places to look for evidence and decisions, with a link (when there is one) and what each holds."""
    return pd.DataFrame(SOURCES, columns=["source", "link", "what_you_find_there", "useful_for"])


def regulator_checklist() -> pd.DataFrame:
    """The questions to ask about a remedy's regulation, where to ask them, and what an answer means."""
    return pd.DataFrame(REGULATOR_QUESTIONS, columns=["question", "where_to_ask", "what_the_answer_means"])


# --------------------------------------------------------------------------- choosing the article


def clean_text(text: object) -> tuple[str, str]:
    """Pasted text made ready to scan (web page reduced to text, huge text cut), with a message ('' if none)."""
    if text is None:
        return "", ""
    if not isinstance(text, str):
        return "", f"Expected the article's text, got {type(text).__name__}. Paste the text itself."
    text = text.replace("\x00", "").replace("\r\n", "\n").replace("\r", "\n")
    message = ""
    start = text.lstrip()[:200].lower()
    tags = re.search(r"</(p|div|h[1-6])>", text[:5000], re.I)
    if start.startswith("<!doctype html") or start.startswith("<html") or tags:
        text = html_to_text(text)
        message = "The text looked like a web page (HTML), so it was reduced to its readable text."
    if len(text) > MAX_CHARS:
        text = text[:MAX_CHARS]
        message = (f"The article is very long, so only its first {MAX_CHARS:,} characters are used. "
                   "Paste the part you want to appraise to work on the rest.")
    if text.strip() and "\n" not in text:
        text += "\n"  # one line of text ending in ".txt" would otherwise be read as a file name
    return text, message


def text_from_upload(name: object, content: object) -> tuple[str, str]:
    """The readable text of an uploaded file and a message; ('', reason) when it cannot be used."""
    name = Path(str(name or "article.txt")).name or "article.txt"
    suffix = Path(name).suffix.lower()
    if suffix not in UPLOAD_SUFFIXES:
        return "", (f"{name} is not a file the kit can read. Save the article as plain text (.txt), "
                    "Markdown (.md) or a web page (.html) and upload that.")
    try:
        data = bytes(content)  # a memoryview from the upload widget, or bytes
    except (TypeError, ValueError):
        return "", f"{name} could not be read. Upload it again, or paste its text instead."
    if len(data) > MAX_UPLOAD_BYTES:
        return "", (f"{name} is larger than {MAX_UPLOAD_BYTES // 1_000_000} MB. Save only the article's "
                    "text as a .txt file, or paste the part you want to appraise.")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"upload{suffix}"
        path.write_bytes(data)
        try:
            text = read_article_text(path, max_chars=MAX_CHARS)  # cut before any parsing
        except ClaimLabInputError as error:
            return "", str(error).replace(str(path), name)
        except (OSError, ValueError) as error:
            return "", f"{name} could not be read ({error}). Paste its text instead."
    text, message = clean_text(text)
    return text, " ".join(part for part in (f"Read {name}.", message) if part)


class ArticleInput(widgets.VBox):
    """A box to paste an article into and a button to upload one (.txt, .md or .html)."""

    def __init__(self) -> None:
        self.paste = widgets.Textarea(
            placeholder="Paste the article's text here (or upload a file below).",
            layout=widgets.Layout(width="100%", height="12em"),
        )
        self.upload = widgets.FileUpload(accept=",".join(UPLOAD_SUFFIXES), multiple=False,
                                         description="Upload a file")
        self.status = widgets.HTML("<p>Nothing pasted or uploaded yet.</p>")
        self.source = ""
        self.message = ""
        self.upload.observe(lambda change: self.read_upload(change["new"]), names="value")
        self.paste.observe(lambda _change: self._pasted(), names="value")
        label = widgets.HTML("<p><b>Your article</b>: paste its text, or upload a .txt, .md or .html file.</p>")
        super().__init__([label, self.paste, self.upload, self.status])
        from claimlab.widget_style import readable

        readable(self)

    def read_upload(self, value: object) -> str:
        """Read the uploaded file into the text box and say what happened (never raises)."""
        files = list(value.values()) if isinstance(value, dict) else list(value or ())
        if not files:
            return self.message
        first = files[0] if isinstance(files[0], dict) else {}
        text, message = text_from_upload(first.get("name"), first.get("content", b""))
        if text.strip():
            self.source = f"uploaded file {Path(str(first.get('name'))).name}"
            self.paste.value = text
        self._say(message)
        return message

    def _pasted(self) -> None:
        if not self.source.startswith("uploaded") or not self.paste.value.strip():
            self.source = "pasted text" if self.paste.value.strip() else ""
        self._say("Text received." if self.paste.value.strip() else "Nothing pasted or uploaded yet.")

    def _say(self, message: str) -> None:
        self.message = message
        self.status.value = f'<p role="status" aria-live="polite">{escape(message)}</p>'


def article_input() -> ArticleInput:
    """The widget where a learner pastes or uploads the article to appraise."""
    return ArticleInput()


@dataclass
class ChosenArticle:
    """The article the lesson works on: its text, where it came from, and a message for the learner."""

    text: str
    source: str
    message: str

    def __str__(self) -> str:
        return self.text

    def __repr__(self) -> str:
        words = len(self.text.split())
        return f"Working on: {self.source} ({words:,} words).{' ' + self.message if self.message else ''}"


def chosen_text(box: object = None, default: str = "") -> ChosenArticle:
    """The article currently chosen in the input widget, or the default article when nothing was given."""
    raw = getattr(box, "paste", None)
    raw = raw.value if raw is not None else box if isinstance(box, str) else ""
    text, message = clean_text(raw)
    if text.strip():
        source = getattr(box, "source", "") or "pasted text"
        return ChosenArticle(text, source, message)
    note = "Nothing was pasted or uploaded, so the lesson uses the default article."
    if message or (isinstance(raw, str) and raw.strip()):
        note = ("The pasted text had no readable article text (only markup, scripts or menus?), so the "
                "lesson uses the default article. Paste the article's words instead.")
    default_text, _ = clean_text(default)
    return ChosenArticle(default_text, "the default article", note)


# --------------------------------------------------------------------------- the worksheet


def suggested_kind(families: list[str]) -> str:
    """The kind of claim a sentence's cue families most often go with: a guess to check, not a verdict."""
    for family, kind in vocabulary.claim_type_suggestions():
        if family in families:
            return kind
    return ""


DRAFTS = Path("worksheets") / "drafts"
MAX_DRAFTS_SEARCHED = 50  # the newest drafts looked at when the article's text changed a little
MATCH_NEEDED = 0.5  # share of a draft's answered sentences that must be in the text for it to be used
# Worksheets made in this kernel, by draft file: running the cell again gives back the same table,
# so an editor still on screen and a new one never split the answers between two tables.
_LIVE: dict[str, pd.DataFrame] = {}


def normalised_text(text: str) -> str:
    """The text with spacing and capitals evened out, so a re-paste with an extra space is the same article."""
    return " ".join(str(text).split()).casefold()


def draft_path(text: str, folder: Path | None = None) -> Path:
    """Where the answers typed for this article are kept as you type (one draft per article, spacing ignored)."""
    digest = hashlib.sha256(normalised_text(text).encode("utf-8")).hexdigest()[:16]
    return (folder or DRAFTS) / f"draft-{digest}.csv"


def read_draft(path: Path) -> pd.DataFrame | None:
    """A draft file as a worksheet table, or None when it cannot be read or is not a worksheet."""
    try:
        kept = pd.read_csv(path, dtype=str, keep_default_na=False)
    except (OSError, ValueError, UnicodeDecodeError, pd.errors.ParserError):
        return None
    if list(kept.columns) != WORKSHEET_COLUMNS:
        return None
    return csv_unsafe_frame(kept)


def _answered(table: pd.DataFrame) -> pd.DataFrame:
    filled = table[list(ANSWER_COLUMNS)].apply(lambda column: column.astype(str).str.strip() != "")
    return table[filled.any(axis=1)]


def bring_back_answers(worksheet: pd.DataFrame, kept: pd.DataFrame) -> int:
    """Copy the answers in a draft onto the worksheet's rows with the same sentence (spacing ignored); how many."""
    answers = {normalised_text(row["sentence"]): row for _, row in _answered(kept).iterrows()}
    restored = 0
    for index, sentence in zip(worksheet.index, worksheet["sentence"]):
        row = answers.get(normalised_text(sentence))
        if row is not None:
            for column in ANSWER_COLUMNS:
                worksheet.loc[index, column] = row[column]
            restored += 1
    return restored


def _drafts_to_search(draft: Path) -> list[Path]:
    others = []
    try:
        others = sorted((p for p in draft.parent.glob("draft-*.csv") if p != draft),
                        key=lambda p: p.stat().st_mtime, reverse=True)[:MAX_DRAFTS_SEARCHED]
    except OSError:
        pass
    return ([draft] if draft.exists() else []) + others


def restore_from_drafts(worksheet: pd.DataFrame, draft: Path) -> str:
    """Bring back the answers kept for this article (or a slightly edited copy of it); a message for the learner."""
    sentences = {normalised_text(s) for s in worksheet["sentence"]}
    unused = []
    for path in _drafts_to_search(draft):
        kept = read_draft(path)
        if kept is None:
            if path == draft:
                unused.append(f"{path} could not be read (it is not a worksheet draft), so it was left alone")
            continue
        answered = _answered(kept)
        if answered.empty:
            continue
        matched = sum(normalised_text(s) in sentences for s in answered["sentence"])
        if path == draft or matched >= max(1.0, MATCH_NEEDED * len(answered)):
            restored = bring_back_answers(worksheet, kept)
            message = (f"Your answers so far were brought back from {path}: {restored} of {len(answered)} "
                       f"answered sentence{'s' if len(answered) != 1 else ''}")
            if path != draft:
                lost = len(answered) - matched
                message += (" (the article's text has changed a little since"
                            + (f"; {lost} answered sentence{'s are' if lost != 1 else ' is'} no longer in it and "
                               f"stay{'s' if lost == 1 else ''} in that file" if lost else "") + ")")
                keep_draft(worksheet)
            return message + ". Use restore=False to start afresh (the draft file stays)."
        unused.append(f"{path} holds answers to {len(answered)} sentence{'s' if len(answered) != 1 else ''}, "
                      f"but only {matched} of them {'is' if matched == 1 else 'are'} in this text")
    if not unused:
        return ""
    return ("A draft of answers exists but did not match this article, so the worksheet starts blank: "
            + "; ".join(unused[:3]) + ". If it is the same article, paste the same text again; the draft files "
            "are kept until you delete them.")


def appraisal_worksheet(text: object, restore: bool = True, drafts: Path | None = None) -> pd.DataFrame:
    """One row per prose sentence carrying a cue: its cues, a suggested kind, and blank columns to fill in.

    Answers typed in the worksheet editor are kept in a draft file as you type, so running this
    cell again (or restarting the notebook, or pasting the article again with small changes)
    brings them back; ``restore=False`` starts afresh.
    """
    text = str(text) if isinstance(text, ChosenArticle) else text
    text, _ = clean_text(text)
    if not text.strip():
        return pd.DataFrame(columns=WORKSHEET_COLUMNS)
    draft = draft_path(text, drafts)
    live = _LIVE.get(str(draft))
    if restore and live is not None:
        print("This is the worksheet you are already working on: your answers so far are kept "
              "(use restore=False to start afresh).")
        return live
    sentences = sentences_table(text)
    prose = sentences[(sentences["kind"] != "heading") & (sentences["n_cues"] > 0)]
    labels = dict(zip(cue_families()["family"], cue_families()["label"]))
    rows = [
        [row.sentence_id, row.sentence, "; ".join(labels.get(f, f) for f in row.families),
         suggested_kind(list(row.families)), *([""] * len(ANSWER_COLUMNS))]
        for row in prose.itertuples()
    ]
    worksheet = pd.DataFrame(rows, columns=WORKSHEET_COLUMNS)
    worksheet.attrs["draft"] = draft
    if restore and not worksheet.empty:
        message = restore_from_drafts(worksheet, draft)
        if message:
            print(message)
    _LIVE[str(draft)] = worksheet
    return worksheet


def keep_draft(worksheet: pd.DataFrame) -> str:
    """Write the worksheet to its draft file (atomically), so answers survive a re-run or a restart.

    Returns '' when the draft was written (or there is nothing to keep), else a message saying
    the draft could not be written; the previous draft is then unchanged.
    """
    draft = worksheet.attrs.get("draft")
    if draft is None or worksheet.empty:
        return ""
    try:
        Path(draft).parent.mkdir(parents=True, exist_ok=True)
        write_atomic(draft, csv_safe_frame(worksheet[WORKSHEET_COLUMNS]).to_csv(index=False))
    except OSError as error:
        reason = error.strerror or str(error)
        return (f"Your latest answer could not be kept in the draft {draft} ({reason}); it is still in this "
                "notebook. Save the worksheet (below) now, to another folder if need be.")
    return ""


def worksheet_progress(worksheet: object) -> str:
    """How far the learner has got: sentences answered, and claims with evidence and places noted."""
    if not isinstance(worksheet, pd.DataFrame) or worksheet.empty:
        return "The worksheet is empty: no sentence with a cue was found. Paste another article, or add notes by hand."
    answered = worksheet.get("is_claim", pd.Series(dtype=str)).fillna("").astype(str).str.strip() != ""
    claims = worksheet.get("is_claim", pd.Series(dtype=str)).fillna("").astype(str).str.strip() == "yes"
    planned = claims & (worksheet.get("where_to_look", pd.Series(dtype=str)).fillna("").astype(str).str.strip() != "")
    return (f"{int(answered.sum())} of {len(worksheet)} sentences answered; {int(claims.sum())} marked as claims, "
            f"{int(planned.sum())} of them with a place to look.")


def _value(row: pd.Series, column: str) -> str:
    return cell_text(row.get(column, ""))


def worksheet_markdown(worksheet: pd.DataFrame, title: str = "my article", article: str = "", about: str = "") -> str:
    """The worksheet as a Markdown document: about the article, claim by claim, the guides, the article."""
    lines = [f"# Appraisal worksheet: {markdown_text(title)}", "",
             f"Saved on {date.today().isoformat()} with Claim Lab {__version__}. "
             "A cue is a prompt to look closer, not a verdict; the suggested kind is a guess from the words.", ""]
    if about.strip():
        lines += ["## About the article", "", "  \n".join(markdown_text(line) for line in about.strip().splitlines()), ""]
    lines += ["## Claim by claim", ""]
    if worksheet.empty:
        lines += ["No sentence with a cue was found in this article.", ""]
    for number, (_, row) in enumerate(worksheet.iterrows(), start=1):
        lines += [f"### {number}. Sentence {markdown_text(_value(row, 'sentence_id'))}", "",
                  "> " + markdown_text(_value(row, "sentence").replace("\n", " ")), "",
                  f"- **Cues**: {markdown_text(_value(row, 'cues')) or '(none)'}",
                  f"- **Suggested kind** (a guess): {_value(row, 'suggested_kind') or '(none)'}"]
        for column, label in ANSWER_COLUMNS.items():
            answer = markdown_text(_value(row, column)).replace("\n", "\n  ")
            lines.append(f"- **{label}**: {answer or '_(not filled in)_'}")
        lines.append("")
    lines += ["## What evidence would support each kind of claim", ""]
    for row in evidence_guide().itertuples():
        lines.append(f"- **{row.kind}**: {row.evidence_that_would_support_it} *Where*: {row.where_to_look}.")
    lines += ["", "## Where to look", ""]
    for row in where_to_look().itertuples():
        link = f" <{row.link}>" if row.link else ""
        lines.append(f"- **{row.source}**{link}: {row.what_you_find_there}.")
    lines += ["", "## Regulators to check", ""]
    for row in regulator_checklist().itertuples():
        lines.append(f"- **{row.question}** Ask: {row.where_to_ask}. {row.what_the_answer_means}")
    if article.strip():
        lines += ["", "## The article", ""]
        lines += ["> " + markdown_text(line) if line.strip() else ">" for line in article.strip().splitlines()]
    return "\n".join(lines) + "\n"


PAGE_CSS = """
body { font-family: system-ui, -apple-system, 'Segoe UI', sans-serif; color: #1A1A1A; background: #FFFFFF;
  margin: 2rem auto; max-width: 52rem; padding: 0 1rem; line-height: 1.5; }
blockquote { border-left: 4px solid #555; margin: 0.5rem 0; padding: 0.2rem 0.8rem; background: #F4F4F4; }
dt { font-weight: 600; } dd { margin: 0 0 0.4rem 1rem; white-space: pre-wrap; }
.empty { color: #555; font-style: italic; }
@media print { body { margin: 0; } section { break-inside: avoid; } }
""".strip()


def worksheet_html(worksheet: pd.DataFrame, title: str = "my article", article: str = "", about: str = "") -> str:
    """The worksheet as one self-contained HTML page (inline CSS, no scripts), with the highlighted article."""
    parts = ["<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
             '<meta name="viewport" content="width=device-width, initial-scale=1">',
             f"<title>Appraisal worksheet: {escape(title)}</title>", f"<style>\n{PAGE_CSS}\n</style>", "</head>",
             "<body>", "<main>", f"<h1>Appraisal worksheet: {escape(title)}</h1>",
             f"<p>Saved on {date.today().isoformat()} with Claim Lab {escape(__version__)}. A cue is a prompt to "
             "look closer, not a verdict; the suggested kind is a guess from the words.</p>"]
    if about.strip():
        parts += ["<h2>About the article</h2>", f'<p style="white-space:pre-wrap">{escape(about.strip())}</p>']
    parts.append("<h2>Claim by claim</h2>")
    if worksheet.empty:
        parts.append("<p>No sentence with a cue was found in this article.</p>")
    for number, (_, row) in enumerate(worksheet.iterrows(), start=1):
        items = [("Cues", _value(row, "cues")), ("Suggested kind (a guess)", _value(row, "suggested_kind"))]
        items += [(label, _value(row, column)) for column, label in ANSWER_COLUMNS.items()]
        blank = '<span class="empty">(not filled in)</span>'
        body = "".join(f"<dt>{escape(label)}</dt><dd>{escape(value) if value else blank}</dd>"
                       for label, value in items)
        parts.append(f"<section><h3>{number}. Sentence {escape(_value(row, 'sentence_id'))}</h3>"
                     f"<blockquote>{escape(_value(row, 'sentence'))}</blockquote><dl>{body}</dl></section>")
    parts.append("<h2>What evidence would support each kind of claim</h2><ul>")
    parts += [f"<li><b>{escape(r.kind)}</b>: {escape(r.evidence_that_would_support_it)} <i>Where</i>: "
              f"{escape(r.where_to_look)}.</li>" for r in evidence_guide().itertuples()]
    parts.append("</ul><h2>Where to look</h2><ul>")
    parts += [f"<li><b>{escape(r.source)}</b>{' (' + escape(r.link) + ')' if r.link else ''}: "
              f"{escape(r.what_you_find_there)}.</li>" for r in where_to_look().itertuples()]
    parts.append("</ul><h2>Regulators to check</h2><ul>")
    parts += [f"<li><b>{escape(r.question)}</b> Ask: {escape(r.where_to_ask)}. {escape(r.what_the_answer_means)}</li>"
              for r in regulator_checklist().itertuples()]
    parts.append("</ul>")
    if article.strip():
        from claimlab.highlight import highlighted_html

        parts += ["<h2>The article, highlighted</h2>", highlighted_html(article)]
    parts += ["</main>", "</body>", "</html>", ""]
    return "\n".join(parts)


# --------------------------------------------------------------------------- saving


@dataclass
class SaveResult:
    """What saving did: the files written (none if nothing was saved) and a message that says so."""

    saved: list[Path]
    message: str
    waiting: bool = False  # True when a file exists and the learner must choose what to do
    _retry: dict = field(default_factory=dict, repr=False)

    def __repr__(self) -> str:
        return self.message

    def _repr_html_(self) -> str:
        return f'<p role="status">{escape(self.message)}</p>'

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.widget() if self.waiting else widgets.HTML(self._repr_html_()))

    def widget(self) -> widgets.VBox:
        """The message, and when a file already exists, buttons to save a new copy or replace it."""
        status = widgets.HTML(self._repr_html_())
        if not self.waiting:
            return widgets.VBox([status])
        copy = widgets.Button(description="Save as a new copy", tooltip="Keep the old file and save under a new name")
        replace = widgets.Button(description="Replace it", tooltip="Overwrite the old file with this worksheet",
                                 button_style="warning")

        def choose(if_exists: str) -> None:
            result = save_worksheet(**{**self._retry, "if_exists": if_exists})
            status.value = result._repr_html_()
            copy.disabled = replace.disabled = True

        copy.on_click(lambda _b: choose("new_copy"))
        replace.on_click(lambda _b: choose("overwrite"))
        from claimlab.widget_style import readable

        return readable(widgets.VBox([status, widgets.HBox([copy, replace])]))


def safe_name(name: object) -> str:
    """A file name made from what the learner typed: letters, digits, hyphens (default 'worksheet')."""
    stem = re.sub(r"\.(md|markdown|html?)$", "", str(name or "").strip(), flags=re.I)
    stem = re.sub(r"[^A-Za-z0-9_-]+", "-", stem).strip("-_")[:80]
    return stem or "worksheet"


def _targets(folder: Path, stem: str, html: bool) -> list[Path]:
    return [folder / f"{stem}.md"] + ([folder / f"{stem}.html"] if html else [])


def save_worksheet(
    worksheet: object,
    folder: str | Path = "worksheets",
    name: object = "worksheet",
    if_exists: str = "ask",
    html: bool = False,
    title: str | None = None,
    article: object = "",
    about: object = "",
) -> SaveResult:
    """Save the worksheet as Markdown (and HTML if html=True); an existing file is replaced only if asked."""
    retry = dict(worksheet=worksheet, folder=folder, name=name, html=html, title=title, article=article, about=about)
    if not isinstance(worksheet, pd.DataFrame):
        return SaveResult([], f"Nothing was saved: expected the worksheet table, got {type(worksheet).__name__}.")
    if if_exists not in IF_EXISTS:
        return SaveResult([], f"Nothing was saved: if_exists should be one of {', '.join(IF_EXISTS)}, "
                              f"not {if_exists!r}.")
    folder, stem = Path(folder), safe_name(name)
    article_text = str(article) if isinstance(article, (str, ChosenArticle)) else ""
    heading = title or stem.replace("-", " ")
    notes = about if isinstance(about, str) else ""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        return SaveResult([], f"Nothing was saved: the folder {folder} could not be made ({error.strerror}).")
    targets = _targets(folder, stem, html)
    problem = next((check_name(path) for path in targets if check_name(path)), None)
    if problem:
        return SaveResult([], f"Nothing was saved: {problem}.")
    existing = [path for path in targets if path.exists()]
    # A blank worksheet the kit saved earlier (Run All before any answer) never blocks a real save.
    blank_before = bool(existing) and if_exists == "ask" and all(is_blank_save(path) for path in existing)
    if existing and if_exists == "ask" and not blank_before:
        names = " and ".join(str(path) for path in existing)
        return SaveResult([], f"{names} already exist{'s' if len(existing) == 1 else ''}, so nothing was saved. "
                              "Choose: save as a new copy (the old file stays) or replace it.", True, retry)
    if existing and if_exists == "new_copy":
        number = 2
        while any(path.exists() for path in _targets(folder, f"{stem}-{number}", html)):
            number += 1
        stem = f"{stem}-{number}"
        targets = _targets(folder, stem, html)
    answers = count_answers(worksheet) + bool(notes.strip())
    contents = [worksheet_markdown(worksheet, heading, article_text, notes)]
    if html:
        contents.append(worksheet_html(worksheet, heading, article_text, notes))
    replacing = bool(existing) and (if_exists == "overwrite" or blank_before) and stem == safe_name(name)
    backups = []
    if replacing and not blank_before:
        try:
            backups = [keep_backup(path, folder / "backups") for path in existing]
        except OSError as error:
            return SaveResult([], f"Nothing was saved: a copy of {existing[0]} could not be kept first "
                                  f"({error.strerror or error}). Free some space or choose another folder.")
    written: list[Path] = []
    attempts = 0
    while len(written) < len(targets):
        path, content = targets[len(written)], contents[len(written)]
        try:
            write_atomic(path, content + blank_marker(path, answers), replace=replacing)
        except FileExistsError:
            # Another save (another process) took this name a moment ago: never replace it.
            for mine in written:
                mine.unlink(missing_ok=True)
            if if_exists != "new_copy" or attempts > 100:
                return SaveResult([], f"{path} appeared while saving, so it was left alone. Save again.")
            attempts += 1
            number = 2
            while any(p.exists() for p in _targets(folder, f"{safe_name(name)}-{number}", html)):
                number += 1
            stem = f"{safe_name(name)}-{number}"
            targets, written = _targets(folder, stem, html), []
            continue
        except WriteError as error:
            if not written:
                for backup in backups:  # nothing was replaced, so the copy is not needed
                    if backup is not None:
                        backup.unlink(missing_ok=True)
            done = f" ({' and '.join(str(p) for p in written)} was saved)" if written else ""
            return SaveResult(written, f"{error.strerror}{done}. Choose another folder, or free some space.")
        written.append(path)
    verb = "Replaced" if replacing else "Saved"
    how = ("Open the .md file in any text editor and the .html file in any web browser" if html
           else "Open it in any text editor")
    kept = f" The old version is kept in {' and '.join(str(p) for p in backups if p)}." if backups else ""
    blank = " (It replaced a blank worksheet saved earlier, which had no answers.)" if blank_before else ""
    return SaveResult(written, f"{verb} {' and '.join(str(p) for p in written)}. {how}; it is yours to keep."
                               f"{kept}{blank}")


BLANK_MARK = "claimlab-worksheet-answers"


def count_answers(worksheet: pd.DataFrame) -> int:
    """How many sentences of the worksheet have at least one answer filled in."""
    if worksheet.empty or not set(ANSWER_COLUMNS) <= set(worksheet.columns):
        return 0
    return len(_answered(worksheet.fillna("")))


def blank_marker(path: Path, answers: int) -> str:
    """A hidden line at the end of a saved worksheet saying how many answers it holds (0: blank, safe to replace)."""
    return f"\n<!-- {BLANK_MARK}: {answers} -->\n"


def is_blank_save(path: Path) -> bool:
    """True when a file is a worksheet the kit saved with no answers at all (e.g. during Run All)."""
    try:
        with path.open("rb") as handle:
            handle.seek(max(0, path.stat().st_size - 200))
            tail = handle.read().decode("utf-8", "replace")
    except OSError:
        return False
    return f"<!-- {BLANK_MARK}: 0 -->" in tail


# --------------------------------------------------------------------------- guided editing


_CURRENT_EDITOR: list = [None]  # a weak reference to the newest editor made in this kernel


class WorksheetEditor(widgets.VBox):
    """Walk through the worksheet one sentence at a time; every answer goes straight into the table."""

    def __init__(self, worksheet: pd.DataFrame) -> None:
        if not isinstance(worksheet, pd.DataFrame) or not set(WORKSHEET_COLUMNS) <= set(worksheet.columns):
            worksheet = pd.DataFrame(columns=WORKSHEET_COLUMNS)
        self.worksheet = worksheet
        self.position = 0
        self.header = widgets.HTML()
        self.is_claim = widgets.Dropdown(options=list(CLAIM_ANSWERS), description="Is it a claim?",
                                         style={"description_width": "10em"})
        self.kind = widgets.Dropdown(options=["", *CLAIM_TYPES], description="Kind of claim",
                                     style={"description_width": "10em"})
        self.guide = widgets.HTML()
        layout = widgets.Layout(width="100%")
        self.texts = {column: widgets.Textarea(description=ANSWER_COLUMNS[column], layout=layout,
                                               style={"description_width": "10em"})
                      for column in ("evidence_to_look_for", "where_to_look", "regulators_to_check", "notes")}
        self.use_guide = widgets.Button(description="Start from the guide",
                                        tooltip="Copy the guide's suggestion for this kind into the empty boxes")
        self.previous = widgets.Button(description="◀ Previous")
        self.next = widgets.Button(description="Next ▶")
        self.progress = widgets.HTML()
        self._loading = False
        self.retired = False
        self.draft_message = ""
        for control in (self.is_claim, self.kind, *self.texts.values()):
            control.observe(lambda _change: self._store(), names="value")
        self.previous.on_click(lambda _b: self.go(self.position - 1))
        self.next.on_click(lambda _b: self.go(self.position + 1))
        self.use_guide.on_click(lambda _b: self.fill_from_guide())
        controls = [self.header, self.is_claim, self.kind, self.guide, self.use_guide, *self.texts.values(),
                    widgets.HBox([self.previous, self.next]), self.progress]
        empty = [widgets.HTML(f"<p>{escape(worksheet_progress(worksheet))}</p>")]
        super().__init__(controls if not worksheet.empty else empty)
        previous = _CURRENT_EDITOR[0]() if _CURRENT_EDITOR[0] is not None else None
        if previous is not None and previous is not self:
            previous.retire()
        _CURRENT_EDITOR[0] = weakref.ref(self)
        from claimlab.widget_style import readable

        readable(self)
        if not worksheet.empty:
            self.go(0)

    def retire(self) -> None:
        """Turn this form off because a newer one was made (the cell was run again): edits go only to the newest."""
        self.retired = True
        for child in (self.is_claim, self.kind, *self.texts.values(), self.use_guide, self.previous, self.next):
            child.disabled = True
        self.children = (widgets.HTML('<p role="status"><b>This form is switched off</b> because the cell was run '
                                      "again: use the newest form below. Your answers so far are in it.</p>"),)

    def go(self, position: int) -> None:
        """Show the sentence at this position (0 is the first), with its answers so far."""
        if self.worksheet.empty:
            return
        self.position = max(0, min(position, len(self.worksheet) - 1))
        row = self.worksheet.iloc[self.position]
        self._loading = True
        self.header.value = (f"<p><b>Sentence {self.position + 1} of {len(self.worksheet)}</b> "
                             f"({escape(_value(row, 'sentence_id'))})</p><blockquote>{escape(_value(row, 'sentence'))}"
                             f"</blockquote><p>Cues: {escape(_value(row, 'cues'))}. Suggested kind (a guess from the "
                             f"words): <b>{escape(_value(row, 'suggested_kind') or 'none')}</b>.</p>")
        self.is_claim.value = _value(row, "is_claim") if _value(row, "is_claim") in CLAIM_ANSWERS else ""
        self.kind.value = _value(row, "kind") if _value(row, "kind") in CLAIM_TYPES else ""
        for column, box in self.texts.items():
            box.value = _value(row, column)
        self._loading = False
        self._show_guide()

    def fill_from_guide(self) -> None:
        """Copy the guide's evidence and places for the chosen (or suggested) kind into the empty boxes."""
        kind = self.kind.value or _value(self.worksheet.iloc[self.position], "suggested_kind")
        if kind in EVIDENCE_GUIDE:
            evidence, where = EVIDENCE_GUIDE[kind]
            if not self.texts["evidence_to_look_for"].value.strip():
                self.texts["evidence_to_look_for"].value = evidence
            if not self.texts["where_to_look"].value.strip():
                self.texts["where_to_look"].value = where

    def _store(self) -> None:
        if self._loading or self.worksheet.empty or self.retired:
            return
        index = self.worksheet.index[self.position]
        self.worksheet.loc[index, "is_claim"] = self.is_claim.value
        self.worksheet.loc[index, "kind"] = self.kind.value
        for column, box in self.texts.items():
            self.worksheet.loc[index, column] = box.value
        self.draft_message = keep_draft(self.worksheet)
        self._show_guide()

    def _show_guide(self) -> None:
        kind = self.kind.value or _value(self.worksheet.iloc[self.position], "suggested_kind")
        if kind in EVIDENCE_GUIDE:
            evidence, where = EVIDENCE_GUIDE[kind]
            self.guide.value = (f"<p><i>Guide for a {escape(kind)} claim.</i> Evidence that would support it: "
                                f"{escape(evidence)} Where to look: {escape(where)}.</p>")
        else:
            self.guide.value = "<p><i>Choose a kind of claim to see what evidence would support it.</i></p>"
        note = f" <b>{escape(self.draft_message)}</b>" if self.draft_message else ""
        self.progress.value = f'<p role="status">{escape(worksheet_progress(self.worksheet))}{note}</p>'


def worksheet_editor(worksheet: pd.DataFrame) -> WorksheetEditor:
    """A guided form: one sentence at a time, your answers written into the worksheet as you type."""
    return WorksheetEditor(worksheet)
