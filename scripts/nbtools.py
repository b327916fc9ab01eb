"""Maintenance tools for the kit's notebooks (never imported by lessons).

    python scripts/nbtools.py execute NOTEBOOK...   # run, store outputs and counts, tidy metadata
    python scripts/nbtools.py tidy NOTEBOOK...      # tidy metadata only
    python scripts/nbtools.py set-case NAME NOTEBOOK...  # point copies of lessons at another case

Lessons and solutions are stored executed, so strict nbval compares what a learner will see
with what the notebook shows now. Execution counts are kept (nbval needs them); editor
metadata is dropped and every notebook names the same kernel.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import nbformat

KERNELSPEC = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
KEEP_CELL_METADATA = {"tags"}


def tidy(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """One kernelspec everywhere, no editor metadata, cell ids kept (and made unique where missing)."""
    generated = nb.metadata.get("claimlab")  # exercises: the hash make-exercises uses to spot learner edits
    nb.metadata = nbformat.NotebookNode(
        kernelspec=KERNELSPEC,
        language_info={"name": "python"},
    )
    if generated:
        nb.metadata["claimlab"] = generated
    seen: set[str] = set()
    for index, cell in enumerate(nb.cells):
        cell.metadata = nbformat.NotebookNode({k: v for k, v in cell.metadata.items() if k in KEEP_CELL_METADATA})
        if not cell.get("id") or cell.id in seen:  # keep ids: exercises copy them from their solutions
            cell.id = f"cell-{index:03d}"
        seen.add(cell.id)
    return nb


def execute(path: Path) -> None:
    """Run a notebook from its own folder and store its outputs."""
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}).execute()
    nbformat.write(tidy(nb), path)


CASE_LINE = re.compile(r'^CASE = "[a-z0-9-]+"', re.M)


def set_case(path: Path, case: str) -> None:
    """Point a lesson at another case: rewrite its `CASE = "..."` line (use it on copies, not on notebooks/)."""
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code" and CASE_LINE.search(cell.source):
            cell.source = CASE_LINE.sub(f'CASE = "{case}"', cell.source, count=1)
            break
    else:
        raise SystemExit(f"{path}: no line `CASE = \"...\"` to change")
    nbformat.write(nb, path)


def main(argv: list[str]) -> None:
    if argv and argv[0] == "set-case":
        if len(argv) < 3 or not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", argv[1]):
            raise SystemExit("usage: python scripts/nbtools.py set-case CASE-NAME NOTEBOOK...")
        for path in argv[2:]:
            set_case(Path(path), argv[1])
            print(f"set-case {argv[1]}: {path}")
        return
    verb, paths = argv[0], [Path(p) for p in argv[1:]]
    for path in paths:
        if verb == "execute":
            execute(path)
        elif verb == "tidy":
            nbformat.write(tidy(nbformat.read(path, as_version=4)), path)
        else:
            raise SystemExit(f"unknown verb {verb}")
        print(f"{verb}: {path}")


if __name__ == "__main__":
    main(sys.argv[1:])
