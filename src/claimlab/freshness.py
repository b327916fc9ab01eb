"""How fresh a case's evidence is: which regulatory positions have not been checked for a year.

Positions change month by month, so each row of ``regulatory-positions.csv`` records when it
was last checked against its source (``checked_on``). ``check-case`` prints these warnings
after its problems; a warning does not make a case invalid.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

MAX_AGE_DAYS = 365


def stale_positions(positions: pd.DataFrame, today: date | None = None,
                    max_age_days: int = MAX_AGE_DAYS) -> list[str]:
    """One warning per position whose last check is older than max_age_days, or not recorded."""
    today = today or date.today()
    if positions.empty or "position_id" not in positions:
        return []
    checked = positions["checked_on"] if "checked_on" in positions else pd.Series([pd.NaT] * len(positions))
    warnings = []
    for position_id, when in zip(positions["position_id"], pd.to_datetime(checked, errors="coerce")):
        if pd.isna(when):
            warnings.append(f"{position_id}: no checked_on date; re-check it against its source and record the date")
            continue
        age = (today - when.date()).days
        if age > max_age_days:
            warnings.append(f"{position_id}: last checked {when.date().isoformat()}, {age} days ago; "
                            "re-check it against its source (see the case README, 'How to re-check this case')")
    return warnings
