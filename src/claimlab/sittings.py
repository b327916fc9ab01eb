"""Which sittings of the assessment this kernel has handed in: explanations wait for the "after" one."""

from __future__ import annotations

SITTINGS = ("before", "after")
HANDED_IN: dict[str, dict] = {}  # the sittings handed in during this kernel's life


def revealed() -> bool:
    """True once the after-lessons sitting has been handed in (in this kernel): explanations may be shown."""
    return "after" in HANDED_IN
