"""The kit's input errors: a file, a table or an answer it cannot use, said as a message and a fix.

Every error the kit raises because of its *input* (not a bug in the kit) derives from
``KitInputError``, or is a ``claimlab.files.WriteError``. Its message names the file, the line and
the field where it can, and says how to fix the problem. In a notebook (after
``claimlab.setup()``) such an error is shown as that message alone, without the Python stack,
which would only hide it; any other error still shows its traceback, with a plain-language hint.

- ``ClaimLabInputError``: an article or a reference table (cue lists) the scanner cannot use;
- ``Problem`` and ``CaseDataError``: what is wrong in a case's data files, every problem at once;
- the other modules' own kinds (``NewCaseError``, ``ExerciseSourceError``) derive from ``KitInputError``.
"""

from __future__ import annotations

from dataclasses import dataclass


class KitInputError(ValueError):
    """Input the kit cannot use (a file, a table, a learner's answer); the message says where and how to fix it."""


class ClaimLabInputError(KitInputError):
    """An article or reference file the kit cannot use; the message says which file and how to fix it."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a data file, said so that a person can fix it."""

    file: str
    line: int | None
    column: str | None
    message: str
    fix: str

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f", line {self.line}"
        if self.column:
            where += f", column '{self.column}'"
        return f"{where}: {self.message}. Fix: {self.fix}"


class CaseDataError(KitInputError):
    """A data file that cannot be used; its message lists every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        count = len(problems)
        lines = "\n".join(f"  - {problem}" for problem in problems)
        super().__init__(f"{count} problem{'s' if count != 1 else ''} found:\n{lines}")


def is_input_error(error: BaseException) -> bool:
    """True for the kit's own input errors (shown as message and fix, no stack), False for anything else."""
    from claimlab.files import WriteError

    return isinstance(error, (KitInputError, WriteError))


def input_error_text(error: BaseException) -> str:
    """What a notebook shows for one of the kit's input errors: the message and the fix, no stack."""
    message = getattr(error, "strerror", None) or str(error)  # a WriteError keeps its message in strerror
    return f"The kit could not use this input.\n{message}"
