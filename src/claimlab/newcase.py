"""Turn a new article into a case folder, and check a case: ``new-case`` and ``check-case``.

    python -m claimlab new-case NAME --article FILE
    python -m claimlab check-case datasets/cases/NAME
"""

from __future__ import annotations

import argparse
import csv
import json
import io
import re
import shutil
import sys
from datetime import date
from pathlib import Path

import yaml

from claimlab.cases import check_case
from claimlab.errors import KitInputError
from claimlab.escaping import csv_safe
from claimlab.files import check_name, write_atomic
from claimlab.datadictionary import case_data_dictionary
from claimlab.vocabulary import VOCABULARY_COLUMNS, reference_vocabulary
from claimlab.paths import cases_dir, datasets_dir
from claimlab.schema import read_schema

NAME = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")

# file in the case folder -> schema in datasets/schemas/
CASE_TABLES = {
    "claims": "claims.csv",
    "studies": "studies.csv",
    "regulatory-positions": "regulatory-positions.csv",
    "legal-status": "legal-status.csv",
    "comparators": "comparators.csv",
    "rubric-appraisal": "rubric-appraisal.csv",
    "vocabulary": "vocabulary.csv",
    "certainty-appraisal": "certainty-appraisal.csv",
}
DRAFT = "claims-draft.csv"
# A new case's vocabulary starts with datasets/reference/starting-vocabulary.csv; the instructor adds the claimed use.


class NewCaseError(KitInputError):
    """A new case that cannot be made; the message says why and what to do."""


def case_datapackage(name: str, title: str) -> dict:
    """The datapackage.json of a case: each table with its shared schema."""
    return {
        "name": name,
        "title": title,
        "resources": [
            {"name": resource, "path": path, "schema": f"../../schemas/{resource}.schema.json",
             "format": "csv", "encoding": "utf-8"}
            for resource, path in CASE_TABLES.items()
        ],
    }


def empty_table(resource: str) -> str:
    """The header row of a case table, from its schema."""
    schema = read_schema(datasets_dir() / "schemas" / f"{resource}.schema.json")
    return ",".join(field["name"] for field in schema["fields"]) + "\n"


def draft_claims(article_text: str) -> list[dict]:
    """The scanner's suggestion: one draft row per prose sentence that carries a cue."""
    from claimlab.scanner import sentences_table

    sentences = sentences_table(article_text)
    prose = sentences[(sentences["kind"] != "heading") & (sentences["n_cues"] > 0)]
    return [
        {"draft_id": f"d{number:02d}", "sentence_id": row.sentence_id, "sentence": row.sentence,
         "suggested_cues": ";".join(row.families), "confirmed": "no"}
        for number, row in enumerate(prose.itertuples(), start=1)
    ]


def article_front_matter(name: str, source: Path) -> str:
    """A front-matter block for a new article, to be completed by the instructor."""
    block = {
        "title": name.replace("-", " ").capitalize(),
        "provenance": f"Added with `claimlab new-case` from {source.name} on {date.today().isoformat()}; "
                      "say what the article is and where it came from.",
        "author": "unknown",
        "publisher": "unknown",
        "date_published": "unknown",
        "status": "Object of study, not a source of facts.",
    }
    return "---\n" + yaml.safe_dump(block, sort_keys=False, allow_unicode=True) + "---\n"


def new_case(name: str, article: Path, cases: Path | None = None) -> Path:
    """Make datasets/cases/NAME/ from an article: the text, empty tables and a draft of claims."""
    from claimlab.articles import read_article_text

    if not NAME.fullmatch(name):
        raise NewCaseError(f"'{name}' cannot be a case name: use lowercase letters, digits and hyphens, "
                           "e.g. turmeric-arthritis")
    folder = (cases or cases_dir()) / name
    too_long = check_name(folder / DRAFT)
    if too_long:
        raise NewCaseError(f"'{name[:40]}...' cannot be a case name: {too_long}.")
    if folder.exists():
        raise NewCaseError(f"{folder} already exists, and new-case never overwrites a case. "
                           "Choose another name, or delete or rename that folder first.")
    text = read_article_text(article)  # plain text, Markdown or HTML reduced to its readable text
    drafts = draft_claims(text)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, ["draft_id", "sentence_id", "sentence", "suggested_cues", "confirmed"],
                            lineterminator="\n")
    writer.writeheader()
    writer.writerows({key: csv_safe(value) for key, value in row.items()} for row in drafts)
    files = {"article.md": article_front_matter(name, Path(article)) + text.rstrip("\n") + "\n"}
    files.update({path: empty_table(resource) for resource, path in CASE_TABLES.items()})
    vocabulary = io.StringIO()
    csv.writer(vocabulary, lineterminator="\n").writerows(
        reference_vocabulary("starting-vocabulary")[list(VOCABULARY_COLUMNS)].itertuples(index=False))
    files["vocabulary.csv"] = files.get("vocabulary.csv", "") + vocabulary.getvalue()
    files["datapackage.json"] = json.dumps(case_datapackage(name, name), indent=1) + "\n"
    files[DRAFT] = buffer.getvalue()
    schemas = [datasets_dir() / "schemas" / f"{resource}.schema.json" for resource in CASE_TABLES]
    files["README.md"] = case_readme(name, len(drafts)) + "\n" + case_data_dictionary(schemas)
    # Made in a hidden folder beside it and renamed into place at the end, so a failed
    # new-case (a full disk, say) leaves no half-made case behind.
    building = folder.with_name(f".{name}.making")
    try:
        building.mkdir(parents=True)
        for path, content in files.items():
            write_atomic(building / path, content, replace=False)
        building.rename(folder)
    except OSError as error:
        shutil.rmtree(building, ignore_errors=True)
        raise NewCaseError(f"{folder} could not be made ({error.strerror or error}); nothing was left behind. "
                           "Free some disk space or choose a folder you can write to.") from error
    return folder


def case_readme(name: str, drafts: int) -> str:
    """The starting datasheet of a new case, with the steps still to do (its data dictionary follows)."""
    return f"""# Case: {name}

Made with `python -m claimlab new-case`. Still to do, in this order (the whole path is in
`instructors/new-case.md`):

1. Complete the front matter of `article.md` (what the article is, where it came from).
2. Read `{DRAFT}`: the scanner suggested {drafts} sentences that carry cue words. For each sentence
   that makes a claim, add a row to `claims.csv` (the sentence exactly as in the article, the
   claim in plain words, its type, cues, verdict, explanation, Key Concepts and the evidence).
   Delete `{DRAFT}` when you are done.
3. Fill `vocabulary.csv`: add the topic of the use the article claims (role `claimed_use`) and any
   other topics your studies need; say which claim types count as claims of benefit (role `benefit`;
   `efficacy` is there to start with); add the scopes, and any extra actions, your positions need.
4. Add the studies (with `limitation_families`: which limitation families their limitation names),
   regulatory positions, legal status and established treatments you find, each with the page you
   read it at (`source_url`). Leave a value empty rather than guess.
5. Write your worked appraisals: `rubric-appraisal.csv` (the model answer for the rubric) and
   `certainty-appraisal.csv` (your GRADE-style rating of the claimed use, with a reason per step).
6. Run `python -m claimlab check-case datasets/cases/{name}` until it reports no problems; it also
   lists, lesson by lesson, what is still missing and what learners will see instead.

See `datasets/cases/kratom-opioid-withdrawal/README.md` for a complete example; the schemas are in
`datasets/schemas/`. Keep the data dictionary below when you edit this README: `check-case`
checks that it lists every column.
"""


def add_case_commands(subparsers: argparse._SubParsersAction) -> None:
    """Add the new-case and check-case commands to the command line."""
    make = subparsers.add_parser("new-case", help="make a case folder from an article",
                                 description="Make datasets/cases/NAME/ from an article (plain text, Markdown "
                                             "or an HTML page saved from a browser). Never overwrites a case.")
    make.add_argument("name", help="folder name: lowercase letters, digits and hyphens")
    make.add_argument("--article", required=True, type=Path, help="the article file")
    make.add_argument("--cases-dir", type=Path, default=None, help=argparse.SUPPRESS)
    make.set_defaults(run=run_new_case)
    check = subparsers.add_parser("check-case", help="check a case and list every problem",
                                  description="Check a case folder; exit status 0 only when it is valid.")
    check.add_argument("case", help="a case folder, or the name of a case in datasets/cases/")
    check.set_defaults(run=run_check_case)


def run_new_case(args: argparse.Namespace) -> int:
    from claimlab.errors import ClaimLabInputError

    try:
        folder = new_case(args.name, args.article, args.cases_dir)
    except (NewCaseError, ClaimLabInputError) as error:
        print(f"new-case: {error}", file=sys.stderr)
        return 2
    except OSError as error:  # anything the checks above did not foresee: still a message, not a traceback
        print(f"new-case: {error.filename or args.name}: {error.strerror or error}. Check the name and the "
              "folder, and that you can write to it.", file=sys.stderr)
        return 2
    print(f"Made {folder}. Next: open its README.md for the steps, then run "
          f"`python -m claimlab check-case {folder}`.")
    return 0


def run_check_case(args: argparse.Namespace) -> int:
    try:
        problems = check_case(args.case)
    except (OSError, RuntimeError) as error:  # anything the checks did not foresee: a message, not a traceback
        reason = getattr(error, "strerror", None) or error
        print(f"{str(args.case)[:200]}: the case cannot be read ({reason}). Check the folder "
              "and its files.")
        return 1
    if problems:
        print(f"{args.case}: {len(problems)} problem{'s' if len(problems) != 1 else ''} found:")
        for problem in problems:
            print(f"  - {problem}")
        print("Fix these first; what each lesson needs is listed once the case is valid.")
        return 1
    print(f"{args.case}: valid: no problems found.")
    print_stale_positions(args.case)
    print(readiness_report(args.case))
    return 0


def readiness_report(name_or_path: str | Path) -> str:
    """What each lesson and exercise still lacks in a valid case, in words (check-case prints it)."""
    from claimlab.cases import load_case
    from claimlab.readiness import case_readiness

    found = case_readiness(load_case(name_or_path))
    if not found:
        return "Ready: every lesson and exercise has the data it needs."
    lines = [f"Not ready yet ({len(found)} thing{'s' if len(found) != 1 else ''} missing; the lessons still run "
             "and show what is missing):"]
    lines += [f"  - {item}" for item in found]
    return "\n".join(lines)


def print_stale_positions(case: str) -> None:
    """Warn (without failing) about positions not checked for a year."""
    from claimlab.cases import load_case
    from claimlab.freshness import stale_positions

    for warning in stale_positions(load_case(case).positions):
        print(f"  warning: {warning}")
