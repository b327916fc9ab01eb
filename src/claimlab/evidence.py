"""Weighing a body of evidence: which studies address the claimed use, what limits each one,
and what a fair test of the claim would need.

Everything here reads a case's tables (``case.studies``, ``case.claims``); nothing about a
remedy is written in the code. The limitation families and the trial-design choices are
general methodology, true of any remedy.

    topic = claimed_use_topic(case.claims, case.studies)
    design_topic_table(case.studies)
    limitation_summary(case.studies)
    check_trial_design({"allocation": "a", ...})
"""

from __future__ import annotations

import pandas as pd

from claimlab import vocabulary
from claimlab.feedback import NOT_ANSWERED
from claimlab.schema import split_list


def design_label(code: object) -> str:
    """A design code in words: 'randomized_trial' -> 'randomised trial'."""
    return vocabulary.design_label(code)


def topic_label(code: object, source: object = None) -> str:
    """A topic code in words, from the case's vocabulary (its label column, else the code with spaces)."""
    return vocabulary.topic_label(code, source)


def benefit_claims(claims: pd.DataFrame) -> pd.DataFrame:
    """The claims whose type the case counts as a claim of benefit (its vocabulary.csv)."""
    if claims.empty or "claim_type" not in claims:
        return claims.iloc[0:0]
    return claims[claims["claim_type"].isin(vocabulary.benefit_claim_types(claims))]


def claimed_use_topics(source: object) -> list[str]:
    """The case's topics whose role is the claimed use, in the order of its vocabulary."""
    return vocabulary.topics_with_role(source, "claimed_use")


def claimed_use_topic(claims: pd.DataFrame, studies: pd.DataFrame) -> str | None:
    """The topic of the remedy's claimed use: of the case's claimed-use topics, the one most studies linked to
    claims of benefit are about (the first listed on a tie, or when no study is linked yet)."""
    topics = claimed_use_topics(studies) or claimed_use_topics(claims)
    if not topics:
        return None
    if claims.empty or studies.empty:
        return topics[0]
    by_id = studies.set_index("study_id")["topic"]
    linked = [i for value in benefit_claims(claims)["study_ids"] for i in split_list(value)]
    found = [by_id[i] for i in linked if i in by_id.index]
    return max(topics, key=lambda t: (found.count(t), -topics.index(t)))


def claimed_use_studies(studies: pd.DataFrame) -> pd.DataFrame:
    """The studies whose topic is one of the case's claimed uses."""
    if studies.empty:
        return studies
    return studies[studies["topic"].isin(claimed_use_topics(studies))]


def harm_studies(studies: pd.DataFrame) -> pd.DataFrame:
    """The studies whose topic the case counts as a harm."""
    if studies.empty:
        return studies
    return studies[studies["topic"].isin(vocabulary.topics_with_role(studies, "harm"))]


def design_topic_table(studies: pd.DataFrame) -> pd.DataFrame:
    """How many studies of each design (rows, strongest first) address each topic (columns), with totals."""
    if studies.empty:
        return pd.DataFrame()
    table = pd.crosstab(studies["design"], studies["topic"])
    order = [code for code in vocabulary.design_order() if code in table.index]
    order += sorted(set(table.index) - set(order))
    known = vocabulary.case_codes(studies, "topic")
    topics = [t for t in known if t in table.columns] + sorted(set(table.columns) - set(known))
    table = table.loc[order, topics]
    table["total"] = table.sum(axis=1)
    table.index = [design_label(code) for code in table.index]
    table.columns = [topic_label(c, studies) if c != "total" else c for c in table.columns]
    table.index.name, table.columns.name = "design", "topic"
    return table


def human_outcome_studies(studies: pd.DataFrame, topic: str | None) -> pd.DataFrame:
    """Primary studies in people on one topic: no reviews, no animal, cell or blood-level studies."""
    if studies.empty or topic is None:
        return studies.iloc[0:0]
    skip = vocabulary.designs_in_group("review", "laboratory", "pharmacokinetic")
    keep = (studies["topic"] == topic) & ~studies["design"].isin(skip)
    return studies.loc[keep]


def ids_by_design(studies: pd.DataFrame) -> dict[str, list[str]]:
    """Study ids grouped by design (in words), strongest design first."""
    order = {code: i for i, code in enumerate(vocabulary.design_order())}
    result: dict[str, list[str]] = {}
    for code in sorted(studies["design"].unique(), key=lambda c: (order.get(c, len(order)), c)):
        result[design_label(code)] = sorted(studies.loc[studies["design"] == code, "study_id"])
    return result


def list_ids(studies: pd.DataFrame) -> str:
    """Study ids by design in one line: 'cross-sectional survey: a, b; case report: c'."""
    if studies.empty:
        return "none"
    return "; ".join(f"{design}: {', '.join(ids)}" for design, ids in ids_by_design(studies).items())


def study_source_links(rows: pd.DataFrame, id_column: str = "study_id") -> str:
    """Markdown links, one per row: its id linked to the first page in source_url (for display(Markdown(...)))."""
    if rows.empty or "source_url" not in rows:
        return "No sources recorded."
    lines = []
    for ident, urls in zip(rows[id_column], rows["source_url"]):
        first = str(urls or "").split(" ; ")[0].strip()
        lines.append(f"- [{ident}]({first})" if first else f"- {ident} (no source recorded)")
    return "\n".join(lines)


# --- limitation families ------------------------------------------------------------------


def _family(family: str) -> pd.Series:
    families = vocabulary.limitation_families()
    if family not in families.index:
        raise KeyError(f"no limitation family {family!r}; choose one of: {', '.join(families.index)}")
    return families.loc[family]


def has_limitation(studies: pd.DataFrame, family: str) -> pd.Series:
    """True for each study whose limitation the case author placed in the family (column limitation_families)."""
    _family(family)
    if "limitation_families" not in studies:
        return pd.Series(False, index=studies.index)
    return studies["limitation_families"].map(lambda value: family in split_list(value)).astype(bool)


def limitation_examples(studies: pd.DataFrame, family: str, limit: int = 3) -> pd.DataFrame:
    """A few studies whose limitation falls in the family: id, design and the limitation in full."""
    columns = ["study_id", "design", "limitation"]
    if studies.empty:
        return pd.DataFrame(columns=columns)
    found = studies.loc[has_limitation(studies, family), columns].copy()
    # One example per design first, so the examples show the family across kinds of study.
    found["_first"] = ~found["design"].duplicated()
    found = found.sort_values(["_first", "study_id"], ascending=[False, True]).head(limit)
    found["design"] = [design_label(d) for d in found["design"]]
    return found.drop(columns="_first").set_index("study_id")


def limitation_summary(studies: pd.DataFrame) -> pd.DataFrame:
    """One row per limitation family: what it means, how many studies it touches, and which."""
    rows = []
    for key, info in vocabulary.limitation_families().iterrows():
        hit = studies.loc[has_limitation(studies, key), "study_id"] if not studies.empty else pd.Series(dtype=str)
        rows.append({"family": info["label"], "what it means": info["meaning"], "studies": len(hit),
                     "for example": ", ".join(sorted(hit)[:4]) or "none in this case"})
    return pd.DataFrame(rows).set_index("family")


# --- the missing trial --------------------------------------------------------------------

# feature -> (question, {letter: (option, feedback)}, right letter). General methodology only.
TRIAL_CHOICES: dict[str, tuple[str, dict[str, tuple[str, str]], str]] = {
    "participants": (
        "Who takes part?",
        {
            "a": ("Current users of the remedy who answer an advert on a users' forum",
                  "They already believe in it and have kept using it: the trial would start tilted in its favour."),
            "b": ("Healthy volunteers",
                  "Healthy people cannot show relief of symptoms they do not have; useful for dose-finding only."),
            "c": ("People who have the condition the remedy claims to treat, with entry criteria written in advance",
                  "The people the claim is about, chosen by rules set before anyone is treated."),
        },
        "c",
    ),
    "allocation": (
        "Who decides who gets which treatment?",
        {
            "a": ("Each participant picks",
                  "People who pick the remedy differ from those who do not (hopes, severity, past use): confounding."),
            "b": ("Chance (randomisation), concealed until each person is enrolled",
                  "Chance makes the groups alike in everything, known or unknown, so a difference can be put down to the treatment."),
            "c": ("The doctor, by judgement",
                  "Doctors may, without meaning to, give the new treatment to people they expect to do well."),
        },
        "b",
    ),
    "comparison": (
        "What is the remedy compared with?",
        {
            "a": ("Nothing: symptoms before and after",
                  "Many symptoms ease with time; without a comparison group the change cannot be credited to the remedy."),
            "b": ("An established treatment (or a placebo where it is ethical to withhold treatment)",
                  "An established treatment answers the question that matters to a patient: is it as good as, or better than, what already works?"),
            "c": ("People who refused to take part",
                  "People who refuse differ from those who agree in many ways: not a fair comparison."),
        },
        "b",
    ),
    "blinding": (
        "Who knows which treatment each person got?",
        {
            "a": ("Everyone",
                  "Knowing colours what participants report and what assessors record, especially for symptoms rated by feel."),
            "b": ("Only the participants",
                  "Assessors who know can still rate symptoms differently, without meaning to."),
            "c": ("Neither participants nor those who assess them (look-alike treatments)",
                  "Blinding both sides stops expectations from shaping the symptom scores."),
        },
        "c",
    ),
    "outcome": (
        "What is measured?",
        {
            "a": ("Whatever looks best at the end",
                  "Picking the outcome after seeing the data lets chance findings pass for effects."),
            "b": ("How satisfied participants say they are",
                  "Satisfaction is not the claimed benefit and is easily swayed by expectations."),
            "c": ("The claimed benefit on a validated symptom scale, named and registered before the trial starts",
                  "Pre-specifying the outcome and registering it stops selective reporting; a validated scale measures the symptoms the claim is about."),
        },
        "c",
    ),
    "size": (
        "How many people?",
        {
            "a": ("A number calculated in advance to detect a difference that matters to patients",
                  "Enough people that a real difference is unlikely to be missed, and a chance one unlikely to be mistaken for real."),
            "b": ("A dozen or so",
                  "Too few: results would be compatible with benefit, no effect and harm (imprecision)."),
            "c": ("Whoever signs up in a month",
                  "A size set by convenience may be far too small, and stopping when it suits invites bias."),
        },
        "a",
    ),
    "harms": (
        "How are harms recorded?",
        {
            "a": ("Only if participants mention them",
                  "Harms are then under-counted, and differently in each group."),
            "b": ("Systematically, in every group, with the same questions and checks",
                  "Only a systematic record in both groups shows whether the remedy causes more harm than the comparison."),
            "c": ("Not at all: the remedy is natural",
                  "'Natural' says nothing about safety; a fair test looks for harms as carefully as for benefits."),
        },
        "b",
    ),
    "follow_up": (
        "How long are people followed?",
        {
            "a": ("Until the last dose",
                  "Some outcomes (relapse, dependence, withdrawal from the remedy itself) appear only after it stops."),
            "b": ("For a set time after treatment ends, counting everyone who drops out",
                  "Long enough to see what happens after treatment, and counting dropouts so that people who did badly do not vanish from the results."),
            "c": ("Only those who finish are analysed",
                  "People who leave early often did worse; analysing only finishers makes any treatment look better."),
        },
        "b",
    ),
}


def trial_design_options() -> pd.DataFrame:
    """Every design choice for the missing trial: feature, question, letter, option."""
    rows = [{"feature": feature, "question": question, "letter": letter, "option": option}
            for feature, (question, options, _) in TRIAL_CHOICES.items()
            for letter, (option, _) in options.items()]
    return pd.DataFrame(rows).set_index(["feature", "question", "letter"])


def check_trial_design(choices: object) -> pd.DataFrame:
    """Feedback on a dict of design choices (feature -> letter): right or not, and why, per feature."""
    if not isinstance(choices, dict):
        choices = {}
    rows = []
    for feature, (question, options, answer) in TRIAL_CHOICES.items():
        choice = choices.get(feature)
        if choice is Ellipsis:
            choice = None
        if isinstance(choice, str):
            choice = choice.strip().lower()
        from claimlab.quizzes import grade_multiple_choice  # widgets load only when a check runs

        feedback = grade_multiple_choice(choice, {k: v[1] for k, v in options.items()}, answer)
        chosen = options[choice][0] if isinstance(choice, str) and choice in options else NOT_ANSWERED
        why = feedback.message
        if chosen == NOT_ANSWERED and choice is None:
            why = f"{NOT_ANSWERED.capitalize()}: put one of the letters {', '.join(options)} here, in quotes, then run the cell again."
        rows.append({"feature": feature, "question": question, "your choice": chosen,
                     "fair test?": "yes" if feedback.correct else "no", "why": why})
    unknown = sorted(set(choices) - set(TRIAL_CHOICES))
    for feature in unknown:
        rows.append({"feature": feature, "question": "not a feature of this table", "your choice": str(choices[feature]),
                     "fair test?": "no", "why": f"Use one of: {', '.join(TRIAL_CHOICES)}."})
    return pd.DataFrame(rows).set_index("feature")


# The name lessons 03 and 07 import; deprecated (regulation had a source_links too): new code uses study_source_links.
source_links = study_source_links
