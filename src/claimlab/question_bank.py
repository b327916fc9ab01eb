"""Questions made from a case's own tables: case data and a seed in, question records out.

Each *template* asks one kind of question (which design is this study, which verdict did a claim
get, which positions are in force, ...). It picks what to ask about from the case with a random
generator seeded by the case, the template and the learner's seed, so two seeds usually give
two variants of the same question, and one seed always gives the same one. The answer, the
accepted variants, the feedback on each wrong answer and the explanation all come from the
case's tables and the kit's reference tables; a template that finds nothing to ask about
returns a :class:`LeftOut` that says, in plain words, what the case would need.

Nothing here reads or writes files: :func:`case_data` gathers what the templates read, and
``claimlab.case_exercises`` turns the questions into notebooks and answer keys.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from typing import Callable

import pandas as pd

from claimlab.answers import normalise_answer
from claimlab.cases import Case
from claimlab.schema import split_list
from claimlab.wording import cell_text

LESSONS = ("01", "02", "03", "04", "05")
MOST_OPTIONS = 5  # items offered in a "which of these" question


@dataclass(frozen=True)
class Question:
    """One generated question: what is asked, its answer, and the feedback, all from the case."""

    template: str
    title: str
    prompt: str
    answer: object
    accept: tuple[tuple[object, ...], ...] = ()
    wrong: tuple[tuple[tuple[object, ...], str], ...] = ()
    hints: tuple[str, ...] = ()
    why: str = ""
    in_order: bool = False
    look: str = ""  # a line of code the learner may run to look the evidence up


@dataclass(frozen=True)
class LeftOut:
    """A question the case cannot support yet, and why, in plain words."""

    template: str
    title: str
    reason: str


@dataclass
class CaseData:
    """What the templates read: the loaded case (its tables), the kit's reference tables and vocabularies."""

    case: Case
    designs: pd.DataFrame
    cue_families: pd.DataFrame
    criteria: pd.DataFrame
    options: dict[str, list[str]] = field(default_factory=dict)  # field -> allowed values
    meanings: dict[str, dict[str, str]] = field(default_factory=dict)  # field -> value -> plain meaning
    also_named: dict[str, list[str]] = field(default_factory=dict)  # normalised id -> other names the key accepts


Template = Callable[[CaseData, random.Random], "Question | LeftOut"]


# --- reading the case ------------------------------------------------------------------------------


def case_data(case: Case, also_named: dict[str, list[str]] | None = None) -> CaseData:
    """Everything the templates read for one loaded case (claimlab.cases.Case)."""
    from claimlab.designs import load_study_designs
    from claimlab.rubric import load_article_criteria

    columns = {  # option list -> (schema, column, the case's table)
        "claim_type": ("claims", "claim_type", case.claims),
        "verdict": ("claims", "verdict", case.claims),
        "action": ("regulatory-positions", "action", case.positions),
        "legal_status": ("legal-status", "status", case.legal_status),
        "rating": ("rubric-appraisal", "rating", case.rubric_appraisal),
    }
    options = {}
    for name, (resource, column, table) in columns.items():  # the schema's values, then any the case adds
        allowed = _enum(resource, column)
        present = sorted({_value_text(v) for v in table.get(column, [])} - set(allowed) - {""})
        options[name] = allowed + present
    return CaseData(
        case=case, designs=load_study_designs(), cue_families=_cue_families(), criteria=load_article_criteria(),
        options=options, meanings=_meanings(), also_named=also_named or {},
    )


def questions_for_lesson(data: CaseData, lesson: str, seed: int = 0) -> list[Question | LeftOut]:
    """The questions of one lesson (01 to 05) for a case and a seed, in the lesson's order."""
    made = []
    for template_id, title, template in TEMPLATES[lesson]:
        rng = random.Random(f"{data.case.name}|{template_id}|{seed}")
        try:
            made.append(template(data, rng))
        except _Missing as missing:
            made.append(LeftOut(template_id, title, str(missing)))
    return made


def left_out_questions(data: CaseData) -> dict[str, list[LeftOut]]:
    """For check-case and instructors: per lesson, the questions this case cannot support yet, and why."""
    return {lesson: [q for q in questions_for_lesson(data, lesson) if isinstance(q, LeftOut)] for lesson in LESSONS}


class _Missing(Exception):
    """Raised inside a template: the case lacks what the question needs (the message says what)."""


# --- lesson 01: spotting the claims ----------------------------------------------------------------


def claim_type_question(data: CaseData, rng: random.Random) -> Question:
    """Which kind of claim does this sentence make?"""
    kinds = data.options["claim_type"]
    pool = [row for row in _rows(data.case.claims) if row.get("sentence") and row.get("claim_type") in kinds]
    if not pool:
        raise _Missing("no sentence in claims.csv has both its text and a claim_type yet.")
    row = rng.choice(pool)
    answer = row["claim_type"]
    meanings = data.meanings.get("claim_type", {})
    listed = "\n".join(f"- `{kind}`" + (f": {meanings[kind]}" if meanings.get(kind) else "") for kind in kinds)
    prompt = (f"Sentence `{row['claim_id']}` of the article:\n\n{_quote(row['sentence'])}\n\n"
              f"What kind of claim is it mainly, as the case team recorded it? The kinds:\n\n{listed}\n\n"
              "Give the kind as text in quotes.")
    wrong = [((kind,), f"That kind {meanings[kind]}. Is that what this sentence mainly does?" if meanings.get(kind)
              else "Read the sentence again and ask what it mainly does.") for kind in kinds if kind != answer]
    return _question(
        data, "claim-type", "What kind of claim?", prompt, answer, accept=[(answer, f"{answer} claim")], wrong=wrong,
        hints=["Read the sentence one clause at a time, then compare its main move with each meaning above.",
               "One sentence can make several claims; the case team recorded the main one."],
        why=row.get("explanation", ""))


def cue_families_question(data: CaseData, rng: random.Random) -> Question:
    """Which cue families does this sentence use?"""
    families = _by_id(data.cue_families, "family")
    pool = [row for row in _rows(data.case.claims)
            if row.get("sentence") and split_list(row.get("cues")) and set(split_list(row.get("cues"))) <= set(families)]
    if not pool:
        raise _Missing("no sentence in claims.csv has its cue families recorded (the cues column) yet.")
    row = rng.choice(pool)
    answer = sorted(set(split_list(row["cues"])))
    listed = "\n".join(f"- `{family}`: {info.get('label', '')}" for family, info in families.items())
    prompt = (f"Sentence `{row['claim_id']}` of the article:\n\n{_quote(row['sentence'])}\n\n"
              f"Which cue families does it use, as the case team recorded them? The families:\n\n{listed}\n\n"
              'Give the family names as a list, in any order, e.g. `["first", "second"]`.')
    wrong = [((family,), f"{info.get('label', family)}: {_first_sentence(info.get('explanation', ''))} "
                         "Does this sentence do that?")
             for family, info in families.items() if family not in answer]
    questions = " ".join(families[f].get("question_to_ask", "") for f in answer)
    return _question(
        data, "cue-families", "Which cue families?", prompt, answer,
        accept=[(family, families[family].get("label", family)) for family in answer], wrong=wrong,
        hints=["Take each family in turn and look for its kind of words in the sentence.",
               "The scanner in lesson 01 marks some of them for you, but it misses some and over-reads others."],
        why=f"Questions this wording should make you ask: {questions}" if questions.strip() else "")


def cue_signal_question(data: CaseData, rng: random.Random) -> Question:
    """What should a reader ask when a sentence uses this cue family?"""
    families = _by_id(data.cue_families, "family")
    asks = {f: info.get("question_to_ask", "") for f, info in families.items() if info.get("question_to_ask")}
    pool = [(row, family) for row in _rows(data.case.claims) if row.get("sentence")
            for family in split_list(row.get("cues")) if family in asks]
    if not pool or len(asks) < 2:
        raise _Missing("no sentence in claims.csv has a cue family recorded (the cues column) yet.")
    row, family = rng.choice(pool)
    others = rng.sample(sorted(f for f in asks if f != family), min(3, len(asks) - 1))
    offered = others + [family]
    rng.shuffle(offered)
    letters = [chr(ord("A") + n) for n in range(len(offered))]
    answer = letters[offered.index(family)]
    label = families[family].get("label", family)
    listed = "\n".join(f"- **{letter}**: {asks[f]}" for letter, f in zip(letters, offered))
    prompt = (f"Sentence `{row['claim_id']}` of the article:\n\n{_quote(row['sentence'])}\n\n"
              f"The case team recorded that it uses the cue family `{family}` ({label}). Which question "
              f"should that wording make a reader ask?\n\n{listed}\n\nGive the letter as text, e.g. `\"A\"`.")
    wrong = [((letter,), f"That question answers another kind of wording ({families[f].get('label', f)}). "
                         f"Find the words in the sentence that make it {label.lower()}.")
             for letter, f in zip(letters, offered) if f != family]
    return _question(
        data, "cue-signal", "What does the wording signal?", prompt, answer, wrong=wrong,
        hints=[f"Read what {label.lower()} wording does: `cue_families` in lesson 01, or the family's explanation.",
               "Ask what the words promise, and what evidence would have to exist for that promise to hold."],
        why=families[family].get("explanation", ""))


def claim_type_count_question(data: CaseData, rng: random.Random) -> Question:
    """How many sentences are of one kind?"""
    kinds = [k for k in data.options["claim_type"] if k in set(data.case.claims.get("claim_type", pd.Series(dtype=str)))]
    if not kinds:
        raise _Missing("no sentence in claims.csv has a claim_type yet.")
    kind = rng.choice(kinds)
    count = int((data.case.claims["claim_type"] == kind).sum())
    prompt = (f"How many sentences of the article did the case team record as `{kind}` claims? Count them in "
              "`case.claims` and give a number.")
    wrong = [((len(data.case.claims),), "That counts every sentence in the annotation. Count only those of this kind.")]
    return _question(
        data, "claim-type-count", "How many of one kind?", prompt, count, wrong=wrong if len(data.case.claims) != count else [],
        hints=[f'Compare the claim_type column with the kind: (case.claims["claim_type"] == "{kind}").sum()'],
        why="Counting kinds shows what the article leans on: promises of effect, reassurance, stories or scene-setting.")


# --- lesson 02: what kind of study ------------------------------------------------------------------


def design_question(data: CaseData, rng: random.Random) -> Question:
    """Which design is this study?"""
    designs = _by_id(data.designs, "design")
    pool = [row for row in _rows(data.case.studies) if row.get("methods_summary") and row.get("design") in designs]
    if not pool:
        raise _Missing("no study in studies.csv has both a methods_summary and a design yet.")
    row = rng.choice(pool)
    answer, right = row["design"], designs[row["design"]]
    listed = "\n".join(f"- `{d}`: {info.get('label', '')}" for d, info in designs.items())
    prompt = (f"What the investigators of `{row['study_id']}` did:\n\n{_quote(row['methods_summary'])}\n\n"
              f"Which design is it, as the case team recorded it? The designs:\n\n{listed}\n\n"
              "Give the design as text in quotes.")
    wrong = [((d,), _design_feedback(info, right)) for d, info in designs.items() if d != answer]
    why = " ".join(p for p in (f"This design can show: {right.get('can_show', '')}" if right.get("can_show") else "",
                               f"It cannot show: {right.get('cannot_show', '')}" if right.get("cannot_show") else "") if p)
    return _question(
        data, "design", "Name the design", prompt, answer, accept=[(answer, right.get("label", answer))], wrong=wrong,
        hints=["Follow the decision path of lesson 02 one step at a time: who or what was studied, and did the "
               "investigators decide who was exposed?",
               "Then: was there a comparison group, and did chance decide who was in it?"],
        why=why)


def design_count_question(data: CaseData, rng: random.Random) -> Question:
    """How many studies of one design?"""
    designs = _by_id(data.designs, "design")
    present = sorted({d for d in data.case.studies.get("design", pd.Series(dtype=str)) if d in designs})
    if not present:
        raise _Missing("no study in studies.csv has a design yet.")
    design = rng.choice(present)
    count = int((data.case.studies["design"] == design).sum())
    prompt = (f"How many of the case's studies are of the design `{design}` "
              f"({designs[design].get('label', design)})? Give a number.")
    wrong = [((len(data.case.studies),), "That counts every study in the case. Count only those of this design.")]
    return _question(
        data, "design-count", "How many studies of one design?", prompt, count,
        wrong=wrong if len(data.case.studies) != count else [],
        hints=[f'studies["design"].value_counts() counts every design; look for `{design}`.'],
        why="How many studies of each design a case holds tells you how far up the ladder its evidence reaches.")


def assigned_question(data: CaseData, rng: random.Random) -> Question:
    """In which of these studies did the investigators assign the exposure?"""
    designs = _by_id(data.designs, "design")
    pool = [row for row in _rows(data.case.studies)
            if row.get("methods_summary") and designs.get(row.get("design"), {}).get("assigned_exposure") in ("yes", "no")]
    yes = [r for r in pool if designs[r["design"]]["assigned_exposure"] == "yes"]
    no = [r for r in pool if designs[r["design"]]["assigned_exposure"] == "no"]
    if not yes or not no:
        raise _Missing("it needs studies of both kinds, some where the investigators assigned the exposure and some "
                       "where they did not, each with a methods_summary and a design.")
    chosen = [rng.choice(yes), rng.choice(no)]
    rest = [r for r in pool if r not in chosen]
    chosen += rng.sample(rest, min(MOST_OPTIONS - 2, len(rest)))
    rng.shuffle(chosen)
    answer = sorted(r["study_id"] for r in chosen if designs[r["design"]]["assigned_exposure"] == "yes")
    listed = "\n".join(f"- `{r['study_id']}`: {_one_line(r['methods_summary'])}" for r in chosen)
    prompt = ("In which of these studies did the investigators **assign** the exposure (decide who got what)? "
              f"Give their study ids as a list, in any order.\n\n{listed}")
    wrong = [((r["study_id"],), "Read what its investigators did again: did they give anything to anyone, or did "
                                "they only watch, ask, count or gather what already existed?")
             for r in chosen if r["study_id"] not in answer]
    return _question(
        data, "assigned", "Who decided who was exposed?", prompt, answer, wrong=wrong,
        hints=["For each study ask: did the investigators give the substance, or did people, records or earlier "
               "studies come to them as they were?",
               "Animals and cells given a substance by researchers count as assigned too."],
        why="When investigators assign the exposure, the study is an experiment; when they do not, it is "
            "observational, and the groups may differ in other ways.")


def ladder_level_question(data: CaseData, rng: random.Random) -> Question:
    """Where on the evidence ladder does this study's design sit?"""
    designs = _by_id(data.designs, "design")
    levels = {d: _level(info.get("cebm_treatment_level")) for d, info in designs.items()}
    pool = [row for row in _rows(data.case.studies) if levels.get(row.get("design")) is not None]
    if not pool:
        raise _Missing("no study in studies.csv has a design that the evidence ladder ranks.")
    row = rng.choice(pool)
    level = levels[row["design"]]
    label = designs[row["design"]].get("label", row["design"])
    prompt = (f"`{row['study_id']}` is recorded as `{row['design']}` ({label}). What level does the evidence "
              "ladder of lesson 02 give this design for the question \"does this help?\" Give the level as a number.")
    at = {}
    for d, n in levels.items():
        if n is not None:
            at.setdefault(n, []).append(designs[d].get("label", d))
    wrong = [((n,), f"Level {n} is for: {'; '.join(labels)}.") for n, labels in sorted(at.items()) if n != level]
    return _question(
        data, "ladder-level", "Where on the ladder?", prompt, level, wrong=wrong,
        hints=["Look at the evidence ladder in lesson 02, or at the cebm_treatment_level column of the designs table."],
        why=f"Lower numbers mean designs better protected against bias for a question about effects.")


# --- lesson 03: weighing the evidence -----------------------------------------------------------------


def _linked_levels(data: CaseData) -> list[tuple[dict, list[tuple[str, int | None]]]]:
    """Each claim with the studies it links to and their ladder levels (None: the ladder does not rank it)."""
    designs = _by_id(data.designs, "design")
    studies = _by_id(data.case.studies, "study_id")
    found = []
    for row in _rows(data.case.claims):
        linked = [s for s in dict.fromkeys(split_list(row.get("study_ids"))) if s in studies]
        found.append((row, [(s, _level(designs.get(studies[s].get("design"), {}).get("cebm_treatment_level")))
                            for s in linked]))
    return found


def _study_list(data: CaseData, ids: list[str]) -> str:
    studies = _by_id(data.case.studies, "study_id")
    return "\n".join(f"- `{s}`: {_one_line(studies[s].get('methods_summary', '')) or 'no methods summary yet'}"
                     for s in ids)


def _claim_line(row: dict) -> str:
    return f"Claim `{row['claim_id']}`: {_markdown(_one_line(row.get('claim') or row.get('sentence', '')))}"


def strongest_study_question(data: CaseData, rng: random.Random) -> Question:
    """Which of the studies linked to a claim sit highest on the ladder?"""
    designs = _by_id(data.designs, "design")
    studies = _by_id(data.case.studies, "study_id")
    pool = [(row, [(s, n) for s, n in linked if n is not None]) for row, linked in _linked_levels(data)]
    pool = [(row, ranked) for row, ranked in pool if len({n for _, n in ranked}) >= 2]
    if not pool:
        raise _Missing("it needs a claim linked (study_ids) to studies at two or more levels of the evidence ladder.")
    row, ranked = rng.choice(pool)
    ranked = ranked[:MOST_OPTIONS]
    if len({n for _, n in ranked}) < 2:
        ranked = sorted(ranked, key=lambda pair: pair[1])[:MOST_OPTIONS - 1] + [max(ranked, key=lambda pair: pair[1])]
    best = min(n for _, n in ranked)
    answer = sorted(s for s, n in ranked if n == best)
    prompt = (f"{_claim_line(row)}\n\nThe case links these studies to it (among others, perhaps). Which of them sit "
              f"**highest** on the evidence ladder for \"does this help?\" Give their study ids as a list, in any "
              f"order (there may be one or several).\n\n{_study_list(data, [s for s, _ in ranked])}")
    wrong = [((s,), f"Its design ({designs[studies[s]['design']].get('label', '')}) is at level {n}. "
                    "Is there one with a lower number?") for s, n in ranked if n != best]
    return _question(
        data, "strongest-study", "The strongest evidence for a claim", prompt, answer, wrong=wrong,
        hints=["Name each study's design first (lesson 02), then look its level up in the designs table.",
               "Level 1 is the top of the ladder."],
        why="The certainty of a body of evidence starts from its strongest design, and even that may be rated down.",
        look=f'studies.loc[{[s for s, _ in ranked]!r}, ["design"]]')


def unranked_studies_question(data: CaseData, rng: random.Random) -> Question:
    """Which of the studies linked to a claim does the ladder not rank for "does this help?"?"""
    pool = [(row, linked) for row, linked in _linked_levels(data)
            if any(n is None for _, n in linked) and any(n is not None for _, n in linked)]
    if not pool:
        raise _Missing("it needs a claim linked (study_ids) both to studies the evidence ladder ranks and to "
                       "studies it does not (such as surveys, animal or laboratory studies).")
    row, linked = rng.choice(pool)
    unranked = [s for s, n in linked if n is None]
    ranked = [s for s, n in linked if n is not None]
    shown = rng.sample(unranked, min(len(unranked), MOST_OPTIONS - 2)) + rng.sample(ranked, min(len(ranked), 2))
    shown = sorted(shown)
    answer = sorted(s for s in shown if s in unranked)
    prompt = (f"{_claim_line(row)}\n\nThe case links these studies to it (among others, perhaps). Which of them "
              "does the evidence ladder **not rank at all** for the question \"does this help?\" Give their study "
              f"ids as a list, in any order.\n\n{_study_list(data, shown)}")
    wrong = [((s,), "Its design has a level on the ladder: look it up in the cebm_treatment_level column.")
             for s in shown if s not in answer]
    return _question(
        data, "unranked-studies", "Evidence the ladder does not rank", prompt, answer, wrong=wrong,
        hints=["Find each study's design in studies, then its cebm_treatment_level in designs: an empty level means "
               "the ladder does not rank it."],
        why="Much of what is published about a remedy cannot answer \"does it help people?\" at all; an evidence "
            "map shows how little of it is a fair test.",
        look=f'studies.loc[{shown!r}, ["design"]]')


def limitation_question(data: CaseData, rng: random.Random) -> Question:
    """Which of these limitations did the case team record for this study?"""
    pool = [r for r in _rows(data.case.studies) if r.get("limitation")]
    if len({r["limitation"] for r in pool}) < 2:
        raise _Missing("it needs at least two studies in studies.csv with a limitation written.")
    row = rng.choice(pool)
    others = sorted({r["limitation"] for r in pool if r["limitation"] != row["limitation"]})
    offered = rng.sample(others, min(3, len(others))) + [row["limitation"]]
    rng.shuffle(offered)
    letters = [chr(ord("A") + n) for n in range(len(offered))]
    answer = letters[offered.index(row["limitation"])]
    listed = "\n".join(f"- **{letter}**: {_markdown(_one_line(text))}" for letter, text in zip(letters, offered))
    prompt = (f"What the investigators of `{row['study_id']}` did:\n\n{_quote(row.get('methods_summary', ''))}\n\n"
              "Which of these is why the case team says it cannot show that the remedy is safe and works for the "
              f"claimed use? Give the letter as text, e.g. `\"A\"`.\n\n{listed}")
    wrong = [((letter,), "That limitation belongs to another study. Check it against what these investigators "
                         "did: who was studied, was anything compared, and how was it measured?")
             for letter, text in zip(letters, offered) if text != row["limitation"]]
    return _question(
        data, "limitation", "What holds this study back?", prompt, answer, wrong=wrong,
        hints=["Match each limitation with the design and the people (or animals, or cells) in the description.",
               f'studies.loc["{row["study_id"]}", "limitation"] shows the answer once you have decided.'],
        why=row.get("finding", "") and f"What it did find: {row['finding']}")


def unlinked_studies_question(data: CaseData, rng: random.Random) -> Question:
    """How many of the case's studies bear on no claim?"""
    if data.case.studies.empty or data.case.claims.empty or "study_ids" not in data.case.claims:
        raise _Missing("it needs studies in studies.csv and claims in claims.csv that link to them.")
    linked = {s for value in data.case.claims["study_ids"] for s in split_list(value)}
    if not linked:
        raise _Missing("no claim in claims.csv links to a study yet (the study_ids column).")
    ids = list(data.case.studies["study_id"])
    count = sum(s not in linked for s in ids)
    prompt = ("An evidence map shows what was published, not only what the article used. How many of the case's "
              "studies are linked to **no** claim of the article (in no claim's `study_ids`)? Give a number.")
    wrong = [((len(ids),), "That is every study in the case. Take away those that some claim links to."),
             ((len(linked & set(ids)),), "That counts the studies that are linked. The question asks about the others.")]
    wrong = [w for w in wrong if w[0][0] != count]
    if len({w[0][0] for w in wrong}) < len(wrong):
        wrong = wrong[:1]
    return _question(
        data, "unlinked-studies", "Studies no claim uses", prompt, count, wrong=wrong,
        hints=["Collect every id in the study_ids column of case.claims (they are separated by semicolons), then "
               "count the studies whose id is not among them."],
        why="Studies that bear on the remedy but on none of the article's claims are part of the whole picture: an "
            "article can pick what suits it.")


# --- lesson 04: what regulators say -------------------------------------------------------------------


def in_force_question(data: CaseData, rng: random.Random) -> Question:
    """Which of these positions are still in force?"""
    rows = [r for r in _rows(data.case.positions) if r.get("status")]
    now = [r for r in rows if r["status"] == "in_force"]
    other = [r for r in rows if r["status"] != "in_force"]
    if not now or not other:
        raise _Missing("it needs regulatory positions both in force and not (the status column of "
                       "regulatory-positions.csv).")
    chosen = [rng.choice(now), rng.choice(other)]
    rest = [r for r in rows if r not in chosen]
    chosen += rng.sample(rest, min(MOST_OPTIONS - 1 - 1, len(rest)))
    rng.shuffle(chosen)
    answer = sorted(r["position_id"] for r in chosen if r["status"] == "in_force")
    listed = "\n".join(f"- `{r['position_id']}` ({r.get('jurisdiction', '')}, {r.get('date', '')}): "
                       f"{_one_line(r.get('summary', ''))}" for r in chosen)
    prompt = ("Which of these positions are **still in force**, as the case records them? Give their position ids "
              f"as a list, in any order.\n\n{listed}")
    meanings = data.meanings.get("status", {})
    wrong = [((r["position_id"],), f"Read its status column: it is recorded as `{r['status']}`"
                                   + (f": {meanings[r['status']].rstrip('.')}." if meanings.get(r["status"]) else "."))
             for r in chosen if r["status"] != "in_force"]
    return _question(
        data, "in-force", "Still in force?", prompt, answer, wrong=wrong,
        hints=["A proposal, a withdrawn notice and an advisory are not rules in force: read each one's status.",
               'positions.set_index("position_id").loc[[...], "status"] shows the status of the ones you list.'],
        why="A headline may report a proposal or an old decision as if it applied now; the status says whether it does.")


def action_question(data: CaseData, rng: random.Random) -> Question:
    """What did this body do?"""
    actions = data.options["action"]
    pool = [r for r in _rows(data.case.positions) if r.get("action") in actions and r.get("summary")]
    if not pool:
        raise _Missing("no position in regulatory-positions.csv has both an action and a summary yet.")
    row = rng.choice(pool)
    answer = row["action"]
    meanings = data.meanings.get("action", {})
    listed = "\n".join(f"- `{a}`" + (f": {meanings[a]}" if meanings.get(a) else "") for a in actions)
    prompt = (f"`{row['position_id']}`: {row.get('body', '')} ({row.get('jurisdiction', '')}, {row.get('date', '')})."
              f"\n\n{_quote(row['summary'])}\n\nWhat did the body do, as the case records it? The actions:\n\n"
              f"{listed}\n\nGive the action as text in quotes.")
    wrong = [((a,), f"That would mean the body {meanings[a]}. Does the summary say that?" if meanings.get(a)
              else "Read the summary again: what did the body actually do?") for a in actions if a != answer]
    evidence = row.get("evidence_cited", "")
    return _question(
        data, "action", "What did the body do?", prompt, answer, wrong=wrong,
        hints=["Look for the verb in the summary: did the body ban, list, propose, warn, take back, or only watch?",
               "A proposal is not a decision, and advice is not a law."],
        why=f"What the body said it relied on: {evidence}" if evidence else "")


def date_order_question(data: CaseData, rng: random.Random) -> Question:
    """Put these positions in date order."""
    dated = {}
    for r in _rows(data.case.positions):
        if r.get("date") and r["date"] not in dated:
            dated[r["date"]] = r
    if len(dated) < 3:
        raise _Missing("it needs at least three regulatory positions with different dates.")
    chosen = rng.sample(sorted(dated.values(), key=lambda r: r["position_id"]), min(4, len(dated)))
    answer = [r["position_id"] for r in sorted(chosen, key=lambda r: r["date"])]
    listed = "\n".join(f"- `{r['position_id']}`: {_one_line(r.get('summary', ''))}" for r in chosen)
    prompt = ("Put these positions in the order they were made, earliest first. Give their position ids as a list, "
              f"in order.\n\n{listed}")
    return _question(
        data, "date-order", "In date order", prompt, answer, in_order=True,
        hints=["Look each one up in the date column: positions_by_date(positions) sorts them for you.",
               "An id may carry a year that is not the date of the position itself: trust the date column."],
        why="The order of decisions shows how a regulator's view changed, and which position is the latest word.")


def in_force_count_question(data: CaseData, rng: random.Random) -> Question:
    """How many positions are in force?"""
    if data.case.positions.empty or "status" not in data.case.positions:
        raise _Missing("regulatory-positions.csv has no positions yet.")
    if not (data.case.positions["status"] == "in_force").any():
        raise _Missing("no position in regulatory-positions.csv is recorded as in force.")
    count = int((data.case.positions["status"] == "in_force").sum())
    prompt = "How many of the case's regulatory positions are recorded as in force? Give a number."
    wrong = [((len(data.case.positions),), "That counts every position, whatever its status. Count only those in force.")]
    return _question(
        data, "in-force-count", "How many are in force?", prompt, count,
        wrong=wrong if len(data.case.positions) != count else [],
        hints=['(positions["status"] == "in_force").sum() counts them.'],
        why="Many positions in a table do not mean many rules: some were proposals, some were withdrawn or replaced.")


def legal_status_question(data: CaseData, rng: random.Random) -> Question:
    """What legal status does the case record for this country?"""
    statuses = data.options["legal_status"]
    pool = [r for r in _rows(data.case.legal_status) if r.get("status") in statuses and r.get("country")]
    if not pool:
        raise _Missing("legal-status.csv has no country with a legal status yet.")
    row = rng.choice(pool)
    answer = row["status"]
    positions = _by_id(data.case.positions, "position_id")
    summary = positions.get(row.get("position_id"), {}).get("summary", "")
    prompt = (f"What legal status does the case record for **{row['country']}**? Answer with one of "
              + ", ".join(f"`{s}`" for s in statuses) + ", as text in quotes."
              + (f" The position it rests on is `{row['position_id']}`." if row.get("position_id") else ""))
    return _question(
        data, "legal-status", "Legal where?", prompt, answer,
        wrong=[((s,), "Read the position this status rests on: what does it allow, and what does it forbid?")
               for s in statuses if s != answer],
        hints=["Find the country in case.legal_status, or read the summary of the position it rests on."],
        why=summary)


# --- lesson 05: the verdict --------------------------------------------------------------------------


def verdict_question(data: CaseData, rng: random.Random) -> Question:
    """Which verdict does this claim's evidence support?"""
    verdicts = [v for v in data.options["verdict"] if v != "not_appraised"]
    pool = [r for r in _rows(data.case.claims) if r.get("verdict") in verdicts and (r.get("claim") or r.get("sentence"))]
    if not pool:
        raise _Missing("no claim in claims.csv has a verdict about the remedy yet.")
    row = rng.choice(pool)
    answer = row["verdict"]
    meanings = data.meanings.get("verdict", {})
    listed = "\n".join(f"- `{v}`" + (f": {meanings[v]}" if meanings.get(v) else "") for v in verdicts)
    linked = [i for column in ("study_ids", "position_ids", "comparator_ids") for i in split_list(row.get(column))]
    evidence = ("The case links it to: " + ", ".join(f"`{i}`" for i in linked) + "."
                if linked else "The case links no evidence to it" + (f": {row['no_evidence_note']}"
                                                                     if row.get("no_evidence_note") else "."))
    prompt = (f"Claim `{row['claim_id']}`:\n\n{_quote(row.get('sentence') or row.get('claim'))}\n\n"
              f"{evidence} Read that evidence (the next cell lists it), then say which verdict it supports. "
              f"The verdicts:\n\n{listed}\n\nGive the verdict as text in quotes.")
    wrong = [((v,), f"That verdict means {meanings[v]}. Is that what the linked evidence shows?" if meanings.get(v)
              else "Read the linked evidence again.") for v in verdicts if v != answer]
    return _question(
        data, "verdict", "Which verdict?", prompt, answer, wrong=wrong,
        hints=["Ask first whether the linked evidence is of the right kind for this claim: a fair test in people, "
               "for a claim that the remedy helps.",
               "Then ask whether it backs the claim as stated, part of it, none of it, or points the other way."],
        why=row.get("explanation", ""), look=f'verdict.claim_evidence(case, "{row["claim_id"]}")')


def verdict_count_question(data: CaseData, rng: random.Random) -> Question:
    """How many claims got one verdict?"""
    present = [v for v in data.options["verdict"] if v in set(data.case.claims.get("verdict", pd.Series(dtype=str)))]
    present = [v for v in present if v != "not_appraised"]
    if not present:
        raise _Missing("no claim in claims.csv has a verdict about the remedy yet.")
    chosen = rng.choice(present)
    count = int((data.case.claims["verdict"] == chosen).sum())
    prompt = f"How many of the article's claims did the case team judge `{chosen}`? Give a number."
    wrong = [((len(data.case.claims),), "That counts every sentence. Count only the claims with this verdict.")]
    return _question(
        data, "verdict-count", "How many got one verdict?", prompt, count,
        wrong=wrong if len(data.case.claims) != count else [],
        hints=['case.claims["verdict"].value_counts() counts each verdict.'],
        why="The count of each verdict is the article's report card: how much of what it says stands up.")


def rubric_rating_question(data: CaseData, rng: random.Random) -> Question:
    """How did the case team rate the article on one criterion?"""
    criteria = _by_id(data.criteria, "criterion_id")
    ratings = data.options["rating"]
    pool = [r for r in _rows(data.case.rubric_appraisal) if r.get("rating") in ratings and r.get("criterion_id") in criteria]
    if not pool:
        raise _Missing("rubric-appraisal.csv has no rated criterion yet (the case team's model answer).")
    row = rng.choice(pool)
    criterion = criteria[row["criterion_id"]]
    answer = row["rating"]
    prompt = (f"The criterion `{row['criterion_id']}` ({criterion.get('title', '')}): {criterion.get('question', '')}"
              f"\n\nHow does the article fare on it? Answer with one of " + ", ".join(f"`{r}`" for r in ratings)
              + ", as text in quotes. Decide from the article before you look at the case team's rating.")
    wrong = [((r,), f"Compare the article with what satisfies this criterion: "
                    f"{criterion.get('satisfactory_when', '')}") for r in ratings if r != answer]
    return _question(
        data, "rubric-rating", "Rate the article", prompt, answer, wrong=wrong,
        hints=["Search the article for what the criterion asks about; if it is not there at all, that is an answer too."],
        why=row.get("reason", ""))


def comparator_trials_question(data: CaseData, rng: random.Random) -> Question:
    """Which established treatment's review holds the most trials?"""
    rows = [r for r in _rows(data.case.comparators) if _level(r.get("review_trials")) is not None]
    if len(rows) < 2:
        raise _Missing("it needs at least two established treatments in comparators.csv with the number of trials "
                       "in their review (review_trials).")
    most = max(_level(r["review_trials"]) for r in rows)
    top = [r for r in rows if _level(r["review_trials"]) == most]
    if len(top) != 1:
        raise _Missing("two established treatments tie for the most trials, so the question would have no single answer.")
    answer = top[0]["comparator_id"]
    prompt = ("Of the established treatments in `case.comparators`, which one's systematic review holds the most "
              "trials? Give its comparator id as text.")
    wrong = [((r["comparator_id"],), f"Its review holds {_level(r['review_trials'])} trials. Is there one with more?")
             for r in rows if r["comparator_id"] != answer]
    return _question(
        data, "comparator-trials", "The best-tested alternative", prompt, answer,
        accept=[(answer, top[0].get("name", answer))], wrong=wrong,
        hints=['case.comparators[["comparator_id", "review_trials"]] shows the numbers side by side.'],
        why="An established treatment tested in many fair trials sets the bar a new remedy's evidence has to meet.")


TEMPLATES: dict[str, list[tuple[str, str, Template]]] = {
    "01": [("claim-type", "What kind of claim?", claim_type_question),
           ("cue-families", "Which cue families?", cue_families_question),
           ("cue-signal", "What does the wording signal?", cue_signal_question),
           ("claim-type-count", "How many of one kind?", claim_type_count_question)],
    "02": [("design", "Name the design", design_question),
           ("assigned", "Who decided who was exposed?", assigned_question),
           ("design-count", "How many studies of one design?", design_count_question),
           ("ladder-level", "Where on the ladder?", ladder_level_question)],
    "03": [("strongest-study", "The strongest evidence for a claim", strongest_study_question),
           ("unranked-studies", "Evidence the ladder does not rank", unranked_studies_question),
           ("limitation", "What holds this study back?", limitation_question),
           ("unlinked-studies", "Studies no claim uses", unlinked_studies_question)],
    "04": [("in-force", "Still in force?", in_force_question),
           ("action", "What did the body do?", action_question),
           ("date-order", "In date order", date_order_question),
           ("in-force-count", "How many are in force?", in_force_count_question),
           ("legal-status", "Legal where?", legal_status_question)],
    "05": [("verdict", "Which verdict?", verdict_question),
           ("verdict-count", "How many got one verdict?", verdict_count_question),
           ("rubric-rating", "Rate the article", rubric_rating_question),
           ("comparator-trials", "The best-tested alternative", comparator_trials_question)],
}


# --- helpers -------------------------------------------------------------------------------------------


def _question(data: CaseData, template: str, title: str, prompt: str, answer: object, *,
              accept: list[tuple] = (), wrong: list[tuple] = (), hints: list[str] = (), why: str = "",
              in_order: bool = False, look: str = "") -> Question:
    """A question whose feedback never names an accepted answer (the key would refuse it)."""
    accepted = [answer] if not isinstance(answer, list) else list(answer)
    accepted += [v for group in accept for v in group]
    accepted += [v for a in list(accepted) for v in data.also_named.get(normalise_answer(a), [])]
    return Question(
        template=template, title=title, prompt=prompt, answer=answer,
        accept=tuple(tuple(dict.fromkeys(g)) for g in accept if len(set(g)) > 1 or not isinstance(answer, list)),
        wrong=tuple((tuple(items), _without(text, accepted) or "Read the question and the evidence again.")
                    for items, text in wrong),
        hints=tuple(h for h in (_without(h, accepted) for h in hints) if h),
        why=_without(why, accepted), in_order=in_order, look=look)


def _without(text: object, answers: list[object]) -> str:
    """The text without any sentence that names one of the answers, so feedback never gives one away."""
    text = _one_line(text)
    if not text:
        return ""
    named = [n for n in (normalise_answer(a) for a in answers) if len(n) >= 3]
    kept = [s for s in re.split(r"(?<=[.!?])\s+", text) if not any(f" {n} " in f" {normalise_answer(s)} " for n in named)]
    return " ".join(kept)


def _design_feedback(wrong: dict, right: dict) -> str:
    """Why a design does not fit: the first feature it has that the study's own design lacks."""
    label = wrong.get("label", "that design").lower()
    if wrong.get("assigned_exposure") == "yes" and right.get("assigned_exposure") == "no":
        return f"In a {label} the investigators decide who is exposed. Did they decide here?"
    if wrong.get("assigned_exposure") == "no" and right.get("assigned_exposure") == "yes":
        return f"In a {label} nobody is given anything by the investigators. Who decided who got what here?"
    if wrong.get("random_allocation") == "yes" and right.get("random_allocation") == "no":
        return f"In a {label} chance decides who gets what. Does the description say so?"
    if wrong.get("random_allocation") == "no" and right.get("random_allocation") == "yes":
        return f"In a {label} the groups are not formed by chance. How were they formed here?"
    if wrong.get("comparison_group") == "yes" and right.get("comparison_group") == "no":
        return f"A {label} compares groups. Is anyone compared with anyone here?"
    if wrong.get("comparison_group") == "no" and right.get("comparison_group") == "yes":
        return f"A {label} has no comparison group. Is there one here?"
    question = wrong.get("question_it_answers", "")
    return f"A {label} asks: {question} Is that what these investigators asked?" if question else \
        "Follow the decision path again from the first step."


def _rows(table: pd.DataFrame) -> list[dict]:
    return [{k: _value_text(v) for k, v in row.items()} for row in table.to_dict("records")] if not table.empty else []


def _by_id(table: pd.DataFrame, column: str) -> dict[str, dict]:
    return {row[column]: row for row in _rows(table) if row.get(column)}


def _value_text(value: object) -> str:
    """A cell as an answer would write it: a date as YYYY-MM-DD, a whole number without '.0'; '' when missing."""
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return cell_text(value)


def _one_line(value: object) -> str:
    return " ".join(_value_text(value).split())


def _first_sentence(text: str) -> str:
    return re.split(r"(?<=[.!?])\s+", _one_line(text))[0] if text else ""


def _quote(text: object) -> str:
    return "> " + _markdown(_one_line(text))


def _markdown(text: str) -> str:
    """Case text shown as Markdown, with the characters Markdown would read as markup escaped."""
    return re.sub(r"([\\`*_\[\]<>#|$])", r"\\\1", text)


def _level(value: object) -> int | None:
    text = _value_text(value)
    return int(text) if text.isdigit() else None


def _enum(resource: str, column: str) -> list[str]:
    """The values a shared schema allows in one column."""
    from claimlab.paths import datasets_dir
    from claimlab.schema import read_schema

    schema = read_schema(datasets_dir() / "schemas" / f"{resource}.schema.json")
    found = next((f for f in schema["fields"] if f["name"] == column), {})
    return list(found.get("constraints", {}).get("enum", []))


def _cue_families() -> pd.DataFrame:
    """The shared cue families (datasets/reference/cue-families.csv)."""
    from claimlab.paths import reference_dir

    return pd.read_csv(reference_dir() / "cue-families.csv", dtype=str, keep_default_na=False)


def _meanings() -> dict[str, dict[str, str]]:
    """Plain meanings of the values of claim_type, verdict, action and status, from the kit's modules."""
    from claimlab import claims, regulation, verdict

    found: dict[str, dict[str, str]] = {}
    table = claims.claim_type_counts(pd.DataFrame({"claim_type": []}))
    found["claim_type"] = {row["claim_type"]: _value_text(row["meaning"]) for row in table.to_dict("records")}
    found["verdict"] = dict(getattr(verdict, "VERDICT_MEANINGS", {}))
    for column in ("action", "status"):
        values = _enum("regulatory-positions", column)
        found[column] = {v: regulation.meaning(column, v) for v in values}
        found[column] = {v: m for v, m in found[column].items() if m != v.replace("_", " ")}
    return found
