"""Seconds to execute each notebook, and its ratio to the floor, measured side by side in one run.

    .venv/bin/python benchmarks/notebook_benchmark.py [--rounds N] [--before DIR] [NOTEBOOK ...]

The floor is a kernel that only runs ``import claimlab; claimlab.setup()`` (a lesson cannot be
faster than that). Each round runs the floor, then every notebook twice: once with an empty
chart cache (``CLAIMLAB_CHART_CACHE`` pointed at a new empty folder: every chart is drawn by
vl-convert, as on a learner's first run) and once with a warm one (the folder a first pass
filled: as on every later run, and in `kit.py test` after its first run). Each notebook runs in a
fresh kernel, as nbval runs it. The floor and the notebooks of a round run back to back, so a
busy machine slows them alike; the table gives the median over the rounds, each notebook's
ratio to the median floor, and the load average at the start of each round. Default: the
lessons in notebooks/ (the goal: every lesson within 1.5x the floor), 3 rounds.

With ``--before DIR`` (a copy of the kit as it was before a change, e.g. ``git archive main |
tar -x -C DIR``), each round also runs the floor and every notebook with a warm cache from DIR
(its ``src/`` first on the kernel's PYTHONPATH, its notebooks and data), so the before and after
columns come from the same rounds on the same machine.

Also prints the cost of importing Altair with and without the rfc3987_syntax grammar
(see README.md), each the best of 3 fresh processes.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

REPO = Path(__file__).resolve().parents[1]
FLOOR = "import claimlab\nclaimlab.setup()"
GOAL = 1.5


def load_average() -> str:
    try:
        return " ".join(f"{value:.2f}" for value in os.getloadavg())
    except OSError:
        return "unknown"


def run_notebook(nb: nbformat.NotebookNode, folder: Path, cache: Path, source: Path | None = None) -> float:
    """Seconds to start a fresh kernel and run every cell, with the chart cache in `cache` (and claimlab from `source`)."""
    os.environ["CLAIMLAB_CHART_CACHE"] = str(cache)  # the kernel inherits this process's environment
    os.environ.pop("PYTHONPATH", None)
    if source is not None:
        os.environ["PYTHONPATH"] = str(source / "src")
    start, used = time.perf_counter(), _children_cpu()
    NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(folder)}}).execute()
    CPU.append(_children_cpu() - used)
    return time.perf_counter() - start


CPU: list[float] = []  # CPU seconds of each run's kernel, in the order run_notebook ran them


def _children_cpu() -> float:
    """CPU seconds (user + system) of this process's finished children: a kernel counts once it has exited."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime





def floor_notebook() -> nbformat.NotebookNode:
    return nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(FLOOR)])


def import_time(code: str, env: dict | None = None) -> float:
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True, env=env)
        best = min(best, time.perf_counter() - start)
    return best


def parse(argv: list[str]) -> tuple[int, Path | None, list[Path]]:
    """--rounds N, --before DIR and the notebooks (default: the lessons in notebooks/); --help prints the docstring."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=3, help="rounds to run (default 3); the table gives medians")
    parser.add_argument("--before", type=Path, help="a copy of the kit as it was before a change, run in the same rounds")
    parser.add_argument("notebooks", nargs="*", type=Path, help="notebooks to time (default: notebooks/*.ipynb)")
    args = parser.parse_args(argv)
    paths = [p.resolve() for p in args.notebooks] or sorted((REPO / "notebooks").glob("*.ipynb"))
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        parser.error(f"no such notebook: {', '.join(missing)}")
    if args.before and not args.before.is_dir():
        parser.error(f"--before {args.before}: not a folder (make one with: git archive REV | tar -x -C DIR)")
    return args.rounds, args.before.resolve() if args.before else None, paths


def main(argv: list[str]) -> None:
    rounds, before, paths = parse(argv)
    notebooks = {path: nbformat.read(path, as_version=4) for path in paths}
    old = {path: before / path.relative_to(REPO) for path in paths} if before else {}
    old_notebooks = {path: nbformat.read(old[path], as_version=4) for path in old if old[path].exists()}
    old_floors: list[float] = []
    old_warm: dict[Path, list[float]] = {path: [] for path in old_notebooks}
    cpu: dict[str, list[float]] = {}  # "floor", "warm:PATH", "floor-before", "before:PATH" -> CPU seconds per round
    floors: list[float] = []
    cold: dict[Path, list[float]] = {path: [] for path in paths}
    warm: dict[Path, list[float]] = {path: [] for path in paths}
    loads = []
    with tempfile.TemporaryDirectory() as scratch:
        warm_cache = Path(scratch) / "warm"
        old_cache = Path(scratch) / "warm-before"
        for path, nb in notebooks.items():  # fill the warm cache (not timed)
            run_notebook(nbformat.from_dict(nb), path.parent, warm_cache)
        for path, nb in old_notebooks.items():
            run_notebook(nbformat.from_dict(nb), old[path].parent, old_cache, before)
        for number in range(rounds):
            loads.append(load_average())
            floors.append(run_notebook(floor_notebook(), REPO / "notebooks", Path(scratch) / f"floor-{number}"))
            cpu.setdefault("floor", []).append(CPU[-1])
            for path, nb in notebooks.items():
                empty = Path(scratch) / f"cold-{number}-{path.stem}"
                cold[path].append(run_notebook(nbformat.from_dict(nb), path.parent, empty))
                warm[path].append(run_notebook(nbformat.from_dict(nb), path.parent, warm_cache))
                cpu.setdefault(f"warm:{path}", []).append(CPU[-1])
                if path in old_notebooks:
                    old_warm[path].append(run_notebook(nbformat.from_dict(old_notebooks[path]), old[path].parent,
                                                       old_cache, before))
                    cpu.setdefault(f"before:{path}", []).append(CPU[-1])
            if old_notebooks:
                old_floors.append(run_notebook(floor_notebook(), before / "notebooks", Path(scratch) / f"old-floor-{number}",
                                               before))
                cpu.setdefault("floor-before", []).append(CPU[-1])
    floor = statistics.median(floors)
    print(f"{rounds} rounds; load average (1, 5, 15 min) at the start of each: {'; '.join(loads)}; "
          f"{os.cpu_count()} cores")
    print(f"floor (a kernel that only runs claimlab.setup()): median {floor:.2f} s "
          f"(rounds: {', '.join(f'{s:.2f}' for s in floors)})\n")
    print(f"{'notebook':<44} {'empty cache':>11} {'ratio':>6}   {'warm cache':>10} {'ratio':>6}")
    worst = 0.0
    for path in paths:
        cold_s, warm_s = statistics.median(cold[path]), statistics.median(warm[path])
        worst = max(worst, warm_s / floor)
        print(f"{path.relative_to(REPO)!s:<44} {cold_s:9.2f} s {cold_s / floor:5.2f}x   "
              f"{warm_s:8.2f} s {warm_s / floor:5.2f}x")
    print(f"\nslowest with a warm cache: {worst:.2f}x the floor (goal: at most {GOAL}x)")
    if old_notebooks:
        old_floor = statistics.median(old_floors)
        print(f"\nbefore ({before}), warm cache, same rounds; its floor: median {old_floor:.2f} s")
        print(f"{'notebook':<44} {'before':>10} {'ratio':>6}   {'after':>10} {'ratio':>6}")
        for path in old_notebooks:
            was, now = statistics.median(old_warm[path]), statistics.median(warm[path])
            print(f"{path.relative_to(REPO)!s:<44} {was:8.2f} s {was / old_floor:5.2f}x   {now:8.2f} s {now / floor:5.2f}x")
    # CPU seconds of the kernels: steadier than wall time on a shared machine (other jobs add waiting, not CPU).
    med = {key: statistics.median(values) for key, values in cpu.items()}
    print(f"\nCPU seconds of each kernel (user + system), medians; floor {med['floor']:.2f} s"
          + (f", floor before {med['floor-before']:.2f} s" if "floor-before" in med else ""))
    print(f"{'notebook':<44} {'before':>10} {'ratio':>6}   {'after':>10} {'ratio':>6}")
    for path in paths:
        now = med[f"warm:{path}"]
        was = med.get(f"before:{path}")
        shown = f"{was:8.2f} s {was / med['floor-before']:5.2f}x" if was is not None else f"{'':>10} {'':>6}"
        print(f"{path.relative_to(REPO)!s:<44} {shown}   {now:8.2f} s {now / med['floor']:5.2f}x")
    env = dict(os.environ)
    env.pop("CLAIMLAB_KEEP_IRI_CHECKS", None)
    kept = {**env, "CLAIMLAB_KEEP_IRI_CHECKS": "1"}
    print(f"\nimport claimlab + altair (kit default)      {import_time('import claimlab, altair', env):6.2f} s")
    print(f"import claimlab + altair (IRI checks kept)  {import_time('import claimlab, altair', kept):6.2f} s")
    print(f"import altair alone                         {import_time('import altair', env):6.2f} s")


if __name__ == "__main__":
    main(sys.argv[1:])
