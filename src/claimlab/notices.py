"""What a lesson shows when a case has nothing recorded yet: a short notice instead of an error.

A case made with ``new-case`` starts with empty tables. The lesson helpers (in ``claimlab.claims``,
``claimlab.studies``, ``claimlab.verdict`` and others) then return a ``Notice``, or a table that
shows one first, saying which file to fill in; the cells after it still run.
"""

from __future__ import annotations

import html
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

import pandas as pd

from claimlab.wording import listing

# What each case table holds, in the words of a "nothing recorded yet" message.
TABLE_CONTENTS = {
    "claims.csv": "claims",
    "studies.csv": "studies",
    "regulatory-positions.csv": "regulatory positions",
    "legal-status.csv": "legal status",
    "comparators.csv": "established treatments",
    "rubric-appraisal.csv": "rubric appraisal",
}
DRAFT_HINT = "the claims you mark in the article's draft, claims-draft.csv, are a start"


def nothing_recorded(*files: str) -> str:
    """'No claims recorded yet for this case: add rows to claims.csv (see the case README) ...'."""
    kinds = [TABLE_CONTENTS.get(f, f) for f in files]
    text = (f"No {listing(kinds, 'or')} recorded yet for this case: add rows to {listing(files, 'and')} "
            "(see the case README)")
    if "claims.csv" in files:
        text += f" — {DRAFT_HINT}"
    return text + "."


NO_CLAIMS = nothing_recorded("claims.csv")


@dataclass(frozen=True)
class Notice(Mapping):
    """What a lesson helper gives instead of a table, a row or a quiz when there is nothing to show yet.

    It shows as a short message (what is missing and how to add it). Like a missing value in
    pandas it passes through: ``notice["design"]`` or ``notice[0]`` is the same notice, helpers
    given a notice return it, and ``**notice`` unpacks to nothing, so the cells after it run and
    repeat the message instead of failing.
    """

    message: str

    def __str__(self) -> str:
        return self.message

    def __repr__(self) -> str:
        return self.message

    def _repr_markdown_(self) -> str:
        return f"*{self.message}*"

    def __getitem__(self, key: object) -> Notice:
        return self

    def __iter__(self) -> Iterator[str]:
        return iter(())

    def __len__(self) -> int:
        return 0

    def __contains__(self, key: object) -> bool:
        return False


class NoticeTable(pd.DataFrame):
    """A table (empty, or all zeros) that, when shown, starts with a notice of what is missing.

    Tables derived from it (a query, some columns, ``.T``) keep the notice; it is shown only
    while the table is empty or was made with ``table_with_notice(..., always=True)``.
    """

    _metadata = ["notice", "notice_always"]

    @property
    def _constructor(self) -> type[NoticeTable]:
        return NoticeTable

    def _showing_notice(self) -> bool:
        return bool(getattr(self, "notice", "")) and (self.empty or bool(getattr(self, "notice_always", False)))

    def _repr_html_(self) -> str | None:
        if not self._showing_notice():
            return super()._repr_html_()
        notice = f"<p><em>{html.escape(self.notice)}</em></p>"
        return notice if self.empty else notice + (super()._repr_html_() or "")

    def __repr__(self) -> str:
        if not self._showing_notice():
            return super().__repr__()
        return self.notice if self.empty else f"{self.notice}\n\n{super().__repr__()}"


def table_with_notice(table: pd.DataFrame, message: str, always: bool = False) -> NoticeTable:
    """The same table, shown with a message first: when it is empty, or (always=True) even when it has rows."""
    shown = NoticeTable(table)
    shown.notice = message
    shown.notice_always = always
    return shown
