"""Rewrite the README's lesson table from lessons.yml (run after editing lessons.yml).

    .venv/bin/python scripts/update_readme.py
"""

from __future__ import annotations

import re

from claimlab.lessons import lesson_table_markdown
from claimlab.paths import REPO

START = "<!-- lesson-table: made from lessons.yml; tests/test_layout.py fails when it drifts -->"
END = "<!-- end lesson-table -->"


def main() -> None:
    readme = REPO / "README.md"
    text = readme.read_text(encoding="utf-8")
    pattern = re.compile(re.escape(START) + r".*?" + re.escape(END), re.S)
    readme.write_text(pattern.sub(f"{START}\n{lesson_table_markdown()}\n{END}", text), encoding="utf-8")
    print("README lesson table updated")


if __name__ == "__main__":
    main()
