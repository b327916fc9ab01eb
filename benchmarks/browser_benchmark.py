"""Seconds from opening each notebook in JupyterLab to all of its outputs rendered, in Chromium.

    .venv/bin/python benchmarks/browser_benchmark.py [--repeat N] [NOTEBOOK ...]

NOTEBOOK is a path such as notebooks/01-spotting-the-claims.ipynb (default: every notebook in
notebooks/ and solutions/, as tests/test_browser.py opens them). The same machinery as the
browser test (tests/browser/lab.py): JupyterLab from the kit's environment on a loopback port
over a temporary copy of the notebooks, Debian's chromium, Run All, then wait until the kernel
is idle and every output (charts, widgets) has rendered. Prints, per notebook, the seconds from
opening the page to JupyterLab drawn, to the kernel ready, and to all outputs rendered (best of
N runs; each run opens the notebook afresh with a new kernel). No accessibility pass and no screenshots here, so
the numbers are the learner's wait and nothing else. The browser test writes the same numbers
for its own run to test-output/browser-timings.json.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

from browser import lab  # noqa: E402


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", help="paths relative to the repository (default: all)")
    parser.add_argument("--repeat", type=int, default=1, help="runs per notebook; the best is shown")
    args = parser.parse_args(argv)
    paths = args.notebooks or lab.notebooks_to_check()
    if lab.chromium_path() is None:
        print("Debian's chromium is not installed: run python3 scripts/install_browser.py first.")
        return 1
    started = time.perf_counter()
    with lab.LabServer() as server:
        print(f"JupyterLab up in {time.perf_counter() - started:.1f} s (port {server.port})")
        browser = lab.open_browser()
        try:
            print(f"{'notebook':48} {'lab ready s':>11} {'kernel ready s':>14} {'all rendered s':>14} {'median s':>9}  outputs")
            totals = []
            for path in paths:
                runs = []
                for _ in range(args.repeat):
                    report = lab.check_notebook(browser, server, path, screenshot_dir=None, accessibility=False)
                    runs.append(report)
                best = min(runs, key=lambda r: r.seconds_rendered)
                median = statistics.median(r.seconds_rendered for r in runs)
                totals.append(best.seconds_rendered)
                flag = f"  PROBLEMS: {len(best.problems)}" if best.problems else ""
                print(
                    f"{path:48} {best.seconds_lab:11.1f} {best.seconds_open:14.1f} {best.seconds_rendered:14.1f} {median:9.1f}  "
                    f"{best.charts} charts, {best.widgets} widgets, {best.marks} highlights{flag}",
                    flush=True,
                )
            print(f"{'total (best runs)':48} {'':11} {'':14} {sum(totals):14.1f}")
        finally:
            browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
