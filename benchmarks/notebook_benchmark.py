"""Time to execute each notebook, against the floor of a kernel that only imports the stack.

    .venv/bin/python benchmarks/notebook_benchmark.py [NOTEBOOK ...]

Runs each notebook in a fresh kernel (as nbval does) and prints seconds per notebook. The
floors are an empty notebook (kernel start only) and one that imports pandas, Altair,
ipywidgets and claimlab and calls claimlab.setup(). Also prints the cost of importing Altair
with and without the rfc3987_syntax grammar (see README.md).
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

REPO = Path(__file__).resolve().parents[1]


def run_notebook(nb: nbformat.NotebookNode, folder: Path) -> float:
    start = time.perf_counter()
    NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(folder)}}).execute()
    return time.perf_counter() - start


def floor(source: str) -> float:
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(source)] if source else [])
    return run_notebook(nb, REPO / "notebooks")


def import_time(code: str, env: dict | None = None) -> float:
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True, env=env)
        best = min(best, time.perf_counter() - start)
    return best


def main(paths: list[str]) -> None:
    import os

    notebooks = [Path(p).resolve() for p in paths] or sorted(
        p for folder in ("notebooks", "solutions", "exercises") for p in (REPO / folder).glob("*.ipynb"))
    print(f"floor: empty kernel                         {floor(''):6.2f} s")
    print(f"floor: kernel importing the stack + setup() {floor('import claimlab, pandas, altair, ipywidgets; claimlab.setup()'):6.2f} s")
    env = dict(os.environ)
    env.pop("CLAIMLAB_KEEP_IRI_CHECKS", None)
    kept = {**env, "CLAIMLAB_KEEP_IRI_CHECKS": "1"}
    print(f"import claimlab + altair (kit default)      {import_time('import claimlab, altair', env):6.2f} s")
    print(f"import claimlab + altair (IRI checks kept)  {import_time('import claimlab, altair', kept):6.2f} s")
    print(f"import altair alone                         {import_time('import altair', env):6.2f} s")
    for path in notebooks:
        nb = nbformat.read(path, as_version=4)
        seconds = run_notebook(nb, path.parent)
        print(f"{path.relative_to(REPO)!s:<60} {seconds:6.2f} s")


if __name__ == "__main__":
    main(sys.argv[1:])
