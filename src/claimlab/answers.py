"""Checking a learner's answers with feedback that teaches, from a key that gives nothing away.

An exercise notebook asks for answers in named variables (``answer_1 = ...``) and checks each
with ``check("q1", answer_1)``. The answer key of a lesson (``datasets/answer-keys/NN-slug.json``)
is generated from the solution notebook by ``python -m claimlab make-exercises``: it holds
salted hashes of the normalised accepted answers (and of known wrong answers, each mapped to
feedback that explains the misconception), the hints, and a checklist for open questions. It
never holds an answer in plain text, so nothing an exercise can open reveals the solution.

Answers are matched by variable *name*, never by cell position, so learners may copy, split,
reorder or delete cells. Checking never raises: odd input gets feedback in words.
"""

from __future__ import annotations

import hashlib
import inspect
import json
import functools
import math
import os
import re
import unicodedata
from pathlib import Path

from claimlab.answer_key import ANOTHER_LOOK, CORRECT, NOT_YET, WRITTEN, AnswerKey  # noqa: F401  (re-exported)
from claimlab.feedback import NOT_ANSWERED, Feedback  # noqa: F401  (re-exported)
from claimlab.paths import answer_keys_dir

KEYS_FOLDER = "answer-keys"
LOADED, MISSING = "answer key loaded", "no answer key"
MOST_ITEMS = 200  # a several-item answer longer than this is a mistake (a whole column, say)
LONGEST_SHORT_ANSWER = 500  # characters; longer text for a short-answer question gets feedback, not a match
UNCERTAINTY_WORDS = (
    "may", "might", "could", "uncertain", "uncertainty", "unclear", "unknown", "not known",
    "suggest", "suggests", "possibly", "perhaps", "likely", "unlikely", "limited", "low certainty",
    "very low", "confidence", "imprecise", "bias", "weak", "not sure", "can't tell", "cannot tell",
)  # fmt: skip

# Every sentence the kit itself says, in one place so a translator can change them all.
# Feedback written for a question (hints, wrong-answer feedback) lives in the solution notebook.
MESSAGES = {
    "correct": "Correct.",
    "not_answered": "Not answered yet.",
    "not_answered_how": "Replace the ... in `{variable} = ...` with your answer, run that cell, then run this check again.",
    "not_quite": "Not quite.",
    "unknown_answer": "{shown} is not the answer this question is looking for.",
    "close_spelling": "{shown} is very close to an answer this question accepts: check the spelling.",
    "choices": "This question takes one of these words: {choices}.",
    "hint": "Hint ({n} of {total}): {hint}",
    "no_hint": "Re-read the question and the section above it, then try again.",
    "table": "You gave a whole table ({kind}). Pick out the value the question asks for, for example with .loc[...].",
    "odd_kind": "You gave {kind}; this question wants {wanted}.",
    "too_long": "That answer is very long ({length} characters); this question wants {wanted}.",
    "too_many": "You gave {count} items; this question wants {wanted}.",
    "one_wanted": "This question wants one answer; you gave {count}.",
    "number_wanted": "This question wants a number, such as 12 or 0.25; {shown} is not one.",
    "set_score": "You have {found} of the {total} right",
    "set_all_but_extra": "All {total} that belong are there, but {extra} more {verb} not belong",
    "set_extra": "{shown} does not belong here.",
    "set_missing": "{count} more {noun} here.",
    "order": "You have the right items, but not in the right order.",
    "unknown_question": "There is no question {shown} in this lesson's answer key. The questions are: {known}.",
    "no_key": "No answer key is loaded: run the cell near the top with use_answer_key(...), then this one.",
    "key_missing": "No answer key named {shown} was found. Ask your teacher, or run `python -m claimlab make-exercises`.",
    "key_loaded": "Answer key for {lesson} loaded: {count} questions ({ids}). Check an answer with check(\"{first}\", {variable}).",
    "which_question": "Say which question this answers, for example check(\"{first}\", {variable}).",
    "broken": "This answer could not be checked ({error}). Check that it is {wanted}.",
    "open_heading": "Self-check for {variable} ({words} words). This is a checklist, not a grade:",
    "open_long_enough": "[x] Long enough: {words} words (aim for at least {minimum}).",
    "open_too_short": "[ ] Too short: {words} words; aim for at least {minimum}. Say what the evidence shows and how sure we can be.",
    "open_uncertain": "[x] Says how sure we can be (you used: {found}).",
    "open_not_uncertain": "[ ] Does not yet say how sure we can be: words such as 'may', 'uncertain' or 'low certainty' would show it.",
    "open_item": "[ ] {item}",
    "open_end": "Tick each item yourself; then compare with the worked example in the solutions notebook of the same number and name (solutions/ in the kit), once you have written yours.",
    "summary_heading": "Your answers so far ({lesson}):",
    "summary_line": "  {qid} ({variable}): {status}",
    "summary_total": "{total} questions: {correct} answered correctly, {written} written, {not_yet} not answered yet, {another} need another look.",
}


CheckResult = Feedback  # the checker's old name for its results, kept for code written before claimlab.feedback


def _result(question: str, status: str, message: str) -> Feedback:
    """A checked answer: right exactly when its status is CORRECT."""
    return Feedback(status == CORRECT, message, question, status)


# --- normalising and hashing ------------------------------------------------------------------


def normalise_answer(value: object, decimals: int | None = None) -> str:
    """An answer in the form that is hashed: numbers as numbers, text in lower case without punctuation."""
    number = read_number(value)
    if number is not None:
        if decimals is None:
            return f"{number + 0.0:.9g}"  # + 0.0 turns -0.0 into 0.0
        return f"{round(number, decimals) + 0.0:.{decimals}f}"
    if isinstance(value, bool):
        return str(value).lower()
    text = unicodedata.normalize("NFKC", str(value)).casefold()
    text = re.sub(r"['\u2019`]", "", text)  # can't -> cant
    text = re.sub(r"(?<!\d)\.|\.(?!\d)", " ", text)  # full stops, but not decimal points
    text = re.sub(r"[^\w.]+|_", " ", text)
    return " ".join(text.split())


def normalise_exact(value: object) -> str:
    """An answer whose punctuation matters (a file name): only case, spaces and quotes are forgiven."""
    text = unicodedata.normalize("NFKC", str(value)).casefold().strip().strip("'\"`").strip()
    return " ".join(text.split())


def vocabulary_choices(vocabulary: object) -> list[str]:
    """The terms of one of the kit's vocabularies (design, claim_type, ...), or [] when unknown."""
    if not isinstance(vocabulary, str) or not vocabulary:
        return []
    from claimlab.synonyms import vocabulary_terms

    return sorted(term for name, term in vocabulary_terms() if name == vocabulary)


def spelling_variants(text: str, limit: int = 60) -> set[str]:
    """Every text one typing slip away (a letter dropped, added, changed or two swapped)."""
    if not text or len(text) > limit:
        return set()
    letters = "abcdefghijklmnopqrstuvwxyz0123456789 "
    splits = [(text[:i], text[i:]) for i in range(len(text) + 1)]
    dropped = {a + b[1:] for a, b in splits if b}
    swapped = {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    changed = {a + c + b[1:] for a, b in splits if b for c in letters}
    added = {a + c + b for a, b in splits for c in letters}
    return (dropped | swapped | changed | added) - {text}


def read_number(value: object) -> float | None:
    """The number in a value (12, 0.25, "0.25", "1,000", "50%"), or None if it is not one."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)) or type(value).__name__.startswith(("int", "float")):
        try:
            number = float(value)  # type: ignore[arg-type]
        except (TypeError, ValueError, OverflowError):
            return None
        return number if math.isfinite(number) else None
    if not isinstance(value, str) or len(value) > 40:
        return None
    text = value.strip().rstrip("%").strip().replace("\u2212", "-")
    if re.fullmatch(r"[-+]?\d{1,3}(,\d{3})+(\.\d+)?", text):
        text = text.replace(",", "")
    elif re.fullmatch(r"[-+]?\d+,\d+", text):
        text = text.replace(",", ".")  # a decimal comma
    if not re.fullmatch(r"[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?", text):
        return None
    number = float(text)
    return number if math.isfinite(number) else None


def hash_answer(salt: str, question: str, normalised: str) -> str:
    """The salted hash under which an accepted (or known wrong) answer is stored."""
    return hashlib.sha256(f"{salt}|{question}|{normalised}".encode()).hexdigest()[:32]


# --- grading -------------------------------------------------------------------------------------


def grade_answer(key: AnswerKey, question: str, value: object, attempt: int = 1) -> Feedback:
    """Feedback on one answer to one question of a key; never raises."""
    qid = key.question_for(question) if isinstance(question, str) else None
    if qid is None:
        known = ", ".join(key.questions) or "none"
        return _result(str(question), ANOTHER_LOOK,
                           MESSAGES["unknown_question"].format(shown=_show(question), known=known))
    spec = key.questions[qid]
    try:
        return _grade(key, qid, spec, value, attempt)
    except Exception as error:  # a safety net: feedback, never a traceback
        wanted = _wanted(spec)
        return _result(qid, ANOTHER_LOOK, f"{qid}: " + MESSAGES["broken"].format(error=type(error).__name__, wanted=wanted))


def is_placeholder(value: object) -> bool:
    """True for an answer not given yet: ..., None, empty text or an empty collection."""
    if value is ... or value is None:
        return True
    if isinstance(value, str):
        return value.strip() in ("", "...", "\u2026")
    if isinstance(value, float):
        return math.isnan(value)
    if isinstance(value, (list, tuple, set, frozenset, dict)):
        return len(value) == 0 or all(item is ... for item in value)
    return False


def open_answer_checklist(spec: dict, text: object, variable: str = "your answer") -> Feedback:
    """A self-assessment checklist for a written answer: length, words of uncertainty, rubric items."""
    qid = spec.get("id", variable)
    if is_placeholder(text):
        how = MESSAGES["not_answered_how"].format(variable=spec.get("variable", variable))
        return _result(qid, NOT_YET, f"{qid}: {MESSAGES['not_answered']} {how}")
    if not isinstance(text, str):
        return _result(qid, ANOTHER_LOOK, f"{qid}: " + MESSAGES["odd_kind"].format(
            kind=_kind(text), wanted="your answer as text, between triple quotes \"\"\" ... \"\"\""))
    words = len(re.findall(r"\w+", text))
    minimum = int(spec.get("min_words", 50))
    lowered = " " + " ".join(re.findall(r"[\w']+", text.casefold())) + " "
    found = [w for w in UNCERTAINTY_WORDS if f" {w} " in lowered]
    lines = [MESSAGES["open_heading"].format(variable=spec.get("variable", variable), words=words)]
    lines.append(MESSAGES["open_long_enough" if words >= minimum else "open_too_short"].format(words=words, minimum=minimum))
    lines.append(MESSAGES["open_uncertain"].format(found=", ".join(found[:5])) if found else MESSAGES["open_not_uncertain"])
    lines += [MESSAGES["open_item"].format(item=item) for item in spec.get("rubric", [])]
    lines.append(MESSAGES["open_end"])
    return _result(qid, WRITTEN, f"{qid}: " + "\n".join(lines))


def summarise_answers(key: AnswerKey, namespace: dict) -> tuple[list[Feedback], str]:
    """The status of every question of a key, looking answers up by variable name, and a summary."""
    results = []
    for qid, spec in key.questions.items():
        value = namespace.get(spec.get("variable", qid), ...)
        if spec.get("kind") == "open":
            results.append(open_answer_checklist({**spec, "id": qid}, value))
        else:
            results.append(grade_answer(key, qid, value))
    counts = {s: sum(r.status == s for r in results) for s in (CORRECT, WRITTEN, NOT_YET, ANOTHER_LOOK)}
    lines = [MESSAGES["summary_heading"].format(lesson=key.lesson)]
    lines += [MESSAGES["summary_line"].format(qid=r.question, variable=key.questions[r.question].get("variable", r.question),
                                              status=r.status) for r in results]
    lines.append(MESSAGES["summary_total"].format(total=len(results), correct=counts[CORRECT], written=counts[WRITTEN],
                                                  not_yet=counts[NOT_YET], another=counts[ANOTHER_LOOK]))
    return results, "\n".join(lines)


# --- what a notebook calls -------------------------------------------------------------------------

_state: dict = {"key": None, "tries": {}}


def _never_raises(function):
    """Whatever a learner passes, a notebook function answers in words, never with a traceback."""

    @functools.wraps(function)
    def safely(*args, **kwargs):
        try:
            return function(*args, **kwargs)
        except Exception as error:
            return _result("", ANOTHER_LOOK, MESSAGES["broken"].format(
                error=type(error).__name__, wanted="what the question asks for"))

    return safely


def read_answer_key(path: str | Path) -> AnswerKey:
    """Read an answer key file (datasets/answer-keys/NN-slug.json)."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    return AnswerKey(lesson=data["lesson"], salt=data["salt"], questions=data["questions"])


def find_answer_key(lesson: str) -> Path | None:
    """The key file of a lesson: a .json path (from the working folder, then the notebook's), else by lesson name."""
    name = lesson if lesson.endswith(".json") else f"{Path(lesson).stem}.json"
    candidates = [Path(lesson)] if lesson.endswith(".json") else []
    notebook = os.environ.get("JPY_SESSION_NAME", "")  # Jupyter Server sets it to the notebook's path
    if candidates and notebook and not Path(lesson).is_absolute():
        candidates.append(Path(notebook).parent / lesson)  # a key path written relative to the notebook
    if candidates:  # a path names one key: never fall back to the kit's key of the same name
        return next((path for path in candidates if path.is_file()), None)
    candidates += [Path.cwd().parent / "datasets" / KEYS_FOLDER / name, Path.cwd() / "datasets" / KEYS_FOLDER / name,
                   answer_keys_dir() / name]
    return next((path for path in candidates if path.is_file()), None)


@_never_raises
def use_answer_key(lesson: str) -> Feedback:
    """Load a lesson's answer key (e.g. "02-what-kind-of-study") so check() and check_all() can use it."""
    path = find_answer_key(str(lesson)) if isinstance(lesson, (str, Path)) else None
    if path is None:
        return _result("", MISSING, MESSAGES["key_missing"].format(shown=_show(lesson)))
    try:
        key = read_answer_key(path)
    except (OSError, ValueError, KeyError) as error:
        return _result("", MISSING, MESSAGES["key_missing"].format(shown=_show(lesson)) + f" ({error})")
    _state["key"], _state["tries"] = key, {}
    first = next(iter(key.questions), "q1")
    variable = key.questions.get(first, {}).get("variable", "answer_1")
    return _result("", LOADED, MESSAGES["key_loaded"].format(
        lesson=key.lesson, count=len(key.questions), ids=", ".join(key.questions), first=first, variable=variable))


@_never_raises
def check(name_or_value: object, answer: object = ..., *, key: AnswerKey | None = None) -> Feedback:
    """Feedback on an answer: check("q1", answer_1), or check("q1") to look answer_1 up by name."""
    key = key or _state["key"]
    if key is None:
        return _result("", ANOTHER_LOOK, MESSAGES["no_key"])
    namespace = _caller_namespace()
    qid = key.question_for(name_or_value) if isinstance(name_or_value, str) else None
    if qid is None:
        if isinstance(name_or_value, str) and answer is not ...:  # check("q9", x): no such question
            return grade_answer(key, name_or_value, answer)
        found = [q for q, s in key.questions.items() if name_or_value is not ...
                 and s.get("variable") in namespace and namespace[s["variable"]] is name_or_value]
        if len(found) != 1:
            first = next(iter(key.questions), "q1")
            return _result("", ANOTHER_LOOK, MESSAGES["which_question"].format(
                first=first, variable=key.questions.get(first, {}).get("variable", "answer_1")))
        qid, answer = found[0], name_or_value
    spec = key.questions[qid]
    if answer is ...:  # check("q1"): look the answer up by its variable's name
        answer = namespace.get(spec.get("variable", qid), ...)
    if spec.get("kind") == "open":
        return open_answer_checklist({**spec, "id": qid}, answer)
    tries = _state["tries"].setdefault(qid, set())
    result = grade_answer(key, qid, answer, attempt=len(tries) + 1)
    if result.status == ANOTHER_LOOK and is_a_try(spec, answer):
        tries.add(_safe_repr(answer))
    return result


def is_a_try(spec: dict, answer: object) -> bool:
    """True when an answer was of a kind the question can check, so it counts towards the hints.

    A dict, a whole table or an over-long text gets feedback on its form; it is not a try at
    the question, so it does not use up a hint.
    """
    if is_placeholder(answer):
        return False
    _, problem = _as_items(answer, spec.get("kind", "one"), spec)
    return problem is None


@_never_raises
def check_open(answer_text: object, rubric_id: str, *, key: AnswerKey | None = None) -> Feedback:
    """A self-assessment checklist for a written answer, from the lesson's rubric."""
    key = key or _state["key"]
    if key is None:
        return _result("", ANOTHER_LOOK, MESSAGES["no_key"])
    qid = key.question_for(rubric_id) if isinstance(rubric_id, str) else None
    if qid is None:
        return grade_answer(key, rubric_id, answer_text)
    return open_answer_checklist({**key.questions[qid], "id": qid}, answer_text)


@_never_raises
def check_all(namespace: dict | None = None, *, key: AnswerKey | None = None, save_progress: bool = False,
              learner: str | None = None) -> Feedback:
    """A summary of every question; with save_progress=True, also a progress record without answers (claimlab.progress)."""
    key = key or _state["key"]
    if key is None:
        return _result("", ANOTHER_LOOK, MESSAGES["no_key"])
    if not isinstance(namespace, dict):
        namespace = _caller_namespace()
    results, text = summarise_answers(key, namespace)
    status = CORRECT if all(r.status in (CORRECT, WRITTEN) for r in results) else ANOTHER_LOOK
    if save_progress:
        from claimlab.progress import save_progress as save

        text += "\n" + save(key, results, learner)
    return _result("", status, text)


# --- the grading itself ----------------------------------------------------------------------------


def _grade(key: AnswerKey, qid: str, spec: dict, value: object, attempt: int) -> Feedback:
    variable = spec.get("variable", qid)
    kind = spec.get("kind", "one")
    if kind == "open":
        return open_answer_checklist({**spec, "id": qid}, value)
    if is_placeholder(value):
        how = MESSAGES["not_answered_how"].format(variable=variable)
        return _result(qid, NOT_YET, f"{qid}: {MESSAGES['not_answered']} {how}")
    items, problem = _as_items(value, kind, spec)
    if problem:
        return _result(qid, ANOTHER_LOOK, f"{qid}: {problem}")
    decimals = spec.get("decimals")
    normal = (lambda item: normalise_exact(item)) if spec.get("exact") else (lambda item: normalise_answer(item, decimals))
    hashes = [hash_answer(key.salt, qid, normal(item)) for item in items]
    slots: list[list[str]] = spec.get("accept", [])
    feedback = spec.get("wrong_feedback", [])
    wrong = {h: feedback[n] for h, n in spec.get("wrong", {}).items() if isinstance(n, int) and n < len(feedback)}

    def unknown(item: object, candidates: list[str]) -> str:
        """Why an answer that is neither accepted nor a known wrong one does not fit."""
        if isinstance(item, str) and spec.get("answer_type") != "number":
            near = {hash_answer(key.salt, qid, v) for v in spelling_variants(normal(item))}
            if near & set(candidates):
                return MESSAGES["close_spelling"].format(shown=_show(item))
        said = MESSAGES["unknown_answer"].format(shown=_show(item))
        choices = vocabulary_choices(spec.get("choices_from"))
        if choices:
            said += " " + MESSAGES["choices"].format(choices=", ".join(choices))
        return said

    if kind == "one":
        if hashes[0] in slots[0]:
            return _right(qid, spec)
        said = wrong.get(hashes[0]) or unknown(items[0], slots[0])
        return _wrong(qid, spec, [said], attempt)
    matched = [next((n for n, slot in enumerate(slots) if h in slot), None) for h in hashes]
    found = sorted({m for m in matched if m is not None})
    extra = [(item, h) for item, h, m in zip(items, hashes, matched) if m is None]
    missing = len(slots) - len(found)
    if not extra and not missing:
        in_order = [m for m in matched if m is not None]
        if spec.get("in_order") and in_order != sorted(in_order):
            return _wrong(qid, spec, [MESSAGES["order"]], attempt)
        return _right(qid, spec)
    if not missing:
        said = [MESSAGES["set_all_but_extra"].format(total=len(slots), extra=len(extra),
                                                     verb="does" if len(extra) == 1 else "do") + "."]
    else:
        said = [MESSAGES["set_score"].format(found=len(found), total=len(slots)) + "."]
    everything = [h for slot in slots for h in slot]
    for item, h in extra:
        close = MESSAGES["close_spelling"].format(shown=_show(item))
        if h in wrong:
            said.append(f"{_show(item)}: {wrong[h]}")
        else:  # a near-miss of any item gets the spelling note; anything else simply does not belong
            said.append(close if unknown(item, everything) == close else MESSAGES["set_extra"].format(shown=_show(item)))
    if missing:
        said.append(MESSAGES["set_missing"].format(count=missing, noun="item belongs" if missing == 1 else "items belong"))
    return _wrong(qid, spec, said, attempt)


RIGHT_OPENERS = re.compile(r"^\s*(correct|yes|right|exactly)\b[\s.,:;!-]*", re.I)
WRONG_OPENERS = re.compile(r"^\s*(not quite|incorrect|wrong)\b[\s.,:;!-]*", re.I)


def without_opener(text: str, opener: re.Pattern) -> str:
    """Author feedback without a verdict word the checker already says ("Correct. Yes, ..." -> "Correct. ...")."""
    rest = opener.sub("", text, count=1)
    return rest[:1].upper() + rest[1:] if rest and rest != text else text


def _right(qid: str, spec: dict) -> Feedback:
    why = without_opener(spec.get("why", ""), RIGHT_OPENERS)
    return _result(qid, CORRECT, " ".join(p for p in (f"{qid}: {MESSAGES['correct']}", why) if p))


def _wrong(qid: str, spec: dict, said: list[str], attempt: int) -> Feedback:
    hints = spec.get("hints", [])
    said = [without_opener(point, WRONG_OPENERS) for point in said]
    lines = [f"{qid}: {MESSAGES['not_quite']} {said[0]}"] + [f"- {point}" for point in said[1:]]
    if hints:
        n = min(max(attempt, 1), len(hints))
        lines.append(MESSAGES["hint"].format(n=n, total=len(hints), hint=hints[n - 1]))
    else:
        lines.append(MESSAGES["no_hint"])
    return _result(qid, ANOTHER_LOOK, "\n".join(lines))


def _as_items(value: object, kind: str, spec: dict) -> tuple[list, str | None]:
    """The learner's answer as a list of simple values, or a problem in words."""
    wanted = _wanted(spec)
    name = type(value).__name__
    if name == "DataFrame":
        return [], MESSAGES["table"].format(kind="a DataFrame")
    if name in ("Series", "Index", "ndarray") and hasattr(value, "tolist"):
        value = value.tolist()
    if isinstance(value, dict):
        return [], MESSAGES["odd_kind"].format(kind=_kind(value), wanted=wanted)
    if isinstance(value, str) and len(value) > LONGEST_SHORT_ANSWER:
        return [], MESSAGES["too_long"].format(length=len(value), wanted=wanted)
    if kind == "one":
        if isinstance(value, (list, tuple, set, frozenset)):
            if len(value) != 1:
                return [], MESSAGES["one_wanted"].format(count=len(value))
            value = next(iter(value))
        if not _simple(value):
            return [], MESSAGES["odd_kind"].format(kind=_kind(value), wanted=wanted)
        if spec.get("answer_type") == "number" and read_number(value) is None:
            return [], MESSAGES["number_wanted"].format(shown=_show(value))
        return [value], None
    if isinstance(value, str):
        parts = [p for p in re.split(r"[;\n]", value) if p.strip()]
        if len(parts) <= 1:
            parts = [p for p in value.split(",") if p.strip()]
        if len(parts) <= 1 or re.search(r"\s(and|&)\s", parts[-1]):  # "B and E", "A, C and D"
            short = [p for p in re.split(r"\s*,\s*|\s+and\s+|\s*&\s*", value) if p.strip()]
            if len(short) > 1 and all(len(p.split()) <= 3 for p in short):
                parts = short
        value = parts
    elif _simple(value):
        value = [value]
    if not isinstance(value, (list, tuple, set, frozenset)):
        return [], MESSAGES["odd_kind"].format(kind=_kind(value), wanted=wanted)
    items = list(value)
    if len(items) > MOST_ITEMS:
        return [], MESSAGES["too_many"].format(count=len(items), wanted=wanted)
    odd = next((item for item in items if not _simple(item) or (isinstance(item, str) and len(item) > LONGEST_SHORT_ANSWER)), None)
    if odd is not None:
        return [], MESSAGES["odd_kind"].format(kind="a collection holding " + _kind(odd), wanted=wanted)
    return items, None


def _wanted(spec: dict) -> str:
    kind = spec.get("kind", "one")
    if kind == "open":
        return "your answer as text"
    if kind in ("set", "sequence"):
        how = "in order" if spec.get("in_order") else "in any order"
        return f"several answers {how}, as a list such as [\"a\", \"b\"]"
    return "a number" if spec.get("answer_type") == "number" else "one short answer, as text in quotes"


def _simple(value: object) -> bool:
    return isinstance(value, (str, int, float, bool)) or read_number(value) is not None


def _kind(value: object) -> str:
    name = type(value).__name__
    return f"an {name}" if name[:1].lower() in "aeiou" else f"a {name}"


def _show(value: object, limit: int = 60) -> str:
    text = f"'{value}'" if isinstance(value, str) else _safe_repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


def _safe_repr(value: object) -> str:
    try:
        return repr(value)[:200]
    except Exception:
        return f"<{type(value).__name__}>"


def _caller_namespace() -> dict:
    """The globals of the code that called check() (the notebook's namespace)."""
    frame = inspect.currentframe()
    here = frame.f_globals if frame else {}
    while frame is not None and frame.f_globals is here:
        frame = frame.f_back
    return frame.f_globals if frame is not None else {}

