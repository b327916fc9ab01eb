"""Reading regulatory positions: plain-language meanings, a reading checklist, and quick checks.

Everything here works on a case's ``positions`` table (``regulatory-positions.csv``) and says
only what that table says: the meanings below explain the kit's own column vocabularies, not
facts about any remedy. Every function copes with an empty table.
"""

from __future__ import annotations

import re

import pandas as pd
from IPython.display import HTML, Markdown

from claimlab import vocabulary
from claimlab.wording import cell_text, count
from claimlab.quizzes import MultipleChoice, multiple_choice

# Plain words for the action, status and scope codes come from datasets/reference/position-vocabulary.csv
# and the case's own vocabulary.csv (claimlab.vocabulary); this module keeps no copy.
NO_STATUS = "no status is recorded: the source read did not say whether it still applies"


def meanings(field: str, source: object = None) -> dict[str, str]:
    """Each code of action, status or scope with its plain meaning: the shared ones, then the case's own."""
    if field not in ("action", "status", "scope"):
        raise ValueError(f"meanings() explains 'action', 'status' or 'scope', not {field!r}")
    if field == "action":
        return {code: term["meaning"] for code, term in vocabulary.action_terms(source).items()}
    table = {code: term["meaning"] for code, term in vocabulary.position_terms(field).items()}
    if field == "scope":
        for code, term in vocabulary.case_terms(source, "scope").items():
            table.setdefault(code, term["meaning"] or term["label"])
    return table


# The checklist for reading an agency statement: (question, column it is answered from, what to watch for).
STATEMENT_CHECKLIST: list[tuple[str, str, str]] = [
    ("Who issued it?", "body",
     "A legislature, a medicines or food regulator, a drug-control agency or an advisory body? Each asks a different question."),
    ("Where does it apply?", "jurisdiction",
     "A state, a country or an international body: it says nothing about anywhere else."),
    ("When?", "date",
     "Check how precise the date is; a later position may have replaced it."),
    ("What instrument?", "instrument",
     "A law, a rule, a notice of intent, an advisory, a letter: they carry very different weight."),
    ("What did it do?", "action",
     "A ban, a listing, a proposal, a warning and a review are different things."),
    ("Is it in force?", "status",
     "Proposed, withdrawn and superseded positions do not apply now."),
    ("What exactly does it cover?", "scope",
     "The whole plant, one compound in it, or only some products? Headlines often blur this."),
    ("What evidence does it cite?", "evidence_cited",
     "Harms and abuse potential, or benefit? Nothing cited is not the same as no evidence."),
    ("Where can I read it?", "source_url",
     "An official text or a copy? What could not be confirmed?"),
]

# A rough keyword sort of what a body said it relied on: each theme and the word stems that signal it.
EVIDENCE_THEMES: dict[str, list[str]] = {
    "abuse or dependence": ["abuse", "dependen", "addict", "misus", "euphori", "opioid receptor"],
    "deaths or poisonings": ["death", "fatal", "poison"],
    "harm, hazard or side effects": ["side effect", "adverse", "harm", "hazard", "threat", "public safety", "toxic",
                                     "illness or injury", "liver", "thyroid"],
    "no approval, or benefit not shown": ["not approved", "unapproved", "no approved", "not proven", "unproven",
                                          "no reliable", "lack of reliable evidence", "not scientifically established",
                                          "new drug application", "no substantial evidence"],
    "not enough evidence (of safety or risk)": ["lack of evidence", "insufficient", "relative lack", "further research",
                                                "no safe", "too poor", "lack of data", "not been studied",
                                                "reasonable assurance"],
    "traditional use or culture": ["tradition", "cultur"],
    "public comments or outside pressure": ["public comment", "representation"],
    "availability or trade": ["import", "availab", "economic"],
}


def meaning(field: str, value: object, source: object = None) -> str:
    """The plain-language meaning of a value of action, status or scope (``source``: the case or its positions)."""
    if field not in ("action", "status", "scope"):
        raise ValueError(f"meaning() explains 'action', 'status' or 'scope', not {field!r}")
    table = meanings(field, source)
    text = cell_text(value)
    if not text:
        return NO_STATUS if field == "status" else "not recorded"
    return table.get(text, text.replace("_", " "))


def checked_on(positions: pd.DataFrame) -> str:
    """'as of DATE' from the positions' checked_on column (the date each row was last checked); '' without it.

    One date when every row was checked the same day; otherwise the range of check dates, earliest first. A table
    without the column, or with no date in it, gives '' so the sentence says nothing about a date.
    """
    if positions is None or positions.empty or "checked_on" not in positions:
        return ""
    dates = pd.to_datetime(positions["checked_on"], errors="coerce", format="ISO8601").dropna()
    if dates.empty:
        return ""
    first, last = dates.min().date().isoformat(), dates.max().date().isoformat()
    return f"as of {first}" if first == last else f"as of {first} to {last}"


def positions_summary(positions: pd.DataFrame) -> str:
    """How many positions, from how many jurisdictions and bodies, and as of when (counts agree in number)."""
    if positions is None or positions.empty:
        return "This case records no regulatory position yet."
    n, places, bodies = len(positions), positions["jurisdiction"].nunique(), positions["body"].nunique()
    when = checked_on(positions)
    return (f"{count(n, 'position')} from {count(places, 'jurisdiction')} and {count(bodies, 'body', 'bodies')}"
            + (f", {when}" if when else "") + ".")


def positions_by_date(positions: pd.DataFrame, columns: list[str] | None = None) -> pd.DataFrame:
    """The positions in date order, with the columns a reader needs first."""
    columns = columns or ["date", "jurisdiction", "body", "action", "scope", "status", "position_id"]
    if positions.empty:
        return pd.DataFrame(columns=columns)
    data = positions.assign(_date=pd.to_datetime(positions["date"], errors="coerce"))
    data = data.sort_values(["_date", "position_id"], kind="stable", na_position="last")
    return data[[c for c in columns if c in data]].reset_index(drop=True)


def count_by(positions: pd.DataFrame, field: str) -> pd.DataFrame:
    """How many positions have each value of action, status or scope, with what it means."""
    if positions.empty:
        return pd.DataFrame(columns=[field, "positions", "meaning"])
    values = positions[field].map(cell_text)
    counts = values.value_counts().rename_axis(field).reset_index(name="positions")
    counts["meaning"] = [meaning(field, value, positions) for value in counts[field]]
    counts[field] = counts[field].replace("", "(empty)")
    return counts


def proposals_and_outcomes(positions: pd.DataFrame, columns: list[str] | None = None) -> pd.DataFrame:
    """Every proposal, withdrawal and replaced position, in date order: proposals are not decisions."""
    if positions.empty:
        return positions_by_date(positions, columns)
    changing = [code for code, term in vocabulary.action_terms(positions).items()
                if term["direction"] in ("proposes_restriction", "relaxes_or_withdraws")]
    steps = positions[positions["action"].isin(changing)
                      | positions["status"].isin(["proposed", "withdrawn", "superseded"])]
    return positions_by_date(steps, columns)


def changes_over_time(positions: pd.DataFrame) -> pd.DataFrame:
    """Jurisdictions with more than one position: their actions in date order, one line each."""
    columns = ["jurisdiction", "positions", "first", "last", "sequence"]
    if positions.empty:
        return pd.DataFrame(columns=columns)
    rows = []
    ordered = positions_by_date(positions, ["date", "jurisdiction", "action", "status", "position_id"])
    for jurisdiction, group in ordered.groupby("jurisdiction", sort=False):
        if len(group) < 2:
            continue
        steps = [f"{str(r.date)[:4]} {r.action.replace('_', ' ')} ({cell_text(r.status).replace('_', ' ') or 'status not recorded'})"
                 for r in group.itertuples()]
        rows.append({"jurisdiction": jurisdiction, "positions": len(group), "first": str(group["date"].iloc[0])[:4],
                     "last": str(group["date"].iloc[-1])[:4], "sequence": " → ".join(steps)})
    return pd.DataFrame(rows, columns=columns).sort_values("positions", ascending=False, kind="stable").reset_index(drop=True)


def evidence_themes(positions: pd.DataFrame) -> pd.DataFrame:
    """A rough keyword sort of each position's evidence_cited into themes, with the words matched."""
    columns = ["position_id", "jurisdiction", "action", "themes", "words matched"]
    if positions.empty:
        return pd.DataFrame(columns=columns)
    rows = []
    for row in positions_by_date(positions, ["position_id", "jurisdiction", "action"]).itertuples():
        cited = cell_text(positions.loc[positions["position_id"] == row.position_id, "evidence_cited"].iloc[0])
        found, words = [], []
        for theme, stems in EVIDENCE_THEMES.items():
            hits = [s for s in stems if re.search(r"\b" + re.escape(s), cited, re.I)]
            if hits:
                found.append(theme)
                words += hits
        rows.append({"position_id": row.position_id, "jurisdiction": row.jurisdiction, "action": row.action,
                     "themes": "; ".join(found) if found else ("(none of the keywords)" if cited else "(no evidence recorded)"),
                     "words matched": ", ".join(dict.fromkeys(words))})
    return pd.DataFrame(rows, columns=columns)


def theme_counts(positions: pd.DataFrame) -> pd.DataFrame:
    """How many positions mention each evidence theme, and which jurisdictions they come from."""
    themes = evidence_themes(positions)
    rows = []
    for theme in EVIDENCE_THEMES:
        hit = themes[themes["themes"].str.contains(theme, regex=False)] if len(themes) else themes
        if len(hit):
            rows.append({"theme": theme, "positions": len(hit),
                         "jurisdictions": ", ".join(sorted(set(hit["jurisdiction"])))})
    empty = int((themes["themes"] == "(no evidence recorded)").sum()) if len(themes) else 0
    if empty:
        rows.append({"theme": "(no evidence recorded)", "positions": empty,
                     "jurisdictions": ", ".join(sorted(set(themes.loc[themes["themes"] == "(no evidence recorded)", "jurisdiction"])))})
    return pd.DataFrame(rows, columns=["theme", "positions", "jurisdictions"])


def example_position(positions: pd.DataFrame, **match: object) -> pd.Series | None:
    """The latest position matching every column=value given (a list means any of), or None."""
    if positions.empty:
        return None
    data = positions
    for column, wanted in match.items():
        if column == "has":
            for name in ([wanted] if isinstance(wanted, str) else wanted):
                data = data[data[name].map(cell_text) != ""]
            continue
        values = list(wanted) if isinstance(wanted, (list, tuple, set)) else [wanted]
        data = data[data[column].isin(values)]
    if data.empty:
        return None
    data = data.assign(_date=pd.to_datetime(data["date"], errors="coerce"))
    return data.sort_values("_date", kind="stable", na_position="first").drop(columns="_date").iloc[-1]


def read_statement(position: pd.Series | None) -> pd.DataFrame:
    """The reading checklist answered for one position, from the data, with what to watch for."""
    columns = ["question", "what the data says", "watch for"]
    if position is None:
        return pd.DataFrame([("(no position to read)", "This case records no regulatory position.", "")], columns=columns)
    unverified = {f.strip() for f in cell_text(position.get("unverified_fields")).split(";") if f.strip()}
    rows = []
    for question, field, watch in STATEMENT_CHECKLIST:
        value = cell_text(position.get(field))
        if field in {"action", "status", "scope"}:
            value = f"{value or '(empty)'}: {meaning(field, value, position)}"
        elif field == "date" and value:
            value = f"{value[:10]} (precise to the {cell_text(position.get('date_precision')) or 'day'})"
        elif not value:
            value = "(not recorded: the source read did not show it)"
        if field in unverified:
            value += " [could not be confirmed in a source]"
        rows.append((question, value, watch))
    return pd.DataFrame(rows, columns=columns)


def _field_question(field: str, position: pd.Series | None) -> tuple[str, dict[str, str], str]:
    """The question, options with feedback, and answer for a quick check on status or scope."""
    table = meanings(field, position)
    label = "status" if field == "status" else "scope (what it covers)"
    value = cell_text(position.get(field)) if position is not None else ""
    if value not in table:
        value = "withdrawn" if field == "status" else next(iter(table))
        intro = f"Suppose a position's {label} is '{value}'."
    else:
        intro = (f"The position {position['position_id']} ({cell_text(position.get('body'))}, "
                 f"{str(position.get('date'))[:4]}) has {label} '{value}'.")
    keys, seen = [value], {table[value]}
    for key in table:
        if table[key] not in seen and len(keys) < 4:
            keys.append(key)
            seen.add(table[key])
    keys = sorted(keys, key=list(table).index)
    options = {}
    for key in keys:
        if key == value:
            options[table[key]] = f"Yes: '{value}' means {table[key]}."
        else:
            options[table[key]] = (f"That describes '{key}', not '{value}'. '{value}' means {table[value]}.")
    return f"{intro} What does that mean?", options, table[value]


def status_quiz(position: pd.Series | None) -> MultipleChoice:
    """A quick check built from one position: what does its status mean?"""
    return multiple_choice(*_field_question("status", position))


def scope_quiz(position: pd.Series | None) -> MultipleChoice:
    """A quick check built from one position: what does its scope cover?"""
    return multiple_choice(*_field_question("scope", position))


def unmapped_jurisdictions(positions: pd.DataFrame, legal_status: pd.DataFrame) -> pd.DataFrame:
    """Countries and bodies with positions but no status on the map, and how many positions each has."""
    columns = ["jurisdiction", "jurisdiction_code", "positions"]
    if positions.empty:
        return pd.DataFrame(columns=columns)
    mapped = set(legal_status["jurisdiction_code"]) if len(legal_status) else set()
    codes = positions["jurisdiction_code"].astype(str)
    country = codes.str.split("-").str[0]
    missing = positions[~country.isin(mapped) & ~codes.str.contains("-")]
    counts = missing.groupby(["jurisdiction", "jurisdiction_code"]).size().reset_index(name="positions")
    return counts[columns]


def legal_status_key(legal_status: pd.DataFrame) -> pd.DataFrame:
    """Each legal status the case's map shows, with its label, its plain meaning and its countries."""
    columns = ["status", "label", "meaning", "countries"]
    if legal_status is None or legal_status.empty:
        return pd.DataFrame(columns=columns)
    terms = vocabulary.appraisal_terms("legal_status")
    statuses = legal_status["status"].map(cell_text)
    rows = []
    for code in [*[c for c in terms if c in set(statuses)], *sorted(set(statuses) - set(terms))]:
        term = terms.get(code, {})
        names = legal_status.loc[statuses == code, "country"].map(cell_text)
        rows.append({"status": code or "(empty)", "label": term.get("label", code.replace("_", " ")),
                     "meaning": cell_text(term.get("meaning")) or "not in the kit's vocabulary of legal statuses",
                     "countries": ", ".join(names)})
    return pd.DataFrame(rows, columns=columns)


def position_source_links(position: pd.Series | None) -> Markdown:
    """The pages a position was read at, as links a learner can open."""
    if position is None:
        return Markdown("*No position to link to.*")
    urls = [u.strip() for u in cell_text(position.get("source_url")).split(" ; ") if u.strip()]
    if not urls:
        return Markdown(f"*No source page is recorded for `{position['position_id']}`.*")
    lines = [f"Where `{position['position_id']}` was read (open it to check our summary):"]
    lines += [f"- <{url}>" for url in dict.fromkeys(urls)]
    return Markdown("\n".join(lines))


def show_full(table: pd.DataFrame) -> HTML:
    """A table with every cell's text in full (no '...'), for columns of long prose."""
    with pd.option_context("display.max_colwidth", None):
        return HTML(table.to_html(index=False, na_rep="", justify="left", border=0))


# The name lesson 04 imports; deprecated (evidence had a source_links too): new code uses position_source_links.
source_links = position_source_links

