"""Quizzes with feedback that explains why: multiple choice, tick-all-that-apply, mark the sentences.

Each quiz has a pure grading function (``grade_...``) that takes whatever the learner gave,
even nothing or the wrong kind of thing, and returns ``Feedback`` in words, never a
traceback. The widgets (``multiple_choice``, ``multi_select``, ``mark_sentences``) only
collect the answer, call the grading function when Check is pressed, and show its message
in text (not only colour) inside a polite live region for screen readers.
"""

from __future__ import annotations

import html
from collections.abc import Iterable

import ipywidgets as widgets
import pandas as pd

from claimlab.feedback import NOT_ANSWERED, Feedback
from claimlab.wording import cell_text, count

NOT_ANSWERED_YET = NOT_ANSWERED.capitalize()  # how a quiz's feedback starts before any answer

SETUP_PROBLEM = "This question is set up wrongly (tell your teacher)"


# --- grading --------------------------------------------------------------------------------


def grade_multiple_choice(choice: object, options: dict, answer: object) -> Feedback:
    """Check one chosen option against the right one and give that option's feedback."""
    problem = _multiple_choice_setup_problem(options, answer)
    if problem:
        return Feedback(False, f"{SETUP_PROBLEM}: {problem}")
    if _is_empty(choice):
        return Feedback(False, f"{NOT_ANSWERED_YET}: choose one option, then press Check.")
    if isinstance(choice, (list, tuple, set, frozenset, dict)):
        return Feedback(False, f"Choose just one option; you gave {len(choice)} ({_kind(choice)}).")
    key = _match_option(choice, options)
    if key is None:
        return Feedback(False, f"{_show(choice)} is not one of the options. {_options_list(options)}")
    reason = cell_text(options[key])
    if key == answer:
        return Feedback(True, _join("Correct.", reason))
    return Feedback(False, _join(f"Not quite: {_show(key)} is not the best answer.", reason, "Try again."))


def grade_multi_select(choices: object, options: dict, answers: Iterable, reveal: bool = False) -> Feedback:
    """Check ticked options: what was ticked wrongly and why, and how many were missed.

    The missed options are named only with ``reveal=True`` (the learner asked to see the
    answers), so a first wrong try never gives the whole key away.
    """
    answers = _answer_set(answers)
    problem = _multi_select_setup_problem(options, answers)
    if problem:
        return Feedback(False, f"{SETUP_PROBLEM}: {problem}")
    right = set(answers)
    ticked, unknown = _as_keys(choices, options)
    if ticked is None:
        return Feedback(False, f"{NOT_ANSWERED_YET}: tick every option that applies, then press Check.")
    if unknown:
        shown = ", ".join(_show(u) for u in unknown)
        return Feedback(False, f"Not an option: {shown}. {_options_list(options)}")
    if not ticked and right:
        return Feedback(False, f"{NOT_ANSWERED_YET}: you have not ticked anything. Tick every option that applies.")
    found = [o for o in options if o in ticked and o in right]
    missed = [o for o in options if o in right and o not in ticked]
    wrong = [o for o in options if o in ticked and o not in right]
    if not missed and not wrong:
        header = f"Correct: you ticked every option that applies ({len(right)}), and nothing else."
        if not right:
            header = "Correct: none of the options applies."
    else:
        verb = "applies" if len(right) == 1 else "apply"
        header = f"Not quite: you found {len(found)} of {count(len(right), 'option')} that {verb}"
        header += f", and ticked {len(wrong)} that {'does' if len(wrong) == 1 else 'do'} not." if wrong else "."
    lines = [header]
    lines += [_join(f"Ticked, but does not apply: {_show(o)}.", cell_text(options[o])) for o in wrong]
    lines += [_join(f"Right to tick: {_show(o)}.", cell_text(options[o])) for o in found]
    if reveal:
        lines += [_join(f"Missed: {_show(o)}.", cell_text(options[o])) for o in missed]
    elif missed:
        lines.append(_still_to_find(len(missed), "option", "tick"))
    return Feedback(not missed and not wrong, "\n".join(lines))


def grade_marked_sentences(
    marked: object,
    sentences: list[str] | pd.DataFrame,
    correct_ids: Iterable,
    explanations: dict | None = None,
    reveal: bool = False,
) -> Feedback:
    """Check which sentences were marked, with feedback on each sentence the learner marked.

    Sentences that should have been marked but were not are only counted, unless
    ``reveal=True`` (the learner asked to see the answers): then every sentence is explained.
    """
    table, problem = _sentence_table(sentences)
    if problem is None:
        problem = _ids_problem(correct_ids, table, "correct_ids")
    if problem is None and explanations is not None and not isinstance(explanations, dict):
        problem = f"explanations should be a dict of sentence id -> text, not {_kind(explanations)}."
    if problem:
        return Feedback(False, f"{SETUP_PROBLEM}: {problem}")
    explain = {str(k): cell_text(v) for k, v in (explanations or {}).items()}
    ids = list(table)
    right = {str(i) for i in correct_ids}
    chosen, unknown = _as_keys(marked, {i: None for i in ids}, as_text=True)
    if chosen is None:
        return Feedback(False, f"{NOT_ANSWERED_YET}: mark the sentences that apply, then press Check.")
    if unknown:
        shown = ", ".join(_show(u) for u in unknown)
        return Feedback(False, f"Not a sentence number: {shown}. The sentences are numbered {', '.join(ids)}.")
    if not chosen and right:
        return Feedback(False, f"{NOT_ANSWERED_YET}: you have not marked any sentence yet.")
    found = [i for i in ids if i in chosen and i in right]
    missed = [i for i in ids if i in right and i not in chosen]
    wrong = [i for i in ids if i in chosen and i not in right]
    if not missed and not wrong:
        header = f"Correct: you marked exactly the sentences that should be marked ({len(right)} of {len(ids)})."
    else:
        header = f"Not quite: you found {len(found)} of {count(len(right), 'sentence')} to mark"
        header += f", and marked {len(wrong)} that should not be." if wrong else "."
    lines = [header]
    reveal = reveal or not (missed or wrong)  # a right answer hides nothing
    for i in ids:
        quoted = f'Sentence {i} ("{_short(table[i])}")'
        if i in found:
            verdict = "you marked it, and it should be marked."
        elif i in wrong:
            verdict = "you marked it, but it should not be marked."
        elif not reveal:
            continue
        elif i in missed:
            verdict = "you did not mark it, but it should be marked."
        else:
            verdict = "not marked, and rightly so."
        lines.append(_join(f"{quoted}: {verdict}", explain.get(i, "")))
    if missed and not reveal:
        lines.append(_still_to_find(len(missed), "sentence", "mark"))
    return Feedback(not missed and not wrong, "\n".join(lines))


def _still_to_find(count: int, noun: str, verb: str) -> str:
    """How many right answers are still unticked, without naming them."""
    more = f"{count} more {noun}" + ("" if count == 1 else "s")
    return (f"{more} should be {verb}ed. Read the question again and try, "
            f"or press Show the answers to see {'it' if count == 1 else 'them'} with the reasons.")


def feedback_html(feedback: Feedback | None) -> str:
    """Feedback as HTML: a polite live region, the verdict in words, one line per point."""
    if feedback is None:
        return '<div role="status" aria-live="polite"></div>'
    first, *rest = feedback.message.split("\n")
    colour = "#1a7f37" if feedback.correct else "#b35900"
    items = "".join(f"<li>{html.escape(line)}</li>" for line in rest)
    return (
        f'<div role="status" aria-live="polite" style="border-left:6px solid {colour};padding-left:0.6em">'
        f"<p><b>{html.escape(first)}</b></p>" + (f"<ul>{items}</ul>" if items else "") + "</div>"
    )


# --- widgets --------------------------------------------------------------------------------


def multiple_choice(question: str, options: dict, answer: object) -> MultipleChoice:
    """A one-answer question with feedback for each option."""
    return MultipleChoice(question, options, answer)


def multi_select(question: str, options: dict, answers: Iterable) -> MultiSelect:
    """A tick-all-that-apply question with feedback on what was missed or ticked wrongly."""
    return MultiSelect(question, options, answers)


def mark_sentences(
    question: str,
    sentences: list[str] | pd.DataFrame,
    correct_ids: Iterable,
    explanations: dict | None = None,
) -> MarkSentences:
    """A passage whose sentences the learner marks (e.g. 'which sentences make a claim?')."""
    return MarkSentences(question, sentences, correct_ids, explanations)


class _Quiz(widgets.VBox):
    """A question, the answer controls, a Check button and the feedback area."""

    can_reveal = False  # quizzes with several right answers offer a "Show the answers" button

    def __init__(self, question: str, controls: list[widgets.Widget]):
        from claimlab.widget_style import readable

        self.question_text = str(question)
        self.question = widgets.HTML(f"<p><b>{html.escape(str(question))}</b></p>")
        self.check_button = widgets.Button(description="Check", tooltip="Check my answer")
        self.feedback = widgets.HTML(feedback_html(None))
        self.last: Feedback | None = None
        self.check_button.on_click(lambda _b: self.check())
        buttons = [self.check_button]
        if self.can_reveal:
            self.reveal_button = widgets.Button(description="Show the answers",
                                                tooltip="Show every right answer, with why")
            self.reveal_button.on_click(lambda _b: self.check(reveal=True))
            buttons.append(self.reveal_button)
        super().__init__([self.question, *controls, widgets.HBox(buttons), self.feedback])
        readable(self)

    def check(self, reveal: bool = False) -> Feedback:
        """Grade the current answer and show the feedback (with reveal=True, every right answer)."""
        self.last = self.grade(reveal) if self.can_reveal else self.grade()
        self.feedback.value = feedback_html(self.last)
        return self.last

    def grade(self, reveal: bool = False) -> Feedback:  # pragma: no cover - each quiz defines it
        raise NotImplementedError

    def option_labels(self) -> list[str]:
        """The options as the learner reads them (for printed and exported copies)."""
        return []

    def static_html(self) -> str:
        """The question and its options, without the answer: what an exported or printed page shows."""
        options = "".join(f"<li>&#9744; {html.escape(o)}</li>" for o in self.option_labels())
        return (f'<div class="claimlab-static"><p><b>{html.escape(self.question_text)}</b></p>'
                f"<ul>{options}</ul><p><i>A quick check: run this notebook in Jupyter to check your answer."
                "</i></p></div>")


class MultipleChoice(_Quiz):
    """Multiple choice: radio buttons, one answer."""

    def __init__(self, question: str, options: dict, answer: object):
        problem = _multiple_choice_setup_problem(options, answer)
        if problem:
            raise ValueError(problem)
        self.options, self.answer = options, answer
        self.choice = widgets.RadioButtons(
            options=[(str(o), o) for o in options], value=None, layout=widgets.Layout(width="auto")
        )
        super().__init__(question, [self.choice])

    def grade(self, reveal: bool = False) -> Feedback:
        return grade_multiple_choice(self.choice.value, self.options, self.answer)

    def option_labels(self) -> list[str]:
        return [str(o) for o in self.options]


class MultiSelect(_Quiz):
    """Tick all that apply: one checkbox per option."""

    def __init__(self, question: str, options: dict, answers: Iterable):
        answers = _answer_set(answers)
        problem = _multi_select_setup_problem(options, answers)
        if problem:
            raise ValueError(problem)
        self.options, self.answers = options, set(answers)
        self.boxes = {o: _checkbox(str(o)) for o in options}
        super().__init__(question, [widgets.HTML("<p>Tick every option that applies.</p>"), *self.boxes.values()])

    can_reveal = True

    def grade(self, reveal: bool = False) -> Feedback:
        ticked = [o for o, box in self.boxes.items() if box.value]
        return grade_multi_select(ticked, self.options, self.answers, reveal=reveal)

    def option_labels(self) -> list[str]:
        return [str(o) for o in self.options]


class MarkSentences(_Quiz):
    """Mark the sentences: one numbered checkbox per sentence."""

    def __init__(self, question: str, sentences, correct_ids: Iterable, explanations: dict | None = None):
        table, problem = _sentence_table(sentences)
        problem = problem or _ids_problem(correct_ids, table, "correct_ids")
        if problem:
            raise ValueError(problem)
        self.sentences, self.correct_ids, self.explanations = sentences, set(correct_ids), explanations
        self.boxes = {i: _checkbox(f"{i}. {text}") for i, text in table.items()}
        super().__init__(question, [widgets.HTML("<p>Tick each sentence to mark.</p>"), *self.boxes.values()])

    can_reveal = True

    def grade(self, reveal: bool = False) -> Feedback:
        marked = [i for i, box in self.boxes.items() if box.value]
        return grade_marked_sentences(marked, self.sentences, self.correct_ids, self.explanations, reveal=reveal)

    def option_labels(self) -> list[str]:
        return [box.description for box in self.boxes.values()]


# --- helpers --------------------------------------------------------------------------------


def _multiple_choice_setup_problem(options: object, answer: object) -> str | None:
    if not isinstance(options, dict) or not options:
        return "options should be a non-empty dict of option -> feedback."
    try:
        if answer not in options:
            return f"the answer {_show(answer)} is not one of the options."
    except TypeError:
        return f"the answer should be one option, not {_kind(answer)}."
    return None


def _multi_select_setup_problem(options: object, answers: object) -> str | None:
    if not isinstance(options, dict) or not options:
        return "options should be a non-empty dict of option -> feedback."
    if isinstance(answers, str) or not isinstance(answers, Iterable):
        return "answers should be a set of options."
    try:
        outside = [a for a in answers if a not in options]
    except TypeError:
        return "answers should be a set of options."
    if outside:
        return "these answers are not options: " + ", ".join(_show(a) for a in outside) + "."
    return None


def _answer_set(answers: object) -> object:
    """A single option given as the answers counts as a set of one."""
    return {answers} if isinstance(answers, str) else answers


def _sentence_table(sentences: object) -> tuple[dict[str, str], str | None]:
    """Sentences as an ordered dict id -> text, with ids as text ('1', '2', ... for a list)."""
    if isinstance(sentences, pd.DataFrame):
        if not {"id", "text"} <= set(sentences.columns):
            return {}, "a sentences table needs 'id' and 'text' columns."
        table = {str(i): cell_text(t) for i, t in zip(sentences["id"], sentences["text"])}
        if len(table) != len(sentences):
            return {}, "sentence ids must be unique."
    elif isinstance(sentences, (list, tuple)) and all(isinstance(s, str) for s in sentences):
        table = {str(n): s for n, s in enumerate(sentences, 1)}
    else:
        return {}, "sentences should be a list of strings or a table with 'id' and 'text' columns."
    if not table:
        return {}, "there are no sentences."
    return table, None


def _ids_problem(ids: object, table: dict[str, str], name: str) -> str | None:
    if isinstance(ids, str) or not isinstance(ids, Iterable):
        return f"{name} should be a set of sentence ids."
    outside = [i for i in ids if str(i) not in table]
    if outside:
        return f"{name} has ids that are not sentences: " + ", ".join(_show(i) for i in outside) + "."
    return None


def _as_keys(choices: object, options: dict, as_text: bool = False) -> tuple[set | None, list]:
    """The learner's choices as a set of option keys (None when nothing was given) and unknowns."""
    if choices is None or (isinstance(choices, str) and not choices.strip()):
        return None, []
    if isinstance(choices, (str, int, float)) or not isinstance(choices, Iterable):
        choices = [choices]
    if isinstance(choices, dict):  # e.g. {option: True/False} from checkboxes
        choices = [k for k, v in choices.items() if v]
    keys, unknown = set(), []
    for choice in choices:
        key = str(choice).strip() if as_text else _match_option(choice, options)
        if key is None or key not in options:
            unknown.append(choice)
        else:
            keys.add(key)
    return keys, unknown


def _match_option(choice: object, options: dict) -> object | None:
    """The option the learner meant: exact, then ignoring spaces and case; None if none."""
    try:
        if choice in options:
            return choice
    except TypeError:
        return None
    text = str(choice).strip().lower()
    matches = [o for o in options if str(o).strip().lower() == text]
    return matches[0] if len(matches) == 1 else None


def _is_empty(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    return isinstance(value, float) and pd.isna(value)


def _checkbox(label: str) -> widgets.Checkbox:
    return widgets.Checkbox(
        value=False, description=label, indent=False, layout=widgets.Layout(width="auto")
    )


def _kind(value: object) -> str:
    return f"a {type(value).__name__}"


def _show(value: object) -> str:
    return f"'{value}'" if isinstance(value, str) else repr(value)


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"


def _join(*parts: str) -> str:
    return " ".join(p for p in parts if p)


def _options_list(options: dict) -> str:
    return "The options are: " + ", ".join(_show(o) for o in options) + "."
