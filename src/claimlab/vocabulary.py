"""The kit's vocabularies, read from data: the shared ones and each case's own.

Shared vocabularies live in ``datasets/reference/`` (study designs, cue families, limitation
families, the words of regulatory positions), each with a Table Schema; a case's own
vocabulary (its topics and their role, the scopes and extra actions of its positions, the
claim types it counts as claims of benefit) lives in the case's ``vocabulary.csv``. The code
keeps no copy of either: every label, plural, order and role is looked up here.

    design_label("randomized_trial")      # 'randomised trial'
    topic_label("sleep", case.studies)     # the case's own label
    topics_with_role(case, "claimed_use")  # ['anxiety_and_stress', 'sleep']

Shared tables are read once and cached (the cache notices an edited file). A case's vocabulary
travels with its tables: ``load_case`` stores it in each table's ``attrs``, so a helper given
only ``case.studies`` still finds the case's topic labels.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

import pandas as pd

from claimlab.paths import datasets_dir, reference_dir
from claimlab.schema import CaseDataError, check_table, read_schema, to_frame

VOCABULARY_FILE = "vocabulary.csv"
VOCABULARY_COLUMNS = ("field", "code", "label", "role", "meaning")
# The fields a case's vocabulary can extend, and the roles each may give its codes.
CASE_FIELDS = {
    "topic": ("claimed_use", "harm", "background"),
    "scope": ("",),
    "action": ("restricts", "proposes_restriction", "relaxes_or_withdraws", "regulates_sale", "advises_or_reviews"),
    "claim_type": ("benefit",),
}
REFERENCE_TABLES = {
    "study-designs": ("study-designs.csv", "study-designs.schema.json"),
    "cue-families": ("cue-families.csv", "cue-families.schema.json"),
    "limitation-families": ("limitation-families.csv", "limitation-families.schema.json"),
    "position-vocabulary": ("position-vocabulary.csv", "position-vocabulary.schema.json"),
    "appraisal-vocabulary": ("appraisal-vocabulary.csv", "appraisal-vocabulary.schema.json"),
    "starting-vocabulary": ("starting-vocabulary.csv", "vocabulary.schema.json"),
}


# --- shared vocabularies ----------------------------------------------------------------------


def reference_vocabulary(name: str) -> pd.DataFrame:
    """A shared vocabulary table from datasets/reference/, checked against its schema (cached)."""
    if name not in REFERENCE_TABLES:
        raise KeyError(f"no shared vocabulary {name!r}; there are: {', '.join(REFERENCE_TABLES)}")
    return _cached(name).copy()


def _cached(name: str) -> pd.DataFrame:
    """The cached table itself (callers must not change it)."""
    csv_name, schema_name = REFERENCE_TABLES[name]
    path = reference_dir() / csv_name
    stamp = path.stat().st_mtime_ns if path.exists() else 0
    return _read_reference(str(path), str(datasets_dir() / "schemas" / schema_name), stamp)


@lru_cache(maxsize=32)
def _read_reference(path: str, schema_path: str, _stamp: int) -> pd.DataFrame:
    schema = read_schema(Path(schema_path))
    rows, problems = check_table(Path(path), schema, _label(Path(path)))
    if problems:
        raise CaseDataError(problems)
    frame = to_frame(rows or [], schema)
    if "order" in frame:
        frame = frame.sort_values("order", kind="stable").reset_index(drop=True)
    return frame


def study_designs() -> pd.DataFrame:
    """The study designs in the kit's order (strongest usual evidence on effects first), indexed by code."""
    return _designs().copy()


def _designs() -> pd.DataFrame:
    return _designs_indexed(id(_cached("study-designs")))


@lru_cache(maxsize=8)
def _designs_indexed(_key: int) -> pd.DataFrame:
    return _cached("study-designs").set_index("design", drop=False)


def design_order() -> list[str]:
    """Design codes from the strongest usual evidence on effects to the weakest."""
    return list(_designs()["design"])


def design_names() -> dict[str, tuple[str, str]]:
    """Each design code with its name in a sentence, singular and plural."""
    table = _designs()
    return {code: (singular, plural) for code, singular, plural in
            zip(table["design"], table["short_label"], table["plural"])}


def design_label(code: object) -> str:
    """A design code in words: 'randomized_trial' -> 'randomised trial'."""
    return design_names().get(str(code), (str(code).replace("_", " "),))[0]


def design_plural(code: object) -> str:
    """A design code in words, plural: 'case_report' -> 'case reports'."""
    name = str(code).replace("_", " ")
    return design_names().get(str(code), (name, name))[1]


def count_designs(n: int, code: object) -> str:
    """A count with its design name in agreement: '1 case report', '2 case reports'."""
    return f"{n} {design_label(code) if n == 1 else design_plural(code)}"


def plain_design(code: object) -> str:
    """A design in everyday words (plural), for a message to a friend."""
    table = _designs()
    return str(table.loc[str(code), "plain_plural"]) if str(code) in table.index else design_plural(code)


def designs_in_group(*groups: str) -> tuple[str, ...]:
    """The design codes of one or more groups (review, trial, observational, descriptive, laboratory, ...)."""
    table = _designs()
    return tuple(table.loc[table["group"].isin(groups), "design"])


def comparative_designs() -> list[str]:
    """Designs that can compare people who did and did not get a treatment."""
    table = _designs()
    return list(table.loc[table["can_compare"] == "yes", "design"])


def grade_start(code: object) -> str | None:
    """Where GRADE starts evidence of this design: 'high', 'low', or None (reviews, lab, blood levels)."""
    table = _designs()
    value = table.loc[str(code), "grade_start"] if str(code) in table.index else ""
    return str(value) if value else None


def cue_family_order() -> tuple[str, ...]:
    """The cue families in the kit's order."""
    return tuple(_cached("cue-families")["family"])


def cue_family_ranks() -> dict[str, int]:
    """Each cue family with its place in the kit's order (0 first)."""
    return dict(_ranks(id(_cached("cue-families"))))


@lru_cache(maxsize=8)
def _ranks(_key: int) -> tuple[tuple[str, int], ...]:
    return tuple((family, rank) for rank, family in enumerate(_cached("cue-families")["family"]))


def cue_tags() -> dict[str, str]:
    """Each cue family's short tag word, shown after each cue in the highlighted article."""
    table = _cached("cue-families")
    return dict(zip(table["family"], table["tag"]))


def claim_type_suggestions() -> list[tuple[str, str]]:
    """(cue family, the kind of claim it suggests), in the order that decides between several cues."""
    table = _cached("cue-families").sort_values("suggestion_order", kind="stable")
    return list(zip(table["family"], table["suggests_claim_type"]))


def limitation_families() -> pd.DataFrame:
    """The limitation families in order, indexed by code: label and meaning."""
    return reference_vocabulary("limitation-families").set_index("family", drop=False)


def position_terms(field: str) -> dict[str, dict[str, str]]:
    """The shared words of one field of regulatory-positions.csv (action, status or scope)."""
    return _terms("position-vocabulary", field, lambda r: {
        "label": str(r.label), "meaning": str(r.meaning), "direction": str(r.direction),
        "standing": str(getattr(r, "standing", ""))})


def appraisal_terms(field: str) -> dict[str, dict[str, str]]:
    """The shared codes of claim_type, evidence_offered, verdict or legal_status, in order: label, name,
    meaning and colour (appraisal-vocabulary.csv)."""
    return _terms("appraisal-vocabulary", field, lambda r: {
        "label": str(r.label), "name": str(r.name), "meaning": str(r.meaning), "colour": str(r.colour)})


_TERMS: dict[tuple[str, str], tuple[pd.DataFrame, dict[str, dict[str, str]]]] = {}


def _terms(name: str, field: str, entry: Callable) -> dict[str, dict[str, str]]:
    """One field's codes of a shared vocabulary, worked out once per reading of its table (a chart asks per row)."""
    table = _cached(name)
    kept = _TERMS.get((name, field))
    if kept is None or kept[0] is not table:  # a new reading of the table (the file changed) is worked out again
        rows = table[table["field"] == field]
        kept = _TERMS[(name, field)] = (table, {str(r.code): entry(r) for r in rows.itertuples()})
    return {code: dict(words) for code, words in kept[1].items()}  # a copy: callers may change theirs


# --- a case's own vocabulary ------------------------------------------------------------------


def vocabulary_rows(source: object) -> tuple[tuple[str, ...], ...]:
    """A case's vocabulary as rows (field, code, label, role, meaning), from a Case, a table or a vocabulary."""
    if source is None:
        return ()
    if isinstance(source, tuple):
        return source
    table = getattr(source, "vocabulary", None)
    if isinstance(table, pd.DataFrame):
        source = table
    if isinstance(source, (pd.DataFrame, pd.Series)):
        stored = source.attrs.get("vocabulary")
        if stored is not None:
            return stored
        if isinstance(source, pd.DataFrame) and set(VOCABULARY_COLUMNS) <= set(source.columns):
            return as_rows(source)
    return ()


def as_rows(vocabulary: pd.DataFrame) -> tuple[tuple[str, ...], ...]:
    """A vocabulary table as a tuple of rows (what load_case stores in each table's attrs)."""
    if vocabulary.empty:
        return ()
    return tuple(tuple("" if pd.isna(v) else str(v) for v in row)
                 for row in vocabulary[list(VOCABULARY_COLUMNS)].itertuples(index=False))


def case_terms(source: object, field: str) -> dict[str, dict[str, str]]:
    """A case's own codes for one field (topic, scope, action, claim_type), in its order."""
    return {code: {"label": label or code.replace("_", " "), "role": role, "meaning": meaning}
            for f, code, label, role, meaning in vocabulary_rows(source) if f == field}


def case_codes(source: object, field: str) -> list[str]:
    """The codes a case adds for one field, in its order."""
    return list(case_terms(source, field))


def topic_label(code: object, source: object = None) -> str:
    """A topic code in words, from the case's vocabulary (or the code itself with spaces)."""
    return case_terms(source, "topic").get(str(code), {}).get("label") or str(code).replace("_", " ")


def topics_with_role(source: object, role: str) -> list[str]:
    """The case's topics with one role: 'claimed_use', 'harm' or 'background'."""
    return [code for code, term in case_terms(source, "topic").items() if term["role"] == role]


def benefit_claim_types(source: object) -> list[str]:
    """The claim types the case counts as claims of benefit (its vocabulary's claim_type rows)."""
    return [code for code, term in case_terms(source, "claim_type").items() if term["role"] == "benefit"]


def scope_meaning(code: object, source: object = None) -> str | None:
    """What a position's scope covers: the case's own meaning, else the shared one, else None."""
    own = case_terms(source, "scope").get(str(code))
    if own and own["meaning"]:
        return own["meaning"]
    shared = position_terms("scope").get(str(code))
    return shared["meaning"] if shared else None


def action_terms(source: object = None) -> dict[str, dict[str, str]]:
    """Every action a position may record: the shared ones, then the case's extra ones."""
    terms = position_terms("action")
    for code, term in case_terms(source, "action").items():
        terms.setdefault(code, {"label": term["label"], "meaning": term["meaning"],
                                "direction": term["role"]})
    return terms


def allowed_values(field: dict, vocabulary: object) -> list[str] | None:
    """The values a schema field allows once a case's vocabulary is added; None if the field has no list."""
    extends = field.get("claimlab:case_vocabulary")
    base = field.get("constraints", {}).get("enum")
    if not extends:
        return base
    return list(dict.fromkeys([*(base or []), *case_codes(vocabulary, extends)]))


def _label(path: Path) -> str:
    try:
        return str(Path(path).resolve().relative_to(datasets_dir().resolve().parent))
    except ValueError:
        return str(path)
