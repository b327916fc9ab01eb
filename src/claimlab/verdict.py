"""The verdict: each claim against its evidence, the established treatments, and the verdict written twice.

Everything here is assembled from a case's own tables (claims, studies, positions, legal status,
comparators, rubric appraisal): no fact about a remedy is typed into this module. The two worked
verdicts (a technical appraisal and a plain message to a friend) are built from those tables, so
they change when an instructor changes the case. ``check_my_verdict`` is a word search that
points at what a learner's own verdict may have left out; it is a prompt to re-read, not a grade.

On a case whose tables are still empty the helpers return a ``Notice`` (or a table that shows
one) saying what to add, and pass a notice they are given straight on, so the lesson runs.
"""

from __future__ import annotations

import re
from collections import Counter

import pandas as pd

from claimlab.cases import Case
from claimlab import vocabulary
from claimlab.charts import VERDICTS
from claimlab.claim_counts import claims_only, framing_only
from claimlab.notices import NO_CLAIMS, Notice, nothing_recorded, table_with_notice
from claimlab.evidence import benefit_claims, claimed_use_studies, harm_studies
from claimlab.schema import split_list
from claimlab.wording import cell_text, count, listing

NOT_SEEN = "not seen in a source"
NOT_APPRAISED = "not_appraised"  # the verdict of background sentences
NO_VERDICTS = ("No claim has a verdict yet for this case: give each claim in claims.csv a verdict and the "
               "explanation behind it (see the case README).")
NO_COMPARATORS = nothing_recorded("comparators.csv")

# What each verdict means, in general terms: datasets/reference/appraisal-vocabulary.csv.
VERDICT_MEANINGS = {code: term["meaning"] for code, term in vocabulary.appraisal_terms("verdict").items()}
APPRAISED_VERDICTS = [v for v in VERDICT_MEANINGS if v != NOT_APPRAISED]

# The self-assessment checklist for a learner's own verdict: item -> (question, words that signal it).
VERDICT_CHECKLIST = {
    "design": ("Does it say what kind of studies the evidence is (trial, survey, case report, animal or "
               "laboratory work)?",
               ["trial", "survey", "case report", "case series", "animal", "laboratory", "cells", "review",
                "study", "studies", "observational", "randomi"]),
    "uncertainty": ("Does it say what is uncertain or unknown?",
                    ["uncertain", "unknown", "not known", "don't know", "do not know", "nobody knows",
                     "not sure", "unclear", "can't tell", "cannot tell", "could not", "couldn't", "certainty",
                     "may ", "might", "not confirmed"]),
    "harms": ("Does it mention possible harms, and how little or much is known about them?",
              ["harm", "risk", "side effect", "safe", "dependence", "addict", "poison", "overdose", "adverse",
               "danger", "withdrawal from", "interaction"]),
    "alternatives": ("Does it name the established treatments and how their evidence compares?",
                     ["treatment", "medicine", "alternative", "approved", "tested"]),
    "legal_status": ("Does it say what regulators decided or whether the remedy is legal or approved?",
                     ["legal", "law", "ban", "approv", "regulat", "licen", "prohibit", "controlled",
                      "schedul", "warning", "advisory"]),
    "clinician": ("Does it suggest talking to a clinician (doctor, pharmacist, nurse) about tested options?",
                  ["doctor", "pharmacist", "nurse", "clinician", "gp", "physician", "health professional"]),
}


# --- claim by claim ----------------------------------------------------------------------


def appraised_claims(claims: pd.DataFrame) -> pd.DataFrame:
    """The claims with a verdict about the remedy (background sentences left out)."""
    if claims.empty:
        return table_with_notice(claims.copy(), NO_CLAIMS)
    return claims[claims["verdict"] != NOT_APPRAISED].reset_index(drop=True)


def verdict_counts(claims: pd.DataFrame) -> pd.DataFrame:
    """How many claims, and how many framing sentences, got each verdict, with what the verdict means."""
    made = Counter(str(v) for v in claims_only(claims)["verdict"]) if not claims.empty else Counter()
    framing = Counter(str(v) for v in framing_only(claims)["verdict"]) if not claims.empty else Counter()
    rows = [{"verdict": VERDICTS.get(v, (v,))[0], "claims": made.get(v, 0), "framing sentences": framing.get(v, 0),
             "what it means": meaning}
            for v, meaning in VERDICT_MEANINGS.items()]
    table = pd.DataFrame(rows).set_index("verdict")
    return table_with_notice(table, NO_CLAIMS, always=True) if claims.empty else table


def example_claims(claims: pd.DataFrame) -> list[str] | Notice:
    """One claim id per verdict that occurs (the first of each), strongest evidence problem first.

    With no appraised claim yet, a Notice saying what to add; ``examples[0]`` of it is the same notice.
    """
    order = APPRAISED_VERDICTS[::-1]  # the vocabulary lists verdicts from best supported to contradicted
    picked = []
    for verdict in order:
        ids = claims.loc[claims["verdict"] == verdict, "claim_id"] if not claims.empty else []
        if len(ids):
            picked.append(str(list(ids)[0]))
    if not picked:
        return Notice(NO_CLAIMS if claims.empty else NO_VERDICTS)
    return picked


def claim_evidence(case: Case, claim_id: str | Notice) -> pd.DataFrame | Notice:
    """Every study, position and established treatment linked to one claim, with what it found."""
    if isinstance(claim_id, Notice):
        return claim_id
    row = _claim_row(case.claims, claim_id)
    records = []
    studies = case.studies.set_index("study_id") if not case.studies.empty else pd.DataFrame()
    for sid in split_list(row.get("study_ids")):
        s = studies.loc[sid] if sid in studies.index else None
        records.append({
            "kind": "study", "id": sid,
            "what it is": vocabulary.design_label(cell_text(s["design"])) if s is not None else "",
            "year": cell_text(s["year"]) if s is not None else "",
            "what it found": cell_text(s["finding"]) if s is not None else "not in the studies table",
            "source": _first_url(s["source_url"]) if s is not None else "",
        })
    positions = case.positions.set_index("position_id") if not case.positions.empty else pd.DataFrame()
    for pid in split_list(row.get("position_ids")):
        p = positions.loc[pid] if pid in positions.index else None
        records.append({
            "kind": "regulator", "id": pid,
            "what it is": f"{cell_text(p['body'])} ({cell_text(p['jurisdiction'])})" if p is not None else "",
            "year": str(pd.Timestamp(p["date"]).year) if p is not None and not pd.isna(p["date"]) else "",
            "what it found": cell_text(p["summary"]) if p is not None else "not in the positions table",
            "source": _first_url(p["source_url"]) if p is not None else "",
        })
    comparators = case.comparators.set_index("comparator_id") if not case.comparators.empty else pd.DataFrame()
    for cid in split_list(row.get("comparator_ids")):
        c = comparators.loc[cid] if cid in comparators.index else None
        records.append({
            "kind": "established treatment", "id": cid,
            "what it is": cell_text(c["name"]) if c is not None else "",
            "year": "",
            "what it found": cell_text(c["review_finding"]) if c is not None else "not in the comparators table",
            "source": _doi_link(c["review_doi"]) or _first_url(c["source_url"]) if c is not None else "",
        })
    columns = ["kind", "id", "what it is", "year", "what it found", "source"]
    return pd.DataFrame(records, columns=columns)


def evidence_rules() -> str:
    """What observational studies can and cannot do for a claim that it works and one that it is safe (Markdown)."""
    terms = vocabulary.appraisal_terms("evidence_rule")
    return "\n\n".join(f"- **{term['label'].capitalize()}.** {term['meaning']}" for term in terms.values())


def harm_evidence(case: Case, claim_id: str | Notice) -> str:
    """How many of the studies linked to one claim are mainly about harms, and of which designs (one sentence)."""
    if isinstance(claim_id, Notice):
        return str(claim_id)
    linked = split_list(_claim_row(case.claims, claim_id).get("study_ids"))
    harms = harm_studies(case.studies)
    harms = harms[harms["study_id"].isin(linked)] if not harms.empty else harms
    if not linked:
        return f"No study is linked to claim {claim_id}."
    if harms.empty:
        return (f"The one study linked to claim {claim_id} is not mainly about harms." if len(linked) == 1 else
                f"None of the {len(linked)} studies linked to claim {claim_id} is mainly about harms.")
    designs = listing([_count_design(n, d) for d, n in Counter(harms["design"]).most_common()])
    return (f"Of the {count(len(linked), 'study', 'studies')} linked to claim {claim_id}, "
            f"{len(harms)} {'is' if len(harms) == 1 else 'are'} mainly about harms: {designs} "
            f"({', '.join(harms['study_id'])}).")


def claim_summary(claims: pd.DataFrame, claim_id: str | Notice) -> str:
    """One claim in words: the sentence, what it claims, its verdict and why (Markdown)."""
    if isinstance(claim_id, Notice):
        return claim_id._repr_markdown_()
    row = _claim_row(claims, claim_id)
    verdict = cell_text(row["verdict"])
    label = VERDICTS.get(verdict, (verdict,))[0]
    lines = [f"**Claim {claim_id}** ({cell_text(row['claim_type']).replace('_', ' ')})",
             f"> {cell_text(row['sentence'])}",
             f"**In plain words:** {cell_text(row['claim'])}",
             f"**Verdict:** {label}: {VERDICT_MEANINGS.get(verdict, '')}.",
             f"**Why:** {cell_text(row['explanation'])}"]
    note = cell_text(row.get("no_evidence_note"))
    if note:
        lines.append(f"**Searched for and not found:** {note}")
    return "\n\n".join(lines)


def verdict_quiz(claims: pd.DataFrame, claim_id: str | Notice) -> dict | Notice:
    """Arguments for quizzes.multiple_choice: which verdict did the evidence support for this claim?"""
    if isinstance(claim_id, Notice):
        return claim_id
    row = _claim_row(claims, claim_id)
    answer = cell_text(row["verdict"])
    if answer not in APPRAISED_VERDICTS:
        raise ValueError(f"Claim {claim_id} is background ({answer}); pick an appraised claim, "
                         "e.g. from example_claims(case.claims).")
    explanation = cell_text(row["explanation"])
    options = {}
    for verdict in APPRAISED_VERDICTS:
        label = VERDICTS.get(verdict, (verdict,))[0].capitalize()
        meaning = VERDICT_MEANINGS[verdict]
        if verdict == answer:
            options[label] = f"'{label}' means {meaning}. The appraisal: {explanation}"
        else:
            options[label] = f"'{label}' would mean {meaning}. Look again at the evidence: {explanation}"
    right = VERDICTS.get(answer, (answer,))[0].capitalize()
    question = (f'Claim {claim_id}: "{cell_text(row["claim"])}" Which verdict does the evidence linked '
                f"to it support?")
    return {"question": question, "options": options, "answer": right}


def verdict_question(claims: pd.DataFrame, claim_id: str | Notice):
    """The 'which verdict?' quiz widget on one claim, or a Notice when there is no claim to ask about."""
    quiz = verdict_quiz(claims, claim_id)
    if isinstance(quiz, Notice):
        return quiz
    from claimlab.quizzes import multiple_choice  # widgets are imported only when a quiz is shown

    return multiple_choice(**quiz)


# --- the established treatments ------------------------------------------------------------


def comparator_table(comparators: pd.DataFrame) -> pd.DataFrame:
    """The established treatments and the reviews behind them; blanks say 'not seen in a source'."""
    columns = {"name": "treatment", "drug_class": "kind of medicine", "approval_status": "approval",
               "review_trials": "trials in the review", "review_participants": "people in the review",
               "review_certainty": "certainty (as the review reports it)", "review_finding": "what the review found",
               "review_doi": "review", "unverified_fields": "could not be confirmed"}
    if comparators.empty:
        return table_with_notice(pd.DataFrame(columns=list(columns.values())), NO_COMPARATORS)
    table = comparators.set_index("comparator_id")[[c for c in columns if c in comparators]].copy()
    table = table.astype(object)
    if "review_doi" in table:
        table["review_doi"] = [_doi_link(v) for v in table["review_doi"]]
    for column in table.columns:
        if column == "unverified_fields":
            table[column] = [cell_text(v) or "nothing: every value was seen" for v in table[column]]
        else:
            table[column] = [_number_or_text(v) or NOT_SEEN for v in table[column]]
    return table.rename(columns=columns)


def evidence_side_by_side(case: Case) -> pd.DataFrame:
    """Randomised trials behind the remedy's claims of benefit and behind each established treatment."""
    efficacy = benefit_claims(case.claims)
    linked = sorted({sid for ids in efficacy.get("study_ids", []) for sid in split_list(ids)})
    studies = case.studies[case.studies["study_id"].isin(linked)] if not case.studies.empty else case.studies
    trials = studies[studies["design"] == "randomized_trial"] if not studies.empty else studies
    people = trials["sample_size"].dropna() if not trials.empty else pd.Series(dtype=int)
    rows = [{
        "": "the article's remedy (studies linked to its claims of benefit)",
        "randomised trials": len(trials),
        "people in them": int(people.sum()) if len(people) == len(trials) and len(trials) else
        (NOT_SEEN if len(trials) else 0),
        "summarised in a systematic review": "no" if not len(trials) else "see the studies table",
        "ids": "; ".join(trials["study_id"]) if len(trials) else "",
    }]
    for c in case.comparators.itertuples():
        rows.append({
            "": cell_text(c.name),
            "randomised trials": _number_or_text(c.review_trials) or NOT_SEEN,
            "people in them": _number_or_text(c.review_participants) or NOT_SEEN,
            "summarised in a systematic review": "yes",
            "ids": str(c.comparator_id),
        })
    table = pd.DataFrame(rows).set_index("")
    missing = [name for name, t in (("claims.csv", case.claims), ("studies.csv", case.studies),
                                    ("comparators.csv", case.comparators)) if t.empty]
    return table_with_notice(table, nothing_recorded(*missing), always=True) if missing else table


# --- the verdict, written twice -------------------------------------------------------------


def remedy_name(case: Case) -> str:
    """The remedy's name, taken from the first word of the article's title ('the remedy' if none)."""
    title = cell_text(case.provenance.get("title")) if isinstance(case.provenance, dict) else ""
    words = re.findall(r"[A-Za-z][\w-]*", title)
    return words[0] if words else "the remedy"


def technical_appraisal(case: Case) -> str:
    """A short technical appraisal of the article, assembled from the case tables (Markdown)."""
    claims = appraised_claims(case.claims)
    if claims.empty:
        return "*No appraised claims in this case yet: add rows to claims.csv (see the case README).*"
    name = remedy_name(case).lower()
    framing = framing_only(claims)
    claims = claims_only(claims)
    counts = Counter(claims["verdict"])
    verdicts = listing([f"{n} {VERDICTS.get(v, (v,))[0]}" for v, n in counts.most_common()])
    framed = listing([f"{n} {VERDICTS.get(v, (v,))[0]}" for v, n in Counter(framing["verdict"]).most_common()])
    rubric = _rubric_reasons(case)
    benefit = _linked_designs(case)
    trials = _linked_trials(case)
    lines = [f"**Technical appraisal: {name.capitalize()}, as the article presents it**", ""]
    lines.append(f"- **Claims.** {count(len(claims), 'sentence makes', 'sentences make')} a claim about {name}: {verdicts}. "
                 + (f"{counts['supported']} supported as stated." if counts.get("supported") else
                    "None is supported as stated.")
                 + (f" {count(len(framing), 'framing sentence makes', 'framing sentences make')} no claim but "
                    f"{'is' if len(framing) == 1 else 'are'} judged too: {framed}." if len(framing) else ""))
    evidence = f"- **Evidence for benefit.** Studies linked to the claims of benefit: {benefit or 'none'}"
    evidence += (f"; randomised trials among them: {_ids_code(trials)}." if trials else
                 "; none is a randomised trial, so none can show that the remedy causes the benefit.")
    if "evidence_quality" in rubric:
        evidence += f" {rubric['evidence_quality']}"
    lines.append(evidence)
    if "harms_quantified" in rubric:
        lines.append(f"- **Harms.** {rubric['harms_quantified']}")
    alternatives = "; ".join(
        f"{cell_text(c.name)}: {_trials_phrase(c)} (`{c.comparator_id}`)" for c in case.comparators.itertuples())
    if alternatives:
        lines.append(f"- **Established treatments.** Systematic reviews: {alternatives}. "
                     + rubric.get("alternatives", ""))
    legal = _legal_phrase(case)
    if legal or "availability" in rubric:
        lines.append(f"- **Legal status and regulators.** {rubric.get('availability', '')} {legal}".rstrip())
    lines.append(f"- **Uncertainty.** {_uncertainty_phrase(case)}")
    share = sum(counts.get(v, 0) for v in ("unsupported", "misleading", "contradicted")) / len(claims)
    unfair = _rubric_rating(case, "alternatives") == "not_satisfactory"
    comparison = (f", and it does not compare {name} fairly with the treatments that have been tested" if unfair
                  else "")
    if share >= 0.5:
        lines.append(f"- **Verdict.** Most of the article's claims are unsupported, misleading or contradicted "
                     f"by the evidence; it is not a reliable guide to {name}{comparison}.")
    else:
        lines.append(f"- **Verdict.** The article's claims are mixed: read each one against its evidence "
                     f"before relying on it{comparison}.")
    return "\n".join(lines)


def message_to_a_friend(case: Case, friend: str = "Sam") -> str:
    """A plain, kind message to a friend who asked about the article, from the case tables (Markdown)."""
    claims = appraised_claims(case.claims)
    if claims.empty:
        return "*No appraised claims in this case yet: add rows to claims.csv (see the case README).*"
    name = remedy_name(case).lower()
    claims = claims_only(claims)
    counts = Counter(claims["verdict"])
    held_up = counts.get("supported", 0)
    partly = counts.get("partly_supported", 0)
    tests = fair_tests(case)
    trials, reviews = tests["trials"], tests["reviews"]
    top = _top_designs(case)
    lines = [f"Hi {friend},", "",
             f"Thanks for sending me that article about {name}. I can see why it sounds hopeful, so I took "
             "a proper look and checked what it says against the published studies, one claim at a time."]
    things = "the one thing" if len(claims) == 1 else f"the {len(claims)} things"
    short = (f"Short version: the article promises more than the evidence shows. Of {things} "
             f"it claims about {name}, {held_up or 'none'} held up as stated")
    short += f", and {partly} held up only in part." if partly else "."
    if claims.empty:  # only framing sentences were judged
        short = f"Short version: the article makes no claim about {name} that could be checked against studies."
    lines += ["", short]
    if trials:
        studies = (f"There {'is' if len(trials) == 1 else 'are'} {len(trials)} fair "
                   f"test{'' if len(trials) == 1 else 's'} of it (randomised "
                   f"trial{'' if len(trials) == 1 else 's'}, where people are assigned by chance to take it or not)")
        if reviews:
            studies += (f", and {vocabulary.count_designs(len(reviews), 'systematic_review')} that "
                        f"gather{'s' if len(reviews) == 1 else ''} such trials")
        studies += ", "
        studies += ("but the article claims more than they showed." if not held_up else
                    "and it is worth reading what they actually measured.")
    else:
        studies = (f"The studies behind its promises are {top}. " if top else "")
        studies += ("I could not find a single fair test of it for this: a randomised trial, where people are "
                    "assigned by chance to take it or not. Without one, nobody can say whether it is "
                    f"{name} that helps, or something else.")
    lines += ["", studies]
    harms = _harm_study_count(case)
    if harms:
        opening = ("The article says little about risks, but researchers have: "
                   if _rubric_rating(case, "harms_quantified") == "not_satisfactory" else "On risks: ")
        lines += ["", f"{opening}{count(harms, 'of the studies I looked at is', 'of the studies I looked at are')} "
                      "about harms."]
    legal = _legal_counts_plain(case)
    if legal:
        lines += ["", legal]
    names = [cell_text(n) for n in case.comparators["name"]] if not case.comparators.empty else []
    if names:
        lines += ["", f"The good news is that there are treatments that have been properly tested, in trials "
                      f"summarised in systematic reviews: {listing(names)}. If this is about you or someone "
                      "close to you, a doctor or pharmacist can talk through which of them might fit; it is "
                      "worth asking."]
    unsure = ("What I'm not sure about: I checked published studies and official statements, not "
              "everything, and some details in them could not be confirmed. ")
    if trials:
        unsure += ("Some trials exist, but they leave open questions of their own, so I would not treat "
                   "my summary as the last word.")
    else:
        unsure += ("Having no good trial does not mean it definitely does nothing; it means nobody has "
                   "shown that it works, or how safe it is, for this.")
    lines += ["", unsure, "", "Happy to talk it over any time."]
    return "\n".join(lines)


def verdict_checklist() -> pd.DataFrame:
    """The self-assessment checklist for your own verdicts, one question per line."""
    rows = [{"item": item, "question": question} for item, (question, _words) in VERDICT_CHECKLIST.items()]
    rows.append({"item": "no_new_claims", "question": "Does every fact in it come from the case tables (a "
                 "study, position or treatment you could point to), with nothing added from memory?"})
    rows.append({"item": "kind", "question": "(Message to a friend) Is it kind and plain: no jargon left "
                 "undefined, no blame, no lecture?"})
    return pd.DataFrame(rows).set_index("item")


def check_my_verdict(text: object, case: Case | None = None) -> pd.DataFrame:
    """A word search of your verdict against the checklist: a prompt to re-read, not a grade."""
    words = cell_text(text)
    if not words or words.strip(". ") == "":
        return pd.DataFrame({"status": ["not written yet"],
                             "advice": ["Write your verdict between the triple quotes, then run the cell again."]},
                            index=pd.Index(["your text"], name="item"))
    lower = words.lower()
    extra = {"alternatives": [cell_text(n).split()[0].lower() for n in case.comparators["name"]]} if case else {}
    rows = []
    for item, (question, signals) in VERDICT_CHECKLIST.items():
        found = [w.strip() for w in [*signals, *extra.get(item, [])] if w and w.lower() in lower]
        rows.append({"item": item, "status": "seems covered" if found else "not found",
                     "words found": ", ".join(dict.fromkeys(found)),
                     "advice": "Check it says this clearly." if found else question})
    rows.append(_new_claims_row(words, case))
    return pd.DataFrame(rows).set_index("item")


# --- helpers ------------------------------------------------------------------------------------


def _claim_row(claims: pd.DataFrame, claim_id: str) -> pd.Series:
    ids = [str(c) for c in claims["claim_id"]] if not claims.empty else []
    if str(claim_id) not in ids:
        shown = ", ".join(ids[:8]) + (" ..." if len(ids) > 8 else "")
        raise ValueError(f"No claim {claim_id!r} in this case; claim ids are: {shown or 'none'}.")
    return claims[claims["claim_id"].astype(str) == str(claim_id)].iloc[0]


def _number_or_text(value: object) -> str:
    text = cell_text(value)
    if re.fullmatch(r"\d+", text):
        return f"{int(text):,}"
    return text


def _first_url(value: object) -> str:
    return cell_text(value).split(" ; ")[0].strip()


def _doi_link(value: object) -> str:
    doi = cell_text(value)
    return f"https://doi.org/{doi}" if doi else ""


def _ids_code(ids: list[str]) -> str:
    return ", ".join(f"`{i}`" for i in ids)


def _linked_study_rows(case: Case) -> pd.DataFrame:
    """The studies linked to the claims the case counts as claims of benefit."""
    if case.claims.empty or case.studies.empty:
        return case.studies.iloc[0:0]
    chosen = benefit_claims(case.claims)
    ids = {sid for value in chosen["study_ids"] for sid in split_list(value)}
    return case.studies[case.studies["study_id"].isin(ids)]


def _linked_designs(case: Case) -> str:
    rows = _linked_study_rows(case)
    counts = Counter(rows["design"]) if not rows.empty else Counter()
    order = vocabulary.design_order()
    ranked = sorted(counts, key=lambda d: (-counts[d], order.index(d) if d in order else 99))
    return listing([_count_design(counts[d], d) for d in ranked])


def _top_designs(case: Case) -> str:
    """The studies linked to claims of benefit, in plain words (reviews left out: they summarise others)."""
    rows = _linked_study_rows(case)
    rows = rows[~rows["design"].isin(vocabulary.designs_in_group("review"))] if not rows.empty else rows
    if rows.empty:
        return ""
    counts = Counter(rows["design"])
    order = vocabulary.design_order()
    ranked = sorted(counts, key=lambda d: (-counts[d], order.index(d) if d in order else 99))
    top = ranked[0]
    if counts[top] * 2 > len(rows):
        return f"mostly {vocabulary.plain_design(top)}"
    return "a mix of " + listing([vocabulary.plain_design(d) for d in ranked[:3]])


def _linked_trials(case: Case) -> list[str]:
    rows = _linked_study_rows(case)
    return [] if rows.empty else sorted(rows.loc[rows["design"] == "randomized_trial", "study_id"])


def fair_tests(case: Case) -> dict[str, list[str]]:
    """The randomised trials and systematic reviews of the claimed use: linked to a claim of benefit, or about a
    claimed-use topic of the case."""
    if case.studies.empty:
        return {"trials": [], "reviews": []}
    linked = set(_linked_study_rows(case)["study_id"])
    on_use = set(claimed_use_studies(case.studies)["study_id"])
    rows = case.studies[case.studies["study_id"].isin(linked | on_use)]
    return {"trials": sorted(rows.loc[rows["design"] == "randomized_trial", "study_id"]),
            "reviews": sorted(rows.loc[rows["design"] == "systematic_review", "study_id"])}


def _count_design(n: int, design: str) -> str:
    return vocabulary.count_designs(n, design)


def _rubric_reasons(case: Case) -> dict[str, str]:
    table = case.rubric_appraisal
    if table.empty:
        return {}
    out = {}
    for row in table.itertuples():
        ids = split_list(getattr(row, "evidence_ids", ""))
        out[str(row.criterion_id)] = cell_text(row.reason) + (f" ({_ids_code(ids)})" if ids else "")
    return out


def _rubric_rating(case: Case, criterion: str) -> str:
    table = case.rubric_appraisal
    if table.empty:
        return ""
    rows = table.loc[table["criterion_id"] == criterion, "rating"]
    return cell_text(list(rows)[0]) if len(rows) else ""


def _trials_phrase(c: object) -> str:
    trials = _number_or_text(getattr(c, "review_trials", ""))
    people = _number_or_text(getattr(c, "review_participants", ""))
    parts = [f"{trials} trials" if trials else f"trials: {NOT_SEEN}",
             f"{people} people" if people else f"people: {NOT_SEEN}"]
    certainty = cell_text(getattr(c, "review_certainty", ""))
    parts.append(f"certainty: {certainty}" if certainty else f"certainty: {NOT_SEEN}")
    return ", ".join(parts)


def _legal_phrase(case: Case) -> str:
    if case.legal_status.empty and case.positions.empty:
        return ""
    counts = Counter(case.legal_status["status"]) if not case.legal_status.empty else Counter()
    status = listing([f"{n} {s.replace('_', ' ')}" for s, n in counts.most_common()])
    from claimlab.regulation import checked_on  # regulation loads widgets; only when a verdict is written

    when = checked_on(case.positions)
    text = (f"The case records {count(len(case.positions), 'position')} by regulators and public-health bodies"
            + (f" ({when})" if when else ""))
    mapped = count(len(case.legal_status), "country mapped", "countries mapped")
    return text + (f"; legal status in the {mapped}: {status}." if status else ".")


def _legal_counts_plain(case: Case) -> str:
    if case.legal_status.empty:
        return ""
    counts = Counter(case.legal_status["status"])
    restricted = counts.get("prohibited", 0) + counts.get("controlled", 0)
    n = len(case.legal_status)
    from claimlab.regulation import checked_on  # regulation loads widgets; only when a verdict is written

    when = checked_on(case.positions)
    when = f" ({when})" if when else ""
    silent = _rubric_rating(case, "availability") == "not_satisfactory"  # the model rubric says it is missing
    if restricted:
        verb = "bans or controls" if restricted == 1 else "ban or control"
        opening = "The article also doesn't mention the law" if silent else "On the law"
        return (f"{opening}: of the {count(n, 'country', 'countries')} whose "
                f"position I looked up{when}, {restricted} {verb} it, so depending on where you live it may be "
                "banned or restricted.")
    opening = "The article also doesn't mention what regulators think" if silent else "On what regulators think"
    if n == 1:  # one country: say its status rather than claim that places differ
        from claimlab import vocabulary

        row = case.legal_status.iloc[0]
        label = vocabulary.appraisal_terms("legal_status").get(str(row["status"]), {}).get(
            "label", str(row["status"]).replace("_", " "))
        return f"{opening}: I looked up the rules in one country, {row['country']}{when}: {label}."
    return (f"{opening}: I found positions for "
            f"{count(n, 'country', 'countries')}{when}, and the rules differ from place to place.")


def _harm_study_count(case: Case) -> int:
    return len(harm_studies(case.studies))


def _uncertainty_phrase(case: Case) -> str:
    parts = []
    for table, label in ((case.studies, "study"), (case.positions, "position"), (case.comparators, "treatment")):
        if not table.empty and "unverified_fields" in table:
            n = int(sum(bool(cell_text(v)) for v in table["unverified_fields"]))
            parts.append(f"{n} of {len(table)} {label} rows")
    text = ""
    if parts:
        text = (f"Some values could not be confirmed in a source and are marked unverified ({listing(parts)}). ")
    if not case.comparators.empty:
        missing = [str(c) for c, v in zip(case.comparators["comparator_id"], case.comparators["review_certainty"])
                   if not cell_text(v)]
        if missing:
            text += f"The certainty wording of the review was not seen for {_ids_code(missing)}. "
    if not fair_tests(case)["trials"]:
        text += ("With no randomised trial, the size of any benefit is unknown; that the remedy is untested "
                 "is not proof that it does nothing. ")
    harm_rows = harm_studies(case.studies)
    if not harm_rows.empty:
        counts = Counter(harm_rows["design"])
        designs = listing([_count_design(n, d) for d, n in counts.most_common()])
        text += f"Studies mainly about harms: {designs}."
    return text.strip()


def _new_claims_row(words: str, case: Case | None) -> dict:
    known: set[str] = set()
    if case is not None:
        for table, column in ((case.studies, "study_id"), (case.positions, "position_id"),
                              (case.comparators, "comparator_id")):
            if not table.empty:
                known |= {str(v) for v in table[column]}
    ids = re.findall(r"\b[a-z][a-z0-9]*(?:-[a-z0-9]+)*-\d{4}(?:-[a-z0-9]+)*\b", words)
    unknown = [i for i in dict.fromkeys(ids) if case is not None and i not in known]
    numbers = list(dict.fromkeys(re.findall(r"\b\d[\d,.]*\d\b|\b\d\b", words)))
    if unknown:
        status, advice = "check", f"Not in the case tables: {', '.join(unknown)}. Remove it or find it in the data."
    elif numbers:
        status, advice = "check", ("Trace each number to a table: " + ", ".join(numbers[:10])
                                   + ". A number you cannot trace is a new claim.")
    else:
        status, advice = "nothing to trace", "No ids or numbers found; still read each sentence against the tables."
    return {"item": "no_new_claims", "status": status, "words found": ", ".join(ids), "advice": advice}
