"""Study designs: which design is this study, and what can it show?

The decision path below is data (``QUESTIONS``): each question sends a Yes or a No either to
another question or to a design id from ``study-designs.csv``. ``classify_design`` walks it
with answers given as arguments; ``design_guide`` walks it one button press at a time.
``evidence_ladder`` puts the designs in order of the Oxford CEBM (2011) levels for the
question "does this treatment help?". The levels are a shortcut for where to look first,
to be used with judgement, not a verdict on any single study.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from pathlib import Path

import ipywidgets as widgets
import pandas as pd

from claimlab.paths import reference_dir
from claimlab.wording import cell_text

DESIGNS_FILE = "study-designs.csv"
YES, NO, NOT_SURE = "Yes", "No", "Not sure"


@dataclass(frozen=True)
class Question:
    """One step of the decision path: a question, a hint, and where Yes and No lead."""

    id: str
    text: str
    explanation: str
    yes: str
    no: str
    if_not_sure: bool | None = None  # the answer to assume when the report does not say
    not_sure_reason: str = ""


QUESTIONS: dict[str, Question] = {
    q.id: q
    for q in [
        Question(
            "summarises_studies",
            "Does the report summarise other studies rather than collect new data?",
            "Reviews gather studies that others did. Look for a list of included studies, "
            "or words such as 'review' or 'meta-analysis' in the title.",
            yes="systematic_search",
            no="studied_humans",
        ),
        Question(
            "systematic_search",
            "Did the authors search for studies in a stated, systematic way "
            "(named databases, dates, rules for which studies count)?",
            "A systematic review has a methods section that says where the authors searched, "
            "which studies they included and how they judged them. A narrative review does not.",
            yes="systematic_review",
            no="narrative_review",
            if_not_sure=False,
            not_sure_reason="A review that does not describe its search is treated as a narrative review.",
        ),
        Question(
            "studied_humans",
            "Were the participants people (not animals, cells or tissue)?",
            "Look at who or what was studied: volunteers or patients, or mice, rats, cells, "
            "receptors in a dish.",
            yes="test_accuracy",
            no="living_animals",
        ),
        Question(
            "test_accuracy",
            "Was the main aim to find out how accurate a test is: giving people the test and "
            "checking each result against a reference test (such as a biopsy) in the same people?",
            "A diagnostic accuracy study reports how many people with the disease the test found "
            "(sensitivity) and how many without it the test cleared (specificity). It does not "
            "compare people who were and were not tested.",
            yes="diagnostic_accuracy",
            no="investigators_assigned",
            if_not_sure=False,
            not_sure_reason="If the study does not report how often a test was right against a "
                            "reference test, the answer is No.",
        ),
        Question(
            "living_animals",
            "Were living animals studied?",
            "Mice, rats or other animals mean an animal study; cells, tissue or receptors in "
            "a lab mean an in vitro study.",
            yes="animal",
            no="in_vitro",
        ),
        Question(
            "investigators_assigned",
            "Did the investigators decide who received the treatment or exposure?",
            "In an experiment the researchers give the treatment. In an observational study "
            "people chose it themselves (or it happened to them) and researchers only watched "
            "or asked.",
            yes="measured_blood_levels",
            no="single_person",
        ),
        Question(
            "measured_blood_levels",
            "Was the main aim to measure how the body handles the substance "
            "(levels in blood over time), rather than whether it helps?",
            "Pharmacokinetic studies give a dose and take repeated blood samples; their "
            "results are concentrations and half-lives, not symptoms.",
            yes="pharmacokinetic",
            no="comparison_group_assigned",
            if_not_sure=False,
            not_sure_reason="If the outcomes are symptoms or health, not blood levels, the answer is No.",
        ),
        Question(
            "comparison_group_assigned",
            "Was there a comparison: a group that did not get the treatment (placebo, another "
            "treatment, or nothing), or each person given both the treatment and a placebo or "
            "other treatment, one after the other (a crossover)?",
            "A fair test compares people who got the treatment with similar people who did "
            "not. Without one, you cannot tell what would have happened anyway. In a crossover "
            "trial each person is their own comparison: everyone gets the treatment and the "
            "placebo (or the other treatment), one after the other, in an order that is often "
            "decided by chance. That is a comparison too, so the answer is Yes. Measuring the "
            "same people before and after the treatment alone is not: nothing shows what would "
            "have happened without it.",
            yes="random_allocation",
            no="case_series",
            if_not_sure=False,
            not_sure_reason="If the report describes no comparison group, assume there was none.",
        ),
        Question(
            "random_allocation",
            "Did chance (randomisation) decide who got which treatment?",
            "Look for 'randomised' or 'randomly assigned' and how it was done (computer list, "
            "sealed envelopes). Alternating days or letting doctors choose is not random.",
            yes="randomized_trial",
            no="non_randomized_trial",
            if_not_sure=False,
            not_sure_reason="A study that does not say it was randomised is treated as not randomised.",
        ),
        Question(
            "single_person",
            "Does the report describe just one person?",
            "A case report tells the story of one patient, often because something unusual "
            "happened.",
            yes="case_report",
            no="words_not_numbers",
        ),
        Question(
            "words_not_numbers",
            "Did the study collect people's own words (interviews, focus groups) "
            "rather than counts and measurements?",
            "Qualitative studies report themes and quotations, not percentages or effect sizes.",
            yes="qualitative",
            no="routine_reports",
            if_not_sure=False,
            not_sure_reason="If the results are numbers or percentages, the answer is No.",
        ),
        Question(
            "routine_reports",
            "Do the data come from reports that arrive routinely "
            "(poison-centre calls, adverse-event reports, death records)?",
            "Surveillance systems collect whatever reports are sent in; nobody planned a "
            "study group in advance.",
            yes="surveillance",
            no="one_point_in_time",
        ),
        Question(
            "one_point_in_time",
            "Were people asked or measured once, at a single point in time (a snapshot such "
            "as a survey)?",
            "A cross-sectional survey asks its questions once. It cannot tell which came first, "
            "the exposure or the outcome.",
            yes="cross_sectional_survey",
            no="comparison_group_observed",
        ),
        Question(
            "comparison_group_observed",
            "Did the study compare people with and without the exposure (or outcome)?",
            "Cohort and case-control studies have a comparison group; a case series only "
            "describes people who all had the same treatment or problem.",
            yes="started_from_outcome",
            no="case_series",
            if_not_sure=False,
            not_sure_reason="If the report describes no comparison group, assume there was none.",
        ),
        Question(
            "started_from_outcome",
            "Did the researchers start from people who already had the outcome (cases) and "
            "look back at their past exposure, compared with people without it (controls)?",
            "Case-control studies start from the outcome and look back. Cohort studies start "
            "from the exposure and follow people forward to see who gets the outcome.",
            yes="case_control",
            no="cohort",
        ),
    ]
}
FIRST_QUESTION = "summarises_studies"

# Argument names of classify_design that differ from the question ids.
ARGUMENT_FOR = {
    "comparison_group_assigned": "comparison_group",
    "comparison_group_observed": "comparison_group",
}


@dataclass
class DesignResult:
    """Where the decision path ended: the design, the path taken, and what it can show."""

    design: str | None
    label: str = ""
    path: list[tuple[str, str]] = field(default_factory=list)
    question_it_answers: str = ""
    can_show: str = ""
    cannot_show: str = ""
    cebm_level: int | None = None
    typical_biases: str = ""
    next_question: str | None = None
    notes: list[str] = field(default_factory=list)

    def level_text(self) -> str:
        """The CEBM level for 'does this treatment help?', in words."""
        if self.design is None:
            return ""
        if self.cebm_level is None:
            return "No level: the CEBM table does not rank this design for 'does this treatment help?'."
        return f"Level {self.cebm_level} of 5 for 'does this treatment help?' (1 is the box to open first)."

    def card(self) -> str:
        """The design card as plain text."""
        lines = ["Path taken:"]
        lines += [f"  {n}. {question} {answer}" for n, (question, answer) in enumerate(self.path, 1)]
        lines += [f"  Note: {note}" for note in self.notes]
        if self.design is None:
            lines.append(f"Not classified yet. Next question: {QUESTIONS[self.next_question].text}")
            return "\n".join(lines)
        lines += [
            f"Design: {self.label} ({self.design})",
            f"Question it answers: {self.question_it_answers}",
            f"Can show: {self.can_show}",
            f"Cannot show: {self.cannot_show}",
            f"Typical biases: {self.typical_biases}",
            f"CEBM: {self.level_text()}",
        ]
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.card()

    def _repr_html_(self) -> str:
        return card_html(self)


def load_study_designs(path: str | Path | None = None) -> pd.DataFrame:
    """The table of study designs (study-designs.csv), one row per design."""
    path = Path(path) if path is not None else reference_dir() / DESIGNS_FILE
    return pd.read_csv(path, dtype={"design": "string"})


def design_questions() -> pd.DataFrame:
    """The questions of the decision path, in the order they are first met."""
    rows = []
    order = _questions_in_order()
    steps = {question.id: n for n, question in enumerate(order, 1)}
    labels = _design_labels()

    def leads_to(node: str) -> str:
        return f"go to step {steps[node]}" if node in steps else f"design: {labels.get(node, node)}"

    for step, question in enumerate(order, 1):
        rows.append(
            {
                "step": step,
                "question_id": question.id,
                "question": question.text,
                "if_yes": leads_to(question.yes),
                "if_no": leads_to(question.no),
                "if_not_sure": _not_sure_text(question),
                "explanation": question.explanation,
            }
        )
    return pd.DataFrame(rows)


def classify_design(
    studied_humans: bool | None = None,
    investigators_assigned: bool | None = None,
    random_allocation: bool | None = None,
    comparison_group: bool | None = None,
    *,
    summarises_studies: bool | None = False,
    systematic_search: bool | None = None,
    test_accuracy: bool | None = False,
    living_animals: bool | None = None,
    measured_blood_levels: bool | None = None,
    single_person: bool | None = None,
    words_not_numbers: bool | None = None,
    routine_reports: bool | None = None,
    one_point_in_time: bool | None = None,
    started_from_outcome: bool | None = None,
    designs: pd.DataFrame | None = None,
) -> DesignResult:
    """Follow the decision path with these answers (None = not sure) and name the design."""
    given = {
        "summarises_studies": summarises_studies,
        "systematic_search": systematic_search,
        "studied_humans": studied_humans,
        "test_accuracy": test_accuracy,
        "living_animals": living_animals,
        "investigators_assigned": investigators_assigned,
        "measured_blood_levels": measured_blood_levels,
        "comparison_group": comparison_group,
        "random_allocation": random_allocation,
        "single_person": single_person,
        "words_not_numbers": words_not_numbers,
        "routine_reports": routine_reports,
        "one_point_in_time": one_point_in_time,
        "started_from_outcome": started_from_outcome,
    }
    answers = {name: _as_answer(name, value) for name, value in given.items()}
    path: list[tuple[str, str]] = []
    notes: list[str] = []
    current = FIRST_QUESTION
    while current in QUESTIONS:
        question = QUESTIONS[current]
        answer = answers[ARGUMENT_FOR.get(current, current)]
        shown = YES if answer else NO
        if answer is None:
            if question.if_not_sure is None:
                notes.append(f"Answer '{question.text}' to go on. Hint: {question.explanation}")
                return DesignResult(design=None, path=path, next_question=current, notes=notes)
            answer = question.if_not_sure
            shown = f"{NOT_SURE} (taken as {YES if answer else NO})"
            notes.append(question.not_sure_reason)
        path.append((question.text, shown))
        current = question.yes if answer else question.no
    return design_card(current, designs=designs, path=path, notes=notes)


def design_card(
    design: str,
    designs: pd.DataFrame | None = None,
    path: list[tuple[str, str]] | None = None,
    notes: list[str] | None = None,
) -> DesignResult:
    """What one design can and cannot show, from the table of designs."""
    table = load_study_designs() if designs is None else designs
    rows = table[table["design"] == design]
    if rows.empty:
        known = ", ".join(str(d) for d in table["design"])
        raise ValueError(f"'{design}' is not in the table of designs. Known designs: {known}.")
    row = rows.iloc[0]
    return DesignResult(
        design=design,
        label=cell_text(row.get("label")),
        path=list(path or []),
        question_it_answers=cell_text(row.get("question_it_answers")),
        can_show=cell_text(row.get("can_show")),
        cannot_show=cell_text(row.get("cannot_show")),
        cebm_level=_level(row.get("cebm_treatment_level")),
        typical_biases=cell_text(row.get("typical_biases")),
        notes=list(notes or []),
    )


def evidence_ladder(designs: pd.DataFrame | None = None, include_unranked: bool = True) -> pd.DataFrame:
    """The designs in order of CEBM level for 'does this treatment help?' (unranked last)."""
    table = load_study_designs() if designs is None else designs
    ladder = pd.DataFrame(
        {
            "cebm_level": pd.array([_level(v) for v in table["cebm_treatment_level"]], dtype="Int64"),
            "design": table["design"].astype(str).to_numpy(),
            "label": [cell_text(v) for v in table["label"]],
            "can_show": [cell_text(v) for v in table["can_show"]],
            "cannot_show": [cell_text(v) for v in table["cannot_show"]],
        }
    )
    ladder["note"] = [
        f"Level {level}" if pd.notna(level) else (cell_text(note) or "Not ranked.")
        for level, note in zip(ladder["cebm_level"], table.get("ladder_note", pd.Series([""] * len(table))))
    ]
    if not include_unranked:
        ladder = ladder[ladder["cebm_level"].notna()]
    ladder = ladder.sort_values("cebm_level", kind="stable", na_position="last")
    return ladder.reset_index(drop=True)


# --- the widget -------------------------------------------------------------------------


class DesignGuide(widgets.VBox):
    """The design guide widget; its buttons are attributes so tests can press them."""

    def __init__(self, designs: pd.DataFrame):
        self.designs = designs
        self.answers: list[tuple[str, bool, bool]] = []  # (question id, answer, was_not_sure)
        self.heading = widgets.HTML("<h3>Which study design is this?</h3>")
        self.path_box = widgets.HTML()
        self.question_box = widgets.HTML()
        self.explanation_box = widgets.HTML()
        self.yes_button = widgets.Button(description=YES, tooltip="Answer Yes")
        self.no_button = widgets.Button(description=NO, tooltip="Answer No")
        self.not_sure_button = widgets.Button(
            description=NOT_SURE, tooltip="Show what to look for in the report"
        )
        self.back_button = widgets.Button(description="Back", icon="arrow-left", tooltip="Undo the last answer")
        self.restart_button = widgets.Button(description="Start again", icon="refresh")
        self.card_box = widgets.HTML()
        self.yes_button.on_click(lambda _b: self.answer(True))
        self.no_button.on_click(lambda _b: self.answer(False))
        self.not_sure_button.on_click(lambda _b: self.not_sure())
        self.back_button.on_click(lambda _b: self.back())
        self.restart_button.on_click(lambda _b: self.restart())
        self.answer_row = widgets.HBox([self.yes_button, self.no_button, self.not_sure_button])
        super().__init__(
            [
                self.heading,
                self.path_box,
                self.question_box,
                self.explanation_box,
                self.answer_row,
                widgets.HBox([self.back_button, self.restart_button]),
                self.card_box,
            ]
        )
        from claimlab.widget_style import readable

        readable(self)
        self._show()

    @property
    def current(self) -> str:
        """The id of the question now asked, or the design id once the path has ended."""
        node = FIRST_QUESTION
        for _question, answer, _unsure in self.answers:
            node = QUESTIONS[node].yes if answer else QUESTIONS[node].no
        return node

    def answer(self, value: bool, not_sure: bool = False) -> None:
        if self.current in QUESTIONS:
            self.answers.append((self.current, value, not_sure))
            self.explanation_box.value = ""
        self._show()

    def not_sure(self) -> None:
        if self.current not in QUESTIONS:
            return
        question = QUESTIONS[self.current]
        if question.if_not_sure is None:
            self.explanation_box.value = _box(
                f"<b>What to look for:</b> {html.escape(question.explanation)} "
                "This one needs a Yes or No to go on; if the report does not say, ask your "
                "teacher or note it as something the report leaves unclear."
            )
            return
        explanation = _box(
            f"<b>Not sure:</b> {html.escape(question.not_sure_reason)} "
            f"<br><b>What to look for:</b> {html.escape(question.explanation)}"
        )
        self.answer(question.if_not_sure, not_sure=True)
        self.explanation_box.value = explanation

    def back(self) -> None:
        if self.answers:
            self.answers.pop()
        self.explanation_box.value = ""
        self._show()

    def restart(self) -> None:
        self.answers.clear()
        self.explanation_box.value = ""
        self._show()

    def result(self) -> DesignResult | None:
        """The design card once the path has ended, else None."""
        if self.current in QUESTIONS:
            return None
        return design_card(self.current, self.designs, path=self.path())

    def path(self) -> list[tuple[str, str]]:
        steps = []
        for question_id, answer, unsure in self.answers:
            shown = YES if answer else NO
            if unsure:
                shown = f"{NOT_SURE} (taken as {shown})"
            steps.append((QUESTIONS[question_id].text, shown))
        return steps

    def _show(self) -> None:
        steps = self.path()
        if steps:
            items = "".join(
                f"<li>{html.escape(q)} <b>{html.escape(a)}</b></li>" for q, a in steps
            )
            self.path_box.value = f"<p><b>Your answers so far:</b></p><ol>{items}</ol>"
        else:
            self.path_box.value = "<p>Answer each question about the study report.</p>"
        self.back_button.disabled = not steps
        finished = self.current not in QUESTIONS
        for button in (self.yes_button, self.no_button, self.not_sure_button):
            button.disabled = finished
        if finished:
            self.question_box.value = ""
            self.card_box.value = card_html(self.result(), show_path=False)
        else:
            step = len(steps) + 1
            text = html.escape(QUESTIONS[self.current].text)
            self.question_box.value = (
                f'<p role="status" aria-live="polite"><b>Question {step}:</b> {text}</p>'
            )
            self.card_box.value = ""


def design_guide(designs: pd.DataFrame | None = None) -> DesignGuide:
    """A step-by-step widget: answer one question at a time and end at the design card."""
    return DesignGuide(load_study_designs() if designs is None else designs)


def card_html(result: DesignResult, show_path: bool = True) -> str:
    """The design card as HTML for a notebook (with the path taken, unless show_path=False)."""
    e = html.escape
    if result.design is None:
        return "<p>" + e(result.card()).replace("\n", "<br>") + "</p>"
    path = ""
    if show_path and result.path:
        items = "".join(f"<li>{e(q)} <b>{e(a)}</b></li>" for q, a in result.path)
        path = f"<p><b>Path taken:</b></p><ol>{items}</ol>"
    return (
        '<div role="region" aria-label="Design card" '
        'style="border:2px solid #444;padding:0.6em;margin-top:0.5em">'
        f"<h4>Design: {e(result.label)}</h4>{path}"
        f"<p><b>Question it answers:</b> {e(result.question_it_answers)}</p>"
        f"<p><b>Can show:</b> {e(result.can_show)}</p>"
        f"<p><b>Cannot show:</b> {e(result.cannot_show)}</p>"
        f"<p><b>Typical biases:</b> {e(result.typical_biases)}</p>"
        f"<p><b>CEBM:</b> {e(result.level_text())}</p>"
        "</div>"
    )


# --- helpers ------------------------------------------------------------------------------

TRUE_WORDS = {"yes", "y", "true", "1"}
FALSE_WORDS = {"no", "n", "false", "0"}
UNSURE_WORDS = {"", "not sure", "not_sure", "unsure", "unknown", "none", "?"}


def _as_answer(name: str, value: object) -> bool | None:
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    if isinstance(value, str):
        word = value.strip().lower()
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
        if word in UNSURE_WORDS:
            return None
    raise ValueError(f"{name} should be True (yes), False (no) or None (not sure), not {value!r}.")


def _design_labels() -> dict[str, str]:
    """Each design's label without its bracketed gloss, as the lessons name it."""
    import re

    try:
        designs = load_study_designs()
    except (OSError, ValueError):
        return {}
    return {str(d): re.sub(r"\s*\([^)]*\)", "", str(label)).strip()
            for d, label in zip(designs["design"], designs["label"])}


def _questions_in_order() -> list[Question]:
    seen: list[str] = []
    queue = [FIRST_QUESTION]
    while queue:
        node = queue.pop(0)
        if node in QUESTIONS and node not in seen:
            seen.append(node)
            queue += [QUESTIONS[node].yes, QUESTIONS[node].no]
    return [QUESTIONS[q] for q in seen]


def _not_sure_text(question: Question) -> str:
    if question.if_not_sure is None:
        return "needs an answer"
    return f"taken as {YES if question.if_not_sure else NO}: {question.not_sure_reason}"


def _level(value: object) -> int | None:
    text = cell_text(value).strip()
    if not text:
        return None
    try:
        return int(float(text))
    except ValueError:
        return None


def _box(inner: str) -> str:
    return f'<div role="note" style="border-left:4px solid #888;padding-left:0.5em">{inner}</div>'
