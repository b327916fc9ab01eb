"""Prove the browser checks can fail: run them on a notebook built to break each one.

    .venv/bin/python tests/browser/check_the_checks.py new browser-fixtures/mutants.ipynb [NOTEBOOK ...]
    .venv/bin/python tests/browser/check_the_checks.py REV browser-fixtures/mutants.ipynb

``new`` runs this checkout's check (tests/browser/lab.py); a git revision such as ``main`` runs the
check as it was there (through benchmarks/browser_benchmark.py's loader), so both can be compared.
browser-fixtures/mutants.ipynb is written into the lab's copy here: a Check button whose quiz
never answers, a button cut off at 1024 px only, a button with no accessible name (axe), stored
outputs promising a chart, a widget and highlights the code does not make, a cell raising, and a
cell after it. Each must be reported. Other NOTEBOOKs (e.g. notebooks/01-spotting-the-claims.ipynb
after breaking src/claimlab/quizzes.py's feedback) are checked as they are. Not a test: a slow
proof, run by hand when the checks change.
"""
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tests"))
sys.path.insert(0, str(REPO / "benchmarks"))
import nbformat
from nbformat.v4 import new_notebook, new_code_cell, new_output
from browser import lab

def mutant() -> nbformat.NotebookNode:
    nb = new_notebook(metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}})
    cells = [
        new_code_cell("import claimlab\nclaimlab.setup()"),
        # cut off only at 1024 px: a button half the output's width with a long description
        new_code_cell("import ipywidgets as w\nw.Button(description='Check the claim against the regulator s position now', layout=w.Layout(width='45%'))"),
        # axe: a button with no accessible name (button-name, critical)
        new_code_cell("w.HTML('<button></button>')"),
        # stored outputs promise a chart, a widget and a highlighted article this code does not make
        new_code_cell("print('no chart')", outputs=[new_output("display_data", data={"image/svg+xml": "<svg></svg>", "text/plain": "chart"})]),
        new_code_cell("print('no widget')", outputs=[new_output("display_data", data={"application/vnd.jupyter.widget-view+json": {"model_id": "x", "version_major": 2, "version_minor": 0}, "text/plain": "w"})]),
        new_code_cell("from IPython.display import HTML\nHTML('<div class=\"cl-highlighted\"><div class=\"cl-article\">no marks</div></div>')", outputs=[new_output("display_data", data={"text/html": '<div class="cl-highlighted"><mark>a</mark></div>', "text/plain": "h"})]),
        new_code_cell("raise ValueError('a broken cell')"),
        new_code_cell("print('never runs')"),
    ]
    nb.cells = cells
    return nb

def main():
    which = sys.argv[1]
    paths = sys.argv[2:]
    with lab.LabServer() as server:
        folder = server.root / "browser-fixtures"
        nbformat.write(mutant(), folder / "mutants.ipynb")
        b = lab.open_browser()
        shots = Path(tempfile.mkdtemp())
        try:
            if which == "new":
                with lab.LabPage(b, server) as page:
                    for p in paths:
                        r = lab.check_notebook(page, p, screenshot_dir=shots)
                        print(f"NEW {p}: {len(r.problems)} problems, quizzes {r.quizzes_answered}, marks {r.marks}")
                        for x in r.problems: print("   -", x[:230])
            else:
                import browser_benchmark
                old = browser_benchmark.old_lab(which)
                for p in paths:
                    r = old.check_notebook(b, server, p, screenshot_dir=shots)
                    print(f"OLD {p}: {len(r.problems)} problems, quizzes {r.quizzes_answered}, marks {r.marks}")
                    for x in r.problems: print("   -", x[:230])
        finally:
            b.close()
if __name__ == "__main__":
    main()
