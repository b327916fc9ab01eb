"""Where the browser test's time goes: seconds per step for each notebook in JupyterLab in Chromium.

    .venv/bin/python benchmarks/browser_benchmark.py [--repeat N] [--against REV] [--quick] [NOTEBOOK ...]

NOTEBOOK is a path such as notebooks/01-spotting-the-claims.ipynb (default: every notebook in
notebooks/ and solutions/, as tests/test_browser.py and tests/test_browser_later_lessons.py open them).
The same machinery as the browser tests (tests/browser/lab.py): JupyterLab from the kit's
environment on a loopback port over a temporary copy of the notebooks, Debian's chromium, JupyterLab
loaded once in one page, each notebook opened in it, Run All, and every check the test makes
(axe-core and screenshots too, the screenshots into a temporary folder; ``--quick`` leaves both
out, so the numbers are the learner's wait and nothing else). Prints, per notebook, the seconds of
each step (open: the notebook drawn in the running JupyterLab; kernel: its kernel ready; run: Run
All to every output rendered; inspect, quizzes, cut_off, axe, screenshot: the checks), the best
of N runs, and the total with JupyterLab's own start and load.

``--against REV`` also runs the check as it was at git revision REV (its tests/browser/lab.py,
e.g. ``--against main``) on the same notebooks in the same run, before and after the new one, with
the load average at each start, and prints both totals side by side with their ratio. The browser
tests write the same steps for their own run to test-output/browser-timings.json.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

from browser import lab  # noqa: E402

STEPS = ("open", "kernel", "run", "inspect", "quizzes", "cut_off", "axe", "screenshot")


def _cpu_of_children() -> float:
    """CPU seconds (user + system) of every finished child process: JupyterLab, its kernels, Chromium."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def old_lab(rev: str):
    """tests/browser/lab.py as it was at REV, imported as a module of its own, over this checkout."""
    source = subprocess.run(["git", "show", f"{rev}:tests/browser/lab.py"], cwd=REPO, capture_output=True,
                            text=True, check=True).stdout
    folder = Path(tempfile.mkdtemp(prefix="claimlab-old-lab-"))
    (folder / "old_lab.py").write_text(source)
    spec = importlib.util.spec_from_file_location("old_lab", folder / "old_lab.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["old_lab"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    module.HERE, module.REPO = lab.HERE, REPO  # copy this checkout's notebooks and fixtures
    module.AXE_JS = lab.AXE_JS
    return module


def run_old(module, paths: list[str], quick: bool) -> float:
    """Seconds for the old check on every notebook (one page, and JupyterLab loaded, per notebook)."""
    shots = None if quick else Path(tempfile.mkdtemp(prefix="claimlab-old-shots-"))
    started = time.perf_counter()
    with module.LabServer() as server:
        browser = module.open_browser()
        try:
            for path in paths:
                report = module.check_notebook(browser, server, path, screenshot_dir=shots, accessibility=not quick)
                flag = f"  PROBLEMS: {len(report.problems)}" if report.problems else ""
                print(f"  old {path:46} {report.seconds_rendered:6.1f} s to rendered; {report.charts} charts, "
                      f"{report.widgets} widgets, {report.quizzes_answered} quizzes, {report.marks} highlights{flag}",
                      flush=True)
        finally:
            browser.close()
    return time.perf_counter() - started


def run_new(paths: list[str], repeat: int, quick: bool) -> float:
    """Seconds for the new check on every notebook, with a table of its steps."""
    shots = None if quick else Path(tempfile.mkdtemp(prefix="claimlab-new-shots-"))
    started = time.perf_counter()
    with lab.LabServer() as server:
        print(f"  JupyterLab up in {time.perf_counter() - started:.1f} s (port {server.port})")
        browser = lab.open_browser()
        try:
            with lab.LabPage(browser, server) as page:
                print(f"  JupyterLab loaded in the page in {page.seconds_load:.1f} s")
                print(f"  {'notebook':44}" + "".join(f"{s:>8}" for s in STEPS) + f"{'total':>8}  outputs")
                sums = dict.fromkeys(STEPS, 0.0)
                for i, path in enumerate(paths):
                    runs = []
                    for n in range(repeat):
                        upcoming = path if n < repeat - 1 else (paths[i + 1] if i + 1 < len(paths) else None)
                        runs.append(lab.check_notebook(page, path, screenshot_dir=shots, accessibility=not quick,
                                                       upcoming=upcoming))
                    best = min(runs, key=lambda r: sum(r.phases.values()))
                    for step in STEPS:
                        sums[step] += best.phases.get(step, 0.0)
                    flag = f"  PROBLEMS: {len(best.problems)}" if best.problems else ""
                    print(f"  {path:44}" + "".join(f"{best.phases.get(s, 0.0):8.2f}" for s in STEPS)
                          + f"{sum(best.phases.values()):8.1f}  {best.charts} charts, {best.widgets} widgets, "
                          f"{best.quizzes_answered} quizzes, {best.marks} highlights{flag}", flush=True)
                print(f"  {'sum of steps':44}" + "".join(f"{sums[s]:8.1f}" for s in STEPS) + f"{sum(sums.values()):8.1f}")
        finally:
            browser.close()
    return time.perf_counter() - started


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", help="paths relative to the repository (default: all)")
    parser.add_argument("--repeat", type=int, default=1, help="runs per notebook (new check); the best is shown")
    parser.add_argument("--against", metavar="REV", help="also time the check as it was at this git revision")
    parser.add_argument("--sandwich", action="store_true", help="with --against: old, new, old (the load drifts)")
    parser.add_argument("--quick", action="store_true", help="no axe-core pass and no screenshots")
    args = parser.parse_args(argv)
    paths = args.notebooks or lab.notebooks_to_check()
    if lab.chromium_path() is None:
        print("Debian's chromium is not installed: run python3 scripts/install_browser.py first.")
        return 1
    old = old_lab(args.against) if args.against else None
    totals: dict[str, list[float]] = {"old": [], "new": []}
    cpus: dict[str, list[float]] = {"old": [], "new": []}
    rounds = (["old", "new", "old"] if args.sandwich else ["old", "new"]) if old else ["new"]
    for name in rounds:
        print(f"{name} check ({args.against if name == 'old' else 'this checkout'}), load average {_load()}:", flush=True)
        cpu = _cpu_of_children() + time.process_time()
        seconds = run_old(old, paths, args.quick) if name == "old" else run_new(paths, args.repeat, args.quick)
        cpu = _cpu_of_children() + time.process_time() - cpu
        totals[name].append(seconds)
        cpus[name].append(cpu)
        print(f"  {name}: {seconds:.1f} s in all (server start, browser, every notebook), {cpu:.1f} CPU s "
              f"(this process, JupyterLab, kernels, Chromium); load average now {_load()}")
    if old:
        mean_old = sum(totals["old"]) / len(totals["old"])
        print(f"\n{len(paths)} notebooks: old {' / '.join(f'{s:.1f}' for s in totals['old'])} s (mean {mean_old:.1f}), "
              f"new {totals['new'][0]:.1f} s: new / old = {totals['new'][0] / mean_old:.2f}")
        mean_cpu = sum(cpus["old"]) / len(cpus["old"])
        print(f"CPU seconds: old {' / '.join(f'{s:.1f}' for s in cpus['old'])} (mean {mean_cpu:.1f}), "
              f"new {cpus['new'][0]:.1f}: new / old = {cpus['new'][0] / mean_cpu:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
