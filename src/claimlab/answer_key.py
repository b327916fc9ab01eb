"""A lesson's answer key, and the statuses a checked answer can have.

The checker (``claimlab.answers``) reads keys and grades answers; the progress record
(``claimlab.progress``) only needs to know a key's questions and what each status means, so both
take these from here.
"""

from __future__ import annotations

from dataclasses import dataclass

from claimlab.feedback import NOT_ANSWERED

CORRECT, NOT_YET, ANOTHER_LOOK, WRITTEN = "answered correctly", NOT_ANSWERED, "needs another look", "written"


@dataclass(frozen=True)
class AnswerKey:
    """A lesson's answer key as read from its JSON file."""

    lesson: str
    salt: str
    questions: dict

    def question_for(self, name: str) -> str | None:
        """The question id for an id or an answer variable's name, or None."""
        if name in self.questions:
            return name
        return next((qid for qid, q in self.questions.items() if q.get("variable") == name), None)
