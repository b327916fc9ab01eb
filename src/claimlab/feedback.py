"""What checking an answer gives back: right or not, and a message that says why.

One type serves the quiz widgets (``claimlab.quizzes``), the pre/post test
(``claimlab.assessment``) and the exercise checker (``claimlab.answers``, which also records the
question and a status such as "not answered yet"). In a notebook a result shows as its message.
"""

from __future__ import annotations

from dataclasses import dataclass

# The status of a question nobody has answered, and the start of what a check says then.
NOT_ANSWERED = "not answered yet"


@dataclass(frozen=True)
class Feedback:
    """The result of checking an answer: right or not, why, and (from the checker) its question and status."""

    correct: bool
    message: str
    question: str = ""
    status: str = ""

    def __str__(self) -> str:
        return self.message

    def __repr__(self) -> str:  # what a notebook shows when a check ends a cell
        return self.message
