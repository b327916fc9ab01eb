"""Load a case (an article and the evidence around it) and check it for problems.

A case is a folder in ``datasets/cases/``: ``article.md`` (the article, with a front-matter
block that records where it came from) and the tables its ``datapackage.json`` lists, each
described by a Table Schema in ``datasets/schemas/``.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import yaml

from claimlab.paths import cases_dir, datasets_dir, reference_dir
from claimlab.schema import CaseDataError, Problem, check_table, read_schema, read_text_strictly, split_list, to_frame
from claimlab.vocabulary import CASE_FIELDS, allowed_values, as_rows, cue_family_order

DEFAULT_CASE = "kratom-opioid-withdrawal"

# resource name in datapackage.json -> attribute of Case
TABLES = {
    "claims": "claims",
    "studies": "studies",
    "regulatory-positions": "positions",
    "legal-status": "legal_status",
    "comparators": "comparators",
    "rubric-appraisal": "rubric_appraisal",
}
# Tables added later: the case's own vocabulary and its worked certainty rating (not in repr).
MORE_TABLES = {
    "vocabulary": "vocabulary",
    "certainty-appraisal": "certainty_appraisal",
}

# (table, column holding ids, table the ids must exist in, its id column)
LINKS = [
    ("claims", "study_ids", "studies", "study_id"),
    ("claims", "position_ids", "regulatory-positions", "position_id"),
    ("claims", "comparator_ids", "comparators", "comparator_id"),
    ("legal-status", "position_id", "regulatory-positions", "position_id"),
    ("results", "comparator_ids", "comparators", "comparator_id"),  # optional table (claimlab.case_tables)
    ("results", "study_id", "studies", "study_id"),
]


@dataclass
class Case:
    """One article and the evidence around it, as tables."""

    name: str
    folder: Path
    article: str
    provenance: dict
    claims: pd.DataFrame
    studies: pd.DataFrame
    positions: pd.DataFrame
    legal_status: pd.DataFrame
    comparators: pd.DataFrame
    rubric_appraisal: pd.DataFrame
    problems: list[Problem] = field(default_factory=list)
    vocabulary: pd.DataFrame = field(default_factory=pd.DataFrame)
    certainty_appraisal: pd.DataFrame = field(default_factory=pd.DataFrame)

    def __repr__(self) -> str:
        from claimlab.claim_counts import count_claims  # the claims table holds sentences; framing ones make no claim

        parts = []
        for attr in TABLES.values():
            n = len(getattr(self, attr))
            if attr == "claims":
                parts.append(f"{n} sentences ({count_claims(self.claims).claims} claims)")
            else:
                parts.append(f"{n} {attr.replace('_', ' ')}")
        counts = ", ".join(parts)
        return f"<Case {self.name}: {counts}>"


def list_cases() -> list[str]:
    """The names of the cases in datasets/cases/."""
    return sorted(p.name for p in cases_dir().iterdir() if (p / "article.md").exists())


def case_folder(name_or_path: str | Path = DEFAULT_CASE) -> Path:
    """The folder of a case, given its name or a path to it."""
    from claimlab.files import check_name

    too_long = check_name(name_or_path)
    if too_long:
        raise CaseDataError([Problem(str(name_or_path)[:60] + "...", None, None, "this case name cannot be used",
                                     too_long)])
    path = Path(name_or_path)
    if path.is_dir():
        return path
    if path.is_symlink() and not path.exists():
        raise CaseDataError([Problem(str(name_or_path), None, None, "this is a symbolic link that leads nowhere "
                                     "(to a missing folder, or back to itself)", "replace the link with the case folder")])
    folder = cases_dir() / str(name_or_path)
    if not folder.is_dir():
        known = ", ".join(list_cases()) or "none yet"
        raise CaseDataError([Problem(str(name_or_path), None, None, "there is no case with this name",
                                     f"use one of: {known}; or make one with `python -m claimlab new-case`")])
    return folder


def read_case_article(path: Path) -> tuple[str, dict, list[Problem]]:
    """The article text, its provenance (front matter) and any problems reading it."""
    label = _label(path)
    text, problems = read_text_strictly(path, label)
    if text is None:
        return "", {}, problems
    provenance: dict = {}
    if text.startswith("---\n"):
        end = text.find("\n---\n", 4)
        if end == -1:
            return "", {}, [Problem(label, 1, None, "the front-matter block is not closed",
                                    "end it with a line holding only ---")]
        try:
            provenance = yaml.safe_load(text[4:end]) or {}
        except yaml.YAMLError as error:
            line = getattr(getattr(error, "problem_mark", None), "line", 0) + 2
            return "", {}, [Problem(label, line, None, "the front matter is not valid YAML",
                                    "write one 'key: value' per line; quote values that contain a colon")]
        text = text[end + len("\n---\n"):]
    if not text.strip():
        problems.append(Problem(label, None, None, "the article has no text", "paste the article below the front matter"))
    for key in ("title", "provenance"):
        if key not in provenance:
            problems.append(Problem(label, 1, key, "the front matter has no " + key,
                                    f"add a line '{key}: ...' to the block between the --- lines"))
    return text, provenance, problems


def check_case(name_or_path: str | Path = DEFAULT_CASE) -> list[Problem]:
    """Every problem in a case, at once: files, rows, columns, links between tables, quotes, README."""
    try:
        case, problems = _read_case(case_folder(name_or_path))
    except CaseDataError as error:
        return error.problems
    return problems + _check_consistency(case)


def _check_consistency(case: Case) -> list[Problem]:
    """What the kit's tests check beyond the schemas: exact quotes, known ids, a README that lists every column."""
    folder, problems = case.folder, []
    claims_label = _label(folder / "claims.csv")
    lines = case.claims.attrs.get("lines", [])
    known_concepts = set(load_reference("key-concepts")["concept_id"]) if not case.claims.empty else set()
    families = set(cue_family_order())
    for line, row in zip(lines, case.claims.itertuples()):
        if case.article and str(row.sentence) not in case.article:
            problems.append(Problem(claims_label, line, "sentence", "this sentence is not in article.md exactly",
                                    "copy the sentence from the article character for character"))
        for concept in split_list(row.key_concepts):
            if concept not in known_concepts:
                problems.append(Problem(claims_label, line, "key_concepts", f"'{concept}' is not a Key Concept id",
                                        "use an id from datasets/reference/key-concepts.csv"))
        for cue in split_list(row.cues):
            if cue not in families:
                problems.append(Problem(claims_label, line, "cues", f"'{cue}' is not a cue family",
                                        "use a family from datasets/reference/cue-families.csv"))
    for table, name in ((case.studies, "studies.csv"), (case.positions, "regulatory-positions.csv")):
        if "unverified_fields" not in table:
            continue
        for line, value in zip(table.attrs.get("lines", []), table["unverified_fields"]):
            for column in split_list(value):
                if column not in table.columns:
                    problems.append(Problem(_label(folder / name), line, "unverified_fields",
                                            f"'{column}' is not a column of {name}", "name a column of this table"))
    problems += _check_readme(folder)
    return problems


def _check_readme(folder: Path) -> list[Problem]:
    readme = folder / "README.md"
    label = _label(readme)
    if not readme.exists():
        return [Problem(label, None, None, "the case has no README",
                        "write one with a data dictionary (new-case makes a starting README)")]
    text = readme.read_text(encoding="utf-8", errors="replace")
    try:
        package = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []  # an unreadable datapackage.json is reported once, where it is read
    problems = []
    resources, _ = package_resources(package, label)  # an unusable entry is reported once, where it is read
    for resource in resources:
        try:
            schema = read_schema(_schema_path(folder, resource["schema"]))
        except (OSError, ValueError):
            continue  # an unreadable schema is reported once, where the table is read
        missing = [f["name"] for f in schema.get("fields", []) if f"`{f['name']}`" not in text]
        if missing:
            problems.append(Problem(label, None, None,
                                    f"the data dictionary does not list {resource['path']}'s column(s) "
                                    + ", ".join(f"`{m}`" for m in missing),
                                    "add them (python scripts/data_dictionary.py datasets/schemas/"
                                    f"{Path(resource['schema']).name} prints the table)"))
    return problems


class _Shared(tuple):
    """A tuple kept in a table's attrs that pandas need not copy: pandas deep-copies attrs on every operation.

    A case's tables carry their source line numbers and the case's vocabulary; deep-copying those
    on each row or column a lesson touches took most of the time of reading the tables.
    """

    def __deepcopy__(self, memo: dict) -> "_Shared":
        return self


def load_case(name_or_path: str | Path = DEFAULT_CASE) -> Case:
    """Load a case's article and tables; raise CaseDataError listing every problem if any."""
    case, problems = _read_case(case_folder(name_or_path))
    if problems:
        raise CaseDataError(problems)
    return case


def load_reference(table: str) -> pd.DataFrame:
    """A shared reference table from datasets/reference/, e.g. 'study-designs'."""
    frames, problems = _read_package(reference_dir())
    if problems:
        raise CaseDataError(problems)
    if table not in frames:
        raise KeyError(f"no reference table named {table!r}; there are: {', '.join(frames)}")
    return frames[table]


def _read_case(folder: Path) -> tuple[Case, list[Problem]]:
    article, provenance, problems = read_case_article(folder / "article.md")
    frames, table_problems = _read_package(folder)
    problems += table_problems
    problems += _check_links(folder, frames)
    problems += _check_claims_have_evidence(folder, frames)
    problems += _check_any_evidence_ids(folder, frames)
    problems += _check_vocabulary_roles(folder, frames)
    tables = {**TABLES, **MORE_TABLES}
    case = Case(
        name=folder.name, folder=folder, article=article, provenance=provenance,
        problems=problems, **{attr: frames.get(resource, pd.DataFrame()) for resource, attr in tables.items()},
    )
    return case, problems


def _read_package(folder: Path) -> tuple[dict[str, pd.DataFrame], list[Problem]]:
    package_path = folder / "datapackage.json"
    text, problems = read_text_strictly(package_path, _label(package_path))
    if text is None:
        return {}, problems
    try:
        package = json.loads(text)
    except json.JSONDecodeError as error:
        return {}, [Problem(_label(package_path), error.lineno, None, f"not valid JSON ({error.msg})",
                            "restore it from git, or copy the datapackage.json of another case and change its name")]
    frames: dict[str, pd.DataFrame] = {}
    resources, problems = package_resources(package, _label(package_path), text)
    listed = package.get("resources", []) if isinstance(package, dict) else []
    for entry in listed if isinstance(listed, list) else []:
        if isinstance(entry, dict) and isinstance(entry.get("name"), str) and entry not in resources:
            frames[entry["name"]] = pd.DataFrame()  # an entry that cannot be used: reported once, above
            frames[entry["name"]].attrs.update(lines=[], unreadable=True)
    # The case's own vocabulary is read first: it extends the allowed values of the other tables.
    resources = sorted(resources, key=lambda r: r.get("name") != "vocabulary")
    vocabulary: tuple = ()
    for resource in resources:
        schema, path, found = _resource_files(folder, resource, _label(package_path))
        if found:
            problems += found
            frames[resource["name"]] = pd.DataFrame()
            frames[resource["name"]].attrs.update(lines=[], unreadable=True)  # reported once, not once per link
            continue
        schema = with_case_vocabulary(schema, vocabulary)
        rows, found = check_table(path, schema, _label(path))
        problems += found
        frame = to_frame(rows or [], schema)
        frame.attrs["lines"] = _Shared(row["_line"] for row in rows or [])
        frame.attrs["unreadable"] = rows is None
        frames[resource["name"]] = frame
        if resource["name"] == "vocabulary":
            vocabulary = _Shared(as_rows(frame))
    for frame in frames.values():
        frame.attrs["vocabulary"] = vocabulary
    return frames, problems


def package_resources(package: object, label: str, text: str = "") -> tuple[list[dict], list[Problem]]:
    """The resources a datapackage.json lists, each with a name, path and schema; a problem for any that cannot be used."""
    fix = "copy the datapackage.json of another case and change its name (`python -m claimlab new-case` writes one)"
    if not isinstance(package, dict):
        return [], [Problem(label, 1, None, f"the file holds a JSON {type(package).__name__}, not an object "
                                            "with a 'resources' list", fix)]
    resources = package.get("resources", [])
    if not isinstance(resources, list):
        return [], [Problem(label, _json_line(text, "resources"), "resources", "this should be a list of tables", fix)]
    kept, problems = [], []
    for number, resource in enumerate(resources, start=1):
        where = f"resources[{number - 1}]"
        if not isinstance(resource, dict):
            problems.append(Problem(label, _json_line(text, "resources"), where, "this entry is not an object", fix))
            continue
        missing = [key for key in ("name", "path", "schema") if not isinstance(resource.get(key), str)
                   or not resource.get(key).strip()]
        if missing:
            line = _json_line(text, str(resource.get("name", "resources")))
            problems.append(Problem(label, line, f"{where}.{missing[0]}", f"this table names no {missing[0]}",
                                    f"add \"{missing[0]}\": \"...\" to it, as in the other entries"))
            continue
        kept.append(resource)
    return kept, problems


def _resource_files(folder: Path, resource: dict, label: str) -> tuple[dict, Path, list[Problem]]:
    """A resource's schema and table path; a problem when the path leaves the case folder or the schema is unknown."""
    from claimlab.files import check_name

    name, relative = resource["name"], resource["path"]
    where = f"resources '{name[:60]}'.path"
    too_long = check_name(relative) or check_name(resource["schema"])
    if too_long:
        return {}, folder, [Problem(label, None, where, "a name in this entry is too long", too_long)]
    path = folder / relative
    written_inside = not Path(relative).is_absolute() and ".." not in Path(relative).parts
    try:
        inside = written_inside and path.resolve().is_relative_to(folder.resolve())
    except (OSError, RuntimeError):  # a symbolic link loop: reported when the table is read
        inside = written_inside
    if not inside:
        return {}, path, [Problem(label, None, where, "the path leads outside the case folder, so it was not read",
                                  "give the table's file name inside the case folder, e.g. \"studies.csv\"")]
    schema_path = _schema_path(folder, resource["schema"])
    if not schema_path.is_file():
        known = ", ".join(sorted(p.name for p in (datasets_dir() / "schemas").glob("*.schema.json")))
        return {}, path, [Problem(label, None, f"resources '{name[:60]}'.schema",
                                  f"there is no schema named {Path(resource['schema']).name[:80]}",
                                  f"use one of the kit's schemas: {known}")]
    try:
        schema = read_schema(schema_path)
        fields = schema["fields"]
        if not isinstance(fields, list) or not all(isinstance(f, dict) and "name" in f for f in fields):
            raise ValueError("fields")
    except (OSError, ValueError, KeyError, TypeError):
        return {}, path, [Problem(_label(schema_path), None, "fields", "this schema cannot be read (not JSON with a "
                                  "'fields' list)", "restore it from the kit (git checkout -- datasets/schemas/)")]
    return schema, path, []


def _json_line(text: str, key: str) -> int | None:
    """The line of a JSON text where a key (or value) first appears, for a message."""
    at = text.find(f'"{key}"')
    return text.count("\n", 0, at) + 1 if at >= 0 else None


def with_case_vocabulary(schema: dict, vocabulary: tuple) -> dict:
    """A schema whose case-aware fields allow the case's own codes too (see claimlab.vocabulary)."""
    fields = []
    for f in schema.get("fields", []):
        extends = f.get("claimlab:case_vocabulary")
        if extends:
            f = {**f, "constraints": {**f.get("constraints", {}), "enum": allowed_values(f, vocabulary)},
                 "claimlab:enum_help": "use one of: {allowed}; or add the code to the case's vocabulary.csv "
                                       f"as a row with field '{extends}' (see the case README)"}
        fields.append(f)
    return {**schema, "fields": fields}


def _check_vocabulary_roles(folder: Path, frames: dict[str, pd.DataFrame]) -> list[Problem]:
    table = frames.get("vocabulary")
    if table is None or table.empty:
        return []
    problems = []
    for line, row in zip(table.attrs.get("lines", []), table.itertuples()):
        allowed = CASE_FIELDS.get(str(row.field))
        if allowed is not None and str(row.role) not in allowed:
            shown = ", ".join(a for a in allowed if a) or "nothing (leave it empty)"
            problems.append(Problem(_label(folder / "vocabulary.csv"), line, "role",
                                    f"'{row.role}' is not a role a {row.field} can have",
                                    f"for a {row.field} write: {shown}"))
    return problems


def _schema_path(folder: Path, schema: str) -> Path:
    """A resource's schema: as written, or the kit's own schema of that name (for a case copied elsewhere)."""
    path = (folder / schema).resolve()
    return path if path.exists() else datasets_dir() / "schemas" / Path(schema).name


def _check_links(folder: Path, frames: dict[str, pd.DataFrame]) -> list[Problem]:
    problems = []
    for table, column, target, target_column in LINKS:
        if (table not in frames or target not in frames or frames[target].attrs.get("unreadable")
                or frames[table].attrs.get("unreadable") and column not in frames[table]):
            continue  # a missing or unreadable table is reported once, not once per link
        known = set(frames[target][target_column])
        lines = frames[table].attrs.get("lines", [])
        for line, value in zip(lines, frames[table][column]):
            for wanted in split_list(value):
                if wanted not in known:
                    problems.append(Problem(
                        _label(folder / f"{table}.csv"), line, column,
                        f"'{wanted}' is not a {target_column} in {target}.csv",
                        f"correct the id, or add a row for it to {target}.csv"))
    return problems


def _check_any_evidence_ids(folder: Path, frames: dict[str, pd.DataFrame]) -> list[Problem]:
    appraisal = frames.get("rubric-appraisal")
    if appraisal is None or "evidence_ids" not in appraisal:
        return []
    known = set()
    for table, column in (("studies", "study_id"), ("regulatory-positions", "position_id"), ("comparators", "comparator_id")):
        if table in frames and frames[table].attrs.get("unreadable"):
            return []  # reported once where the table failed to read
        if table in frames and column in frames[table]:
            known |= set(frames[table][column])
    problems = []
    for line, value in zip(appraisal.attrs.get("lines", []), appraisal["evidence_ids"]):
        for wanted in split_list(value):
            if wanted not in known:
                problems.append(Problem(_label(folder / "rubric-appraisal.csv"), line, "evidence_ids",
                                        f"'{wanted}' is not a study, position or comparator id in this case",
                                        "correct the id, or add the row it refers to"))
    return problems


def _check_claims_have_evidence(folder: Path, frames: dict[str, pd.DataFrame]) -> list[Problem]:
    claims = frames.get("claims")
    if claims is None or claims.empty:
        return []
    problems = []
    for line, row in zip(claims.attrs.get("lines", []), claims.to_dict("records")):  # no per-row copy of attrs
        linked = any(row.get(column) for column in ("study_ids", "position_ids", "comparator_ids"))
        if not linked and not row.get("no_evidence_note"):
            problems.append(Problem(
                _label(folder / "claims.csv"), line, "no_evidence_note",
                "this claim links to no study, position or treatment and does not say what was searched",
                "link the evidence that bears on it, or write in no_evidence_note what you searched"))
    return problems


def _label(path: Path) -> str:
    """A path as a person would look for it: relative to datasets/ where possible."""
    try:
        return str(Path(path).resolve().relative_to(datasets_dir().resolve().parent))
    except (ValueError, OSError, RuntimeError):  # outside the kit, or a symbolic link loop
        try:
            return str(Path(os.path.abspath(path)).relative_to(datasets_dir().resolve().parent))
        except ValueError:
            return str(path)
